// The alerts of a service in a child process, so a test can kill it anywhere:
//   tsx test/helpers/alerts-child.ts <db> <smtp-url> <as_of> <settings-json> [<stage>:<n>]
// Evaluates the rules as of <as_of>, sends the outbox, prints each step ("started",
// "evaluated …", "due <id>", "sending <id>", "accepted <id>", "sent <id>") and "done" once
// nothing is pending. With <stage>:<n> it stops dead at the n-th step of that stage: prints
// "halt <step>" and blocks its event loop (nothing more happens in it), for the test to
// SIGKILL it at exactly that point.
import { dirname } from 'node:path';
import { FigureCache } from '../../analytics/figure-cache.ts';
import { Figures } from '../../analytics/figures.ts';
import { startAlerts } from '../../alerts/service.ts';
import { AccessStore } from '../../auth/store.ts';
import { settingsSchema } from '../../config.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { repoRoot } from './warehouse.ts';
import { quietLog } from './logs.ts';

const [dbPath, smtpUrl, asOf, settingsJson, halt] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const [haltStage, haltNth] = halt ? [halt.split(':')[0], Number(halt.split(':')[1])] : [undefined, 0];
let seen = 0;
function step(line: string): void {
  console.log(line); // stdout to a pipe is written synchronously
  if (line.split(' ')[0] === haltStage && ++seen === haltNth) {
    console.log(`halt ${line}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // until killed
  }
}
const settings = settingsSchema.parse(JSON.parse(settingsJson));
const ctx = await openWarehouse({ dbPath, dataDir: dirname(dbPath), unitsFile: `${repoRoot}/config/units.csv`, settings }, quietLog);
const figures = new Figures(ctx.db, new FigureCache());
const alerts = await startAlerts(
  { ctx, figures, settings, sources: [], store: new AccessStore(ctx.db), publicUrl: 'http://127.0.0.1:8787', dataDir: dirname(dbPath), reports: { figures, ctx, settings } },
  { smtpUrl, mailFrom: 'Chỉ thị 15 <canh-bao@chithi15.example.vn>' },
  { pollMs: 60_000, onProgress: step },
);
step('started');
await alerts.evaluate(asOf);
for (;;) {
  await alerts.sender.kick();
  const [r] = await ctx.db.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM outbox WHERE status = 'pending'");
  if (r!.n === 0) break;
  await new Promise((res) => setTimeout(res, 50));
}
await alerts.close();
ctx.db.close();
console.log('done');
