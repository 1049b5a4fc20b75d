import { beforeAll, describe, expect, it } from 'vitest';
import { wallClock } from '../time.ts';
import { documentsAsOf, generateProvince, compareDocuments } from './generate.ts';
import { selectUnits } from './registry.ts';
import { localDate, MILESTONES, REGISTRY } from './test-fixtures.ts';
import type { SimDocument } from './types.ts';

const byCode = new Map(REGISTRY.map((u) => [u.code, u]));
const levelOf = (d: SimDocument) => byCode.get(d.unit_code)!.level;
const isElectronic = (d: SimDocument) => d.channel !== 'paper';

describe('generateProvince: determinism and subsets', () => {
  const small = selectUnits(REGISTRY, ['P01', '381', '384']);

  it('gives byte-identical output for the same seed and different output for another', () => {
    const a = generateProvince({ units: small, milestones: MILESTONES, seed: 7, scale: 0.3 });
    const b = generateProvince({ units: small, milestones: MILESTONES, seed: 7, scale: 0.3 });
    const c = generateProvince({ units: small, milestones: MILESTONES, seed: 8, scale: 0.3 });
    expect(a.length).toBeGreaterThan(500);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('generates exactly the same documents for a unit whether alone or with the whole province', () => {
    const full = generateProvince({ units: REGISTRY, milestones: MILESTONES, seed: 3, scale: 0.05 });
    const some = generateProvince({ units: REGISTRY, milestones: MILESTONES, seed: 3, scale: 0.05, only: ['P03', '16000', '380'] });
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(full.filter((d) => ['P03', '16000', '380'].includes(d.unit_code)));
  });
});

describe('generateProvince at scale 1 (the demo province)', () => {
  let docs: SimDocument[];
  beforeAll(() => {
    docs = generateProvince({ units: REGISTRY, milestones: MILESTONES, seed: 15, scale: 1 });
  });

  // how long it takes is the bench's business (speed is never a test's: a busy machine fails it)
  it('has the expected volume', () => {
    expect(docs.length).toBeGreaterThan(150_000);
    expect(docs.length).toBeLessThan(200_000);
    const perLevel = { province: 0, district: 0, commune: 0 };
    for (const d of docs) perLevel[levelOf(d)]++;
    expect(perLevel.province / 20 / 24).toBeGreaterThan(50);
    expect(perLevel.province / 20 / 24).toBeLessThan(75);
    expect(perLevel.district / 27 / 24).toBeGreaterThan(42);
    expect(perLevel.district / 27 / 24).toBeLessThan(60);
    expect(perLevel.commune / 559 / 24).toBeGreaterThan(7);
    expect(perLevel.commune / 559 / 24).toBeLessThan(9.5);
    const out = docs.filter((d) => d.direction === 'out').length / docs.length;
    expect(out).toBeGreaterThan(0.42);
    expect(out).toBeLessThan(0.48);
  });

  it('keeps the record invariants', () => {
    // Plain checks collected into one list: an expect() per record would dominate the run time.
    const problems: string[] = [];
    const check = (ok: boolean, what: string, d: SimDocument) => {
      if (!ok && problems.length < 10) problems.push(`${what}: ${JSON.stringify(d)}`);
    };
    const ids = new Set<string>();
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const key = `${d.unit_code}|${d.doc_id}`;
      check(!ids.has(key), 'duplicate id', d);
      ids.add(key);
      if (i > 0) check(compareDocuments(docs[i - 1]!, d) < 0, 'order', d);
      check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/.test(d.event_time), 'event_time format', d);
      check(d.doc_date <= localDate(d.event_time), 'doc_date after event', d);
      check(d.updated_at === (d.completed_time !== null && d.completed_time > d.event_time ? d.completed_time : d.event_time), 'updated_at', d);
      if (d.direction === 'out') check(d.deadline === null && d.completed_time === null, 'outgoing with deadline/completion', d);
      if (d.completed_time !== null) check(d.completed_time > d.event_time, 'completed before event', d);
      if (!isElectronic(d)) check(!d.signed, 'paper but signed', d);
    }
    expect(problems).toEqual([]);
  });

  it('works office hours on weekdays, mostly', () => {
    let office = 0;
    let weekday = 0;
    for (const d of docs) {
      const local = wallClock(d.event_time);
      const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
      if (minute >= 420 && minute < 1050) office++;
      const w = local.getUTCDay();
      if (w !== 0 && w !== 6) weekday++;
    }
    expect(office / docs.length).toBeGreaterThan(0.9);
    expect(weekday / docs.length).toBeGreaterThan(0.95);
  });

  it('has documents on both sides of local midnight at each milestone', () => {
    const provinceUnits = REGISTRY.filter((u) => u.level === 'province').map((u) => u.code);
    const after = docs.filter((d) => d.event_time === '2020-05-21T17:30:00Z');
    expect(new Set(after.map((d) => d.unit_code))).toEqual(new Set(provinceUnits));
    for (const d of after) expect(localDate(d.event_time)).toBe('2020-05-22');
    const before = docs.filter((d) => d.event_time === '2020-05-21T16:45:00Z' && d.direction === 'out');
    expect(before.length).toBeGreaterThanOrEqual(20);
    expect(docs.some((d) => d.event_time === '2020-08-31T17:30:00Z' && levelOf(d) === 'commune')).toBe(true);
  });

  it('climbs before the milestone, jumps at it, and districts differ', () => {
    for (const level of ['province', 'district', 'commune'] as const) {
      const milestone = MILESTONES[level];
      const out = docs.filter((d) => d.direction === 'out' && d.security === 'normal' && levelOf(d) === level);
      const pre = out.filter((d) => localDate(d.event_time) < milestone);
      const post = out.filter((d) => localDate(d.event_time) >= milestone);
      const share = (xs: SimDocument[], f: (d: SimDocument) => boolean) => xs.filter(f).length / xs.length;
      if (level === 'province') {
        // the provincial bodies were mostly electronic before the directive (seeds 001, 004)
        expect(share(pre, isElectronic)).toBeGreaterThan(0.9);
        expect(share(post, isElectronic)).toBeGreaterThan(0.98);
        expect(share(post, isElectronic) - share(pre, isElectronic)).toBeGreaterThan(0.02);
      } else {
        expect(share(pre, isElectronic)).toBeGreaterThan(0.3);
        expect(share(pre, isElectronic)).toBeLessThan(0.7);
        expect(share(post, isElectronic)).toBeGreaterThan(0.93);
        expect(share(post, isElectronic) - share(pre, isElectronic)).toBeGreaterThan(0.3);
      }
      expect(share(post, (d) => d.signed)).toBeGreaterThan(0.9);
      // the baseline climbs: the last pre-milestone month beats the first
      const firstMonth = pre.filter((d) => d.event_time < '2020-02');
      const lastMonth = pre.filter((d) => localDate(d.event_time) >= `${milestone.slice(0, 5)}${String(Number(milestone.slice(5, 7)) - 1).padStart(2, '0')}`);
      expect(share(lastMonth, isElectronic)).toBeGreaterThan(share(firstMonth, isElectronic));
    }
    // Pooled post-milestone electronic share per district (with its communes)
    const pooled = new Map<string, { n: number; e: number }>();
    for (const d of docs) {
      const u = byCode.get(d.unit_code)!;
      if (u.level === 'province' || d.direction !== 'out' || d.security !== 'normal' || localDate(d.event_time) < MILESTONES[u.level]) continue;
      const key = u.level === 'district' ? u.code : u.parent_code;
      const p = pooled.get(key) ?? { n: 0, e: 0 };
      p.n++;
      if (isElectronic(d)) p.e++;
      pooled.set(key, p);
    }
    const rates = [...pooled.values()].map((p) => p.e / p.n);
    expect(rates).toHaveLength(27);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.04);
    expect(Math.min(...rates)).toBeLessThan(0.95);
    expect(Math.max(...rates)).toBeGreaterThan(0.99);
  });

  it('tells the seeds\' story: the provincial bodies at 96-97 % electronic in May 2020, ~100 % after', () => {
    // seed 001: 96,7 % of documents sent over the network in May 2020; seed 004: 96 %
    // electronic, 97 % signed (signed documents here are electronic ones, so at most as many)
    const month = (level: string, m: string) => docs.filter((d) => d.direction === 'out' && d.security === 'normal' && levelOf(d) === level && localDate(d.event_time).startsWith(m));
    const share = (xs: SimDocument[], f: (d: SimDocument) => boolean) => xs.filter(f).length / xs.length;
    const may = month('province', '2020-05');
    expect(may.length).toBeGreaterThan(500);
    expect(share(may, isElectronic)).toBeGreaterThanOrEqual(0.96);
    expect(share(may, isElectronic)).toBeLessThanOrEqual(0.97);
    expect(share(may, (d) => d.signed)).toBeGreaterThanOrEqual(0.955);
    expect(share(may, (d) => d.signed)).toBeLessThanOrEqual(0.97);
    // after 22/5/2020 the bodies close the gap
    expect(share(month('province', '2020-09'), isElectronic)).toBeGreaterThan(0.985);
    // the districts and communes climb at their milestones (1/7/2020, 1/9/2020), from far below
    expect(share(month('district', '2020-06'), isElectronic)).toBeLessThan(0.75);
    expect(share(month('district', '2020-08'), isElectronic)).toBeGreaterThan(0.95);
    expect(share(month('commune', '2020-08'), isElectronic)).toBeLessThan(0.65);
    expect(share(month('commune', '2020-10'), isElectronic)).toBeGreaterThan(0.93);
    // a few laggards: some body and some commune still below 95 % a year after their milestone
    const byUnit = (level: string, from: string, to: string) => {
      const m = new Map<string, { n: number; e: number }>();
      for (const d of docs) {
        const day = localDate(d.event_time);
        if (d.direction !== 'out' || d.security !== 'normal' || levelOf(d) !== level || day < from || day > to) continue;
        const s = m.get(d.unit_code) ?? { n: 0, e: 0 };
        s.n++;
        if (isElectronic(d)) s.e++;
        m.set(d.unit_code, s);
      }
      return m;
    };
    const bodies2021 = [...byUnit('province', '2021-01-01', '2021-12-31').values()].map((s) => s.e / s.n);
    expect(bodies2021.filter((r) => r < 0.95).length).toBeGreaterThan(0);
    expect(bodies2021.filter((r) => r < 0.95).length).toBeLessThan(4);
    // a few fall back: units at 100 % for a quarter, below 90 % in a later quarter
    const quarters = [['2020-10-01', '2020-12-31'], ['2021-01-01', '2021-03-31'], ['2021-04-01', '2021-06-30'], ['2021-07-01', '2021-09-30'], ['2021-10-01', '2021-12-31']] as const;
    const perQuarter = quarters.map(([from, to]) => byUnit('district', from, to));
    const fellBack = [...perQuarter[0]!.keys()].filter((code) => {
      const rates = perQuarter.map((q) => { const s = q.get(code); return s ? s.e / s.n : null; });
      return rates.some((r, i) => r !== null && r >= 0.97 && rates.slice(i + 1).some((later) => later !== null && later < r - 0.05));
    });
    expect(fellBack.length).toBeGreaterThan(0);
    expect(fellBack.length).toBeLessThan(8);
  });

  it('has units that are perfect from their milestone on', () => {
    const stats = new Map<string, { n: number; ok: number }>();
    for (const d of docs) {
      const u = byCode.get(d.unit_code)!;
      if (u.level === 'commune' || d.direction !== 'out' || d.security !== 'normal' || localDate(d.event_time) < MILESTONES[u.level]) continue;
      const s = stats.get(u.code) ?? { n: 0, ok: 0 };
      s.n++;
      if (isElectronic(d) && d.signed) s.ok++;
      stats.set(u.code, s);
    }
    const perfect = [...stats.values()].filter((s) => s.n > 100 && s.ok === s.n).length;
    expect(perfect).toBeGreaterThan(0);
    expect(perfect).toBeLessThan(stats.size);
  });

  it('has a few secret documents, on paper and unsigned', () => {
    const secret = docs.filter((d) => d.security !== 'normal');
    expect(secret.length / docs.length).toBeGreaterThan(0.003);
    expect(secret.length / docs.length).toBeLessThan(0.007);
    expect(secret.every((d) => !d.signed)).toBe(true);
    expect(secret.filter((d) => d.channel === 'paper').length / secret.length).toBeGreaterThan(0.8);
    expect(secret.filter((d) => d.security === 'secret').length / secret.length).toBeGreaterThan(0.6);
    expect(docs.filter((d) => d.channel === 'both').length / docs.length).toBeGreaterThan(0.02);
  });

  it('gives incoming documents deadlines, mostly met', () => {
    const incoming = docs.filter((d) => d.direction === 'in');
    const withDeadline = incoming.filter((d) => d.deadline !== null);
    expect(withDeadline.length / incoming.length).toBeGreaterThan(0.55);
    expect(withDeadline.length / incoming.length).toBeLessThan(0.65);
    let onTime = 0;
    let late = 0;
    let open = 0;
    let outOfRange = 0;
    for (const d of withDeadline) {
      const days = (Date.parse(d.deadline!) - Date.parse(localDate(d.event_time))) / 86_400_000;
      if (days < 3 || days > 17) outOfRange++; // 3..15 plus a weekend push
      if (d.completed_time === null) open++;
      else if (localDate(d.completed_time) <= d.deadline!) onTime++;
      else late++;
    }
    expect(outOfRange).toBe(0);
    expect(onTime / withDeadline.length).toBeGreaterThan(0.8);
    expect(late).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
  });

  it('documentsAsOf hides the future and completions that have not happened yet', () => {
    const now = '2021-06-15T03:00:00.500Z';
    const asOf = documentsAsOf(docs, now);
    const cut = '2021-06-15T03:00:00Z';
    expect(asOf.length).toBe(docs.filter((d) => d.event_time <= cut).length);
    let reverted = 0;
    let bad = 0;
    for (let i = 0; i < asOf.length; i++) {
      const d = asOf[i]!;
      if (!(d.event_time <= cut && d.updated_at <= cut)) bad++;
      if (d.completed_time === null && d.updated_at !== d.event_time) bad++;
      if (i > 0 && compareDocuments(asOf[i - 1]!, d) >= 0) bad++;
    }
    const byKey = new Map(asOf.map((d) => [`${d.unit_code}|${d.doc_id}`, d]));
    for (const d of docs) {
      if (d.event_time > cut) continue;
      const seen = byKey.get(`${d.unit_code}|${d.doc_id}`)!;
      if (d.completed_time !== null && d.completed_time > cut) {
        reverted++;
        if (seen.completed_time !== null || seen.updated_at !== d.event_time) bad++;
      } else if (seen !== d) {
        bad++;
      }
    }
    expect(bad).toBe(0);
    expect(reverted).toBeGreaterThan(100);
    expect(documentsAsOf(asOf, now)).toEqual(asOf);
    expect(() => documentsAsOf(docs, 'yesterday')).toThrow();
  });
});
