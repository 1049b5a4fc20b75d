import { addDays, monthBounds, today } from '../time.ts';
import type { AlertDeps } from './deps.ts';
import type { Alerts } from './service.ts';
import { addSubscription, listSubscriptions } from './subscriptions.ts';

/** The demo's administrator hears of every alert by e-mail (written as .eml files without SMTP_URL). */
export const DEMO_ADDRESS = 'quan-tri@chithi15.local';

/**
 * `npm start`: once the simulated province is loaded, the administrator is subscribed (once)
 * and the rules are evaluated as of the last day of the last whole month with data (the
 * simulated province runs to today: the month before the current one), so the outbox and
 * DATA_DIR/outbox/ show what the feature sends at once. The rate rules of settings.json watch
 * the districts, and on the map from 1/7/2025 the communes and the provincial bodies
 * (`levelsByMap`); should the rules find nothing in that month, they are evaluated as of the
 * last month-end on which districts were in force.
 */
export async function demoAlerts(deps: AlertDeps, alerts: Alerts, lastMonth: string | null): Promise<void> {
  const admin = await deps.store.findUser('admin');
  if (admin && (await listSubscriptions(deps.ctx.db, 'admin')).length === 0) {
    await addSubscription(deps.ctx.db, deps.settings.alerts, { ...admin, via: 'session' }, { channel: 'email', target: DEMO_ADDRESS, mode: 'immediate' });
  }
  if (!lastMonth) return;
  const { first, last } = monthBounds(lastMonth);
  let day = last < today() ? last : addDays(first, -1);
  if ((await alerts.evaluate(day)).raised > 0) return;
  for (let i = 0; i < 120; i++) {
    if ((await deps.figures.unitsAt(day)).some((u) => u.level === 'district')) {
      await alerts.evaluate(day);
      return;
    }
    day = addDays(monthBounds(day.slice(0, 7)).first, -1);
  }
}
