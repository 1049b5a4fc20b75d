import type { VisualizationSpec } from 'vega-embed';
import type { MonthRates } from '../api.ts';

const SERIES = [
  ['sent_electronic_rate', 'Gửi điện tử'],
  ['signed_rate', 'Ký số'],
  ['on_time_rate', 'Đúng hạn'],
] as const;

/** Each rate by month, with the milestones as rules and the 100 % target; lines differ by dash as well as colour. */
export function trendLine(months: MonthRates[], milestones: { month: string; label: string }[]): VisualizationSpec {
  const values = months.flatMap((m) => SERIES.map(([key, label]) => ({ month: m.month, series: label, rate: m[key] })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 280,
    layer: [
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
