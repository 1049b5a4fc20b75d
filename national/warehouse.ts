import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors.ts';
import { Database } from '../warehouse/database.ts';
import { migrate } from '../warehouse/migrate.ts';
import { runScript, sqlFile } from '../warehouse/sql.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));
/** The rules every figure follows (cds_rate, cds_score, …): the province's own, on the national counts. */
const RULES = new URL('../analytics/models/marts/rules.sql', import.meta.url);

/**
 * Opens (creating if needed) a national warehouse: the project's schema (accounts, sessions,
 * audit; the national tables of migration 018) and the national figures' macros
 * (national/sql/macros.sql). A province's warehouse (it holds documents) is refused.
 */
export async function openNationalWarehouse(path: string): Promise<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = await Database.open(path);
  try {
    await migrate(db);
    const held = (await db.all<{ documents: number }>(q('is-province')))[0]!;
    if (held.documents > 0) {
      throw new AppError(409, 'not_national', `${path} is a province's warehouse (it holds documents), not a national one: give the national roll-up a file of its own.`);
    }
    await db.withConnection(async (conn) => {
      await runScript(conn, sqlFile(RULES));
      await runScript(conn, q('macros'));
    });
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
