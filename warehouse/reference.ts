import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database.ts';
import { sqlFile } from './sql.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * Loads the configuration that figures depend on (units registry, milestones, inspection
 * teams) into the database, in one transaction, and refuses a registry that would make
 * figures wrong.
 */
export async function loadReference(db: Database, config: Pick<Config, 'unitsFile' | 'settings'>): Promise<{ units: number; changed: boolean }> {
  const { settings } = config;
  const contentHash = async (conn: DuckDBConnection) =>
    String((await conn.runAndReadAll(sqlFile(new URL('./sql/reference-content.sql', import.meta.url)))).getRowObjectsJS()[0]?.['hash']);
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const before = await contentHash(conn);
      try {
        await conn.run(sqlFile(new URL('./sql/reference-units.sql', import.meta.url)), { path: config.unitsFile });
      } catch (err) {
        throw new AppError(500, 'registry_invalid', `Cannot load the units registry ${config.unitsFile}: ${(err as Error).message}`);
      }
      await conn.run('DELETE FROM milestones');
      for (const [level, date] of Object.entries(settings.milestones)) {
        await conn.run(`INSERT INTO milestones VALUES ($level, $date::DATE)`, { level, date });
      }
      await conn.run('DELETE FROM team_units');
      await conn.run('DELETE FROM teams');
      for (const team of settings.teams) {
        await conn.run(`INSERT INTO teams VALUES ($id, $name, $lead)`, { id: team.id, name: team.name.normalize('NFC'), lead: team.lead.normalize('NFC') });
        for (const unit of team.units) {
          await conn.run(`INSERT INTO team_units VALUES ($id, $unit)`, { id: team.id, unit });
        }
      }
      const problems = (await conn.runAndReadAll(sqlFile(new URL('./sql/reference-check.sql', import.meta.url)))).getRowObjectsJS();
      if (problems.length > 0) {
        throw new AppError(500, 'registry_invalid', `The units registry or team assignment is inconsistent:\n- ${problems.map((p) => p['problem']).join('\n- ')}`);
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
