/**
 * The calibration session's log, as pure functions (no SQL, no DOM): the browser controller, the CLI
 * and the server share them. The log is append-only: a change of mind is a new event — `undo` names
 * the event it takes back (`undoes_seq`), and a redo is an undo of that undo — so nothing written is
 * ever mutated or deleted, and the calibrated stage is always a function of (manager ratings, log).
 */
import type { CalibrationEventKind, CalibrationEventRow, CalibrationSessionRow } from '../schema.js';
import { reasonRequired, type ReasonPolicy } from './reason-policy.js';

export type SessionEvent = CalibrationEventRow;
export type SessionInfo = CalibrationSessionRow;
export type SessionEventKind = CalibrationEventKind;


/** The key of one rating: an employee's rating on a dimension (null dimension: the cycle's only one). */
export function ratingKey(employeeId: string, dimension: string | null): string {
  return `${employeeId}\u0000${dimension ?? ''}`;
}

/**
 * The seqs taken back by an undo in force. An undo's target always has a lower seq, so one pass from
 * the newest event down decides each undo after everything that can undo it.
 */
function undoneSeqs(events: readonly SessionEvent[]): Set<number> {
  const sorted = [...events].sort((a, b) => b.seq - a.seq);
  const undone = new Set<number>();
  for (const e of sorted) if (e.kind === 'undo' && !undone.has(e.seq) && e.undoes_seq !== null) undone.add(e.undoes_seq);
  return undone;
}

/** The events in force: every event not taken back by an undo in force (undo events left out). */
export function effectiveEvents(events: readonly SessionEvent[]): SessionEvent[] {
  const undone = undoneSeqs(events);
  return [...events].sort((a, b) => a.seq - b.seq).filter((e) => e.kind !== 'undo' && !undone.has(e.seq));
}

/** Whether the event `seq` (an undo included) is in force; false for an unknown seq. */
export function isEffective(events: readonly SessionEvent[], seq: number): boolean {
  return events.some((e) => e.seq === seq) && !undoneSeqs(events).has(seq);
}

/** One calibrated rating: the rating in force after the log, with the change that set it. */
export interface CalibratedRating {
  employee_id: string;
  dimension: string | null;
  /** The rating before the session (the manager's, or a calibrated rating the data already had). */
  before: number;
  rating: number;
  /** The event that set `rating` (null: unchanged). */
  seq: number | null;
  reason: string | null;
  by_id: string | null;
  at: string | null;
}

/** A rating before the session: what `calibratedRatings` overlays. */
export interface BaseRating {
  employee_id: string;
  dimension: string | null;
  rating: number;
}

/**
 * The calibrated ratings: each base rating (manager's, or the data's calibrated one where present)
 * overlaid with the last rating event in force for it. Events for a rating with no base are ignored
 * here (`validateEvent` refuses them).
 */
export function calibratedRatings(base: readonly BaseRating[], events: readonly SessionEvent[]): CalibratedRating[] {
  const out = new Map<string, CalibratedRating>();
  for (const b of base) {
    out.set(ratingKey(b.employee_id, b.dimension), {
      employee_id: b.employee_id, dimension: b.dimension, before: b.rating, rating: b.rating, seq: null, reason: null, by_id: null, at: null,
    });
  }
  for (const e of effectiveEvents(events)) {
    if (e.kind !== 'rating' || e.employee_id === null || e.to_rating === null) continue;
    const r = out.get(ratingKey(e.employee_id, e.dimension));
    if (!r) continue;
    Object.assign(r, { rating: e.to_rating, seq: e.seq, reason: e.reason, by_id: e.by_id, at: e.at });
  }
  return [...out.values()];
}

/** The last rating event in force per rating key (what the calibrated stage overlays). */
export function lastRatingEvents(events: readonly SessionEvent[]): Map<string, SessionEvent> {
  const last = new Map<string, SessionEvent>();
  for (const e of effectiveEvents(events)) {
    if (e.kind === 'rating' && e.employee_id !== null && e.to_rating !== null) last.set(ratingKey(e.employee_id, e.dimension), e);
  }
  return last;
}

/**
 * Move the ratings in force (`ratings`, per `ratingKey`) on by `fresh`, events just appended to `log`
 * (which already holds them): each rating a fresh event or undo touches is set to the last rating event
 * in force for it, else back to `base`. Validating the next change then costs no query.
 */
export function applyEvents(ratings: Map<string, number>, base: ReadonlyMap<string, number>, log: readonly SessionEvent[], fresh: readonly SessionEvent[]): void {
  const bySeq = new Map(log.map((e) => [e.seq, e]));
  const touched = new Set<string>();
  for (const e of fresh) {
    let target: SessionEvent | undefined = e;
    const seen = new Set<number>();
    while (target?.kind === 'undo' && target.undoes_seq !== null && !seen.has(target.seq)) {
      seen.add(target.seq);
      target = bySeq.get(target.undoes_seq);
    }
    if (target?.kind === 'rating' && target.employee_id !== null) touched.add(ratingKey(target.employee_id, target.dimension));
  }
  if (!touched.size) return;
  const last = lastRatingEvents(log);
  for (const key of touched) {
    const rating = last.get(key)?.to_rating ?? base.get(key);
    if (rating === undefined || rating === null) ratings.delete(key);
    else ratings.set(key, rating);
  }
}


/** What an event asks to do, before it is numbered and stamped. */
export interface EventInput {
  kind: SessionEventKind;
  employee_id?: string | null;
  dimension?: string | null;
  /** The rating the author saw (a rating event): a different rating in force is a conflict. */
  from_rating?: number | null;
  to_rating?: number | null;
  reason?: string | null;
  undoes_seq?: number | null;
}

export type EventProblem =
  | { code: 'conflict'; message: string; current: number | null }
  | { code: 'unknown-employee' | 'no-base-rating' | 'reason-required' | 'not-on-scale' | 'bad-undo' | 'bad-event'; message: string };

/** What `validateEvent` needs to know of the data. */
export interface SessionContext {
  /** The rating in force for a key (base overlaid with the log so far), or undefined when there is none. */
  current(employeeId: string, dimension: string | null): number | undefined;
  /** Whether the employee exists in the data. */
  knows(employeeId: string): boolean;
  /** The values of the rating scale (empty: any number). */
  scale: readonly number[];
  reasonPolicy: ReasonPolicy;
}

/**
 * Check one event against the log and the data; null when it may be appended. A `from_rating` that is
 * not the rating in force means someone else changed it since the author looked: a conflict, never a
 * silent overwrite.
 */
export function validateEvent(events: readonly SessionEvent[], input: EventInput, context: SessionContext): EventProblem | null {
  const employee = input.employee_id ?? null;
  if (input.kind === 'undo') {
    const target = input.undoes_seq;
    if (target === null || target === undefined || !events.some((e) => e.seq === target)) {
      return { code: 'bad-undo', message: `There is no event ${String(target)} to undo.` };
    }
    if (!isEffective(events, target)) return { code: 'bad-undo', message: `Event ${target} is already undone.` };
    return null;
  }
  if (input.kind === 'note') {
    if (employee !== null && !context.knows(employee)) return { code: 'unknown-employee', message: `No person "${employee}" in the data.` };
    return null;
  }
  if (employee === null) return { code: 'bad-event', message: `A ${input.kind} event names an employee.` };
  if (!context.knows(employee)) return { code: 'unknown-employee', message: `No person "${employee}" in the data.` };
  if (input.kind === 'discussed') return null;
  if (input.kind !== 'rating') return { code: 'bad-event', message: `Unknown event kind "${String(input.kind)}".` };
  const dimension = input.dimension ?? null;
  const current = context.current(employee, dimension);
  if (current === undefined) {
    return { code: 'no-base-rating', message: `"${employee}" has no rating on ${dimension ?? 'the cycle'} to calibrate.` };
  }
  const to = input.to_rating;
  if (to === null || to === undefined || !Number.isFinite(to)) return { code: 'bad-event', message: 'A rating change needs the new rating.' };
  if (context.scale.length && !context.scale.includes(to)) {
    return { code: 'not-on-scale', message: `${to} is not on the rating scale (${context.scale.join(', ')}).` };
  }
  const from = input.from_rating ?? null;
  if (from !== null && from !== current) {
    return { code: 'conflict', current, message: `The rating of "${employee}" is ${current} now, not ${from}: someone changed it meanwhile.` };
  }
  if (reasonRequired(context.reasonPolicy, current, to) && !(input.reason ?? '').trim()) {
    return { code: 'reason-required', message: `A move from ${current} to ${to} needs a reason.` };
  }
  return null;
}

/** The next event: numbered after the last one, stamped with its author and time. */
export function nextEvent(events: readonly SessionEvent[], sessionId: string, input: EventInput, by: string | null, at: string, current?: number | null): SessionEvent {
  const seq = events.reduce((m, e) => Math.max(m, e.seq), 0) + 1;
  return {
    session_id: sessionId,
    seq,
    kind: input.kind,
    employee_id: input.employee_id ?? null,
    dimension: input.kind === 'rating' || input.kind === 'discussed' ? (input.dimension ?? null) : null,
    from_rating: input.kind === 'rating' ? (input.from_rating ?? current ?? null) : null,
    to_rating: input.kind === 'rating' ? (input.to_rating ?? null) : null,
    reason: input.reason?.trim() ? input.reason.trim() : null,
    by_id: by,
    at,
    undoes_seq: input.kind === 'undo' ? (input.undoes_seq ?? null) : null,
  };
}

/** The event `undo()` with no seq takes back: the newest event in force that is not itself a note. */
export function lastUndoable(events: readonly SessionEvent[]): SessionEvent | null {
  const inForce = new Set(effectiveEvents(events).map((e) => e.seq));
  const sorted = [...events].sort((a, b) => b.seq - a.seq);
  return sorted.find((e) => e.kind !== 'undo' && e.kind !== 'note' && inForce.has(e.seq)) ?? null;
}

/** The undo `redo()` takes back: the newest undo in force, when nothing but undos came after it. */
export function lastRedoable(events: readonly SessionEvent[]): SessionEvent | null {
  const sorted = [...events].sort((a, b) => b.seq - a.seq);
  for (const e of sorted) {
    if (e.kind !== 'undo') return null;
    if (isEffective(events, e.seq) && e.undoes_seq !== null && sorted.find((x) => x.seq === e.undoes_seq)?.kind !== 'undo') return e;
  }
  return null;
}

