import type { DataRange, Freeze, Freshness, NationalInfo, SessionUser, Team, Unit } from './api.ts';
import type { Scope } from './api.ts';
import { documentScope } from './access.ts';
import { date, periodLabel } from './format.ts';

/**
 * What every view of a signed-in account shares, loaded once after sign-in: who it is, the
 * registry, its team (an inspector's), the data's range and freshness, and the frozen
 * periods (staff, who may read them; null for the others, who are not told).
 */
export interface AppContext {
  user: SessionUser;
  units: Unit[];
  unitsByCode: Map<string, Unit>;
  /** the inspector's own team; for staff every team (the team view of any team) */
  teams: Team[];
  range: DataRange;
  /** a national warehouse (npm run serve -- --national): the provinces; null for a province's */
  national: NationalInfo | null;
  freshThrough: string | null;
  freshness: Freshness;
  freezes: Freeze[] | null;
  /** units whose documents the account may list */
  documents: Set<string> | 'all';
}

export function makeContext(user: SessionUser, units: Unit[], teams: Team[], range: DataRange & { national?: NationalInfo }, freshness: Freshness, freezes: Freeze[] | null): AppContext {
  const own = user.role === 'inspector' ? teams.find((t) => t.id === user.team) ?? null : null;
  return {
    user, units, unitsByCode: new Map(units.map((u) => [u.code, u])), teams, range, national: range.national ?? null, freshThrough: freshness.fresh_through, freshness, freezes,
    documents: documentScope(user, units, own),
  };
}

/** The latest frozen version of a period, if the account may know it. */
export function frozenVersion(ctx: AppContext, period: string): Freeze | null {
  return ctx.freezes?.filter((f) => f.period === period).sort((a, b) => b.version - a.version)[0] ?? null;
}

/** "Tháng 12/2021, số liệu đến ngày 31/12/2021": every title says its period and cut-off. */
export function scopeWords(scope: Scope): string {
  return `${periodLabel(scope.period)}, số liệu đến ngày ${date(scope.asOf)}`;
}
