import type { Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import { badRequest } from './errors.ts';

/**
 * What a route does with a request that fails its declared schema (every router's
 * defaultHook, api/route.ts): a bad query parameter is a 400 `invalid_parameter` that says
 * which and why (with `details.issues`), a bad body a 400 `invalid_body`.
 */
export const validationHook: Hook<unknown, Env, string, undefined> = (result) => {
  if (result.success) return undefined;
  if (result.target === 'json') {
    // details.issues name the fields, so a form can say which one (in its own language)
    const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw badRequest('invalid_body', issues.map((i) => `${i.field || 'body'}: ${i.message}`).join('; '), { issues });
  }
  const issues = result.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message }));
  throw badRequest('invalid_parameter', issues.map((i) => `${i.parameter || 'query'}: ${i.message}`).join('; '), { issues });
};

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('rows per page (1–1000)'),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0).describe('rows to skip'),
};
