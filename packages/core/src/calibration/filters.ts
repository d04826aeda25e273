export type RatingStage = 'self' | 'manager' | 'calibrated' | 'final';
export const RATING_STAGES: readonly RatingStage[] = ['self', 'manager', 'calibrated', 'final'];

/** The id a pooled group of small teams is shown under (a rater selection's `rater_id` may name it). */
export const POOLED_RATER_ID = '(pooled)';

/**
 * What a calibration view shows. Unset people filters mean "everyone". The people filters are
 * the atom columns of `aggregates.ts` (`ATOM_COLUMNS`); `rater_id` is a rater selection (a click
 * on a rater row) and `person_id` one person (which no aggregate view shows: it is withheld).
 */
export interface CalibrationFilter {
  cycle?: string | null;
  stage?: RatingStage | null;
  dimension?: string | null;
  department?: string | null;
  level?: string | null;
  /** The team and every team under it. */
  team_id?: string | null;
  /** The manager's direct and indirect reports (not the manager). */
  manager_id?: string | null;
  location?: string | null;
  rater_id?: string | null;
  person_id?: string | null;
}
