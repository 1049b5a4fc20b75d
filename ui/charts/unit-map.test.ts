import { describe, expect, it } from 'vitest';
import { unitMap, type MapPoint } from './unit-map.ts';

const point = (code: string, score: number | null, documents = 10, own = false): MapPoint => ({
  code, name: `Xã ${code}`, lat: 19.8, lon: 105.7, score, rank: score === null ? null : 1, documents, own,
});

interface Layer {
  transform?: { filter: string }[];
  mark: { type: string };
  encoding: { color?: { scale: { domain: number[] }; title: string }; size?: { field: string; scale: { type: string } }; longitude: { field: string }; latitude: { field: string } };
}

describe('the map of units (Vega-Lite)', () => {
  it('draws every unit at its point, scored ones coloured from the lowest score rounded down to 5 % up to 100 %', () => {
    const spec = unitMap([point('1', 0.934), point('2', 0.99), point('3', null)]) as unknown as { projection: { type: string }; data: { values: { code: string; status: string }[] }; layer: Layer[] };
    expect(spec.projection.type).toBe('mercator');
    expect(spec.data.values.map((v) => [v.code, v.status])).toEqual([['1', 'Có điểm'], ['2', 'Có điểm'], ['3', 'Chưa có điểm']]);
    const scored = spec.layer.find((l) => l.mark.type === 'circle')!;
    // lowest 93.4 % → the scale starts at 90 %
    expect(scored.encoding.color!.scale.domain).toEqual([0.9, 1]);
    expect(scored.encoding.color!.title).toBe('Điểm (thang màu từ 90\u00a0% đến mục tiêu 100\u00a0%)');
    expect(scored.encoding.size).toMatchObject({ field: 'documents', scale: { type: 'sqrt' } });
    expect(scored.encoding.longitude.field).toBe('lon');
    expect(scored.encoding.latitude.field).toBe('lat');
    // units without a score are rings of their own, never coloured as a score
    const rings = spec.layer.find((l) => l.transform?.[0]?.filter === 'datum.score === null')!;
    expect(rings.mark.type).toBe('point');
    expect(rings.encoding.color).toBeUndefined();
  });

  it('outlines the account\'s own unit, and starts at 0 % when a score is that low', () => {
    const spec = unitMap([point('1', 0.03, 5, true), point('2', 1)]) as unknown as { layer: Layer[] };
    expect(spec.layer.some((l) => l.transform?.[0]?.filter === 'datum.own')).toBe(true);
    expect(spec.layer.find((l) => l.mark.type === 'circle')!.encoding.color!.scale.domain).toEqual([0, 1]);
    const none = unitMap([point('1', null)]) as unknown as { layer: Layer[] };
    expect(none.layer.find((l) => l.mark.type === 'circle')!.encoding.color!.scale.domain).toEqual([0.9, 1]);
  });
});

describe('the map spec compiles', () => {
  it('is valid Vega-Lite, with no per-mark descriptions for assistive technology', async () => {
    const { compile } = await import('vega-lite');
    const spec = unitMap([point('1', 0.95, 12), point('2', null), point('3', 1, 30, true)]);
    const vega = compile(spec as Parameters<typeof compile>[0]).spec as { projections?: { type: string }[] };
    expect(vega.projections?.[0]?.type).toBe('mercator');
    expect((spec as { config: { aria: boolean } }).config.aria).toBe(false);
  });
});
