import type { Principal } from '../auth/store.ts';
import { todayInVietnam } from '../analytics/period.ts';
import { businessDate } from '../time.ts';
import type { AlertDeps } from './deps.ts';
import { alertEmail, alertPayload, messageId, type AlertEvent, type AlertFacts } from './messages.ts';
import { evaluateRule, listRules, STAFF_ONLY, TIMING, type Finding, type StoredRule } from './rules.ts';
import { read, transaction, type Tx } from './store.ts';

interface AlertRow { alert_id: string; rule_id: string; subject: string; unit_code: string | null; period: string; state: 'open' | 'resolved' | 'expired' }
export interface ActiveSubscription {
  subscription_id: string; username: string; rule_id: string | null; channel: 'email' | 'webhook'; target: string;
  mode: 'immediate' | 'digest'; digest_hour: number | null; unsubscribe_token: string;
  role: Principal['role']; team_id: number | null; unit_code: string | null;
}

export interface EvaluationResult {
  as_of: string;
  rules: number;
  raised: number;
  resolved: number;
  expired: number;
  /** messages written to the outbox */
  messages: number;
  /** events kept for daily digests */
  digest_items: number;
}

const alertId = (rule: string, subject: string, period: string) => `${rule}|${subject}|${period}`;

/**
 * Evaluates every enabled rule as of `asOf` (default: today in Vietnam) and, in one
 * transaction, writes the alerts raised, resolved or expired and the messages they make for
 * each subscription that may hear of them (or the digest items of daily digests). Nothing is
 * sent here: the outbox's sender does that afterwards. An alert is raised once per rule,
 * subject and period, so evaluating again writes nothing new.
 */
export async function evaluateAlerts(deps: AlertDeps, options: { asOf?: string } = {}): Promise<EvaluationResult> {
  const now = (deps.now ?? (() => new Date()))();
  const asOf = options.asOf ?? todayInVietnam(now);
  return deps.ctx.lock.run(async () => {
    const rules = (await listRules(deps.ctx.db)).filter((r) => r.enabled);
    const existing = await read<AlertRow>(deps.ctx.db, 'alerts-all');
    const byId = new Map(existing.map((a) => [a.alert_id, a]));
    const month = asOf.slice(0, 7);
    const today = businessDate(now);
    const raises: { rule: StoredRule; finding: Finding; id: string }[] = [];
    const closes: { rule: StoredRule; alert: AlertRow; state: 'resolved' | 'expired'; message: string | null; value: number | null }[] = [];
    for (const rule of rules) {
      const result = await evaluateRule(rule, { db: deps.ctx.db, figures: deps.figures, settings: deps.settings, sources: deps.sources, asOf, now });
      const timing = TIMING[rule.kind];
      const open = existing.filter((a) => a.rule_id === rule.id && a.state === 'open');
      const found = new Map(result.findings.map((f) => [f.subject, f]));
      for (const f of result.findings) {
        if (timing === 'ongoing') {
          if (open.some((a) => a.subject === f.subject)) continue;
          const id = alertId(rule.id, f.subject, today);
          if (!byId.has(id)) raises.push({ rule, finding: { ...f, period: today }, id });
        } else {
          const id = alertId(rule.id, f.subject, f.period);
          if (!byId.has(id)) raises.push({ rule, finding: f, id });
        }
      }
      if (timing === 'event') continue;
      for (const a of open) {
        if (timing === 'month' && a.period < month) {
          closes.push({ rule, alert: a, state: 'expired', message: null, value: null });
        } else if ((timing === 'ongoing' || a.period === month) && !found.has(a.subject) && result.judged(a.subject)) {
          closes.push({ rule, alert: a, state: 'resolved', message: result.cleared(a.subject), value: null });
        }
      }
    }

    const unitNames = new Map((await deps.figures.units()).map((u) => [u.code, u.name]));
    const nameOf = (rule: StoredRule, subject: string, unit: string | null) =>
      unit !== null ? (unitNames.get(unit) ?? unit) : rule.kind === 'period_frozen' ? `kỳ ${subject}` : `nguồn dữ liệu "${subject}"`;
    const subscriptions = await read<ActiveSubscription>(deps.ctx.db, 'subscriptions-active');
    const scopes = new Map<string, Set<string> | undefined>();
    for (const s of subscriptions) {
      if (!scopes.has(s.username)) scopes.set(s.username, await deps.store.documentScope({ username: s.username, role: s.role, team_id: s.team_id, unit_code: s.unit_code, via: 'session' }));
    }
    const audience = (rule: StoredRule, unit: string | null) => subscriptions.filter((s) => {
      if (s.rule_id !== null && s.rule_id !== rule.id) return false;
      const scope = scopes.get(s.username);
      if (scope === undefined) return true; // staff: every alert
      return !STAFF_ONLY.has(rule.kind) && unit !== null && scope.has(unit);
    });

    const result: EvaluationResult = { as_of: asOf, rules: rules.length, raised: raises.length, resolved: 0, expired: 0, messages: 0, digest_items: 0 };
    if (raises.length === 0 && closes.length === 0) return result;
    const stamp = now.toISOString();
    await transaction(deps.ctx.db, async (tx) => {
      for (const { rule, finding, id } of raises) {
        await tx.run('alert-insert', { alert_id: id, rule_id: rule.id, subject: finding.subject, unit_code: finding.unit_code, period: finding.period, value: finding.value, message: finding.message, now: stamp });
        const facts: AlertFacts = { alert_id: id, rule_id: rule.id, rule_name: rule.name, kind: rule.kind, subject: finding.subject, subject_name: nameOf(rule, finding.subject, finding.unit_code), unit_code: finding.unit_code, period: finding.period, value: finding.value, message: finding.message };
        await fanOut(tx, deps, 'raised', facts, audience(rule, finding.unit_code), now, result);
      }
      for (const c of closes) {
        await tx.run('alert-resolve', { alert_id: c.alert.alert_id, state: c.state, message: c.message, now: stamp });
        if (c.state === 'expired') {
          result.expired++;
          continue;
        }
        result.resolved++;
        const facts: AlertFacts = { alert_id: c.alert.alert_id, rule_id: c.rule.id, rule_name: c.rule.name, kind: c.rule.kind, subject: c.alert.subject, subject_name: nameOf(c.rule, c.alert.subject, c.alert.unit_code), unit_code: c.alert.unit_code, period: c.alert.period, value: c.value, message: c.message! };
        await fanOut(tx, deps, 'resolved', facts, audience(c.rule, c.alert.unit_code), now, result);
      }
    });
    deps.log?.info({ asOf, ...result }, 'alerts evaluated');
    return result;
  });
}

/** The messages of one alert event: one per immediate subscription, a digest item per daily one. */
async function fanOut(tx: Tx, deps: AlertDeps, event: AlertEvent, a: AlertFacts, subs: readonly ActiveSubscription[], now: Date, result: EvaluationResult): Promise<void> {
  const link = `${deps.publicUrl}/`;
  for (const s of subs) {
    if (s.mode === 'digest') {
      await tx.run('digest-insert', { subscription_id: s.subscription_id, alert_id: a.alert_id, event, now: now.toISOString() });
      result.digest_items++;
      continue;
    }
    const id = messageId('alert', a.alert_id, event, s.subscription_id);
    const mail = alertEmail(event, a, s.username, link);
    await tx.run('outbox-insert', {
      message_id: id, kind: event === 'raised' ? 'alert' : 'resolved', channel: s.channel, target: s.target, username: s.username,
      subscription_id: s.subscription_id, alert_id: a.alert_id, ...mail,
      payload: JSON.stringify(alertPayload(id, event, a, now, link)), attachments: '[]', now: now.toISOString(),
    });
    result.messages++;
  }
}
