import type { VisualizationSpec } from 'vega-embed';
import type { RankingRow } from '../api.ts';

const OWN = 'Đơn vị của bạn';

/** How many leading units the ranking marks (★ in the table, dark bars in the chart). */
export const TOP_COUNT = 10;

/**
 * Whether a ranking marks its leading 10: only when more than 10 units are ranked, since
 * "the 10 leading units" of a district's 8 communes or of two provinces would be every one.
 */
export function marksTop(rows: Pick<RankingRow, 'rank'>[]): boolean {
  return rows.filter((r) => r.rank !== null).length > TOP_COUNT;
}

/**
 * The start of the score axis, chosen from the data: 5 points below the lowest score,
 * rounded down to 5 %, so districts between 80 and 98 % are told apart (a 0–100 % axis
 * made them look equal); never below 0. The axis title says where it starts.
 */
export function axisStart(scores: number[]): number {
  if (scores.length === 0) return 0;
  const lo = Math.floor((Math.min(...scores) - 0.05) * 20) / 20;
  return Math.max(0, Math.min(0.9, lo));
}

/**
 * Districts by score, best on top, each bar with its value, the 100 % target as a rule; the
 * top 10 dark, the rest light (distinct in grey too; all dark when 10 or fewer are ranked),
 * the account's own district marked.
 */
export function rankingBar(rows: RankingRow[], own: string | null = null, large = false, members: 'đơn vị' | 'tỉnh' = 'đơn vị'): VisualizationSpec {
  // the legend names what is ranked: units, or in a national warehouse the provinces
  const TOP = `10 ${members} dẫn đầu`;
  const REST = `Các ${members} còn lại`;
  const ALL = `Các ${members}`;
  const top = marksTop(rows);
  const data = rows.filter((r) => r.score !== null).map((r) => ({
    name: r.short_name, rank: r.rank, score: r.score,
    group: r.code === own ? OWN : !top ? ALL : (r.rank ?? 99) <= TOP_COUNT ? TOP : REST,
  }));
  const start = axisStart(data.map((d) => d.score!));
  const legend: [string, string][] = [
    ...(top ? [[TOP, '#0b4f9c'], [REST, '#a5b4c8']] as [string, string][] : [[ALL, '#0b4f9c']] as [string, string][]),
    ...(data.some((d) => d.group === OWN) ? [[OWN, '#b45309']] as [string, string][] : []),
  ];
  const groups = legend.map(([g]) => g);
  const colours = legend.map(([, c]) => c);
  const font = large ? 20 : 13;
  // a layered chart unions its domains, which keeps a field sort only with an op (min here)
  const y = { field: 'name', type: 'nominal', sort: { field: 'rank', op: 'min', order: 'ascending' }, title: null, axis: { labelLimit: large ? 320 : 180 } } as const;
  const x = {
    field: 'score', type: 'quantitative',
    title: `Điểm (theo cách tính nêu trên bảng)${start > 0 ? `, trục bắt đầu từ ${Math.round(start * 100)}\u00a0%` : ''}; vạch đứt: mục tiêu 100\u00a0%`,
    axis: { format: '.0%', tickCount: 5 }, scale: { domain: [start, 1], clamp: true, nice: false, zero: false },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: { step: large ? 34 : 24 },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', tooltip: true, clip: true },
        encoding: {
          y, x,
          color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups, range: colours }, legend: { orient: 'top', direction: 'horizontal' } },
          tooltip: [{ field: 'rank', title: 'Hạng' }, { field: 'name', title: 'Đơn vị' }, { field: 'score', title: 'Điểm', format: '.2%' }],
        },
      },
      {
        // the value at the end of each bar, inside it (the axis leaves every bar room for it)
        mark: { type: 'text', align: 'right', dx: -6, fontSize: font, fontWeight: 'bold' },
        encoding: {
          y, x,
          text: { field: 'score', type: 'quantitative', format: '.1%' },
          color: { condition: { test: `datum.group === '${REST}'`, value: '#111111' }, value: '#ffffff' },
        },
      },
      {
        // the target: a dashed rule at 100 % (the axis title says so; a label there would meet the legend)
        data: { values: [{ target: 1 }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#374151', strokeWidth: 2 },
        encoding: { x: { field: 'target', type: 'quantitative' } },
      },
    ],
    config: { aria: false, font: 'system-ui, sans-serif', axis: { labelFontSize: font, titleFontSize: font }, legend: { labelFontSize: font, labelLimit: 600, symbolSize: large ? 300 : 150 } },
  } as VisualizationSpec;
}
