import { keyResultProgress } from '../okr/progress.js';

/**
 * `keyResultProgress` (okr/progress.ts) as SQL, so progress is computed inside DuckDB at scale. It is the
 * same formula, not another one: test/burndown/progress-sql.test.ts runs both on the same cases and requires
 * identical answers. Arguments are SQL expressions (column references), never data.
 *
 * In two parts, because a burn-down computes progress for every check-in of a key result: the span
 * (`progressSpanSql`, once per key result: NULL when progress is undefined for it) and the share of it a value
 * has covered (`progressOfSpanSql`, per value). Clamped with CASE, not greatest/least: in DuckDB-WASM each of
 * those costs ~100 ns per row (more than the join that brings the check-in), a CASE a few.
 */
export function progressSpanSql(start: string, target: string): string {
  return `(CASE WHEN isfinite(${start}) AND isfinite(${target}) AND ${target} <> ${start} THEN ${target} - ${start} END)`;
}

/**
 * Progress of `current` over a span from `progressSpanSql` (NULL span, NULL or non-finite value: NULL). A share
 * at or below 0 is 0.0 (never −0.0, as `Math.max(0, −0)`), at or above 1 is 1.0.
 * The share strictly between 0 and 1 (most values, and never one from a non-finite value) is tested first: each WHEN
 * after it then sees only the few rows left (in DuckDB-WASM ~30 ns per check-in less than testing finiteness first).
 */
export function progressOfSpanSql(start: string, span: string, current: string): string {
  const share = `((${current} - ${start}) / ${span})`;
  return `(CASE WHEN ${share} > 0.0 AND ${share} < 1.0 THEN ${share} WHEN NOT isfinite(${current}) THEN NULL
    WHEN ${share} <= 0.0 THEN 0.0 WHEN ${share} >= 1.0 THEN 1.0 ELSE ${share} END)`;
}

/** Both parts in one expression, for a statement that computes progress once per key result. */
export function keyResultProgressSql(start: string, target: string, current: string): string {
  return progressOfSpanSql(start, progressSpanSql(start, target), current);
}

/** Re-exported so readers of this file find the formula it mirrors. */
export { keyResultProgress };
