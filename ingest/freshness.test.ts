import { describe, expect, it } from 'vitest';
import { freshnessOf } from './freshness.ts';
import type { SourceView } from './queries.ts';

const source = (id: string, kind: SourceView['kind'], last: string | null, extra: Partial<SourceView> = {}): SourceView => ({
  id, kind, schedule: null, location: null, enabled: true, last_success_at: last, last_error_at: null, last_error: null,
  last_run_id: null, rows_loaded_total: 0, failing: false, stale: false, ...extra,
});

describe('freshnessOf', () => {
  it('is the local day of the slowest configured source; manual loads and disabled sources do not count', () => {
    const f = freshnessOf([
      source('a', 'http', '2021-12-31T10:00:00Z'),
      // 2021-12-29T17:30Z is 30/12 00:30 in Vietnam
      source('b', 'folder', '2021-12-29T17:30:00Z', { stale: true }),
      source('manual', 'other', '2020-01-01T00:00:00Z'),
      source('off', 'http', '2019-01-01T00:00:00Z', { enabled: false }),
    ]);
    expect(f).toEqual({ fresh_through: '2021-12-30', last_success_at: '2021-12-31T10:00:00Z', never_succeeded: 0, stale: 1 });
  });

  it('says when no configured source has succeeded', () => {
    expect(freshnessOf([source('a', 'http', null), source('m', 'other', '2021-01-01T00:00:00Z')]))
      .toEqual({ fresh_through: null, last_success_at: '2021-01-01T00:00:00Z', never_succeeded: 1, stale: 0 });
  });
});
