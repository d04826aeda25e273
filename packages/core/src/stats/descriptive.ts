/**
 * Descriptive statistics over value counts. Calibration data is a handful of
 * scale values repeated many times, so every statistic here works on counts
 * per value (what one GROUP BY returns) rather than on raw rows.
 */

/** How many times each scale value occurs. */
export type ValueCounts = ReadonlyMap<number, number>;

export interface Description {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null below n = 2. */
  sd: number | null;
  /** Sum of squared deviations from the mean (for pooled variances). */
  ss: number;
}

/** Counts of the values in a list. */
export function countValues(values: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Add counts into `into` (in place) and return it. */
export function addCounts(into: Map<number, number>, from: ValueCounts): Map<number, number> {
  for (const [v, c] of from) into.set(v, (into.get(v) ?? 0) + c);
  return into;
}

/** n, mean, sample SD of the values described by `counts`. */
export function describeCounts(counts: ValueCounts): Description {
  let n = 0;
  let sum = 0;
  for (const [v, c] of counts) {
    n += c;
    sum += v * c;
  }
  if (n === 0) return { n: 0, mean: null, sd: null, ss: 0 };
  const mean = sum / n;
  let ss = 0;
  for (const [v, c] of counts) ss += c * (v - mean) ** 2;
  return { n, mean, sd: n >= 2 ? Math.sqrt(ss / (n - 1)) : null, ss };
}

/** n, mean, sample SD of a list of values. */
export function describe(values: Iterable<number>): Description {
  return describeCounts(countValues(values));
}

/** Share of the total for each value in `scale` (0 where absent); all zero when n = 0. */
export function sharesOf(counts: ValueCounts, scale: readonly number[]): number[] {
  let n = 0;
  for (const c of counts.values()) n += c;
  return scale.map((v) => (n === 0 ? 0 : (counts.get(v) ?? 0) / n));
}
