import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { businessDate } from '../time.ts';
import { generateProvince } from './generate.ts';
import { dayIso, localDayOf } from './local-time.ts';
import { buildTimeline, parseMapChanges, parseMapSuccessors, spanAt, timelineBeside } from './map.ts';
import { parseUnitsCsv, selectUnits } from './registry.ts';
import { startSimulator } from './server.ts';
import { MILESTONES, REGISTRY } from './test-fixtures.ts';

const UNITS_FILE = fileURLToPath(new URL('../config/units.csv', import.meta.url));
const TIMELINE = timelineBeside(UNITS_FILE, REGISTRY, 15)!;

/** The codes in force on a day, by level (a late system's code is not in force). */
function inForce(date: string): Record<string, number> {
  const count: Record<string, number> = {};
  for (const list of TIMELINE.values()) {
    const s = spanAt(list, date);
    if (s && !s.late) count[s.unit.level] = (count[s.unit.level] ?? 0) + 1;
  }
  return count;
}

describe('the map over time', () => {
  it('follows the registry through the 2024 and 2025 changes', () => {
    expect(inForce('2024-01-15')).toEqual({ province: 20, district: 27, commune: 559 });
    expect(inForce('2025-01-15')).toEqual({ province: 20, district: 26, commune: 547 });
    expect(inForce('2025-08-01')).toEqual({ province: 20, commune: 166 });
    // a reused code: Phường Đông Thọ of Thanh Hóa city, then Phường Hàm Rồng with no district
    const dongTho = TIMELINE.get('14758')!;
    expect(spanAt(dongTho, '2025-06-30')!.unit).toMatchObject({ name: 'Phường Đông Thọ', parent_code: '380' });
    expect(spanAt(dongTho, '2025-07-01')!.unit).toMatchObject({ name: 'Phường Hàm Rồng', parent_code: '38', level: 'commune' });
  });

  it('gives a new commune the work of the communes it was formed from', () => {
    const units = parseUnitsCsv('code,name,short_name,level,kind,parent_code\nD1,Huyện A,A,district,huyện,38\nC1,Xã B,B,commune,xã,D1\nC2,Xã C,C,commune,xã,D1\nC3,Xã D,D,commune,xã,D1\n');
    const changes = parseMapChanges([
      'effective_date,code,change,name,short_name,level,kind,parent_code,lat,lon',
      '2025-07-01,D1,ends,,,,,,,', '2025-07-01,C1,ends,,,,,,,', '2025-07-01,C2,ends,,,,,,,', '2025-07-01,C3,ends,,,,,,,',
      '2025-07-01,C1,starts,Xã Mới,Mới,commune,xã,38,19.8,105.7', '2025-07-01,C3,starts,Xã Ba,Ba,commune,xã,38,19.9,105.8',
    ].join('\n'));
    const successors = parseMapSuccessors([
      'effective_date,code,successor_code,main',
      '2025-07-01,D1,C1,false', '2025-07-01,D1,C3,false',
      '2025-07-01,C1,C1,true', '2025-07-01,C2,C1,true', '2025-07-01,C2,C3,false', '2025-07-01,C3,C3,true',
    ].join('\n'));
    const timeline = buildTimeline(units, changes, successors, 15);
    // C1 takes itself and half of the split C2; C3 itself and the other half; the district none
    expect(spanAt(timeline.get('C1')!, '2025-07-01')!.volume).toBe(1.5);
    expect(spanAt(timeline.get('C3')!, '2025-07-01')!.volume).toBe(1.5);
    expect(spanAt(timeline.get('D1')!, '2025-07-01')).toBeUndefined();
    // one ended commune whose code does not go on (C2, the only one) keeps sending for a while
    const late = timeline.get('C2')!.filter((s) => s.late);
    expect(late).toHaveLength(1);
    expect(late[0]!.from).toBe('2025-07-01');
    expect(['2025-07-31', '2025-08-31', '2025-09-30']).toContain(late[0]!.to);
  });

  it('issues documents under each code only while it is in force, or while a late system still uses it', () => {
    const late = [...TIMELINE.values()].flat().filter((s) => s.late && s.from === '2025-07-01');
    expect(late.length).toBeGreaterThanOrEqual(5);
    const lateCode = late[0]!.unit.code;
    // district 381 and its communes, a late commune, a reused code
    const only = [...selectUnits(REGISTRY, ['381']).map((u) => u.code), lateCode, '14758'];
    const docs = generateProvince({ units: REGISTRY, milestones: MILESTONES, seed: 15, scale: 1, timeline: TIMELINE, only, from: '2025-05-01', to: '2025-12-31' });
    const months = (code: string) => new Set(docs.filter((d) => d.unit_code === code).map((d) => businessDate(d.event_time).slice(0, 7)));
    expect([...months('381')].sort()).toEqual(['2025-05', '2025-06']);
    expect(months('14758').has('2025-05') && months('14758').has('2025-11')).toBe(true);
    const after = [...months(lateCode)].filter((m) => m >= '2025-07');
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((m) => `${m}-01` <= late[0]!.to!)).toBe(true);
    // the 2020 communes of 381 whose code was not reused are silent from July, but a late one
    const reused = new Set([...TIMELINE].filter(([, l]) => spanAt(l, '2025-08-01') && !spanAt(l, '2025-08-01')!.late).map(([c]) => c));
    for (const u of selectUnits(REGISTRY, ['381']).filter((x) => x.level === 'commune' && !reused.has(x.code) && x.code !== lateCode)) {
      expect([...months(u.code)].filter((m) => m >= '2025-07'), u.code).toEqual([]);
    }
    // a 2025 commune has the volume of several old ones
    expect(spanAt(TIMELINE.get('14758')!, '2025-08-01')!.volume).toBeGreaterThan(1);
    const ids = docs.map((d) => `${d.unit_code}/${d.doc_id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the live simulator', () => {
  it('follows the real clock and generates the days as they come, numbering on', async () => {
    const units = selectUnits(REGISTRY, ['P01', 'P02']);
    const today = localDayOf(Date.now());
    const sim = await startSimulator({ units, milestones: MILESTONES, scale: 1, timeline: TIMELINE, live: true, from: dayIso(today - 60), to: dayIso(today - 20) });
    try {
      const docs = sim.groundTruth();
      const last = docs.map((d) => d.event_time).sort().at(-1)!;
      // the stretch generated on start ended 20 days ago; the next reaches today, and nothing is from the future
      expect(businessDate(last) > dayIso(today - 20)).toBe(true);
      expect(last <= new Date().toISOString()).toBe(true);
      const ids = docs.map((d) => `${d.unit_code}/${d.doc_id}`);
      expect(new Set(ids).size).toBe(ids.length);
      expect(() => sim.setNow('2021-01-01T00:00:00Z')).toThrow(/real clock/);
    } finally {
      await sim.close();
    }
  });
});
