import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Scope, Unit } from '../analytics/figures.ts';
import { cellText, csvField, excelDate, excelLocalTime, FORMATS } from './cells.ts';
import type { ReportDeps } from './deps.ts';
import { startViolations, type ListedDocument } from './inspection-data.ts';
import { peopleHeader, peopleLine, type PeopleColumn } from './people-csv.ts';
import { sourceLabel, systemNames } from './source-label.ts';
import { DIRECTIONS, periodName, REASONS, viDate } from './vi-text.ts';
import { DateCell, SharedText, XlsxWriter, type FastCell } from './xlsx-fast.ts';
import { banner, BORDER, CENTER, FILLS, font, put, sheetOptions } from './xlsx-layout.ts';

/**
 * A unit's violating documents to download in full (GET /api/violations.csv|xlsx): every
 * document /api/violations pages through, streamed from the database a chunk at a time
 * (inspection-violations.sql, the work list's query), in its order (by time). For people:
 * Vietnamese headers, local dates and times, the source as "hệ thống · tệp · dòng" and no
 * internal URL; `?columns=machine` gives systems the API's names.
 */

export interface ViolationsRequest {
  unit: Unit;
  scope: Scope;
  /**
   * the part of the period the unit's documents are listed for (Figures.unitScope): the
   * period, or up to the last day of a unit that ended within it; null when it ended before
   */
  listed: Scope | null;
  /** only documents with this reason */
  reason: string | null;
}

type Doc = ListedDocument;
const reasonsOf = (d: Doc) => d[9].split(',');

function people(systemName: (id: string | null) => string): PeopleColumn<Doc>[] {
  return [
    { label: 'Mã đơn vị', type: 'text', value: (d) => d[0] },
    { label: 'Số, ký hiệu', type: 'text', value: (d) => d[3] },
    { label: 'Ngày văn bản', type: 'date', value: (d) => d[5] },
    { label: 'Loại văn bản', type: 'text', value: (d) => d[4] },
    { label: 'Đi/Đến', type: 'text', value: (d) => DIRECTIONS[d[2]] ?? d[2] },
    { label: 'Thời gian gửi/nhận', type: 'datetime', value: (d) => d[14] },
    { label: 'Hạn xử lý', type: 'date', value: (d) => d[7] },
    { label: 'Hoàn thành lúc', type: 'datetime', value: (d) => d[8] },
    { label: 'Lý do', type: 'text', value: (d) => reasonsOf(d).map((r) => REASONS[r] ?? r).join('; ') },
    { label: 'Ghi chú dữ liệu', type: 'text', value: (d) => d[12] },
    { label: 'Nguồn (hệ thống · tệp · dòng)', type: 'text', value: (d) => sourceLabel(systemName(d[13]), d[10], d[11]) },
    { label: 'Mã văn bản trên hệ thống', type: 'text', value: (d) => d[1] },
  ];
}

/** the API's names, for systems (`?columns=machine`): as /api/violations gives them */
const MACHINE: [string, (d: Doc) => string | number | null][] = [
  ['unit_code', (d) => d[0]], ['doc_id', (d) => d[1]], ['direction', (d) => d[2]], ['number', (d) => d[3]], ['doc_type', (d) => d[4]],
  ['doc_date', (d) => d[5]], ['event_time', (d) => d[14]], ['event_date', (d) => d[6]], ['deadline', (d) => d[7]], ['completed_time', (d) => d[8]],
  ['reasons', (d) => d[9]], ['notes', (d) => d[12]], ['source_id', (d) => d[13]], ['file', (d) => d[10]], ['row_no', (d) => d[11]],
];

/**
 * The documents the unit's figures count, on the map of the period's last day (issue 17;
 * inspection-violations.sql): a document carrying another code under the unit, with a note.
 */
function listedViolations(deps: ReportDeps, req: ViolationsRequest) {
  return req.listed === null
    ? startViolations(deps.ctx, [], req.scope, deps.figures.office)
    : startViolations(deps.ctx, [req.unit.code], req.listed, deps.figures.office);
}

/** Streams the CSV into `out` (ended when done); resolves with the number of documents. */
export async function writeViolationsCsv(deps: ReportDeps, req: ViolationsRequest, columns: 'people' | 'machine', out: Writable): Promise<number> {
  const cols = people(systemNames(deps.sources ?? deps.settings.sources));
  const stream = listedViolations(deps, req);
  let n = 0;
  try {
    const write = async (s: string) => {
      if (out.destroyed) throw new Error('the download was closed');
      // the client reads slowly: wait until it has taken what is buffered, or went away
      if (!out.write(s)) {
        const ac = new AbortController();
        try {
          await Promise.race([
            once(out, 'drain', { signal: ac.signal }),
            once(out, 'close', { signal: ac.signal }).then(() => { throw new Error('the download was closed'); }),
          ]);
        } finally {
          ac.abort();
        }
      }
    };
    await write(columns === 'machine' ? `\uFEFF${MACHINE.map(([k]) => k).join(',')}\r\n` : peopleHeader(cols));
    await stream.forEach(async (docs) => {
      let s = '';
      for (const d of docs) {
        if (req.reason !== null && !reasonsOf(d).includes(req.reason)) continue;
        n++;
        s += columns === 'machine' ? `${MACHINE.map(([, v]) => csvField(v(d))).join(',')}\r\n` : peopleLine(cols, d);
      }
      if (s) await write(s);
    });
  } finally {
    await stream.close();
  }
  out.end();
  return n;
}

const COLUMNS: { header: string; width: number; numFmt?: string }[] = [
  { header: 'STT', width: 6, numFmt: '0' },
  { header: 'Số, ký hiệu', width: 16 },
  { header: 'Ngày văn bản', width: 11, numFmt: FORMATS.date },
  { header: 'Loại văn bản', width: 13 },
  { header: 'Đi/Đến', width: 6 },
  { header: 'Thời gian gửi/nhận', width: 15, numFmt: FORMATS.dateTime },
  { header: 'Hạn xử lý', width: 11, numFmt: FORMATS.date },
  { header: 'Hoàn thành lúc', width: 15, numFmt: FORMATS.dateTime },
  { header: 'Lý do', width: 28 },
  { header: 'Ghi chú dữ liệu', width: 24 },
  { header: 'Nguồn (hệ thống · tệp · dòng)', width: 30 },
  { header: 'Mã văn bản trên hệ thống', width: 16 },
];

/** Streams the workbook into `out`: a title, the header row (filter, frozen), a row per document. */
export async function writeViolationsXlsx(deps: ReportDeps, req: ViolationsRequest, out: Writable): Promise<number> {
  const systemName = systemNames(deps.sources ?? deps.settings.sources);
  const stream = listedViolations(deps, req);
  try {
    const now = (deps.now ?? (() => new Date()))();
    const wb = new XlsxWriter(out, { creator: 'Directive 15 monitor', created: now });
    const HEAD = 3;
    const ws = wb.addWorksheet('Văn bản chưa đạt', sheetOptions(`${HEAD}:${HEAD}`, HEAD));
    const styles: Partial<ExcelJS.Style>[] = COLUMNS.map((c) => ({
      font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    }));
    ws.columns = COLUMNS.map((c, i) => ({ width: c.width, style: styles[i]! }));
    const reason = req.reason ? ` — ${REASONS[req.reason] ?? req.reason}` : '';
    banner(ws, 1, 1, COLUMNS.length, `VĂN BẢN CHƯA ĐẠT — ${req.unit.name} (mã ${req.unit.code}) — ${periodName(req.scope.period)}${reason}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
    banner(ws, 2, 1, COLUMNS.length, `Số liệu tính đến hết ngày ${viDate(req.scope.asOf)}. Thời gian theo giờ Việt Nam.`, { italic: true });
    ws.getRow(1).commit();
    ws.getRow(2).commit();
    const head = ws.getRow(HEAD);
    COLUMNS.forEach((c, i) => put(head, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
    head.height = 30;
    head.commit();
    ws.autoFilter = { from: { row: HEAD, column: 1 }, to: { row: HEAD, column: COLUMNS.length } };
    const rows = wb.rows(ws, styles, HEAD + 1);
    const values: FastCell[] = new Array<FastCell>(COLUMNS.length).fill(null);
    const date = (s: string | null) => { const d = excelDate(s); return d ? new DateCell(d) : null; };
    const time = (s: string | null) => { const d = excelLocalTime(s); return d ? new DateCell(d) : null; };
    const out_ = new SharedText('Đi');
    const in_ = new SharedText('Đến');
    let n = 0;
    await stream.forEach(async (docs) => {
      for (const d of docs) {
        if (req.reason !== null && !reasonsOf(d).includes(req.reason)) continue;
        values[0] = ++n;
        values[1] = cellText(d[3]);
        values[2] = date(d[5]);
        values[3] = cellText(d[4]);
        values[4] = d[2] === 'out' ? out_ : in_;
        values[5] = time(d[14]);
        values[6] = date(d[7]);
        values[7] = time(d[8]);
        values[8] = reasonsOf(d).map((r) => REASONS[r] ?? r).join('; ');
        values[9] = cellText(d[12]);
        values[10] = cellText(sourceLabel(systemName(d[13]), d[10], d[11]));
        values[11] = cellText(d[1]);
        rows.write(values);
      }
      await rows.pause();
    });
    rows.finish();
    const total = ws.getRow(rows.nextRow);
    total.getCell(2).value = `Tổng số: ${n} văn bản`;
    total.getCell(2).font = font({ size: 10, bold: true });
    total.commit();
    ws.commit();
    await wb.commit();
    return n;
  } finally {
    await stream.close();
  }
}
