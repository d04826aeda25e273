import type { Connector, EventProblem, OrgFilter, PseudonymIndex, ReasonPolicy, SessionEvent, SessionInfo } from '@plumb/core/queries';

// The calibration session's public types and error (session.ts re-exports them; session-engine.ts throws the error).
export type { ReasonPolicy };

/**
 * Where the session's last change is: written (`saved`), being written, refused as stale (`conflict`),
 * failed, or the session is closed (it takes no more changes).
 */
export type PlumbSessionStatus = 'idle' | 'saving' | 'saved' | 'conflict' | 'error' | 'closed';

export interface PlumbSessionOpenOptions {
  /** The review cycle being calibrated. */
  cycle: string | null;
  /** Who is calibrated (a filter: team, department, manager …); informational, kept with the session. */
  scope?: OrgFilter | null;
  /** The facilitator: the author (`by_id`) of the changes made here. */
  facilitator?: string | null;
}

export interface PlumbRatingChange {
  employee_id: string;
  dimension?: string | null;
  to_rating: number;
  reason?: string | null;
  /** The rating the person saw; default the rating in force here. Another rating in force by now is a conflict. */
  from_rating?: number | null;
}

/** Detail of `plumb-session-change` on `<plumb-data>`: one event of the log (pseudonyms when anonymized). */
export interface PlumbSessionChangeDetail {
  event: SessionEvent;
  /** Written to durable storage (IndexedDB, or the server). */
  saved: boolean;
  /** The event came from another tab or laptop. */
  remote: boolean;
}

/** What `.session` accepts to restore (an embedder's own store) and `snapshot()` gives. */
export interface PlumbSessionSnapshot {
  session: SessionInfo;
  events: SessionEvent[];
  /**
   * True when people are pseudonym codes, not real ids: a session a server keeps for an anonymized
   * room (the page's `anonymize`, or `plumb serve --anonymize`). The server stores the real ids and
   * never sends them; it is also the session's store, so such a snapshot is a record, not a restore.
   */
  pseudonyms?: boolean;
}

/** Why a change was refused: the log's rules, or the session is closed. */
export type PlumbSessionProblem = EventProblem | { code: 'closed'; message: string };

/** A change the session refused: `code` says why (`conflict`: someone changed the rating meanwhile; `closed`). */
export class PlumbSessionError extends Error {
  constructor(readonly problem: PlumbSessionProblem) {
    super(problem.message);
    this.name = 'PlumbSessionError';
  }
  get code(): PlumbSessionProblem['code'] {
    return this.problem.code;
  }
}

/** What the controller needs of `<plumb-data>`. */
export interface PlumbSessionHost extends EventTarget {
  readonly sessionConnector: Connector | null;
  /** The calibrated stage moved: re-run the calibration queries, repaint. Settles when repainted. */
  sessionChanged(): Promise<void>;
  /** The pseudonym index when views are anonymized, else null. */
  sessionPseudonyms(): Promise<PseudonymIndex | null>;
  /** The views show pseudonyms (a server then names people by pseudonym both ways). */
  readonly sessionAnonymized?: boolean;
  readonly reasonPolicy: ReasonPolicy;
}

