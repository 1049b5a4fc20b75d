import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { notFound } from '../errors.ts';
import type { Database } from '../warehouse/database.ts';
import { readRows, runStatements, sqlFile } from '../warehouse/sql.ts';
import type { NationalProvince } from './rollup.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/** A province to withdraw whole (`whole`), or some of its months (YYYY-MM). */
export interface Withdrawal {
  province: string;
  whole: boolean;
  months: string[];
}

export interface Withdrawn {
  province: string;
  name: string;
  whole: boolean;
  /** the months removed (YYYY-MM), in order */
  months: string[];
  /** rows removed from national_counts */
  countRows: number;
  /** unit versions removed from national_registry (0 unless whole) */
  registryRows: number;
}

const ARGUMENT = /^([0-9A-Za-z]+)(?::(\d{4}-(?:0[1-9]|1[0-2])))?$/;

/**
 * The --withdraw arguments (`40` the whole province, `40:2025-07` one month), merged by
 * province in the order first given (a province given whole takes its months with it), or
 * the first argument that is neither.
 */
export function parseWithdrawals(args: readonly string[]): Withdrawal[] | { bad: string } {
  const asked: Withdrawal[] = [];
  for (const arg of args) {
    const m = ARGUMENT.exec(arg);
    if (!m) return { bad: arg };
    asked.push({ province: m[1]!, whole: m[2] === undefined, months: m[2] === undefined ? [] : [m[2]] });
  }
  return mergeWithdrawals(asked);
}

/** One withdrawal per province, in the order first given: its months together, sorted, none when whole. */
function mergeWithdrawals(asked: readonly Withdrawal[]): Withdrawal[] {
  const byProvince = new Map<string, Withdrawal>();
  for (const a of asked) {
    const w = byProvince.get(a.province) ?? { province: a.province, whole: false, months: [] };
    w.whole ||= a.whole;
    for (const m of a.months) if (!w.months.includes(m)) w.months.push(m);
    byProvince.set(w.province, w);
  }
  return [...byProvince.values()].map((w) => ({ ...w, months: w.whole ? [] : w.months.sort() }));
}

/**
 * Withdraws provinces, or months of them, from a national warehouse (README "National
 * roll-up"), in one transaction: each province and month asked must be held, or nothing is
 * removed and the refusal names every one that is not. A province withdrawn whole leaves the
 * figures, the ranking and the provinces' list; a month withdrawn is a month the province
 * has not published, whose due units count as units without data (the figures become
 * incomplete, they do not improve). Its hash is gone with it, so the next roll-up of the
 * same publication loads it again. Each province withdrawn is written to the audit log
 * (national_withdraw, by `actor`), in the same transaction.
 */
export async function withdraw(db: Database, given: readonly Withdrawal[], actor: string | null = null): Promise<Withdrawn[]> {
  // a province given twice is withdrawn once, with the months of both
  const asked = mergeWithdrawals(given);
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const provinces = new Map((await readRows<NationalProvince>(conn, q('provinces'))).map((p) => [p.province, p]));
      const missing: string[] = [];
      const missingVi: string[] = [];
      const plans: { w: Withdrawal; name: string; months: string[] }[] = [];
      for (const w of asked) {
        const p = provinces.get(w.province);
        if (!p) {
          missing.push(`province ${w.province}`);
          missingVi.push(`tỉnh mã ${w.province}`);
          continue;
        }
        const held = p.months;
        const absent = w.months.filter((m) => !held.includes(m));
        if (absent.length > 0) {
          missing.push(`${absent.map((m) => `${w.province}:${m}`).join(', ')} (province ${w.province}, ${p.name}, holds ${held.length ? held.join(', ') : 'no month'})`);
          missingVi.push(`tháng ${absent.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ')} của ${p.name}`);
        }
        plans.push({ w, name: p.name, months: w.whole ? held : w.months });
      }
      if (missing.length > 0) {
        const others = [...provinces.values()].map((p) => `${p.province} ${p.name}`).join(', ');
        throw notFound('not_held', `Nothing was withdrawn: this national warehouse does not hold ${missing.join('; ')}. It holds ${others ? `the provinces ${others}` : 'no province'}.\nChưa rút gì: kho số liệu quốc gia không có ${missingVi.join('; ')}.`, { missing });
      }
      const done: Withdrawn[] = [];
      for (const { w, name, months } of plans) {
        const [countRows, , registryRows] = await runStatements(conn, q('withdraw'), {
          province: w.province, whole: w.whole, months: listValue(w.months.map((m) => `${m}-01`)),
        }, { months: LIST(VARCHAR) });
        done.push({ province: w.province, name, whole: w.whole, months, countRows: countRows!, registryRows: registryRows! });
        await runStatements(conn, q('audit'), { actor, action: 'national_withdraw', target: w.province, details: JSON.stringify({ name, whole: w.whole, months, count_rows: countRows }) });
      }
      await conn.run('COMMIT');
      return done;
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  });
}
