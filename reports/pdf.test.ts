// A generated workbook converts cleanly to PDF with LibreOffice (Debian's libreoffice-calc),
// as the planning department and the inspection teams print them. Like the browser tests
// with Chromium, it needs the Debian package and fails, saying how to install it, without it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, fetchFile, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

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
