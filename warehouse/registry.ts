import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The versioned units registry: the map of the province as it stood on every date.
 *
 * Three configuration files a deployment edits (README, "The map changes"):
 *   units.csv            the map at the start: code,name,short_name,level,kind,parent_code
 *                        (each unit in force from the beginning of time until a change ends it)
 *   map-changes.csv      effective_date,code,change,name,short_name,level,kind,parent_code,lat,lon
 *                        change: `ends` (the unit in force the day before ends that day),
 *                        `starts` (a unit, new or reusing an ended code, is in force from that
 *                        day) or `changes` (the same unit goes on with another name, kind or
 *                        parent: a new version of it; empty fields keep their value)
 *   map-successors.csv   effective_date,code,successor_code,main: where each unit that `ends`
 *                        went; for a split, one row per part and `main` true on the part that
 *                        takes its history (and documents that still carry its code)
 *
 * Every change takes effect on the first day of a month: figures pool units by calendar
 * month (analytics/models/marts/unit_counts.sql), so a unit's membership may change only
 * between months. A unit's version is valid from valid_from to valid_to inclusive.
 */

export const MAP_START = '1900-01-01';
export const MAP_END = '9999-12-31';
export type Level = 'province' | 'district' | 'commune';
const LEVELS = new Set<string>(['province', 'district', 'commune']);
/** The province itself: the parent of provincial bodies and districts (and of communes once districts are gone). */
export const PROVINCE = '38';

export interface UnitVersion {
  code: string;
  valid_from: string;
  valid_to: string;
  name: string;
  short_name: string;
  level: Level;
  kind: string;
  parent_code: string;
  lat: number | null;
  lon: number | null;
  /** where the version was declared, for error messages */
  origin: string;
}

export interface Succession {
  /** the unit that ended, on valid_to */
  code: string;
  valid_to: string;
  successor_code: string;
  main: boolean;
  /** a `changes` row: the same unit going on (not listed as a successor in the lineage) */
  same_unit: boolean;
  origin: string;
}

export interface Registry {
  versions: UnitVersion[];
  successions: Succession[];
}

/** A problem in the registry, in English (logs, scripts) and Vietnamese (people). */
export interface RegistryProblem {
  en: string;
  vi: string;
}

// --- reading ---------------------------------------------------------------------------

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvText(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

interface CsvRecord { line: number; get(column: string): string }

function readCsvRecords(file: string, required: readonly string[]): CsvRecord[] {
  const rows = parseCsvText(readFileSync(file, 'utf8'));
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new RegistryError([{
      en: `${basename(file)}: missing columns ${missing.join(', ')}`,
      vi: `${basename(file)}: thiếu cột ${missing.join(', ')}`,
    }]);
  }
  return rows.map((r, i) => ({
    line: i + 2,
    get: (column: string) => {
      const at = header.indexOf(column);
      return at === -1 ? '' : (r[at] ?? '').trim().normalize('NFC');
    },
  }));
}

export class RegistryError extends Error {
  constructor(readonly problems: RegistryProblem[]) {
    super(problems.map((p) => `${p.en} / ${p.vi}`).join('\n'));
  }
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
const num = (s: string) => (s === '' ? null : Number(s));

/** The map-changes and map-successors files beside the units registry, when present. */
export function mapFilesBeside(unitsFile: string): { changes: string | null; successors: string | null } {
  const dir = unitsFile.slice(0, unitsFile.length - basename(unitsFile).length);
  const at = (name: string) => (existsSync(`${dir}${name}`) ? `${dir}${name}` : null);
  return { changes: at('map-changes.csv'), successors: at('map-successors.csv') };
}

/**
 * Reads the three files into versions and successions, applying the changes in date order,
 * and checks the result (checkRegistry). Throws a RegistryError listing every problem.
 */
export function readRegistry(unitsFile: string, changesFile: string | null, successorsFile: string | null): Registry {
  const problems: RegistryProblem[] = [];
  const versions: UnitVersion[] = [];
  const open = new Map<string, UnitVersion>();
  const unitsName = basename(unitsFile);
  for (const r of readCsvRecords(unitsFile, ['code', 'name', 'short_name', 'level', 'kind', 'parent_code'])) {
    const origin = `${unitsName} line ${r.line}`;
    const v = versionOf(r, origin, MAP_START, null, problems);
    if (!v) continue;
    if (open.has(v.code)) {
      problems.push({ en: `${origin}: unit ${v.code} is listed twice`, vi: `${origin}: đơn vị ${v.code} có hai dòng` });
      continue;
    }
    open.set(v.code, v);
    versions.push(v);
  }
  const successions: Succession[] = [];
  if (changesFile) {
    const changesName = basename(changesFile);
    const records = readCsvRecords(changesFile, ['effective_date', 'code', 'change', 'name', 'short_name', 'level', 'kind', 'parent_code'])
      .map((r) => ({ r, date: r.get('effective_date'), change: r.get('change') }));
    // ends first, then changes, then starts, on each date: a code may end and start again the same day
    const order = { ends: 0, changes: 1, starts: 2 } as Record<string, number>;
    records.sort((a, b) => a.date.localeCompare(b.date) || (order[a.change] ?? 9) - (order[b.change] ?? 9) || a.r.line - b.r.line);
    for (const { r, date, change } of records) {
      const code = r.get('code');
      const origin = `${changesName} line ${r.line}`;
      if (!isDate(date)) {
        problems.push({ en: `${origin}: effective_date "${date}" is not a date YYYY-MM-DD`, vi: `${origin}: ngày hiệu lực "${date}" không phải ngày dạng YYYY-MM-DD` });
        continue;
      }
      if (date.slice(8) !== '01') {
        problems.push({
          en: `${origin}: a change takes effect on the first day of a month (figures pool units by month), not on ${date}`,
          vi: `${origin}: thay đổi phải có hiệu lực từ ngày đầu tháng (số liệu tổng hợp theo tháng), không phải ngày ${dmy(date)}`,
        });
        continue;
      }
      const current = open.get(code);
      if (change === 'ends' || change === 'changes') {
        if (!current || current.valid_from >= date) {
          problems.push({
            en: `${origin}: unit ${code} is not in force on ${addDays(date, -1)}, so it cannot ${change === 'ends' ? 'end' : 'change'} on ${date}`,
            vi: `${origin}: đơn vị ${code} không có hiệu lực ngày ${dmy(addDays(date, -1))} nên không thể ${change === 'ends' ? 'chấm dứt' : 'thay đổi'} từ ngày ${dmy(date)}`,
          });
          continue;
        }
        current.valid_to = addDays(date, -1);
        open.delete(code);
        if (change === 'changes') {
          const v = versionOf(r, origin, date, current, problems);
          if (!v) continue;
          versions.push(v);
          open.set(code, v);
          successions.push({ code, valid_to: current.valid_to, successor_code: code, main: true, same_unit: true, origin });
        }
      } else if (change === 'starts') {
        if (current) {
          problems.push({
            en: `${origin}: unit ${code} starts on ${date} while its version from ${current.valid_from === MAP_START ? 'the start' : current.valid_from} (${current.origin}) is still in force: versions of a code may not overlap`,
            vi: `${origin}: đơn vị ${code} bắt đầu từ ${dmy(date)} trong khi phiên bản ${current.origin} vẫn còn hiệu lực: các phiên bản của một mã không được chồng lấn`,
          });
          continue;
        }
        const v = versionOf(r, origin, date, null, problems);
        if (!v) continue;
        versions.push(v);
        open.set(code, v);
      } else {
        problems.push({ en: `${origin}: change "${change}" is not ends, starts or changes`, vi: `${origin}: loại thay đổi "${change}" không phải ends, starts hoặc changes` });
      }
    }
  }
  if (successorsFile) {
    const name = basename(successorsFile);
    for (const r of readCsvRecords(successorsFile, ['effective_date', 'code', 'successor_code', 'main'])) {
      const origin = `${name} line ${r.line}`;
      const date = r.get('effective_date');
      const main = r.get('main').toLowerCase();
      if (!isDate(date) || !['true', 'false'].includes(main)) {
        problems.push({ en: `${origin}: effective_date must be a date and main true or false`, vi: `${origin}: effective_date phải là ngày và main là true hoặc false` });
        continue;
      }
      successions.push({ code: r.get('code'), valid_to: addDays(date, -1), successor_code: r.get('successor_code'), main: main === 'true', same_unit: false, origin });
    }
  }
  const registry = { versions, successions };
  problems.push(...checkRegistry(registry));
  if (problems.length > 0) throw new RegistryError(problems);
  return registry;
}

function versionOf(r: CsvRecord, origin: string, validFrom: string, previous: UnitVersion | null, problems: RegistryProblem[]): UnitVersion | null {
  const pick = (column: string, fallback: string | undefined) => r.get(column) || fallback || '';
  const code = r.get('code');
  const level = pick('level', previous?.level);
  if (!code) {
    problems.push({ en: `${origin}: the code is empty`, vi: `${origin}: mã đơn vị trống` });
    return null;
  }
  if (!LEVELS.has(level)) {
    problems.push({ en: `${origin}: unit ${code} has level "${level}", not province, district or commune`, vi: `${origin}: đơn vị ${code} có cấp "${level}", không phải province, district hoặc commune` });
    return null;
  }
  const lat = num(r.get('lat')), lon = num(r.get('lon'));
  return {
    code,
    valid_from: validFrom,
    valid_to: MAP_END,
    name: pick('name', previous?.name),
    short_name: pick('short_name', previous?.short_name),
    level: level as Level,
    kind: pick('kind', previous?.kind),
    parent_code: pick('parent_code', previous?.parent_code),
    lat: lat ?? previous?.lat ?? null,
    lon: lon ?? previous?.lon ?? null,
    origin,
  };
}

// --- checks ----------------------------------------------------------------------------

/**
 * The rules a registry keeps, so that no figure is wrong because of it: versions of a code
 * do not overlap; every unit that ends has successors in force the day after, exactly one
 * of them main when there are several (none for a level that is abolished: a district's
 * successors are listed, its history stays its own); every parent is a district (or the
 * province) in force on every day its child uses it.
 */
export function checkRegistry(reg: Registry): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const byCode = groupBy(reg.versions, (v) => v.code);
  for (const [code, vs] of byCode) {
    vs.sort((a, b) => a.valid_from.localeCompare(b.valid_from));
    for (let i = 1; i < vs.length; i++) {
      if (vs[i]!.valid_from <= vs[i - 1]!.valid_to) {
        problems.push({
          en: `unit ${code}: its versions ${vs[i - 1]!.origin} and ${vs[i]!.origin} overlap`,
          vi: `đơn vị ${code}: hai phiên bản ${vs[i - 1]!.origin} và ${vs[i]!.origin} chồng lấn thời gian hiệu lực`,
        });
      }
    }
  }
  const succ = groupBy(reg.successions.filter((s) => !s.same_unit), (s) => `${s.code}@${s.valid_to}`);
  for (const v of reg.versions) {
    if (v.valid_to === MAP_END) continue;
    const continued = reg.successions.some((s) => s.same_unit && s.code === v.code && s.valid_to === v.valid_to);
    if (continued) continue;
    const list = succ.get(`${v.code}@${v.valid_to}`) ?? [];
    if (list.length === 0) {
      problems.push({
        en: `unit ${v.code} (${v.name}) ends on ${v.valid_to} without a successor in map-successors.csv`,
        vi: `đơn vị ${v.code} (${v.name}) chấm dứt ngày ${dmy(v.valid_to)} nhưng không có đơn vị kế thừa trong map-successors.csv`,
      });
    }
    if (list.filter((s) => s.main).length > 1) {
      problems.push({
        en: `unit ${v.code} (${v.name}) has more than one main successor on ${addDays(v.valid_to, 1)}`,
        vi: `đơn vị ${v.code} (${v.name}) có nhiều hơn một đơn vị kế thừa chính từ ngày ${dmy(addDays(v.valid_to, 1))}`,
      });
    }
    if (list.length > 1 && v.level !== 'district' && !list.some((s) => s.main)) {
      problems.push({
        en: `unit ${v.code} (${v.name}) is split on ${addDays(v.valid_to, 1)} without a main successor (main = true on the part that takes its history)`,
        vi: `đơn vị ${v.code} (${v.name}) được chia tách từ ngày ${dmy(addDays(v.valid_to, 1))} nhưng không có đơn vị kế thừa chính (main = true cho phần nhận lịch sử)`,
      });
    }
  }
  for (const s of reg.successions) {
    if (s.same_unit) continue;
    const ended = versionAt(reg, s.code, s.valid_to);
    if (!ended || ended.valid_to !== s.valid_to) {
      problems.push({
        en: `${s.origin}: unit ${s.code} does not end on ${s.valid_to}, so it has no successor from ${addDays(s.valid_to, 1)}`,
        vi: `${s.origin}: đơn vị ${s.code} không chấm dứt ngày ${dmy(s.valid_to)} nên không thể có đơn vị kế thừa từ ${dmy(addDays(s.valid_to, 1))}`,
      });
    }
    if (!versionAt(reg, s.successor_code, addDays(s.valid_to, 1))) {
      problems.push({
        en: `${s.origin}: successor ${s.successor_code} of unit ${s.code} is not in force on ${addDays(s.valid_to, 1)}`,
        vi: `${s.origin}: đơn vị kế thừa ${s.successor_code} của ${s.code} không có hiệu lực ngày ${dmy(addDays(s.valid_to, 1))}`,
      });
    }
  }
  for (const v of reg.versions) {
    if (v.parent_code === PROVINCE) {
      continue;
    }
    if (v.level !== 'commune') {
      problems.push({ en: `${v.origin}: unit ${v.code} (${v.level}) must have the province ${PROVINCE} as parent`, vi: `${v.origin}: đơn vị ${v.code} (${v.level}) phải có đơn vị cha là tỉnh ${PROVINCE}` });
      continue;
    }
    // the parent must be a district in force on every day of the version
    let day = v.valid_from;
    while (day <= v.valid_to) {
      const p = versionAt(reg, v.parent_code, day);
      if (!p || p.level !== 'district') {
        problems.push({
          en: `${v.origin}: commune ${v.code} (${v.name}) has parent ${v.parent_code}, which is not a district in force on ${day === MAP_START ? 'the start' : day}`,
          vi: `${v.origin}: xã ${v.code} (${v.name}) thuộc đơn vị ${v.parent_code}, không phải huyện còn hiệu lực ngày ${day === MAP_START ? 'bắt đầu' : dmy(day)}`,
        });
        break;
      }
      if (p.valid_to >= v.valid_to) break;
      day = addDays(p.valid_to, 1);
    }
  }
  return problems;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t); else out.set(k, [t]);
  }
  return out;
}

// --- reading the map -------------------------------------------------------------------

/** The version of a code in force on a date, or undefined. */
export function versionAt(reg: Registry, code: string, date: string): UnitVersion | undefined {
  return versionsOf(reg, code).find((v) => v.valid_from <= date && date <= v.valid_to);
}

const mainIndexes = new WeakMap<Registry, Map<string, Succession>>();
function mainSuccessions(reg: Registry): Map<string, Succession> {
  let index = mainIndexes.get(reg);
  if (!index) {
    index = new Map(reg.successions.filter((s) => s.main).map((s) => [`${s.code}@${s.valid_to}`, s]));
    mainIndexes.set(reg, index);
  }
  return index;
}

const indexes = new WeakMap<Registry, { count: number; byCode: Map<string, UnitVersion[]> }>();
/** The versions of a code (indexed once per registry; rebuilt if versions were added). */
function versionsOf(reg: Registry, code: string): UnitVersion[] {
  let index = indexes.get(reg);
  if (!index || index.count !== reg.versions.length) {
    index = { count: reg.versions.length, byCode: groupBy(reg.versions, (v) => v.code) };
    indexes.set(reg, index);
  }
  return index.byCode.get(code) ?? [];
}

/** The units in force on a date. */
export function unitsAt(reg: Registry, date: string): UnitVersion[] {
  return reg.versions.filter((v) => v.valid_from <= date && date <= v.valid_to);
}

/** The successions out of a version (other units; a `changes` continuation is not listed). */
export function successorsOf(reg: Registry, v: UnitVersion): Succession[] {
  return reg.successions.filter((s) => !s.same_unit && s.code === v.code && s.valid_to === v.valid_to);
}

/** The versions whose successor is `v` (other units that went into it on its first day). */
export function predecessorsOf(reg: Registry, v: UnitVersion): Succession[] {
  return reg.successions.filter((s) => !s.same_unit && s.successor_code === v.code && addDays(s.valid_to, 1) === v.valid_from);
}

/** The version a version goes on as (same unit, or main successor), or undefined at its end. */
export function mainNext(reg: Registry, v: UnitVersion): UnitVersion | undefined {
  if (v.valid_to === MAP_END) return undefined;
  if (nextCache.has(v)) return nextCache.get(v) ?? undefined;
  const next = mainSuccessions(reg).get(`${v.code}@${v.valid_to}`);
  const found = next ? versionAt(reg, next.successor_code, addDays(v.valid_to, 1)) : undefined;
  nextCache.set(v, found ?? null);
  return found;
}
const nextCache = new WeakMap<UnitVersion, UnitVersion | null>();

/** Follows a version forward (same unit or main successor) to the version in force on `date`, if any. */
export function forward(reg: Registry, v: UnitVersion, date: string): UnitVersion | undefined {
  let at: UnitVersion | undefined = v;
  while (at && at.valid_to < date) at = mainNext(reg, at);
  return at && at.valid_from <= date ? at : undefined;
}

/** The dates on which the map changes: the first day of each map (MAP_START first). */
export function mapStarts(reg: Registry): string[] {
  return [...new Set([MAP_START, ...reg.versions.map((v) => v.valid_from), ...reg.versions.filter((v) => v.valid_to !== MAP_END).map((v) => addDays(v.valid_to, 1))])].sort();
}

/** The maps: spans of dates on which the registry does not change. */
export function mapSpans(reg: Registry): { from: string; to: string }[] {
  const starts = mapStarts(reg);
  return starts.map((from, i) => ({ from, to: i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : MAP_END }));
}

/** A row of unit_map: on the map in force map_from..map_to, documents carrying `code` dated doc_from..doc_to count for `area`. */
export interface MapMember {
  map_from: string;
  map_to: string;
  code: string;
  doc_from: string;
  doc_to: string;
  /** 'province' (area 38), 'level' (area = the level), 'district', 'commune', 'unit' (any level) */
  area_kind: 'province' | 'level' | 'district' | 'commune' | 'unit';
  area: string;
  /** the code was not in force on those dates: its documents went to its main successor (or, without one, to the province alone) */
  via_successor: boolean;
  /** the documents belong to a unit that is not on this map any more: they count for its successor (or predecessors pooled) */
  carried: boolean;
}

/**
 * Where the documents of every code and date count on every map. On the map of a date E,
 * a document of code c dated d belongs first to the unit c was on d (or, when c had already
 * ended by d, its main successor on d: via_successor), then to that unit's district on d
 * (its parent then); both are carried forward to E through main successors. A unit with
 * no main successor (a district after 30/6/2025) has no place on the later map: its
 * documents count for the province alone there.
 */
export function mapMembers(reg: Registry): MapMember[] {
  const spans = mapSpans(reg);
  const out: MapMember[] = [];
  const codes = [...new Set(reg.versions.map((v) => v.code))];
  for (const map of spans) {
    for (const docs of spans) {
      if (docs.from > map.from) break;
      for (const code of codes) {
        let unit = versionAt(reg, code, docs.from);
        let viaSuccessor = false;
        if (!unit) {
          // an ended code: its last version before these dates, followed to them
          const before = versionsOf(reg, code).filter((v) => v.valid_to < docs.from).sort((a, b) => b.valid_to.localeCompare(a.valid_to))[0];
          unit = before ? forward(reg, before, docs.from) : undefined;
          // not in force on these dates: its documents count for its successor (if any) and the
          // province, and it is not a unit of either then (never due to have documents)
          viaSuccessor = true;
        }
        const add = (area_kind: MapMember['area_kind'], area: string, carried: boolean) =>
          out.push({ map_from: map.from, map_to: map.to, code, doc_from: docs.from, doc_to: docs.to, area_kind, area, via_successor: viaSuccessor, carried });
        add('province', PROVINCE, false);
        if (!unit) continue;
        const target = forward(reg, unit, map.from);
        const carried = target !== unit;
        if (target) {
          add('unit', target.code, carried);
          add('level', target.level, carried);
          if (target.level === 'commune') add('commune', target.code, carried);
        }
        const district = unit.level === 'district' ? unit : unit.level === 'commune' && unit.parent_code !== PROVINCE ? versionAt(reg, unit.parent_code, docs.from) : undefined;
        const districtThen = district ? forward(reg, district, map.from) : undefined;
        if (districtThen && districtThen.level === 'district') add('district', districtThen.code, districtThen !== district);
      }
    }
  }
  return out;
}

/** A unit's lineage: the versions it came from (recursively) and the ones it went into. */
export function history(reg: Registry, code: string): { versions: UnitVersion[]; predecessors: Succession[]; successors: Succession[] } {
  const versions = reg.versions.filter((v) => v.code === code).sort((a, b) => a.valid_from.localeCompare(b.valid_from));
  return {
    versions,
    predecessors: versions.flatMap((v) => predecessorsOf(reg, v)),
    successors: versions.flatMap((v) => successorsOf(reg, v)),
  };
}

// --- the inspection teams over time -----------------------------------------------------

export interface TeamAssignmentRow { team_id: number; unit_code: string; valid_from: string; valid_to: string }

/**
 * The teams' assignments as rows in force from valid_from to valid_to: `units` from the
 * start, each of `assignments` from its date to the day before the next. Checked against
 * the map: every unit assigned is in force on the assignment's first day, as a provincial
 * body, a district, or a commune under no district (after 1/7/2025); no unit is in two
 * teams on the same day.
 */
export function teamAssignments(reg: Registry, teams: readonly { id: number; units: readonly string[]; assignments?: readonly { from: string; units: readonly string[] }[] }[]): { rows: TeamAssignmentRow[]; problems: RegistryProblem[] } {
  const rows: TeamAssignmentRow[] = [];
  const problems: RegistryProblem[] = [];
  for (const team of teams) {
    const steps = [{ from: MAP_START, units: team.units }, ...[...(team.assignments ?? [])].sort((a, b) => a.from.localeCompare(b.from))];
    steps.forEach((step, i) => {
      if (i > 0 && step.from <= steps[i - 1]!.from) {
        problems.push({ en: `team ${team.id}: two assignments from ${step.from}`, vi: `tổ công tác ${team.id}: hai phân công cùng từ ngày ${dmy(step.from)}` });
        return;
      }
      const to = i + 1 < steps.length ? addDays(steps[i + 1]!.from, -1) : MAP_END;
      for (const code of step.units) {
        const u = versionAt(reg, code, step.from);
        const when = step.from === MAP_START ? 'the start' : step.from;
        const whenVi = step.from === MAP_START ? 'ban đầu' : dmy(step.from);
        if (!u || (u.level === 'commune' && u.parent_code !== PROVINCE)) {
          problems.push({
            en: `team ${team.id}: unit ${code} is not a provincial body, district or commune under no district in force on ${when}`,
            vi: `tổ công tác ${team.id}: đơn vị ${code} không phải sở, ngành, huyện hoặc xã trực thuộc tỉnh còn hiệu lực ngày ${whenVi}`,
          });
          continue;
        }
        rows.push({ team_id: team.id, unit_code: code, valid_from: step.from, valid_to: to });
      }
    });
  }
  const seen = new Map<string, number>();
  for (const r of rows) {
    for (const other of rows) {
      if (other === r || other.unit_code !== r.unit_code || other.team_id === r.team_id) continue;
      if (other.valid_from <= r.valid_to && r.valid_from <= other.valid_to && !seen.has(`${r.unit_code}`)) {
        seen.set(r.unit_code, r.team_id);
        problems.push({
          en: `unit ${r.unit_code} is assigned to teams ${Math.min(r.team_id, other.team_id)} and ${Math.max(r.team_id, other.team_id)} on the same days`,
          vi: `đơn vị ${r.unit_code} được phân cho cả tổ ${Math.min(r.team_id, other.team_id)} và tổ ${Math.max(r.team_id, other.team_id)} trong cùng thời gian`,
        });
      }
    }
  }
  return { rows, problems };
}
