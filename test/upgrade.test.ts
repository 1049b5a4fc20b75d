import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD, loadConfig } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { startService, type Service } from '../service.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

// A warehouse written by each released version (test/fixtures/warehouses/make.ts) must open,
// migrate and serve in this one, with nothing it held lost.
const fixturesDir = join(repoRoot, 'test/fixtures/warehouses');
const fixtures = readdirSync(fixturesDir).filter((f) => /^v[\d.]+\.duckdb\.gz$/.test(f));

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('warehouses of earlier releases', () => {
  it('has a fixture for the released schemas', () => {
    expect(fixtures).toContain('v0.1.0.duckdb.gz');
  });

  for (const fixture of fixtures) {
    it(`opens, migrates and serves ${fixture}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cds-upgrade-'));
      dirs.push(dir);
      const dbPath = join(dir, 'cds.duckdb');
      writeFileSync(dbPath, gunzipSync(readFileSync(join(fixturesDir, fixture))));
      const config = loadConfig({ DATA_DIR: dir, PORT: '0', DEMO: '0', SETTINGS_FILE: join(repoRoot, 'config/settings.json') }, { dbPath });
      let service: Service | undefined;
      try {
        service = await startService(config, quietLog);
        const rows = <T>(sql: string) => service!.ctx.db.all<T>(sql);
        // what the release held is all there
        expect(await rows('SELECT unit_code, doc_id FROM documents ORDER BY doc_id')).toEqual(
          ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((id, i) => ({ unit_code: ['P01', 'P01', 'P01', '380', '380', '14758'][i], doc_id: id })),
        );
        expect(await rows('SELECT doc_id, channel FROM document_history')).toEqual([{ doc_id: 'F2', channel: 'paper' }]);
        // documents written before data notes existed have none (migration 005)
        expect(await rows('SELECT count(*)::INTEGER AS n FROM documents WHERE notes IS NULL OR len(notes) > 0')).toEqual([{ n: 0 }]);
        expect(await rows('SELECT count(*)::INTEGER AS n FROM document_history WHERE notes IS NULL OR len(notes) > 0')).toEqual([{ n: 0 }]);
        expect(await rows('SELECT doc_id FROM quarantine ORDER BY doc_id')).toEqual([{ doc_id: 'F7' }, { doc_id: 'F8' }]);
        // every document keeps the hash of its key (migration 024), which a load looks the documents up by
        expect(await rows('SELECT count(*)::INTEGER AS n, count(key_hash)::INTEGER AS hashed, count(*) FILTER (WHERE key_hash = hash(unit_code, doc_id))::INTEGER AS right FROM documents')).toEqual([{ n: 6, hashed: 6, right: 6 }]);
        // and a load finds them by it: F1 sent again with another number updates it, nothing is added
        const [f1] = await rows<Record<string, string | null>>(`SELECT unit_code, doc_id, direction, doc_type, strftime(doc_date, '%Y-%m-%d') AS doc_date,
          strftime(event_time AT TIME ZONE 'Asia/Ho_Chi_Minh', '%Y-%m-%d %H:%M') AS event_time, security, channel, CASE WHEN signed THEN 'true' WHEN NOT signed THEN 'false' END AS signed
          FROM documents WHERE doc_id = 'F1'`);
        const again = join(dir, 'again.csv');
        writeFileSync(again, `unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time\n${[f1!['unit_code'], 'F1', f1!['direction'], '999/SỬA', f1!['doc_type'], f1!['doc_date'], f1!['event_time'], f1!['security'], f1!['channel'], f1!['signed'], '', ''].map((v) => v ?? '').join(',')}\n`);
        expect(await loadRun(service.ctx, { sourceId: 'upgrade-test', trigger: 'test', files: [{ path: again, name: 'again.csv' }] })).toMatchObject({ status: 'succeeded', loaded: 0, updated: 1 });
        expect(await rows(`SELECT count(*)::INTEGER AS n, max(number) FILTER (WHERE doc_id = 'F1') AS f1 FROM documents`)).toEqual([{ n: 6, f1: '999/SỬA' }]);
        // the national roll-up's tables, empty in a province's warehouse, are migrated with it
        // (021 added each month's file checksums to national_months)
        expect(await rows('SELECT count(*)::INTEGER AS n, count(each_file_sha256)::INTEGER AS with_checksums FROM national_months')).toEqual([{ n: 0, with_checksums: 0 }]);
        // its accounts still sign in, through the form's route
        const signIn = await fetch(`${service.url}/api/session`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'huyen380', password: 'fixture-unit-password' }),
        });
        expect(signIn.status).toBe(200);
        const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
        const get = async (path: string) => {
          const res = await fetch(`${service!.url}${path}`, { headers: { cookie } });
          expect(res.status, path).toBe(200);
          return res.json() as Promise<Record<string, unknown>>;
        };
        // the figures are built from the migrated documents, and its frozen report is still served
        const area = (await get('/api/rates?period=2020-10&area=38&as_of=2020-10-31')).area as Record<string, number>;
        expect(area.out_total).toBe(3); // F1, F2 (P01), F4 (380); F6 is secret
        expect(area.secret_excluded).toBe(1);
        const ranking = (await get('/api/ranking?period=2020-10&as_of=2020-10-31')).units as { code: string; rank: number | null }[];
        expect(ranking.find((d) => d.code === '380')?.rank).toBe(1);
        const freezes = await service.ctx.db.all<{ period: string; version: number; frozen_by: string }>(`SELECT period, version, frozen_by FROM report_freezes`);
        expect(freezes).toEqual([{ period: '2020-10', version: 1, frozen_by: 'fixture' }]);
        // a version frozen before the scorecard was configurable was ranked on the mean of the three rates (migration 012)
        const scorecards = await service.ctx.db.all<{ scorecard: string }>(`SELECT scorecard FROM report_freezes`);
        expect(scorecards.map((r) => JSON.parse(r.scorecard))).toEqual([DEFAULT_SCORECARD]);
      } finally {
        await service?.close();
      }
    });
  }
});
