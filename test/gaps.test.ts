// A gap in the data must never flatter a figure (issue 13). The same documents are loaded
// three ways, into three warehouses, and every figure and every violating document must be
// the same as from the canonical export:
//   - vendor exports whose unsigned documents have EMPTY signed cells, mixed with Có/Không,
//     x and 1/0 (iOffice's Vietnamese `;` dialect), and a pure checkbox column (x or empty);
//   - the Windows-1258 twin of the UTF-8 iOffice export, as Excel on a Vietnamese Windows
//     saves "CSV (Comma delimited)" (encoded by hand, test/fixtures/bad-inputs/make.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { csvLine } from '../simulator/csv.ts';
import { documentsAsOf, exportRows, generateProvince, IOFFICE_HEADERS, readUnitsCsv, TDOFFICE_HEADERS, selectUnits, toVendorRow, type SimDocument } from '../simulator/index.ts';
import { cp1258 } from './fixtures/bad-inputs/make.ts';
import { repoRoot, testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

const NOW = '2021-01-15T00:00:00Z';
const MILESTONES = { province: '2020-05-22', district: '2020-07-01', commune: '2020-09-01' };
const PERIODS = ['2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12', '2020-Q3', '2020-Q4'];

const units = selectUnits(readUnitsCsv(`${repoRoot}/config/units.csv`), ['P01', '381', '384']);
const docs = documentsAsOf(generateProvince({ units, milestones: MILESTONES, seed: 21, scale: 0.6, from: '2020-07-01', to: '2020-12-31' }), NOW);
const district381 = (d: SimDocument) => d.unit_code === '381' || units.find((u) => u.code === d.unit_code)?.parent_code === '381';

/** iOffice rows (`;`, Vietnamese) whose signed cells vary: unsigned → "", Không, 0; signed → Có, x, 1. */
function mixedSignedExport(list: SimDocument[]): { body: string; empties: number } {
  let empties = 0;
  const lines = list.map((d, i) => {
    const row = toVendorRow('ioffice', d) as string[];
    if (d.direction === 'out') {
      row[9] = d.signed ? ['Có', 'x', '1'][i % 3]! : ['', 'Không', '0'][i % 3]!;
      if (row[9] === '') empties++;
    } else row[9] = '';
    return csvLine(row, ';', '\r\n');
  });
  return { body: '\uFEFF' + csvLine(IOFFICE_HEADERS, ';', '\r\n') + lines.join(''), empties };
}

/** The canonical dialect with a checkbox column: x when signed, empty otherwise. */
function checkboxExport(list: SimDocument[]): string {
  return csvLine(TDOFFICE_HEADERS, ',', '\n') + list.map((d) => {
    const row = toVendorRow('tdoffice', d) as string[];
    row[9] = d.direction === 'out' && d.signed ? 'x' : '';
    return csvLine(row, ',', '\n');
  }).join('');
}

interface Loaded {
  w: TestWarehouse;
  api: (path: string) => Promise<unknown>;
}

async function warehouse(files: { name: string; body: string | Buffer }[]): Promise<Loaded & { runs: Awaited<ReturnType<TestWarehouse['load']>>[]; progress: string[] }> {
  const w = await testWarehouse();
  const runs = [];
  const progress: string[] = [];
  for (const f of files) {
    const run = await w.load([w.file(f.name, f.body)], { now: new Date(NOW), onProgress: (m) => progress.push(m) });
    expect(run, `${f.name}: ${run.error}`).toMatchObject({ status: 'succeeded', quarantined: 0 });
    runs.push(run);
  }
  await buildModels(w.db);
  const figures = new Figures(w.db, new FigureCache());
  const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures, now: () => new Date(NOW), log: quietLog });
  return {
    w, runs, progress,
    api: async (path) => {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      return res.json();
    },
  };
}

/** Every figure and every violating document of every unit, for each period. */
async function everything(l: Loaded) {
  const out: Record<string, unknown> = {};
  for (const p of PERIODS) {
    out[`rates ${p}`] = await l.api(`/api/rates?period=${p}&as_of=2021-01-15`);
    out[`province ${p}`] = await l.api(`/api/rates?period=${p}&area=38&as_of=2021-01-15`);
    out[`ranking ${p}`] = await l.api(`/api/ranking?period=${p}&as_of=2021-01-15`);
    for (const u of units) {
      const v = await l.api(`/api/violations?unit=${u.code}&period=${p}&as_of=2021-01-15&limit=1000`) as { total: number; rows: { doc_id: string; reasons: string[] }[] };
      out[`violations ${u.code} ${p}`] = { total: v.total, documents: v.rows.map((d) => [d.doc_id, d.reasons]) };
    }
  }
  return out;
}

let canonical: Loaded;
let truth: Record<string, unknown>;
const opened: TestWarehouse[] = [];

beforeAll(async () => {
  canonical = await warehouse([{ name: 'canonical.csv', body: exportRows('tdoffice', docs) }]);
  opened.push(canonical.w);
  truth = await everything(canonical);
}, 120_000);
afterAll(() => {
  for (const w of opened) w.close();
});

describe('the same documents from other exports', () => {
  it('has unsigned outgoing documents, violations and a ranking to compare', () => {
    const out = docs.filter((d) => d.direction === 'out' && d.security === 'normal');
    expect(out.filter((d) => !d.signed).length).toBeGreaterThan(30);
    expect(JSON.stringify(truth)).toContain('not_signed');
  });

  it('empty signed cells (mixed with Có/Không, x, 1/0, and a checkbox column) give the same figures, to the document', async () => {
    const mixed = mixedSignedExport(docs.filter(district381));
    const b = await warehouse([
      { name: 'ioffice-381.csv', body: mixed.body },
      { name: 'checkbox-others.csv', body: checkboxExport(docs.filter((d) => !district381(d))) },
    ]);
    opened.push(b.w);
    expect(mixed.empties).toBeGreaterThan(5);
    expect(await everything(b)).toEqual(truth);
    // the empty cells of the mixed column carry a note; the checkbox column's empty cells do not
    const notes = await b.w.rows<{ file: number; n: number }>(`
      SELECT file_seq::INTEGER AS file, count(*)::INTEGER AS n FROM documents
      WHERE list_contains(list_transform(notes, x -> x.code), 'empty_counted_not_signed') GROUP BY ALL ORDER BY 1`);
    expect(notes).toEqual([{ file: 1, n: mixed.empties }]);
    expect(b.runs.map((r) => r.files[0]!.loaded)).toEqual([docs.filter(district381).length, docs.filter((d) => !district381(d)).length]);

    // the data-quality view lists them per unit, and the violations carry the note
    const view = await b.api('/api/data-notes?from=2020-07-01&to=2020-12-31&limit=1000') as {
      groups: { unit_code: string; field: string; code: string; example: string; documents: number }[];
      total: number; documents: { doc_id: string; file: string; row_no: number; notes: { code: string; message: string }[] }[];
    };
    const q4 = await b.w.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM documents WHERE len(notes) > 0`);
    expect(view.total).toBe(q4[0]!.n);
    expect(view.total).toBeGreaterThan(0);
    expect(view.groups.reduce((s, g) => s + g.documents, 0)).toBe(view.total);
    expect(view.groups.every((g) => g.field === 'signed' && g.code === 'empty_counted_not_signed' && g.example === 'Ô "Ký số" để trống: tính là chưa ký số')).toBe(true);
    expect(view.documents[0]).toMatchObject({ file: 'ioffice-381.csv', notes: [{ field: 'signed', code: 'empty_counted_not_signed' }] });
    const unit = view.groups[0]!.unit_code;
    const one = await b.api(`/api/data-notes?unit=${unit}`) as { groups: { unit_code: string }[] };
    expect(new Set(one.groups.map((g) => g.unit_code))).toEqual(new Set([unit]));
    const v = await b.api(`/api/violations?unit=${unit}&from=2020-07-01&to=2020-12-31&as_of=2021-01-15&include_baseline=true&reason=not_signed&limit=1000`) as { rows: { doc_id: string; notes: { code: string }[] }[] };
    const noted = new Set(view.documents.map((d) => d.doc_id));
    for (const row of v.rows) expect(row.notes.map((n) => n.code)).toEqual(noted.has(row.doc_id) ? ['empty_counted_not_signed'] : []);
    expect(v.rows.some((r) => r.notes.length > 0)).toBe(true);
  }, 120_000);

  it('the Windows-1258 twin of a UTF-8 vendor export gives the same documents and figures, and the run says what it decoded', async () => {
    const utf8 = exportRows('ioffice', docs);
    const twin = cp1258(utf8.replace(/^\uFEFF/, ''));
    expect(twin.toString('utf8')).not.toBe(utf8.replace(/^\uFEFF/, '')); // really not UTF-8
    const c = await warehouse([{ name: 'ioffice-ansi.csv', body: twin }]);
    opened.push(c.w);
    expect(await everything(c)).toEqual(truth);
    const fields = `unit_code, doc_id, direction, number, doc_type, doc_date, event_time, security, channel, signed, deadline, completed_time`;
    const [a, b] = await Promise.all([canonical.w, c.w].map((w) => w.rows(`SELECT ${fields} FROM documents ORDER BY unit_code, doc_id`)));
    expect(b).toEqual(a);
    expect(c.progress.some((m) => m.includes('Windows-1258'))).toBe(true);
    expect(await c.w.rows(`SELECT encoding FROM ingest_files`)).toEqual([{ encoding: 'windows-1258' }]);
    // the archived file is the bytes as received, not the decoded copy
    const archived = await c.w.rows<{ sha256: string }>(`SELECT sha256 FROM ingest_files`);
    const { createHash } = await import('node:crypto');
    expect(archived[0]!.sha256).toBe(createHash('sha256').update(twin).digest('hex'));
  }, 120_000);
});
