// A generated workbook converts cleanly to PDF with LibreOffice (Debian's libreoffice-calc),
// as the planning department and the inspection teams print them. Like the browser tests
// with Chromium, it needs the Debian package and fails, saying how to install it, without it.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { runSource } from '../ingest/sources/run-source.ts';
import type { Simulator } from '../simulator/index.ts';
import { AS_OF, fetchFile, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';
import { simSource, smallProvince } from '../test/helpers/simulated.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import type { ReportDeps } from './deps.ts';
import { writeInspectionXlsx } from './inspection-xlsx.ts';

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
const office = ['libreoffice', 'soffice'].find(onPath);
const pdftotext = onPath('pdftotext');

describe('PDF conversion with LibreOffice', () => {
  if (!office) {
    it('needs LibreOffice', () => {
      throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc fonts-liberation2 poppler-utils (.ci/run does)');
    });
    return;
  }

  let f: ReportFixture;
  let dir: string;
  beforeAll(async () => {
    f = await reportFixture();
    dir = mkdtempSync(join(tmpdir(), 'cds-pdf-'));
  });
  afterAll(() => {
    f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['monthly', `/api/reports/monthly.xlsx?period=2020-10&as_of=${AS_OF}`, ['Phụ lục', 'Tháng 10 năm 2020', 'Thành phố Thanh Hóa']],
    ['inspection', `/api/reports/inspection.xlsx?team=1&period=2020-10&as_of=${AS_OF}`, ['TỔ CÔNG TÁC SỐ 1', 'DANH SÁCH VĂN BẢN CẦN KIỂM TRA', '=HYPERLINK(', '@SUM(A1)', '+1-2']],
  ])('converts the %s workbook', async (name, path, texts) => {
    const res = await fetchFile(f.app, path);
    expect(res.status).toBe(200);
    const xlsx = join(dir, `${name}.xlsx`);
    writeFileSync(xlsx, res.bytes);
    // a profile of its own: parallel conversions must not share LibreOffice's user installation
    const profile = join(dir, `profile-${name}`);
    const run = spawnSync(office, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, xlsx], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const pdf = join(dir, `${name}.pdf`);
    expect(existsSync(pdf)).toBe(true);
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdftotext, 'pdftotext is not installed: apt-get install -y poppler-utils (.ci/run does)').toBe(true);
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout.normalize('NFC');
    expect(text).toContain('UBND TỈNH THANH HÓA');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    for (const t of texts) expect(text).toContain(t);
  }, 180_000);
});

// Team 1's work list over a simulated province (the demo's systems, a year of documents at 4×
// the demo's volume: since the demo follows the seeds (~99 % electronic), 1× leaves no unit with
// a page of violating documents, and the test would prove nothing), as
// an inspection team prints it: each unit from a new page, at least 35 documents on a page
// that a unit fills, each document on one line with its source as "hệ thống · tệp · dòng",
// and no URL on paper (the full location stays in the workbook's hidden columns).
describe('the work list printed (LibreOffice PDF)', () => {
  if (!office) {
    it('needs LibreOffice', () => {
      throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc fonts-liberation2 poppler-utils (.ci/run does)');
    });
    return;
  }

  let w: TestWarehouse;
  let sim: Simulator;
  let dir: string;
  beforeAll(async () => {
    w = await testWarehouse();
    dir = mkdtempSync(join(tmpdir(), 'cds-pdf-work-'));
    sim = await smallProvince({ codes: ['P01', 'P02', '380', '381'], scale: 4, now: '2021-12-31T17:00:00Z' });
    for (const system of ['tdoffice', 'ioffice', 'voffice'] as const) {
      const [r] = await runSource({ ...w, settings: w.config.settings, dataDir: w.dir }, simSource(sim, system, { pageSize: 20_000, name: `${system} (mô phỏng)` }), 'test');
      expect(r!.status).toBe('succeeded');
    }
    await buildModels(w.db);
  }, 240_000);
  afterAll(async () => {
    await sim?.close();
    w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints at least 35 documents on a full page, one line each, with no URL', async () => {
    const figures = new Figures(w.db, new FigureCache());
    const sources = (['tdoffice', 'ioffice', 'voffice'] as const).map((s) => simSource(sim, s, { name: `${s} (mô phỏng)` }));
    const deps: ReportDeps = { figures, ctx: w, settings: w.config.settings, sources, now: () => new Date('2022-01-05T01:00:00Z') };
    const xlsx = join(dir, 'work.xlsx');
    const out = createWriteStream(xlsx);
    const done = new Promise<void>((resolve) => out.on('close', () => resolve()));
    const result = await writeInspectionXlsx(deps, { team: 1, scope: { period: parsePeriod('2021'), asOf: '2021-12-31', includeBaseline: false } }, out);
    await done;
    // enough documents for full pages
    expect(result.violations).toBeGreaterThan(100);
    const run = spawnSync(office!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, xlsx], { encoding: 'utf8', timeout: 170_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(pdftotext, 'pdftotext is not installed: apt-get install -y poppler-utils (.ci/run does)').toBe(true);
    const text = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'work.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout.normalize('NFC');
    // no URL on paper, whole or in pieces
    expect(text).not.toMatch(/https?:|:\/\/|127\.0\.0\.1|page_size/);
    const pages = text.split('\f').filter((p) => p.includes('Mã văn bản trên'));
    const isDocument = (line: string) => /^\s*\d+\s+(P\d+|\d{3,5})\s/.test(line);
    const isHeading = (line: string) => /\(mã (P\d+|\d{3,5})\) — thứ tự ưu tiên \d+/.test(line);
    const documents = pages.map((p) => p.split('\n').filter(isDocument));
    // every document on one line, its source whole on it ("hệ thống · tệp · dòng")
    expect(documents.flat()).toHaveLength(result.violations);
    for (const line of documents.flat()) expect(line).toMatch(/(tdoffice|ioffice|voffice) \(mô phỏng\) · trang \d+ · dòng \d+/);
    // each unit starts a page; a page that a unit fills (the next page goes on with it) holds at least 35
    const starts = pages.map((p) => p.split('\n').some(isHeading));
    expect(starts.filter(Boolean).length).toBe(new Set(documents.flat().map((l) => l.trim().split(/\s+/)[1])).size);
    const full = pages.map((_, i) => i + 1 < pages.length && !starts[i + 1]);
    expect(full.filter(Boolean).length, 'no unit fills a page: the test proves nothing').toBeGreaterThan(0);
    full.forEach((f, i) => { if (f) expect(documents[i]!.length, `page ${i + 1} of the work list`).toBeGreaterThanOrEqual(35); });
  }, 240_000);
});
