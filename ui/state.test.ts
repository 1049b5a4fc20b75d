import { describe, expect, it } from 'vitest';
import { defaultAsOf, defaultPeriod } from './state.ts';

describe('the view a visit opens on', () => {
  it('opens on the last month with data, or on the month the data is fresh through when that is earlier', () => {
    expect(defaultPeriod('2020-01', '2026-01', null)).toBe('2026-01');
    expect(defaultPeriod('2020-01', '2026-01', '2026-01-15')).toBe('2026-01');
    expect(defaultPeriod('2020-01', '2026-01', '2026-02-28')).toBe('2026-01');
    // a province behind: published through 31/12/2025 while another published January
    expect(defaultPeriod('2020-01', '2026-01', '2025-12-31')).toBe('2025-12');
    expect(defaultAsOf('2025-12', '2026-02-10', '2025-12-31')).toBe('2025-12-31');
    // never before the first month
    expect(defaultPeriod('2020-09', '2026-01', '2019-05-01')).toBe('2020-09');
  });
});
