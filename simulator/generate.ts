import {
  pBothGivenElectronic,
  pElectronicIn,
  pElectronicOut,
  pOnTime,
  pSignedGivenElectronic,
  pSignedIn,
  unitProfile,
  type UnitProfile,
} from './adoption.ts';
import {
  dayIso,
  dayNumber,
  DAY_MS,
  instantIso,
  isWeekend,
  localDayOf,
  localToMs,
  MINUTE_MS,
  nextWorkday,
  parseInstant,
  prevWorkday,
  weekday,
} from './local-time.ts';
import { incomingNumber, outgoingNumber } from './notation.ts';
import { recordsDirectiveFields, systemOf } from './systems.ts';
import { chance, intBetween, pickWeighted, poisson, streamFor, unitFloat, type Rng } from './prng.ts';
import { spanAt, type CodeSpan, type Timeline } from './map.ts';
import type { Unit } from './registry.ts';
import type { Milestones, SimDocument } from './types.ts';

export interface GenerateOptions {
  units: readonly Unit[];
  milestones: Milestones;
  seed: number;
  /** 1 ≈ 170k documents for the whole province over two years; fractions allowed (0.05 for tests) */
  scale: number;
  /** first local date, inclusive (default 2020-01-01) */
  from?: string;
  /** last local date, inclusive (default 2021-12-31) */
  to?: string;
  /** only these unit codes (cheaper than filtering afterwards; every unit has its own random stream, so the result is the same) */
  only?: readonly string[];
  /** add the hand-placed boundary documents around each unit's milestone and a deadline (default true) */
  edgeCases?: boolean;
  /** the Provincial Office, which takes no paper from provincial bodies after their milestone (default P01) */
  office?: string;
  /**
   * the map over time (simulator/map.ts): each code sends documents only on the days it is
   * in force (or a late system still uses it), as the unit it is then, at its volume.
   * Without it every unit of `units` is in force throughout (the 2020 map).
   */
  timeline?: Timeline;
  /**
   * per-(unit, year) document sequences already used, updated as documents are drawn: a later
   * stretch of days generated on its own continues the numbering (the live demo)
   */
  counters?: Map<string, number>;
  /** this stretch of days continues an earlier one (with its counters): drawn from random streams of its own */
  continues?: boolean;
}

/** Bodies outside the registry that send documents to the province's units. */
const OUTSIDE_SENDERS = ['Văn phòng Chính phủ', 'Bộ Nội vụ', 'Bộ Thông tin và Truyền thông', 'Bộ Tài chính', 'UBND tỉnh Thanh Hóa', 'Tỉnh ủy Thanh Hóa'] as const;

/**
 * Who sends incoming documents, and the provincial bodies that still send paper to the
 * Provincial Office after their milestone (the laggards: a few, fixed by the seed).
 */
interface SenderContext {
  office: string;
  bodies: readonly Unit[];
  districts: readonly Unit[];
  byCode: ReadonlyMap<string, Unit>;
  laggards: ReadonlySet<string>;
  /** the districts in force on a day number (all of them without a timeline) */
  districtsOn: (day: number) => readonly Unit[];
}

function senderContext(units: readonly Unit[], seed: number, office: string, timeline: Timeline | undefined): SenderContext {
  const bodies = units.filter((u) => u.level === 'province');
  const ranked = bodies.filter((b) => b.code !== office).map((b) => [unitFloat('paper-to-office', seed, b.code), b.code] as const).sort((a, b) => a[0] - b[0]);
  const districts = units.filter((u) => u.level === 'district');
  const byDay = new Map<number, readonly Unit[]>();
  const byMonth = new Map<string, readonly Unit[]>();
  const districtsOn = (day: number): readonly Unit[] => {
    if (!timeline) return districts;
    let list = byDay.get(day);
    if (!list) {
      // the map changes on the first day of a month only
      const month = dayIso(day).slice(0, 7);
      list = byMonth.get(month) ?? districts.filter((d) => {
        const span = spanAt(timeline.get(d.code) ?? [], `${month}-01`);
        return span !== undefined && !span.late && span.unit.level === 'district';
      });
      byMonth.set(month, list);
      byDay.set(day, list);
    }
    return list;
  };
  return {
    office, bodies, districts,
    byCode: new Map(units.map((u) => [u.code, u])),
    laggards: new Set(ranked.slice(0, 3).map(([, code]) => code)),
    districtsOn,
  };
}

/** The sender an incoming document's register records, from the unit's own sender stream. */
function drawSender(srng: Rng, unit: Unit, ctx: SenderContext, day: number): { code: string | null; text: string | null } {
  const r = srng();
  if (r < 0.04) return { code: null, text: null };
  if (r < 0.16) return { code: null, text: OUTSIDE_SENDERS[Math.floor(srng() * OUTSIDE_SENDERS.length)]! };
  let from: Unit | undefined;
  const pick = (xs: readonly Unit[]) => xs[Math.floor(srng() * xs.length)];
  const districts = ctx.districtsOn(day);
  if (districts.length === 0) {
    // no district level (from 1/7/2025): the provincial bodies write to everyone
    from = unit.code === ctx.office || chance(srng, 0.8) ? pick(ctx.bodies) : undefined;
    if (!from || from.code === unit.code) return { code: null, text: OUTSIDE_SENDERS[4] };
    return { code: from.code, text: chance(srng, 0.1) ? from.name : from.code };
  }
  // the Provincial Office hears mostly from the provincial bodies
  if (unit.code === ctx.office) from = chance(srng, 0.9) ? pick(ctx.bodies) : pick(districts);
  else if (unit.level === 'province') from = chance(srng, 0.8) ? pick(ctx.bodies) : pick(districts);
  else if (unit.level === 'district') from = chance(srng, 0.7) ? pick(ctx.bodies) : pick(districts);
  else from = chance(srng, 0.65) ? ctx.byCode.get(unit.parent_code) : pick(ctx.bodies);
  if (!from || from.code === unit.code) return { code: null, text: OUTSIDE_SENDERS[0] };
  // most registers write the sender's code; some write its name
  return { code: from.code, text: chance(srng, 0.1) ? from.name : from.code };
}

/** Documents per unit per month at scale 1. */
const MONTHLY_VOLUME: Record<Unit['level'], number> = { province: 60, district: 50, commune: 8 };
/**
 * From 2022 on, each unit sends a share of its volume: the seeds' story is told in 2020 and
 * 2021 at full volume; 2022–2024 are thinned most, and from 2025 (the years of the new map,
 * whose 166 communes are ranked) a little less, to keep the demo's start-up short (README).
 */
export const LATER_VOLUME = { from2022: 0.2, from2025: 0.5 } as const;

/** The volume of a month relative to the level's: 2021 a little busier than 2020, later years thinned. */
function yearVolume(year: number): number {
  if (year <= 2020) return 1;
  return 1.04 * (year === 2021 ? 1 : year < 2025 ? LATER_VOLUME.from2022 : LATER_VOLUME.from2025);
}
/** Tết (Jan/Feb) is quiet, year-end reporting is busy. */
const SEASON = [1.0, 0.7, 1.05, 1.0, 1.0, 1.0, 0.95, 1.0, 1.0, 1.0, 1.05, 1.2];
const OUT_SHARE = 0.45;
const SECRET_SHARE = 0.005;
const DEADLINE_SHARE = 0.6;

const OUT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['Công văn', 45], ['Quyết định', 15], ['Kế hoạch', 8], ['Báo cáo', 12], ['Tờ trình', 7], ['Thông báo', 7], ['Giấy mời', 6],
];
const IN_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['Công văn', 55], ['Quyết định', 12], ['Kế hoạch', 8], ['Báo cáo', 5], ['Tờ trình', 2], ['Thông báo', 9], ['Giấy mời', 9],
];
const SECRET_LEVELS: ReadonlyArray<readonly [SimDocument['security'], number]> = [
  ['secret', 80], ['top_secret', 15], ['absolute_secret', 5],
];

interface Sink {
  docs: SimDocument[];
  /** updated_at as epoch ms */
  keys: number[];
  /** numeric stand-in for (unit_code, doc_id) */
  ties: number[];
}

interface Draft {
  ms: number;
  out: boolean;
  /** hand-placed boundary document: attributes fixed instead of drawn */
  edge?: EdgeSpec;
}

interface EdgeSpec {
  /** null: drawn as any document of the unit that day (channel and signature) */
  channel: SimDocument['channel'] | null;
  signed: boolean;
  docDateDay: number;
  deadlineDay?: number;
  completedMs?: number;
}

/** A weighted working day of the month: weekends are rare but not absent. */
function pickDay(rng: Rng, first: number, last: number): number {
  for (;;) {
    const day = first + Math.floor(rng() * (last - first + 1));
    const w = weekday(day);
    if (w === 6 ? rng() < 0.08 : w === 0 ? rng() < 0.03 : true) return day;
  }
}

/** Minute of the local day; may exceed 1440 for late-night sends that land on the next date. */
function pickMinute(rng: Rng): number {
  const r = rng();
  // Late evening to after midnight: exercises the UTC vs local date boundary.
  if (r < 0.01) return intBetween(rng, 21 * 60, 25 * 60 + 29);
  // Early birds and overtime.
  if (r < 0.04) return chance(rng, 0.3) ? intBetween(rng, 390, 419) : intBetween(rng, 1050, 1199);
  for (;;) {
    const m = intBetween(rng, 420, 1049); // 07:00–17:29
    if (m < 690 || m >= 810 || rng() < 0.25) return m; // lunch 11:30–13:30 is slow
  }
}

/** A moment during office hours on a day (07:30–17:29). */
function workingMs(rng: Rng, day: number): number {
  return localToMs(day, intBetween(rng, 450, 1049));
}

function yearOfDay(day: number): number {
  return Number(dayIso(day).slice(0, 4));
}

/** The hand-placed documents: both sides of local midnight at the milestone, and both sides of a deadline's end. */
function edgeDrafts(milestoneDay: number, fromDay: number, toDay: number): Draft[] {
  if (milestoneDay - 1 < fromDay || milestoneDay + 16 > toDay) return [];
  const recv = nextWorkday(milestoneDay + 7);
  const deadline = nextWorkday(recv + 7);
  return [
    // 23:45 local the eve of the milestone (16:45Z): baseline, sent as the unit sent its
    // documents that day (a provincial body mostly electronically: a paper one each would
    // be 3 % of its May 2020, against the seeds' story)
    { ms: localToMs(milestoneDay - 1, 23 * 60 + 45), out: true, edge: { channel: null, signed: false, docDateDay: milestoneDay - 1 } },
    // 00:30 local on the milestone day (17:30Z the day before in UTC): must count under the milestone.
    { ms: localToMs(milestoneDay, 30), out: true, edge: { channel: 'electronic', signed: true, docDateDay: milestoneDay - 1 } },
    // Completed 23:50 local on the deadline day: on time.
    {
      ms: localToMs(recv, 9 * 60), out: false,
      edge: { channel: 'electronic', signed: true, docDateDay: recv - 1, deadlineDay: deadline, completedMs: localToMs(deadline, 23 * 60 + 50) },
    },
    // Completed 00:10 local the day after the deadline, still the deadline date in UTC: late.
    {
      ms: localToMs(recv, 9 * 60 + 15), out: false,
      edge: { channel: 'electronic', signed: true, docDateDay: recv - 1, deadlineDay: deadline, completedMs: localToMs(deadline + 1, 10) },
    },
  ];
}

interface Month {
  first: number;
  last: number;
  month: number;
  year: number;
}

function monthsBetween(fromDay: number, toDay: number): Month[] {
  const months: Month[] = [];
  const start = new Date(fromDay * DAY_MS);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  for (;;) {
    const first = Math.max(fromDay, Date.UTC(y, m, 1) / DAY_MS);
    if (first > toDay) break;
    const last = Math.min(toDay, Date.UTC(y, m + 1, 1) / DAY_MS - 1);
    months.push({ first, last, month: m, year: y });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return months;
}

/**
 * Drafts are packed as numbers (ms·4 + edge·2 + out) in a Float64Array: plain objects for
 * 170k drafts made garbage collection the largest cost of generation.
 */
function packDraft(ms: number, out: boolean, edge: boolean): number {
  return ms * 4 + (edge ? 2 : 0) + (out ? 1 : 0);
}

function generateUnit(
  spans: readonly CodeSpan[],
  profile: UnitProfile,
  opts: Required<Omit<GenerateOptions, 'only' | 'units' | 'timeline' | 'counters'>> & Pick<GenerateOptions, 'counters'>,
  months: Month[],
  fromDay: number,
  toDay: number,
  sink: Sink,
  unitRank: number,
  senders: SenderContext,
): void {
  const code = spans[0]!.unit.code;
  // a stretch generated on its own (the live demo's next days) draws from streams of its own
  const stretch = opts.continues ? [opts.from] : [];
  const rng = streamFor(opts.seed, 'documents', code, ...stretch);
  // sender and processing come from a stream of their own: the other fields are drawn as before
  const srng = streamFor(opts.seed, 'senders', code, ...stretch);
  const provinceMilestone = dayNumber(opts.milestones.province);
  const packed: number[] = [];
  const only = spans.length === 1 && spans[0]!.from === null && spans[0]!.to === null ? spans[0]! : null;
  /** the unit sending under the code on a day (the last span's once none is in force: never asked, the day has no drafts) */
  const spanOn = (day: number): CodeSpan => only ?? spanAt(spans, dayIso(day)) ?? spans[spans.length - 1]!;
  for (const mo of months) {
    const current = only ?? spanAt(spans, dayIso(mo.first));
    if (!current) continue;
    const base = MONTHLY_VOLUME[current.unit.level] * profile.size * opts.scale * current.volume;
    const span = (mo.last - mo.first + 1) / new Date(Date.UTC(mo.year, mo.month + 1, 0)).getUTCDate();
    const lambda = base * SEASON[mo.month]! * yearVolume(mo.year) * span;
    const n = poisson(rng, lambda);
    for (let i = 0; i < n; i++) {
      const ms = localToMs(pickDay(rng, mo.first, mo.last), pickMinute(rng));
      if (localDayOf(ms) > toDay) continue;
      packed.push(packDraft(ms, rng() < OUT_SHARE, false));
    }
  }
  const edges = new Map<number, EdgeSpec>();
  if (opts.edgeCases) {
    for (const d of edgeDrafts(profile.milestoneDay, fromDay, toDay)) {
      const key = packDraft(d.ms, d.out, true);
      edges.set(key, d.edge!);
      packed.push(key);
    }
  }
  const drafts = Float64Array.from(packed).sort();

  const seqByYear = new Map<number, number>();
  const outSeqByYear = new Map<number, number>();
  const counters = opts.counters;
  if (counters) {
    for (const [key, n] of counters) {
      const [c, kind, y] = key.split('|');
      if (c === code) (kind === 'out' ? outSeqByYear : seqByYear).set(Number(y), n);
    }
  }
  for (let di = 0; di < drafts.length; di++) {
    const key = drafts[di]!;
    const ms = Math.floor(key / 4);
    const isOut = key % 2 === 1;
    const edge = key % 4 >= 2 ? edges.get(key) : undefined;
    const day = localDayOf(ms);
    const unit = spanOn(day).unit;
    const year = yearOfDay(day);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const docId = `${unit.code}-${year}-${String(seq).padStart(6, '0')}`;
    const eventTime = instantIso(ms);
    const secret = !edge && chance(rng, SECRET_SHARE);
    const security: SimDocument['security'] = secret ? pickWeighted(rng, SECRET_LEVELS) : 'normal';
    const docType = edge ? 'Công văn' : pickWeighted(rng, isOut ? OUT_TYPES : IN_TYPES);

    let channel: SimDocument['channel'];
    let signed: boolean;
    if (edge && edge.channel !== null) {
      channel = edge.channel;
      signed = edge.signed;
    } else if (secret) {
      // State secrets stay off the network: paper, never digitally signed.
      channel = chance(rng, 0.92) ? 'paper' : 'both';
      signed = false;
    } else if (isOut) {
      const electronic = rng() < pElectronicOut(profile, day);
      channel = electronic ? (rng() < pBothGivenElectronic(profile, day) ? 'both' : 'electronic') : 'paper';
      signed = electronic && rng() < pSignedGivenElectronic(profile, day);
    } else {
      const electronic = rng() < pElectronicIn(day);
      channel = electronic ? (chance(rng, 0.05) ? 'both' : 'electronic') : 'paper';
      signed = electronic && rng() < pSignedIn(day);
    }

    let number: string;
    let docDateDay: number;
    if (isOut) {
      const outSeq = (outSeqByYear.get(year) ?? 0) + 1;
      outSeqByYear.set(year, outSeq);
      number = outgoingNumber(rng, outSeq, docType, unit);
      const r = rng();
      docDateDay = day - (r < 0.7 ? 0 : r < 0.9 ? 1 : intBetween(rng, 2, 3));
    } else {
      number = incomingNumber(rng, docType);
      docDateDay = day - (chance(rng, 0.35) ? 0 : intBetween(rng, 1, 6));
    }
    // Documents are dated on working days; the edge documents keep their hand-placed dates.
    docDateDay = edge ? edge.docDateDay : prevWorkday(docDateDay);

    let deadline: string | null = null;
    let completedMs: number | null = null;
    if (edge) {
      deadline = edge.deadlineDay === undefined ? null : dayIso(edge.deadlineDay);
      completedMs = edge.completedMs ?? null;
    } else if (!isOut) {
      const r = drawCompletion(rng, profile, ms, day);
      deadline = r.deadline;
      completedMs = r.completedMs;
    }
    const completedTime = completedMs === null ? null : instantIso(completedMs);
    let sender: string | null = null;
    let processed: boolean | null = null;
    if (!isOut) {
      const s = drawSender(srng, unit, senders, day);
      sender = s.text;
      // The Provincial Office takes no paper from provincial bodies after their milestone:
      // most comply, a few laggards still send some (paper_to_office, the sender's violation)
      if (unit.code === senders.office && s.code !== null && !secret && !edge && senders.byCode.get(s.code)?.level === 'province' && day >= provinceMilestone) {
        if (senders.laggards.has(s.code) && chance(srng, 0.5)) {
          channel = 'paper';
          signed = false;
        } else if (channel === 'paper') channel = 'electronic';
      }
      if (completedMs !== null) {
        // handled as an electronic work file: mostly when it arrived electronically, more so after the milestone
        const p = channel === 'paper' ? 0.15 : day >= profile.milestoneDay ? 0.97 : 0.75;
        processed = chance(srng, p);
      }
    }
    // the sender and processing are drawn for every unit (the streams stay as they were) and
    // kept only where the unit's system records them (not an old installation, systems.ts ioffice-v1)
    if (!recordsDirectiveFields(systemOf(unit))) {
      sender = null;
      processed = null;
    }
    sink.docs.push({
      unit_code: unit.code,
      doc_id: docId,
      direction: isOut ? 'out' : 'in',
      number,
      doc_type: docType,
      doc_date: dayIso(docDateDay),
      event_time: eventTime,
      security,
      channel,
      signed,
      deadline,
      completed_time: completedTime,
      sender,
      processed_electronic: processed,
      updated_at: completedTime ?? eventTime,
    });
    sink.keys.push(completedMs ?? ms);
    // Within a unit doc_id order is generation order, so (unit rank, index) orders like (unit_code, doc_id).
    sink.ties.push(unitRank * 2 ** 24 + di);
  }
  if (counters) {
    for (const [y, n] of seqByYear) counters.set(`${code}|all|${y}`, n);
    for (const [y, n] of outSeqByYear) counters.set(`${code}|out|${y}`, n);
  }
}

/** Deadline (if any) and completion of an incoming document. */
function drawCompletion(rng: Rng, profile: UnitProfile, eventMs: number, day: number): { deadline: string | null; completedMs: number | null } {
  if (!chance(rng, DEADLINE_SHARE)) {
    if (chance(rng, 0.07)) return { deadline: null, completedMs: null };
    const k = Math.floor(-Math.log(1 - rng()) * 3);
    return { deadline: null, completedMs: after(rng, eventMs, nextWorkday(day + k)) };
  }
  const deadlineDay = nextWorkday(day + intBetween(rng, 3, 15));
  const deadline = dayIso(deadlineDay);
  if (chance(rng, profile.neverDone)) return { deadline, completedMs: null };
  if (rng() < pOnTime(profile, day)) {
    // Most work is done well before the deadline: skew towards early.
    let doneDay = day + Math.floor((deadlineDay - day + 1) * rng() ** 1.5);
    if (isWeekend(doneDay)) doneDay = prevWorkday(doneDay) >= day ? prevWorkday(doneDay) : nextWorkday(doneDay);
    if (doneDay > deadlineDay) doneDay = deadlineDay;
    return { deadline, completedMs: after(rng, eventMs, doneDay) };
  }
  const lateDay = nextWorkday(deadlineDay + 1 + Math.floor(-Math.log(1 - rng()) * 5));
  return { deadline, completedMs: after(rng, eventMs, lateDay) };
}

/** An office-hours moment on doneDay, but never before the document arrived. */
function after(rng: Rng, eventMs: number, doneDay: number): number {
  const ms = workingMs(rng, doneDay);
  return ms > eventMs ? ms : eventMs + intBetween(rng, 20, 180) * MINUTE_MS;
}

export function compareDocuments(a: SimDocument, b: SimDocument): number {
  if (a.updated_at !== b.updated_at) return a.updated_at < b.updated_at ? -1 : 1;
  if (a.unit_code !== b.unit_code) return a.unit_code < b.unit_code ? -1 : 1;
  return a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : 0;
}

export function milestoneOf(unit: Pick<Unit, 'level'>, milestones: Milestones): string {
  return milestones[unit.level];
}

/**
 * Every document of the simulated province over [from, to], sorted by
 * (updated_at, unit_code, doc_id). Completions may fall after `to`; documentsAsOf hides
 * them until the sim clock reaches them.
 */
export function generateProvince(options: GenerateOptions): SimDocument[] {
  const opts = {
    milestones: options.milestones,
    seed: options.seed,
    scale: options.scale,
    from: options.from ?? '2020-01-01',
    to: options.to ?? '2021-12-31',
    edgeCases: options.edgeCases ?? true,
    office: options.office ?? 'P01',
    counters: options.counters,
    continues: options.continues ?? false,
  };
  if (!(opts.scale >= 0) || !Number.isFinite(opts.scale)) throw new Error(`scale must be a non-negative number, got ${opts.scale}`);
  const fromDay = dayNumber(opts.from);
  const toDay = dayNumber(opts.to);
  const months = monthsBetween(fromDay, toDay);
  const only = options.only ? new Set(options.only) : null;
  const sink: Sink = { docs: [], keys: [], ties: [] };
  const selected = options.units.filter((u) => !only || only.has(u.code));
  const codes = [...new Set(selected.map((u) => u.code))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (codes.length !== selected.length) throw new Error('duplicate unit codes in the registry');
  const rank = new Map(codes.map((c, i) => [c, i]));
  const senders = senderContext(options.units, opts.seed, opts.office, options.timeline);
  for (const unit of selected) {
    const profile = unitProfile(opts.seed, unit, dayNumber(milestoneOf(unit, opts.milestones)));
    const spans = options.timeline?.get(unit.code) ?? [{ unit, from: null, to: null, volume: 1, late: false }];
    generateUnit(spans, profile, opts, months, fromDay, toDay, sink, rank.get(unit.code)!, senders);
  }
  const order = new Array<number>(sink.docs.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const { keys, ties, docs } = sink;
  order.sort((a, b) => keys[a]! - keys[b]! || ties[a]! - ties[b]!);
  return order.map((i) => docs[i]!);
}

/**
 * What exists in the source systems at sim clock `now`: documents already sent or received,
 * with completions after `now` not yet happened. This is the ground truth the warehouse must
 * equal after pulling everything at that clock. Unchanged documents are shared, not copied.
 */
export function documentsAsOf(all: readonly SimDocument[], now: string): SimDocument[] {
  const nowMs = parseInstant(now);
  if (nowMs === null) throw new Error(`now must be an ISO instant, got ${JSON.stringify(now)}`);
  // Canonical texts are whole seconds in one format, so string comparison is time comparison.
  const cut = instantIso(nowMs);
  const kept: SimDocument[] = [];
  const reverted: SimDocument[] = [];
  for (const doc of all) {
    if (doc.event_time > cut) continue;
    if (doc.completed_time !== null && doc.completed_time > cut) {
      reverted.push({ ...doc, completed_time: null, processed_electronic: null, updated_at: doc.event_time });
    } else {
      kept.push(doc);
    }
  }
  if (reverted.length === 0) return kept;
  // Only the reverted few need sorting; merging keeps setNow cheap on 170k records.
  reverted.sort(compareDocuments);
  return mergeSorted(kept, reverted);
}

function mergeSorted(a: readonly SimDocument[], b: readonly SimDocument[]): SimDocument[] {
  const out = new Array<SimDocument>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareDocuments(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
