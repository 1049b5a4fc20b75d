import { z } from '@hono/zod-openapi';
import { ADMIN, apiRoute, apiRouter, jsonResponse } from '../api/route.ts';
import { backupNow, listBackups } from './backup.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

const backupSchema = z.strictObject({
  file: z.string().describe('the backup\'s path: DATA_DIR/backups/cds-YYYYMMDD-HHMMSS.duckdb'),
  bytes: z.number().int(),
  created_at: z.string(),
}).openapi('Backup');

const routes = {
  list: apiRoute({
    method: 'get', path: '/backups', roles: ADMIN, audit: null, tag: 'operations', vi: 'Bản sao lưu',
    summary: 'The backups kept',
    responses: { 200: jsonResponse(z.strictObject({ backups: z.array(backupSchema) }), 'The backups, newest first') },
  }),
  take: apiRoute({
    method: 'post', path: '/backups', roles: ADMIN, audit: 'backup', tag: 'operations', vi: 'Sao lưu ngay',
    summary: 'Take a backup now',
    description: 'A consistent copy of the whole warehouse; only the newest `settings.backup.keep` are kept.',
    responses: { 201: jsonResponse(z.strictObject({ backup: backupSchema }), 'The backup written') },
  }),
};

/** Backups on demand for administrators (the schedule takes one every day). */
export function backupRoutes(ctx: Warehouse, dir: string, keep: number) {
  const app = apiRouter();
  app.openapi(routes.list, async (c) => c.json({ backups: await listBackups(dir) }, 200));
  app.openapi(routes.take, async (c) => c.json({ backup: await backupNow(ctx, dir, keep) }, 201));
  return app;
}
