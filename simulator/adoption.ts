import { clamp, hash32, mulberry32, normal, unitFloat } from './prng.ts';
import { dayNumber } from './local-time.ts';
import type { Unit } from './registry.ts';

/**
 * How well a unit follows the directive, as smooth curves over time, told as the seeds tell
 * it (README, "The demo province"):
 *   - the provincial bodies already send almost everything electronically in early 2020
 *     (Resolution 17/NQ-CP's first year): about 96-97 % electronic and 96 % signed in May
 *     2020 (seed 001: 96.7 % sent over the network in May 2020; seed 004: 96 % electronic,
 *     97 % signed), then close the gap to ~100 % after their milestone of 22/5/2020, but for
 *     a laggard or two;
 *   - districts and communes start from a low-to-mid baseline that climbs, jump at their
 *     milestone (1/7/2020, 1/9/2020; seed 002) and converge on 100 % at a pace set by the
 *     district's "discipline", which its communes share (with noise) so districts differ as
 *     wholes; a few laggards stay well below, and a few fall back for some months after
 *     reaching their level (a relapse).
 */
export interface UnitProfile {
  discipline: number;
  /** fully compliant from the milestone on (every normal outgoing document electronic and signed) */
  perfect: boolean;
  /** volume multiplier around 1 */
  size: number;
  milestoneDay: number;
  preStart: number;
  preEnd: number;
  gap0: number;
  gapFloor: number;
  tauMonths: number;
  onTimeBase: number;
  /** share of incoming documents that are never completed */
  neverDone: number;
  /** a relapse: from this day the gap widens by up to relapseDepth, over ~4 months (null: none) */
  relapseDay: number | null;
  relapseDepth: number;
  /** the share of electronic documents signed before the milestone */
  preSigned: number;
}

/** The curves start climbing from here; before it the baseline is flat. */
const BASELINE_START = dayNumber('2020-01-01');
/** Senders' side of incoming documents follows the provincial milestone. */
const SENDERS_MILESTONE = dayNumber('2020-05-22');
const MONTH_DAYS = 30.44;

function lognormalFactor(sigma: number, ...parts: ReadonlyArray<string | number>): number {
  return Math.exp(sigma * normal(mulberry32(hash32(...parts))) - (sigma * sigma) / 2);
}

/** Discipline of a district (or of a provincial body), 0..1, skewed high: a few laggards only. */
function ownDiscipline(seed: number, unit: Pick<Unit, 'code' | 'level'>): number {
  const u = unitFloat(seed, 'discipline', unit.code);
  return unit.level === 'province' ? 1 - 0.8 * u ** 3 : 1 - 0.95 * u ** 2.5;
}

export function disciplineOf(seed: number, unit: Unit): number {
  if (unit.level !== 'commune') return ownDiscipline(seed, unit);
  const district = ownDiscipline(seed, { code: unit.parent_code, level: 'district' });
  const noise = 0.08 * normal(mulberry32(hash32(seed, 'commune-discipline', unit.code)));
  return clamp(district + noise - 0.04, 0, 1);
}

function sizeOf(seed: number, unit: Unit): number {
  let base = 1;
  if (unit.level === 'province') {
    if (/^Văn phòng UBND/i.test(unit.name)) base = 1.8;
    else if (/Tài chính|Kế hoạch|Nội vụ|Giáo dục|Y tế/.test(unit.name)) base = 1.25;
    else if (/^Ban /.test(unit.name)) base = 0.7;
  } else if (unit.level === 'district') {
    base = unit.kind === 'thành phố' ? 1.5 : unit.kind === 'thị xã' ? 1.1 : 0.95;
  } else {
    base = unit.kind === 'phường' ? 1.25 : unit.kind === 'thị trấn' ? 1.15 : 0.95;
  }
  return base * lognormalFactor(unit.level === 'commune' ? 0.3 : 0.2, seed, 'size', unit.code);
}

export function unitProfile(seed: number, unit: Unit, milestoneDay: number): UnitProfile {
  const d = disciplineOf(seed, unit);
  const isCommune = unit.level === 'commune';
  const isBody = unit.level === 'province';
  const perfect = d > (isCommune ? 0.85 : 0.75) && unitFloat(seed, 'perfect', unit.code) < (isCommune ? 0.25 : 0.35);
  const z = normal(mulberry32(hash32(seed, 'baseline', unit.code)));
  // a provincial body is at ~89-95 % in January 2020 and ~96-99 % the day before its
  // milestone (the mean ~96.8 %); the other levels low-to-mid, climbing
  const preStart = isBody ? clamp(0.86 + 0.07 * d + 0.01 * z, 0.8, 0.97) : clamp(0.25 + 0.2 * d + 0.05 * z - (isCommune ? 0.05 : 0), 0.15, 0.6);
  const preEnd = isBody ? clamp(0.948 + 0.025 * d + 0.006 * z, preStart, 0.995) : clamp(preStart + 0.12 + 0.18 * d, preStart, 0.8);
  const slack = isCommune ? 1.3 : 1;
  const zt = normal(mulberry32(hash32(seed, 'ontime', unit.code)));
  // a body's gap at the milestone is what it had left, halved by the directive
  const gap0 = perfect ? 0 : isBody ? (1 - preEnd) * 0.5 : (0.02 + 0.1 * (1 - d)) * slack;
  // a few units fall back for a while after they reached their level (not the perfect ones)
  const relapses = !perfect && !isBody && unitFloat(seed, 'relapse', unit.code) < 0.08;
  // and a provincial body or two slips back below where it stood at the milestone and stays
  // there (not the Provincial Office, which enforces the paper rule)
  const lagging = isBody && !perfect && !/^Văn phòng UBND/i.test(unit.name) && unitFloat(seed, 'laggard', unit.code) < 0.12;
  return {
    discipline: d,
    perfect,
    size: sizeOf(seed, unit),
    milestoneDay,
    preStart,
    preEnd,
    gap0,
    gapFloor: perfect ? 0 : lagging ? 0.05 + 0.03 * unitFloat(seed, 'laggard-gap', unit.code) : isBody ? Math.min(gap0, 0.13 * (1 - d) ** 2) : 0.13 * (1 - d) ** 2 * slack,
    tauMonths: isBody ? 1 + 2 * (1 - d) : 2 + 4 * (1 - d),
    onTimeBase: clamp(0.7 + 0.26 * d + 0.03 * zt, 0.5, 0.99),
    neverDone: 0.008 + 0.03 * (1 - d),
    relapseDay: relapses ? milestoneDay + Math.round((6 + 6 * unitFloat(seed, 'relapse-when', unit.code)) * MONTH_DAYS) : null,
    relapseDepth: relapses ? 0.08 + 0.1 * unitFloat(seed, 'relapse-depth', unit.code) : 0,
    preSigned: isBody ? clamp(0.985 + 0.012 * d, 0, 0.998) : 0.55 + 0.3 * d,
  };
}

/** Share of outgoing documents still not electronic, from the milestone on. */
function gapAfter(p: UnitProfile, day: number): number {
  const months = (day - p.milestoneDay) / MONTH_DAYS;
  return p.gapFloor + (p.gap0 - p.gapFloor) * Math.exp(-months / p.tauMonths) + relapse(p, day);
}

/** The relapse's extra gap: rises over two months from relapseDay, falls back over the next two. */
function relapse(p: UnitProfile, day: number): number {
  if (p.relapseDay === null || day < p.relapseDay) return 0;
  const months = (day - p.relapseDay) / MONTH_DAYS;
  return months >= 4 ? 0 : p.relapseDepth * (1 - Math.abs(months - 2) / 2);
}

export function pElectronicOut(p: UnitProfile, day: number): number {
  if (day >= p.milestoneDay) return 1 - gapAfter(p, day);
  const frac = clamp((day - BASELINE_START) / (p.milestoneDay - BASELINE_START), 0, 1);
  return p.preStart + (p.preEnd - p.preStart) * frac;
}

export function pSignedGivenElectronic(p: UnitProfile, day: number): number {
  if (day >= p.milestoneDay) return 1 - 0.6 * gapAfter(p, day);
  return p.preSigned;
}

/** 'both' (electronic plus a paper copy) among electronic sends: a habit that fades. */
export function pBothGivenElectronic(p: UnitProfile, day: number): number {
  if (day < p.milestoneDay) return 0.08;
  return p.perfect ? 0.03 : 0.045;
}

/** Incoming documents arrive as the senders send them: a province-wide mix. */
export function pElectronicIn(day: number): number {
  if (day < SENDERS_MILESTONE) {
    return 0.5 + 0.2 * clamp((day - BASELINE_START) / (SENDERS_MILESTONE - BASELINE_START), 0, 1);
  }
  return 1 - 0.08 * Math.exp(-(day - SENDERS_MILESTONE) / MONTH_DAYS / 6);
}

export function pSignedIn(day: number): number {
  return day < SENDERS_MILESTONE ? 0.85 : 0.97;
}

export function pOnTime(p: UnitProfile, day: number): number {
  return clamp(p.onTimeBase + (day >= p.milestoneDay ? 0.03 : 0), 0.5, 0.995);
}
