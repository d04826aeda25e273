import { regularizedGammaP, regularizedGammaQ } from './gamma.js';

/** P(X ≤ x) for X ~ χ²(df). */
export function chiSquareCdf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0, got ${df}`);
  return regularizedGammaP(df / 2, x / 2);
}

/** P(X > x) for X ~ χ²(df): the p-value of a chi-square statistic. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0, got ${df}`);
  return regularizedGammaQ(df / 2, x / 2);
}

/** Two-sided p-value of a standard normal z (z² ~ χ²(1)). */
export function normalTwoSidedP(z: number): number {
  return chiSquareSf(z * z, 1);
}

/** The two-sided 95 % normal quantile. */
export const Z_95 = 1.959963984540054;
