import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Scope } from '../analytics/figures.ts';
import { cellText, excelDate, excelLocalTime, FORMATS } from './cells.ts';
import { definitions } from './definitions.ts';
import type { ReportDeps } from './deps.ts';
import { dataFreshness, lastUpdate } from './freshness.ts';
import type { PriorityRow } from '../analytics/figures.ts';
import { SourceCells, systemNames } from './source-label.ts';
import { belowTarget, reasonCounts, startViolations, summaryRows, teamCompleteness, teamPriority, teamScope, type SummaryKind, type SummaryRow, type TeamId, type ListedDocument, type TeamScope, type ViolationStream } from './inspection-data.ts';
import { completenessWords, periodName, viDate, viDateTime } from './vi-text.ts';
import { ExcelJsBook } from './xlsx-fast-exceljs.ts';
import { DateCell, SharedText, XlsxWriter, type FastCell, type RowWriter, type XlsxBook, type XlsxSheet } from './xlsx-fast.ts';
import { banner, BORDER, CENTER, documentHeader, FILLS, font, linesOf, Looks, put, sheetOptions, writeDefinitions } from './xlsx-layout.ts';

/**
 * An inspection team's workbook: cover, summary of its units, the work list of documents
 * to check on site, definitions. Written with the project's own streaming SpreadsheetML
 * writer (xlsx-fast.ts; ExcelJS's public streaming API is several times slower for a big
 * work list, README, Performance): each sheet is committed before the next, and the work
 * list's rows are written as they come from the database, so a list of 100,000 documents
 * is never held in memory. The work list's query runs while the figures are fetched and
 * the first sheets written. The layout is written against XlsxBook, so ExcelJS's writer
 * can write the same workbook (the tests' reference, the benchmark's other candidate).
 */

export const INSPECTION_SHEETS = { cover: 'Bìa', summary: 'Tổng hợp', work: 'Danh sách kiểm tra', definitions: 'Định nghĩa' } as const;

export interface InspectionRequest {
  team: TeamId;
  scope: Scope;
  /** told as each part is done: figures, cover, summary, work list query (its first documents are in), work list, file */
  onProgress?: (message: string) => void;
  /** who writes the file: xlsx-fast.ts (the default), or ExcelJS's public streaming API (the tests' reference, the benchmark's other candidate) */
  writer?: 'xlsx-fast' | 'exceljs';
}

export interface InspectionResult {
  team: TeamId;
  units: number;
  violations: number;
}

export const SUMMARY_COLUMNS = [
  { key: 'stt', header: 'STT', width: 5 },
  { key: 'code', header: 'Mã', width: 7 },
  { key: 'name', header: 'Đơn vị', width: 30 },
  { key: 'scope', header: 'Phạm vi', width: 12 },
  { key: 'out_total', header: 'Văn bản đi', width: 9, numFmt: FORMATS.count },
  { key: 'out_electronic', header: 'Gửi điện tử', width: 9, numFmt: FORMATS.count },
  { key: 'sent_electronic_rate', header: 'Tỷ lệ gửi điện tử', width: 9, numFmt: FORMATS.rate },
  { key: 'out_signed', header: 'Ký số', width: 9, numFmt: FORMATS.count },
  { key: 'signed_rate', header: 'Tỷ lệ ký số', width: 9, numFmt: FORMATS.rate },
  { key: 'in_on_time', header: 'Văn bản đến đúng hạn', width: 9, numFmt: FORMATS.count },
  { key: 'in_late', header: 'Văn bản đến trễ hạn', width: 9, numFmt: FORMATS.count },
  { key: 'in_pending', header: 'Đang xử lý (chưa đến hạn)', width: 9, numFmt: FORMATS.count },
  { key: 'on_time_rate', header: 'Tỷ lệ đúng hạn', width: 9, numFmt: FORMATS.rate },
  { key: 'units_without_data', header: 'Đơn vị chưa có dữ liệu', width: 9, numFmt: FORMATS.count },
  { key: 'quarantined_rows', header: 'Văn bản lỗi chưa xử lý', width: 9, numFmt: FORMATS.count },
  { key: 'score', header: 'Điểm', width: 8, numFmt: FORMATS.score },
  { key: 'rank', header: 'Xếp hạng', width: 7, numFmt: '0' },
  { key: 'peers', header: 'Xếp hạng trong nhóm', width: 34 },
  { key: 'assessment', header: 'Đánh giá', width: 15 },
] as const;

/**
 * The work list's columns. Printed on A4 landscape, one page wide, a document takes one line:
 * the unit's name and the source are not wrapped (cut at the cell's edge on paper, whole in
 * the cell), the reasons are short. `wrap: false` marks the columns that never wrap. Two
 * hidden columns hold the full location of the document's row (the file, or the export's
 * URL as the run log records it, and the row): in the workbook, not on paper.
 */
export const WORK_COLUMNS = [
  { key: 'stt', header: 'STT', width: 5, numFmt: '0' },
  { key: 'unit_code', header: 'Mã đơn vị', width: 7, wrap: false },
  { key: 'unit_name', header: 'Đơn vị', width: 18, wrap: false },
  { key: 'number', header: 'Số, ký hiệu', width: 14 },
  { key: 'doc_date', header: 'Ngày văn bản', width: 10, numFmt: FORMATS.date },
  { key: 'doc_type', header: 'Loại văn bản', width: 11 },
  { key: 'direction', header: 'Đi/ Đến', width: 5 },
  { key: 'event_date', header: 'Ngày gửi/ nhận', width: 10, numFmt: FORMATS.date },
  { key: 'deadline', header: 'Hạn xử lý', width: 10, numFmt: FORMATS.date },
  { key: 'completed', header: 'Hoàn thành lúc', width: 14, numFmt: FORMATS.dateTime },
  { key: 'reasons', header: 'Lý do', width: 23 },
  // what the load decided about an empty value (e.g. "Ký số" empty: counted as not signed)
  { key: 'data_notes', header: 'Ghi chú dữ liệu', width: 18 },
  { key: 'source', header: 'Nguồn (hệ thống · tệp · dòng)', width: 26, wrap: false },
  // hidden: the full location, in the workbook and not on paper (a hidden cell's text does
  // not run over into the next column, which always has a value)
  { key: 'file', header: 'Tệp dữ liệu (đầy đủ)', width: 60, wrap: false, hidden: true },
  { key: 'row_no', header: 'Dòng trong tệp', width: 8, numFmt: '0', hidden: true },
  { key: 'doc_id', header: 'Mã văn bản trên hệ thống', width: 15, wrap: false },
  { key: 'finding', header: 'Kết quả kiểm tra thực tế', width: 20, finding: true },
  { key: 'cause', header: 'Nguyên nhân', width: 14, finding: true },
  { key: 'remedy', header: 'Biện pháp khắc phục', width: 14, finding: true },
  { key: 'note', header: 'Ghi chú', width: 9, finding: true },
] as const;

/** the reasons as the work list words them: short, so that a document stays on one printed line */
export const WORK_REASONS: Record<string, string> = {
  not_electronic: 'Không gửi điện tử',
  not_signed: 'Không ký số',
  late: 'Xử lý trễ hạn',
  paper_to_office: 'Gửi giấy đến VP UBND tỉnh',
};

/** the row of the work list's column headers; documents start on the next row */
export const WORK_HEADER_ROW = 3;
export const SUMMARY_HEADER_ROW = 4;

/** work-list rows written between two turns of the event loop (about 80 KB of XML) */
const SLICE = 128;

const SCOPE_LABELS: Record<SummaryKind, string> = {
  body: 'Cấp tỉnh',
  district_area: 'Toàn huyện',
  district_office: 'UBND cấp huyện',
  commune: 'Cấp xã',
};

export async function writeInspectionXlsx(deps: ReportDeps, req: InspectionRequest, out: Writable): Promise<InspectionResult> {
  const now = (deps.now ?? (() => new Date()))();
  // the team's units on the map its figures are pooled on (the period's last day), as assigned then
  const team = await teamScope(deps.figures, deps.settings, req.team, req.scope.period.to);
  // the summary's figures are fetched while DuckDB orders the units (the priority's query),
  // which the work list's query needs first
  const figures = Promise.all([summaryRows(deps.figures, team, req.scope), dataFreshness(deps)]);
  // a failure is thrown where they are awaited (or the priority's, if that fails first)
  figures.catch(() => undefined);
  // the work list lists the units in the order to check them (the team page's order)
  const order = await teamPriority(deps, team, req.scope);
  // then the work list's query: DuckDB finds and sorts the documents in its own threads
  // while the figures are fetched and the cover and summary written
  const violations = startViolations(deps.ctx, order.map((u) => u.code), req.scope, deps.figures.office);
  try {
    const meta = { creator: 'Directive 15 monitor', created: now };
    return req.writer === 'exceljs'
      ? await writeWorkbook(new ExcelJsBook(out, meta), deps, req, now, team, order, figures, violations)
      : await writeWorkbook(new XlsxWriter(out, meta), deps, req, now, team, order, figures, violations);
  } finally {
    await violations.close();
  }
}

async function writeWorkbook<S extends XlsxSheet>(wb: XlsxBook<S>, deps: ReportDeps, req: InspectionRequest, now: Date, team: TeamScope, order: readonly PriorityRow[],
  figures: Promise<[SummaryRow[], Awaited<ReturnType<typeof dataFreshness>>]>, violations: ViolationStream): Promise<InspectionResult> {
  const progress = (message: string) => req.onProgress?.(message);
  const [rows, sources] = await figures;
  const counts = reasonCounts(rows);
  const completeness = teamCompleteness(rows);
  // a code by its name on the period's map (a 2025 commune reusing an old commune's code goes by its new name)
  const unitNames = new Map([...(await deps.figures.units()), ...(await deps.figures.unitsAt(req.scope.period.to))].map((u) => [u.code, u.name]));
  const title = `${team.name} — ${periodName(req.scope.period)}`;


  progress('figures');
  // 1. Cover
  const cover = wb.addWorksheet(INSPECTION_SHEETS.cover, sheetOptions());
  cover.columns = [{ width: 30 }, { width: 30 }, { width: 30 }, { width: 40 }];
  const issuer = team.id === 'all' ? 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG' : team.name.toLocaleUpperCase('vi');
  documentHeader(cover, [1, 2], [3, 4], 'UBND TỈNH THANH HÓA', issuer);
  banner(cover, 5, 1, 4, 'SỐ LIỆU PHỤC VỤ KIỂM TRA', { bold: true, size: 14 });
  banner(cover, 6, 1, 4, 'Việc gửi, nhận văn bản điện tử, ký số và xử lý văn bản đúng hạn theo Chỉ thị số 15/CT-UBND ngày 18/5/2020 của Chủ tịch UBND tỉnh', { italic: true, size: 12 });
  cover.getRow(6).height = 32;
  const nCommunes = [...team.communes.values()].reduce((n, c) => n + c.length, 0);
  const sourceLines = sources.length === 0
    ? 'Chưa có nguồn dữ liệu nào được nạp.'
    : sources.map((s) => `${s.id}: ${s.last_success_at ? `cập nhật ${viDateTime(s.last_success_at)}` : 'chưa nạp thành công'}${s.stale ? ' — QUÁ HẠN CẬP NHẬT' : ''}`).join('\n');
  const last = lastUpdate(sources);
  const facts: [string, string][] = [
    ['Tổ công tác', team.name],
    [team.id === 'all' ? 'Đơn vị lập' : 'Tổ trưởng', team.lead],
    ['Kỳ kiểm tra', `${periodName(req.scope.period)} (từ ${viDate(req.scope.period.from)} đến ${viDate(req.scope.period.to)})`],
    ['Số liệu tính đến hết ngày', viDate(req.scope.asOf)],
    ['Dữ liệu cập nhật lần cuối', last ? viDateTime(last) : 'Chưa có dữ liệu'],
    ['Nguồn dữ liệu', sourceLines],
    ['Đơn vị thuộc phạm vi', team.districts.length === 0 && team.ownCommunes.length > 0
      ? `${team.bodies.length} sở, ban, ngành; ${team.ownCommunes.length} xã, phường (từ ngày 01/07/2025 không còn cấp huyện)`
      : `${team.bodies.length} sở, ban, ngành; ${team.districts.length} huyện, thị xã, thành phố (gồm UBND cấp huyện và ${nCommunes} xã, phường, thị trấn)${team.ownCommunes.length > 0 ? `; ${team.ownCommunes.length} xã, phường không thuộc huyện` : ''}`],
    ['Mức đầy đủ dữ liệu', completeness.units_without_data + completeness.quarantined_rows === 0
      ? 'Đủ dữ liệu: mọi đơn vị đã đến mốc áp dụng đều có dữ liệu trong kỳ, không còn văn bản lỗi chưa xử lý.'
      : `CHƯA ĐỦ DỮ LIỆU: ${completenessWords(completeness.units_without_data, completeness.quarantined_rows)}. Số liệu của các đơn vị này có thể chưa phản ánh đầy đủ (chi tiết từng đơn vị tại trang "${INSPECTION_SHEETS.summary}"; văn bản lỗi do đơn vị xuất dữ liệu sai, cần đơn vị xuất lại).`],
    ['Văn bản cần kiểm tra', `Không gửi điện tử: ${counts.not_electronic}; không ký số: ${counts.not_signed}; xử lý trễ hạn: ${counts.late}${counts.paper_to_office ? `; gửi văn bản giấy đến Văn phòng UBND tỉnh: ${counts.paper_to_office}` : ''} (chi tiết tại trang "${INSPECTION_SHEETS.work}")`],
    ['Thời điểm lập', viDateTime(now.toISOString())],
  ];
  facts.forEach(([k, v], i) => {
    const r = 8 + i;
    cover.mergeCells(r, 2, r, 4);
    const row = cover.getRow(r);
    put(row, 1, k, { font: { bold: true }, border: true, alignment: { vertical: 'top', wrapText: true } });
    put(row, 2, v, { border: true, alignment: { vertical: 'top', wrapText: true } });
    row.height = 16 * Math.max(v.split('\n').length, Math.ceil(v.length / 95));
  });
  cover.commit();

  progress('cover');
  // 2. Summary
  const summary = wb.addWorksheet(INSPECTION_SHEETS.summary, sheetOptions(`${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}`, SUMMARY_HEADER_ROW));
  summary.columns = SUMMARY_COLUMNS.map((c) => ({ width: c.width }));
  const lastCol = SUMMARY_COLUMNS.length;
  banner(summary, 1, 1, lastCol, `TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ — ${title}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  banner(summary, 2, 1, lastCol, `Số liệu tính đến hết ngày ${viDate(req.scope.asOf)}. Đơn vị có tỷ lệ dưới 100% được tô màu. "—": không có số liệu.`, { italic: true });
  const head = summary.getRow(SUMMARY_HEADER_ROW);
  SUMMARY_COLUMNS.forEach((c, i) => put(head, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  head.height = 45;
  writeSummary(wb, summary, rows, SUMMARY_HEADER_ROW + 1);
  summary.commit();

  progress('summary');
  // 3. Work list, streamed: the units in priority order, each under a heading, from a new page
  const work = wb.addWorksheet(INSPECTION_SHEETS.work, sheetOptions(`${WORK_HEADER_ROW}:${WORK_HEADER_ROW}`, WORK_HEADER_ROW));
  // one style object per column, shared by all its cells: the writer (and ExcelJS) recognise
  // a style object they have seen and give its id without working it out again
  const styles: Partial<ExcelJS.Style>[] = WORK_COLUMNS.map((c) => ({
    font: font({ size: 10 }),
    border: BORDER,
    // long text wraps rather than being cut off on paper, except where one line is enough
    alignment: 'numFmt' in c || 'wrap' in c ? { vertical: 'top' } : { vertical: 'top', wrapText: true },
    ...('numFmt' in c ? { numFmt: c.numFmt } : {}),
    ...('finding' in c ? { fill: FILLS.finding } : {}),
  }));
  work.columns = WORK_COLUMNS.map((c, i) => ({ key: c.key, width: c.width, style: styles[i]!, ...('hidden' in c ? { hidden: true } : {}) }));
  const workLast = WORK_COLUMNS.length;
  banner(work, 1, 1, workLast, `DANH SÁCH VĂN BẢN CẦN KIỂM TRA — ${title}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  banner(work, 2, 1, workLast, `Số liệu tính đến hết ngày ${viDate(req.scope.asOf)}. Mỗi đơn vị bắt đầu một trang, theo thứ tự ưu tiên kiểm tra. Các cột tô màu để tổ công tác ghi kết quả kiểm tra tại đơn vị.`, { italic: true });
  work.getRow(1).commit();
  work.getRow(2).commit();
  const workHead = work.getRow(WORK_HEADER_ROW);
  WORK_COLUMNS.forEach((c, i) => put(workHead, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  workHead.height = 40;
  workHead.commit();
  work.autoFilter = { from: { row: WORK_HEADER_ROW, column: 1 }, to: { row: WORK_HEADER_ROW, column: workLast } };

  // the documents' rows go straight into the sheet (see xlsx-fast.ts), a chunk of the
  // query at a time; the total line after them is an ordinary row again
  const list = wb.rows(work, styles, WORK_HEADER_ROW + 1);
  const cells = new ViolationCells(unitNames, systemNames(deps.sources ?? deps.settings.sources));
  // a unit's heading: its name and code, its place in the priority order
  const priorityOf = new Map(order.map((u) => [u.code, u]));
  const headingEdge: Partial<ExcelJS.Borders> = { top: BORDER.top!, bottom: BORDER.bottom! };
  const headingStyles: Partial<ExcelJS.Style>[] = WORK_COLUMNS.map((_, i) => ({
    font: font({ size: 11, bold: i === 0 }),
    border: headingEdge,
    fill: FILLS.section,
    alignment: { vertical: 'middle' },
  }));
  const heading: FastCell[] = new Array<FastCell>(workLast).fill(null);
  let unit: string | null = null;
  let n = 0;
  let first = true;
  await violations.forEach(async (chunk) => {
    if (first) {
      progress('work list query');
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const d = chunk[i]!;
      // under the unit whose violation it is: paper_to_office is at the office, under its sender
      if (d[15] !== unit) {
        // each unit from a new page (printed with the column headers above it)
        if (unit !== null) wb.pageBreakAfter(work, list.nextRow - 1);
        unit = d[15];
        const p = priorityOf.get(unit);
        heading[0] = cellText(`${unitNames.get(unit) ?? unit} (mã ${unit})${p ? ` — thứ tự ưu tiên ${p.priority}${p.needs_check ? ', cần kiểm tra' : ''}` : ''}`);
        list.write(heading, 18, headingStyles);
      }
      const lines = cells.of(++n, d);
      // wrapped text needs a row height: Excel and LibreOffice keep a library's row heights as written
      list.write(cells.values, lines > 1 ? 13 * lines : undefined);
      // let the zip compress as it goes (not all at the end, and not all held in memory)
      if (i % SLICE === SLICE - 1) await list.pause();
    }
  });
  list.finish();
  progress('work list');
  const total = work.getRow(list.nextRow);
  total.getCell(1).value = null;
  total.getCell(3).value = `Tổng số: ${n} văn bản`;
  total.getCell(3).font = font({ size: 10, bold: true });
  total.commit();
  work.commit();

  // 4. Definitions
  writeDefinitions(wb.addWorksheet(INSPECTION_SHEETS.definitions, sheetOptions()), 'ĐỊNH NGHĨA CÁC SỐ LIỆU', definitions(deps.settings, 'inspection'), true);
  await wb.commit();
  progress('file');
  return { team: team.id, units: team.unitCodes.length, violations: n };
}

function writeSummary<S extends XlsxSheet>(wb: XlsxBook<S>, ws: S, rows: readonly SummaryRow[], firstRow: number): void {
  let r = firstRow;
  const lastCol = SUMMARY_COLUMNS.length;
  const heading = (text: string) => {
    const row = ws.getRow(r++);
    for (let c = 1; c <= lastCol; c++) put(row, c, null, { border: true, fill: FILLS.section });
    put(row, 1, text, { font: { bold: true, size: 10 }, border: true, fill: FILLS.section });
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.commit();
  };
  // the lines (600 for all units) go straight into the sheet, between the headings
  const looks = new Looks();
  const noStyle = SUMMARY_COLUMNS.map(() => ({}));
  const values: FastCell[] = new Array<FastCell>(lastCol).fill(null);
  const styles: Partial<ExcelJS.Style>[] = new Array<Partial<ExcelJS.Style>>(lastCol).fill({});
  const line = (list: RowWriter, stt: number, s: SummaryRow) => {
    const below = belowTarget(s.figure);
    const noData = s.figure.sent_electronic_rate === null && s.figure.signed_rate === null && s.figure.on_time_rate === null;
    const { complete, ...numbers } = s.figure;
    const figures: Record<string, string | number | null> = {
      stt, code: s.code, name: s.name, scope: SCOPE_LABELS[s.kind],
      ...numbers,
      score: s.score, rank: s.rank,
      peers: s.unranked_reason === 'incomplete' ? `Không xếp hạng ${s.peers}: chưa đủ dữ liệu` : s.peers,
      // a unit that meets the target on incomplete data is not simply "Đạt"
      assessment: noData ? 'Không có số liệu' : below ? 'Chưa đạt' : complete === false ? 'Đạt (chưa đủ dữ liệu)' : 'Đạt',
    };
    SUMMARY_COLUMNS.forEach((c, i) => {
      const isRate = 'numFmt' in c && c.numFmt === FORMATS.rate;
      // what put() would make of the cell (a rate with no data is "—", never 0)
      const look = looks.of(figures[c.key] ?? null, {
        font: { size: 10, bold: s.kind === 'district_area' },
        ...('numFmt' in c ? { numFmt: c.numFmt } : {}),
        alignment: c.key === 'name' || c.key === 'peers' ? { vertical: 'middle', wrapText: true } : { vertical: 'middle', horizontal: typeof figures[c.key] === 'number' ? 'right' : 'center' },
        border: true,
        noData: isRate || ((c.key === 'rank' || c.key === 'score') && s.peers !== null),
        ...(below ? { fill: FILLS.belowTarget } : {}),
      });
      values[i] = look.value instanceof Date ? new DateCell(look.value) : look.value;
      styles[i] = look.style;
    });
    list.write(values, 14 * Math.max(linesOf(s.name, 30), linesOf(s.peers ?? '', 34)), styles);
  };
  const groups: [string, SummaryRow[]][] = [
    ['CÁC SỞ, BAN, NGÀNH CẤP TỈNH', rows.filter((s) => s.kind === 'body')],
    ['CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ (toàn huyện: UBND cấp huyện và các xã)', rows.filter((s) => s.kind === 'district_area')],
    ['CHI TIẾT UBND CẤP HUYỆN VÀ CÁC XÃ, PHƯỜNG, THỊ TRẤN', rows.filter((s) => s.kind === 'district_office' || (s.kind === 'commune' && s.district !== null))],
    // from 1/7/2025 (issue 17) the communes are under no district
    ['CÁC XÃ, PHƯỜNG (từ ngày 01/07/2025 không còn cấp huyện; hạng trong các xã, phường của tỉnh)', rows.filter((s) => s.kind === 'commune' && s.district === null)],
  ];
  const numerals = ['I', 'II', 'III', 'IV'];
  let section = 0;
  for (const [text, group] of groups) {
    if (group.length === 0) continue;
    heading(`${numerals[section++]}. ${text}`);
    const list = wb.rows(ws, noStyle, r);
    group.forEach((s, i) => line(list, i + 1, s));
    list.finish();
    r = list.nextRow;
  }
}

/**
 * A document's cells in the work list, as they always were: every text from the data through
 * cellText (a string cell, never a formula), dates as Excel dates. The findings columns are
 * not written: their column style draws the empty, bordered, tinted cells to write in, at
 * no cost per row. Texts that repeat (units, types, files) and dates are worked out once.
 */
class ViolationCells {
  readonly #unitNames: ReadonlyMap<string, string>;
  readonly #texts = new Map<string, SharedText | null>();
  readonly #names = new Map<string, SharedText | null>();
  readonly #dates = new Map<string, DateCell | null>();
  readonly #reasons = new Map<string, SharedText>();
  /** the source's cell, "hệ thống · tệp · dòng" (cellText of sourceLabel) */
  readonly #sources: SourceCells;
  readonly #out = new SharedText('Đi');
  readonly #in = new SharedText('Đến');

  constructor(unitNames: ReadonlyMap<string, string>, systemName: (id: string | null) => string) {
    this.#unitNames = unitNames;
    this.#sources = new SourceCells(systemName);
  }

  /** the cells of the last document given to of() (the same array every time: a RowWriter keeps none) */
  readonly values: FastCell[] = new Array<FastCell>(16).fill(null);

  /** Fills `values` with document n's cells; returns the lines its tallest cell takes. */
  of(n: number, d: ListedDocument): number {
    const [unitCode, docId, direction, number, docType, docDate, eventDate, deadline, completed, reasons, file, rowNo, notes, sourceId] = d;
    const values = this.values;
    values[0] = n;
    values[1] = this.#text(unitCode);
    values[2] = this.#unitName(unitCode);
    values[3] = cellText(number);
    values[4] = this.#date(docDate);
    values[5] = this.#text(docType);
    values[6] = direction === 'out' ? this.#out : this.#in;
    values[7] = this.#date(eventDate);
    values[8] = this.#date(deadline);
    values[9] = localTime(completed);
    values[10] = this.#reasonText(reasons);
    values[11] = notes ? this.#text(notes) : null;
    values[12] = this.#sources.cell(sourceId, file, rowNo ?? null);
    values[13] = this.#text(file);
    values[14] = rowNo ?? null;
    values[15] = cellText(docId);
    let lines = 1;
    for (const c of WRAPPED) {
      const value = values[c];
      const text = typeof value === 'string' ? value : value instanceof SharedText ? value.text : null;
      if (text !== null) lines = Math.max(lines, linesOf(text, WORK_COLUMNS[c]!.width));
    }
    return lines;
  }

  /** the cell of a text that repeats down its column (cellText: NFC, no formula; '' is no text) */
  #shared(text: string | null): SharedText | null {
    const t = cellText(text);
    return t === null ? null : new SharedText(t);
  }

  #text(value: string | null): SharedText | null {
    if (value === null) return null;
    let t = this.#texts.get(value);
    if (t === undefined) this.#texts.set(value, (t = this.#shared(value)));
    return t;
  }

  #unitName(code: string): SharedText | null {
    let t = this.#names.get(code);
    if (t === undefined) this.#names.set(code, (t = this.#shared(this.#unitNames.get(code) ?? code)));
    return t;
  }

  #date(value: string | null): DateCell | null {
    if (value === null) return null;
    let d = this.#dates.get(value);
    if (d === undefined) {
      const date = excelDate(value);
      this.#dates.set(value, (d = date ? new DateCell(date) : null));
    }
    return d;
  }

  /** the reasons (codes comma-separated) as the work list words them */
  #reasonText(codes: string): SharedText {
    let t = this.#reasons.get(codes);
    if (t === undefined) this.#reasons.set(codes, (t = new SharedText(codes.split(',').map((r) => WORK_REASONS[r] ?? r).join('; '))));
    return t;
  }
}

/** the columns of a document's values whose text may wrap (not marked `wrap: false`): its row is as high as the longest of their texts */
const WRAPPED = WORK_COLUMNS.flatMap((c, i) => (i < 16 && !('wrap' in c) ? [i] : []));

function localTime(iso: string | null): DateCell | null {
  const date = excelLocalTime(iso);
  return date ? new DateCell(date) : null;
}
