import type { Role } from './store.ts';

export interface Rule {
  method: 'GET' | 'POST' | 'DELETE';
  /** the route as Hono writes it, under /api */
  path: string;
  roles: readonly Role[];
  /** what a user of an allowed role may still not see is checked in the route (documents of other units) */
  scoped?: boolean;
}

const ALL: readonly Role[] = ['admin', 'viewer', 'inspector', 'unit'];
const STAFF: readonly Role[] = ['admin', 'viewer'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * Who may call what: the one table the middleware enforces and the role-matrix test
 * checks route by route. A route of /api that is not listed here is refused to everyone
 * but an administrator. Public: /api/health and /api/session.
 */
export const POLICY: readonly Rule[] = [
  // the published figures: everyone signed in
  { method: 'GET', path: '/api/units', roles: ALL },
  { method: 'GET', path: '/api/data-range', roles: ALL },
  { method: 'GET', path: '/api/rates', roles: ALL },
  { method: 'GET', path: '/api/trend', roles: ALL },
  { method: 'GET', path: '/api/ranking', roles: ALL },
  { method: 'GET', path: '/api/milestones', roles: ALL },
  // how fresh the data is (dates and counts only; the sources themselves are for staff)
  { method: 'GET', path: '/api/freshness', roles: ALL },
  // the inspection teams and their units: an inspector sees its own team
  { method: 'GET', path: '/api/teams', roles: ['admin', 'viewer', 'inspector'] },
  // documents: inspectors their team's units, unit accounts their own (and a district's communes)
  { method: 'GET', path: '/api/violations', roles: ALL, scoped: true },
  // the data-quality view (documents counted by a rule for an empty value): staff
  { method: 'GET', path: '/api/data-notes', roles: STAFF },
  // reports: the monthly figures for staff; inspection work lists for a team's inspectors too
  { method: 'GET', path: '/api/reports/monthly.xlsx', roles: STAFF },
  { method: 'GET', path: '/api/reports/monthly.csv', roles: STAFF },
  { method: 'GET', path: '/api/reports/monthly.json', roles: STAFF },
  { method: 'GET', path: '/api/reports/inspection.xlsx', roles: ['admin', 'viewer', 'inspector'], scoped: true },
  { method: 'POST', path: '/api/reports/monthly/freeze', roles: ADMIN },
  { method: 'POST', path: '/api/reports/monthly/restate', roles: ADMIN },
  { method: 'GET', path: '/api/reports/freezes', roles: STAFF },
  // operations
  { method: 'GET', path: '/api/sources', roles: STAFF },
  { method: 'GET', path: '/api/runs', roles: STAFF },
  // the quarantine: its raw rows are the units' own data, and fixing them is the DIC's work queue
  { method: 'GET', path: '/api/quarantine', roles: ADMIN },
  { method: 'GET', path: '/api/quarantine/summary', roles: ADMIN },
  { method: 'GET', path: '/api/quarantine/export.csv', roles: ADMIN },
  { method: 'GET', path: '/api/quarantine/export.xlsx', roles: ADMIN },
  { method: 'POST', path: '/api/sources/:id/run', roles: ADMIN },
  { method: 'GET', path: '/api/users', roles: ADMIN },
  { method: 'POST', path: '/api/users', roles: ADMIN },
  { method: 'DELETE', path: '/api/users/:username', roles: ADMIN },
  { method: 'GET', path: '/api/tokens', roles: ADMIN },
  { method: 'POST', path: '/api/tokens', roles: ADMIN },
  { method: 'DELETE', path: '/api/tokens/:id', roles: ADMIN },
  { method: 'GET', path: '/api/audit', roles: ADMIN },
  { method: 'POST', path: '/api/backups', roles: ADMIN },
  { method: 'GET', path: '/api/backups', roles: ADMIN },
];

export const PUBLIC_PATHS = ['/api/health', '/api/session'];

const compiled = POLICY.map((r) => ({ ...r, re: new RegExp(`^${r.path.replace(/:[a-z_]+/g, '[^/]+')}$`) }));

export function ruleFor(method: string, path: string): Rule | undefined {
  return compiled.find((r) => r.method === method && r.re.test(path));
}
