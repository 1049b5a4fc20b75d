import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database.ts';
import { readRows, runScript, sqlFile } from './sql.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/**
 * Loads the configuration that figures depend on (units registry, milestones, inspection
 * teams) into the database, in one transaction, and refuses a registry that would make
 * figures wrong.
 */
export async function loadReference(db: Database, config: Pick<Config, 'unitsFile' | 'settings'>): Promise<{ units: number; changed: boolean }> {
  const { settings } = config;
  const contentHash = async (conn: DuckDBConnection) => String((await readRows(conn, q('reference-content')))[0]?.['hash']);
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const before = await contentHash(conn);
      try {
        await runScript(conn, q('reference-units'), { path: config.unitsFile });
      } catch (err) {
        throw new AppError(500, 'registry_invalid', `Cannot load the units registry ${config.unitsFile}: ${(err as Error).message}`);
      }
      await runScript(conn, q('reference-settings-clear'));
      for (const [level, date] of Object.entries(settings.milestones)) {
        await runScript(conn, q('reference-milestone-insert'), { level, date });
      }
      for (const team of settings.teams) {
        await runScript(conn, q('reference-team-insert'), { team_id: team.id, name: team.name.normalize('NFC'), lead: team.lead.normalize('NFC') });
        for (const unit of team.units) await runScript(conn, q('reference-team-unit-insert'), { team_id: team.id, unit_code: unit });
      }
      const problems = await readRows(conn, q('reference-check'));
      if (problems.length > 0) {
        throw new AppError(500, 'registry_invalid', `The units registry or team assignment is inconsistent:\n- ${problems.map((p) => p['problem']).join('\n- ')}`);
      }
      const office = (await readRows(conn, q('reference-unit-level'), { code: settings.provincialOffice }))[0];
      if (office?.['level'] !== 'province') {
        throw new AppError(500, 'registry_invalid', `provincialOffice "${settings.provincialOffice}" is not a provincial body of the units registry`);
      }
      const count = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM units`)).getRowObjectsJS()[0]?.['n'] as number;
      // Unchanged (the usual start): keep the rows as they were. Committing the same rows
      // again would leave DuckDB counting every deleted copy in its row estimates (tens of
      // thousands of "units" after a few dozen starts), which can turn its join plans round.
      const changed = (await contentHash(conn)) !== before;
      await conn.run(changed ? 'COMMIT' : 'ROLLBACK');
      return { units: count, changed };
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  });
}
