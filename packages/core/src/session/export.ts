/**
 * What a session hands on: the change set (one row per rating the session changed, before → after,
 * with the reason, author and time of the change in force) as CSV or JSON for an HR system, and the
 * ratings with the calibrated stage in Plumb's canonical layout (load them back and the calibrated
 * stage is the same). Both carry real ids: an element exporting from an anonymized room asks first.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { toCSV } from '../csv.js';
import type { SqlParam } from '../sql.js';
import { SCHEMA, type RatingRow } from '../schema.js';
import { lastRatingEvents, ratingKey, type SessionEvent } from './log.js';
import { ratingsRelation } from './relation.js';
import { baseRatings } from './store.js';

export interface ChangeRow {
  cycle_id: string | null;
  employee_id: string;
  dimension: string | null;
  before: number;
  after: number;
  reason: string | null;
  by: string | null;
  at: string | null;
}

export const CHANGE_COLUMNS = ['cycle_id', 'employee_id', 'dimension', 'before', 'after', 'reason', 'by', 'at'] as const;

/**
 * The changes in force of a cycle's sessions (or of one session): every rating whose calibrated value
 * differs from where the session found it. A change undone, or moved back, is not a change.
 */
export async function sessionChanges(
  connector: Connector,
  options: { cycle: string | null; session_id?: string; employees?: ExportScope },
): Promise<ChangeRow[]> {
  // Only the events about the scope's people are read (undos have no person: they all come, and an
  // undo whose target is out of scope finds nothing to take back).
  const people = scopeCondition('e.employee_id', options.employees, true);
  const events = await queryRows<SessionEvent>(
    connector,
    `SELECT e.* FROM calibration_events e JOIN calibration_sessions s USING (session_id)
      WHERE s.cycle_id IS NOT DISTINCT FROM ? AND (?::VARCHAR IS NULL OR e.session_id = ?) ${people.sql} ORDER BY e.session_id, e.seq`,
    [options.cycle, options.session_id ?? null, options.session_id ?? null, ...people.params],
  );
  const bySession = new Map<string, SessionEvent[]>();
  for (const e of events) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  const last = new Map<string, SessionEvent>();
  for (const list of bySession.values()) {
    for (const [key, e] of lastRatingEvents(list)) if ((last.get(key)?.at ?? '') <= (e.at ?? '')) last.set(key, e);
  }
  const base = await baseRatings(connector, options.cycle);
  const rows: ChangeRow[] = [];
  for (const e of last.values()) {
    const before = base.get(ratingKey(e.employee_id!, e.dimension));
    if (before === undefined || before === e.to_rating) continue;
    rows.push({ cycle_id: options.cycle, employee_id: e.employee_id!, dimension: e.dimension, before, after: e.to_rating!, reason: e.reason, by: e.by_id, at: e.at });
  }
  return rows.sort((a, b) => (a.employee_id < b.employee_id ? -1 : a.employee_id > b.employee_id ? 1 : (a.dimension ?? '') < (b.dimension ?? '') ? -1 : 1));
}

/** The change set as CSV (columns `CHANGE_COLUMNS`). */
export function changeSetCSV(rows: readonly ChangeRow[]): string {
  return toCSV(CHANGE_COLUMNS.map((c) => ({ key: c, label: c })), rows);
}

/** The change set as JSON (an array of `ChangeRow`). */
export function changeSetJSON(rows: readonly ChangeRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/**
 * The people an export is limited to (a server caller's scope), or null for everyone. Matched in SQL,
 * so rows outside the scope never leave the database.
 */
export type ExportScope = readonly string[] | null | undefined;

/** `AND <column> among the scope's people` (and its parameter); nothing for no scope. */
function scopeCondition(column: string, employees: ExportScope, keepNull = false): { sql: string; params: SqlParam[] } {
  if (!employees) return { sql: '', params: [] };
  const among = `${column} IN (SELECT unnest(?::VARCHAR[]))`;
  return { sql: `AND (${keepNull ? `${column} IS NULL OR ` : ''}${among})`, params: [JSON.stringify(employees)] };
}

/** Every rating with the calibrated stage as the sessions left it, in the canonical `ratings` layout (of the scope's people only, when given). */
export async function calibratedRatingRows(connector: Connector, options: { employees?: ExportScope } = {}): Promise<RatingRow[]> {
  const relation = await ratingsRelation(connector);
  const columns = SCHEMA.ratings.columns.map((c) => c.name);
  const people = scopeCondition('employee_id', options.employees);
  return queryRows<RatingRow>(
    connector,
    `SELECT ${columns.join(', ')} FROM ${relation} WHERE TRUE ${people.sql}
      ORDER BY cycle_id NULLS FIRST, employee_id, stage NULLS FIRST, dimension NULLS FIRST, rater_id NULLS FIRST`,
    people.params,
  );
}

/** `calibratedRatingRows` as a canonical ratings.csv. */
export async function calibratedRatingsCSV(connector: Connector): Promise<string> {
  return ratingsCSV(await calibratedRatingRows(connector));
}

/** Rating rows as a canonical ratings.csv (a server's export answers with the rows). */
export function ratingsCSV(rows: readonly RatingRow[]): string {
  return toCSV(SCHEMA.ratings.columns.map((c) => ({ key: c.name, label: c.name })), rows);
}
