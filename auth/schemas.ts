import { z } from '@hono/zod-openapi';
import { ROLES } from '../api/route.ts';

/** The shapes of the access API (sign-in, users, tokens, audit log). */

export const roleSchema = z.enum(ROLES).describe('admin: the DIC; viewer: Provincial Office, planning department; inspector: an inspection team; unit: a unit (and a district\'s communes)');

export const sessionUserSchema = z.strictObject({
  username: z.string(), role: roleSchema,
  team: z.number().int().nullable().describe('an inspector\'s team'),
  unit: z.string().nullable().describe('a unit account\'s unit'),
}).openapi('SessionUser');
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z.strictObject({
  user: sessionUserSchema.nullable().describe('null: nobody is signed in'),
  csrf_token: z.string().optional().describe('send it as X-CSRF-Token with every request of this session that changes something'),
}).openapi('Session');
export type Session = z.infer<typeof sessionSchema>;

export const signInBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).openapi('SignIn');

export const newUserBody = z.object({
  username: z.string().describe('2–64 characters: lowercase letters, digits, dot, dash, underscore'),
  password: z.string().max(1024).describe('at least 10 characters'),
  role: roleSchema,
  team: z.number().int().optional().describe('an inspector\'s team (and only an inspector\'s)'),
  unit: z.string().max(20).optional().describe('a unit account\'s unit code (and only a unit account\'s)'),
}).openapi('NewUser');

export const userSchema = z.strictObject({
  username: z.string(), role: roleSchema, team_id: z.number().int().nullable(), unit_code: z.string().nullable(), created_at: z.string(),
}).openapi('User');
export type User = z.infer<typeof userSchema>;

export const tokenSchema = z.strictObject({
  token_id: z.string(), username: z.string(), label: z.string().nullable(),
  created_at: z.string(), last_used_at: z.string().nullable().describe('to the minute'), revoked_at: z.string().nullable(),
}).openapi('Token');
export type Token = z.infer<typeof tokenSchema>;

export const newTokenBody = z.object({ username: z.string().max(64), label: z.string().max(200).optional() }).openapi('NewToken');

export const auditEntrySchema = z.strictObject({
  at: z.string(), actor: z.string().nullable(),
  action: z.string().describe('sign_in, sign_in_failed, sign_out, export, freeze, restate, source_run, backup, user_added, user_removed, token_created, token_revoked'),
  target: z.string().nullable(), ip: z.string().nullable(),
  details: z.string().nullable().describe('JSON text, when the action has details'),
}).openapi('AuditEntry');
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const usersResponse = z.strictObject({ users: z.array(userSchema) });
export const addedUserResponse = z.strictObject({ user: sessionUserSchema });
export const tokensResponse = z.strictObject({ tokens: z.array(tokenSchema) });
export const createdTokenResponse = z.strictObject({
  token_id: z.string(), token: z.string().describe('cds_<id>_<secret>: shown once, stored only as a hash'), note: z.string(),
});
export const auditResponse = z.strictObject({ entries: z.array(auditEntrySchema) });
