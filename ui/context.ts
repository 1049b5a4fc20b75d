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
  /** the units of the selected period's map (its last day's; onMap), else the registry's */
  units: Unit[];
  /** by code: the period's map, then the registry for a code not on it (a unit that ended) */
  unitsByCode: Map<string, Unit>;
  /** the registry as GET /api/units answers it (each code as it was first) */
  registry: Unit[];
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
    user, units, unitsByCode: new Map(units.map((u) => [u.code, u])), registry: units, teams, range, national: range.national ?? null, freshThrough: freshness.fresh_through, freshness, freezes,
    documents: documentScope(user, units, own),
  };
}

/**
 * The context on the map of the selected period's last day (issue 17; GET /api/units?as_of=):
 * the unit lists and names as they were then — a 2025 commune reusing an old code named as in
 * 2025 from July 2025 and as the old commune before — and the account's document scope on it.
 */
export function onMap(ctx: AppContext, map: readonly Unit[]): AppContext {
  const units = map.map((u) => ({ code: u.code, name: u.name, short_name: u.short_name, level: u.level, parent_code: u.parent_code, district_code: u.district_code }));
  const unitsByCode = new Map(ctx.registry.map((u) => [u.code, u]));
  for (const u of units) unitsByCode.set(u.code, u);
  const own = ctx.user.role === 'inspector' ? ctx.teams.find((t) => t.id === ctx.user.team) ?? null : null;
  return { ...ctx, units, unitsByCode, documents: documentScope(ctx.user, units, own) };
}

/** The latest frozen version of a period, if the account may know it. */
export function frozenVersion(ctx: AppContext, period: string): Freeze | null {
  return ctx.freezes?.filter((f) => f.period === period).sort((a, b) => b.version - a.version)[0] ?? null;
}

/** "Tháng 12/2021, số liệu đến ngày 31/12/2021": every title says its period and cut-off. */
export function scopeWords(scope: Scope): string {
  return `${periodLabel(scope.period)}, số liệu đến ngày ${date(scope.asOf)}`;
}
