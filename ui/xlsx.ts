import JSZip from 'jszip';
import { localParts, type CellType, type ExportTable } from './table-export.ts';

/**
 * A table as an XLSX workbook, written in the browser: numbers as numbers (rates with a
 * percent format, counts with grouping), dates and times as Excel dates in Vietnam local
 * time (dd/mm/yyyy, dd/mm/yyyy hh:mm), text as inline strings (never formulas), the title
 * on row 1 and the header on row 3, frozen. JSZip (already in the project for ExcelJS)
 * zips the parts; ExcelJS's browser build would have taken the dashboard past its 450 KB
 * budget (README, "Downloads").
 */

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!)
  // characters XML 1.0 cannot hold
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Style index per cell type (cellXfs below): 0 text, 1 header, 2 title, 3 integer, 4 percent, 5 date, 6 date-time. */
const STYLE: Record<CellType, number> = { text: 0, integer: 3, percent: 4, date: 5, datetime: 6 };

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font><font><b/><sz val="13"/><name val="Arial"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE5E7EB"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const colName = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

/** Days since 1899-12-30 (Excel's serial), for a local date and time. */
const serial = (y: number, m: number, d: number, hh = 0, mm = 0) => (Date.UTC(y, m - 1, d, hh, mm) - Date.UTC(1899, 11, 30)) / 86_400_000;

function cell(ref: string, v: string | number | null, type: CellType, explicit?: number): string {
  const style = explicit ?? STYLE[type];
  if (v === null || v === '') return '';
  if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
    return `<c r="${ref}" s="${style}"><v>${serial(y, m, d)}</v></c>`;
  }
  if (type === 'datetime' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) {
    const p = localParts(v);
    return `<c r="${ref}" s="${style}"><v>${serial(p.y, p.m, p.d, p.hh, p.mm)}</v></c>`;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}" s="${style}"><v>${v}</v></c>`;
  // text (a value the column's type does not fit, e.g. "chưa có dữ liệu", stays text)
  return `<c r="${ref}" t="inlineStr" s="${explicit ?? 0}"><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
}

function sheetXml(t: ExportTable): string {
  const widths = t.columns.map((c, i) => Math.min(60, Math.max(10, c.label.length + 2, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2))));
  const row = (n: number, cells: string[]) => `<row r="${n}">${cells.join('')}</row>`;
  const rows = [
    row(1, [cell('A1', t.title, 'text', 2)]),
    row(3, t.columns.map((c, i) => cell(`${colName(i)}3`, c.label, 'text', 1))),
    ...t.rows.map((r, ri) => row(ri + 4, r.map((v, i) => cell(`${colName(i)}${ri + 4}`, v, t.columns[i]!.type)))),
    // the notes below the table, after a blank row, outside its filter
    ...(t.notes ?? []).map((n, k) => row(t.rows.length + 5 + k, [cell(`A${t.rows.length + 5 + k}`, n, 'text')])),
  ];
  const last = `${colName(Math.max(0, t.columns.length - 1))}${t.rows.length + 3}`;
  const lastRow = t.notes?.length ? t.rows.length + 4 + t.notes.length : t.rows.length + 3;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<dimension ref="A1:${colName(Math.max(0, t.columns.length - 1))}${lastRow}"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>
<sheetData>${rows.join('')}</sheetData>
${t.rows.length ? `<autoFilter ref="A3:${last}"/>` : ''}
</worksheet>`;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Bảng';

export async function xlsxBlob(t: ExportTable, name = 'Bảng số liệu'): Promise<Blob> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`);
  zip.file('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  zip.file('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName(name))}" sheetId="1" r:id="rId1"/></sheets>${t.rows.length ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${esc(sheetName(name)).replace(/'/g, "''")}'!$A$3:$${colName(Math.max(0, t.columns.length - 1))}$${t.rows.length + 3}</definedName></definedNames>` : ''}</workbook>`);
  zip.file('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
  zip.file('xl/styles.xml', STYLES);
  zip.file('xl/worksheets/sheet1.xml', sheetXml(t));
  return zip.generateAsync({ type: 'blob', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', compression: 'DEFLATE' });
}
