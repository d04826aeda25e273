import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, kruskalWallis, kruskalWallisFromCounts } from '../../src/stats/index.js';

// R's airquality data set (New York, May–September 1973), Ozone by Month with the 37
// missing values removed (116 days). Copied from R's `datasets::airquality`.
const OZONE_BY_MONTH: Record<number, number[]> = {
  5: [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37],
  6: [29, 71, 39, 23, 21, 37, 20, 12, 13],
  7: [135, 49, 32, 64, 40, 77, 97, 97, 85, 10, 27, 7, 48, 35, 61, 79, 63, 16, 80, 108, 20, 52, 82, 50, 64, 59],
  8: [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85],
  9: [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, 14, 18, 20],
};

describe('Kruskal–Wallis with the tie correction', () => {
  it('reproduces R kruskal.test(Ozone ~ Month, data = airquality): chi-squared = 29.267, df = 4, p-value = 6.901e-06 (data with many ties)', () => {
    const r = kruskalWallis(Object.values(OZONE_BY_MONTH))!;
    expect(r.n).toBe(116);
    expect(r.h).toBeCloseTo(29.267, 3);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(6.901e-6, 9);
    expect(r.tie_correction).toBeLessThan(1);
  });

  it("reproduces R's kruskal.test documentation example (Hollander & Wolfe 1973, p. 116): chi-squared = 0.77143, df = 2, p-value = 0.68", () => {
    const normal = [2.9, 3.0, 2.5, 2.6, 3.2];
    const copd = [3.8, 2.7, 4.0, 2.4];
    const asbestosis = [2.8, 3.4, 3.7, 2.2, 2.0];
    const r = kruskalWallis([normal, copd, asbestosis])!;
    expect(r.h).toBeCloseTo(0.77143, 5);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(0.68, 2);
    expect(r.tie_correction).toBe(1);
  });

  it('hand-computed with ties: A = [1,2,2], B = [2,3,3] → midranks 1, 3, 5.5; H = (12/42·245/3 − 21)/(1 − 30/210) = 2.72222', () => {
    const r = kruskalWallis([[1, 2, 2], [2, 3, 3]])!;
    expect(r.h).toBeCloseTo(2.722222, 6);
    // Counts per value give the same answer as raw values.
    const fromCounts = kruskalWallisFromCounts([new Map([[1, 1], [2, 2]]), new Map([[2, 1], [3, 2]])])!;
    expect(fromCounts.h).toBeCloseTo(r.h, 12);
  });

  it('has nothing to say about one group, and says "no difference" when every rating is the same', () => {
    expect(kruskalWallis([[1, 2, 3]])).toBeNull();
    expect(kruskalWallis([[3, 3], [3, 3, 3], []])).toMatchObject({ h: 0, p: 1, df: 1 });
  });
});

describe('chi-square goodness of fit', () => {
  it("reproduces Mendel's peas against 9:3:3:1 (R chisq.test(c(315,108,101,32), p = c(9,3,3,1)/16): X-squared = 0.47002, df = 3, p-value = 0.9254)", () => {
    const r = chiSquareGoodnessOfFit([315, 108, 101, 32], [9, 3, 3, 1]);
    expect(r.statistic).toBeCloseTo(0.47002, 5);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(0.9254, 4);
    expect(r.valid).toBe(true);
    expect(r.expected).toEqual([312.75, 104.25, 104.25, 34.75]);
  });

  it('hand-computed: 10 ratings 1..5 as [0,1,3,4,2] against 10/20/40/20/10 % → expected [1,2,4,2,1], X² = 1+0.5+0.25+2+1 = 4.75, but flagged as not valid', () => {
    const r = chiSquareGoodnessOfFit([0, 1, 3, 4, 2], [0.1, 0.2, 0.4, 0.2, 0.1]);
    expect(r.statistic).toBeCloseTo(4.75, 12);
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/below 5/);
  });

  it('refuses a test it cannot support', () => {
    expect(chiSquareGoodnessOfFit([0, 0], [0.5, 0.5]).reason).toBe('no ratings');
    expect(chiSquareGoodnessOfFit([3, 4], [1, 0]).reason).toMatch(/share is 0/);
    expect(chiSquareGoodnessOfFit([3, 4], [0, 0]).reason).toMatch(/no guideline/);
  });
});
