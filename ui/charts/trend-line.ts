import type { VisualizationSpec } from 'vega-embed';
import type { MonthRates } from '../api.ts';

const SERIES = [
  ['sent_electronic_rate', 'Gửi điện tử'],
  ['signed_rate', 'Ký số'],
  ['on_time_rate', 'Đúng hạn'],
] as const;

/**
 * Each rate by month, with the milestones as rules and the 100 % target; lines differ by dash
 * as well as colour. The months whose figures are the pooled figures of units that are no
 * longer on the map (a commune's predecessors before 1/7/2025: carried_units, issue 17) are
 * shaded, and say so in their tooltip.
 */
export function trendLine(months: MonthRates[], milestones: { month: string; label: string }[]): VisualizationSpec {
  const values = months.flatMap((m) => SERIES.map(([key, label]) => ({ month: m.month, series: label, rate: m[key] })));
  const carried = months.filter((m) => (m.carried_units ?? 0) > 0).map((m) => ({ month: m.month, y: 1, note: `Gộp số liệu của ${m.carried_units} đơn vị tiền thân` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 280,
    layer: [
      ...(carried.length > 0 ? [{
        data: { values: carried },
        mark: { type: 'bar' as const, color: '#9ca3af', opacity: 0.2 },
        encoding: {
          x: { field: 'month', type: 'temporal' as const, timeUnit: 'yearmonth' as const },
          y: { field: 'y', type: 'quantitative' as const },
          tooltip: [{ field: 'month', type: 'temporal' as const, timeUnit: 'yearmonth' as const, title: 'Tháng', format: '%m/%Y' }, { field: 'note', title: 'Số liệu' }],
        },
      }] : []),
      {
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: 'month', type: 'temporal', timeUnit: 'yearmonth', title: null, axis: { format: '%m/%Y', labelAngle: -40 } },
          y: { field: 'rate', type: 'quantitative', title: 'Tỷ lệ', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#0b4f9c', '#b45309', '#15803d'] } },
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { range: [[1, 0], [6, 3], [2, 2]] } },
          tooltip: [{ field: 'month', type: 'temporal', timeUnit: 'yearmonth', title: 'Tháng', format: '%m/%Y' }, { field: 'series', title: 'Chỉ tiêu' }, { field: 'rate', title: 'Tỷ lệ', format: '.1%' }],
        },
      },
      { data: { values: [{ y: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#6b7280' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: milestones },
        mark: { type: 'rule', color: '#b91c1c', strokeWidth: 2 },
        encoding: { x: { field: 'month', type: 'temporal', timeUnit: 'yearmonth' }, tooltip: [{ field: 'label', title: 'Mốc' }] },
      },
    ],
    config: { aria: false, font: 'system-ui, sans-serif', axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 13, orient: 'bottom' } },
  };
}
