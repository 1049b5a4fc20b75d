// A team's units in the order to check them (GET /api/teams/{team}/priority): violating
// documents counted once each, as /api/violations lists them; units that need checking
// first, then more violating documents, then the lower score; the threshold from settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { reportRoutes } from './routes.ts';
import { AS_OF, NOW, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f?.close());

interface Row {
  priority: number; code: string; violating_documents: number; score: number | null; needs_check: boolean;
  sent_electronic_rate: number | null; signed_rate: number | null; on_time_rate: number | null; out_total: number;
}

describe('GET /api/teams/{team}/priority', () => {
  it('lists every unit of the team once, in priority order, with its violating documents as /api/violations counts them', async () => {
    const res = await f.api(`/api/teams/1/priority?period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    const body = res.body as { team: number; as_of: string; threshold: { score_below: number; documents_from: number }; units: Row[] };
    expect(body).toMatchObject({ team: 1, period: '2020-10', as_of: AS_OF, threshold: { score_below: 0.95, documents_from: 20 } });
    const team = (await f.api('/api/teams')).body.teams.find((t: { id: number }) => t.id === 1) as { unit_codes: string[] };
    expect(body.units.map((u) => u.code).sort()).toEqual([...team.unit_codes].sort());
    expect(body.units.map((u) => u.priority)).toEqual(body.units.map((_, i) => i + 1));
    for (const u of body.units) {
      const v = (await f.api(`/api/violations?unit=${u.code}&period=2020-10&as_of=${AS_OF}&limit=1`)).body;
      expect(u.violating_documents, u.code).toBe(v.total);
      const rates = [u.sent_electronic_rate, u.signed_rate, u.on_time_rate].filter((r): r is number => r !== null).map((r) => Math.round(r * 10_000) / 10_000);
      expect(u.score, u.code).toBe(rates.length ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10_000) / 10_000 : null);
      expect(u.needs_check, u.code).toBe((u.score !== null && u.score < 0.95) || u.violating_documents >= 20);
    }
    // the order: needing a check first, then more documents, then the lower score (none last)
    for (let i = 1; i < body.units.length; i++) {
      const [a, b] = [body.units[i - 1]!, body.units[i]!];
      const key = (u: Row) => [u.needs_check ? 0 : 1, -u.violating_documents, u.score ?? 2, u.code] as const;
      const [ka, kb] = [key(a), key(b)];
      const cmp = ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || (ka[3] < kb[3] ? -1 : 1);
      expect(cmp, `${a.code} before ${b.code}`).toBeLessThan(0);
    }
    // P01 has 4 documents to check in October (O1, O2, O3 outgoing, O4 late) and the lowest score: first
    expect(body.units[0]).toMatchObject({ code: 'P01', violating_documents: 4, needs_check: true });
    // a unit without documents has no score and does not need a check on that account
    const empty = body.units.find((u) => u.code === 'P05')!;
    expect(empty).toMatchObject({ score: null, violating_documents: 0, needs_check: false });
  });

  it('takes the threshold from settings', async () => {
    // the routes of a service whose settings say: below 10 %, or from 4 documents
    const settings = { ...f.deps.settings, priority: { scoreBelow: 0.1, documentsFrom: 4 } };
    const app = createApp({ version: 't', ctx: f.w, settings, sources: [], runSource: async () => [], figures: f.figures, access: null, extraRoutes: [reportRoutes({ ...f.deps, settings })], now: () => NOW, log: quietLog });
    const res = await app.request(`/api/teams/1/priority?period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    const body = await res.json() as { threshold: unknown; units: Row[] };
    expect(body.threshold).toEqual({ score_below: 0.1, documents_from: 4 });
    expect(body.units.filter((u) => u.needs_check).map((u) => u.code)).toEqual(['P01']);
  });

  it('refuses a team that is not configured, in the API\'s error shape', async () => {
    const res = await f.api(`/api/teams/9/priority?period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_team');
  });
});
