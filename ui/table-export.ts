/**
 * What a table's download holds: one typed value per cell. The same rows go to CSV (text a
 * person on a Vietnamese Excel reads: README, "Downloads") and to XLSX (numbers as numbers).
 */
export type CellType = 'text' | 'integer' | 'percent' | 'date' | 'datetime';
export type CellValue = string | number | null;

export interface ExportTable {
  title: string;
  columns: { label: string; type: CellType }[];
  rows: CellValue[][];
  /**
   * What a reader of the file needs beside the figures (how complete they are, which
   * provinces have not published), one line each, after the rows and a blank line: a table
   * downloaded leaves the page's notes behind, and a gap must travel with the figures.
   */
  notes?: string[];
}

/** An instant (ISO with offset) as its Vietnam local date and time parts. */
export function localParts(iso: string): { y: number; m: number; d: number; hh: number; mm: number } {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), hh: t.getUTCHours(), mm: t.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as CSV text: rates "96,73 %", counts without grouping, dates dd/mm/yyyy, times dd/mm/yyyy HH:mm (Vietnam). */
export function csvText(v: CellValue, type: CellType): string {
  if (v === null || v === '') return '';
  switch (type) {
    case 'percent': return typeof v === 'number' ? `${(v * 100).toFixed(2).replace('.', ',')} %` : String(v);
    case 'integer': return typeof v === 'number' ? String(Math.round(v)) : String(v);
    case 'date': { const [y, m, d] = String(v).slice(0, 10).split('-'); return `${d}/${m}/${y}`; }
    case 'datetime': { const p = localParts(String(v)); return `${pad(p.d)}/${pad(p.m)}/${p.y} ${pad(p.hh)}:${pad(p.mm)}`; }
    default: return String(v);
  }
}

/**
 * CSV for Excel set to Vietnamese: UTF-8 with BOM (diacritics), `;` between cells (the list
 * separator of vi-VN, so a double-click opens it in columns), decimal comma, CRLF. Text Excel
 * would take for a formula is written with a leading apostrophe.
 */
export function toCsv(t: ExportTable): string {
  const cell = (s: string, type: CellType) => {
    if (type === 'text' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[";\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [t.columns.map((c) => cell(c.label, 'text')), ...t.rows.map((r) => r.map((v, i) => cell(csvText(v, t.columns[i]!.type), t.columns[i]!.type)))];
  if (t.notes?.length) lines.push([], ...t.notes.map((n) => [cell(n, 'text')]));
  return `\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`;
}

export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(filename: string, t: ExportTable): void {
  saveBlob(filename, new Blob([toCsv(t)], { type: 'text/csv;charset=utf-8' }));
}

/** The workbook is written by ui/xlsx.ts, loaded only when asked (it brings the zip writer). */
export async function downloadXlsx(filename: string, t: ExportTable): Promise<void> {
  const { xlsxBlob } = await import('./xlsx.ts');
  saveBlob(filename, await xlsxBlob(t));
}
