import { Hono } from 'hono';
import { backupNow, listBackups } from './backup.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** Backups on demand for administrators (the schedule takes one every day). */
export function backupRoutes(ctx: Warehouse, dir: string, keep: number): Hono {
  const app = new Hono();
  app.get('/backups', async (c) => c.json({ backups: await listBackups(dir) }));
  app.post('/backups', async (c) => c.json({ backup: await backupNow(ctx, dir, keep) }, 201));
  return app;
}
