// The incremental model build against the full one: after updates that move documents to
// other days and phases, in and out of the marts, and add documents, the incremental build
// must leave fct_unit_day and fct_unit_day_incoming exactly as a full rebuild does; a data
// test that fails rolls it back; and it falls back to a full build when it cannot be sure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANONICAL_HEADER } from '../test/helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { mulberry32 } from '../simulator/prng.ts';
import { readRows } from '../warehouse/sql.ts';
import { buildModels, buildModelsIncremental, DataTestFailure, dataTests, withUniqueNames } from './build.ts';

const MARTS = ['fct_unit_day', 'fct_unit_day_incoming', 'fct_quarantine_rows', 'fct_unit_day_quarantine', 'fct_unit_day_received', 'fct_unit_day_processed', 'fct_unit_day_paper_from'] as const;
/** the marts the documents feed (the quarantine marts are checked in analytics/quarantine.test.ts) */
const DOCUMENT_MARTS = ['fct_unit_day', 'fct_unit_day_incoming', 'fct_unit_day_received', 'fct_unit_day_processed', 'fct_unit_day_paper_from'] as const;
const UNITS = ['P01', 'P02', '380', '381', '14809', '382'];

interface Doc {
  unit: string;
  id: string;
  direction: 'out' | 'in';
  /** days after 2020-05-01 */
  day: number;
  /** local hour; 24 + h writes the instant in UTC so that it falls on the next local day */
  hour: number;
  security: string;
  channel: string;
  signed: string;
  deadline: number | null;
  completed: number | null;
}

const date = (day: number) => new Date(Date.UTC(2020, 4, 1) + day * 86_400_000).toISOString().slice(0, 10);
const line = (d: Doc) => {
  // hour ≥ 24: 17:30 UTC the day before, i.e. 00:30 local on `day` (the trap of a UTC date)
  const event = d.hour >= 24 ? `${date(d.day - 1)}T17:30:00Z` : `${date(d.day)}T${String(d.hour).padStart(2, '0')}:15:00+07:00`;
  const deadline = d.deadline === null ? '' : date(d.day + d.deadline);
  const completed = d.completed === null ? '' : `${date(d.day + d.completed)} 23:00`;
  // the optional fields (sender, processed_electronic) follow from the document, so that a
  // change of channel, day or unit moves it in the marts that read them too
  const sender = ['P01', 'P02', '380', 'Bộ Nội vụ', ''][(d.id.length + d.day + d.unit.length) % 5];
  const processed = d.completed === null ? '' : d.channel === 'paper' ? 'false' : 'true';
  return `${d.unit},${d.id},${d.direction},1/X,Công văn,,${event},${d.security},${d.channel},${d.signed},${deadline},${completed},${sender},${processed}`;
};


/**
 * A deterministic, irregular mix over units, days on both sides of every milestone,
 * phases, directions, channels, deadlines and completions: some (unit, day) keys hold many
 * documents, some one.
 */
function initialDocs(n: number, seed = 1): Doc[] {
  // a fixed pseudo-random sequence, so the mix is irregular but the same every time
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const direction = r() < 0.45 ? 'out' : 'in';
    const bare = direction === 'in' && r() < 0.1;
    return {
      unit: pick(UNITS),
      id: `D${i}`,
      direction,
      day: Math.floor(r() * 150), // 2020-05-01 .. 2020-09-27: every milestone inside
      hour: r() < 0.1 ? 24 : 8 + Math.floor(r() * 9),
      security: r() < 0.05 ? pick(['secret', 'top_secret']) : 'normal',
      channel: bare ? '' : pick(['electronic', 'paper', 'both']),
      signed: bare ? '' : pick(['true', 'false']),
      deadline: direction === 'in' && r() < 0.7 ? 2 + Math.floor(r() * 6) : null,
      completed: direction === 'in' && r() < 0.8 ? Math.floor(r() * 10) : null,
    } satisfies Doc;
  });
}

/** Every kind of change an update can make to what the marts count. */
function changed(d: Doc, i: number, round: number): Doc {
  switch ((i + round) % 8) {
    case 0: return { ...d, day: d.day + 3 + round }; // another day
    case 1: return { ...d, day: d.day - 45 }; // another day, often across the milestone
    case 2: return { ...d, channel: d.channel === 'paper' ? 'electronic' : 'paper', signed: d.signed === 'true' ? 'false' : 'true' };
    case 3: return d.direction === 'out' // into or out of the incoming mart
      ? { ...d, direction: 'in', deadline: 4, completed: 6 }
      : { ...d, direction: 'out', channel: 'electronic', signed: 'true', deadline: null, completed: null };
    case 4: return { ...d, security: d.security === 'normal' ? 'top_secret' : 'normal' };
    case 5: return { ...d, deadline: d.deadline === null ? 2 : null, completed: d.completed === null ? 1 : null };
    case 6: return { ...d, hour: d.hour >= 24 ? 9 : 24 }; // 00:30 local: the day after in UTC terms
    default: return { ...d, day: d.day + 200 }; // to a day no document had
  }
}

let w: TestWarehouse;
beforeEach(async () => {
  w = await testWarehouse();
});
afterEach(() => w.close());

const csv = (name: string, docs: Doc[]) => w.file(name, `${CANONICAL_HEADER},sender,processed_electronic\n${docs.map(line).join('\n')}\n`);

async function loadOk(name: string, docs: Doc[], expected: { loaded: number; updated: number }) {
  const run = await w.load([csv(name, docs)]);
  expect(run).toMatchObject({ status: 'succeeded', quarantined: 0, ...expected });
  return run;
}

/** The marts' rows as they are now, kept in tables of their own. */
async function snapshot(tag: string): Promise<void> {
  for (const m of MARTS) await w.rows(`CREATE OR REPLACE TABLE ${m}_${tag} AS SELECT * FROM ${m}`);
}

/** Rows in one table and not the other, both ways, duplicates counted (EXCEPT ALL). */
async function difference(m: string, a: string, b: string): Promise<number> {
  const [row] = await w.rows<{ n: number }>(`SELECT ((SELECT count(*) FROM (FROM ${a} EXCEPT ALL FROM ${b})) + (SELECT count(*) FROM (FROM ${b} EXCEPT ALL FROM ${a})))::INTEGER AS n`);
  return row!.n;
}

/** The tables a full build stages its models in before it publishes them (build.ts, stagedName). */
async function stagedTables(): Promise<string[]> {
  return (await w.rows<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE suffix(table_name, '__next') ORDER BY ALL`)).map((r) => r.name);
}

async function expectSameAsFullRebuild(): Promise<void> {
  await snapshot('incremental');
  const full = await buildModels(w.db);
  expect(full.kind).toBe('full');
  for (const m of MARTS) {
    const [counts] = await w.rows<{ a: number; b: number }>(`SELECT (SELECT count(*) FROM ${m}_incremental)::INTEGER AS a, (SELECT count(*) FROM ${m})::INTEGER AS b`);
    expect(counts!.a, `${m} rows`).toBe(counts!.b);
    expect(await difference(m, `${m}_incremental`, m), `${m}: rows of the incremental build that differ from the full one`).toBe(0);
  }
}

/**
 * document_totals counted again from every document, as migration 020 first fills it: after a
 * test changed documents outside any load the way a faulty load could have left them, the
 * totals that load would have kept (ingest/sql/merge-totals.sql counts what a load left).
 */
async function recountTotals(): Promise<void> {
  await w.rows(`DELETE FROM document_totals`);
  await w.rows(`INSERT INTO document_totals BY NAME ${COUNTED_TOTALS}`);
}

/** document_totals' rows as a count of every document gives them (migration 020's INSERT). */
const COUNTED_TOTALS = `SELECT direction, security, channel, signed, processed_electronic, sender IS NOT NULL AS has_sender, completed_date IS NULL AS open,
  deadline < DATE '2100-01-01' AS due, completed_date <= deadline AS in_time, count(*) AS n FROM documents GROUP BY ALL`;

/** Groups of document_totals that differ from a count of every document, both ways. */
async function totalsDrift(): Promise<number> {
  const counted = COUNTED_TOTALS;
  const kept = `SELECT direction, security, channel, signed, processed_electronic, has_sender, open, due, in_time, n FROM document_totals`;
  const [row] = await w.rows<{ n: number }>(`SELECT ((SELECT count(*) FROM (${counted} EXCEPT ALL ${kept})) + (SELECT count(*) FROM (${kept} EXCEPT ALL ${counted})))::INTEGER AS n`);
  return row!.n;
}

describe('incremental model build', () => {
  it('leaves the marts row for row as a full rebuild does after updates that move, reclassify and add documents', async () => {
    // and one document alone on its day, which the update moves to the next day
    const lone: Doc = { unit: '382', id: 'LONE', direction: 'out', day: 160, hour: 10, security: 'normal', channel: 'paper', signed: 'false', deadline: null, completed: null };
    const docs = initialDocs(600);
    await loadOk('initial.csv', [...docs, lone], { loaded: 601, updated: 0 });
    const first = await buildModels(w.db);
    expect(first).toMatchObject({ kind: 'full', runs: { first: 1, last: 1 } });
    await snapshot('before');

    // run 2: every kind of change to a third of the documents, and new documents on days
    // that have some and on days that have none; the same doc_id under another unit is
    // another document (the key is unit and doc_id)
    const round1 = docs.filter((_, i) => i % 3 === 1).map((d, k) => changed(d, k, 0));
    const added1: Doc[] = Array.from({ length: 60 }, (_, k) => ({ ...docs[k]!, id: `N${k}`, day: k % 2 ? docs[k]!.day : 300 + k }));
    const moved: Doc = { ...docs[5]!, unit: '381' };
    const run2 = await loadOk('update1.csv', [...round1, ...added1, moved, { ...lone, day: 161 }], { loaded: 61, updated: round1.length + 1 });
    // run 3 fails (nothing of it is kept); run 4 changes some documents again, and back
    const run3 = await w.load([w.file('broken.csv', 'this,is,not,an,export\n1,2,3,4,5\n')]);
    expect(run3.status).toBe('failed');
    const round2 = round1.filter((_, k) => k % 4 === 0).map((d, k) => changed(d, k, 1));
    const back = docs.filter((_, i) => i % 3 === 1).filter((_, k) => k % 4 === 2);
    const added2: Doc[] = [{ ...docs[9]!, id: 'N-late', day: 149 }];
    const run4 = await loadOk('update2.csv', [...round2, ...back, ...added2], { loaded: 1, updated: round2.length + back.length });

    const inc = await buildModelsIncremental(w.db);
    expect(inc).toMatchObject({ kind: 'incremental', runs: { first: run2.runId, last: run4.runId } });
    expect(inc.reason).toBeUndefined();
    expect(inc.models).toEqual(['incremental/changes', 'incremental/fct_quarantine', 'incremental/fct_unit_day', 'incremental/fct_unit_day_incoming', 'incremental/fct_unit_day_paper_from', 'incremental/fct_unit_day_processed']);
    expect(inc.tests.map((t) => t.test)).toEqual(dataTests().filter((t) => t.scope !== 'full').map((t) => t.test));
    // the documents' own checks ran on a connection of their own, alongside the models; the others on the build's
    const documentTests = dataTests().filter((t) => t.scope === 'documents').map((t) => t.test);
    expect(documentTests.length).toBeGreaterThan(0);
    expect(inc.steps.filter((s) => s.alongside).map((s) => s.name).sort()).toEqual([...documentTests].sort());
    expect(inc.cpuMs).toBeGreaterThan(0);
    // the updates did change the figures
    for (const m of DOCUMENT_MARTS) expect(await difference(m, `${m}_before`, m), m).toBeGreaterThan(20);

    await expectSameAsFullRebuild();
  });

  it('adds what the runs changed: a document changed twice in the range, moved to another day, direction or security, created and changed in the range; a key left empty loses its rows', async () => {
    // each alone on its (unit, day) key: initialDocs puts documents on days 0 .. 149
    const base: Doc = { unit: '381', id: 'X', direction: 'in', day: 160, hour: 10, security: 'normal', channel: 'paper', signed: 'false', deadline: 3, completed: 2 };
    const twice: Doc = { ...base, id: 'TWICE' };
    const moveDay: Doc = { ...base, id: 'MOVE-DAY', unit: '382', day: 170 };
    const moveDirection: Doc = { ...base, id: 'MOVE-DIR', unit: '380', day: 171, direction: 'out', channel: 'electronic', signed: 'true', deadline: null, completed: null };
    const moveSecurity: Doc = { ...base, id: 'MOVE-SEC', unit: 'P01', day: 172 };
    const docs = initialDocs(200);
    await loadOk('initial.csv', [...docs, twice, moveDay, moveDirection, moveSecurity], { loaded: 204, updated: 0 });
    await buildModels(w.db);

    // run 2: TWICE to another day and completion; MOVE-DAY to another day (its key empties);
    // MOVE-DIR becomes incoming with a deadline, MOVE-SEC secret; BORN is new
    const born: Doc = { ...base, id: 'BORN', unit: '14809', day: 174 };
    const run2 = await loadOk('r2.csv', [
      { ...twice, day: 161, completed: 5 },
      { ...moveDay, day: 173 },
      { ...moveDirection, direction: 'in', channel: 'paper', signed: 'false', deadline: 2, completed: 1 },
      { ...moveSecurity, security: 'secret' },
      born,
    ], { loaded: 1, updated: 4 });
    // run 3: TWICE changed again (its middle version was set and replaced inside the range, on
    // a day it is on in neither state), BORN changed (it is new in the range); some earlier
    // documents changed in every way
    const again = docs.slice(0, 40).map((d, k) => changed(d, k, 5));
    const run3 = await loadOk('r3.csv', [{ ...twice, day: 162, channel: 'electronic', completed: null }, { ...born, direction: 'out', channel: 'electronic', signed: 'true', deadline: null, completed: null }, ...again], { loaded: 0, updated: 42 });

    const inc = await buildModelsIncremental(w.db);
    expect(inc).toMatchObject({ kind: 'incremental', runs: { first: run2.runId, last: run3.runId } });
    const rows = async (m: string, unit: string, day: number) =>
      (await w.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${m} WHERE unit_code = $unit AND event_date = $day::DATE`, { unit, day: date(day) }))[0]!.n;
    // the emptied key: no row in any mart
    for (const m of DOCUMENT_MARTS) expect(await rows(m, '382', 170), `${m}: MOVE-DAY's old key`).toBe(0);
    expect(await rows('fct_unit_day_incoming', '382', 173)).toBe(1);
    // TWICE is only on its last day; its first and middle days held nothing else
    for (const m of DOCUMENT_MARTS) expect(await rows(m, '381', 160), `${m}: TWICE's first day`).toBe(0);
    for (const m of DOCUMENT_MARTS) expect(await rows(m, '381', 161), `${m}: TWICE's middle day`).toBe(0);
    expect(await w.rows(`SELECT out_total, secret, in_total, in_electronic FROM fct_unit_day WHERE unit_code = '381' AND event_date = $day::DATE`, { day: date(162) }))
      .toEqual([{ out_total: 0, secret: 0, in_total: 1, in_electronic: 1 }]);
    // MOVE-DIR: the same key, from the outgoing counts to the incoming ones
    expect(await w.rows(`SELECT out_total, in_total FROM fct_unit_day WHERE unit_code = '380' AND event_date = $day::DATE`, { day: date(171) })).toEqual([{ out_total: 0, in_total: 1 }]);
    expect(await rows('fct_unit_day_received', '380', 171)).toBe(1);
    // MOVE-SEC: secret now, out of every mart of incoming documents, counted as secret
    expect(await w.rows(`SELECT secret, in_total FROM fct_unit_day WHERE unit_code = 'P01' AND event_date = $day::DATE`, { day: date(172) })).toEqual([{ secret: 1, in_total: 0 }]);
    for (const m of ['fct_unit_day_incoming', 'fct_unit_day_received', 'fct_unit_day_processed', 'fct_unit_day_paper_from']) expect(await rows(m, 'P01', 172), m).toBe(0);
    // BORN: counted once, as it is now
    expect(await w.rows(`SELECT out_total, in_total FROM fct_unit_day WHERE unit_code = '14809' AND event_date = $day::DATE`, { day: date(174) })).toEqual([{ out_total: 1, in_total: 0 }]);
    await expectSameAsFullRebuild();
  });

  it('fails, and keeps the previous figures, when a replaced version is missing from document_history: the change is not subtracted, and the totals say so', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    await snapshot('before');
    const run2 = await loadOk('update.csv', docs.slice(0, 10).map((d, k) => changed(d, k, 2)), { loaded: 0, updated: 10 });
    await w.rows(`DELETE FROM document_history WHERE superseded_by_run = $run AND doc_id = 'D0'`, { run: run2.runId });
    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => t.test)).toContain('marts_match_document_totals');
    for (const m of MARTS) expect(await difference(m, `${m}_before`, m), `${m} keeps the previous figures`).toBe(0);
  });

  it('keeps document_totals, in every load, equal to a count of every document: new, changed, unchanged, repeated and conflicting rows, several files, a failed run', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    expect(await totalsDrift()).toBe(0);
    expect((await w.rows<{ n: number }>(`SELECT sum(n)::INTEGER AS n FROM document_totals`))[0]!.n).toBe(120);
    // changed (every kind), unchanged, new, twice the same, twice with other values (quarantined), in two files
    const first = [...docs.slice(0, 16).map((d, k) => changed(d, k, 0)), ...docs.slice(16, 20), { ...docs[0]!, id: 'NEW-A' }, { ...docs[1]!, id: 'TWICE' }];
    const second = [{ ...docs[1]!, id: 'TWICE' }, { ...docs[0]!, id: 'NEW-A', security: 'secret' }, ...docs.slice(20, 24).map((d, k) => changed(d, k, 5))];
    const run = await w.load([csv('a.csv', first), csv('b.csv', second)]);
    expect(run).toMatchObject({ status: 'succeeded', loaded: 2, updated: 20, unchanged: 5, quarantined: 1 });
    expect(await totalsDrift()).toBe(0);
    const failed = await w.load([w.file('broken.csv', 'this,is,not,an,export\n1,2,3,4,5\n')]);
    expect(failed.status).toBe('failed');
    expect(await totalsDrift()).toBe(0);
    // a checkbox column (marks or empty): an empty cell is counted as the documents keep it, not signed
    const ticked = docs.slice(40, 46).map((d, k): Doc => ({ ...d, id: `BOX-${k}`, direction: 'out', channel: 'electronic', signed: k % 2 === 0 ? 'x' : '', deadline: null, completed: null }));
    await loadOk('checkbox.csv', ticked, { loaded: 6, updated: 0 });
    expect((await w.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM documents WHERE doc_id LIKE 'BOX-%' AND signed = false`))[0]!.n).toBe(3);
    expect(await totalsDrift()).toBe(0);
    // a document changed outside any load is a drift (what the builds' check finds, below)
    await w.rows(`UPDATE documents SET channel = 'paper' WHERE doc_id = 'D30' AND channel <> 'paper'`);
    await w.rows(`UPDATE documents SET channel = 'electronic' WHERE doc_id = 'D31' AND channel = 'paper'`);
    expect(await totalsDrift()).toBeGreaterThan(0);
  });

  it('fails an incremental build when any one mart is wrong by one document, whichever key: the totals the loads kept say which mart', async () => {
    const docs = initialDocs(160);
    await loadOk('initial.csv', docs, { loaded: 160, updated: 0 });
    await buildModels(w.db);
    // one count of one row of each mart, raised by one (a change added twice), on a key the runs below do not touch
    const wrong: [string, string][] = [
      ['fct_unit_day', `UPDATE fct_unit_day SET out_total = out_total + 1 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day WHERE unit_code = 'P02')`],
      ['fct_unit_day_received', `UPDATE fct_unit_day_received SET in_total = in_total + 1 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day_received WHERE unit_code = 'P02')`],
      ['fct_unit_day_incoming', `UPDATE fct_unit_day_incoming SET n = n + 1 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day_incoming WHERE unit_code = 'P02')`],
      ['fct_unit_day_processed', `UPDATE fct_unit_day_processed SET n = n + 1 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day_processed WHERE unit_code = 'P02')`],
      ['fct_unit_day_paper_from', `UPDATE fct_unit_day_paper_from SET n = n + 1 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day_paper_from WHERE unit_code = 'P02')`],
    ];
    const others = docs.filter((d) => d.unit !== 'P02');
    for (const [k, [mart, sql]] of wrong.entries()) {
      await snapshot('right');
      await w.rows(sql);
      await loadOk(`update-${mart}.csv`, others.slice(10 * k, 10 * k + 10).map((d, i) => changed(d, i, k)), { loaded: 0, updated: 10 });
      const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
      expect(err, mart).toBeInstanceOf(DataTestFailure);
      const failed = (err as DataTestFailure).failed.find((t) => t.test === 'marts_match_document_totals');
      expect(failed?.sample.map((r) => r['mart']), mart).toEqual([mart]);
      // put right: the next build brings the run in
      for (const m of DOCUMENT_MARTS) {
        await w.rows(`DELETE FROM ${m}`);
        await w.rows(`INSERT INTO ${m} SELECT * FROM ${m}_right`);
      }
      expect((await buildModelsIncremental(w.db)).kind, mart).toBe('incremental');
    }
    await expectSameAsFullRebuild();
  });

  it('fails the next full build when document_totals drifted from the documents (a document changed outside any load), until they are counted again', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    const d = docs.find((x) => x.direction === 'out' && x.security === 'normal' && x.channel === 'electronic')!;
    await w.rows(`UPDATE documents SET channel = 'paper' WHERE doc_id = $id`, { id: d.id });
    // the full build's marts follow the documents and reconcile with them; the totals the loads kept do not
    const full = await buildModels(w.db).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(DataTestFailure);
    expect((full as DataTestFailure).failed.map((t) => t.test)).toEqual(['marts_match_document_totals']);
    expect((full as DataTestFailure).failed[0]!.sample.map((r) => r['mart'])).toEqual(['fct_unit_day']);
    // an incremental build cannot see it (the published marts and the totals both predate the
    // change: it trusts that documents change only through loads, as it always did); every full build does
    const others = docs.filter((x) => x.id !== d.id).slice(0, 5);
    await loadOk('update.csv', others.map((x, k) => changed(x, k, 2)), { loaded: 0, updated: 5 });
    expect((await buildModelsIncremental(w.db)).kind).toBe('incremental');
    const again = await buildModels(w.db).catch((e: unknown) => e);
    expect((again as DataTestFailure).failed.map((t) => t.test)).toEqual(['marts_match_document_totals']);
    // counted again (what a repair would do: the statement of migration 020), every build passes
    await recountTotals();
    expect((await buildModels(w.db)).kind).toBe('full');
  });

  it('fails when a change would take a count below zero: a row it subtracts from is missing', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    const d = docs.find((x) => x.direction === 'in' && x.security === 'normal' && x.deadline !== null)!;
    // the mart lost the rows of that document's key (drift outside any build)
    await w.rows(`DELETE FROM fct_unit_day_incoming WHERE unit_code = $unit AND event_date = $day::DATE`, { unit: d.unit, day: date(d.day) });
    // (to the next day: the deadline alone may not change its row, which keeps only when it stands decided and how)
    await loadOk('update.csv', [{ ...d, day: d.day + 1 }], { loaded: 0, updated: 1 });
    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    const failed = (err as DataTestFailure).failed;
    expect(failed.map((t) => t.test)).toEqual(['marts_counts_positive', 'marts_match_document_totals']);
    expect(failed[0]!.sample).toEqual([expect.objectContaining({ mart: 'fct_unit_day_incoming', unit_code: d.unit, n: -1 })]);
  });

  it('brings in the runs since the last build, and does nothing when there are none', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'unchanged', models: [], tests: [] });

    const run2 = await loadOk('update1.csv', docs.slice(0, 30).map((d, k) => changed(d, k, 0)), { loaded: 0, updated: 30 });
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'incremental', runs: { first: run2.runId, last: run2.runId } });
    const run3 = await loadOk('update2.csv', docs.slice(30, 60).map((d, k) => changed(d, k, 3)), { loaded: 0, updated: 30 });
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'incremental', runs: { first: run3.runId, last: run3.runId } });
    await expectSameAsFullRebuild();
    const builds = await w.rows(`SELECT kind, first_run::INTEGER AS first_run, last_run::INTEGER AS last_run FROM model_builds ORDER BY build_id`);
    expect(builds).toEqual([
      { kind: 'full', first_run: null, last_run: 1 },
      { kind: 'incremental', first_run: 2, last_run: 2 },
      { kind: 'incremental', first_run: 3, last_run: 3 },
      { kind: 'full', first_run: null, last_run: 3 },
    ]);
  });

  it('rolls back when a data test fails, keeps the previous figures, and covers those runs again next time', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    await snapshot('before');
    const run2 = await loadOk('update.csv', docs.slice(0, 40).map((d, k) => changed(d, k, 0)), { loaded: 0, updated: 40 });
    // a document of the run that breaks a rule (as a faulty load could leave it, counted in its totals)
    await w.rows(`UPDATE documents SET security = 'confidential' WHERE run_id = $run AND doc_id = 'D3'`, { run: run2.runId });
    await recountTotals();

    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => [t.test, t.scope, t.failures])).toEqual([['documents_accepted_values', 'documents', 1]]);
    for (const m of MARTS) expect(await difference(m, `${m}_before`, m), `${m} keeps the previous figures`).toBe(0);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM model_builds`)).toEqual([{ n: 1 }]);

    await w.rows(`UPDATE documents SET security = 'normal' WHERE run_id = $run AND doc_id = 'D3'`, { run: run2.runId });
    await recountTotals();
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'incremental', runs: { first: run2.runId, last: run2.runId } });
    await expectSameAsFullRebuild();
  });

  it('rolls back when a global reconciliation fails: a mart that drifted from the documents is not papered over', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    // rows of a key no run will touch go missing from the mart
    await w.rows(`DELETE FROM fct_unit_day WHERE unit_code = 'P02'`);
    await snapshot('drifted');
    await loadOk('update.csv', docs.filter((d) => d.unit !== 'P02').slice(0, 20).map((d, k) => changed(d, k, 2)), { loaded: 0, updated: 20 });

    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => t.test)).toEqual(['marts_match_document_totals']);
    for (const m of MARTS) expect(await difference(m, `${m}_drifted`, m), m).toBe(0);
    // a full build repairs it
    expect((await buildModels(w.db)).kind).toBe('full');
  });

  it('checks the province\'s pooled counts, recomputed from the documents by plain SQL, against the figures served, in full builds', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    const test = dataTests().find((t) => t.test === 'marts_reconcile_with_documents')!;
    expect(test.scope).toBe('full');
    expect(await w.rows(test.sql)).toEqual([]);
    // a mart row moved into the baseline: every total still adds up, but the province's
    // required-phase figure (unit_counts pooled over area 38) loses it
    await w.rows(`UPDATE fct_unit_day SET is_baseline = true WHERE rowid = (SELECT min(rowid) FROM fct_unit_day WHERE NOT is_baseline AND out_total > 0 AND unit_code <> 'P02')`);
    const broken = await w.rows<{ check: string }>(test.sql);
    expect(broken.map((r) => r.check)).toEqual(['province_pooled']);
    // an incremental build leaves this check to the full ones: it cannot move a row to another
    // phase (see the test's comment), and the drift of a key it does not touch stays until a full build
    await loadOk('update.csv', docs.filter((d) => d.unit === 'P02').slice(0, 5).map((d, k) => changed(d, k, 2)), { loaded: 0, updated: 5 });
    const inc = await buildModelsIncremental(w.db);
    expect(inc.kind).toBe('incremental');
    expect(inc.tests.map((t) => t.test)).not.toContain('marts_reconcile_with_documents');
    expect((await buildModels(w.db)).kind).toBe('full');
    expect(await w.rows(test.sql)).toEqual([]);
  });

  it('publishes nothing from a full build whose data tests fail: the previous figures, their views and the build log stay', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    await snapshot('before');
    const run2 = await loadOk('more.csv', initialDocs(40, 7).map((d) => ({ ...d, id: `N${d.id}` })), { loaded: 40, updated: 0 });
    await w.rows(`UPDATE documents SET security = 'confidential' WHERE run_id = $run AND rowid = (SELECT min(rowid) FROM documents WHERE run_id = $run)`, { run: run2.runId });
    await recountTotals();

    // (the run no build has checked yet: a full build checks its documents)
    const err = await buildModels(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => t.test)).toEqual(['documents_accepted_values']);
    for (const m of MARTS) expect(await difference(m, `${m}_before`, m), `${m} keeps the previous figures`).toBe(0);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM model_builds`)).toEqual([{ n: 1 }]);
    expect(await stagedTables(), 'the failed build\'s staged tables are dropped').toEqual([]);
    // the published views and macros still answer from the previous marts
    const [published] = await w.rows<{ n: number }>(`SELECT sum(out_total)::INTEGER AS n FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all')`);
    const [before] = await w.rows<{ n: number }>(`SELECT sum(out_total)::INTEGER AS n FROM fct_unit_day_before`);
    expect(published).toEqual(before);
  });

  it('builds the models beside the published ones and publishes them into the warehouse: tables renamed into place, views and macros as written', async () => {
    await loadOk('initial.csv', initialDocs(30), { loaded: 30, updated: 0 });
    const home = (await w.rows<{ d: string }>(`SELECT current_database() AS d`))[0]!.d;
    const objects = async () => w.rows<{ db: string; kind: string; name: string }>(`
      SELECT database_name AS db, 'table' AS kind, table_name AS name FROM duckdb_tables() WHERE table_name IN ('fct_unit_day', 'area_units')
      UNION ALL SELECT database_name, 'view', view_name FROM duckdb_views() WHERE view_name IN ('stg_documents', 'int_documents_scoped')
      UNION ALL SELECT database_name, function_type, function_name FROM duckdb_functions() WHERE function_name IN ('cds_rate', 'unit_counts')
      ORDER BY ALL`);
    await buildModels(w.db);
    expect(await objects()).toEqual([
      { db: home, kind: 'macro', name: 'cds_rate' },
      { db: home, kind: 'table', name: 'area_units' },
      { db: home, kind: 'table', name: 'fct_unit_day' },
      { db: home, kind: 'table_macro', name: 'unit_counts' },
      { db: home, kind: 'view', name: 'int_documents_scoped' },
      { db: home, kind: 'view', name: 'stg_documents' },
    ]);
    expect(await stagedTables()).toEqual([]);
  });

  it('publishes atomically: a reader sees every previous figure until the commit and every new one after it, never a table missing', async () => {
    await loadOk('initial.csv', initialDocs(200), { loaded: 200, updated: 0 });
    await buildModels(w.db);
    // figures from several marts, a macro over them and the build log, read in one statement (one snapshot)
    const figures = `SELECT (SELECT sum(out_total) FROM fct_unit_day)::INTEGER AS out_total, (SELECT sum(in_total) FROM fct_unit_day_received)::INTEGER AS received,
      (SELECT sum(n) FROM fct_unit_day_incoming)::INTEGER AS incoming, (SELECT sum(n) FROM fct_unit_day_processed)::INTEGER AS processed,
      (SELECT sum(out_total) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all'))::INTEGER AS served,
      (SELECT count(*) FROM model_builds)::INTEGER AS builds`;
    const [before] = await w.rows(figures);
    await loadOk('more.csv', initialDocs(120, 5).map((d) => ({ ...d, id: `M${d.id}` })), { loaded: 120, updated: 0 });

    await w.db.withConnection(async (reader) => {
      const read = async () => (await reader.runAndReadAll(figures)).getRowObjectsJS()[0];
      // a reader inside a transaction begun before the build keeps its snapshot through the publish
      await reader.run('BEGIN TRANSACTION');
      expect(await read()).toEqual(before);
      const seen: unknown[] = [];
      let done = false;
      const build = buildModels(w.db).finally(() => {
        done = true;
      });
      // and readers outside it, all through the build, see one build's figures or the other's
      const others = (async () => {
        while (!done) seen.push((await w.rows(figures))[0]);
      })();
      await build;
      await others;
      expect(await read()).toEqual(before);
      await reader.run('COMMIT');
      const after = await read();
      expect(after).not.toEqual(before);
      expect(after!['builds']).toBe(2);
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect([before, after]).toContainEqual(s);
    });
  });

  it('drops the staged tables a killed or failed build left, and those of models that no longer exist', async () => {
    await loadOk('initial.csv', initialDocs(60), { loaded: 60, updated: 0 });
    await buildModels(w.db);
    await snapshot('before');
    // what a process killed between staging and publishing leaves: committed staged tables
    await w.rows(`CREATE TABLE fct_unit_day__next AS SELECT 'garbage' AS unit_code`);
    await w.rows(`CREATE TABLE retired_model__next AS SELECT 1 AS x`);
    expect(await stagedTables()).toEqual(['fct_unit_day__next', 'retired_model__next']);
    await buildModels(w.db);
    expect(await stagedTables()).toEqual([]);
    for (const m of MARTS) expect(await difference(m, `${m}_before`, m), m).toBe(0);
  });

  it('does a full build when none is recorded, or when the milestones or units changed since the last one', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'full', reason: 'no earlier build is recorded', runs: { first: 1, last: 1 } });

    // a later milestone moves documents from the required phase to the baseline, on keys no run touches
    await w.rows(`UPDATE milestones SET milestone = DATE '2020-08-15' WHERE level = 'district'`);
    await loadOk('update.csv', docs.slice(0, 10).map((d, k) => changed(d, k, 2)), { loaded: 0, updated: 10 });
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'full', reason: expect.stringContaining('milestones changed') });
    await expectSameAsFullRebuild();

    await w.rows(`UPDATE units SET district_code = '380' WHERE code = '14809'`);
    await loadOk('update2.csv', docs.slice(10, 20).map((d, k) => changed(d, k, 4)), { loaded: 0, updated: 10 });
    expect(await buildModelsIncremental(w.db)).toMatchObject({ kind: 'full', reason: expect.stringContaining('units or milestones') });
  });
});

describe('data test scope', () => {
  it('scopes the checks of every document and mart key to the runs, keeps a cheap reconciliation with every document in incremental builds, and the checks of the registry, macros and the heavier reconciliations to full builds', () => {
    const scope = (s: string) => dataTests().filter((t) => t.scope === s).map((t) => t.test);
    expect(scope('documents')).toEqual(['documents_unique_key', 'documents_key_hash', 'documents_accepted_values', 'documents_known_units', 'documents_local_dates']);
    expect(scope('run')).toEqual([
      'fct_unit_day_unique_key', 'fct_unit_day_incoming_unique_key',
      'fct_unit_day_paper_from_unique_key', 'fct_unit_day_processed_unique_key', 'fct_unit_day_received_unique_key',
    ]);
    expect(scope('all')).toEqual([
      'fct_quarantine_rows_every_entry_once', 'fct_quarantine_rows_accepted_values', 'fct_quarantine_rows_one_open_per_key', 'fct_unit_day_quarantine_reconciles',
      'fct_unit_day_counts_bounded', 'marts_counts_positive', 'marts_match_document_totals', 'fct_unit_day_received_bounded',
    ]);
    expect(scope('full')).toEqual([
      'area_units_district_areas_complete', 'area_units_27_districts', 'fct_quarantine_rows_resolved_by_documents', 'marts_reconcile_with_documents',
      'sender_units_one_unit_per_key', 'paper_from_reconcile_with_documents', 'paper_sent_to_office_bounded', 'unit_month_processed_bounded',
      'receipts_on_paper_from_unit_consistent', 'unit_month_received_within_scope', 'in_status_decided_as_rules', 'unit_counts_consistent',
    ]);
    // the reconciliation that stands in an incremental build for the full build's runs in every build (against document_totals)
    expect(scope('all')).toContain('marts_match_document_totals');
    expect(scope('incremental')).toEqual([]);
  });

  it('refuses two data tests of one name (a build matches results to tests, and people read failures, by name)', () => {
    const t = (test: string, file: string) => ({ test, file, sql: 'SELECT 1 WHERE false', scope: 'all' as const });
    expect(withUniqueNames([t('a', 'marts/x.test.sql'), t('b', 'marts/y.test.sql')]).map((x) => x.test)).toEqual(['a', 'b']);
    expect(() => withUniqueNames([t('a', 'marts/x.test.sql'), t('a', 'marts/y.test.sql')])).toThrow('Data test a is named twice (marts/x.test.sql and marts/y.test.sql)');
    expect(withUniqueNames(dataTests())).toHaveLength(dataTests().length);
  });

  it('finds a duplicated document beside an earlier run\'s copy, in an incremental build and in a full one', async () => {
    const docs = initialDocs(60);
    await loadOk('initial.csv', docs, { loaded: 60, updated: 0 });
    await buildModels(w.db);
    const run2 = await loadOk('more.csv', [{ ...docs[0]!, id: 'NEW1' }], { loaded: 1, updated: 0 });
    // the run's row duplicated as an earlier run's row (what a faulty merge could leave)
    await w.rows(`INSERT INTO documents SELECT * REPLACE (1::BIGINT AS run_id, 1::BIGINT AS first_run_id) FROM documents WHERE run_id = $run`, { run: run2.runId });
    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 1, sample: [{ unit_code: docs[0]!.unit, doc_id: 'NEW1', copies: 2n }] });
    // and a full build finds it among all documents
    const full = await buildModels(w.db).catch((e: unknown) => e);
    expect((full as DataTestFailure).failed.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 1, sample: [{ doc_id: 'NEW1', copies: 2n }] });
    // twice among the run's own rows
    await w.rows(`UPDATE documents SET run_id = $run WHERE doc_id = 'NEW1'`, { run: run2.runId });
    const again = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect((again as DataTestFailure).failed.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 1, sample: [{ doc_id: 'NEW1', copies: 2n }] });
  });

  it('does not take a document of another unit with the same doc_id for a duplicate (documents_unique_key looks the run\'s keys up among the earlier rows by their stored hashes, then compares the keys)', async () => {
    const docs = initialDocs(60);
    await loadOk('initial.csv', docs, { loaded: 60, updated: 0 });
    await buildModels(w.db);
    const other = docs.find((d) => d.unit !== docs[0]!.unit)!;
    // docs[0]'s doc_id, in another unit: another document
    await loadOk('more.csv', [{ ...other, id: docs[0]!.id }], { loaded: 1, updated: 0 });
    const r = await buildModelsIncremental(w.db);
    expect(r.kind).toBe('incremental');
    expect(r.tests.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 0 });
    // and the same key in that unit, set again by a run (an update) then planted as an earlier run's row too: found
    const run3 = await loadOk('again.csv', [{ ...other, id: docs[0]!.id, hour: other.hour === 11 ? 12 : 11 }], { loaded: 0, updated: 1 });
    await w.rows(`INSERT INTO documents SELECT * REPLACE (1::BIGINT AS run_id, 1::BIGINT AS first_run_id) FROM documents WHERE run_id = $run`, { run: run3.runId });
    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 1, sample: [{ unit_code: other.unit, doc_id: docs[0]!.id, copies: 2n }] });
  });

  it('checks the business dates of the run\'s documents in an incremental build, and in a full one those of the runs no build checked under the same tests, registry and schema', async () => {
    const docs = initialDocs(60);
    await loadOk('initial.csv', docs, { loaded: 60, updated: 0 });
    await buildModels(w.db);
    // 00:30 local on 2020-07-01 is 2020-06-30 in UTC: the date a load that forgot the time zone would take
    const run2 = await loadOk('more.csv', [{ ...docs[0]!, id: 'MIDNIGHT', day: 61, hour: 24 }], { loaded: 1, updated: 0 });
    await w.rows(`UPDATE documents SET event_date = DATE '2020-06-30' WHERE run_id = $run`, { run: run2.runId });
    const err = await buildModelsIncremental(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => [t.test, t.failures])).toEqual([['documents_local_dates', 1]]);
    expect((err as DataTestFailure).failed[0]!.sample[0]).toMatchObject({ instant: 'event', business_date: new Date('2020-06-30T00:00:00Z'), documents: 1n });

    await w.rows(`UPDATE documents SET event_date = DATE '2020-07-01' WHERE run_id = $run`, { run: run2.runId });
    expect((await buildModelsIncremental(w.db)).kind).toBe('incremental');
    // a wrong completion date on a document of an earlier run: an incremental build does not
    // look at it (a build before it checked that run), nor does a full build under the same
    // tests and registry (documents change only through runs: what a build checked stays as
    // it was); a full build checks every run again when the tests, the registry or the
    // schema changed since the last build
    await w.rows(`UPDATE documents SET completed_date = completed_date + 1 WHERE doc_id = (SELECT min(doc_id) FROM documents WHERE completed_date IS NOT NULL)`);
    const run3 = await loadOk('more2.csv', [{ ...docs[1]!, id: 'LATER' }], { loaded: 1, updated: 0 });
    expect((await buildModelsIncremental(w.db)).kind).toBe('incremental');
    expect(await buildModels(w.db)).toMatchObject({ kind: 'full', documentRuns: { first: run3.runId + 1, last: run3.runId } });
    // the tests changed since (as a new model version's build log would say)
    await w.rows(`UPDATE model_builds SET models_hash = 'other tests' WHERE build_id = (SELECT max(build_id) FROM model_builds)`);
    const full = await buildModels(w.db).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(DataTestFailure);
    expect((full as DataTestFailure).failed.map((t) => [t.test, t.scope])).toEqual([['documents_local_dates', 'documents']]);
    // a migration applied after the last build
    await w.rows(`UPDATE documents SET completed_date = completed_date - 1 WHERE doc_id = (SELECT min(doc_id) FROM documents WHERE completed_date IS NOT NULL)`);
    expect(await buildModels(w.db)).toMatchObject({ kind: 'full', documentRuns: { first: 1, last: run3.runId } });
    await w.rows(`UPDATE documents SET completed_date = completed_date + 1 WHERE doc_id = (SELECT min(doc_id) FROM documents WHERE completed_date IS NOT NULL)`);
    expect(await buildModels(w.db)).toMatchObject({ kind: 'full', documentRuns: { first: run3.runId + 1, last: run3.runId } });
    await w.rows(`INSERT INTO schema_migrations VALUES ('999-later.sql', now() + INTERVAL 1 SECOND)`);
    const afterMigration = await buildModels(w.db).catch((e: unknown) => e);
    expect((afterMigration as DataTestFailure).failed.map((t) => t.test)).toEqual(['documents_local_dates']);
  });

  it('checks in a full build the documents of the runs no build has checked: a violation loaded since the last build is caught', async () => {
    const docs = initialDocs(60);
    await loadOk('initial.csv', docs, { loaded: 60, updated: 0 });
    expect(await buildModels(w.db)).toMatchObject({ kind: 'full', documentRuns: { first: 1, last: 1 } });
    const run2 = await loadOk('more.csv', [{ ...docs[0]!, id: 'MIDNIGHT', day: 61, hour: 24 }], { loaded: 1, updated: 0 });
    const run3 = await loadOk('more2.csv', [{ ...docs[1]!, id: 'OTHER' }], { loaded: 1, updated: 0 });
    await w.rows(`UPDATE documents SET event_date = DATE '2020-06-30' WHERE run_id = $run`, { run: run2.runId });
    const err = await buildModels(w.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.map((t) => [t.test, t.scope, t.failures])).toEqual([['documents_local_dates', 'documents', 1]]);
    // a duplicate of a checked run's document in an unchecked run, and an unknown unit
    await w.rows(`UPDATE documents SET event_date = DATE '2020-07-01' WHERE run_id = $run`, { run: run2.runId });
    await w.rows(`INSERT INTO documents SELECT * REPLACE ($run::BIGINT AS run_id) FROM documents WHERE run_id = 1 AND doc_id = 'D5'`, { run: run3.runId });
    await w.rows(`UPDATE documents SET unit_code = 'NOWHERE' WHERE run_id = $run AND doc_id = 'OTHER'`, { run: run3.runId });
    await recountTotals();
    const again = await buildModels(w.db).catch((e: unknown) => e);
    // (the unknown unit's document is in no mart: the reconciliations fail too; its key
    // changed outside a load, so its stored key hash is no longer its key's)
    expect((again as DataTestFailure).failed.filter((t) => t.scope === 'documents').map((t) => [t.test, t.failures])).toEqual([['documents_unique_key', 1], ['documents_key_hash', 1], ['documents_known_units', 1]]);
    await w.rows(`DELETE FROM documents WHERE run_id = $run`, { run: run3.runId });
    await recountTotals();
    expect(await buildModels(w.db)).toMatchObject({ kind: 'full', documentRuns: { first: 2, last: run3.runId } });
  });

  it('finds a duplicated row of the marts keyed finer than the day among the runs\' keys in an incremental build; a full build, whose GROUP BY makes the keys unique, does not look', async () => {
    const docs = initialDocs(120);
    await loadOk('initial.csv', docs, { loaded: 120, updated: 0 });
    await buildModels(w.db);
    const found = (test: string, range: { first_run: number; last_run: number }) =>
      w.db.withConnection((conn) => readRows<Record<string, unknown>>(conn, dataTests().find((t) => t.test === test)!.sql, range));
    for (const [k, [mart, test]] of ([
      ['fct_unit_day_processed', 'fct_unit_day_processed_unique_key'], ['fct_unit_day_incoming', 'fct_unit_day_incoming_unique_key'],
      ['fct_unit_day', 'fct_unit_day_unique_key'], ['fct_unit_day_received', 'fct_unit_day_received_unique_key'], ['fct_unit_day_paper_from', 'fct_unit_day_paper_from_unique_key'],
    ] as const).entries()) {
      expect(await found(test, { first_run: 0, last_run: Number.MAX_SAFE_INTEGER })).toEqual([]);
      const [row] = await w.rows<{ unit_code: string; event_date: string }>(`SELECT unit_code, strftime(event_date, '%Y-%m-%d') AS event_date FROM ${mart} WHERE rowid = (SELECT min(rowid) FROM ${mart})`);
      await w.rows(`INSERT INTO ${mart} SELECT * FROM ${mart} WHERE rowid = (SELECT min(rowid) FROM ${mart})`);
      // a full build's range (every run, from 0): not looked for, the full build's marts cannot have it
      expect(await found(test, { first_run: 0, last_run: Number.MAX_SAFE_INTEGER }), mart).toEqual([]);
      // every run from the first (an incremental build after a build of no run): every key
      const every = await found(test, { first_run: 1, last_run: Number.MAX_SAFE_INTEGER });
      expect(every, mart).toHaveLength(1);
      expect(every[0], mart).toMatchObject({ unit_code: row!.unit_code });
      // a run that sets a document of that key finds it; one that sets none of its keys does not
      // (each changes the hour of one document, on the same local day)
      const doc = docs.find((d) => d.unit === row!.unit_code && date(d.day) === row!.event_date && d.hour < 24)!;
      const run = await loadOk(`touch-${mart}.csv`, [{ ...doc, hour: 17 + k }], { loaded: 0, updated: 1 });
      expect(await found(test, { first_run: run.runId, last_run: run.runId }), mart).toHaveLength(1);
      const other = docs.find((d) => d.unit !== row!.unit_code && d.day !== doc.day && d.hour < 24)!;
      const elsewhere = await loadOk(`other-${mart}.csv`, [{ ...other, hour: 19 + k }], { loaded: 0, updated: 1 });
      expect(await found(test, { first_run: elsewhere.runId, last_run: elsewhere.runId }), mart).toEqual([]);
      await w.rows(`DELETE FROM ${mart} WHERE rowid = (SELECT max(rowid) FROM ${mart})`);
    }
  });

  it('reports each rule of unit_counts_consistent that the marts break', async () => {
    await loadOk('initial.csv', initialDocs(120), { loaded: 120, updated: 0 });
    await buildModels(w.db);
    const test = dataTests().find((t) => t.test === 'unit_counts_consistent')!;
    expect(await w.rows(test.sql)).toEqual([]);
    await w.rows(`UPDATE fct_unit_day SET out_electronic = out_total + 1000 WHERE rowid = (SELECT min(rowid) FROM fct_unit_day WHERE out_total > 0)`);
    await w.rows(`UPDATE fct_unit_day_incoming SET is_baseline = NULL WHERE rowid = (SELECT min(rowid) FROM fct_unit_day_incoming)`);
    const broken = await w.rows<{ rule: string }>(test.sql);
    expect(broken.map((r) => r.rule).sort()).toEqual(['phases_add_up', 'rates_within_bounds']);
  });
});
