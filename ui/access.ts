import type { SessionUser, Team, Unit } from './api.ts';
import type { View } from './state.ts';

/**
 * What each role may use, as the dashboard offers it: the same rules as the server's policy
 * (auth/policy.ts, which decides; test/dashboard-roles.test.ts checks that no view of any
 * role meets a refusal). The dashboard offers only what the role may call.
 */
const STAFF = ['admin', 'viewer'];

export const may = {
  /** GET /api/sources, /api/runs */
  sources: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/quarantine… */
  quarantine: (u: SessionUser) => u.role === 'admin',
  /** GET /api/data-notes */
  dataNotes: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/reports/freezes, /api/reports/monthly.* */
  freezes: (u: SessionUser) => STAFF.includes(u.role),
  monthlyReport: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/teams, /api/reports/inspection.xlsx (an inspector: its own team) */
  teams: (u: SessionUser) => STAFF.includes(u.role) || u.role === 'inspector',
};

/** The first page after sign-in: a unit account its own unit, an inspector its team, staff the overview. */
export function homeView(u: SessionUser): View {
  if (u.role === 'unit' && u.unit) return 'mine';
  if (u.role === 'inspector' && u.team !== null) return 'team';
  return 'overview';
}

/** Whether a view is one this role may open (the others are not offered, and say so if typed in). */
export function mayOpen(u: SessionUser, view: View): boolean {
  switch (view) {
    case 'sources': return may.sources(u);
    case 'quarantine': return may.quarantine(u);
    case 'data-notes': return may.dataNotes(u);
    case 'mine': return u.role === 'unit' && !!u.unit;
    case 'team': return may.teams(u);
    default: return true;
  }
}

/**
 * The units whose documents the account may list (GET /api/violations), as the server's
 * document scope: staff all ('all'), an inspector its team's units with their communes, a
 * unit account itself and, for a district, its communes.
 */
export function documentScope(u: SessionUser, units: readonly Unit[], team: Team | null): Set<string> | 'all' {
  if (STAFF.includes(u.role)) return 'all';
  if (u.role === 'inspector') return new Set(team?.unit_codes ?? []);
  if (u.role === 'unit' && u.unit) return new Set([u.unit, ...units.filter((x) => x.parent_code === u.unit).map((x) => x.code)]);
  return new Set();
}

export const inScope = (scope: Set<string> | 'all', code: string) => scope === 'all' || scope.has(code);
