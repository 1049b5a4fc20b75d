import { monthBounds, today } from '../time.ts';
import type { AlertDeps } from './deps.ts';
import type { Alerts } from './service.ts';
import { addSubscription, listSubscriptions } from './subscriptions.ts';

/** The demo's administrator hears of every alert by e-mail (written as .eml files without SMTP_URL). */
export const DEMO_ADDRESS = 'quan-tri@chithi15.local';

/**
 * `npm start`: once the simulated province is loaded, the administrator is subscribed (once)
 * and the rules are evaluated as of the last day with data (today: the simulated province
 * runs to today), so the outbox and DATA_DIR/outbox/ show what the feature sends at once.
 */
export async function demoAlerts(deps: AlertDeps, alerts: Alerts, lastMonth: string | null): Promise<void> {
  const admin = await deps.store.findUser('admin');
  if (admin && (await listSubscriptions(deps.ctx.db, 'admin')).length === 0) {
    await addSubscription(deps.ctx.db, deps.settings.alerts, { ...admin, via: 'session' }, { channel: 'email', target: DEMO_ADDRESS, mode: 'immediate' });
  }
  if (lastMonth) {
    const last = monthBounds(lastMonth).last;
    const now = today();
    await alerts.evaluate(last < now ? last : now);
  }
}
