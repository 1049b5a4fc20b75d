// The contract of the figures (issue: analytics and API), checked against exports built
// by hand with the traps that make figures wrong, and every expected number worked out
// by hand below.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
const rows = [
  // Provincial body P01, milestone 22/5/2020 (inclusive, local time)
  'P01,P1,out,1/VP,Công văn,2020-05-22,2020-05-21T17:30:00Z,normal,electronic,true,,', // 00:30 on 22/5 local: required phase
  'P01,P2,out,2/VP,Công văn,2020-05-21,2020-05-21T16:59:00Z,normal,paper,false,,', // 23:59 on 21/5 local: baseline
  // District 380, milestone 1/7/2020
  '380,M1,out,1/UBND,Công văn,2020-07-01,2020-06-30T23:30:00Z,normal,electronic,true,,', // 23:30 UTC the day before = 06:30 on 1/7 local
  '380,M2,out,2/UBND,Công văn,2020-06-30,2020-06-30T16:30:00Z,normal,paper,false,,', // 23:30 on 30/6 local: baseline
  '380,O3,out,3/UBND,Công văn,2020-07-02,2020-07-02 08:00,normal,both,false,,', // both counts as electronic; not signed
  '380,S4,out,4/UBND,Công văn,2020-07-03,2020-07-03 08:00,secret,paper,false,,', // secret: excluded, counted apart
  '380,I1,in,10/STC,Công văn,2020-07-05,2020-07-05 08:00,normal,electronic,,2020-07-10,2020-07-10T16:30:00Z', // done 23:30 local on the deadline: on time
  '380,I2,in,11/STC,Công văn,2020-07-06,2020-07-06 08:00,normal,electronic,,2020-07-08,', // open past its deadline: late
  '380,I3,in,12/STC,Công văn,2020-07-07,2020-07-07 08:00,normal,electronic,,2020-07-15,2020-07-25 09:00', // done after the deadline (and after as_of 20/7)
  '380,I4,in,13/STC,Công văn,2020-07-08,2020-07-08 08:00,normal,electronic,,2020-07-25,2020-07-22 09:00', // done on time, but after as_of 20/7: pending then
  '380,I5,in,14/STC,Công văn,2020-07-09,2020-07-09 08:00,normal,electronic,,,', // no deadline: not in the on-time rate
  '380,I6,in,15/STC,Công văn,2020-07-21,2020-07-21 08:00,normal,electronic,,2020-07-30,', // received after as_of 20/7: does not exist yet
  '380,S7,in,16/STC,Công văn,2020-07-10,2020-07-10 08:00,top_secret,paper,,2020-07-12,', // secret
  // October 2020, after every milestone: pooling and the ranking
  '380,K1,out,20/UBND,Công văn,2020-10-01,2020-10-01 08:00,normal,electronic,true,,',
  '380,K2,out,21/UBND,Công văn,2020-10-02,2020-10-02 08:00,normal,electronic,true,,',
  '380,K3,in,22/STC,Công văn,2020-10-03,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-05 10:00',
  '380,K4,in,23/STC,Công văn,2020-10-03,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-09 10:00',
  // district 381: its People's Committee 3 of 4, its commune 14809 4 of 4: pooled 7 of 8
  '381,A1,out,1/UBND,,,2020-10-05 08:00,normal,electronic,true,,',
  '381,A2,out,2/UBND,,,2020-10-05 09:00,normal,electronic,true,,',
  '381,A3,out,3/UBND,,,2020-10-05 10:00,normal,electronic,true,,',
  '381,A4,out,4/UBND,,,2020-10-05 11:00,normal,paper,false,,',
  '14809,C1,out,1/UBND,,,2020-10-06 08:00,normal,electronic,true,,',
  '14809,C2,out,2/UBND,,,2020-10-06 09:00,normal,electronic,true,,',
  '14809,C3,out,3/UBND,,,2020-10-06 10:00,normal,both,true,,',
  '14809,C4,out,4/UBND,,,2020-10-06 11:00,normal,electronic,true,,',
  // district 382: 7 of 8 on its own: ties with 381
  ...Array.from({ length: 7 }, (_, i) => `382,B${i},out,${i}/UBND,,,2020-10-07 08:0${i},normal,electronic,true,,`),
  '382,B7,out,7/UBND,,,2020-10-07 09:00,normal,paper,false,,',
  '382,B9,out,9/UBND,,,2020-09-15 09:00,normal,electronic,true,,', // September: 382 ranks first the month before
  // district 384: one perfect document: first
  '384,D1,out,1/UBND,,,2020-10-08 08:00,normal,electronic,true,,',
];

let w: TestWarehouse;
let figures: Figures;
const api = async (path: string) => {
  const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures, now: () => new Date('2021-01-01T00:00:00Z'), log: quietLog });
  const res = await app.request(path);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  w = await testWarehouse();
  const file = w.file('fixture.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`);
  expect(await w.load([file])).toMatchObject({ status: 'succeeded', quarantined: 0, loaded: rows.length });
  // duplicates re-loaded change nothing
  expect(await w.load([file])).toMatchObject({ status: 'succeeded', loaded: 0, updated: 0, unchanged: rows.length });
  await buildModels(w.db);
  figures = new Figures(w.db, new FigureCache());
});
afterAll(() => w.close());

const ZERO = { out_total: 0, out_electronic: 0, out_signed: 0, in_on_time: 0, in_late: 0, in_pending: 0, secret_excluded: 0 };

describe('rates of a unit', () => {
  it('count from the milestone in local time, exclude secrets, count both as electronic, and decide late and pending as of as_of', async () => {
    const { status, body } = await api('/api/rates?period=2020-07&unit=380&as_of=2020-07-20');
    expect(status).toBe(200);
    expect(body).toMatchObject({ period: '2020-07', from: '2020-07-01', to: '2020-07-31', as_of: '2020-07-20', include_baseline: false });
    expect(body.units).toEqual([{
      code: '380', name: 'Thành phố Thanh Hóa', level: 'district', parent_code: '38',
      out_total: 2, out_electronic: 2, out_signed: 1, in_on_time: 1, in_late: 2, in_pending: 1, secret_excluded: 2,
      sent_electronic_rate: 1, signed_rate: 0.5, on_time_rate: 1 / 3,
      // nothing quarantined, and the unit has documents: complete
      quarantined_rows: 0, units_without_data: 0, complete: true, quarantined_as_out: 0, quarantined_as_late: 0, quarantined_as_in: 0, quarantined_as_completed: 0,
      // received by 20/7, not secret: I1-I5, all electronically; completed by then: I1 only, and this
      // export has no processed column: not recorded, so no processed rate (null, not 0)
      in_total: 5, in_electronic: 5, received_electronic_rate: 1,
      in_completed: 0, in_processed_electronic: 0, in_completed_unrecorded: 1, processed_electronic_rate: null,
      // a district sends no paper to the Provincial Office as a provincial body would (issue 16)
      paper_to_office: 0,
    }]);
  });

  it('as of a later day, the completions have happened and the late document has arrived', async () => {
    const { body } = await api('/api/rates?period=2020-07&unit=380&as_of=2021-01-01');
    expect(body.units[0]).toMatchObject({ out_total: 2, in_on_time: 2, in_late: 3, in_pending: 0, secret_excluded: 2, on_time_rate: 0.4 });
  });

  it('leaves baseline documents out unless asked', async () => {
    const without = await api('/api/rates?from=2020-06-01&to=2020-07-31&unit=380&as_of=2021-01-01');
    expect(without.body.units[0]).toMatchObject({ out_total: 2, out_electronic: 2, out_signed: 1 });
    const withBaseline = await api('/api/rates?from=2020-06-01&to=2020-07-31&unit=380&as_of=2021-01-01&include_baseline=true');
    expect(withBaseline.body.units[0]).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 1, sent_electronic_rate: 2 / 3 });
  });

  it('puts a document sent at 00:30 local on the provincial milestone day in the required phase', async () => {
    const { body } = await api('/api/rates?period=2020-05&unit=P01&as_of=2021-01-01');
    expect(body.units[0]).toMatchObject({ out_total: 1, out_electronic: 1, out_signed: 1, sent_electronic_rate: 1 });
    const all = await api('/api/rates?period=2020-05&unit=P01&as_of=2021-01-01&include_baseline=1');
    expect(all.body.units[0]).toMatchObject({ out_total: 2, out_electronic: 1 });
  });

  it('gives null rates, never 0 or 1, where there is nothing to count', async () => {
    const { body } = await api('/api/rates?period=2020-10&unit=385&as_of=2021-01-01');
    expect(body.units[0]).toMatchObject({ ...ZERO, sent_electronic_rate: null, signed_rate: null, on_time_rate: null });
    const level = await api('/api/rates?period=2020-10&level=district&as_of=2021-01-01');
    expect(level.body.units).toHaveLength(27);
  });
});

describe('pooled areas', () => {
  it('pool a district with its communes by summing counts', async () => {
    const commune = await api('/api/rates?period=2020-10&unit=14809&as_of=2021-01-01');
    expect(commune.body.units[0]).toMatchObject({ out_total: 4, out_electronic: 4, sent_electronic_rate: 1 });
    const district = await api('/api/rates?period=2020-10&area=381&as_of=2021-01-01');
    expect(district.body.area).toMatchObject({ code: '381', area_kind: 'district', out_total: 8, out_electronic: 7, out_signed: 7, sent_electronic_rate: 0.875, signed_rate: 0.875, on_time_rate: null });
  });

  it('pool a level and the whole province', async () => {
    const province = await api('/api/rates?period=2020-10&area=38&as_of=2021-01-01');
    expect(province.body.area).toMatchObject({ units: 606, out_total: 2 + 8 + 8 + 1, out_electronic: 2 + 7 + 7 + 1, in_on_time: 1, in_late: 1 });
    const communes = await api('/api/rates?period=2020-10&area=commune&as_of=2021-01-01');
    expect(communes.body.area).toMatchObject({ units: 559, out_total: 4 });
  });
});

describe('figure responses', () => {
  it('are the same JSON gzipped for clients that accept it, and plain for the others', async () => {
    const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures, now: () => new Date('2021-01-01T00:00:00Z'), log: quietLog });
    const path = '/api/rates?period=2020-10&level=commune&as_of=2021-01-01';
    const plain = await app.request(path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    const zipped = await app.request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 4);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    expect(JSON.parse(text).units).toHaveLength(559);
  });
});

describe('ranking of the 27 districts', () => {
  it('ranks by the mean of the rates, shares ranks on ties, and lists districts without data last, unranked', async () => {
    const { status, body } = await api('/api/ranking?period=2020-10&as_of=2021-01-01');
    expect(status).toBe(200);
    expect(body).toMatchObject({ period: '2020-10', as_of: '2021-01-01' });
    expect(body.units).toHaveLength(27);
    const top = body.units.slice(0, 4).map((d: Record<string, unknown>) => [d['code'], d['rank'], d['previous_rank'], d['score']]);
    // 384: 1, 1 -> 1; 381 and 382: 0.875, 0.875 -> 0.875 (tie); 380: 1, 1, 0.5 -> 0.8333
    expect(top).toEqual([['384', 1, null, 1], ['381', 2, null, 0.875], ['382', 2, 1, 0.875], ['380', 4, null, 0.8333]]);
    expect(body.units[3]).toMatchObject({ sent_electronic_rate: 1, signed_rate: 1, on_time_rate: 0.5, out_total: 2, in_on_time: 1, in_late: 1 });
    const rest = body.units.slice(4);
    expect(rest.every((d: Record<string, unknown>) => d['rank'] === null && d['score'] === null && d['sent_electronic_rate'] === null)).toBe(true);
    expect(rest.map((d: { code: string }) => d.code)).toEqual([...rest.map((d: { code: string }) => d.code)].sort());
  });
});

describe('violations: the documents behind the figures', () => {
  it('lists each document that pulls a rate down, with why and where it came from, and they reconcile with the counts', async () => {
    const { body } = await api('/api/violations?unit=380&period=2020-07&as_of=2020-07-20');
    expect(body.total).toBe(3);
    expect(body.rows.map((r: Record<string, unknown>) => [r['doc_id'], r['reasons']])).toEqual([
      ['O3', ['not_signed']],
      ['I2', ['late']],
      ['I3', ['late']],
    ]);
    expect(body.rows[0]).toMatchObject({ number: '3/UBND', file: 'fixture.csv', row_no: 6, run_id: 1 });
    const rates = (await api('/api/rates?period=2020-07&unit=380&as_of=2020-07-20')).body.units[0];
    const count = (reason: string) => body.rows.filter((r: { reasons: string[] }) => r.reasons.includes(reason)).length;
    expect(count('not_electronic')).toBe(rates.out_total - rates.out_electronic);
    expect(count('not_signed')).toBe(rates.out_total - rates.out_signed);
    expect(count('late')).toBe(rates.in_late);
    const late = await api('/api/violations?unit=380&period=2020-07&as_of=2020-07-20&reason=late&limit=1&offset=1');
    expect(late.body).toMatchObject({ total: 2, rows: [expect.objectContaining({ doc_id: 'I3' })] });
  });
});

describe('trend and milestones', () => {
  it('gives every month of a trend, with null rates where there is nothing', async () => {
    const { body } = await api('/api/trend?area=380&from=2020-06&to=2020-10&as_of=2021-01-01');
    expect(body.months.map((m: Record<string, unknown>) => [m['month'], m['out_total'], m['sent_electronic_rate']])).toEqual([
      ['2020-06', 0, null], ['2020-07', 2, 1], ['2020-08', 0, null], ['2020-09', 0, null], ['2020-10', 2, 1],
    ]);
  });

  it('summarises each level against its milestone', async () => {
    const { body } = await api('/api/milestones?as_of=2021-01-01');
    expect(body.levels.map((l: Record<string, unknown>) => [l['level'], l['milestone'], l['units']])).toEqual([
      ['province', '2020-05-22', 20], ['district', '2020-07-01', 27], ['commune', '2020-09-01', 559],
    ]);
    const province = body.levels[0];
    expect(province).toMatchObject({ units_full_compliance: 1, units_without_outgoing: 19 });
    expect(province.required).toMatchObject({ out_total: 1, sent_electronic_rate: 1 });
    expect(province.baseline).toMatchObject({ out_total: 1, sent_electronic_rate: 0 });
    expect(province.months[0]).toMatchObject({ month: '2020-05', out_total: 1 });
    const district = body.levels[1];
    // 380 has 4 of 4 electronic but 3 of 4 signed since 1/7; 381, 382 not all; 384 all: only 384 is at 100 %
    expect(district).toMatchObject({ units_full_compliance: 1, units_without_outgoing: 23 });
    expect(district.baseline).toMatchObject({ out_total: 1, out_electronic: 0 });
  });
});

describe('bad requests', () => {
  it.each([
    ['/api/rates?period=2020-13', 'invalid_period'],
    ['/api/rates?period=last-month', 'invalid_period'],
    ['/api/rates', 'missing_period'],
    ['/api/rates?from=2020-07-01&to=2020-06-01', 'invalid_period'],
    ['/api/rates?period=2020-10&unit=99999', 'unknown_unit'],
    // a commune is an area since the map changes (issue 17); a provincial body is not
    ['/api/rates?period=2020-10&area=P01', 'unknown_area'],
    ['/api/rates?period=2020-10&as_of=2020-02-30', 'invalid_date'],
    ['/api/ranking?period=2020-Q5', 'invalid_period'],
    ['/api/violations?period=2020-10', 'invalid_parameter'],
    ['/api/trend?area=380&from=2020-10&to=2020-06', 'invalid_period'],
  ])('%s is a 400 %s', async (path, code) => {
    const { status, body } = await api(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('Arrow for the dashboard', () => {
  it('answers /api/rates and /api/trend with an Arrow IPC stream when asked, with the same figures as JSON', async () => {
    const { tableFromIPC } = await import('apache-arrow');
    const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures, log: quietLog });
    const headers = { accept: 'application/vnd.apache.arrow.stream' };
    const res = await app.request('/api/rates?period=2020-10&level=district&as_of=2021-01-01', { headers });
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    const json = (await api('/api/rates?period=2020-10&level=district&as_of=2021-01-01')).body.units;
    expect(table.numRows).toBe(27);
    expect(table.toArray().map((r) => r.toJSON())).toEqual(json);
    const trend = await app.request('/api/trend?area=38&from=2020-01&to=2021-12&as_of=2021-12-31', { headers });
    expect(tableFromIPC(new Uint8Array(await trend.arrayBuffer())).numRows).toBe(24);
  });

  it('lists the registry', async () => {
    const { body } = await api('/api/units');
    expect(body.units).toHaveLength(606);
    expect(body.units.filter((u: { level: string }) => u.level === 'district')).toHaveLength(27);
    expect(body.units.find((u: { code: string }) => u.code === '14809')).toMatchObject({ level: 'commune', parent_code: '381', district_code: '381' });
  });
});
