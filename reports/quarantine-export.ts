import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { QuarantineRow } from '../analytics/quarantine.ts';
import { FIELD_NAMES } from '../ingest/problem-text.ts';
import { csvDocument } from './cells.ts';
import { peopleCsv, type PeopleType } from './people-csv.ts';
import { viDate, viDateTime } from './vi-text.ts';
import { banner, CENTER, FILLS, linesOf, put, sheetOptions } from './xlsx-layout.ts';

/**
 * A unit's rows in quarantine, for the unit that must correct its export (CSV and XLSX):
 * where each row is (file, row, load run), why it was refused in Vietnamese, and the values
 * it had, under the export's own column names. Text from the data goes through cellText /
 * csvField: never a formula.
 */

export const STATUS_LABELS: Record<string, string> = { open: 'Chưa xử lý', resolved: 'Đã nạp lại đúng', repeated: 'Bản lặp (đã nhận lại sau)' };

const VALUE_FIELDS = ['unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date', 'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time'] as const;

interface ExportColumn {
  header: string;
  /** the column's name for systems (`?columns=machine`) */
  key: string;
  width: number;
  value: (r: QuarantineRow) => string | number | null;
  /** how the people's CSV writes it (people-csv.ts), when not as text */
  type?: PeopleType;
  /** the value for systems, when not value's */
  machine?: (r: QuarantineRow) => string | number | null;
}

export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: 'Tệp dữ liệu', key: 'file', width: 24, value: (r) => r.file },
  { header: 'Dòng', key: 'row_no', width: 7, value: (r) => r.row_no, type: 'integer' },
  { header: 'Lần nạp', key: 'run_id', width: 8, value: (r) => r.run_id, type: 'integer' },
  { header: 'Thời gian nạp', key: 'loaded_at', width: 17, value: (r) => viDateTime(r.loaded_at), machine: (r) => r.loaded_at },
  { header: 'Nguồn', key: 'source_id', width: 14, value: (r) => r.source_id },
  { header: 'Tình trạng', key: 'status', width: 14, value: (r) => STATUS_LABELS[r.status] ?? r.status, machine: (r) => r.status },
  { header: 'Lỗi cần sửa', key: 'reason', width: 48, value: (r) => r.reason_vi },
  { header: 'Ngày tính số liệu', key: 'event_date', width: 12, value: (r) => (r.event_date ? `${viDate(r.event_date)}${r.date_basis === 'received' ? ' (ngày nhận tệp)' : ''}` : null), machine: (r) => r.event_date },
  ...VALUE_FIELDS.map((f): ExportColumn => ({ header: FIELD_NAMES[f]!, key: f, width: f === 'doc_type' || f === 'number' ? 16 : 13, value: (r) => r.values?.[f] ?? null })),
  // a row the reader could not split into fields: the line as it was received
  { header: 'Nội dung dòng gốc', key: 'raw', width: 40, value: (r) => (r.values ? null : r.raw) },
];

/** For people (people-csv.ts: Vietnamese headers, `;`, local times), or with the machine names for systems. */
export function quarantineCsv(rows: readonly QuarantineRow[], columns: 'people' | 'machine' = 'people'): Buffer {
  if (columns === 'machine') {
    return csvDocument(EXPORT_COLUMNS.map((c) => c.key), rows.map((r) => EXPORT_COLUMNS.map((c) => (c.machine ?? c.value)(r))));
  }
  // the load time as a time a spreadsheet reads (dd/mm/yyyy HH:mm), not the sentence of the workbook
  return peopleCsv(EXPORT_COLUMNS.map((c) => (c.key === 'loaded_at'
    ? { label: c.header, type: 'datetime' as const, value: (r: QuarantineRow) => r.loaded_at }
    : { label: c.header, type: c.type ?? 'text', value: c.value })), rows);
}

export async function writeQuarantineXlsx(rows: readonly QuarantineRow[], title: { unit: string | null; unitName: string | null; status: string | null; generatedAt: Date }, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Directive 15 monitor';
  wb.created = title.generatedAt;
  const ws = wb.addWorksheet('Dữ liệu lỗi', sheetOptions('4:4', 4));
  ws.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  const last = EXPORT_COLUMNS.length;
  const who = title.unit ? `${title.unitName ?? 'Đơn vị không có trong danh mục'} (mã ${title.unit})` : 'Tất cả các đơn vị';
  banner(ws, 1, 1, last, `DỮ LIỆU LỖI CẦN XUẤT LẠI — ${who}`.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  banner(ws, 2, 1, last,
    `${title.status ? `${STATUS_LABELS[title.status] ?? title.status}: ` : ''}${rows.length.toLocaleString('vi-VN')} dòng, lập ngày ${viDateTime(title.generatedAt.toISOString())}. `
    + 'Các dòng này không được tính vào số liệu cho đến khi đơn vị sửa trên hệ thống và xuất lại (cùng mã văn bản); khi đó dòng được coi là đã xử lý.',
    { italic: true }, { horizontal: 'left', vertical: 'middle', wrapText: true });
  ws.getRow(2).height = 30;
  const head = ws.getRow(4);
  EXPORT_COLUMNS.forEach((c, i) => put(head, i + 1, c.header, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  head.height = 32;
  rows.forEach((r, n) => {
    const row = ws.getRow(5 + n);
    let lines = 1;
    EXPORT_COLUMNS.forEach((c, i) => {
      const value = c.value(r);
      put(row, i + 1, value, { font: { size: 10 }, border: true, alignment: { vertical: 'top', wrapText: true } });
      if (typeof value === 'string') lines = Math.max(lines, linesOf(value, c.width));
    });
    row.height = 13 * lines;
  });
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: last } };
  await wb.xlsx.write(out);
}
