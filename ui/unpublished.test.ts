import { describe, expect, it } from 'vitest';
import type { NationalInfo, Scope } from './api.ts';
import { gapsOf, monthsBetween, monthSpans, pilotLine, registryWords, unpublishedLines, unpublishedMonths } from './unpublished.ts';

const province = (code: string, name: string, months: string[]): NationalInfo['provinces'][number] => ({
  code, name, as_of: '2020-12-31', published_at: '2021-01-02T00:00:00Z', map_version: 'x', first_month: months[0] ?? null, last_month: months.at(-1) ?? null, months, registry_mismatch: null,
});
const national: NationalInfo = { country: 'VN', provinces: [province('38', 'Thanh Hóa', ['2020-09', '2020-10', '2020-12']), province('40', 'Nghệ An', ['2020-10', '2020-11', '2020-12'])], expected: 34, roster: 34, unpublished: [] };
const scope = (period: string, asOf = '2020-12-31'): Scope => ({ period, asOf }) as Scope;

describe('the months a national warehouse lacks of a province', () => {
  it('lists months across a year end', () => {
    expect(monthsBetween('2020-11-01', '2021-02-28')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(monthsBetween('2020-11', '2020-10')).toEqual([]);
  });

  it('joins consecutive months into spans, in Vietnamese', () => {
    expect(monthSpans(['2020-09'])).toBe('09/2020');
    expect(monthSpans(['2020-12', '2020-11', '2020-09'])).toBe('09/2020, 11–12/2020');
    expect(monthSpans(['2020-12', '2021-01', '2021-02', '2021-04'])).toBe('12/2020–02/2021, 04/2021');
  });

  it('names each province missing a month of the period, up to the cut-off', () => {
    expect(unpublishedMonths(national, scope('2020-Q4'), '2020-09')).toEqual([{ code: '38', name: 'Thanh Hóa', months: ['2020-11'] }]);
    expect(unpublishedMonths(national, scope('2020-09'), '2020-09')).toEqual([{ code: '40', name: 'Nghệ An', months: ['2020-09'] }]);
    // the cut-off ends the months asked: November and December are not yet due
    expect(unpublishedMonths(national, scope('2020-Q4', '2020-10-20'), '2020-09')).toEqual([]);
    expect(unpublishedMonths(national, scope('2020-10'), '2020-09')).toEqual([]);
    // a period wholly after the cut-off asks for no month
    expect(unpublishedMonths(national, scope('2021-01', '2020-12-31'), '2020-09')).toEqual([]);
  });

  it('asks for no month before the first any province published, nor of an empty warehouse', () => {
    // the year 2020: January to August no province published (nothing held of the country)
    expect(unpublishedMonths(national, scope('2020'), '2020-09')).toEqual([
      { code: '38', name: 'Thanh Hóa', months: ['2020-11'] },
      { code: '40', name: 'Nghệ An', months: ['2020-09'] },
    ]);
    expect(unpublishedMonths(national, scope('2020-03'), '2020-09')).toEqual([]);
    expect(unpublishedMonths({ country: 'VN', provinces: [], expected: 34, roster: 34, unpublished: [] }, scope('2020'), null)).toEqual([]);
  });

  it('finds the months missing between a province\'s first and last', () => {
    expect(gapsOf(national.provinces[0]!)).toEqual(['2020-11']);
    expect(gapsOf(national.provinces[1]!)).toEqual([]);
    expect(gapsOf(province('41', 'Hà Tĩnh', []))).toEqual([]);
  });

  it('names the provinces expected that never published, whatever the period, and a pilot', () => {
    const withMissing: NationalInfo = { ...national, unpublished: [{ code: '01', name: 'Hà Nội' }] };
    const never = '1 tỉnh, thành phố chưa công bố số liệu: Hà Nội. Số liệu toàn quốc và từng cấp chưa gồm các tỉnh, thành phố này nên chưa đủ dữ liệu.';
    expect(unpublishedLines(withMissing, scope('2020-10'), '2020-09')).toEqual([never]);
    // also before the first month any province published, and after the cut-off: nothing of it is known
    expect(unpublishedLines(withMissing, scope('2020-03'), '2020-09')).toEqual([never]);
    expect(unpublishedLines(withMissing, scope('2021-01', '2020-12-31'), '2020-09')).toEqual([never]);
    expect(unpublishedLines(national, scope('2020-10'), '2020-09')).toEqual([]);
    expect(pilotLine(national)).toBeNull();
    expect(pilotLine({ ...national, expected: 2 })).toBe('Thí điểm: chỉ theo dõi 2 trong 34 tỉnh, thành phố; số liệu toàn quốc và từng cấp chỉ gồm các tỉnh, thành phố được theo dõi.');
  });
});

describe('a province\'s registry against the roster\'s communes, in words', () => {
  it('says how many communes it lacks and that they count without data, or that it has too many', () => {
    const p = province('31', 'Hải Phòng', ['2025-08']);
    expect(registryWords(p)).toBe('');
    expect(registryWords({ ...p, registry_mismatch: { expected: 114, registered: 60, month: '2025-08' } }))
      .toBe('danh mục đơn vị cấp xã đã công bố thiếu 54 xã, phường, đặc khu (có 60/114 trong tháng 08/2025); các đơn vị thiếu được tính là chưa có dữ liệu');
    expect(registryWords({ ...p, registry_mismatch: { expected: 114, registered: 1217, month: '2025-08' } }))
      .toBe('danh mục đơn vị cấp xã đã công bố gồm 1.217 xã, phường, đặc khu trong tháng 08/2025, nhiều hơn 114 theo các nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025: có thể là danh mục trước ngày 01/07/2025, đề nghị kiểm tra lại');
  });
});
