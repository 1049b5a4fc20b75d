// Every .sql file is checked by DuckDB itself. Here: every file of the project parses, and
// the statements of the warehouse's, the access store's, the build log's and the load's own
// files prepare against a migrated warehouse (with the load's temp tables), so a misspelled
// column fails here. The models, the figures' and reports' queries are checked in
// analytics/sql-files.test.ts and reports/sql-files.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { StatementType } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { runScript, sqlFile } from './sql.ts';

const SKIP = new Set(['node_modules', '.git', 'dist', 'data', 'work', 'fixtures']);
function sqlFiles(dir = ''): string[] {
  return readdirSync(`${repoRoot}/${dir}`, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith('.') ? [] : sqlFiles(`${dir}${e.name}/`);
    return e.name.endsWith('.sql') ? [`${dir}${e.name}`] : [];
  });
}
const all = sqlFiles();

/**
 * The load's files that read what the load makes on the fly from each export (the views
 * raw_batch and staged, with a file's own columns; keyed and csv_rejects after them), or a
 * temp table of their own (merge-totals.sql's totals_next): they run in every load test
 * (ingest/load.test.ts and the integration tests) and parse here.
 */
const READ_THE_RUN = ['normalise.sql', 'merge-classify.sql', 'merge-counts.sql', 'merge-apply.sql', 'merge-check.sql', 'merge-replaced.sql', 'merge-totals.sql', 'csv-rejects.sql'];
const prepared = all.filter((f) => /^(warehouse|auth|analytics|ingest|alerts)\/sql\//.test(f) && !READ_THE_RUN.includes(f.split('/').pop()!));

let w: TestWarehouse;
beforeAll(async () => { w = await testWarehouse(); });
afterAll(() => w.close());

describe('SQL files', () => {
  it('finds the files of every layer', () => {
    for (const dir of ['warehouse/migrations/', 'warehouse/sql/', 'ingest/sql/', 'ingest/queries/', 'auth/sql/', 'alerts/sql/', 'analytics/models/', 'analytics/queries/', 'analytics/sql/', 'reports/queries/']) {
      expect(all.some((f) => f.startsWith(dir)), dir).toBe(true);
    }
    for (const f of READ_THE_RUN) expect(all, f).toContain(`ingest/sql/${f}`);
  });

  it.each(all)('%s parses', async (file) => {
    await w.db.withConnection(async (conn) => {
      const statements = await conn.extractStatements(readFileSync(`${repoRoot}/${file}`, 'utf8'));
      expect(statements.count).toBeGreaterThan(0);
    });
  });

  it('computes no count over an empty window (count(*) OVER ()): DuckDB 1.5.5 fails on it now and then with an internal error that invalidates the database until a restart (duckdb/duckdb#25713)', () => {
    // comments aside, as DuckDB reads them
    const uses = all.filter((f) => /\bcount\s*\([^)]*\)\s*(FILTER\s*\([^)]*\)\s*)?OVER\s*\(\s*\)/i.test(readFileSync(`${repoRoot}/${f}`, 'utf8').replace(/--[^\n]*/g, '')));
    expect(uses).toEqual([]);
  });

  it.each(prepared)('%s prepares', async (file) => {
    await w.db.withConnection(async (conn) => {
      // the load's temp tables and parsers, as a run has them
      for (const setup of ['macros', 'run-temps', 'staged-rows']) await runScript(conn, sqlFile(new URL(`../ingest/sql/${setup}.sql`, import.meta.url)));
      await conn.run('BEGIN TRANSACTION');
      try {
        const statements = await conn.extractStatements(readFileSync(`${repoRoot}/${file}`, 'utf8'));
        for (let i = 0; i < statements.count; i++) {
          const p = await statements.prepare(i);
          // what a file creates, later statements of it read: created here (and rolled back)
          if (p.statementType === StatementType.CREATE && p.parameterCount === 0) await p.run();
          p.destroySync();
        }
      } finally {
        await conn.run('ROLLBACK');
      }
    });
  });
});
