import type { CycleWeek } from './weeks.js';

/** What a burn-down groups key results by. `cycle` = the whole organisation. */
export type BurndownGroupBy = 'key_result' | 'objective' | 'team' | 'department' | 'cycle';
export const BURNDOWN_GROUP_BYS: readonly BurndownGroupBy[] = ['key_result', 'objective', 'team', 'department', 'cycle'];

/** The measure drawn: confidence (0–1), progress (burn-up), remaining (1 − progress, the burn-down). */
export type BurndownMeasure = 'confidence' | 'progress' | 'remaining';
export const BURNDOWN_MEASURES: readonly BurndownMeasure[] = ['confidence', 'progress', 'remaining'];

/** Which key results a burn-down covers; all filters combine with AND. */
export interface BurndownFilter {
  key_result_ids?: readonly string[];
  objective_id?: string;
  /** Key results of objectives of this team (or owned by its members when the objective has no team). */
  team_id?: string;
  /** With `team_id`: the team and every team under it (`teams.parent_team_id`), not the team alone. */
  includeSubTeams?: boolean;
  department?: string;
  /** Key results owned by this person. */
  person_id?: string;
  /** Key results owned by this manager's direct and indirect reports (not the manager's own). */
  manager_id?: string;
}

export interface BurndownCycle {
  cycle_id: string;
  name: string | null;
  start_date: string;
  /** The stated end, or start + 13 weeks − 1 day. */
  end_date: string;
  weeks: CycleWeek[];
  /** The date the view is "as of" (today by default). Weeks starting after it have no values. */
  as_of: string;
  /** The week `as_of` falls in: 0 before the cycle, weeks.length + 1 after it. */
  current_week: number;
  /** Weeks that carry values: min(current week, number of weeks). */
  last_week: number;
}

/** One key result in one week, the value carried forward from its latest check-in. */
export interface SeriesPoint {
  week: number;
  /** 0–1 (the loader's normalisation; 0.5 is the midpoint). */
  confidence: number | null;
  /** The confidence as the export wrote it, and its scale, for labels. */
  confidence_raw: string | null;
  confidence_scale: string | null;
  /** 0–1, `keyResultProgress` of the check-in value (or the stated progress when there is no value). */
  progress: number | null;
  /** Where progress should be by the end of this week: planned values when given, else linear. */
  expected: number | null;
  expected_source: 'planned' | 'linear';
  /** A check-in happened this week. */
  checked: boolean;
  /** No check-in this week but a value from an earlier one is shown. */
  carried: boolean;
  /** Weeks since the last check-in (0 in a week with one; counted from the cycle start when there is none). */
  silent_weeks: number;
}

export interface KeyResultSeries {
  key_result_id: string;
  title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  objective_id: string;
  objective_title: string | null;
  team_id: string | null;
  team_name: string | null;
  department: string | null;
  points: SeriesPoint[];
}

/** One group in one week: distribution across its key results. */
export interface GroupWeek {
  week: number;
  key_results: number;
  /** Key results that have a confidence (checked or carried) this week. */
  with_confidence: number;
  confidence_q1: number | null;
  confidence_median: number | null;
  confidence_q3: number | null;
  /** Key results whose confidence is strictly below the threshold. */
  below: number;
  /** below / with_confidence (null when none has a confidence). */
  share_below: number | null;
  with_progress: number;
  progress_q1: number | null;
  progress_median: number | null;
  progress_q3: number | null;
  expected_median: number | null;
  /** Key results whose progress is below their expected progress. */
  behind: number;
  /** Key results with a check-in this week. */
  checked: number;
}

export interface GroupSeries {
  group_id: string | null;
  group_name: string;
  key_results: number;
  weeks: GroupWeek[];
  /**
   * Set (only in anonymized results) when the group's key results have fewer distinct owners than
   * the minimum group: its weeks then carry no distribution and no counts.
   */
  suppressed?: boolean;
}

export interface BurndownAlert {
  rule: string;
  rule_label: string;
  key_result_id: string;
  key_result_title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  objective_id: string;
  team_id: string | null;
  department: string | null;
  /** The week the rule first holds for this key result. */
  week: number;
  values: {
    confidence?: number | null;
    confidence_raw?: string | null;
    previous_confidence?: number | null;
    progress?: number | null;
    expected?: number | null;
    silent_weeks?: number | null;
    threshold?: number;
    [name: string]: number | string | null | undefined;
  };
  /** One sentence, plain text. */
  message: string;
}

export interface BurndownResult {
  cycle: BurndownCycle;
  by: BurndownGroupBy;
  threshold: number;
  rule_week: number;
  /** Key results covered. */
  key_results: number;
  groups: GroupSeries[];
  /** Per key result series, present when `key_results <= seriesLimit`. */
  series: KeyResultSeries[] | null;
  alerts: BurndownAlert[];
  /** Alerts found per rule id, before `alertLimit` cut the list. */
  alert_counts: Record<string, number>;
  /** Check-ins dated after the cycle end (not drawn, counted so nothing vanishes silently). */
  check_ins_after_cycle: number;
  /** Custom rules were not run because per key result series were not fetched. */
  custom_rules_skipped: boolean;
  /**
   * With min-group suppression (anonymized): key results in this selection whose own lines and alerts
   * are withheld (their team is under min-group, or their group is hidden).
   */
  withheld_key_results?: number;
}
