// Alerts and the one-page summary on the map of their time (issue 17): from 1/7/2025 there
// are no districts, so rank_drop ranks the communes (and the provincial bodies) and a
// commune's leader gets its summary. Hand-written exports (test/helpers/map-docs.ts, whose
// rankings test/map-changes.test.ts works out by hand) and two provincial bodies:
//   July 2025:   Sở Nội vụ (P02) 1 document, electronic and signed: score 1, rank 1;
//                Sở Tư pháp (P03) 1 on paper, unsigned: score 0, rank 2
//   August 2025: P02 on paper (0, rank 2, one place down), P03 electronic and signed (1, rank 1)
//   Communes, August 2025: Hạc Thành (14797) rank 1 (score 0,75); Hàm Rồng (14758) rank 2
//   (G1 electronic signed, G4 paper: 1/2 and 1/2, score 0,5), in July rank 1: one place down.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/period.ts';
import type { AlertDeps } from '../alerts/deps.ts';
import { deliverDistrictSummaries } from '../alerts/deliveries.ts';
import { districtSummary, summaryUnit } from '../alerts/district-summary.ts';
import { evaluateRule, type AlertRule } from '../alerts/rules.ts';
import { AccessStore } from '../auth/store.ts';
import { settingsSchema } from '../config.ts';
import { settingsWithAlerts } from './helpers/alert-settings.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { MAP_DOCS } from './helpers/map-docs.ts';
import { reportFixture, type ReportFixture } from './helpers/reports.ts';

const BODIES = [
  'P02,B1,out,1/SNV,Công văn,,2025-07-04 08:00,normal,electronic,true,,',
  'P03,B2,out,1/STP,Công văn,,2025-07-04 08:00,normal,paper,false,,',
  'P02,B3,out,2/SNV,Công văn,,2025-08-04 08:00,normal,paper,false,,',
  'P03,B4,out,2/STP,Công văn,,2025-08-04 08:00,normal,electronic,true,,',
];

let f: ReportFixture;
let deps: AlertDeps;
const dirs: string[] = [];

beforeAll(async () => {
  f = await reportFixture([...MAP_DOCS, ...BODIES]);
  const settings = settingsWithAlerts({
    deliveries: { districtSummary: { recipients: { 14758: ['ham-rong@example.vn'], 380: ['tp-thanh-hoa@example.vn'] } } },
  });
  deps = { ctx: f.w, figures: f.figures, settings, sources: [], store: new AccessStore(f.w.db), publicUrl: 'https://chithi15.example.vn', dataDir: f.w.dir, reports: f.deps };
}, 60_000);

afterAll(() => {
  f?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const rankDrop = (extra: Partial<Extract<AlertRule, { kind: 'rank_drop' }>> = {}): AlertRule =>
  ({ id: 'tut-hang', kind: 'rank_drop', name: 'Tụt hạng', enabled: true, places: 1, ...extra });
const evaluate = (rule: AlertRule, asOf: string) =>
  evaluateRule(rule, { db: f.w.db, figures: f.figures, settings: deps.settings, sources: [], asOf, now: new Date(`${asOf}T05:00:00Z`) });

describe('rank_drop on the map of the month', () => {
  it('from 1/7/2025 ranks the communes and the provincial bodies', async () => {
    const r = await evaluate(rankDrop(), '2025-08-31');
    expect(r.findings).toEqual([
      { subject: '14758', unit_code: '14758', period: '2025-08', value: 2, message: 'Phường Hàm Rồng: tụt 1 bậc trong xếp hạng các xã, phường tháng 08/2025 (đến ngày 31/08/2025), từ hạng 1 xuống hạng 2.' },
      { subject: 'P02', unit_code: 'P02', period: '2025-08', value: 2, message: 'Sở Nội vụ: tụt 1 bậc trong xếp hạng các cơ quan, đơn vị cấp tỉnh tháng 08/2025 (đến ngày 31/08/2025), từ hạng 1 xuống hạng 2.' },
    ]);
    // two places: nobody fell that far
    expect((await evaluate(rankDrop({ places: 2 }), '2025-08-31')).findings).toEqual([]);
  });

  it('a rule of one level ranks that level only; the districts have no members from 1/7/2025', async () => {
    expect((await evaluate(rankDrop({ level: 'commune' }), '2025-08-31')).findings.map((x) => x.subject)).toEqual(['14758']);
    expect((await evaluate(rankDrop({ level: 'province' }), '2025-08-31')).findings.map((x) => x.subject)).toEqual(['P02']);
    expect((await evaluate(rankDrop({ level: 'district' }), '2025-08-31')).findings).toEqual([]);
  });

  it('in July 2025 nobody fell: Hàm Rồng keeps rank 1 (June: Đông Thọ, its main predecessor), the bodies had no rank in June', async () => {
    expect((await evaluate(rankDrop(), '2025-07-31')).findings).toEqual([]);
  });
});

describe("the default rate rules (config/settings.json) on the map of the month", () => {
  const defaults = () => {
    const json = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8')) as { alerts: { rules: unknown[] } };
    return settingsSchema.parse({ ...json }).alerts.rules;
  };
  const rule = (id: string) => defaults().find((r) => r.id === id)!;
  const found = async (id: string, asOf: string) => (await evaluate(rule(id), asOf)).findings.map((x) => [x.subject, x.value]);

  it('from 1/7/2025 watch the communes and the provincial bodies', async () => {
    // August 2025, signed: Hàm Rồng G1 signed, G4 not: 1/2; Hạc Thành G3 signed, G2 (Tân Sơn's
    // old code, into Hạc Thành) not: 1/2; Sở Nội vụ B3 not: 0/1; Sở Tư pháp B4: 1/1, not below
    expect(await found('ky-so-duoi-90', '2025-08-31')).toEqual([['14758', 0.5], ['14797', 0.5], ['P02', 0]]);
    const r = await evaluate(rule('ky-so-duoi-90'), '2025-08-31');
    expect(r.findings[0]!.message).toBe('Phường Hàm Rồng: tỉ lệ văn bản đi được ký số tháng 08/2025 (đến ngày 31/08/2025) là 50,0\u00a0%, dưới ngưỡng 90,0\u00a0%.');
    // sent electronically: Hàm Rồng G1 electronic, G4 paper: 1/2; Hạc Thành 2/2; P02 0/1; P03 1/1
    expect(await found('gui-dien-tu-duoi-90', '2025-08-31')).toEqual([['14758', 0.5], ['P02', 0]]);
    // July 2025: Hàm Rồng H1 signed (1/1); Sở Tư pháp B2 on paper, unsigned (0/1)
    expect(await found('ky-so-duoi-90', '2025-07-31')).toEqual([['P03', 0]]);
  });

  it('before 1/7/2025 watch the districts only, as before', async () => {
    // October 2024: Đông Sơn D1 signed, D2 not: 1/2; Thanh Hóa city D4 not: 0/1; their communes
    // (Đông Hoàng D3, Tân Sơn D5: signed) are not watched
    expect(await found('ky-so-duoi-90', '2024-10-31')).toEqual([['380', 0], ['405', 0.5]]);
    // June 2025: only Đông Thọ, a commune (F1 signed, F2 not: 1/2), has documents: no district is below
    expect(await found('ky-so-duoi-90', '2025-06-30')).toEqual([]);
    const commune = { ...rule('ky-so-duoi-90'), levelsByMap: undefined, level: 'commune' } as AlertRule;
    expect((await evaluate(commune, '2025-06-30')).findings.map((x) => [x.subject, x.value])).toEqual([['14758', 0.5]]);
  });
});

describe("a leader's one-page summary on the map of the month", () => {
  async function sheet(code: string, period: string): Promise<unknown[][]> {
    const unit = await summaryUnit(deps, code, parsePeriod(period));
    expect(unit, code).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'cds-summary-'));
    dirs.push(dir);
    // the workbook (the PDF through LibreOffice is tested in test/alerts-deliveries.test.ts)
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    let file: string;
    try {
      file = await districtSummary(deps, unit!, parsePeriod(period), dir);
    } finally {
      process.env['PATH'] = path;
    }
    expect(file).toBe(join(dir, `chi-thi-15-tom-tat-${code}-${period}.xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  it("a commune's after the change: its rank among the 166 communes, its rates beside the province's", async () => {
    const rows = await sheet('14758', '2025-08');
    expect(rows.slice(0, 5)).toEqual([
      ['Kết quả thực hiện Chỉ thị 15/CT-UBND — Phường Hàm Rồng'],
      ['Tháng 08/2025, số liệu đến hết ngày 31/08/2025'],
      ['Thứ hạng trong 166 xã, phường', '2/166'],
      ['Thứ hạng tháng trước', '1/166'],
      ['Điểm (trung bình ba tỉ lệ)', 0.5],
    ]);
    // August 2025: Hàm Rồng 1 of 2 electronic, 1 of 2 signed; the province (G1–G4, B3, B4)
    // 4 of 6 electronic, 3 of 6 signed; no incoming document: no on-time rate
    expect(rows.slice(6, 9)).toEqual([
      ['Tỉ lệ văn bản đi gửi điện tử', 0.5, 4 / 6],
      ['Tỉ lệ văn bản đi được ký số', 0.5, 0.5],
      ['Tỉ lệ văn bản đến xử lý đúng hạn'],
    ]);
    expect(rows.slice(10, 12)).toEqual([['Văn bản đi không gửi điện tử', 1], ['Văn bản đi chưa ký số', 1]]);
  }, 60_000);

  it("a district's before the change: its rank among the 27 districts", async () => {
    // October 2024: Thanh Hóa city rank 1 (its D4 and its ward Tân Sơn's D5: 2 of 2
    // electronic, 1 of 2 signed, score 0,75), Đông Sơn rank 2; no September documents
    const rows = await sheet('380', '2024-10');
    expect(rows.slice(2, 5)).toEqual([
      ['Thứ hạng trong 27 huyện, thị xã, thành phố', '1/27'],
      ['Thứ hạng tháng trước', '—'],
      ['Điểm (trung bình ba tỉ lệ)', 0.75],
    ]);
  }, 60_000);

  it('the delivery of August 2025 goes to the commune; a district, gone from the map, gets none', async () => {
    // 1/9/2025 06:30 in Vietnam
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(await deliverDistrictSummaries(deps, new Date('2025-08-31T23:30:00Z'))).toBe(1);
    } finally {
      process.env['PATH'] = path;
    }
    const outbox = await f.w.rows<{ target: string; subject: string; attachments: string }>("SELECT target, subject, attachments FROM outbox WHERE kind = 'delivery'");
    expect(outbox.map((m) => [m.target, m.subject])).toEqual([['ham-rong@example.vn', '[Chỉ thị 15] Tóm tắt tháng 08/2025 của Phường Hàm Rồng']]);
    expect((JSON.parse(outbox[0]!.attachments) as { filename: string }[]).map((a) => a.filename)).toEqual(['chi-thi-15-tom-tat-14758-2025-08.xlsx']);
    expect(await summaryUnit(deps, '380', parsePeriod('2025-08'))).toBeNull();
  }, 60_000);
});
