import type { ReasonPolicy } from '@plumb/core';
import { findPlumbData } from '../data/resolve.js';

/**
 * The session controller of `<plumb-data>` (`.session`) as the session views use it. The session
 * engineer's core owns the implementation; the views only call it, so this is the contract they
 * rely on (issue #18): every change goes through it, and each view re-queries when it announces one.
 */
export interface SessionEvent {
  session_id: string;
  seq: number;
  kind: 'rating' | 'discussed' | 'note' | 'undo';
  employee_id: string | null;
  dimension: string | null;
  from_rating: number | null;
  to_rating: number | null;
  reason: string | null;
  by_id: string | null;
  at: string;
  undoes_seq: number | null;
}

export type SessionState = 'idle' | 'saving' | 'saved' | 'conflict' | 'error';

export interface SessionControllerLike {
  /** The open session, null before `open`. */
  readonly session: { session_id: string; cycle_id: string | null } | null;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly events: readonly SessionEvent[];
  readonly state: SessionState;
  changeRating(change: { employee_id: string; dimension: string; to_rating: number; from_rating?: number | null; reason?: string }): Promise<unknown>;
  markDiscussed(mark: { employee_id: string; dimension?: string }): Promise<unknown>;
  note?(note: { employee_id?: string; text: string }): Promise<unknown>;
  undo(seq?: number): Promise<unknown>;
  redo(): Promise<unknown>;
  /** The log with real ids (what the change set is made from). */
  snapshot(): { events: SessionEvent[] } | null;
}

/** The `<plumb-data>` element a view draws from: its `source="id"`, else the nearest ancestor. */
export function plumbDataOf(element: Element & { source?: string }): Element | null {
  if (element.source) return findPlumbData(element, element.source);
  return element.closest('plumb-data');
}

interface SessionHostElement extends Element {
  session?: SessionControllerLike | null;
  reasonPolicy?: ReasonPolicy;
}

/** The open session of the view's `<plumb-data>`, or null (the views are then read-only). */
export function sessionOf(element: Element & { source?: string }): SessionControllerLike | null {
  const session = (plumbDataOf(element) as SessionHostElement | null)?.session ?? null;
  return session?.session ? session : null;
}

/** When a move needs a reason in this room (`<plumb-data reason-policy>`; default: two levels or more). */
export function reasonPolicyOf(element: Element & { source?: string }): ReasonPolicy {
  return (plumbDataOf(element) as SessionHostElement | null)?.reasonPolicy ?? 'two-levels';
}
