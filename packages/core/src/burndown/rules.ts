import type { SqlParam } from '../sql.js';
import type { BurndownAlert, BurndownCycle, KeyResultSeries } from './types.js';

/**
 * At-risk rules. Built-in rules are declarative objects (a kind plus
 * parameters), on by default, evaluated inside DuckDB over the weekly series
 * so they scale to a whole organisation. Each fires at most once per key
 * result: at the FIRST week its condition holds (that is when the
 * conversation should happen). Embedders add `CustomRule`s (functions).
 *
 * Boundaries (decided, tested in test/burndown/rules.test.ts):
 * - "below" is strict: a confidence exactly at the threshold (0.5) is not below.
 * - "at or after week 4" includes week 4 (see weeks.ts for week numbering).
 * - A drop "of at least N" includes exactly N (with 1e-9 slack for float sums).
 * - "No check-in for K weeks" fires in the K-th silent week (last check-in in
 *   week 2, K = 3 → fires in week 5); a key result never checked in fires in week K.
 */
export interface BelowThresholdRule {
  kind: 'below-threshold';
  id?: string;
  enabled?: boolean;
  /** Confidence (0–1) strictly below which a key result is at risk. Default 0.5, the midpoint. */
  threshold?: number;
  /** First week the rule applies (1-based, inclusive). Default 4. */
  fromWeek?: number;
}
export interface ConfidenceDropRule {
  kind: 'confidence-drop';
  id?: string;
  enabled?: boolean;
  /** Drop between consecutive check-ins, in 0–1 confidence units. Default 0.2 (2 points on a 1–10 scale). */
  points?: number;
}
export interface StaleRule {
  kind: 'stale';
  id?: string;
  enabled?: boolean;
  /** Weeks without a check-in. Default 3. */
  weeks?: number;
}
export interface DivergenceRule {
  kind: 'divergence';
  id?: string;
  enabled?: boolean;
  /** Default 4: progress is too noisy to compare before then. */
  fromWeek?: number;
  /** Confidence at or above this is "high". Default 0.7. */
  highConfidence?: number;
  /** Confidence strictly below this is "low". Default 0.3. */
  lowConfidence?: number;
  /** Progress behind expectation by at least this (0–1) with high confidence fires. Default 0.25. */
  gap?: number;
}
export type BuiltInRule = BelowThresholdRule | ConfidenceDropRule | StaleRule | DivergenceRule;

/** What a custom rule returns when it holds. */
export interface RuleHit {
  week: number;
  values?: BurndownAlert['values'];
  message?: string;
}

/** An embedder's rule: a function of one key result's weekly series. */
export interface CustomRule {
  kind: 'custom';
  id: string;
  label: string;
  enabled?: boolean;
  evaluate(series: KeyResultSeries, context: { cycle: BurndownCycle; threshold: number }): RuleHit | null;
}

export type BurndownRule = BuiltInRule | CustomRule;

export const DEFAULT_THRESHOLD = 0.5;
export const DEFAULT_RULE_WEEK = 4;

/** The rules on by default, with their default parameters. */
export const DEFAULT_RULES: readonly BuiltInRule[] = [
  { kind: 'below-threshold' },
  { kind: 'confidence-drop' },
  { kind: 'stale' },
  { kind: 'divergence' },
];


export type ResolvedRule =
  | { kind: 'below-threshold'; id: string; threshold: number; fromWeek: number }
  | { kind: 'confidence-drop'; id: string; points: number }
  | { kind: 'stale'; id: string; weeks: number }
  | { kind: 'divergence'; id: string; fromWeek: number; highConfidence: number; lowConfidence: number; gap: number };

function finite(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`rule parameter ${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * Fill in defaults. `threshold` and `ruleWeek` (the element's attributes, the
 * CLI's flags) apply to a below-threshold rule that does not set its own.
 */
export function resolveRule(rule: BuiltInRule, defaults: { threshold: number; ruleWeek: number }): ResolvedRule {
  switch (rule.kind) {
    case 'below-threshold':
      return {
        kind: rule.kind,
        id: rule.id ?? rule.kind,
        threshold: finite('threshold', rule.threshold ?? defaults.threshold, 0, 1),
        fromWeek: finite('fromWeek', rule.fromWeek ?? defaults.ruleWeek, 1, 1000),
      };
    case 'confidence-drop':
      return { kind: rule.kind, id: rule.id ?? rule.kind, points: finite('points', rule.points ?? 0.2, 0, 1) };
    case 'stale':
      return { kind: rule.kind, id: rule.id ?? rule.kind, weeks: finite('weeks', rule.weeks ?? 3, 1, 1000) };
    case 'divergence':
      return {
        kind: rule.kind,
        id: rule.id ?? rule.kind,
        fromWeek: finite('fromWeek', rule.fromWeek ?? defaults.ruleWeek, 1, 1000),
        highConfidence: finite('highConfidence', rule.highConfidence ?? 0.7, 0, 1),
        lowConfidence: finite('lowConfidence', rule.lowConfidence ?? 0.3, 0, 1),
        gap: finite('gap', rule.gap ?? 0.25, 0, 1),
      };
  }
}

/** Float slack so that 0.7 − 0.5 counts as a drop of 0.2. */
const EPS = 1e-9;

/** A rule as SQL over `filled` (the covered key results' weekly series, see series-table.ts). */
export interface RuleSql {
  /** Boolean expression: the rule holds for this key result in this week. */
  condition: string;
  params: SqlParam[];
  /** Values to report from the first week it holds (expressions over `filled`). */
  confidence?: string;
  previousConfidence?: string;
  variant?: { sql: string; params: SqlParam[] };
}

/**
 * Each rule is a condition per key result and week; the query finds the
 * FIRST week it holds for every key result: min(week) over the series rows
 * where it holds, grouped by key result (series-table.ts `ruleHits`).
 */
export function ruleSql(rule: ResolvedRule): RuleSql {
  switch (rule.kind) {
    case 'below-threshold':
      return { condition: '(week >= ? AND confidence < ?)', params: [rule.fromWeek, rule.threshold] };
    case 'confidence-drop':
      return {
        condition: '(drop_from - drop_to >= ?)',
        params: [rule.points - EPS],
        confidence: 'drop_to',
        previousConfidence: 'drop_from',
      };
    case 'stale':
      return { condition: '(silent_weeks >= ?)', params: [rule.weeks] };
    case 'divergence':
      return {
        condition: `(week >= ? AND progress IS NOT NULL AND expected IS NOT NULL AND (
            (confidence >= ? AND expected - progress >= ?) OR (confidence < ? AND progress >= expected)))`,
        params: [rule.fromWeek, rule.highConfidence, rule.gap - EPS, rule.lowConfidence],
        variant: {
          sql: "CASE WHEN confidence >= ? THEN 'confident-but-behind' ELSE 'on-track-but-unconfident' END",
          params: [rule.highConfidence],
        },
      };
  }
}

const pct = (v: number | null | undefined): string => (v == null ? '—' : `${Math.round(v * 100)}%`);

/** The alert sentence for a built-in rule hit (plain text). */
export function ruleMessage(
  rule: ResolvedRule,
  hit: { week: number; confidence: number | null; confidence_raw?: string | null; previous_confidence: number | null; progress: number | null; expected: number | null; silent_weeks: number | null; variant: string | null },
): string {
  const conf = hit.confidence_raw ? `${pct(hit.confidence)} (${hit.confidence_raw})` : pct(hit.confidence);
  switch (rule.kind) {
    case 'below-threshold':
      return `Confidence ${conf} is below ${pct(rule.threshold)} in week ${hit.week} (rule applies from week ${rule.fromWeek}).`;
    case 'confidence-drop':
      return `Confidence dropped from ${pct(hit.previous_confidence)} to ${pct(hit.confidence)} in week ${hit.week}.`;
    case 'stale':
      return `No check-in for ${hit.silent_weeks} weeks by week ${hit.week}.`;
    case 'divergence':
      return hit.variant === 'confident-but-behind'
        ? `Confidence ${conf} is high but progress ${pct(hit.progress)} is behind the expected ${pct(hit.expected)} in week ${hit.week}.`
        : `Progress ${pct(hit.progress)} is on track (expected ${pct(hit.expected)}) but confidence is only ${conf} in week ${hit.week}.`;
  }
}
