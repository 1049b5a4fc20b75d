import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../ingest/load.ts';
import { FIXTURES, RUNTIME } from './fixtures/bad-inputs/make.ts';
import { repoRoot, testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

/**
 * The corpus of bad input files (test/fixtures/bad-inputs/, described in expected.json):
 * each file is loaded in a run of its own and must either fail with a clear message that
 * names the file, or load its good rows and quarantine the others with a reason naming
 * the field. Nothing may throw, crash or reject unhandled.
 */

interface QuarantineExpectation {
  row: number;
  /** the field at fault; null when the row as a whole could not be read */
  field: string | null;
  code: string;
  /** a pattern the reason must match */
  reason?: string;
}

interface Expectation {
  about: string;
  /** the run fails with an error matching this pattern (case-insensitive) */
  fails?: string;
  /** otherwise the run succeeds: documents it added, rows seen again unchanged, rows quarantined */
  loaded?: number;
  unchanged?: number;
  quarantine?: QuarantineExpectation[];
  /** loaded documents by doc_id, with fields to compare */
  documents?: Record<string, Record<string, string | number | boolean | null | string[]>>;
  /** a defect not fixed yet: the checks are expected to fail until it is */
  knownIssue?: string;
}

const dir = join(repoRoot, 'test/fixtures/bad-inputs');
const manifest = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expectation>;
const NOT_FIXTURES = new Set(['expected.json', 'make.ts']);

let w: TestWarehouse;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  w = await testWarehouse();
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
});
afterAll(() => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  w?.close();
});

describe('the bad-input corpus', () => {
  it('has at least 40 files, every one described in expected.json, and make.ts built the generated ones', () => {
    const onDisk = readdirSync(dir).filter((f) => !NOT_FIXTURES.has(f));
    expect(new Set([...onDisk, ...Object.keys(RUNTIME)])).toEqual(new Set(Object.keys(manifest)));
    for (const name of Object.keys(FIXTURES)) expect(onDisk, `${name}: run npx tsx test/fixtures/bad-inputs/make.ts`).toContain(name);
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(40);
    for (const [name, e] of Object.entries(manifest)) {
      expect(e.about, name).toBeTruthy();
      expect(e.fails === undefined, `${name}: either fails or loaded`).toBe(e.loaded !== undefined);
    }
  });
});

describe.each(Object.entries(manifest))('%s', (name, expected) => {
  const test = expected.knownIssue ? it.fails : it;
  test(`${expected.fails ? 'fails clearly' : 'loads its good rows'}: ${expected.about}${expected.knownIssue ? ` (known issue: ${expected.knownIssue})` : ''}`, async () => {
    // each file is judged on its own: what an earlier file loaded must not count as unchanged here
    await w.rows(`DELETE FROM document_history`);
    await w.rows(`DELETE FROM documents`);
    const runtime = RUNTIME[name];
    const path = runtime ? join(w.dir, name) : join(dir, name);
    if (runtime) writeFileSync(path, runtime());

    const run = await w.load([{ path, name }]);
    const quarantined = await w.rows<{ row: number; field: string | null; codes: string[]; reason: string }>(`
      SELECT row_no::INTEGER AS row, field, list_transform(problems, p -> p.code) AS codes, reason
      FROM quarantine WHERE run_id = $run ORDER BY row_no`, { run: run.runId });
    const loaded = await w.rows<Record<string, unknown>>(`
      SELECT unit_code, doc_id, direction, number, doc_type, doc_date::VARCHAR AS doc_date, cds_iso(event_time) AS event_time,
             security, channel, signed, deadline::VARCHAR AS deadline, cds_iso(completed_time) AS completed_time, row_no::INTEGER AS row,
             list_transform(notes, x -> x.code) AS notes
      FROM documents WHERE run_id = $run ORDER BY row_no`, { run: run.runId });
    if (process.env['BAD_INPUTS_PRINT']) console.log(JSON.stringify({ name, run: summary(run), quarantined, loaded: loaded.map((d) => [d['doc_id'], d['row']]) }));

    if (expected.fails) {
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(new RegExp(expected.fails, 'i'));
      // the message is for a person: it names the file, stays short and carries no stack or archive path
      expect(run.error).toContain(name);
      expect(run.error!.length).toBeLessThan(700);
      expect(run.error).not.toMatch(/\n\s+at |archive\/[0-9a-f]{2}\//);
      expect(quarantined).toEqual([]);
      expect(loaded).toEqual([]);
      return;
    }
    expect(run, run.error).toMatchObject({ status: 'succeeded', loaded: expected.loaded, updated: 0, unchanged: expected.unchanged ?? 0 });
    expect(run.received).toBe(run.loaded + run.unchanged + run.quarantined);
    expect(loaded).toHaveLength(expected.loaded!);
    const want = expected.quarantine ?? [];
    expect(quarantined.map((q) => ({ row: q.row, field: q.field, code: q.codes[0] }))).toEqual(want.map(({ reason: _, ...q }) => q));
    for (const [i, q] of quarantined.entries()) {
      if (want[i]?.reason) expect(q.reason, `row ${q.row}`).toMatch(new RegExp(want[i]!.reason!));
      expect(q.reason.length, `row ${q.row}`).toBeGreaterThan(10);
      // a reason from validation starts with the field it is about
      if (q.field !== null && q.codes[0] !== 'unreadable_row') expect(q.reason, `row ${q.row}`).toContain(q.field);
    }
    for (const [docId, fields] of Object.entries(expected.documents ?? {})) {
      expect(loaded.find((d) => d['doc_id'] === docId), docId).toMatchObject(fields);
    }
    // text is stored in NFC, whatever form it came in
    for (const d of loaded) for (const k of ['doc_id', 'number', 'doc_type']) if (typeof d[k] === 'string') expect(d[k]).toBe((d[k] as string).normalize('NFC'));
  });
});

describe('after the whole corpus', () => {
  it('nothing crashed or rejected unhandled', () => {
    expect(crashes).toEqual([]);
  });
});

function summary(r: RunSummary) {
  return { status: r.status, received: r.received, loaded: r.loaded, unchanged: r.unchanged, quarantined: r.quarantined, error: r.error };
}
