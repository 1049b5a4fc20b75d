import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import { validationHook } from '../validate.ts';

/**
 * How an /api route is declared: its method and path, its parameters and responses (zod,
 * which also validates the request), who may call it and what the audit log records, in
 * one declaration beside its handler. The role rule and the audit action are required
 * fields, so a route cannot be added without them; they become the route's middleware
 * here, and `x-roles` / `x-audit` of its operation in /api/openapi.json, where the
 * role-matrix test (test/access.test.ts) reads them back.
 *
 * The routers stay beside their layer (analytics/routes.ts, reports/routes.ts, …) and
 * declare themselves through this module; api/ imports none of them.
 */

export const ROLES = ['admin', 'viewer', 'inspector', 'unit'] as const;
export type Role = (typeof ROLES)[number];

/** Every signed-in account. */
export const EVERYONE: readonly Role[] = ROLES;
/** The DIC and the Provincial Office / planning department. */
export const STAFF: readonly Role[] = ['admin', 'viewer'];
export const ADMIN: readonly Role[] = ['admin'];
/** Anyone, signed in or not: no cookie or token is asked for. */
export const PUBLIC = 'public';

/** Who may call a route. */
export type Roles = readonly Role[] | typeof PUBLIC;

/** What the audit log records after a successful call of the route (README: What is logged). */
export const AUDIT_ACTIONS = ['export', 'freeze', 'restate', 'source_run', 'backup', 'alert_evaluation', 'alert_rule', 'subscription'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * A route's audit decision: the action recorded after it succeeds, `null` when nothing is
 * recorded, or `{ handler: [...] }` when the handler records these actions itself (sign-ins,
 * users, tokens: with details only the handler knows, or on a failure).
 */
export type Audit = AuditAction | null | { handler: readonly string[] };

/** The reference's sections, each with its description (English, then how the dashboard names it). */
export const TAGS = {
  figures: { name: 'Figures', description: 'The published figures: units, rates, trends, ranking, milestones, and the documents behind them. — Số liệu chỉ thị 15: tỉ lệ gửi điện tử, ký số, xử lý đúng hạn; xếp hạng huyện.' },
  quality: { name: 'Data quality', description: 'The quarantine as a work queue and the documents counted by a rule for an empty cell. — Dữ liệu lỗi và ô trống.' },
  reports: { name: 'Reports', description: 'Workbooks, the monthly report and its frozen versions. — Báo cáo Excel, báo cáo tháng, chốt số liệu.' },
  sources: { name: 'Sources', description: 'The document systems pulled, and the run log. — Nguồn dữ liệu và nhật ký nạp.' },
  access: { name: 'Access', description: 'Sign-in, accounts, API tokens and the audit log. — Đăng nhập, tài khoản, khóa API, nhật ký.' },
  alerts: { name: 'Alerts', description: 'Alert rules, alerts, subscriptions and the outbox of messages. — Cảnh báo, đăng ký nhận tin, hộp thư đi.' },
  operations: { name: 'Operations', description: 'Health, backups, and this reference. — Vận hành.' },
} as const;
export type Tag = keyof typeof TAGS;

/** The one error shape of the API (errors.ts, mapped in app.ts's onError). */
export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().describe('a stable, machine-readable code: invalid_parameter, forbidden, unknown_unit, …'),
    message: z.string().describe('what went wrong, for a person (English)'),
    details: z.record(z.string(), z.unknown()).optional().describe('more about it, e.g. `issues` of a bad parameter: [{ parameter, message }]'),
  }),
}).openapi('Error');

/** A JSON response of a declared route, with its schema. */
export const jsonResponse = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
/** An error response: the API's one error shape. */
export const errorResponse = (description: string) => jsonResponse(errorSchema, description);
/** A download (a workbook, a CSV file): bytes of a media type. */
export const fileResponse = (type: string, description: string) => ({
  description: `${description} (Content-Disposition: attachment, with the file name)`,
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
});
/** A JSON request body, required. */
export const jsonRequest = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

/** Errors a route may answer whatever it does (a route adds its own, e.g. 404, 409). */
function commonErrors(roles: Roles, hasInput: boolean) {
  return {
    ...(hasInput ? { 400: errorResponse('A parameter or the body is invalid (`invalid_parameter`, `invalid_body`, `invalid_period`, `unknown_unit`, …); the message names it.') } : {}),
    ...(roles === PUBLIC ? {} : {
      401: errorResponse('Not signed in (`unauthenticated`), or the token is unknown or revoked (`invalid_token`).'),
      403: errorResponse('The account\'s role may not call this route (`forbidden`), or a session\'s request that changes something lacks its `X-CSRF-Token` (`csrf`).'),
      429: errorResponse('The account\'s request budget is spent (`too_many_requests`); `Retry-After` says when to try again.'),
    }),
    500: errorResponse('Something went wrong on the server (`internal_error`); it has been logged. Never a stack trace.'),
  };
}

/** A route's declaration: an OpenAPI route of @hono/zod-openapi, plus its rules. */
export interface RouteRules {
  /** who may call it */
  roles: Roles;
  /** what the audit log records */
  audit: Audit;
  /**
   * Inspectors and unit accounts may call it for their own units only (their team's, their
   * unit and a district's communes): the handler checks the units it is asked for.
   */
  documentScope?: true;
  tag: Tag;
  summary: string;
  /** the view or report the route serves as the dashboard names it, in Vietnamese */
  vi: string;
}

type Declared = Omit<RouteConfig, 'middleware' | 'security' | 'tags' | 'summary'> & RouteRules & { middleware?: MiddlewareHandler[] };

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Declares a route. Its middleware, in order: the role rule, the audit action, then the
 * route's own (e.g. the sign-in's same-site check); @hono/zod-openapi adds the validation of
 * its parameters and body after them, so a caller who may not call a route is refused
 * before anything about the request is looked at.
 */
export function apiRoute<const R extends Declared>(declared: R) {
  const { roles, audit, documentScope, tag, vi, middleware: own, ...route } = declared;
  const hasInput = Boolean(route.request?.query || route.request?.body || route.request?.params);
  const rules = [
    `*${vi}*`,
    route.description,
    roles === PUBLIC ? 'Public: no sign-in needed.' : `Roles: ${roles.join(', ')}${documentScope ? ' (inspectors and unit accounts: the documents of their own units only)' : ''}.`,
    audit === null ? null : typeof audit === 'string' ? `Audited as \`${audit}\`.` : `The handler records ${audit.handler.map((a) => `\`${a}\``).join(', ')} in the audit log.`,
  ].filter(Boolean).join('\n\n');
  const csrf = roles !== PUBLIC && UNSAFE.has(route.method)
    ? [{ in: 'header' as const, name: 'X-CSRF-Token', required: false, schema: { type: 'string' as const }, description: 'Required with a session cookie: the `csrf_token` of GET /api/session. Not needed with a bearer token.' }]
    : [];
  // typed as one handler of the app's environment (the roles and audit add no variables)
  const middleware: MiddlewareHandler<Env>[] = [
    allow(roles),
    ...(audit !== null && typeof audit === 'string' ? [audited(audit)] : []),
    ...(own ?? []),
    ...(route.request?.body ? [jsonBody] : []),
  ];
  return createRoute({
    ...route,
    tags: [TAGS[tag].name],
    summary: declared.summary,
    description: rules,
    ...(csrf.length > 0 ? { parameters: csrf } : {}),
    responses: { ...commonErrors(roles, hasInput), ...route.responses } as R['responses'],
    middleware,
    ...(roles === PUBLIC ? { security: [] } : {}),
    'x-roles': roles,
    'x-audit': audit,
    ...(documentScope ? { 'x-document-scope': true } : {}),
  });
}

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * Set by the app when access control is configured: records an audit action of the
     * request. Absent only in API-only tests of the figures (access: null).
     */
    recordAudit: (c: Context, action: AuditAction) => Promise<void>;
    /** true only when the app runs without access control (tests of the figures themselves) */
    accessControlOff: boolean;
  }
}

/**
 * The role rule. The app's access middleware has identified the caller (or refused with
 * 401) before any route runs; this refuses a role the route does not allow.
 */
function allow(roles: Roles): MiddlewareHandler {
  if (roles === PUBLIC) return (_c, next) => next();
  return async (c, next) => {
    const principal = c.get('principal') as { role: Role } | undefined;
    if (!principal) {
      if (c.get('accessControlOff')) return next();
      throw new AppError(401, 'unauthenticated', 'Sign in first (POST /api/session), or send an API token as Authorization: Bearer <token>.');
    }
    if (!roles.includes(principal.role)) throw new AppError(403, 'forbidden', `The role ${principal.role} may not ${c.req.method} ${c.req.path}.`);
    return next();
  };
}

/** Records the action after the route answered with success (below 400). */
function audited(action: AuditAction): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const record = c.get('recordAudit');
    if (record && c.res.status < 400) await record(c, action);
  };
}

/**
 * Reads a JSON body before the declared schema checks it, so a body that is not JSON at all
 * is the API's 400 `invalid_body` (Hono's validator would raise a bare HTTP 400); Hono keeps
 * the parsed body for the validator. A request that is not sent as JSON is refused with 415
 * by @hono/zod-openapi (app.ts maps it to the error shape).
 */
const jsonBody: MiddlewareHandler = async (c, next) => {
  if (/^application\/([\w.-]+\+)?json$/i.test((c.req.header('content-type') ?? '').split(';')[0]!.trim())) {
    await c.req.json().catch(() => {
      throw new AppError(400, 'invalid_body', 'The body must be JSON.');
    });
  }
  return next();
};

/** A router of /api routes; a bad parameter or body becomes the API's 400 (validate.ts). */
export const apiRouter = (): ApiRouter => new OpenAPIHono<Env>({ defaultHook: validationHook });
export type ApiRouter = OpenAPIHono<Env>;

/** A declared route as the app's registry holds it (path in OpenAPI form: /api/users/{username}). */
export interface DeclaredRoute {
  method: string;
  path: string;
  roles: Roles;
  audit: Audit;
  documentScope: boolean;
  responses: RouteConfig['responses'];
}

/** Every route declared in an app, with its rules: what the role-matrix test checks. */
export function declaredRoutes(app: OpenAPIHono): DeclaredRoute[] {
  return app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== 'route') return [];
    const r = d.route as RouteConfig & { 'x-roles': Roles; 'x-audit': Audit; 'x-document-scope'?: true };
    return [{ method: r.method.toUpperCase(), path: r.path, roles: r['x-roles'], audit: r['x-audit'], documentScope: r['x-document-scope'] === true, responses: r.responses }];
  });
}

/** Hono's form of an OpenAPI path: /api/users/{username} → /api/users/:username. */
export const honoPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');
