import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest } from './errors.ts';

/** Parses a request's query string with a zod schema; a bad parameter is a 400 that says which and why. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message }));
    throw badRequest('invalid_parameter', issues.map((i) => `${i.parameter || 'query'}: ${i.message}`).join('; '), { issues });
  }
  return result.data;
}

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
};
