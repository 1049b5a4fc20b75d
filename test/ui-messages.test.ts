// Every error code the server can answer with has a Vietnamese message in the dashboard's
// catalogue (ui/messages.ts): the codes are read from the server's own sources, so a new
// AppError code without a message fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorText, messageOf } from '../ui/messages.ts';
import { englishIn } from './helpers/english.ts';
import { repoRoot } from './helpers/warehouse.ts';

const SKIP = new Set(['node_modules', 'dist', 'data', 'ui', 'test', 'bench', 'test-output', '.git']);

function serverSources(dir = repoRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name) || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return serverSources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * `new AppError(400, 'code'`, `badRequest('code'`, `notFound('code'`, `conflict('code'`,
 * `{ error: { code: 'code'`, and the national roll-up's `refused('code'` (national/rollup.ts:
 * its AppError takes the code as a variable, which the first form cannot see).
 */
const CODE = /(?:new AppError\(\s*\d+,\s*|badRequest\(\s*|notFound\(\s*|conflict\(\s*|refused\(\s*|error: \{ code: )'([a-z_]+)'/g;

describe('the UI message catalogue', () => {
  const found = new Map<string, string>();
  for (const file of serverSources()) for (const m of readFileSync(file, 'utf8').matchAll(CODE)) found.set(m[1]!, relative(repoRoot, file));

  it('finds the codes of the server (the scan itself works)', () => {
    expect([...found.keys()]).toEqual(expect.arrayContaining(['forbidden', 'unauthenticated', 'invalid_period', 'unknown_unit', 'not_found', 'internal_error', 'database_locked', 'invalid_export', 'period_frozen',
      'checksum_mismatch', 'same_counts_two_provinces']));
  });

  it('has a Vietnamese message for every code', () => {
    expect([...found].filter(([code]) => !(code in ERROR_MESSAGES)).map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it('says every message in Vietnamese, without an English word', () => {
    for (const [code, message] of Object.entries(ERROR_MESSAGES)) expect(englishIn(message), code).toEqual([]);
  });

  it('says a refusal and an unknown code in Vietnamese, never the server message', () => {
    expect(messageOf('forbidden', 403)).toBe(ERROR_MESSAGES['forbidden']);
    expect(messageOf('some_future_code', 409)).toMatch(/xung đột/);
    expect(messageOf('some_future_code', 502)).toBe(ERROR_MESSAGES['internal_error']);
    expect(messageOf('too_many_requests', 429, '12')).toContain('sau 12 giây');
    expect(errorText(new TypeError('Failed to fetch'))).toMatch(/Không kết nối được/);
  });
});
