import { z } from '@hono/zod-openapi';
import { alertRuleSchema } from '../config.ts';

/** The shapes of the alerts' API (alerts/routes.ts); the dashboard takes them as types. */

const instant = z.string().describe('ISO 8601, UTC');

export const ruleSchema = z.intersection(alertRuleSchema, z.object({
  origin: z.enum(['settings', 'api']).describe('settings: from settings.alerts.rules (replaced at every start); api: added by an administrator'),
  updated_at: instant,
  updated_by: z.string().nullable(),
}));
export const rulesResponse = z.strictObject({ rules: z.array(ruleSchema) }).openapi('AlertRules');
export const ruleInputSchema = alertRuleSchema;

export const alertSchema = z.strictObject({
  alert_id: z.string(), rule_id: z.string(), rule_name: z.string().nullable(), kind: z.string().nullable(),
  subject: z.string().describe('a unit code, a source id or a period'),
  unit_code: z.string().nullable(), period: z.string(),
  state: z.enum(['open', 'resolved', 'expired']),
  value: z.number().nullable(), message: z.string().describe('Vietnamese'),
  raised_at: instant, resolved_at: instant.nullable(), resolved_message: z.string().nullable(),
}).openapi('Alert');
export type Alert = z.infer<typeof alertSchema>;
export const alertsResponse = z.strictObject({ alerts: z.array(alertSchema) }).openapi('Alerts');

export const evaluationSchema = z.strictObject({
  as_of: z.string(), rules: z.number().int(), raised: z.number().int(), resolved: z.number().int(), expired: z.number().int(),
  messages: z.number().int().describe('messages written to the outbox'),
  digest_items: z.number().int().describe('events kept for daily digests'),
}).openapi('AlertEvaluation');

export const subscriptionSchema = z.strictObject({
  subscription_id: z.string(), username: z.string(),
  rule_id: z.string().nullable().describe('null: every rule the account may hear of'),
  channel: z.enum(['email', 'webhook']), target: z.string().describe('an e-mail address, or a webhook id'),
  mode: z.enum(['immediate', 'digest']), digest_hour: z.number().int().nullable().describe('the local hour (Asia/Ho_Chi_Minh) of the daily digest'),
  active: z.boolean(), created_at: instant,
}).openapi('Subscription');
export type Subscription = z.infer<typeof subscriptionSchema>;
export const subscriptionsResponse = z.strictObject({ subscriptions: z.array(subscriptionSchema) }).openapi('Subscriptions');

export const subscriptionInputSchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('email'), target: z.email().max(254) }),
  z.strictObject({ channel: z.literal('webhook'), target: z.string().max(100) }),
]).and(z.object({
  rule_id: z.string().max(63).optional(),
  mode: z.enum(['immediate', 'digest']).default('immediate'),
  digest_hour: z.number().int().min(0).max(23).optional(),
  username: z.string().max(64).optional().describe('administrators: another account'),
})).openapi('SubscriptionInput');
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

export const outboxMessageSchema = z.strictObject({
  message_id: z.string(), kind: z.enum(['alert', 'resolved', 'digest', 'delivery']), channel: z.enum(['email', 'webhook']),
  target: z.string(), username: z.string().nullable(), alert_id: z.string().nullable(), subject: z.string(),
  status: z.enum(['pending', 'sent', 'failed']), attempts: z.number().int(),
  created_at: instant, next_attempt_at: instant, sent_at: instant.nullable(), last_error: z.string().nullable(),
  eml_file: z.string().nullable().describe('without SMTP_URL: the .eml file under DATA_DIR/outbox/'),
  attachments: z.number().int(),
}).openapi('OutboxMessage');
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export const outboxResponse = z.strictObject({
  smtp: z.boolean().describe('false: e-mail is written as .eml files (no SMTP_URL)'),
  total: z.number().int(), limit: z.number().int(), offset: z.number().int(),
  messages: z.array(outboxMessageSchema),
}).openapi('Outbox');
