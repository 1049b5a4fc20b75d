import { resolve } from 'node:path';
import { commandLine } from '../command-line.ts';
import { AppError } from '../errors.ts';
import { openNationalWarehouse, type OpenNationalOptions } from '../national/warehouse.ts';
import type { Database } from '../warehouse/database.ts';
import { rollUp } from '../national/rollup.ts';
import { parseWithdrawals, withdraw } from '../national/withdraw.ts';
import { parseExpected, roster, setExpected, type RosterProvince } from '../national/expect.ts';
import { mismatchLine, registryMismatches } from '../national/coverage.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run national -- --db <national.duckdb> --in <dir> [--in <dir>…] [--create] [--accept-map-change <province>…]
       npm run national -- --db <national.duckdb> --withdraw <province>[:<YYYY-MM>] [--withdraw …]
       npm run national -- --db <national.duckdb> --expect <all | code,code,…>

Builds (or brings up to date) a national warehouse from provinces' publications (npm run
publish); a --db that does not exist is refused unless --create is given. Every
manifest's schema version and every file's SHA-256 are checked before anything is
written; a month published again replaces the one held. A publication under the code of a
province held with another name or map (registry) is refused, as another province's counts
under a wrong code would replace the held ones: --accept-map-change <code> accepts it when
the province's map really changed. A month whose publication is older than the one held
is refused (older_publication: to go back on purpose, withdraw the month first), and so is
a month file held for another province, in this roll-up or an earlier one
(same_counts_two_provinces). A file that does not match its checksum is refused,
nothing loaded (if the province is publishing into the folder, run again once it has
finished). Serve it with
npm run serve -- --national --db <national.duckdb>.

--withdraw <province> removes a province (its months, counts, registry and its row among
the provinces: it leaves the figures, the ranking and the provinces' list); --withdraw
<province>:<YYYY-MM> removes one month of it. A month withdrawn is a month the province has
not published: its units due that month count as units without data, so the figures of
that month become incomplete, not better. Rolling up the same publication again loads what
was withdrawn again. All in one transaction: a province or month not held is refused, and
nothing is removed. It runs instead of a roll-up (not with --in).

Exits 1 when a publication or a withdrawal is refused, 2 on bad usage or when the database
is held by another process (the server).

The warehouse expects a publication from every province of the roster: the 34 provinces in
force since 1/7/2025 (Decision 19/2025/QĐ-TTg). One expected that has published nothing is
listed as not published, and the country's and every level's figure is not complete while
it is missing. A publication under a code off the roster, or under another province's name,
is refused. --expect 38,40 expects only those (a pilot over some provinces); --expect all
the whole roster again. It runs alone (not with --in or --create; repeated, its codes add),
says which expected provinces have not published, and is written to the audit log. A
roll-up prints the same, and each province whose published registry has fewer or more
communes, wards and special zones than the roster gives it (from 1/7/2025): the ones it
lacks count as units without data, so a registry of part of a merged province does not
make the figures look complete.`;

const COMMAND_LINE = commandLine(USAGE, {
  db: { type: 'string' }, in: { type: 'string', multiple: true }, 'accept-map-change': { type: 'string', multiple: true },
  withdraw: { type: 'string', multiple: true }, create: { type: 'boolean' }, expect: { type: 'string', multiple: true },
});

/** The line that says which provinces the warehouse expects and has not heard from. */
function rosterLine(provinces: RosterProvince[]): string {
  const expected = provinces.filter((p) => p.expected);
  const missing = expected.filter((p) => !p.published);
  return `${expected.length} province(s) expected, ${expected.length - missing.length} published${missing.length ? `; not published (the figures of the country and its levels are not complete without them): ${missing.map((p) => `${p.province} ${p.name}`).join(', ')}` : ''}`;
}

/**
 * Opens the national warehouse; while the national server holds it, says what to do (the
 * generic advice to use the server's API does not apply: the national server rolls nothing up).
 */
async function open(path: string, options: OpenNationalOptions): Promise<Database> {
  try {
    return await openNationalWarehouse(path, options);
  } catch (err) {
    if (err instanceof AppError && err.code === 'database_locked') {
      throw new AppError(409, 'database_locked', `The database ${path} is in use by another process (${String(err.details?.['holder'])}). The national server (npm run serve -- --national) owns the file while it runs and rolls nothing up itself: stop it, run this command, and start it again.`, err.details);
    }
    throw err;
  }
}

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (values.withdraw?.length) {
    if (!values.db) return COMMAND_LINE.badUsage();
    if (values.in?.length || values['accept-map-change']?.length || values.expect?.length) return COMMAND_LINE.badUsage('--withdraw runs instead of a roll-up: give it without --in, --accept-map-change and --expect.');
    const asked = parseWithdrawals(values.withdraw);
    if ('bad' in asked) return COMMAND_LINE.badUsage(`--withdraw ${asked.bad}: expected a province's code (40) or a province and a month (40:2025-07).`);
    const db = await open(resolve(values.db), { create: false, missing: { en: 'nothing was withdrawn.', vi: 'chưa rút gì.' } });
    try {
      for (const w of await withdraw(db, asked, `cli:${process.env['USER'] ?? 'unknown'}`)) {
        const months = `${w.months.length} month(s)${w.months.length ? ` ${w.months.join(', ')}` : ''}`;
        console.log(w.whole
          ? `withdrew province ${w.province} (${w.name}): ${months}, ${w.countRows} count row(s), its registry (${w.registryRows} unit version(s)) and its row among the provinces`
          : `withdrew from province ${w.province} (${w.name}) ${months}, ${w.countRows} count row(s); its units due in them now count as units without data`);
      }
    } finally {
      db.close();
    }
    return 0;
  }
  if (values.expect?.length) {
    if (!values.db) return COMMAND_LINE.badUsage();
    if (values.in?.length || values['accept-map-change']?.length || values.create) return COMMAND_LINE.badUsage('--expect runs alone, on a national warehouse that exists: give it without --in, --accept-map-change and --create.');
    // --expect 38 --expect 40 is --expect 38,40
    const given = values.expect.join(',');
    const asked = parseExpected(given);
    if (typeof asked === 'object' && 'bad' in asked) return COMMAND_LINE.badUsage(`--expect ${given}: "${asked.bad}" is not a province's two-digit code; give codes separated by commas (38,40) or all.`);
    const db = await open(resolve(values.db), { create: false, missing: { en: 'nothing was changed.', vi: 'chưa thay đổi gì.' } });
    try {
      console.log(rosterLine(await setExpected(db, asked, `cli:${process.env['USER'] ?? 'unknown'}`)));
    } finally {
      db.close();
    }
    return 0;
  }
  if (!values.db || !values.in?.length) return COMMAND_LINE.badUsage();
  // a new warehouse only when asked: a mistyped --db would otherwise roll one province up
  // into a new file and leave the real warehouse without it
  const db = await open(resolve(values.db), {
    create: values.create === true,
    missing: { en: 'nothing was loaded. Give --create to build a new national warehouse there.', vi: 'chưa nạp gì. Thêm --create để tạo kho mới.' },
  });
  try {
    const started = performance.now();
    const loads = await rollUp(db, values.in, { acceptMapChange: values['accept-map-change'] ?? [] });
    for (const l of loads) {
      console.log(`province ${l.province} (${l.name}), as of ${l.as_of}: ${l.loaded.length} month(s) loaded${l.unchanged.length ? `, ${l.unchanged.length} unchanged` : ''}  [${l.dir}]`);
      // a month replaced says from which cut-off to which, so a correction is seen as one
      for (const r of l.replaced) console.log(`  ${r.month} replaced: as of ${r.from_as_of} → as of ${r.to_as_of}`);
    }
    console.log(`national warehouse ${resolve(values.db)}: ${loads.length} province(s) in ${Math.round(performance.now() - started)} ms`);
    console.log(rosterLine(await roster(db)));
    for (const m of await registryMismatches(db)) console.log(mismatchLine(m));
  } finally {
    db.close();
  }
  return 0;
}

runCli(() => main(process.argv.slice(2)));
