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
 * DATA_DIR/outbox/ show what the feature sends at once. (The rules of settings.json that
 * name the district level find nothing on the map from 1/7/2025; the ranking's find the
 * communes.)
 */
export async function demoAlerts(deps: AlertDeps, alerts: Alerts, lastMonth: string | null): Promise<void> {
  const admin = await deps.store.findUser('admin');
  if (admin && (await listSubscriptions(deps.ctx.db, 'admin')).length === 0) {
    await addSubscription(deps.ctx.db, deps.settings.alerts, { ...admin, via: 'session' }, { channel: 'email', target: DEMO_ADDRESS, mode: 'immediate' });
  }
  if (lastMonth) {
    const { first, last } = monthBounds(lastMonth);
    await alerts.evaluate(last < today() ? last : addDays(first, -1));
  }
}
