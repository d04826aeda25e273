// The views' linear scale against d3-scale's (a devDependency kept for this comparison): the same numbers,
// clamped or not, piecewise, descending, the same ticks, the same colours in the same `rgb()` text.
import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { colourScale, linearScale } from '../src/shared/linear-scale.js';

/** A small deterministic generator (mulberry32), so a failure names values that can be re-run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('linearScale is d3-scale’s scaleLinear for what the views ask of it', () => {
  it('maps, clamps and ticks exactly as d3 does over random two- and three-point domains, ascending and descending', () => {
    const next = random(20);
    let compared = 0;
    for (let k = 0; k < 300; k++) {
      const points = k % 3 === 0 ? 3 : 2;
      const domain = Array.from({ length: points }, () => (next() - 0.5) * 2000).sort((a, b) => (k % 2 ? a - b : b - a));
      const range = Array.from({ length: points }, () => (next() - 0.3) * 1500);
      const clamp = k % 4 < 2;
      const ours = linearScale(domain, range, { clamp });
      const theirs = scaleLinear().domain(domain).range(range).clamp(clamp);
      for (let i = 0; i < 12; i++) {
        const x = (next() - 0.5) * 4000;
        expect(ours(x), `domain ${domain} range ${range} clamp ${clamp} x ${x}`).toBe(theirs(x));
        compared++;
      }
      const count = 2 + (k % 9);
      expect(ours.ticks(count)).toEqual(theirs.ticks(count));
    }
    expect(compared).toBe(3600);
  });

  it('ticks exactly as d3-array over small, decimal, reversed and degenerate domains', () => {
    const next = random(7);
    const domains: [number, number][] = [[0, 1], [0.003, 0.07], [1, 0], [-0.5, 0.25], [5, 5], [0, 1e-9], [1e6, 1e9], [2, 0.02]];
    for (let k = 0; k < 200; k++) {
      const scale = Math.pow(10, Math.floor(next() * 12) - 6);
      domains.push([(next() - 0.5) * scale, (next() - 0.5) * scale]);
    }
    for (const domain of domains)
      for (const count of [0, 1, 2, 3, 5, 10, 17]) expect(linearScale(domain, [0, 1]).ticks(count), `${domain} ${count}`).toEqual(scaleLinear().domain(domain).ticks(count));
  });

  it('a zero-width domain maps to the middle of the range, as in d3', () => {
    expect(linearScale([3, 3], [0, 100])(3)).toBe(scaleLinear().domain([3, 3]).range([0, 100])(3));
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('the diverging colour ramp gives d3’s rgb() strings at every step of every scale size', () => {
    for (const stops of [['#e08214', '#d8d8d8', '#6a51a3'], ['#a63603', '#bdbdbd', '#3f007d']]) {
      const ours = colourScale([-1, 0, 1], stops);
      const theirs = scaleLinear<string>().domain([-1, 0, 1]).range(stops);
      for (let i = -20; i <= 20; i++) expect(ours(i / 20)).toBe(theirs(i / 20));
    }
    expect(colourScale([-1, 0, 1], ['#e08214', '#d8d8d8', '#6a51a3'])(-1)).toBe('rgb(224, 130, 20)');
  });
});
