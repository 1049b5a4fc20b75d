import { readdirSync, readFileSync } from 'node:fs';
import { splitStatements, type Database } from './db.ts';

const LAYERS = ['staging', 'intermediate', 'marts'] as const;
const modelsDir = new URL('./models/', import.meta.url);

export interface ModelFile {
  layer: (typeof LAYERS)[number];
  name: string;
  sql: string;
}

export interface DataTestResult {
  test: string;
  file: string;
  failures: number;
  sample: Record<string, unknown>[];
}

export interface BuildResult {
  models: string[];
  tests: DataTestResult[];
  ms: number;
}

export class DataTestFailure extends Error {
  constructor(readonly failed: DataTestResult[]) {
    super(`Data tests failed: ${failed.map((t) => `${t.test} (${t.failures} rows, e.g. ${JSON.stringify(t.sample[0], (_, v) => (typeof v === 'bigint' ? Number(v) : v))})`).join('; ')}`);
  }
}

/** The models in build order: layer by layer (staging → intermediate → marts), by name within a layer. */
export function modelFiles(): ModelFile[] {
  return LAYERS.flatMap((layer) =>
    readdirSync(new URL(`${layer}/`, modelsDir))
      .filter((f) => f.endsWith('.sql') && !f.endsWith('.test.sql'))
      .sort()
      .map((f) => ({ layer, name: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(`${layer}/${f}`, modelsDir), 'utf8') })),
  );
}

/** Data tests: every `-- test: name` statement of every .test.sql file; each returns the rows that break its rule. */
export function dataTests(): { test: string; file: string; sql: string }[] {
  return LAYERS.flatMap((layer) =>
    readdirSync(new URL(`${layer}/`, modelsDir))
      .filter((f) => f.endsWith('.test.sql'))
      .sort()
      .flatMap((f) => {
        const text = readFileSync(new URL(`${layer}/${f}`, modelsDir), 'utf8');
        return text
          .split(/^-- test: /m)
          .slice(1)
          .map((chunk) => {
            const name = chunk.slice(0, chunk.indexOf('\n')).trim();
            const sql = splitStatements(chunk.slice(chunk.indexOf('\n') + 1))[0] ?? '';
            return { test: name, file: `${layer}/${f}`, sql };
          });
      }),
  );
}

/**
 * Rebuilds every model in one transaction (readers keep seeing the previous figures until
 * it commits), then runs the data tests inside it: a build whose figures break a rule is
 * rolled back, and the previous figures stay.
 */
export async function buildModels(db: Database): Promise<BuildResult> {
  const started = performance.now();
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const models: string[] = [];
      for (const m of modelFiles()) {
        try {
          for (const statement of splitStatements(m.sql)) await conn.run(statement);
        } catch (err) {
          throw new Error(`Model ${m.layer}/${m.name} failed: ${(err as Error).message}`);
        }
        models.push(`${m.layer}/${m.name}`);
      }
      const tests: DataTestResult[] = [];
      for (const t of dataTests()) {
        const rows = (await conn.runAndReadAll(`SELECT * FROM (${t.sql}) LIMIT 5`)).getRowObjectsJS();
        const failures = rows.length === 0 ? 0 : Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (${t.sql})`)).getRowObjectsJS()[0]?.['n']);
        tests.push({ test: t.test, file: t.file, failures, sample: rows });
      }
      const failed = tests.filter((t) => t.failures > 0);
      if (failed.length > 0) throw new DataTestFailure(failed);
      await conn.run('COMMIT');
      return { models, tests, ms: Math.round(performance.now() - started) };
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}
