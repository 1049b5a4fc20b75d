import { dirname, resolve } from 'node:path';
import { parseDate, parsePeriod, periodFrom, todayInVietnam } from '../analytics/period.ts';
import { commandLine } from '../command-line.ts';
import { loadConfig } from '../config.ts';
import type { ReportDeps } from '../reports/deps.ts';
import { parseTeam } from '../reports/team-id.ts';
import { runCli } from './run.ts';
import { localInstant } from '../time.ts';
import { toolLogger } from '../log.ts';

const USAGE = `Usage:
  npx tsx cli/reports.ts monthly --db <file> --period <2020-10|2020-Q4|2020-6M|2020-9M|2020> --out <dir>
        [--format xlsx|csv|json|all] [--as-of YYYY-MM-DD] [--freeze] [--restate] [--restatement] [--version N]
  npx tsx cli/reports.ts inspection --db <file> --team <1|2|3|all> (--period <p> | --from YYYY-MM-DD --to YYYY-MM-DD)
        --out <dir> [--as-of YYYY-MM-DD]
  npx tsx cli/reports.ts scheduled --db <file> --out <dir> [--date YYYY-MM-DD] [--freeze]

monthly     the monthly report input (default: xlsx). --freeze freezes the period's figures as
            the official ones first (nothing changes if it is frozen already); --restate
            freezes the corrected figures of a frozen period as its next version;
            --restatement writes the corrections not yet frozen; --version N a frozen version.
inspection  a team's inspection workbook (all: every unit, for the DIC).
scheduled   what the monthly job writes on the 1st: the periods that ended before --date
            (default today) into <dir>/<period>/.

The server holds the database while it runs: stop it first, or use the API
(/api/reports/...). Exits 1 on a failure, 2 on bad usage or when the database is in use.`;

const COMMAND_LINE = commandLine(USAGE, {
  db: { type: 'string' },
  out: { type: 'string' },
  period: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'as-of': { type: 'string' },
  team: { type: 'string' },
  format: { type: 'string', default: 'xlsx' },
  freeze: { type: 'boolean', default: false },
  restate: { type: 'boolean', default: false },
  restatement: { type: 'boolean', default: false },
  version: { type: 'string' },
  date: { type: 'string' },
}, { positionals: true });

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values: v, positionals } = args;
  const command = positionals[0];
  if (!v.db || !v.out || positionals.length !== 1 || !['monthly', 'inspection', 'scheduled'].includes(command ?? '')) return COMMAND_LINE.badUsage();
  const formats = v.format === 'all' ? (['xlsx', 'csv', 'json'] as const) : [v.format];
  if (!formats.every((f): f is 'xlsx' | 'csv' | 'json' => f === 'xlsx' || f === 'csv' || f === 'json')) {
    console.error(`--format must be xlsx, csv, json or all, not "${v.format}".`);
    return 2;
  }
  if (command === 'monthly' && !v.period) {
    console.error('monthly needs --period (2020-10, 2020-Q4, 2020-6M, 2020-9M or 2020).');
    return 2;
  }
  if (command === 'inspection' && !v.team) {
    console.error('inspection needs --team (a team number, or all).');
    return 2;
  }
  // parameters are checked before the database is opened: a typo costs nothing
  const asOf = v['as-of'] ? parseDate(v['as-of'], '--as-of') : undefined;
  const version = v.version === undefined ? undefined : Number(v.version);
  if (version !== undefined && !(Number.isInteger(version) && version >= 1)) {
    console.error(`--version must be a version number (1, 2, …), not "${v.version}".`);
    return 2;
  }
  const period = command === 'monthly' ? parsePeriod(v.period ?? '') : command === 'inspection' ? periodFrom({ period: v.period, from: v.from, to: v.to }) : undefined;
  const team = command === 'inspection' ? parseTeam(v.team ?? '') : undefined;
  const date = v.date ? parseDate(v.date, '--date') : undefined;
  if (version !== undefined && v.restatement) {
    console.error('--version writes a frozen version, --restatement the corrections not frozen yet: give one of them.');
    return 2;
  }

  // the database, DuckDB and ExcelJS only now: a usage error answers at once
  const [{ buildModels }, { FigureCache }, { Figures }, { openWarehouse }, { saveInspection, saveMonthly }, { generateScheduledReports }, { freezeMonthly, monthlyReport, restateMonthly }] = await Promise.all([
    import('../analytics/build.ts'), import('../analytics/figure-cache.ts'), import('../analytics/figures.ts'), import('../warehouse/warehouse.ts'),
    import('../reports/files.ts'), import('../reports/jobs.ts'), import('../reports/monthly-report.ts'),
  ]);
  const dbPath = resolve(v.db);
  const config = loadConfig({ DATA_DIR: dirname(dbPath), ...process.env }, { dbPath });
  const ctx = await openWarehouse(config, toolLogger(config.logLevel));
  try {
    // as the server does at start-up: the figures of the data and configuration as they are now
    await buildModels(ctx.db);
    const deps: ReportDeps = { figures: new Figures(ctx.db, new FigureCache(), { incompleteRule: config.settings.ranking.incompleteUnits, scorecard: config.settings.ranking.scorecard, provincialOffice: config.settings.provincialOffice }), ctx, settings: config.settings };
    const out = resolve(v.out);
    let written: string[];
    if (command === 'monthly') {
      if (v.freeze) {
        const r = await freezeMonthly(deps, period!, asOf, 'cli');
        console.log(r.created ? `froze ${r.period} as of ${r.version.as_of} (version 1)` : `${r.period} was frozen already on ${r.version.frozen_at} as of ${r.version.as_of}`);
      }
      if (v.restate) {
        const r = await restateMonthly(deps, period!, 'cli');
        console.log(r.created ? `restated ${r.period}: version ${r.version.version}, ${r.differences.length} figures changed` : `${r.period}: nothing to restate, the figures are those of version ${r.version.version}`);
      }
      // once frozen (now or before), the report is the frozen one, whatever --as-of said
      const report = await monthlyReport(deps, { period: period!, asOf: v.freeze || v.restate ? undefined : asOf, version, restatement: v.restatement });
      written = await saveMonthly(report, deps, out, formats);
    } else if (command === 'inspection') {
      const scope = { period: period!, asOf: asOf ?? todayInVietnam(), includeBaseline: false };
      const { path, result } = await saveInspection(deps, team!, scope, out);
      console.log(`${result.units} units, ${result.violations} documents to check`);
      written = [path];
    } else {
      const when = date ? localInstant(date, '12:00') : new Date();
      written = await generateScheduledReports(deps, out, when, { freeze: v.freeze });
    }
    for (const p of written) console.log(p);
    return 0;
  } finally {
    ctx.db.close();
  }
}

// a bad period or team is bad usage, as a bad option is
runCli(() => main(process.argv.slice(2)), (err) => err.status === 400);
