import type { SessionUser, Team, Unit } from './api.ts';
import type { View } from './state.ts';

/**
 * What each role may use, as the dashboard offers it. The server decides (each route's
 * declared roles, api/route.ts); test/access.test.ts checks every rule here against the
 * declarations of the routes in MAY_ROUTES, and test/dashboard-roles.test.ts that no view
 * of any role meets a refusal. The dashboard offers only what the role may call.
 */
const STAFF = ['admin', 'viewer'];

/** The routes each rule of `may` stands for: a role may use the rule iff it may call all of them. */
export const MAY_ROUTES = {
  sources: ['GET /api/sources', 'GET /api/runs'],
  quarantine: ['GET /api/quarantine', 'GET /api/quarantine/summary'],
  dataNotes: ['GET /api/data-notes'],
  freezes: ['GET /api/reports/freezes'],
  monthlyReport: ['GET /api/reports/monthly.xlsx', 'GET /api/reports/monthly.csv'],
  teams: ['GET /api/teams', 'GET /api/teams/:team/priority', 'GET /api/reports/inspection.xlsx'],
  crossCheck: ['GET /api/cross-check'],
  alertRules: ['GET /api/alerts/rules', 'GET /api/alerts', 'PUT /api/alerts/rules/:id', 'DELETE /api/alerts/rules/:id', 'POST /api/alerts/evaluate'],
  outbox: ['GET /api/outbox', 'GET /api/outbox/:id/eml'],
  subscriptions: ['GET /api/subscriptions', 'POST /api/subscriptions', 'DELETE /api/subscriptions/:id'],
} as const;

export const may: Record<keyof typeof MAY_ROUTES, (u: SessionUser) => boolean> = {
  /** GET /api/sources, /api/runs */
  sources: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/quarantine… */
  quarantine: (u: SessionUser) => u.role === 'admin',
  /** GET /api/data-notes */
  dataNotes: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/reports/freezes, /api/reports/monthly.* */
  freezes: (u: SessionUser) => STAFF.includes(u.role),
  monthlyReport: (u: SessionUser) => STAFF.includes(u.role),
  /** GET /api/teams, /api/teams/{team}/priority, /api/reports/inspection.xlsx (an inspector: its own team) */
  teams: (u: SessionUser) => STAFF.includes(u.role) || u.role === 'inspector',
  /** GET /api/cross-check: the cross-check of self-reports, beside a unit's documents */
  crossCheck: (u: SessionUser) => STAFF.includes(u.role),
  /** the alert rules, the alerts, evaluating now */
  alertRules: (u: SessionUser) => u.role === 'admin',
  /** the outbox of messages */
  outbox: (u: SessionUser) => u.role === 'admin',
  /** one's own subscriptions: every account */
  subscriptions: () => true,
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
    case 'alert-rules': return may.alertRules(u);
    case 'outbox': return may.outbox(u);
    case 'subscriptions': return may.subscriptions(u);
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
  // every unit of any of the team's assignments (issue 17): the server checks the period's
  if (u.role === 'inspector') return new Set(team?.ever_unit_codes ?? team?.unit_codes ?? []);
  if (u.role === 'unit' && u.unit) return new Set([u.unit, ...units.filter((x) => x.parent_code === u.unit).map((x) => x.code)]);
  return new Set();
}

export const inScope = (scope: Set<string> | 'all', code: string) => scope === 'all' || scope.has(code);
