import { badRequest } from '../errors.ts';

/** An inspection team's number from settings.teams, or all: every unit, for DIC. */
export type TeamId = number | 'all';

/** Parses team=1 or team=all (the API and the CLI). */
export function parseTeam(value: string): TeamId {
  const v = value.trim().toLowerCase();
  if (v === 'all') return 'all';
  if (/^\d{1,4}$/.test(v)) return Number(v);
  throw badRequest('invalid_parameter', `team: "${value}" is not a team number (1, 2, 3) or "all".`);
}
