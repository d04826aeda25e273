import { chiSquareSf } from './chi-square.js';

export interface GoodnessOfFit {
  statistic: number | null;
  df: number;
  p: number | null;
  /** Observed and expected count per category, in the order given. */
  observed: number[];
  expected: number[];
  /** False when the expected counts are too small for the chi-square approximation. */
  valid: boolean;
  /** Why the test was not run or not trusted, in words. */
  reason: string | null;
}

/**
 * Pearson's chi-square goodness of fit of observed counts against expected
 * shares (normalised to sum to 1). The approximation needs every expected
 * count ≥ `minExpected` (5, the textbook rule); below that the statistic is
 * still computed but `valid` is false and `reason` says why, so a caller never
 * reports a p-value the data cannot support.
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedShares: readonly number[],
  options: { minExpected?: number } = {},
): GoodnessOfFit {
  const minExpected = options.minExpected ?? 5;
  if (observed.length !== expectedShares.length) throw new RangeError('observed and expected need the same categories');
  const n = observed.reduce((s, x) => s + x, 0);
  const shareSum = expectedShares.reduce((s, x) => s + x, 0);
  const expected = expectedShares.map((s) => (shareSum > 0 ? (n * s) / shareSum : 0));
  const df = observed.length - 1;
  const base = { df, observed: [...observed], expected };
  if (df < 1) return { ...base, statistic: null, p: null, valid: false, reason: 'fewer than two categories' };
  if (n === 0) return { ...base, statistic: null, p: null, valid: false, reason: 'no ratings' };
  if (shareSum <= 0) return { ...base, statistic: null, p: null, valid: false, reason: 'no guideline distribution' };
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    const o = observed[i]!;
    if (e === 0) {
      if (o > 0) {
        return { ...base, statistic: null, p: null, valid: false, reason: 'ratings fall in a category whose guideline share is 0' };
      }
      continue;
    }
    statistic += (o - e) ** 2 / e;
  }
  const smallest = Math.min(...expected.filter((e) => e > 0));
  const valid = smallest >= minExpected;
  return {
    ...base,
    statistic,
    p: chiSquareSf(statistic, df),
    valid,
    reason: valid ? null : `expected count ${smallest.toFixed(1)} is below ${minExpected}: too few ratings to test against the guideline`,
  };
}
