/** A symmetric domain for rater effects and their intervals, never narrower than ±0.5 scale points. */
export function effectExtent(items: readonly { ci_low: number | null; ci_high: number | null; effect: number | null }[]): number {
  let m = 0.5;
  for (const r of items) for (const v of [r.ci_low, r.ci_high]) if (v !== null && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return Math.ceil(m * 4) / 4;
}
