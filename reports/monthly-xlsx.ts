import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Settings } from '../config.ts';
import { FORMATS } from './cells.ts';
import { definitions } from './definitions.ts';
import { change, type CommuneRank, type Figure, type ReportRow } from './monthly-data.ts';
import type { FigureTable, MonthlyReport } from './monthly-report.ts';
import { completenessWords, periodName, previousPeriodWords, viDate, viDateTime } from './vi-text.ts';
import { banner, BORDER, CENTER, documentHeader, FILLS, linesOf, put, sheetOptions, writeDefinitions } from './xlsx-layout.ts';

/**
 * The monthly report input as an appendix to an official report (Decree 30/2020 style):
 * the province, each level, the 27 districts and the provincial bodies; the period, the
 * change from the previous period and the figures since 1 January. A small sheet, so the
 * ordinary (in-memory) ExcelJS workbook.
 */

type RatePart = 'period' | 'previous' | 'cumulative';
/** the numbers of a figure (its completeness flag is shown as its two counts) */
type FigureField = Exclude<keyof Figure, 'complete'>;

export interface Column {
  header: string;
  width: number;
  /** which figure the column shows; used to highlight a restatement's changed cells, and by the tests */
  key: string;
  value: (r: ReportRow) => number | string | null;
  numFmt?: string;
  /** the figure it compares, for highlighting */
  source?: { part: RatePart; field: FigureField } | { part: 'rank'; field: 'rank' | 'previous_rank' };
}

const figureColumns = (part: 'period' | 'cumulative'): Column[] => {
  const f = (field: FigureField, header: string, numFmt: string, width: number): Column => ({
    header, width, key: `${part}.${field}`, numFmt, value: (r) => r[part][field], source: { part, field },
  });
  return [
    f('out_total', 'Văn bản đi', FORMATS.count, 8.5),
    f('out_electronic', 'Gửi điện tử', FORMATS.count, 8.5),
    f('sent_electronic_rate', 'Tỷ lệ gửi điện tử', FORMATS.rate, 8),
    f('out_signed', 'Ký số', FORMATS.count, 8.5),
    f('signed_rate', 'Tỷ lệ ký số', FORMATS.rate, 8),
    f('in_total', 'Văn bản đến', FORMATS.count, 8.5),
    f('in_electronic', 'Nhận điện tử', FORMATS.count, 8.5),
    f('received_electronic_rate', 'Tỷ lệ nhận điện tử', FORMATS.rate, 8),
    f('in_completed', 'Văn bản đến đã xử lý xong', FORMATS.count, 8.5),
    f('in_processed_electronic', 'Xử lý trên môi trường mạng', FORMATS.count, 8.5),
    f('processed_electronic_rate', 'Tỷ lệ xử lý trên môi trường mạng', FORMATS.rate, 8.5),
    f('in_on_time', 'Văn bản đến xử lý đúng hạn', FORMATS.count, 8.5),
    f('in_late', 'Văn bản đến trễ hạn', FORMATS.count, 8.5),
    f('on_time_rate', 'Tỷ lệ đúng hạn', FORMATS.rate, 8),
  ];
};

/** How complete the period's figures are: "—" for a frozen version that did not record it. */
const completenessColumns: Column[] = [
  { header: 'Đơn vị chưa có dữ liệu', width: 8, key: 'period.units_without_data', numFmt: FORMATS.count, value: (r) => r.period.units_without_data, source: { part: 'period', field: 'units_without_data' } },
  { header: 'Văn bản lỗi chưa xử lý', width: 8, key: 'period.quarantined_rows', numFmt: FORMATS.count, value: (r) => r.period.quarantined_rows, source: { part: 'period', field: 'quarantined_rows' } },
  // completed incoming documents whose export does not say how they were processed: not in the processed rate
  { header: 'Văn bản đến chưa ghi nhận hình thức xử lý', width: 9, key: 'period.in_completed_unrecorded', numFmt: FORMATS.count, value: (r) => r.period.in_completed_unrecorded, source: { part: 'period', field: 'in_completed_unrecorded' } },
];

const changeColumn = (field: 'sent_electronic_rate' | 'signed_rate' | 'on_time_rate' | 'received_electronic_rate' | 'processed_electronic_rate', header: string): Column => ({
  header, width: 8, key: `change.${field}`, numFmt: FORMATS.change, value: (r) => change(r.period[field], r.previous[field]),
  source: { part: 'previous', field },
});

const NAME_WIDTH = 32;

export const COLUMNS: Column[] = [
  { header: 'STT', width: 5, key: 'stt', value: () => null },
  { header: 'Mã', width: 7, key: 'code', value: (r) => r.code },
  { header: 'Đơn vị', width: NAME_WIDTH, key: 'name', value: (r) => r.name },
  ...figureColumns('period'),
  ...completenessColumns,
  changeColumn('sent_electronic_rate', 'Gửi điện tử'),
  changeColumn('signed_rate', 'Ký số'),
  changeColumn('received_electronic_rate', 'Nhận điện tử'),
  changeColumn('processed_electronic_rate', 'Xử lý trên môi trường mạng'),
  changeColumn('on_time_rate', 'Xử lý đúng hạn'),
  ...figureColumns('cumulative'),
  { header: 'Kỳ này', width: 6.5, key: 'rank', value: (r) => r.rank, numFmt: '0', source: { part: 'rank', field: 'rank' } },
  { header: 'Kỳ trước', width: 6.5, key: 'previous_rank', value: (r) => r.previous_rank, numFmt: '0', source: { part: 'rank', field: 'previous_rank' } },
];

export const col = (key: string) => COLUMNS.findIndex((c) => c.key === key) + 1;
const LAST = COLUMNS.length;
/** the two header rows of the table; data starts below them */
export const HEADER_ROWS = [11, 12] as const;
export const FIRST_DATA_ROW = 13;

export const SHEET_NAMES = { main: 'Phụ lục', ranking: 'Xếp hạng', definitions: 'Định nghĩa' } as const;

export async function writeMonthlyXlsx(report: MonthlyReport, settings: Settings, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Directive 15 monitor';
  wb.created = new Date(report.generated_at);
  appendixSheet(wb, SHEET_NAMES.main, report, report.main, true);
  for (const t of report.others) appendixSheet(wb, otherSheetName(t), report, t, false);
  rankingSheet(wb, report);
  writeDefinitions(wb.addWorksheet(SHEET_NAMES.definitions, sheetOptions()), 'ĐỊNH NGHĨA CÁC SỐ LIỆU', definitions(settings, 'monthly', report.main.version?.scorecard ?? settings.ranking.scorecard), false);
  await wb.xlsx.write(out);
}

function otherSheetName(t: FigureTable): string {
  if (t.status === 'frozen' && t.version) return t.version.version === 1 ? 'Đã báo cáo (phiên bản 1)' : `Điều chỉnh lần ${t.version.version - 1}`;
  return 'Khác';
}

/** The lines under the title that say what these figures are: provisional, frozen when, or a restatement. */
export function statusLines(report: MonthlyReport, t: FigureTable, isMain: boolean): string[] {
  const asOf = viDate(t.as_of);
  if (t.status === 'provisional') {
    return [`Số liệu tạm tính đến hết ngày ${asOf}, chưa chốt (lập ngày ${viDateTime(report.generated_at)}).`];
  }
  const v = t.version!;
  if (t.status === 'restatement_draft') {
    return [
      `DỰ THẢO SỐ LIỆU ĐIỀU CHỈNH, chưa chốt: tính lại đến hết ngày ${asOf} theo dữ liệu hiện có (lập ngày ${viDateTime(report.generated_at)}).`,
      `Ô tô vàng: khác với số liệu đã chốt ngày ${viDateTime(v.frozen_at)} (phiên bản ${v.version}).`,
    ];
  }
  const lines = [
    `Số liệu đã chốt ngày ${viDateTime(v.frozen_at)}, tính đến hết ngày ${asOf}${v.version > 1 ? ` (số liệu điều chỉnh lần ${v.version - 1}, phiên bản ${v.version})` : ' (phiên bản 1)'}.`,
  ];
  if (t.against) lines.push('Ô tô vàng: khác với số liệu đã báo cáo trước đó.');
  if (isMain && report.versions.length > v.version) lines.push(`Đã có số liệu điều chỉnh (phiên bản ${report.versions.at(-1)!.version}), xem trang tính bên cạnh.`);
  else if (isMain && report.live_differs) lines.push('Lưu ý: dữ liệu nhận sau khi chốt làm thay đổi một số số liệu; số liệu đã chốt giữ nguyên, phần điều chỉnh được lập riêng khi có yêu cầu.');
  return lines;
}

/**
 * The line under the title that says how complete the period's figures are, for the
 * province: units without data, open quarantined rows, and among them those of no unit of
 * the registry (counted at the province only: the levels' rows add up to the rest).
 */
export function completenessLine(rows: readonly ReportRow[]): string {
  const province = rows.find((r) => r.section === 'province')?.period;
  const words = province ? completenessWords(province.units_without_data, province.quarantined_rows) : null;
  if (!province || words === null) return 'Mức đầy đủ dữ liệu: không được ghi nhận khi chốt phiên bản số liệu này.';
  if (province.complete) return 'Dữ liệu của kỳ đầy đủ: mọi đơn vị đã đến mốc áp dụng đều có dữ liệu, không còn văn bản lỗi chưa xử lý.';
  const levels = rows.filter((r) => r.section === 'level').reduce((n, r) => n + (r.period.quarantined_rows ?? 0), 0);
  const unknown = (province.quarantined_rows ?? 0) - levels;
  return `CHƯA ĐỦ DỮ LIỆU (toàn tỉnh): ${words}${unknown > 0 ? ` (trong đó ${unknown.toLocaleString('vi-VN')} văn bản không xác định được đơn vị, chỉ tính ở toàn tỉnh)` : ''}; số liệu của các đơn vị liên quan có thể chưa phản ánh đầy đủ, xem các cột "Mức đầy đủ dữ liệu của kỳ".`;
}

function appendixSheet(wb: ExcelJS.Workbook, name: string, report: MonthlyReport, t: FigureTable, isMain: boolean): void {
  const { period, cumulative } = report.periods;
  const ws = wb.addWorksheet(name, sheetOptions(`${HEADER_ROWS[0]}:${HEADER_ROWS[1]}`));
  ws.columns = COLUMNS.map((c) => ({ width: c.width, hidden: c.key === 'code' }));

  documentHeader(ws, [1, 5], [LAST - 9, LAST], 'UBND TỈNH THANH HÓA', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
  banner(ws, 5, 1, LAST, 'Phụ lục', { bold: true, size: 13 });
  banner(ws, 6, 1, LAST, 'TỶ LỆ GỬI, NHẬN, XỬ LÝ VĂN BẢN TRÊN MÔI TRƯỜNG ĐIỆN TỬ, KÝ SỐ VÀ XỬ LÝ VĂN BẢN ĐÚNG HẠN THEO CHỈ THỊ SỐ 15/CT-UBND', { bold: true, size: 13 });
  banner(ws, 7, 1, LAST, periodName(period), { bold: true, size: 13 });
  banner(ws, 8, 1, LAST, '(Kèm theo Báo cáo số        /BC-STTTT ngày      tháng      năm        của Sở Thông tin và Truyền thông)', { italic: true, size: 12 });
  const status = [...statusLines(report, t, isMain), completenessLine(t.rows)];
  banner(ws, 9, 1, LAST, status.join(' '), { italic: true, size: 11, ...(t.status === 'frozen' ? {} : { bold: true }) });
  ws.getRow(9).height = 16 * status.length;

  // two header rows, repeated on every printed page
  const [h1, h2] = HEADER_ROWS;
  const headStyle = { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header };
  const group = (from: string, to: string, title: string) => {
    ws.mergeCells(h1, col(from), h1, col(to));
    put(ws.getRow(h1), col(from), title, headStyle);
  };
  for (const key of ['stt', 'code', 'name']) {
    ws.mergeCells(h1, col(key), h2, col(key));
    put(ws.getRow(h1), col(key), COLUMNS[col(key) - 1]!.header, headStyle);
  }
  group('period.out_total', 'period.on_time_rate', `Kỳ báo cáo (${periodName(period).toLocaleLowerCase('vi')})`);
  group('period.units_without_data', 'period.in_completed_unrecorded', 'Mức đầy đủ dữ liệu của kỳ');
  group('change.sent_electronic_rate', 'change.on_time_rate', `So với ${previousPeriodWords(period)} (điểm %)`);
  group('cumulative.out_total', 'cumulative.on_time_rate', `Lũy kế từ ${viDate(cumulative.from)} đến ${viDate(cumulative.to)}`);
  group('rank', 'previous_rank', 'Xếp hạng');
  COLUMNS.forEach((c, i) => {
    if (i >= 3) {
      put(ws.getRow(h2), i + 1, c.header, headStyle);
    } else {
      // the lower half of a merged header: a value here would overwrite the merged one
      const cell = ws.getRow(h2).getCell(i + 1);
      cell.border = BORDER;
      cell.fill = FILLS.header;
    }
  });
  ws.getRow(h1).height = 30;
  ws.getRow(h2).height = 54;

  const against = new Map((t.against ?? []).map((r) => [`${r.section}:${r.code}`, r]));
  let rowNo = FIRST_DATA_ROW;
  const heading = (stt: string, title: string) => {
    const row = ws.getRow(rowNo++);
    put(row, 1, stt, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.section });
    for (let c = 2; c <= LAST; c++) put(row, c, null, { border: true, fill: FILLS.section });
    put(row, col('name'), title, { font: { bold: true, size: 10 }, border: true, fill: FILLS.section, alignment: { vertical: 'middle', wrapText: true } });
    row.height = 14 * linesOf(title, NAME_WIDTH, 1.15);
  };
  const line = (stt: string, r: ReportRow, bold: boolean) => {
    const row = ws.getRow(rowNo++);
    row.height = 14 * linesOf(r.name, NAME_WIDTH);
    const before = against.get(`${r.section}:${r.code}`);
    COLUMNS.forEach((c, i) => {
      const value = c.key === 'stt' ? stt : c.value(r);
      const changed = t.against !== null && c.source !== undefined && (!before || c.value(before) !== value);
      const isNumber = c.numFmt !== undefined;
      put(row, i + 1, value, {
        font: { size: 10, bold },
        ...(c.numFmt ? { numFmt: c.numFmt } : {}),
        alignment: c.key === 'name' ? { vertical: 'middle', wrapText: true } : { horizontal: c.key === 'stt' ? 'center' : 'right', vertical: 'middle' },
        border: true,
        // a missing rate is "—", never 0; so is the rank of a district or body with no rate at all
        noData: isNumber && c.source !== undefined && (c.source.part !== 'rank' || r.section === 'district' || r.section === 'body'),
        ...(changed ? { fill: FILLS.changed } : {}),
      });
    });
  };

  const rows = t.rows;
  const province = rows.find((r) => r.section === 'province');
  if (province) line('I', province, true);
  rows.filter((r) => r.section === 'level').forEach((r, i) => line(String(i + 1), r, false));
  const districtRows = rows.filter((r) => r.section === 'district');
  // from 1/7/2025 there is no district level (issue 17): the map of the period has none
  heading('II', districtRows.length > 0
    ? 'CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ (gồm UBND cấp huyện và các xã, phường, thị trấn)'
    : 'CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ: từ ngày 01/07/2025 không còn cấp huyện (xem xếp hạng các xã, phường)');
  districtRows.forEach((r, i) => line(String(i + 1), r, false));
  heading('III', 'CÁC SỞ, BAN, NGÀNH CẤP TỈNH');
  rows.filter((r) => r.section === 'body').forEach((r, i) => line(String(i + 1), r, false));

  rowNo++;
  const notes = [
    'Ghi chú: Tỷ lệ tính trên văn bản không mật, từ mốc áp dụng của từng cấp; tỷ lệ của huyện, của cấp và toàn tỉnh tính bằng cách cộng số lượng của các đơn vị. Tỷ lệ xử lý trên môi trường mạng chỉ tính văn bản đến đã xử lý xong mà sổ văn bản có ghi nhận hình thức xử lý; đơn vị chưa ghi nhận thì để "—".',
    `"—": không có văn bản để tính (không có số liệu), không phải 0%. Xếp hạng: huyện xếp trong ${districtRows.length > 0 ? `${districtRows.length} huyện, thị xã, thành phố` : 'các huyện, thị xã, thành phố (không còn từ ngày 01/07/2025)'}; sở, ban, ngành xếp trong các cơ quan cấp tỉnh; định nghĩa đầy đủ tại trang "Định nghĩa".`,
  ];
  for (const n of notes) {
    banner(ws, rowNo, 1, LAST, n, { italic: true, size: 10 }, { horizontal: 'left', vertical: 'top', wrapText: true });
    ws.getRow(rowNo++).height = 28;
  }
}

/** The columns of the ranking sheet, one table per level. */
export const RANK_COLUMNS = [
  { key: 'stt', header: 'STT', width: 5 },
  { key: 'code', header: 'Mã', width: 7 },
  { key: 'name', header: 'Đơn vị', width: 34 },
  { key: 'district', header: 'Thuộc huyện', width: 20 },
  { key: 'rank', header: 'Hạng', width: 7, numFmt: '0' },
  { key: 'of', header: 'Trong số', width: 7, numFmt: '0' },
  { key: 'previous_rank', header: 'Hạng kỳ trước', width: 8, numFmt: '0' },
  { key: 'district_rank', header: 'Hạng trong huyện', width: 9, numFmt: '0' },
  { key: 'score', header: 'Điểm', width: 8, numFmt: FORMATS.score },
  { key: 'sent_electronic_rate', header: 'Tỷ lệ gửi điện tử', width: 8, numFmt: FORMATS.rate },
  { key: 'signed_rate', header: 'Tỷ lệ ký số', width: 8, numFmt: FORMATS.rate },
  { key: 'on_time_rate', header: 'Tỷ lệ đúng hạn', width: 8, numFmt: FORMATS.rate },
] as const;
export const rankCol = (key: (typeof RANK_COLUMNS)[number]['key']) => RANK_COLUMNS.findIndex((c) => c.key === key) + 1;

type RankLine = Record<(typeof RANK_COLUMNS)[number]['key'], string | number | null>;

const byRank = <T extends { rank: number | null; code: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/**
 * Every level ranked (README, "The score"): the provincial bodies and the 27 districts as
 * the appendix ranks them (frozen with it), and the communes among the province's and
 * among their district's, computed from the data as it is now at the same as_of with the
 * period's scorecard (not frozen: the sheet says so).
 */
function rankingSheet(wb: ExcelJS.Workbook, report: MonthlyReport): void {
  const t = report.main;
  const last = RANK_COLUMNS.length;
  const ws = wb.addWorksheet(SHEET_NAMES.ranking, sheetOptions());
  ws.columns = RANK_COLUMNS.map((c) => ({ width: c.width }));
  banner(ws, 1, 1, last, `XẾP HẠNG THEO CẤP — ${periodName(report.periods.period).toLocaleUpperCase('vi')}`, { bold: true, size: 13 });
  const frozen = t.status === 'frozen';
  const note = [
    `Xếp hạng các sở, ban, ngành và các huyện: như trang "${SHEET_NAMES.main}"${frozen ? ' (số liệu đã chốt)' : ''}.`,
    `Xếp hạng các xã, phường, thị trấn: tính theo dữ liệu hiện có đến hết ngày ${viDate(t.as_of)}${frozen ? ', với cách tính điểm của kỳ đã chốt; không thuộc số liệu đã chốt' : ''}.`,
    'Mỗi cấp tính từ mốc áp dụng của cấp mình; "—": không có số liệu để tính điểm, không xếp hạng.',
  ].join(' ');
  banner(ws, 2, 1, last, note, { italic: true, size: 10 }, { horizontal: 'left', vertical: 'top', wrapText: true });
  ws.getRow(2).height = 42;
  const headStyle = { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header };
  let rowNo = 4;
  const table = (title: string, lines: RankLine[]) => {
    banner(ws, rowNo++, 1, last, title, { bold: true, size: 11 }, { horizontal: 'left', vertical: 'middle' });
    const head = ws.getRow(rowNo++);
    RANK_COLUMNS.forEach((c, i) => put(head, i + 1, c.header, headStyle));
    head.height = 30;
    lines.forEach((l, n) => {
      const row = ws.getRow(rowNo++);
      RANK_COLUMNS.forEach((c, i) => {
        const value = c.key === 'stt' ? n + 1 : l[c.key];
        const numFmt = 'numFmt' in c ? c.numFmt : undefined;
        put(row, i + 1, value, {
          font: { size: 10 }, border: true, ...(numFmt ? { numFmt } : {}),
          alignment: c.key === 'name' || c.key === 'district' ? { vertical: 'middle', wrapText: true } : { horizontal: 'right', vertical: 'middle' },
          noData: numFmt !== undefined && c.key !== 'district_rank' && c.key !== 'previous_rank',
        });
      });
    });
    rowNo++;
  };
  const fromReport = (r: ReportRow, of: number): RankLine => ({
    stt: null, code: r.code, name: r.name, district: null, rank: r.rank, of, previous_rank: r.previous_rank, district_rank: null,
    score: r.score, sent_electronic_rate: r.period.sent_electronic_rate, signed_rate: r.period.signed_rate, on_time_rate: r.period.on_time_rate,
  });
  const bodies = t.rows.filter((r) => r.section === 'body');
  const districts = t.rows.filter((r) => r.section === 'district');
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  table(`I. CÁC SỞ, BAN, NGÀNH CẤP TỈNH (${bodies.length} cơ quan)`, byRank(bodies).map((r) => fromReport(r, bodies.length)));
  table(`II. CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ (${districts.length} đơn vị, gồm UBND cấp huyện và các xã)`, byRank(districts).map((r) => fromReport(r, districts.length)));
  const communes: CommuneRank[] = byRank(report.communes);
  table(`III. CÁC XÃ, PHƯỜNG, THỊ TRẤN (${communes.length} đơn vị; ${districts.length > 0 ? 'hạng trong toàn tỉnh và trong huyện' : 'hạng trong toàn tỉnh, không còn cấp huyện từ ngày 01/07/2025'})`, communes.map((c) => ({
    stt: null, code: c.code, name: c.name, district: districtName.get(c.district_code ?? '') ?? c.district_code, rank: c.rank, of: communes.length,
    previous_rank: c.previous_rank, district_rank: c.district_rank, score: c.score,
    sent_electronic_rate: c.sent_electronic_rate, signed_rate: c.signed_rate, on_time_rate: c.on_time_rate,
  })));
}
