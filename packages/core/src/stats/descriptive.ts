/**
 * Shares of a distribution over value counts. Calibration data is a handful of scale values repeated
 * many times: the statistics are computed in the database (calibration/rater-statistics.ts); what a
 * view needs of the counts it draws is their shares.
 */

/** How many times each scale value occurs. */
export type ValueCounts = ReadonlyMap<number, number>;

/** Share of the total for each value in `scale` (0 where absent); all zero when n = 0. */
export function sharesOf(counts: ValueCounts, scale: readonly number[]): number[] {
  let n = 0;
  for (const c of counts.values()) n += c;
  return scale.map((v) => (n === 0 ? 0 : (counts.get(v) ?? 0) / n));
}
