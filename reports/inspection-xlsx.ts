import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Scope } from '../analytics/figures.ts';
import { cellText, excelDate, excelLocalTime, FORMATS } from './cells.ts';
import { definitions } from './definitions.ts';
import type { ReportDeps } from './deps.ts';
import { dataFreshness, lastUpdate } from './freshness.ts';
import { belowTarget, reasonCounts, streamViolations, summaryRows, teamScope, type SummaryKind, type SummaryRow, type TeamId, type Violation } from './inspection-data.ts';
import { periodName, REASONS, viDate, viDateTime } from './vi-text.ts';
import { banner, BORDER, CENTER, documentHeader, FILLS, font, linesOf, put, sheetOptions, writeDefinitions } from './xlsx-layout.ts';

/**
 * An inspection team's workbook: cover, summary of its units, the work list of documents
 * to check on site, definitions. Written with ExcelJS's streaming writer: each sheet is
 * committed before the next, and the work list's rows are committed as they come from
 * the database, so a list of 100,000 documents is never held in memory.
 */

export const INSPECTION_SHEETS = { cover: 'Bìa', summary: 'Tổng hợp', work: 'Danh sách kiểm tra', definitions: 'Định nghĩa' } as const;

export interface InspectionRequest {
  team: TeamId;
  scope: Scope;
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
  { key: 'score', header: 'Điểm', width: 8, numFmt: FORMATS.score },
  { key: 'rank', header: 'Xếp hạng', width: 7, numFmt: '0' },
  { key: 'peers', header: 'Xếp hạng trong nhóm', width: 34 },
  { key: 'assessment', header: 'Đánh giá', width: 15 },
] as const;

export const WORK_COLUMNS = [
  { key: 'stt', header: 'STT', width: 6, numFmt: '0' },
  { key: 'unit_code', header: 'Mã đơn vị', width: 7 },
  { key: 'unit_name', header: 'Đơn vị', width: 20 },
  { key: 'number', header: 'Số, ký hiệu', width: 14 },
  { key: 'doc_date', header: 'Ngày văn bản', width: 10, numFmt: FORMATS.date },
  { key: 'doc_type', header: 'Loại văn bản', width: 11 },
  { key: 'direction', header: 'Đi/ Đến', width: 5 },
  { key: 'event_date', header: 'Ngày gửi/ nhận', width: 10, numFmt: FORMATS.date },
  { key: 'deadline', header: 'Hạn xử lý', width: 10, numFmt: FORMATS.date },
  { key: 'completed', header: 'Hoàn thành lúc', width: 14, numFmt: FORMATS.dateTime },
  { key: 'reasons', header: 'Lý do', width: 20 },
  { key: 'file', header: 'Tệp dữ liệu', width: 12 },
  { key: 'row_no', header: 'Dòng', width: 6, numFmt: '0' },
  { key: 'doc_id', header: 'Mã văn bản trên hệ thống', width: 10 },
  { key: 'finding', header: 'Kết quả kiểm tra thực tế', width: 20, finding: true },
  { key: 'cause', header: 'Nguyên nhân', width: 14, finding: true },
  { key: 'remedy', header: 'Biện pháp khắc phục', width: 14, finding: true },
  { key: 'note', header: 'Ghi chú', width: 9, finding: true },
] as const;

/** the row of the work list's column headers; documents start on the next row */
export const WORK_HEADER_ROW = 3;
export const SUMMARY_HEADER_ROW = 4;

const SCOPE_LABELS: Record<SummaryKind, string> = {
  body: 'Cấp tỉnh',
  district_area: 'Toàn huyện',
  district_office: 'UBND cấp huyện',
  commune: 'Cấp xã',
};

export async function writeInspectionXlsx(deps: ReportDeps, req: InspectionRequest, out: Writable): Promise<InspectionResult> {
  const now = (deps.now ?? (() => new Date()))();
  const team = await teamScope(deps.figures, deps.settings, req.team);
  const [rows, sources] = await Promise.all([summaryRows(deps.figures, team, req.scope), dataFreshness(deps)]);
  const counts = reasonCounts(rows);
  const unitNames = new Map((await deps.figures.units()).map((u) => [u.code, u.name]));
  const title = `${team.name} — ${periodName(req.scope.period)}`;

  // shared strings: text cells are then t="s", plain text by any reader's definition (the
  // streaming writer's inline form is t="str", a formula's cached result without a formula);
  // only the table of distinct strings is held until the end, rows still stream
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Directive 15 monitor';
  wb.created = now;

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
    ['Đơn vị thuộc phạm vi', `${team.bodies.length} sở, ban, ngành; ${team.districts.length} huyện, thị xã, thành phố (gồm UBND cấp huyện và ${nCommunes} xã, phường, thị trấn)`],
    ['Văn bản cần kiểm tra', `Không gửi điện tử: ${counts.not_electronic}; không ký số: ${counts.not_signed}; xử lý trễ hạn: ${counts.late} (chi tiết tại trang "${INSPECTION_SHEETS.work}")`],
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

  // 2. Summary
  const summary = wb.addWorksheet(INSPECTION_SHEETS.summary, sheetOptions(`${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}`, SUMMARY_HEADER_ROW));
  summary.columns = SUMMARY_COLUMNS.map((c) => ({ width: c.width }));
  const lastCol = SUMMARY_COLUMNS.length;
  banner(summary, 1, 1, lastCol, `TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ — ${title}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  banner(summary, 2, 1, lastCol, `Số liệu tính đến hết ngày ${viDate(req.scope.asOf)}. Đơn vị có tỷ lệ dưới 100% được tô màu. "—": không có số liệu.`, { italic: true });
  const head = summary.getRow(SUMMARY_HEADER_ROW);
  SUMMARY_COLUMNS.forEach((c, i) => put(head, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  head.height = 45;
  writeSummary(summary, rows, SUMMARY_HEADER_ROW + 1);
  summary.commit();

  // 3. Work list, streamed
  const work = wb.addWorksheet(INSPECTION_SHEETS.work, sheetOptions(`${WORK_HEADER_ROW}:${WORK_HEADER_ROW}`, WORK_HEADER_ROW));
  // one style object per column, shared by all its cells: ExcelJS recognises a style object
  // it has seen and skips serialising it again, which is most of the cost of 100,000 rows
  const styles: Partial<ExcelJS.Style>[] = WORK_COLUMNS.map((c) => ({
    font: font({ size: 10 }),
    border: BORDER,
    // long text wraps rather than being cut off on paper
    alignment: 'numFmt' in c ? { vertical: 'top' } : { vertical: 'top', wrapText: true },
    ...('numFmt' in c ? { numFmt: c.numFmt } : {}),
    ...('finding' in c ? { fill: FILLS.finding } : {}),
  }));
  work.columns = WORK_COLUMNS.map((c, i) => ({ key: c.key, width: c.width, style: styles[i]! }));
  const workLast = WORK_COLUMNS.length;
  banner(work, 1, 1, workLast, `DANH SÁCH VĂN BẢN CẦN KIỂM TRA — ${title}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  banner(work, 2, 1, workLast, `Số liệu tính đến hết ngày ${viDate(req.scope.asOf)}. Các cột tô màu để tổ công tác ghi kết quả kiểm tra tại đơn vị.`, { italic: true });
  work.getRow(1).commit();
  work.getRow(2).commit();
  const workHead = work.getRow(WORK_HEADER_ROW);
  WORK_COLUMNS.forEach((c, i) => put(workHead, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  workHead.height = 40;
  workHead.commit();
  work.autoFilter = { from: { row: WORK_HEADER_ROW, column: 1 }, to: { row: WORK_HEADER_ROW, column: workLast } };

  let n = 0;
  await streamViolations(deps.ctx, team.unitCodes, req.scope, (chunk) => {
    for (const v of chunk) {
      n++;
      writeViolation(work.getRow(WORK_HEADER_ROW + n), n, v, unitNames.get(v.unit_code) ?? v.unit_code, styles);
    }
  });
  const total = work.getRow(WORK_HEADER_ROW + n + 1);
  total.getCell(1).value = null;
  total.getCell(3).value = `Tổng số: ${n} văn bản`;
  total.getCell(3).font = font({ size: 10, bold: true });
  total.commit();
  work.commit();

  // 4. Definitions
  writeDefinitions(wb.addWorksheet(INSPECTION_SHEETS.definitions, sheetOptions()), 'ĐỊNH NGHĨA CÁC SỐ LIỆU', definitions(deps.settings, 'inspection'), true);
  await wb.commit();
  return { team: team.id, units: team.unitCodes.length, violations: n };
}

function writeSummary(ws: ExcelJS.Worksheet, rows: readonly SummaryRow[], firstRow: number): void {
  let r = firstRow;
  const lastCol = SUMMARY_COLUMNS.length;
  const heading = (text: string) => {
    const row = ws.getRow(r++);
    for (let c = 1; c <= lastCol; c++) put(row, c, null, { border: true, fill: FILLS.section });
    put(row, 1, text, { font: { bold: true, size: 10 }, border: true, fill: FILLS.section });
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.commit();
  };
  const line = (stt: number, s: SummaryRow) => {
    const row = ws.getRow(r++);
    row.height = 14 * Math.max(linesOf(s.name, 30), linesOf(s.peers ?? '', 34));
    const below = belowTarget(s.figure);
    const noData = s.figure.sent_electronic_rate === null && s.figure.signed_rate === null && s.figure.on_time_rate === null;
    const values: Record<string, string | number | null> = {
      stt, code: s.code, name: s.name, scope: SCOPE_LABELS[s.kind],
      ...s.figure,
      score: s.score, rank: s.rank, peers: s.peers,
      assessment: noData ? 'Không có số liệu' : below ? 'Chưa đạt' : 'Đạt',
    };
    SUMMARY_COLUMNS.forEach((c, i) => {
      const isRate = 'numFmt' in c && c.numFmt === FORMATS.rate;
      put(row, i + 1, values[c.key] ?? null, {
        font: { size: 10, bold: s.kind === 'district_area' },
        ...('numFmt' in c ? { numFmt: c.numFmt } : {}),
        alignment: c.key === 'name' || c.key === 'peers' ? { vertical: 'middle', wrapText: true } : { vertical: 'middle', horizontal: typeof values[c.key] === 'number' ? 'right' : 'center' },
        border: true,
        noData: isRate || ((c.key === 'rank' || c.key === 'score') && s.peers !== null),
        ...(below ? { fill: FILLS.belowTarget } : {}),
      });
    });
    row.commit();
  };
  const groups: [string, SummaryRow[]][] = [
    ['I. CÁC SỞ, BAN, NGÀNH CẤP TỈNH', rows.filter((s) => s.kind === 'body')],
    ['II. CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ (toàn huyện: UBND cấp huyện và các xã)', rows.filter((s) => s.kind === 'district_area')],
    ['III. CHI TIẾT UBND CẤP HUYỆN VÀ CÁC XÃ, PHƯỜNG, THỊ TRẤN', rows.filter((s) => s.kind === 'district_office' || s.kind === 'commune')],
  ];
  for (const [text, list] of groups) {
    if (list.length === 0) continue;
    heading(text);
    list.forEach((s, i) => line(i + 1, s));
  }
}

function writeViolation(row: ExcelJS.Row, n: number, v: Violation, unitName: string, styles: Partial<ExcelJS.Style>[]): void {
  // every text from the data goes in through cellText: a string cell, never a formula. The
  // findings columns are not written: their column style draws the empty, bordered, tinted
  // cells to write in, at no cost per row
  const values = [
    n, cellText(v.unit_code), cellText(unitName), cellText(v.number), excelDate(v.doc_date), cellText(v.doc_type),
    v.direction === 'out' ? 'Đi' : 'Đến', excelDate(v.event_date), excelDate(v.deadline), excelLocalTime(v.completed_time),
    v.reasons.map((r) => REASONS[r] ?? r).join('; '), cellText(v.file), v.row_no, cellText(v.doc_id),
  ];
  let lines = 1;
  for (let c = 0; c < values.length; c++) {
    const cell = row.getCell(c + 1);
    const value = values[c] ?? null;
    cell.value = value;
    cell.style = styles[c]!;
    if (typeof value === 'string') lines = Math.max(lines, linesOf(value, WORK_COLUMNS[c]!.width));
  }
  // wrapped text needs a row height: Excel and LibreOffice keep a library's row heights as written
  if (lines > 1) row.height = 13 * lines;
  row.commit();
}
