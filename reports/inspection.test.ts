// The inspection workbook (issue 5): a team's units only, their figures as the API gives
// them, the documents behind them to check on site, and no text from the data ever
// written as a formula.
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSPECTION_SHEETS, SUMMARY_COLUMNS, SUMMARY_HEADER_ROW, WORK_COLUMNS, WORK_HEADER_ROW, WORK_REASONS } from './inspection-xlsx.ts';
import { rankByScore, type Rates } from './ranking.ts';
import { parsePeriod } from '../analytics/period.ts';
import { AS_OF, cellValue, fetchFile, readWorkbook, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f.close());

const workbook = async (team: string, period = '2020-10') => {
  const res = await fetchFile(f.app, `/api/reports/inspection.xlsx?team=${team}&period=${period}&as_of=${AS_OF}`);
  expect(res.status).toBe(200);
  return { res, wb: await readWorkbook(res.bytes) };
};

const workCol = (key: string) => WORK_COLUMNS.findIndex((c) => c.key === key) + 1;
const sumCol = (key: string) => SUMMARY_COLUMNS.findIndex((c) => c.key === key) + 1;

/** The work list's documents as records keyed by column. */
function workList(wb: ExcelJS.Workbook): Record<string, unknown>[] {
  const ws = wb.getWorksheet(INSPECTION_SHEETS.work)!;
  const out: Record<string, unknown>[] = [];
  for (let r = WORK_HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (typeof row.getCell(1).value !== 'number') continue; // the total line
    out.push(Object.fromEntries(WORK_COLUMNS.map((c, i) => [c.key, cellValue(row.getCell(i + 1))])));
  }
  return out;
}

/** The summary's lines as records, with the scope label that tells a district area from its office. */
function summary(wb: ExcelJS.Workbook): Record<string, unknown>[] {
  const ws = wb.getWorksheet(INSPECTION_SHEETS.summary)!;
  const out: Record<string, unknown>[] = [];
  for (let r = SUMMARY_HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (typeof row.getCell(1).value !== 'number') continue; // section headings
    out.push({ ...Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c.key, row.getCell(i + 1).value])), fill: (row.getCell(1).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb ?? null });
  }
  return out;
}

describe('a team’s inspection workbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const { res, wb: book } = await workbook('1');
    expect(res.disposition).toBe('attachment; filename="chi-thi-15-kiem-tra-to-1-2020-10.xlsx"');
    wb = book;
  });

  it('has a cover, a summary, one work list and the definitions, in Vietnamese', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual([INSPECTION_SHEETS.cover, INSPECTION_SHEETS.summary, INSPECTION_SHEETS.work, INSPECTION_SHEETS.definitions]);
    const cover = wb.getWorksheet(INSPECTION_SHEETS.cover)!;
    const facts = Object.fromEntries([...Array(12).keys()].map((i) => [cover.getRow(8 + i).getCell(1).value, cover.getRow(8 + i).getCell(2).value]));
    expect(facts).toMatchObject({
      'Tổ công tác': 'Tổ công tác số 1',
      'Tổ trưởng': 'Phó Chánh Văn phòng UBND tỉnh',
      'Kỳ kiểm tra': 'Tháng 10 năm 2020 (từ 01/10/2020 đến 31/10/2020)',
      'Số liệu tính đến hết ngày': '05/11/2020',
      'Thời điểm lập': '06/11/2020 lúc 08:00',
    });
    expect(facts['Dữ liệu cập nhật lần cuối']).toMatch(/^\d{2}\/\d{2}\/\d{4} lúc \d{2}:\d{2}$/);
    expect(facts['Nguồn dữ liệu']).toMatch(/^test: cập nhật /);
    // the work list reconciles with the figures: O1 paper; O1, O2, O3, 380's O11 unsigned; 14755's O13 paper; O4 late
    expect(facts['Văn bản cần kiểm tra']).toBe('Không gửi điện tử: 2; không ký số: 4; xử lý trễ hạn: 1 (chi tiết tại trang "Danh sách kiểm tra")');
    expect(cover.getCell('A1').value).toBe('UBND TỈNH THANH HÓA');
    expect(cover.getCell('A2').value).toBe('TỔ CÔNG TÁC SỐ 1');
    const terms = wb.getWorksheet(INSPECTION_SHEETS.definitions)!.getColumn(1).values.filter(Boolean);
    expect(terms).toEqual(expect.arrayContaining(['Tỷ lệ gửi điện tử', 'Điểm và xếp hạng', 'Xếp hạng xã', 'Chỉ tiêu', 'Danh sách văn bản cần kiểm tra']));
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value === 'string') expect(cell.value, `${sheet.name}!${cell.address}`).toBe(cell.value.normalize('NFC'));
        if (cell.value !== null) expect(cell.font?.name, `${sheet.name}!${cell.address}`).toBe('Times New Roman');
      }));
    }
    expect(wb.getWorksheet(INSPECTION_SHEETS.work)!.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: `${WORK_HEADER_ROW}:${WORK_HEADER_ROW}` });
  });

  it('holds only the team’s units, with their figures and ranks as the API gives them', async () => {
    const lines = summary(wb);
    const team1 = w().config.settings.teams.find((t) => t.id === 1)!.units;
    const units = (await f.api('/api/units')).body.units as { code: string; level: string; parent_code: string }[];
    const communes = team1.flatMap((d) => units.filter((u) => u.level === 'commune' && u.parent_code === d).map((u) => u.code));
    const byScope = (s: string) => lines.filter((l) => l['scope'] === s).map((l) => l['code']);
    expect(byScope('Cấp tỉnh')).toEqual(team1.filter((c) => c.startsWith('P')));
    expect(byScope('Toàn huyện')).toEqual(team1.filter((c) => !c.startsWith('P')));
    expect(byScope('UBND cấp huyện')).toEqual(team1.filter((c) => !c.startsWith('P')));
    expect(byScope('Cấp xã')).toEqual(communes);
    expect(lines.some((l) => ['P08', '390', '15127'].includes(String(l['code'])))).toBe(false);

    const ranking = new Map(((await f.api(`/api/ranking?period=2020-10&as_of=${AS_OF}`)).body.units as { code: string; rank: number | null; score: number | null }[]).map((d) => [d.code, d]));
    const bodies = (await f.api(`/api/rates?period=2020-10&level=province&as_of=${AS_OF}`)).body.units;
    const bodyRanks = rankByScore(bodies);
    const allCommunes = (await f.api(`/api/rates?period=2020-10&level=commune&as_of=${AS_OF}`)).body.units as ({ code: string; parent_code: string } & Rates)[];
    const rated = ['out_total', 'out_electronic', 'sent_electronic_rate', 'out_signed', 'signed_rate', 'in_on_time', 'in_late', 'in_pending', 'on_time_rate'];
    const everyUnit = new Map(((await f.api(`/api/rates?period=2020-10&as_of=${AS_OF}`)).body.units as { code: string }[]).map((u) => [u.code, u]));
    for (const l of lines) {
      const code = String(l['code']);
      const api = l['scope'] === 'Toàn huyện'
        ? (await f.api(`/api/rates?period=2020-10&area=${code}&as_of=${AS_OF}`)).body.area
        : everyUnit.get(code) as Record<string, any>;
      for (const k of rated) expect(l[k], `${l['scope']} ${code} ${k}`).toBe(api[k] ?? '—');
      const rank = l['scope'] === 'Toàn huyện' ? ranking.get(code)!
        : l['scope'] === 'Cấp tỉnh' ? bodyRanks.get(code)!
        : l['scope'] === 'Cấp xã' ? rankByScore(allCommunes.filter((c) => c.parent_code === api.parent_code)).get(code)!
        : { rank: null, score: null };
      const ranked = l['scope'] !== 'UBND cấp huyện';
      expect(l['rank'], `${code} rank`).toBe(rank.rank ?? (ranked ? '—' : null));
      expect(l['score'], `${code} score`).toBe(rank.score ?? (ranked ? '—' : null));
      const below = rated.filter((k) => k.endsWith('rate')).some((k) => api[k] !== null && api[k] < 1);
      expect(l['fill'] === 'FFF8CBAD', `${code} highlighted`).toBe(below);
      expect(l['assessment']).toBe(below ? 'Chưa đạt' : api.sent_electronic_rate === null && api.signed_rate === null && api.on_time_rate === null ? 'Không có số liệu' : api.complete ? 'Đạt' : 'Đạt (chưa đủ dữ liệu)');
      // how complete each line is, as the API says
      expect([l['units_without_data'], l['quarantined_rows']], `${code} completeness`).toEqual([api.units_without_data, api.quarantined_rows]);
    }
    const p01 = lines.find((l) => l['code'] === 'P01')!;
    expect(p01).toMatchObject({ name: 'Văn phòng UBND tỉnh', out_total: 4, sent_electronic_rate: 0.75, signed_rate: 0.25, on_time_rate: 0.5, rank: 2, peers: 'trong 20 cơ quan cấp tỉnh', assessment: 'Chưa đạt' });
    expect(lines.find((l) => l['code'] === '14758')).toMatchObject({ rank: 1, peers: 'trong 34 xã của Thành phố Thanh Hóa', in_pending: 1, assessment: 'Đạt' });
    const sheet = wb.getWorksheet(INSPECTION_SHEETS.summary)!;
    expect(sheet.getRow(SUMMARY_HEADER_ROW + 2).getCell(sumCol('sent_electronic_rate')).numFmt).toBe('0.0%');
  });

  it('lists every document behind the figures of its units, as /api/violations does, with empty columns for the findings', async () => {
    const list = workList(wb);
    // the units in the order to check them (the team page's order), each under its heading
    const team = ((await f.api(`/api/teams/1/priority?period=2020-10&as_of=${AS_OF}`)).body.units as { code: string }[]).map((u) => u.code);
    expect([...team].sort()).toEqual(summary(wb).filter((l) => l['scope'] !== 'Toàn huyện').map((l) => String(l['code'])).sort());
    const expected: Record<string, unknown>[] = [];
    const names = new Map(((await f.api('/api/units')).body.units as { code: string; name: string }[]).map((u) => [u.code, u.name]));
    for (const unit of team) {
      const v = (await f.api(`/api/violations?unit=${unit}&period=2020-10&as_of=${AS_OF}&limit=1000`)).body;
      for (const d of v.rows) {
        expected.push({
          unit_code: d.unit_code, unit_name: names.get(d.unit_code), number: d.number, doc_date: d.doc_date, doc_type: d.doc_type,
          direction: d.direction === 'out' ? 'Đi' : 'Đến', event_date: d.event_date, deadline: d.deadline,
          reasons: d.reasons.map((r: string) => WORK_REASONS[r]).join('; '),
          data_notes: d.notes.length ? d.notes.map((n: { message: string }) => n.message).join('; ') : null,
          // "tên hệ thống · tệp · dòng" on paper, the full file and row in hidden columns
          source: `${d.source_id} · ${d.file} · dòng ${d.row_no}`, file: d.file, row_no: d.row_no, doc_id: d.doc_id,
          finding: null, cause: null, remedy: null, note: null,
        });
      }
    }
    expect(list.map(({ stt: _s, completed: _c, ...rest }) => rest)).toEqual(expected);
    expect(list.map((d) => d['stt'])).toEqual(expected.map((_, i) => i + 1));
    // P01 (4 documents) first; then 14755 (1 document, score 50 %) before 380 (1 document, 75 %)
    expect(list.map((d) => d['doc_id'])).toEqual(['O1', 'O2', 'O3', 'O4', 'O13', 'O11']);
    expect(list.find((d) => d['doc_id'] === 'O1')!['source']).toMatch(/^test · fixture\.csv · dòng \d+$/);
    // a document not signed because its signed cell was empty says so
    expect(list.find((d) => d['doc_id'] === 'O11')?.['data_notes']).toBe('Ô "Ký số" để trống: tính là chưa ký số');
    expect(list.find((d) => d['doc_id'] === 'O4')).toMatchObject({ reasons: 'Xử lý trễ hạn', deadline: '2020-10-06', completed: '2020-10-08', event_date: '2020-10-04' });
    const ws = wb.getWorksheet(INSPECTION_SHEETS.work)!;
    expect(ws.getRow(WORK_HEADER_ROW).getCell(workCol('finding')).value).toBe('Kết quả kiểm tra thực tế');
    expect(ws.getRow(WORK_HEADER_ROW + 2).getCell(workCol('finding')).border?.left?.style).toBe('thin');
    expect(ws.getRow(WORK_HEADER_ROW + 2).getCell(workCol('doc_date')).numFmt).toBe('dd/mm/yyyy');
    // each unit under a heading (its place in the priority order), from a new page
    const headings: string[] = [];
    for (let r = WORK_HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const v = ws.getRow(r).getCell(1).value;
      if (typeof v === 'string') headings.push(v);
    }
    const units = [...new Set(list.map((d) => String(d['unit_code'])))];
    expect(headings).toEqual(units.map((u) => expect.stringContaining(`(mã ${u}) — thứ tự ưu tiên ${team.indexOf(u) + 1}`)));
    expect(headings[0]).toBe('Văn phòng UBND tỉnh (mã P01) — thứ tự ưu tiên 1, cần kiểm tra');
    const xml = await (await JSZip.loadAsync((await fetchFile(f.app, `/api/reports/inspection.xlsx?team=1&period=2020-10&as_of=${AS_OF}`)).bytes)).file('xl/worksheets/sheet3.xml')!.async('string');
    expect(xml.match(/<brk /g)).toHaveLength(units.length - 1);
    // the full location is in the workbook, hidden on paper
    expect(ws.getColumn(workCol('file')).hidden).toBe(true);
    expect(ws.getColumn(workCol('row_no')).hidden).toBe(true);
    expect(ws.getColumn(workCol('source')).hidden).toBe(false);
    expect(ws.getRow(WORK_HEADER_ROW + list.length + units.length + 1).getCell(3).value).toBe(`Tổng số: ${list.length} văn bản`);
    expect(ws.autoFilter).toBeTruthy();
  });

  it('writes document numbers and types that look like formulas as plain text, never as formulas', async () => {
    const list = workList(wb);
    expect(list.find((d) => d['doc_id'] === 'O1')!['number']).toBe('=HYPERLINK("http://x","y")');
    expect(list.find((d) => d['doc_id'] === 'O2')).toMatchObject({ number: '+1-2', doc_type: '=1+1' });
    expect(list.find((d) => d['doc_id'] === 'O3')!['number']).toBe('@SUM(A1)');
    expect(list.find((d) => d['doc_id'] === 'O4')!['number']).toBe('-5/STC');
    const ws = wb.getWorksheet(INSPECTION_SHEETS.work)!;
    ws.eachRow((row) => row.eachCell((cell) => {
      expect(cell.type, cell.address).not.toBe(6 /* ValueType.Formula */);
      expect(cell.formula, cell.address).toBeUndefined();
      expect(cell.hyperlink, cell.address).toBeUndefined();
    }));
    // and in the file itself: no formula element and no hyperlink in any sheet
    const zip = await JSZip.loadAsync((await fetchFile(f.app, `/api/reports/inspection.xlsx?team=1&period=2020-10&as_of=${AS_OF}`)).bytes);
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets).toHaveLength(4);
    for (const name of sheets) {
      const xml = await zip.file(name)!.async('string');
      expect(xml, name).not.toMatch(/<f[ >]/);
      expect(xml, name).not.toMatch(/<hyperlink/);
    }
    // text is stored as shared strings (t="s"): plain text, not a formula's result (t="str")
    const work = await zip.file('xl/worksheets/sheet3.xml')!.async('string');
    expect(work).not.toContain('t="str"');
    expect(await zip.file('xl/sharedStrings.xml')!.async('string')).toContain('<t>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</t>');
  });
});

describe('team scoping', () => {
  it('gives team 2 its own units and documents only, and the DIC every unit', async () => {
    const { wb } = await workbook('2');
    const codes = summary(wb).map((l) => l['code']);
    expect(codes).toEqual(expect.arrayContaining(['P08', '390', '15127']));
    expect(codes).not.toContain('P01');
    expect(codes).not.toContain('380');
    // in priority order: one document each; 15127 and 390 score 0 (by code), P08 50 %
    expect(workList(wb).map((d) => d['doc_id'])).toEqual(['O18', 'O17', 'O9']);
    const all = (await workbook('all')).wb;
    expect(workList(all).map((d) => d['doc_id'])).toEqual(['O1', 'O2', 'O3', 'O4', 'O18', 'O17', 'O13', 'O9', 'O11']);
    const allLines = summary(all);
    expect(allLines.filter((l) => l['scope'] === 'Cấp tỉnh')).toHaveLength(20);
    expect(allLines.filter((l) => l['scope'] === 'Toàn huyện')).toHaveLength(27);
    expect(allLines.filter((l) => l['scope'] === 'Cấp xã')).toHaveLength(559);
  });

  it('asks the access policy before it lists any unit’s documents', async () => {
    const { reportRoutes } = await import('./routes.ts');
    const { Hono } = await import('hono');
    const { AppError } = await import('../errors.ts');
    const seen: string[][] = [];
    const app = new Hono();
    app.onError((err, c) => c.json({ code: (err as InstanceType<typeof AppError>).code }, (err as InstanceType<typeof AppError>).status as 403));
    // no accounts here (the routes' role rules are the access tests'): only the guard decides
    app.use('*', async (c, next) => {
      c.set('accessControlOff', true);
      await next();
    });
    app.route('/api', reportRoutes({ ...f.deps, documentGuard: async (_c, units) => {
      seen.push(units);
      if (units.includes('P08')) throw new AppError(403, 'forbidden', 'not your team');
    } }));
    expect((await app.request(`/api/reports/inspection.xlsx?team=2&period=2020-10&as_of=${AS_OF}`)).status).toBe(403);
    expect(seen[0]).toContain('15127');
  });

  it('refuses an unknown team or period clearly', async () => {
    for (const [path, code] of [
      ['/api/reports/inspection.xlsx?team=9&period=2020-10', 'unknown_team'],
      ['/api/reports/inspection.xlsx?team=x&period=2020-10', 'invalid_parameter'],
      ['/api/reports/inspection.xlsx?period=2020-10', 'invalid_parameter'],
      ['/api/reports/inspection.xlsx?team=1', 'missing_period'],
      ['/api/reports/inspection.xlsx?team=1&from=2020-10-31&to=2020-10-01', 'invalid_period'],
    ]) {
      const res = await f.api(path!);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe(code);
    }
  });
});

describe('a large work list', () => {
  it('streams thousands of documents through several database chunks, in order', async () => {
    const { writeSyntheticCsv } = await import('../test/helpers/exports.ts');
    const big = await reportFixture([]);
    try {
      const path = `${big.w.dir}/big.csv`;
      await writeSyntheticCsv(path, 20_000);
      await big.loadFile(path);
      const res = await fetchFile(big.app, '/api/reports/inspection.xlsx?team=1&period=2020-08&as_of=2020-12-31');
      expect(res.status).toBe(200);
      const list = workList(await readWorkbook(res.bytes));
      const expected = (await big.api('/api/rates?period=2020-08&level=province&as_of=2020-12-31')).body.units
        .concat((await big.api('/api/rates?period=2020-08&level=district&as_of=2020-12-31')).body.units)
        .filter((u: { code: string }) => ['P01', 'P02', 'P03', 'P04', '380', '381', '382', '384'].includes(u.code))
        .reduce((n: number, u: { out_total: number; out_signed: number }) => n + u.out_total - u.out_signed, 0);
      expect(list.length).toBe(expected);
      expect(list.length).toBeGreaterThan(3000);
      expect(list.map((d) => d['stt'])).toEqual(list.map((_, i) => i + 1));
    } finally {
      big.close();
    }
  });
});

const w = () => f.w;

describe('the summary’s rates', () => {
  it('are each level’s rates as /api/rates?level= gives them: every unit’s in one query, split by level in the same order', async () => {
    for (const period of ['2020-10', '2020', '2020-Q4']) {
      for (const includeBaseline of [false, true]) {
        const scope = { period: parsePeriod(period), asOf: AS_OF, includeBaseline };
        const all = await f.figures.ratesByUnit(scope, {});
        expect(all.length).toBeGreaterThan(0);
        for (const level of ['province', 'district', 'commune']) {
          const own = await f.figures.ratesByUnit(scope, { level });
          expect(own.length).toBeGreaterThan(0);
          expect(all.filter((u) => u.level === level)).toEqual(own);
        }
        expect(all.every((u) => ['province', 'district', 'commune'].includes(u.level))).toBe(true);
      }
    }
  });
});
