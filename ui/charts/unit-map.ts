import type { VisualizationSpec } from 'vega-embed';

/** One unit drawn on the map: its point, its score (null: no score this period) and its volume. */
export interface MapPoint {
  code: string;
  name: string;
  lat: number;
  lon: number;
  score: number | null;
  rank: number | null;
  /** documents behind the figures (outgoing), the symbol's area */
  documents: number;
  own: boolean;
}

const NO_SCORE = 'Chưa có điểm';

/**
 * The units as proportional symbols at their points (a dot map; no boundary file may be
 * shipped): the area of each circle the documents behind its figures, its colour the score
 * on a red–yellow–green scale from the lowest score shown (rounded down to 5 %) to the 100 %
 * target; units without a score as grey rings; the account's own unit outlined in black.
 * Mercator, fitted to the points.
 */
export function unitMap(points: readonly MapPoint[], height = 560): VisualizationSpec {
  const scored = points.filter((p) => p.score !== null);
  const lowest = scored.length > 0 ? Math.min(...scored.map((p) => p.score!)) : 0.9;
  const start = Math.max(0, Math.min(0.95, Math.floor(lowest * 20) / 20));
  const values = points.map((p) => ({
    code: p.code, name: p.name, lat: p.lat, lon: p.lon, rank: p.rank, score: p.score, documents: p.documents, own: p.own,
    status: p.score === null ? NO_SCORE : 'Có điểm',
  }));
  const tooltip = [
    { field: 'name', type: 'nominal', title: 'Đơn vị' },
    { field: 'rank', type: 'quantitative', title: 'Hạng' },
    { field: 'score', type: 'quantitative', title: 'Điểm', format: '.2%' },
    { field: 'documents', type: 'quantitative', title: 'Văn bản đi', format: ',d' },
  ];
  const position = {
    longitude: { field: 'lon', type: 'quantitative' },
    latitude: { field: 'lat', type: 'quantitative' },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height,
    projection: { type: 'mercator' },
    data: { values },
    // the marks' own descriptions (field: value) are not for a person: the chart is one image named by its label
    config: { aria: false, font: 'system-ui, sans-serif', legend: { labelFontSize: 12, titleFontSize: 13, titleLimit: 600 }, view: { stroke: null } },
    layer: [
      {
        transform: [{ filter: `datum.score === null` }],
        mark: { type: 'point', shape: 'circle', filled: false, stroke: '#8a8a8a', strokeWidth: 1.5, size: 60, tooltip: true },
        encoding: { ...position, tooltip },
      },
      {
        transform: [{ filter: `datum.score !== null` }],
        mark: { type: 'circle', opacity: 0.85, stroke: '#ffffff', strokeWidth: 0.5, tooltip: true },
        encoding: {
          ...position,
          size: {
            field: 'documents', type: 'quantitative', title: 'Văn bản đi (diện tích hình tròn)',
            scale: { type: 'sqrt', range: [20, 900], zero: true }, legend: { orient: 'bottom', direction: 'horizontal', format: ',d' },
          },
          color: {
            field: 'score', type: 'quantitative', title: `Điểm (thang màu từ ${Math.round(start * 100)}\u00a0% đến mục tiêu 100\u00a0%)`,
            scale: { domain: [start, 1], clamp: true, range: ['#b2182b', '#f4d03f', '#1a9850'] },
            legend: { orient: 'bottom', format: '.0%', gradientLength: 220 },
          },
          order: { field: 'documents', sort: 'descending' },
          tooltip,
        },
      },
      {
        transform: [{ filter: 'datum.own' }],
        mark: { type: 'point', shape: 'circle', filled: false, stroke: '#000000', strokeWidth: 2.5, size: 500 },
        encoding: { ...position },
      },
    ],
  } as VisualizationSpec;
}
