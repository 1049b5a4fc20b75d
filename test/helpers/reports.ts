// Shared by the reports' tests: a warehouse loaded with hand-made exports, the app with
// the report routes mounted as app.ts will mount them, and a workbook reader.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { buildModels } from '../../analytics/build.ts';
import { FigureCache } from '../../analytics/figure-cache.ts';
import { Figures } from '../../analytics/figures.ts';
import { createApp } from '../../app.ts';
import { CANONICAL_HEADER } from './exports.ts';
import { testWarehouse, type TestWarehouse } from './warehouse.ts';
import type { ReportDeps } from '../../reports/deps.ts';
import { col, COLUMNS, FIRST_DATA_ROW } from '../../reports/monthly-xlsx.ts';
import { rankByScore } from '../../reports/ranking.ts';
import { reportRoutes } from '../../reports/routes.ts';
import { quietLog } from './logs.ts';

export const AS_OF = '2020-11-05';
export const NOW = new Date('2020-11-06T01:00:00Z');

// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
export const FIXTURE_ROWS = [
  // earlier in 2020: only in the figures since 1 January
  'P01,J1,out,3/VP,Quyết định,2020-06-01,2020-06-01 08:00,normal,electronic,false,,',
  '380,J2,out,6/UBND,Công văn,2020-07-15,2020-07-15 08:00,normal,paper,false,,',
  // September 2020: the previous month
  'P01,S1,out,1/VP,Công văn,2020-09-10,2020-09-10 08:00,normal,electronic,true,,',
  'P01,S2,out,2/VP,Công văn,2020-09-11,2020-09-11 08:00,normal,paper,false,,',
  '380,S3,out,5/UBND,Công văn,2020-09-12,2020-09-12 08:00,normal,electronic,true,,',
  'P02,S4,out,9/SNV,Công văn,2020-09-12,2020-09-12 08:00,normal,electronic,true,,',
  // October 2020; document numbers and a type that a spreadsheet would run as formulas
  'P01,O1,out,"=HYPERLINK(""http://x"",""y"")",Công văn,2020-10-01,2020-10-01 08:00,normal,paper,false,,',
  'P01,O2,out,+1-2,=1+1,2020-10-02,2020-10-02 08:00,normal,electronic,false,,',
  'P01,O3,out,@SUM(A1),Công văn,2020-10-03,2020-10-03 08:00,normal,electronic,false,,',
  'P01,O4,in,-5/STC,Công văn,2020-10-04,2020-10-04 08:00,normal,electronic,,2020-10-06,2020-10-08 10:00',
  'P01,O5,in,7/STC,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,,2020-10-09,2020-10-08 10:00',
  'P01,O6,out,8/VP,Công văn,2020-10-06,2020-10-06 08:00,normal,electronic,true,,',
  'P02,O7,out,1/SNV,Công văn,2020-10-06,2020-10-06 08:00,normal,electronic,true,,',
  'P03,O8,out,1/STP,Công văn,2020-10-06,2020-10-06 08:00,secret,paper,false,,',
  'P08,O9,out,1/STC,Công văn,2020-10-07,2020-10-07 08:00,normal,paper,false,,',
  'P08,O10,out,2/STC,Công văn,2020-10-07,2020-10-07 09:00,normal,electronic,true,,',
  '380,O11,out,10/UBND,Công văn,2020-10-08,2020-10-08 08:00,normal,electronic,,,', // signed empty: not signed, with a data note
  '380,O12,out,11/UBND,Công văn,2020-10-08,2020-10-08 09:00,normal,electronic,true,,',
  '14755,O13,out,1/UBND,Tờ trình,2020-10-09,2020-10-09 08:00,normal,paper,true,,',
  '14758,O14,out,2/UBND,Công văn,2020-10-09,2020-10-09 08:00,normal,electronic,true,,',
  '14758,O15,in,3/UBND,Công văn,2020-10-09,2020-10-09 08:00,normal,electronic,,2020-11-20,',
  '381,O16,out,1/UBND,Công văn,2020-10-10,2020-10-10 08:00,normal,electronic,true,,',
  '390,O17,out,1/UBND,Công văn,2020-10-11,2020-10-11 08:00,normal,paper,false,,',
  '15127,O18,in,2/UBND,Báo cáo,2020-10-12,2020-10-12 08:00,normal,electronic,,2020-10-20,',
  '15133,O19,out,3/UBND,Công văn,2020-10-12,2020-10-12 08:00,normal,electronic,true,,',
];

export interface ReportFixture {
  w: TestWarehouse;
  figures: Figures;
  deps: ReportDeps;
  app: ReturnType<typeof createApp>;
  /** the JSON body of a GET on the app (figures API or reports) */
  api: (path: string) => Promise<{ status: number; body: any }>;
  /** the JSON body of a GET that must answer 200 (the body is in the failure's message) */
  get: (path: string) => Promise<any>;
  /** loads more rows (a later export) and rebuilds the figures, as the service does after a load */
  loadMore: (name: string, rows: string[]) => Promise<void>;
  /** loads an export file and rebuilds */
  loadFile: (path: string) => Promise<void>;
  close: () => void;
}

export const csvExport = (rows: readonly string[]) => `${CANONICAL_HEADER}\n${rows.join('\n')}\n`;

export async function reportFixture(rows: readonly string[] = FIXTURE_ROWS): Promise<ReportFixture> {
  const w = await testWarehouse();
  if (rows.length > 0) {
    const loaded = await w.load([w.file('fixture.csv', csvExport(rows))]);
    if (loaded.status !== 'succeeded' || loaded.quarantined > 0) throw new Error(`fixture did not load: ${JSON.stringify(loaded)}`);
  }
  await buildModels(w.db);
  const figures = new Figures(w.db, new FigureCache());
  const deps: ReportDeps = { figures, ctx: w, settings: w.config.settings, now: () => NOW };
  // as the service mounts them (access control is tested with the service's app)
  const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], figures, access: null, extraRoutes: [reportRoutes(deps)], now: () => NOW, log: quietLog });
  const fixture: ReportFixture = {
    w, figures, deps, app,
    async api(path) {
      const res = await app.request(path);
      return { status: res.status, body: await res.json() };
    },
    async get(path) {
      const r = await fixture.api(path);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    },
    async loadMore(name, more) {
      await fixture.loadFile(w.file(name, csvExport(more)));
    },
    async loadFile(path) {
      const r = await w.load([path]);
      if (r.status !== 'succeeded') throw new Error(`load failed: ${r.error}`);
      await w.lock.run(() => buildModels(w.db));
      figures.cache.invalidate();
    },
    close: () => w.close(),
  };
  return fixture;
}

export async function readWorkbook(data: ArrayBuffer | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data instanceof ArrayBuffer ? data : new Uint8Array(data).buffer);
  return wb;
}

export async function fetchFile(app: ReportFixture['app'], path: string, init?: RequestInit): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const res = await app.request(path, init);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The value of a cell as the tests compare it: numbers, strings, dates as YYYY-MM-DD. */
export function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

const isUnit = (code: string) => /^P\d+$/.test(code);
/** The API's figures of a report line: a provincial body is a unit, everything else an area. */
export async function figuresOf(api: ReportFixture['api'], code: string, params: string, asOf: string) {
  return isUnit(code)
    ? (await api(`/api/rates?${params}&unit=${code}&as_of=${asOf}`)).body.units[0]
    : (await api(`/api/rates?${params}&area=${code}&as_of=${asOf}`)).body.area;
}

/** The data lines of an appendix sheet: code (hidden column) → row. */
export function dataRows(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Row> {
  const out = new Map<string, ExcelJS.Row>();
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = row.getCell(col('code'));
    // notes under the table are merged across it, code column included
    if (typeof cell.value === 'string' && !cell.isMerged) out.set(cell.value, row);
  }
  return out;
}

/** Checks every figure cell of a monthly appendix sheet against the API, for period 2020-10; returns the cells checked. */
export async function expectSheetMatchesApi(ws: ExcelJS.Worksheet, api: ReportFixture['api'], asOf: string): Promise<number> {
  const rows = dataRows(ws);
  const ranking = new Map(((await api(`/api/ranking?period=2020-10&as_of=${asOf}`)).body.units as { code: string; rank: number | null; previous_rank: number | null }[]).map((d) => [d.code, d]));
  const bodies = (await api(`/api/rates?period=2020-10&level=province&as_of=${asOf}`)).body.units;
  const bodiesBefore = (await api(`/api/rates?period=2020-09&level=province&as_of=${asOf}`)).body.units;
  const bodyRank = rankByScore(bodies);
  const bodyRankBefore = rankByScore(bodiesBefore);
  let checked = 0;
  for (const [code, row] of rows) {
    const [now, before, cumulative] = await Promise.all([figuresOf(api, code, 'period=2020-10', asOf), figuresOf(api, code, 'period=2020-09', asOf), figuresOf(api, code, 'from=2020-01-01&to=2020-10-31', asOf)]);
    const ranked = ranking.has(code) || isUnit(code);
    for (const c of COLUMNS) {
      if (c.key === 'stt' || c.key === 'code') continue;
      const [part, field] = c.key.split('.') as [string, string];
      let expected: unknown;
      if (c.key === 'name') expected = row.getCell(col('name')).value; // names: checked below
      else if (part === 'period') expected = now[field];
      else if (part === 'cumulative') expected = cumulative[field];
      else if (part === 'change') expected = now[field] === null || before[field] === null ? null : now[field] - before[field];
      else if (c.key === 'rank') expected = ranking.get(code)?.rank ?? bodyRank.get(code)?.rank ?? null;
      else if (c.key === 'previous_rank') expected = ranking.get(code)?.previous_rank ?? bodyRankBefore.get(code)?.rank ?? null;
      const cell = row.getCell(col(c.key));
      const isRank = c.key === 'rank' || c.key === 'previous_rank';
      // a missing figure is "—", never 0; levels and the province have no rank at all
      const shown = expected === null ? (isRank && !ranked ? null : '—') : expected;
      expect(cell.value, `${code} ${c.key}`).toEqual(shown);
      if (typeof expected === 'number') expect(cell.numFmt, `${code} ${c.key}`).toBe(c.numFmt);
      checked++;
    }
  }
  return checked;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), for reading back what the reports write. */
export function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
