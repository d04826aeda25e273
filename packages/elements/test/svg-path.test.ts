// The views' line and band paths against d3-shape's `line()` and `area()` (a devDependency kept for this
// comparison): the same path text for random series with gaps, lone points, all-missing and empty input.
import { area, line } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { areaPath, linePath } from '../src/shared/svg-path.js';

interface Point { x: number; y: number | null; low: number | null }

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function series(next: () => number, n: number, gapShare: number): Point[] {
  return Array.from({ length: n }, (_, i) => ({
    x: i * 37.25 + next(),
    y: next() < gapShare ? null : (next() - 0.5) * 800,
    low: next() < gapShare ? null : next() * 300,
  }));
}

describe('linePath and areaPath draw what d3-shape draws', () => {
  it('on 400 random series: gaps, single-point runs, every point missing, no points', () => {
    const next = random(21);
    for (let k = 0; k < 400; k++) {
      const points = series(next, k % 17, [0, 0.2, 0.5, 1][k % 4]!);
      const defined = (p: Point) => p.y != null;
      const theirs = line<Point>().defined(defined).x((p) => p.x).y((p) => p.y!)(points) ?? '';
      expect(linePath(points, defined, (p) => p.x, (p) => p.y!)).toBe(theirs);
      const band = (p: Point) => p.y != null && p.low != null;
      const theirBand = area<Point>().defined(band).x((p) => p.x).y0((p) => p.low!).y1((p) => p.y!)(points) ?? '';
      expect(areaPath(points, band, (p) => p.x, (p) => p.low!, (p) => p.y!)).toBe(theirBand);
    }
  });

  it('a lone point closes on itself, a gap starts a new subpath', () => {
    const points: Point[] = [{ x: 0, y: 1, low: 0 }, { x: 1, y: null, low: 0 }, { x: 2, y: 3, low: 0 }, { x: 3, y: 4, low: 0 }];
    expect(linePath(points, (p) => p.y != null, (p) => p.x, (p) => p.y!)).toBe('M0,1ZM2,3L3,4');
  });
});
