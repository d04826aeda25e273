import { keyResultProgress } from '../okr/progress.js';

/**
 * `keyResultProgress` (okr/progress.ts) as a SQL expression, so progress is
 * computed inside DuckDB at scale. It is the same formula, not another one:
 * test/burndown/progress-sql.test.ts runs both on the same cases and requires
 * identical answers. Arguments are SQL expressions (column references), never data.
 */
export function keyResultProgressSql(start: string, target: string, current: string): string {
  return `(CASE WHEN ${start} IS NULL OR ${target} IS NULL OR ${current} IS NULL
      OR NOT isfinite(${start}) OR NOT isfinite(${target}) OR NOT isfinite(${current})
      OR ${target} = ${start} THEN NULL
    ELSE greatest(0.0, least(1.0, (${current} - ${start}) / (${target} - ${start}))) END)`;
}

/** Re-exported so readers of this file find the formula it mirrors. */
export { keyResultProgress };
