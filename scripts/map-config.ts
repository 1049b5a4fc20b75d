/**
 * Writes config/map-changes.csv and config/map-successors.csv from the reference data on
 * Thanh Hóa's reorganisations (the shared data folder: thanhhoa-2024-changes.csv,
 * thanhhoa-units-2025.csv, thanhhoa-2025-successors.csv; see its README for sources and
 * licences), on top of config/units.csv (the 2020 map):
 *
 *   npx tsx scripts/map-config.ts /path/to/shared/data
 *
 * The files are the deployment's to edit afterwards; this script only writes their first
 * version. Choices it makes (README, "The map changes"):
 * - 2024: `merged` ends the unit with its successor as main; `renamed`, `retyped` and
 *   `moved` of one unit on one date become one `changes` row. A change without an effective
 *   date in the source (Quý Lộc, Yên Lâm becoming thị trấn) is left out and listed.
 * - 1/7/2025: every commune and district in force on 30/6/2025 ends; the 166 new units
 *   start (level commune, parent the province 38, with their coordinates). A commune's
 *   successors are the new units it went into; for a split one, the main successor is the
 *   new unit that reuses its code, else the first listed. A district's successors are the
 *   new units its communes went into, none of them main (the level is abolished: its
 *   history stays its own).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvText } from '../warehouse/registry.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: tsx scripts/map-config.ts <shared data folder>');
  process.exit(1);
}
const root = new URL('../', import.meta.url).pathname;

function records(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvText(readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h.trim(), (r[i] ?? '').trim().normalize('NFC')])));
}

const csv = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map((v) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }).join(',')).join('\n') + '\n';

const TYPES: [string, string][] = [['Thị trấn ', 'thị trấn'], ['Phường ', 'phường'], ['Xã ', 'xã']];
const kindOf = (name: string) => TYPES.find(([p]) => name.startsWith(p))?.[1] ?? '';
const shortOf = (name: string) => {
  const t = TYPES.find(([p]) => name.startsWith(p));
  return t ? name.slice(t[0].length) : name;
};

const units2020 = records(join(root, 'config/units.csv'));
const changes2024 = records(join(dataDir, 'thanhhoa-2024-changes.csv'));
const units2025 = records(join(dataDir, 'thanhhoa-units-2025.csv'));
const successors2025 = records(join(dataDir, 'thanhhoa-2025-successors.csv'));

const CHANGE_HEADER = ['effective_date', 'code', 'change', 'name', 'short_name', 'level', 'kind', 'parent_code', 'lat', 'lon'];
const changeRows: (string | number | null)[][] = [];
const successorRows: (string | number | null)[][] = [];
const skipped: string[] = [];

// --- 2024 ------------------------------------------------------------------------------
const ended = new Set<string>();
const grouped = new Map<string, Record<string, string>[]>();
for (const c of changes2024) {
  if (!c['effective_date']) {
    skipped.push(`${c['old_code']} ${c['old_name']} ${c['change']} → ${c['new_name']} (no effective date)`);
    continue;
  }
  const key = `${c['effective_date']}|${c['old_code']}`;
  grouped.set(key, [...(grouped.get(key) ?? []), c]);
}
for (const [key, list] of [...grouped].sort(([a], [b]) => a.localeCompare(b))) {
  const [date, code] = key.split('|') as [string, string];
  const merged = list.find((c) => c['change'] === 'merged');
  if (merged) {
    changeRows.push([date, code, 'ends', '', '', '', '', '', null, null]);
    successorRows.push([date, code, merged['new_code']!, 'true']);
    ended.add(code);
    continue;
  }
  const last = list[list.length - 1]!;
  const name = last['new_name']!;
  const level = units2020.find((u) => u['code'] === code)?.['level'] ?? '';
  changeRows.push([date, code, 'changes', name, level === 'commune' ? shortOf(name) : '', '', level === 'commune' ? kindOf(name) : '', last['new_parent_code']!, null, null]);
}

// --- 1/7/2025 --------------------------------------------------------------------------
const D2025 = '2025-07-01';
const mid2025 = units2020.filter((u) => u['level'] !== 'province' && !ended.has(u['code']!));
const communes = new Set(mid2025.filter((u) => u['level'] === 'commune').map((u) => u['code']!));
const fromFile = new Set(successors2025.map((s) => s['old_commune_code']!));
const notInFile = [...communes].filter((c) => !fromFile.has(c));
const notInMap = [...fromFile].filter((c) => !communes.has(c));
if (notInFile.length > 0 || notInMap.length > 0) {
  console.error(`the 2025 successors do not match the mid-2025 map: communes without successors ${notInFile.join(' ')}; successors of unknown communes ${notInMap.join(' ')}`);
  process.exit(1);
}
for (const u of mid2025) changeRows.push([D2025, u['code']!, 'ends', '', '', '', '', '', null, null]);
for (const u of units2025) {
  changeRows.push([D2025, u['code']!, 'starts', u['name']!, u['short_name']!, 'commune', u['type']!.toLowerCase(), '38', Number(u['lat']), Number(u['lon'])]);
}
const byOld = new Map<string, string[]>();
for (const s of successors2025) byOld.set(s['old_commune_code']!, [...(byOld.get(s['old_commune_code']!) ?? []), s['new_code']!]);
for (const [old, list] of byOld) {
  const main = list.includes(old) ? old : list[0]!;
  for (const n of list) successorRows.push([D2025, old, n, String(n === main)]);
}
const districtParts = new Map<string, Set<string>>();
for (const s of successors2025) {
  const d = s['old_district_code']!;
  districtParts.set(d, (districtParts.get(d) ?? new Set()).add(s['new_code']!));
}
for (const u of mid2025.filter((x) => x['level'] === 'district')) {
  for (const n of [...(districtParts.get(u['code']!) ?? [])].sort()) successorRows.push([D2025, u['code']!, n, 'false']);
}

writeFileSync(join(root, 'config/map-changes.csv'), csv([CHANGE_HEADER, ...changeRows]));
writeFileSync(join(root, 'config/map-successors.csv'), csv([['effective_date', 'code', 'successor_code', 'main'], ...successorRows]));
console.log(`map-changes.csv: ${changeRows.length} rows; map-successors.csv: ${successorRows.length} rows`);
if (skipped.length > 0) console.log(`left out:\n  ${skipped.join('\n  ')}`);

// --- the inspection teams from 1/7/2025 -------------------------------------------------
// Each team keeps its provincial bodies and takes the new communes whose code was that of a
// commune of one of its districts (each new unit reuses one of its old communes' codes).
const settingsFile = join(root, 'config/settings.json');
const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { teams: { id: number; units: string[]; assignments?: { from: string; units: string[] }[] }[] };
const districtOfOld = new Map(successors2025.map((s) => [s['old_commune_code']!, s['old_district_code']!]));
for (const team of settings.teams) {
  const bodies = team.units.filter((c) => c.startsWith('P'));
  const districts = new Set(team.units.filter((c) => !c.startsWith('P')));
  const communes = units2025.map((u) => u['code']!).filter((c) => districts.has(districtOfOld.get(c) ?? ''));
  team.assignments = [{ from: D2025, units: [...bodies, ...communes] }];
}
const assigned = settings.teams.flatMap((t) => t.assignments![0]!.units.filter((c) => !c.startsWith('P')));
if (assigned.length !== units2025.length) {
  console.error(`the teams from ${D2025} cover ${assigned.length} of the ${units2025.length} new units`);
  process.exit(1);
}
// (JSON.stringify puts integer-like keys of the vendor mappings first; the committed file kept its order)
writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
console.log(`settings.json: the teams from ${D2025}: ${settings.teams.map((t) => `${t.id}: ${t.assignments![0]!.units.length} units`).join(', ')}`);
