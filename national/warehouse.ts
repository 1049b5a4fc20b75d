import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors.ts';
import { Database } from '../warehouse/database.ts';
import { migrate } from '../warehouse/migrate.ts';
import { runScript, sqlFile } from '../warehouse/sql.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));
/** The rules every figure follows (cds_rate, cds_score, …): the province's own, on the national counts. */
const RULES = new URL('../analytics/models/marts/rules.sql', import.meta.url);

export interface OpenNationalOptions {
  /**
   * false: a file that does not exist is refused (national_warehouse_missing, `missing`
   * saying what to do) rather than created: a mistyped path would otherwise serve, roll up
   * into or withdraw from a new empty warehouse. Default true.
   */
  create?: boolean;
  /** what the refusal adds: what was not done, or how to build the warehouse */
  missing?: { en: string; vi: string };
}

/**
 * Opens (creating if needed and allowed) a national warehouse: the project's schema
 * (accounts, sessions, audit; the national tables of migration 018) and the national
 * figures' macros (national/sql/macros.sql). A province's warehouse (it holds documents) is
 * refused.
 */
export async function openNationalWarehouse(path: string, options: OpenNationalOptions = {}): Promise<Database> {
  if (path !== ':memory:' && options.create === false && !existsSync(path)) {
    const m = options.missing ?? { en: 'nothing was done.', vi: 'chưa làm gì.' };
    throw new AppError(404, 'national_warehouse_missing', `There is no national warehouse at ${path}: ${m.en}\nKhông có kho số liệu quốc gia tại ${path}: ${m.vi}`, { path });
  }
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
