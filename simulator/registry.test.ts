import { describe, expect, it } from 'vitest';
import { parseUnitsCsv, selectUnits } from './registry.ts';
import { REGISTRY } from './test-fixtures.ts';

describe('readUnitsCsv', () => {
  it('reads the real registry with its quoted fields', () => {
    expect(REGISTRY).toHaveLength(606);
    expect(REGISTRY.filter((u) => u.level === 'province')).toHaveLength(20);
    expect(REGISTRY.filter((u) => u.level === 'district')).toHaveLength(27);
    expect(REGISTRY.filter((u) => u.level === 'commune')).toHaveLength(559);
    expect(REGISTRY.find((u) => u.code === 'P13')).toEqual({
      code: 'P13', name: 'Sở Văn hóa, Thể thao và Du lịch', short_name: 'Sở Văn hóa, Thể thao và Du lịch',
      level: 'province', kind: 'sở, ban, ngành', parent_code: '38',
    });
  });

  it('refuses unknown levels and missing columns', () => {
    expect(() => parseUnitsCsv('code,name,short_name,level,kind,parent_code\nX,a,a,region,k,38\n')).toThrow(/level/);
    expect(() => parseUnitsCsv('code,name\nX,a\n')).toThrow(/columns/);
  });

  it('selects units with their communes', () => {
    const some = selectUnits(REGISTRY, ['P01', '381']);
    expect(some.map((u) => u.code)).toContain('P01');
    expect(some.filter((u) => u.parent_code === '381')).toHaveLength(7);
    expect(selectUnits(REGISTRY, ['381'], { withCommunes: false })).toHaveLength(1);
  });
});
