import { clamp, hash32, mulberry32, normal, unitFloat } from './prng.ts';
import { dayNumber } from './local-time.ts';
import type { Unit } from './registry.ts';

/**
 * How well a unit follows the directive, as smooth curves over time. The shape is what
 * the demo's rankings need to look real: a low-to-mid baseline that climbs, a jump at
 * the unit's level milestone, then convergence on 100% at a pace set by the district's
 * "discipline", which its communes share (with noise) so districts differ as wholes.
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
  const perfect = d > (isCommune ? 0.85 : 0.75) && unitFloat(seed, 'perfect', unit.code) < (isCommune ? 0.25 : 0.35);
  const z = normal(mulberry32(hash32(seed, 'baseline', unit.code)));
  const preStart = clamp(0.25 + 0.2 * d + 0.05 * z - (isCommune ? 0.05 : 0), 0.15, 0.6);
  const preEnd = clamp(preStart + 0.12 + 0.18 * d, preStart, 0.8);
  const slack = isCommune ? 1.3 : 1;
  const zt = normal(mulberry32(hash32(seed, 'ontime', unit.code)));
  return {
    discipline: d,
    perfect,
    size: sizeOf(seed, unit),
    milestoneDay,
    preStart,
    preEnd,
    gap0: perfect ? 0 : (0.02 + 0.1 * (1 - d)) * slack,
    gapFloor: perfect ? 0 : 0.13 * (1 - d) ** 2 * slack,
    tauMonths: 2 + 4 * (1 - d),
    onTimeBase: clamp(0.7 + 0.26 * d + 0.03 * zt, 0.5, 0.99),
    neverDone: 0.008 + 0.03 * (1 - d),
  };
}

/** Share of outgoing documents still not electronic, from the milestone on. */
function gapAfter(p: UnitProfile, day: number): number {
  const months = (day - p.milestoneDay) / MONTH_DAYS;
  return p.gapFloor + (p.gap0 - p.gapFloor) * Math.exp(-months / p.tauMonths);
}

export function pElectronicOut(p: UnitProfile, day: number): number {
  if (day >= p.milestoneDay) return 1 - gapAfter(p, day);
  const frac = clamp((day - BASELINE_START) / (p.milestoneDay - BASELINE_START), 0, 1);
  return p.preStart + (p.preEnd - p.preStart) * frac;
}

export function pSignedGivenElectronic(p: UnitProfile, day: number): number {
  if (day >= p.milestoneDay) return 1 - 0.6 * gapAfter(p, day);
  return 0.55 + 0.3 * p.discipline;
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
