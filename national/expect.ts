import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { badRequest } from '../errors.ts';
import type { Database } from '../warehouse/database.ts';
import { readRows, runStatements, sqlFile } from '../warehouse/sql.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/** A province of the roster (migration 022: the 34 provinces in force since 1/7/2025). */
export interface RosterProvince {
  province: string;
  name: string;
  official_name: string;
  expected: boolean;
  published: boolean;
}

export const roster = (db: Database): Promise<RosterProvince[]> => db.all<RosterProvince>(q('roster'));

/**
 * The --expect argument: `all` (the whole roster) or codes separated by commas (38,40), in
 * order, each once; or the first code that is not two digits.
 */
export function parseExpected(arg: string): 'all' | string[] | { bad: string } {
  if (arg.trim() === 'all') return 'all';
  // all among codes says two different things
  if (arg.split(',').some((c) => c.trim() === 'all')) return { bad: 'all' };
  const codes: string[] = [];
  for (const part of arg.split(',').map((c) => c.trim())) {
    if (!/^\d{2}$/.test(part)) return { bad: part };
    if (!codes.includes(part)) codes.push(part);
  }
  return codes;
}

/**
 * Sets which provinces of the roster a national warehouse expects publications from (README
 * "National roll-up"): a province expected that has published nothing makes the country's
 * and every level's figure incomplete and is listed as not published. Every code must be on
 * the roster, or nothing changes and the refusal names those that are not. Written to the
 * audit log (national_expect, by `actor`) in the same transaction. Returns the roster as it
 * then stands.
 */
export async function setExpected(db: Database, asked: 'all' | readonly string[], actor: string | null = null): Promise<RosterProvince[]> {
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const current = await readRows<RosterProvince>(conn, q('roster'));
      const codes = asked === 'all' ? current.map((p) => p.province) : [...asked];
      const unknown = codes.filter((c) => !current.some((p) => p.province === c));
      if (codes.length === 0 || unknown.length > 0) {
        throw badRequest('not_on_roster', `Nothing was changed: ${codes.length === 0 ? 'no province was given' : `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not the code of a province in force since 1/7/2025 (Decision 19/2025/QĐ-TTg)`}. The codes are ${current.map((p) => p.province).join(', ')}.\nChưa thay đổi gì: ${codes.length === 0 ? 'chưa nêu tỉnh nào' : `mã ${unknown.join(', ')} không phải mã tỉnh, thành phố từ 01/7/2025 (Quyết định 19/2025/QĐ-TTg)`}.`, { unknown });
      }
      await runStatements(conn, q('expect'), { provinces: listValue(codes) }, { provinces: LIST(VARCHAR) });
      await runStatements(conn, sqlFile(new URL('./sql/audit.sql', import.meta.url)), {
        actor, action: 'national_expect', target: asked === 'all' ? 'all' : codes.join(','), details: JSON.stringify({ expected: codes }),
      });
      const after = await readRows<RosterProvince>(conn, q('roster'));
      await conn.run('COMMIT');
      return after;
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  });
}
