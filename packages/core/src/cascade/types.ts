import type { Diagnostic } from '../diagnostics.js';

/** Node key → index, kept as one map per kind so look-ups by raw id need no string building. */
export class CascadeIndex {
  readonly objectives = new Map<string, number>();
  readonly keyResults = new Map<string, number>();
  readonly groups = new Map<string, number>();

  private mapOf(kind: string): Map<string, number> | undefined {
    return kind === 'objective' ? this.objectives : kind === 'key_result' ? this.keyResults : kind === 'group' ? this.groups : undefined;
  }

  get(key: string): number | undefined {
    const colon = key.indexOf(':');
    return colon < 0 ? undefined : this.mapOf(key.slice(0, colon))?.get(key.slice(colon + 1));
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return this.objectives.size + this.keyResults.size + this.groups.size;
  }
}

/** How an objective's progress is made: from its own key results, its child objectives, or both in one weighted pool. */
export type RollupMode = 'krs' | 'children' | 'both';

export type CascadeNodeKind = 'objective' | 'key_result' | 'group';

/**
 * A node's status. `no-data` when there is neither progress nor confidence:
 * never shown as 0 %.
 */
export type CascadeStatus = 'done' | 'on-track' | 'at-risk' | 'off-track' | 'no-data' | 'withheld';

export const CASCADE_STATUSES: readonly CascadeStatus[] = ['done', 'on-track', 'at-risk', 'off-track', 'no-data', 'withheld'];

/** Where a key result's current value came from. */
export type ValueSource = 'check-in' | 'snapshot' | null;

/** One objective row as the cascade query returns it (owner name joined). */
export interface CascadeObjectiveRow {
  objective_id: string;
  cycle_id: string | null;
  title: string | null;
  level: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  parent_objective_id: string | null;
  parent_key_result_id: string | null;
  link_type: string | null;
  weight: number | null;
  rollup_mode: string | null;
  stated_progress: number | null;
}

/** One key result row with its latest check-in as of the chosen date, and its link counts. */
export interface CascadeKeyResultRow {
  key_result_id: string;
  objective_id: string;
  title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  start_value: number | null;
  target_value: number | null;
  unit: string | null;
  weight: number | null;
  /** Snapshot the export carried (undated). */
  snapshot_value: number | null;
  snapshot_progress: number | null;
  snapshot_confidence: number | null;
  /** Latest non-null check-in value / stated progress / confidence on or before the as-of date. */
  checkin_value: number | null;
  checkin_progress: number | null;
  checkin_confidence: number | null;
  /** Date of the latest check-in considered (ISO), null when none. */
  checked_at: string | null;
  /** Check-ins of this key result at any date (to tell "none yet" from "none ever"). */
  checkins_total: number;
  milestones: number;
  milestones_done: number;
  milestones_late: number;
  sprints: number;
  sprints_done: number;
}

export interface CascadeCycleInfo {
  cycle_id: string | null;
  name: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** What the named query returns: plain rows, before any roll-up. */
export interface CascadeRows {
  cycle: CascadeCycleInfo;
  /** The as-of date asked for (ISO), or null for "latest". */
  as_of: string | null;
  /** The latest check-in date in the cycle (ISO): "now" for the data when no as-of date is given. */
  data_date: string | null;
  objectives: CascadeObjectiveRow[];
  key_results: CascadeKeyResultRow[];
}

/** Link counts shown on a key result (milestones from stage-gate tools, sprints from trackers). */
export interface CascadeLinks {
  milestones: number;
  milestones_done: number;
  milestones_late: number;
  sprints: number;
  sprints_done: number;
}

export interface CascadeNode {
  /** Unique in the tree: `objective:ID`, `key_result:ID` or `group:NAME`. */
  key: string;
  id: string;
  kind: CascadeNodeKind;
  title: string;
  level: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  /** Index of the parent node in `tree.nodes`, -1 for a root. */
  parent: number;
  /** The parent's raw id and kind (null for roots). */
  parent_id: string | null;
  parent_kind: CascadeNodeKind | null;
  depth: number;
  /** Indices of the children in `tree.nodes`: key results first, then objectives, each by title. */
  children: number[];
  /** Nodes below this one (all depths). */
  descendants: number;
  /** Computed progress 0–1, null = no data. */
  progress: number | null;
  /** A progress the export states (objective `stated_progress`, check-in or snapshot `progress`), kept beside the computed one. */
  stated_progress: number | null;
  /** Confidence 0–1, null = none given. */
  confidence: number | null;
  status: CascadeStatus;
  /** Weight in the parent's roll-up (default 1). */
  weight: number;
  /** `supports` children are shown but not counted in the parent's roll-up. */
  link_type: 'contributes' | 'supports';
  /** The roll-up mode this objective used (objectives only). */
  rollup: RollupMode | null;
  /** Share of the counted weight that had data (objectives), null when nothing was counted. */
  coverage: number | null;
  /** Key results: the measurement. */
  start_value: number | null;
  target_value: number | null;
  current_value: number | null;
  unit: string | null;
  direction: 'increase' | 'decrease' | null;
  value_source: ValueSource;
  checked_at: string | null;
  links: CascadeLinks | null;
  /** True when this node was cut out of an alignment cycle and shown as a root. */
  in_cycle: boolean;
}

export interface StatusThresholds {
  /** Behind the time-elapsed line by more than this share → at risk (default 0.15). */
  atRiskGap: number;
  /** Behind by more than this → off track (default 0.3). */
  offTrackGap: number;
  /** Confidence below this → at risk (default 0.6). */
  atRiskConfidence: number;
  /** Confidence below this → off track (default 0.3). */
  offTrackConfidence: number;
}

export interface CascadeOptions {
  /** The cycle to show; default: the latest-starting cycle that has objectives. */
  cycle?: string | null;
  /** Roll-up mode for every objective; default: each objective's own `rollup_mode`, else `both`. */
  rollup?: RollupMode | null;
  /** Replay the tree as of this ISO date: check-ins after it are ignored, and so is the undated snapshot. */
  asOf?: string | null;
  thresholds?: Partial<StatusThresholds>;
}

export interface CascadeTree {
  nodes: CascadeNode[];
  /** Root indices: company objectives (and other aligned roots), then the unaligned group, then cut cycles. */
  roots: number[];
  /** `node.key` (`objective:ID`, `key_result:ID`, `group:unaligned`) → index in `nodes`. */
  index: CascadeIndex;
  /** Objectives with no parent that are not company level. */
  unaligned: string[];
  /** Index of the synthetic "not aligned" group node, -1 when there is none. */
  unaligned_group: number;
  diagnostics: Diagnostic[];
  cycle: CascadeCycleInfo;
  /** The date the status compares against: as-of, else the latest check-in, else the cycle end. */
  reference_date: string | null;
  as_of: string | null;
  /** Share of the cycle elapsed at the reference date (0–1), null when the cycle has no dates. */
  elapsed: number | null;
  rollup: RollupMode | null;
  thresholds: StatusThresholds;
  objectives: number;
  key_results: number;
}
