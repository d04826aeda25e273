import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSf, lnGamma, normalTwoSidedP, regularizedGammaP } from '../../src/stats/index.js';

describe('chi-square distribution via the regularized incomplete gamma', () => {
  it('matches the 95th percentiles of standard chi-square tables (R qchisq(0.95, df))', () => {
    // Critical values as printed in every chi-square table and returned by R's qchisq(0.95, df).
    const table: [number, number][] = [
      [1, 3.841459], [2, 5.991465], [3, 7.814728], [4, 9.487729], [5, 11.070498], [10, 18.307038], [30, 43.772972],
      [100, 124.342113],
    ];
    for (const [df, x] of table) expect(chiSquareCdf(x, df)).toBeCloseTo(0.95, 6);
  });

  it('matches the 99th and 99.9th percentiles (R qchisq(0.99, 1) = 6.634897, qchisq(0.999, 5) = 20.515006)', () => {
    expect(chiSquareSf(6.634897, 1)).toBeCloseTo(0.01, 7);
    expect(chiSquareSf(20.515006, 5)).toBeCloseTo(0.001, 8);
  });

  it('matches closed forms: pchisq(1, 1) = erf(1/√2) = 0.6826895, pchisq(2, 2) = 1 − e⁻¹ = 0.6321206', () => {
    expect(chiSquareCdf(1, 1)).toBeCloseTo(0.6826895, 7);
    expect(chiSquareCdf(2, 2)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
  });

  it('keeps precision in the far tail and at the edges', () => {
    // R: pchisq(100, 2, lower.tail = FALSE) = exp(-50) = 1.92875e-22
    expect(chiSquareSf(100, 2) / Math.exp(-50)).toBeCloseTo(1, 10);
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareCdf(Infinity, 3)).toBe(1);
  });

  it('lnGamma agrees with factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(regularizedGammaP(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(() => lnGamma(0)).toThrow(RangeError);
  });
});
