import type { SqlParam } from '../sql.js';

export type RatingStage = 'self' | 'manager' | 'calibrated' | 'final';
export const RATING_STAGES: readonly RatingStage[] = ['self', 'manager', 'calibrated', 'final'];

/** Attributes of `people` a calibration view can be filtered by. */
export const PEOPLE_FILTERS = ['department', 'level', 'team_id', 'location'] as const;
export type PeopleFilterKey = (typeof PEOPLE_FILTERS)[number];

/** What a calibration view shows. Unset people filters mean "everyone". */
export interface CalibrationFilter {
  cycle?: string | null;
  stage?: RatingStage | null;
  dimension?: string | null;
  department?: string | null;
  level?: string | null;
  team_id?: string | null;
  location?: string | null;
}

/** A (department, level) cell of people too small to show in any figure. */
export interface PeopleCell {
  department: string | null;
  level: string | null;
}

/** The people filters that are set, in a fixed order. */
export function activePeopleFilters(filter: CalibrationFilter): PeopleFilterKey[] {
  return PEOPLE_FILTERS.filter((k) => filter[k] !== undefined && filter[k] !== null && filter[k] !== '');
}

/**
 * SQL conditions (on alias `p` for people) and their parameters for the
 * given people filters and excluded cells. Column names are constants from
 * PEOPLE_FILTERS; values are always parameters.
 */
export function peopleConditions(
  filter: CalibrationFilter,
  keys: readonly PeopleFilterKey[],
  excluded: readonly PeopleCell[],
): { sql: string[]; params: SqlParam[] } {
  const sql: string[] = [];
  const params: SqlParam[] = [];
  for (const k of keys) {
    sql.push(`p.${k} = ?`);
    params.push(filter[k] ?? null);
  }
  if (excluded.length > 0) {
    sql.push(`NOT (${excluded.map(() => '(p.department IS NOT DISTINCT FROM ? AND p.level IS NOT DISTINCT FROM ?)').join(' OR ')})`);
    for (const c of excluded) params.push(c.department, c.level);
  }
  return { sql, params };
}
