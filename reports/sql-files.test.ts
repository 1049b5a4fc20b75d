// Every .sql file of the reports is checked by DuckDB itself (as analytics/sql-files.test.ts
// does for the figures): a misspelled column fails here, not in front of a user.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';

const dir = new URL('./queries/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));

let w: TestWarehouse;
beforeAll(async () => {
  w = await testWarehouse();
  await buildModels(w.db);
});
afterAll(() => w.close());

it.each(files)('reports/queries/%s prepares', async (file) => {
  await w.db.withConnection(async (conn) => {
    const statements = await conn.extractStatements(readFileSync(new URL(file, dir), 'utf8'));
    expect(statements.count).toBe(1);
    const prepared = await statements.prepare(0);
    expect(prepared.parameterCount).toBeGreaterThanOrEqual(0);
    prepared.destroySync();
  });
});
