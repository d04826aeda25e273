import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../../src/stats/index.js';

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
