import type { VisualizationSpec } from 'vega-embed';
import type { RankingRow } from '../api.ts';

/** Districts by score, best on top; the top 10 dark, the rest light (distinct in grey too). */
export function rankingBar(rows: RankingRow[]): VisualizationSpec {
  const data = rows.filter((r) => r.score !== null).map((r) => ({
    name: r.short_name, rank: r.rank, score: r.score, group: (r.rank ?? 99) <= 10 ? 'Top 10' : 'Còn lại',
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: { step: 22 },
    data: { values: data },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null },
      // bars start at zero: a cut axis would make small gaps look large
      x: { field: 'score', type: 'quantitative', title: 'Điểm (trung bình ba tỷ lệ)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: { field: 'group', type: 'nominal', title: null, scale: { domain: ['Top 10', 'Còn lại'], range: ['#0b4f9c', '#a5b4c8'] } },
      tooltip: [{ field: 'rank', title: 'Hạng' }, { field: 'name', title: 'Đơn vị' }, { field: 'score', title: 'Điểm', format: '.2%' }],
    },
    config: { font: 'system-ui, sans-serif', axis: { labelFontSize: 13, titleFontSize: 13 }, legend: { labelFontSize: 13 } },
  };
}
