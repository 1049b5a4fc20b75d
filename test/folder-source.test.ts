import ExcelJS from 'exceljs';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderSourceConfig } from '../config.ts';
import { scanFolder } from '../ingest/sources/folder.ts';
import { runSource } from '../ingest/sources/run-source.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let inbox: string;
const source: FolderSourceConfig = { id: 'drop', kind: 'folder', path: 'inbox', schedule: '*/5 * * * *', enabled: true };
const scan = () => scanFolder(w, source, { trigger: 'test', dataDir: w.dir });

/** Drops a file with an old modification time, as a finished upload. */
function drop(name: string, content: string | Buffer) {
  const p = join(inbox, name);
  writeFileSync(p, content);
  const old = new Date(Date.now() - 60_000);
  utimesSync(p, old, old);
}

beforeEach(async () => {
  w = await testWarehouse();
  inbox = join(w.dir, 'inbox');
  mkdirSync(inbox);
});
afterEach(() => w.close());

describe('folder source', () => {
  it('loads each dropped export once, in its own run, and moves it aside', async () => {
    drop('a.csv', `${CANONICAL_HEADER}\nP05,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    drop('b.json', JSON.stringify([{ unit_code: 'P05', doc_id: 'B1', direction: 'in', event_time: '2020-06-01T08:00:00+07:00', security: 'normal', channel: '', signed: '', deadline: '', completed_time: '' }]));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(CANONICAL_HEADER.split(','));
    ws.addRow(['P05', 'C1', 'out', '', '', '', '2020-06-01 09:00', 'normal', 'paper', 'false', '', '']);
    drop('c.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    drop('notes.txt', 'this is not an export');
    drop('.hidden.csv', 'ignored');
    drop('partial.csv.part', 'still uploading');

    const first = await scan();
    expect(first.runs.map((r) => [r.files[0]?.name ?? 'notes.txt', r.status, r.loaded])).toEqual([
      ['a.csv', 'succeeded', 1],
      ['b.json', 'succeeded', 1],
      ['c.xlsx', 'succeeded', 1],
      ['notes.txt', 'failed', 0],
    ]);
    expect(readdirSync(inbox).sort()).toEqual(['.hidden.csv', 'failed', 'partial.csv.part', 'processed']);
    const day = readdirSync(join(inbox, 'processed'))[0]!;
    expect(readdirSync(join(inbox, 'processed', day)).sort()).toEqual(['a.csv', 'b.json', 'c.xlsx']);
    expect(readdirSync(join(inbox, 'failed')).sort()).toEqual(['notes.txt', 'notes.txt.error.txt']);
    expect(readFileSync(join(inbox, 'failed', 'notes.txt.error.txt'), 'utf8')).toMatch(/not a document register export/);

    // the same bytes again, under another name: moved aside, no second run
    drop('a-again.csv', `${CANONICAL_HEADER}\nP05,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    const second = await scan();
    expect(second.runs).toEqual([]);
    expect(second.skipped).toEqual([{ name: 'a-again.csv', loadedInRun: first.runs[0]!.runId }]);
    expect(existsSync(join(inbox, 'processed', day, 'a-again.csv'))).toBe(true);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM documents`)).toEqual([{ n: 3 }]);
  });

  it('runs a source once at a time: a second run asked for meanwhile waits, and finds what is left', async () => {
    for (const n of ['a', 'b', 'c']) drop(`${n}.csv`, `${CANONICAL_HEADER}\nP05,${n.toUpperCase()}1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    const ctx = { ...w, settings: w.config.settings, dataDir: w.dir };
    // as two requests 50 ms apart, or a manual run landing on the scheduled one
    const [first, second] = await Promise.all([runSource(ctx, source, 'manual'), runSource(ctx, source, 'schedule')]);
    expect(first.map((r) => [r.files[0]?.name, r.status, r.loaded])).toEqual([['a.csv', 'succeeded', 1], ['b.csv', 'succeeded', 1], ['c.csv', 'succeeded', 1]]);
    expect(second).toEqual([]);
    expect(await w.rows('SELECT status, count(*)::INTEGER AS n FROM ingest_runs GROUP BY ALL')).toEqual([{ status: 'succeeded', n: 3 }]);
    expect((readdirSync(join(inbox, 'processed'), { recursive: true }) as string[]).filter((f) => f.endsWith('.csv')).map((f) => f.split('/').pop()).sort()).toEqual(['a.csv', 'b.csv', 'c.csv']);
  });

  it('leaves a file that is still being written for the next scan', async () => {
    writeFileSync(join(inbox, 'fresh.csv'), `${CANONICAL_HEADER}\n`);
    expect((await scan()).runs).toEqual([]);
    expect(readdirSync(inbox)).toEqual(['fresh.csv']);
  });

  it('does not follow a symbolic link, and says so in the run log instead of skipping it in silence', async () => {
    const outside = join(w.dir, 'outside.csv');
    writeFileSync(outside, `${CANONICAL_HEADER}\nP05,L1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    symlinkSync(outside, join(inbox, 'link.csv'));
    symlinkSync(join(w.dir, 'nowhere.csv'), join(inbox, 'dangling.csv'));
    const { runs } = await scan();
    expect(runs.map((r) => [r.status, r.error])).toEqual(expect.arrayContaining([
      ['failed', 'File "link.csv" is a symbolic link, which is not followed: copy the export itself into the folder.'],
      ['failed', 'File "dangling.csv" is a symbolic link, which is not followed: copy the export itself into the folder.'],
    ]));
    expect(runs).toHaveLength(2);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM documents`)).toEqual([{ n: 0 }]);
    expect(await w.rows(`SELECT last_error FROM source_state WHERE source_id = 'drop'`)).toEqual([{ last_error: expect.stringMatching(/symbolic link/) }]);
    // moved aside (the link itself, not what it points to), so the next scan does not report it again
    expect(lstatSync(join(inbox, 'failed', 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(inbox, 'failed', 'link.csv.error.txt'), 'utf8')).toMatch(/symbolic link/);
    expect(existsSync(outside)).toBe(true);
    expect((await scan()).runs).toEqual([]);
  });
});
