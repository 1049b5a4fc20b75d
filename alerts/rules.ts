import type { Figures, RankLevel } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { alertRuleSchema, type AlertRule, type Settings, type SourceConfig } from '../config.ts';
import { listSources } from '../ingest/queries.ts';
import { REPORT } from '../reports/monthly-report.ts';
import { addDays, businessDate, formatDate } from '../time.ts';
import type { Database } from '../warehouse/database.ts';
import { read, transaction } from './store.ts';
import { METRIC_NAMES, percent } from './text.ts';

/**
 * The alert rules and what each one finds. A finding is about a subject (a unit, a source,
 * a frozen period) in a period; the evaluation (evaluate.ts) raises an alert for a new
 * finding and resolves an open alert whose finding is gone.
 */

export type { AlertRule } from '../config.ts';

/** How a rule's alerts are keyed in time. */
export type RuleTiming =
  /** once per subject and month (the month of the evaluation's as_of); an alert of an earlier month expires */
  | 'month'
  /** while the condition lasts: one open alert per subject, keyed by the day it was raised */
  | 'ongoing'
  /** an event (a period frozen): raised once per period, never resolved */
  | 'event';

export const TIMING: Record<AlertRule['kind'], RuleTiming> = {
  rate_below: 'month', rank_drop: 'month', quarantine_above: 'month',
  source_stale: 'ongoing', source_failing: 'ongoing', no_documents: 'ongoing',
  period_frozen: 'event',
};

/** Rules about sources and frozen periods concern no unit: only staff (admin, viewer) hear of them. */
export const STAFF_ONLY: ReadonlySet<AlertRule['kind']> = new Set(['source_stale', 'source_failing', 'period_frozen']);

export interface Finding {
  subject: string;
  /** the unit the finding is about (decides who may be told); null for a source or a period */
  unit_code: string | null;
  /** the period of the alert's key (a month, a frozen period; for ongoing rules, the evaluation's day) */
  period: string;
  value: number | null;
  /** what a person reads, in Vietnamese */
  message: string;
}

export interface RuleResult {
  findings: Finding[];
  /** the message of an open alert of this subject whose condition cleared (Vietnamese) */
  cleared(subject: string): string;
  /** the subjects this evaluation could judge: an open alert of another subject is left as it is */
  judged(subject: string): boolean;
}

export interface EvaluationContext {
  db: Database;
  figures: Figures;
  settings: Settings;
  sources: readonly SourceConfig[];
  /** the business day the figures are read as of */
  asOf: string;
  now: Date;
}

interface RuleRow { rule_id: string; kind: string; name: string; params: string; enabled: boolean; origin: 'settings' | 'api'; updated_at: string; updated_by: string | null }
export type StoredRule = AlertRule & { origin: 'settings' | 'api'; updated_at: string; updated_by: string | null };

/** Every rule, from the table (settings' rules are written there at start-up). */
export async function listRules(db: Database): Promise<StoredRule[]> {
  const rows = await read<RuleRow>(db, 'rules-list');
  return rows.map((r) => ({
    ...alertRuleSchema.parse({ ...(JSON.parse(r.params) as object), id: r.rule_id, kind: r.kind, name: r.name, enabled: r.enabled }),
    origin: r.origin, updated_at: r.updated_at, updated_by: r.updated_by,
  }));
}

const paramsOf = (rule: AlertRule) => {
  const { id: _id, kind: _kind, name: _name, enabled: _enabled, ...params } = rule;
  return JSON.stringify(params);
};

/** Writes (adds or replaces) rules in one transaction. */
export async function saveRules(db: Database, rules: readonly AlertRule[], origin: 'settings' | 'api', by: string | null, now = new Date()): Promise<void> {
  await transaction(db, async (tx) => {
    for (const r of rules) {
      await tx.run('rule-upsert', { rule_id: r.id, kind: r.kind, name: r.name, params: paramsOf(r), enabled: r.enabled, origin, now: now.toISOString(), by });
    }
  });
}

/** Start-up: the settings' rules replace those of the settings before; rules added through the API stay. */
export async function syncSettingsRules(db: Database, rules: readonly AlertRule[]): Promise<void> {
  const ids = new Set(rules.map((r) => r.id));
  const gone = (await listRules(db)).filter((r) => r.origin === 'settings' && !ids.has(r.id));
  await saveRules(db, rules, 'settings', null);
  for (const r of gone) await deleteRule(db, r.id);
}

export async function deleteRule(db: Database, id: string): Promise<boolean> {
  return (await read(db, 'rule-delete', { rule_id: id })).length > 0;
}

const monthOfDay = (day: string) => day.slice(0, 7);
const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** What one rule finds as of ctx.asOf. */
export async function evaluateRule(rule: AlertRule, ctx: EvaluationContext): Promise<RuleResult> {
  const month = monthOfDay(ctx.asOf);
  const all = () => true;
  switch (rule.kind) {
    case 'rate_below': {
      const levels = await rateLevels(rule, ctx, month);
      if (rule.days !== undefined) return rateBelowForDays(rule, ctx, month, levels);
      const rates = await ratesOfLevels(ctx, { period: parsePeriod(month), asOf: ctx.asOf, includeBaseline: false }, levels);
      const metric = METRIC_NAMES[rule.metric];
      const byCode = new Map(rates.map((r) => [r.code, r]));
      // missing data never raises an alert: a unit without a rate is not below anything
      const findings = rates.filter((r) => r[rule.metric] !== null && r[rule.metric]! < rule.threshold).map((r) => ({
        subject: r.code, unit_code: r.code, period: month, value: r[rule.metric],
        message: `${r.name}: ${metric} tháng ${monthLabel(month)} (đến ngày ${formatDate(ctx.asOf)}) là ${percent(r[rule.metric]!)}, dưới ngưỡng ${percent(rule.threshold)}.`,
      }));
      return {
        findings,
        judged: all,
        cleared: (code) => {
          const r = byCode.get(code);
          const v = r?.[rule.metric] ?? null;
          return v === null
            ? `${r?.name ?? code}: không còn số liệu để tính ${metric} tháng ${monthLabel(month)}; cảnh báo được đóng.`
            : `${r!.name}: ${metric} tháng ${monthLabel(month)} (đến ngày ${formatDate(ctx.asOf)}) nay là ${percent(v)}, không còn dưới ngưỡng ${percent(rule.threshold)}.`;
        },
      };
    }
    case 'rank_drop': {
      // the rankings of the month's map (issue 17): the districts until 30/6/2025, the communes
      // from 1/7/2025; and the provincial bodies. The previous rank is on the same map.
      const period = parsePeriod(month);
      const map = await ctx.figures.mapOf(period);
      const levels: RankLevel[] = rule.level ? [rule.level] : [map.ranked_level, 'province'];
      const rows = (await Promise.all(levels.map(async (level) =>
        (await ctx.figures.ranking(period, ctx.asOf, { level })).map((r) => ({ ...r, group: rankGroupName(level, map.ranked_level) }))))).flat();
      const byCode = new Map(rows.map((r) => [r.code, r]));
      const findings = rows.filter((r) => r.rank !== null && r.previous_rank !== null && r.rank - r.previous_rank >= rule.places).map((r) => ({
        subject: r.code, unit_code: r.code, period: month, value: r.rank,
        message: `${r.name}: tụt ${r.rank! - r.previous_rank!} bậc trong xếp hạng ${r.group} tháng ${monthLabel(month)} (đến ngày ${formatDate(ctx.asOf)}), từ hạng ${r.previous_rank} xuống hạng ${r.rank}.`,
      }));
      return {
        findings, judged: all,
        cleared: (code) => {
          const r = byCode.get(code);
          return r?.rank != null && r.previous_rank != null
            ? `${r.name}: nay xếp hạng ${r.rank} (tháng trước hạng ${r.previous_rank}), không còn tụt từ ${rule.places} bậc trở lên.`
            : `${r?.name ?? code}: không còn được xếp hạng trong tháng ${monthLabel(month)}; cảnh báo được đóng.`;
        },
      };
    }
    case 'quarantine_above': {
      const rates = await ctx.figures.ratesByUnit({ period: parsePeriod(month), asOf: ctx.asOf, includeBaseline: false }, { level: rule.level });
      const byCode = new Map(rates.map((r) => [r.code, r]));
      const findings = rates.filter((r) => r.quarantined_rows > rule.threshold).map((r) => ({
        subject: r.code, unit_code: r.code, period: month, value: r.quarantined_rows,
        message: `${r.name}: ${r.quarantined_rows} dòng dữ liệu lỗi chưa xử lý trong tháng ${monthLabel(month)}, quá ngưỡng ${rule.threshold}.`,
      }));
      return {
        findings, judged: all,
        cleared: (code) => `${byCode.get(code)?.name ?? code}: nay còn ${byCode.get(code)?.quarantined_rows ?? 0} dòng dữ liệu lỗi chưa xử lý trong tháng ${monthLabel(month)}, không quá ngưỡng ${rule.threshold}.`,
      };
    }
    case 'no_documents': {
      const rows = await read<{ code: string; name: string; last_date: string | null }>(ctx.db, 'no-documents', { as_of: ctx.asOf, days: rule.days, level: rule.level ?? null });
      const units = new Map((await ctx.figures.units()).map((u) => [u.code, u]));
      const findings = rows.map((r) => ({
        subject: r.code, unit_code: r.code, period: ctx.asOf, value: null,
        message: r.last_date === null
          ? `${r.name}: chưa có văn bản nào trong hệ thống tính đến ngày ${formatDate(ctx.asOf)}.`
          : `${r.name}: không có văn bản mới từ ngày ${formatDate(r.last_date)}, đã hơn ${rule.days} ngày (tính đến ngày ${formatDate(ctx.asOf)}).`,
      }));
      return {
        findings,
        judged: (code) => rule.level === undefined || units.get(code)?.level === rule.level,
        cleared: (code) => `${units.get(code)?.name ?? code}: đã có văn bản mới trong ${rule.days} ngày qua (tính đến ngày ${formatDate(ctx.asOf)}).`,
      };
    }
    case 'source_stale': {
      const sources = (await listSources(ctx.db, ctx.settings, ctx.sources, ctx.now)).filter((s) => s.enabled && s.kind !== 'other');
      const findings = sources.filter((s) => s.stale).map((s) => ({
        subject: s.id, unit_code: null, period: businessDate(ctx.now), value: null,
        message: s.last_success_at === null
          ? `Nguồn dữ liệu "${s.id}" chưa nạp thành công lần nào.`
          : `Nguồn dữ liệu "${s.id}" không nạp thành công từ ${formatDateTimeVi(s.last_success_at)}, quá ${ctx.settings.staleAfterHours} giờ.`,
      }));
      return { findings, judged: all, cleared: (id) => `Nguồn dữ liệu "${id}" đã nạp thành công trở lại.` };
    }
    case 'source_failing': {
      const rows = await read<{ source_id: string; failed: number }>(ctx.db, 'source-failing', { runs: rule.runs });
      const findings = rows.map((r) => ({
        subject: r.source_id, unit_code: null, period: businessDate(ctx.now), value: r.failed,
        message: `Nguồn dữ liệu "${r.source_id}" lỗi ${r.failed} lần nạp liên tiếp.`,
      }));
      return { findings, judged: all, cleared: (id) => `Nguồn dữ liệu "${id}" đã nạp thành công trở lại.` };
    }
    case 'period_frozen': {
      const rows = await read<{ period: string; as_of: string }>(ctx.db, 'frozen-periods', { report: REPORT });
      const findings = rows.map((r) => ({
        subject: r.period, unit_code: null, period: r.period, value: null,
        message: `Số liệu chính thức kỳ ${r.period} đã được chốt (số liệu đến ngày ${formatDate(r.as_of)}); báo cáo tháng đã sẵn sàng.`,
      }));
      return { findings, judged: all, cleared: () => '' };
    }
  }
}

/**
 * rate_below with `days`: a unit whose own rate (of each day's documents) was below the
 * threshold on each of its last `days` days with a rate, looking back 2·days calendar days
 * to the evaluation's day. A day without documents (a weekend, a holiday, nothing sent)
 * neither counts nor breaks the run; a unit with fewer days with a rate in that window is
 * not judged: no alert is raised for it and an open one stays as it is (missing data never
 * raises nor clears an alert).
 */
async function rateBelowForDays(rule: Extract<AlertRule, { kind: 'rate_below' }>, ctx: EvaluationContext, month: string, levels: readonly (RankLevel | undefined)[]): Promise<RuleResult> {
  const days = rule.days!;
  const metric = METRIC_NAMES[rule.metric];
  const window = Array.from({ length: 2 * days }, (_, i) => addDays(ctx.asOf, i - 2 * days + 1));
  // per unit, its rate of each day of the window that has one, oldest first
  const byUnit = new Map<string, { name: string; days: { day: string; rate: number }[] }>();
  for (const day of window) {
    const rates = await ratesOfLevels(ctx, { period: { kind: 'range', label: `${day}..${day}`, from: day, to: day }, asOf: ctx.asOf, includeBaseline: false }, levels);
    for (const r of rates) {
      const v = r[rule.metric];
      if (v === null) continue;
      const u = byUnit.get(r.code) ?? { name: r.name, days: [] };
      u.days.push({ day, rate: v });
      byUnit.set(r.code, u);
    }
  }
  const last = new Map([...byUnit].filter(([, u]) => u.days.length >= days).map(([code, u]) => [code, { name: u.name, days: u.days.slice(-days) }]));
  const list = (ds: { day: string; rate: number }[]) => ds.map((d) => `${formatDate(d.day)}: ${percent(d.rate)}`).join('; ');
  const findings = [...last].filter(([, u]) => u.days.every((d) => d.rate < rule.threshold)).map(([code, u]) => ({
    subject: code, unit_code: code, period: month, value: u.days.at(-1)!.rate,
    message: `${u.name}: ${metric} dưới ngưỡng ${percent(rule.threshold)} trong ${days} ngày có văn bản liên tiếp (${list(u.days)}).`,
  }));
  return {
    findings,
    judged: (code) => last.has(code),
    cleared: (code) => {
      const u = last.get(code)!;
      return `${u.name}: ${metric} không còn dưới ngưỡng ${percent(rule.threshold)} trong ${days} ngày có văn bản liên tiếp (${list(u.days)}).`;
    },
  };
}

type RateRule = Extract<AlertRule, { kind: 'rate_below' }>;

/**
 * The levels a rate_below rule watches in a month: `levelsByMap` of the level the month's map
 * ranks (districts until 30/6/2025, communes from 1/7/2025), else `level` (undefined: every unit).
 */
async function rateLevels(rule: RateRule, ctx: EvaluationContext, month: string): Promise<(RankLevel | undefined)[]> {
  if (rule.levelsByMap) {
    const map = await ctx.figures.mapOf(parsePeriod(month));
    const levels = rule.levelsByMap[map.ranked_level];
    if (levels) return levels;
  }
  return [rule.level];
}

async function ratesOfLevels(ctx: EvaluationContext, scope: Parameters<Figures['ratesByUnit']>[0], levels: readonly (RankLevel | undefined)[]) {
  return (await Promise.all(levels.map((level) => ctx.figures.ratesByUnit(scope, { level })))).flat();
}

/** A peer group's name in a message: "các xã, phường" (of the map from 1/7/2025), … */
export function rankGroupName(level: RankLevel, rankedLevel: 'district' | 'commune'): string {
  if (level === 'province') return 'các cơ quan, đơn vị cấp tỉnh';
  if (level === 'district') return 'các huyện, thị xã, thành phố';
  return rankedLevel === 'commune' ? 'các xã, phường' : 'các xã, phường, thị trấn';
}

function formatDateTimeVi(iso: string): string {
  const d = businessDate(iso);
  return `ngày ${formatDate(d)}`;
}
