// For the tests of xlsx-fast.ts: what a workbook shows, read back with ExcelJS's reader
// (public API), as plain data two workbooks can be compared by: every sheet's columns,
// rows and their heights, every cell's value, type and style (number format, font, fill,
// border, alignment), merged cells, frozen panes, print set-up and auto-filter.
import ExcelJS from 'exceljs';

export interface CellLook {
  address: string;
  type: string;
  value: unknown;
  style: Partial<ExcelJS.Style>;
}

export interface SheetLook {
  name: string;
  columns: { width: number | null; hidden: boolean; style: Partial<ExcelJS.Style> }[];
  rows: { number: number; height: number | null; cells: CellLook[] }[];
  merges: string[];
  views: unknown;
  pageSetup: unknown;
  headerFooter: unknown;
  autoFilter: unknown;
}

const typeName = (t: ExcelJS.ValueType) => Object.entries(ExcelJS.ValueType).find(([, v]) => v === t)?.[0] ?? String(t);

/** a style without its empty parts (ExcelJS gives a cell without a fill no fill property, or an empty one, by how it was written) */
function styleOf(s: Partial<ExcelJS.Style> | undefined): Partial<ExcelJS.Style> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s ?? {})) {
    if (v === undefined || v === null || (typeof v === 'object' && Object.keys(v).length === 0)) continue;
    out[k] = JSON.parse(JSON.stringify(v));
  }
  return out as Partial<ExcelJS.Style>;
}

export async function readLooks(file: Buffer | Uint8Array): Promise<SheetLook[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(file).buffer as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: SheetLook['rows'] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: CellLook[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        const style = styleOf(cell.style);
        if (cell.type === ExcelJS.ValueType.Null && Object.keys(style).length === 0) return;
        const v = cell.value;
        cells.push({ address: cell.address, type: typeName(cell.type), value: v instanceof Date ? v.toISOString() : cell.type === ExcelJS.ValueType.Merge ? null : v, style });
      });
      rows.push({ number: row.number, height: row.height ?? null, cells });
    });
    const model = ws.model as unknown as { merges?: string[] };
    return {
      name: ws.name,
      columns: (ws.columns ?? []).map((c) => ({ width: c.width ?? null, hidden: c.hidden ?? false, style: styleOf(c.style) })),
      rows,
      merges: [...(model.merges ?? [])].sort(),
      views: JSON.parse(JSON.stringify(ws.views ?? [])),
      pageSetup: JSON.parse(JSON.stringify(ws.pageSetup ?? {})),
      headerFooter: JSON.parse(JSON.stringify(ws.headerFooter ?? {})),
      autoFilter: ws.autoFilter ?? null,
    };
  });
}
