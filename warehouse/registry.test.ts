import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../config.ts';
import { openWarehouse } from './warehouse.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { forward, history, mapMembers, readRegistry, RegistryError, teamAssignments, unitsAt, versionAt, type Registry } from './registry.ts';

const configDir = join(import.meta.dirname, '../config');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A registry of the given files' text (units.csv, map-changes.csv, map-successors.csv). */
function registryOf(units: string, changes?: string, successors?: string): Registry {
  const dir = mkdtempSync(join(tmpdir(), 'cds-registry-'));
  dirs.push(dir);
  const write = (name: string, text: string | undefined) => {
    if (text === undefined) return null;
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return readRegistry(write('units.csv', units)!, write('map-changes.csv', changes), write('map-successors.csv', successors));
}

function problemsOf(units: string, changes?: string, successors?: string): string[] {
  try {
    registryOf(units, changes, successors);
  } catch (err) {
    if (err instanceof RegistryError) return err.problems.map((p) => `${p.en} | ${p.vi}`);
    throw err;
  }
  return [];
}

const UNITS = `code,name,short_name,level,kind,parent_code
P01,Sở A,Sở A,province,sở,38
380,Thành phố T,T,district,thành phố,38
405,Huyện Đ,Đ,district,huyện,38
10001,Phường X,X,commune,phường,380
10002,Xã Y,Y,commune,xã,405
10003,Xã Z,Z,commune,xã,405
`;
const CHANGES_HEADER = 'effective_date,code,change,name,short_name,level,kind,parent_code,lat,lon\n';
const SUCC_HEADER = 'effective_date,code,successor_code,main\n';

describe('the versioned registry of Thanh Hóa (config/)', () => {
  const reg = readRegistry(join(configDir, 'units.csv'), join(configDir, 'map-changes.csv'), join(configDir, 'map-successors.csv'));
  const count = (date: string) => {
    const c: Record<string, number> = { province: 0, district: 0, commune: 0 };
    for (const u of unitsAt(reg, date)) c[u.level]! += 1;
    return c;
  };

  it('has the 2020 map, the 2024 steps and the map of 1/7/2025', () => {
    expect(count('2024-01-15')).toEqual({ province: 20, district: 27, commune: 559 });
    // Thiệu Phú merged into the town of Thiệu Hóa on 1/2/2024 (Resolution 939/NQ-UBTVQH15)
    expect(count('2024-06-01')).toEqual({ province: 20, district: 27, commune: 558 });
    expect(count('2025-01-15')).toEqual({ province: 20, district: 26, commune: 547 });
    expect(count('2025-08-01')).toEqual({ province: 20, district: 0, commune: 166 });
  });

  it('follows a unit across the changes: merged, moved, split with its main successor', () => {
    // Tân Sơn merged into Phú Sơn on 1/12/2024, which went into Hạc Thành on 1/7/2025
    const tanSon = versionAt(reg, '14788', '2024-06-01')!;
    expect(forward(reg, tanSon, '2025-01-01')?.code).toBe('14770');
    expect(forward(reg, tanSon, '2025-08-01')?.name).toBe('Phường Hạc Thành');
    // Rừng Thông moved from Đông Sơn (405) to Thanh Hóa city (380)
    expect(versionAt(reg, '16378', '2024-11-30')?.parent_code).toBe('405');
    expect(versionAt(reg, '16378', '2024-12-01')?.parent_code).toBe('380');
    // Đông Thọ (14758) split: the part that keeps its code (Hàm Rồng) takes its history
    const h = history(reg, '14758');
    expect(h.versions.map((v) => [v.name, v.valid_from, v.valid_to])).toEqual([
      ['Phường Đông Thọ', '1900-01-01', '2025-06-30'],
      ['Phường Hàm Rồng', '2025-07-01', '9999-12-31'],
    ]);
    expect(h.successors.map((s) => [s.successor_code, s.main]).sort()).toEqual([['14758', true], ['14797', false]]);
    // Thiệu Long (15793) split without keeping its code: the first part listed is main
    expect(forward(reg, versionAt(reg, '15793', '2025-06-30')!, '2025-07-01')?.code).toBe('15448');
    // a district's history stays its own: no main successor
    expect(forward(reg, versionAt(reg, '380', '2025-06-30')!, '2025-07-01')).toBeUndefined();
  });

  it('places documents on the map of their date and carries them to later maps', () => {
    const members = mapMembers(reg);
    const at = (map: string, code: string, doc: string, kind: string) =>
      members.filter((m) => m.map_from <= map && map <= m.map_to && m.code === code && m.doc_from <= doc && doc <= m.doc_to && m.area_kind === kind).map((m) => m.area);
    // a commune of Đông Sơn in October 2024: Đông Sơn's on the map of its time, Thanh Hóa city's on December's
    expect(at('2024-10-31', '16381', '2024-10-01', 'district')).toEqual(['405']);
    expect(at('2024-12-31', '16381', '2024-10-01', 'district')).toEqual(['380']);
    // a document dated August 2025 carrying Tân Sơn's code goes to Hạc Thành
    expect(at('2025-08-31', '14788', '2025-08-10', 'unit')).toEqual(['14797']);
    expect(members.find((m) => m.code === '14788' && m.doc_from === '2025-07-01' && m.area_kind === 'unit')?.via_successor).toBe(true);
    // no district on the map of August 2025
    expect(members.filter((m) => m.map_from === '2025-07-01' && m.area_kind === 'district')).toEqual([]);
  });
});

describe('the registry checks', () => {
  it('accepts a consistent registry', () => {
    const changes = `${CHANGES_HEADER}2024-12-01,405,ends,,,,,,,\n2024-12-01,10002,changes,,,,,380,,\n2024-12-01,10003,ends,,,,,,,\n`;
    const successors = `${SUCC_HEADER}2024-12-01,405,380,true\n2024-12-01,10003,10002,true\n`;
    expect(problemsOf(UNITS, changes, successors)).toEqual([]);
  });

  it('refuses overlapping versions of a code', () => {
    const changes = `${CHANGES_HEADER}2024-12-01,10001,starts,Phường X mới,X,commune,phường,380,,\n`;
    const problems = problemsOf(UNITS, changes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/map-changes\.csv line 2: unit 10001 starts on 2024-12-01 while its version .* is still in force/);
    expect(problems[0]).toMatch(/chồng lấn/);
  });

  it('refuses a unit that ends without a successor', () => {
    const changes = `${CHANGES_HEADER}2024-12-01,10003,ends,,,,,,,\n`;
    const problems = problemsOf(UNITS, changes);
    expect(problems).toEqual([expect.stringMatching(/unit 10003 \(Xã Z\) ends on 2024-11-30 without a successor .*\| đơn vị 10003 \(Xã Z\) chấm dứt ngày 30\/11\/2024 nhưng không có đơn vị kế thừa/)]);
  });

  it('refuses a parent that is not in force on every date its commune uses it', () => {
    // Đông Sơn ends, but commune 10002 still belongs to it
    const changes = `${CHANGES_HEADER}2024-12-01,405,ends,,,,,,,\n2024-12-01,10003,changes,,,,,380,,\n`;
    const successors = `${SUCC_HEADER}2024-12-01,405,380,true\n`;
    const problems = problemsOf(UNITS, changes, successors);
    expect(problems).toEqual([expect.stringMatching(/commune 10002 \(Xã Y\) has parent 405, which is not a district in force on 2024-12-01 \| .*xã 10002 \(Xã Y\) thuộc đơn vị 405, không phải huyện còn hiệu lực ngày 01\/12\/2024/)]);
  });

  it('refuses a split without a main successor, two main successors, and a successor not in force', () => {
    const changes = `${CHANGES_HEADER}2024-12-01,10003,ends,,,,,,,\n2024-12-01,10001,ends,,,,,,,\n2024-12-01,20001,starts,Phường W,W,commune,phường,380,,\n`;
    const successors = `${SUCC_HEADER}2024-12-01,10003,10002,false\n2024-12-01,10003,20001,false\n2024-12-01,10001,20001,true\n2024-12-01,10001,99999,true\n`;
    const problems = problemsOf(UNITS, changes, successors);
    expect(problems.some((p) => /unit 10003 .* is split on 2024-12-01 without a main successor/.test(p))).toBe(true);
    expect(problems.some((p) => /unit 10001 .* has more than one main successor/.test(p))).toBe(true);
    expect(problems.some((p) => /successor 99999 of unit 10001 is not in force on 2024-12-01/.test(p))).toBe(true);
  });

  it('refuses a change that does not fall on the first day of a month', () => {
    const changes = `${CHANGES_HEADER}2024-12-15,10003,ends,,,,,,,\n`;
    expect(problemsOf(UNITS, changes)).toEqual([expect.stringMatching(/first day of a month.*\| .*ngày đầu tháng/)]);
  });
});

describe('the check at start-up', () => {
  it('refuses to open the warehouse on an inconsistent map, naming the unit and the rule broken in English and Vietnamese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-registry-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'units.csv'), UNITS);
    writeFileSync(join(dir, 'map-changes.csv'), `${CHANGES_HEADER}2024-12-01,10003,ends,,,,,,,\n`);
    const settings = { ...loadSettings(join(configDir, 'settings.json')), teams: [] };
    const opening = openWarehouse({ dbPath: ':memory:', dataDir: dir, unitsFile: join(dir, 'units.csv'), settings }, quietLog);
    await expect(opening).rejects.toMatchObject({ status: 500, code: 'registry_invalid' });
    await expect(opening).rejects.toThrow(/unit 10003 \(Xã Z\) ends on 2024-11-30 without a successor[\s\S]*đơn vị 10003 \(Xã Z\) chấm dứt ngày 30\/11\/2024/);
  });
});

describe('the teams\' assignments over time', () => {
  const changes = `${CHANGES_HEADER}2025-07-01,380,ends,,,,,,,\n2025-07-01,405,ends,,,,,,,\n2025-07-01,10001,ends,,,,,,,\n2025-07-01,10002,ends,,,,,,,\n2025-07-01,10003,ends,,,,,,,\n2025-07-01,20001,starts,Xã Mới,Mới,commune,xã,38,,\n`;
  const successors = `${SUCC_HEADER}2025-07-01,380,20001,false\n2025-07-01,405,20001,false\n2025-07-01,10001,20001,true\n2025-07-01,10002,20001,true\n2025-07-01,10003,20001,true\n`;

  it('gives each assignment its days, and refuses a unit not in force on them or in two teams at once', () => {
    const reg = registryOf(UNITS, changes, successors);
    const ok = teamAssignments(reg, [{ id: 1, units: ['P01', '380', '405'], assignments: [{ from: '2025-07-01', units: ['P01', '20001'] }] }]);
    expect(ok.problems).toEqual([]);
    expect(ok.rows.filter((r) => r.unit_code === 'P01').map((r) => [r.valid_from, r.valid_to])).toEqual([['1900-01-01', '2025-06-30'], ['2025-07-01', '9999-12-31']]);
    // a district after its end; a commune while it is under a district; a unit in two teams
    const bad = teamAssignments(reg, [
      { id: 1, units: ['P01', '380'], assignments: [{ from: '2025-07-01', units: ['380', '20001'] }] },
      { id: 2, units: ['10001'], assignments: [{ from: '2025-07-01', units: ['20001'] }] },
    ]);
    expect(bad.problems.map((p) => p.en)).toEqual([
      'team 1: unit 380 is not a provincial body, district or commune under no district in force on 2025-07-01',
      'team 2: unit 10001 is not a provincial body, district or commune under no district in force on the start',
      'unit 20001 is assigned to teams 1 and 2 on the same days',
    ]);
    expect(bad.problems[2]!.vi).toBe('đơn vị 20001 được phân cho cả tổ 1 và tổ 2 trong cùng thời gian');
  });
});
