import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.ts';

/** One row of config/units.csv. */
export interface Unit {
  code: string;
  name: string;
  short_name: string;
  level: 'province' | 'district' | 'commune';
  kind: string;
  parent_code: string;
}

const COLUMNS = ['code', 'name', 'short_name', 'level', 'kind', 'parent_code'] as const;
const LEVELS = new Set(['province', 'district', 'commune']);

/** Parses the registry text (quoted fields such as "sở, ban, ngành" included). */
export function parseUnitsCsv(text: string): Unit[] {
  const rows = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  const header = rows.shift();
  if (!header) throw new Error('units registry is empty');
  const index = COLUMNS.map((c) => header.findIndex((h) => h.trim() === c));
  const missing = COLUMNS.filter((_, i) => index[i] === -1);
  if (missing.length > 0) throw new Error(`units registry lacks columns: ${missing.join(', ')}`);
  return rows.map((r, n) => {
    const get = (i: number) => (r[index[i]!] ?? '').trim().normalize('NFC');
    const level = get(3);
    if (!LEVELS.has(level)) throw new Error(`units registry line ${n + 2}: unknown level ${JSON.stringify(level)}`);
    return {
      code: get(0),
      name: get(1),
      short_name: get(2),
      level: level as Unit['level'],
      kind: get(4),
      parent_code: get(5),
    };
  });
}

export function readUnitsCsv(path: string): Unit[] {
  return parseUnitsCsv(readFileSync(path, 'utf8'));
}

/**
 * A few units plus, for every district picked, its communes: the cheap way for tests to
 * run on a small but hierarchical province.
 */
export function selectUnits(all: readonly Unit[], codes: readonly string[], opts: { withCommunes?: boolean } = {}): Unit[] {
  const wanted = new Set(codes);
  const withCommunes = opts.withCommunes ?? true;
  return all.filter((u) => wanted.has(u.code) || (withCommunes && u.level === 'commune' && wanted.has(u.parent_code)));
}
