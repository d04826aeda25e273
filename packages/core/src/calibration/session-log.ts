/**
 * The activity list of a calibration session: every event of its log, newest first, with the
 * person and the author named (or pseudonyms under anonymize) and whether a later undo cancelled it.
 * Read from the canonical `calibration_events` table, so it answers the same on every connector.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import type { PrivacyOptions } from '../queries/options.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import { hasTable } from './aggregates.js';
import { effectiveEvents, isEffective, type SessionEvent } from '../session/log.js';
import { normaliseEvent } from '../session/store.js';
import { changeImpact, type ChangeImpact } from '../session/change-impact.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';

export interface CalibrationLogOptions extends PrivacyOptions {
  /** The session (default: the most recently opened one of `cycle`, or of any cycle). */
  session_id?: string | null;
  cycle?: string | null;
  /**
   * Opt-in: the `person_attributes` attribute whose groups the four-fifths figures of the changes
   * compare (`change_impact`), on `dimension` (default overall). Groups under min-group are not shown.
   */
  impactAttribute?: string | null;
  dimension?: string | null;
}

export interface CalibrationLogEntry {
  seq: number;
  kind: 'rating' | 'discussed' | 'note' | 'undo';
  /** The person (a pseudonym code under anonymize), null for a note on the session. */
  employee_id: string | null;
  /** Name, or pseudonym under anonymize. */
  employee: string | null;
  dimension: string | null;
  from_rating: number | null;
  to_rating: number | null;
  reason: string | null;
  /** Who recorded it (name, id when not a person of the data, or a pseudonym under anonymize). */
  by: string | null;
  at: string | null;
  undoes_seq: number | null;
  /** A later undo (not itself undone) cancels this event. */
  undone: boolean;
}

export interface CalibrationLogResult {
  session_id: string | null;
  cycle_id: string | null;
  entries: CalibrationLogEntry[];
  /** The four-fifths figures of the changes in force (with `impactAttribute` only). */
  change_impact?: ChangeImpact;
}

interface EventRow {
  seq: number;
  kind: CalibrationLogEntry['kind'];
  employee_id: string | null;
  employee_name: string | null;
  dimension: string | null;
  from_rating: number | null;
  to_rating: number | null;
  reason: string | null;
  by_id: string | null;
  by_name: string | null;
  at: string | null;
  undoes_seq: number | null;
}

export async function calibrationLog(connector: Connector, options: CalibrationLogOptions = {}): Promise<CalibrationLogResult> {
  if (!(await hasTable(connector, 'calibration_events')) || !(await hasTable(connector, 'calibration_sessions'))) {
    return { session_id: null, cycle_id: null, entries: [] };
  }
  const [session] = await queryRows<{ session_id: string; cycle_id: string | null }>(
    connector,
    `SELECT session_id, cycle_id FROM calibration_sessions
      WHERE (? IS NULL OR session_id = ?) AND (? IS NULL OR cycle_id IS NOT DISTINCT FROM ?)
      ORDER BY opened_at DESC NULLS LAST, session_id DESC LIMIT 1`,
    [options.session_id ?? null, options.session_id ?? null, options.cycle ?? null, options.cycle ?? null],
  );
  if (!session) return { session_id: null, cycle_id: null, entries: [] };
  const people = await hasTable(connector, 'people');
  const rows = await queryRows<EventRow>(
    connector,
    `SELECT e.seq, e.kind, e.employee_id, ${people ? 'p.name' : 'NULL'} AS employee_name, e.dimension, e.from_rating, e.to_rating,
            e.reason, e.by_id, ${people ? 'b.name' : 'NULL'} AS by_name, CAST(e.at AS VARCHAR) AS at, e.undoes_seq
       FROM calibration_events e
       ${people ? 'LEFT JOIN people p ON p.person_id = e.employee_id LEFT JOIN people b ON b.person_id = e.by_id' : ''}
      WHERE e.session_id = ?
      ORDER BY e.seq DESC`,
    [session.session_id],
  );
  // In force or taken back, by the session's own rule (an undo of an undo is a redo).
  const log: SessionEvent[] = rows.map((r) => normaliseEvent({ ...r, session_id: session.session_id } as unknown as SessionEvent));
  const inForce = new Set(effectiveEvents(log).map((e) => e.seq));
  const undone = new Set(log.filter((e) => (e.kind === 'undo' ? !isEffective(log, e.seq) : !inForce.has(e.seq))).map((e) => e.seq));
  const index = options.anonymize ? await pseudonymIndex(connector, options.salt ?? '') : null;
  const entries = rows.map((r): CalibrationLogEntry => {
    const seq = Number(r.seq);
    const who = (id: string | null, name: string | null, prefix: string) => (id === null ? null : index ? index.label(id, prefix) : (name ?? id));
    return {
      seq,
      kind: r.kind,
      employee_id: r.employee_id === null ? null : index ? index.code(r.employee_id) : r.employee_id,
      employee: who(r.employee_id, r.employee_name, 'Person'),
      dimension: r.dimension,
      from_rating: r.from_rating === null ? null : Number(r.from_rating),
      to_rating: r.to_rating === null ? null : Number(r.to_rating),
      reason: r.reason,
      by: who(r.by_id, r.by_name, 'Person'),
      at: r.at,
      undoes_seq: r.undoes_seq === null ? null : Number(r.undoes_seq),
      undone: undone.has(seq),
    };
  });
  const impact = options.impactAttribute
    ? await changeImpact(connector, {
        cycle: session.cycle_id, dimension: options.dimension ?? 'overall', attribute: options.impactAttribute, minGroup: options.minGroup ?? DEFAULT_MIN_GROUP,
      })
    : null;
  return { session_id: session.session_id, cycle_id: session.cycle_id, entries, ...(impact ? { change_impact: impact } : {}) };
}
