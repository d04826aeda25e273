import type { CascadeStatus } from '../cascade/types.js';
import type { NamedQueryOptions } from '../queries/options.js';

/**
 * One person's evidence for a review (issue 11). Every item has a stable id (`kind:key…`, built from
 * the data's own keys, never from a person id, so it survives anonymizing and reloading) and its source
 * row (table, key, date). OKR items are context for a review, never a rating.
 */

export interface PersonEvidenceOptions extends Pick<NamedQueryOptions, 'cycle' | 'asOf' | 'anonymize' | 'salt' | 'minGroup'> {
  /** The person (an id, or their pseudonym code when anonymized). */
  person: string;
  /** Include ratings and reasons from earlier stages and cycles (only when the viewer may see them). */
  includeRatings?: boolean;
  /** Days in which a recognition counts as "on time" after a delivery (default 7). */
  recognitionDays?: number;
}

/** Where an item came from: the canonical table, the key of its row, its date. */
export interface EvidenceSource {
  table: 'key_results' | 'objectives' | 'check_ins' | 'links' | 'feedback' | 'recognitions' | 'ratings';
  key: Record<string, string | number | null>;
  date: string | null;
}

interface ItemBase {
  /** Stable evidence id, cited by draft sentences. */
  id: string;
  /** The day the item is about (null when undated). */
  date: string | null;
  source: EvidenceSource;
}

/** A key result the person owns, or one of their team's they contributed to ("team context"). */
export interface KeyResultItem extends ItemBase {
  kind: 'key_result' | 'team_key_result';
  key_result_id: string;
  title: string | null;
  objective_id: string;
  objective_title: string | null;
  owner: string | null;
  unit: string | null;
  start_value: number | null;
  target_value: number | null;
  /** Latest checked-in value on or before as-of (else the export's snapshot). */
  current_value: number | null;
  /** Progress Plumb computes from start, target and current value (0–1). */
  progress: number | null;
  /** Progress the export states (the latest check-in's, else the snapshot's), kept beside the computed one. */
  stated_progress: number | null;
  confidence: number | null;
  status: CascadeStatus;
  check_ins: number;
  /** Team key results only: how the person contributed (owned KRs are `owner`). */
  contribution: ('owner' | 'link' | 'check_in' | 'objective_tree')[];
}

export interface ObjectiveItem extends ItemBase {
  kind: 'objective';
  objective_id: string;
  title: string | null;
  level: string | null;
  /** Weighted mean of its key results' computed progress. */
  progress: number | null;
  stated_progress: number | null;
  key_results: number;
}

export interface CheckInItem extends ItemBase {
  kind: 'check_in';
  key_result_id: string;
  key_result_title: string | null;
  week: number;
  value: number | null;
  progress: number | null;
  confidence: number | null;
  status: string | null;
  note: string | null;
  /** A check-in with status `blocked`. */
  blocked: boolean;
  /** Written by someone other than the key result's owner (their label/name). */
  author: string | null;
  by_other: boolean;
}

/** A week of the cycle (up to as-of) with no check-in of one of the person's key results. */
export interface GapItem extends ItemBase {
  kind: 'gap';
  key_result_id: string;
  key_result_title: string | null;
  week: number;
  week_start: string;
  week_end: string;
}

/** A blocker: raised by a `blocked` check-in, cleared by the next check-in with another status. */
export interface BlockerItem extends ItemBase {
  kind: 'blocker';
  key_result_id: string;
  key_result_title: string | null;
  raised: string;
  cleared: string | null;
  /** Check-ins it stayed blocked for. */
  check_ins: number;
  note: string | null;
}

/** A milestone or sprint of one of the person's key results, with whether the key result moved around it. */
export interface LinkItem extends ItemBase {
  kind: 'link';
  key_result_id: string;
  key_result_title: string | null;
  link_kind: 'milestone' | 'sprint' | 'project';
  external_id: string | null;
  title: string | null;
  due_date: string | null;
  status: string | null;
  delivered: boolean;
  /** The window the movement is measured over: a sprint's 14 days to its due date, ±14 days around a milestone. */
  window_start: string | null;
  window_end: string | null;
  value_before: number | null;
  value_after: number | null;
  /** Progress gained over the window (after − before, as a share of start → target); null when not measurable yet. */
  progress_change: number | null;
  /** Whether the key result moved (|change| ≥ 0.01); null when the window has not ended by as-of or has no reading. */
  moved: boolean | null;
}

export type FeedbackRelationship = 'peer' | 'report' | 'manager' | 'self';

/**
 * 360 feedback from one relationship. Numbers (givers, mean score) only when at least `min_group`
 * people gave; peer and report texts only then too (a single report's feedback is never shown).
 * Feedback counts for the whole review cycle, never as of a date, so two as-of views cannot differ
 * by one giver.
 */
export interface FeedbackGroupItem extends ItemBase {
  kind: 'feedback_group';
  relationship: FeedbackRelationship;
  suppressed: boolean;
  givers: number | null;
  mean_score: number | null;
}

export interface FeedbackQuoteItem extends ItemBase {
  kind: 'feedback_quote';
  relationship: FeedbackRelationship;
  text: string;
}

export interface RecognitionItem extends ItemBase {
  kind: 'recognition';
  given_by: string | null;
  message: string | null;
  key_result_id: string | null;
  key_result_title: string | null;
  /** The delivery it followed: the latest done milestone or target reached on or before it was given. */
  delivery: { kind: 'milestone' | 'target'; external_id: string | null; delivered: string } | null;
  days_after_delivery: number | null;
  on_time: boolean | null;
}

export interface RatingItem extends ItemBase {
  kind: 'rating';
  cycle_id: string | null;
  stage: string | null;
  dimension: string | null;
  rating: number;
  label: string | null;
  reason: string | null;
}

export type EvidenceItem =
  | KeyResultItem | ObjectiveItem | CheckInItem | GapItem | BlockerItem | LinkItem
  | FeedbackGroupItem | FeedbackQuoteItem | RecognitionItem | RatingItem;
export type EvidenceKind = EvidenceItem['kind'];

export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'key_result', 'objective', 'team_key_result', 'check_in', 'gap', 'blocker', 'link',
  'feedback_group', 'feedback_quote', 'recognition', 'rating',
];

export interface EvidencePerson {
  /** Id, or pseudonym code when anonymized. */
  id: string;
  /** Name, or "Person CODE" when anonymized. */
  name: string | null;
  team_id: string | null;
  team_name: string | null;
  manager: string | null;
  department: string | null;
  level: string | null;
}

export interface PersonEvidence {
  person: EvidencePerson;
  cycle: { cycle_id: string | null; name: string | null; start_date: string | null; end_date: string | null };
  /** Review cycles whose feedback and ratings are included (the cycle itself and any overlapping it). */
  review_cycles: string[];
  as_of: string;
  weeks: { week: number; start: string; end: string }[];
  min_group: number;
  anonymized: boolean;
  recognition_days: number;
  /** The rating scale's values and labels: what a draft must never propose. */
  rating_scale: { value: number; label: string | null }[];
  items: EvidenceItem[];
}

/** The item type of one kind (`key_result` and `team_key_result` share `KeyResultItem`). */
export type EvidenceItemOf<K extends EvidenceKind> = K extends KeyResultItem['kind'] ? KeyResultItem : Extract<EvidenceItem, { kind: K }>;

/** The items of one kind, typed. */
export function itemsOfKind<K extends EvidenceKind>(evidence: Pick<PersonEvidence, 'items'>, kind: K): EvidenceItemOf<K>[] {
  return evidence.items.filter((i) => i.kind === kind) as EvidenceItemOf<K>[];
}
