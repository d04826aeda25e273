/**
 * The change set of a session: what an HR system imports — one row per rating the session changed
 * (in force at the end: undone changes and changes back to where a rating started are not in it).
 * Real ids: exporting it from an anonymized room asks first (the elements do).
 */
import { effectiveEvents, ratingKey, type SessionEvent } from './log.js';

export interface ChangeSetRow {
  employee_id: string;
  dimension: string | null;
  /** The rating before the session's first change to it. */
  before: number | null;
  /** The rating in force after the session. */
  after: number;
  /** The reason of the change in force (null: none given). */
  reason: string | null;
  by: string | null;
  at: string | null;
}

/** The columns of the change set file, in order (CSV header and JSON keys). */
export const CHANGE_SET_COLUMNS = ['employee_id', 'dimension', 'before', 'after', 'reason', 'by', 'at'] as const;

/** The change set of a session's log (any order), ordered by the time of each rating's last change. */
export function sessionChangeSet(events: readonly SessionEvent[]): ChangeSetRow[] {
  const rows = new Map<string, ChangeSetRow>();
  for (const e of effectiveEvents(events)) {
    if (e.kind !== 'rating' || e.employee_id === null || e.to_rating === null) continue;
    const key = ratingKey(e.employee_id, e.dimension);
    const before = rows.has(key) ? rows.get(key)!.before : e.from_rating;
    rows.delete(key); // re-inserted last: the file reads in the order the room settled things
    rows.set(key, { employee_id: e.employee_id, dimension: e.dimension, before, after: e.to_rating, reason: e.reason, by: e.by_id, at: e.at });
  }
  return [...rows.values()].filter((r) => r.before !== r.after);
}
