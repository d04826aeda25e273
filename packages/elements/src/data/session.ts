import type { HttpConnector } from '@plumb/core/http';
import type { SessionEvent, SessionInfo } from '@plumb/core/queries';
import type { SessionEngine } from './session-engine.js';
import type { PlumbRatingChange, PlumbSessionChangeDetail, PlumbSessionHost, PlumbSessionOpenOptions, PlumbSessionSnapshot, PlumbSessionStatus } from './session-types.js';

export {
  PlumbSessionError,
  type PlumbRatingChange,
  type PlumbSessionChangeDetail,
  type PlumbSessionHost,
  type PlumbSessionOpenOptions,
  type PlumbSessionProblem,
  type PlumbSessionSnapshot,
  type PlumbSessionStatus,
  type ReasonPolicy,
} from './session-types.js';

/**
 * The calibration session of a `<plumb-data>`: changes a rating, marks discussed, notes, undoes and
 * redoes, each as an event appended to the log. Each event is written to IndexedDB (keyed by the data's
 * identity and the session) before it is reported saved; a reload finds the session again; another tab
 * on the same session hears of each event (BroadcastChannel) and a stale write is a conflict, never an
 * overwrite. Real ids are stored; ids given from an anonymized view (pseudonym codes) are resolved, and
 * what the log shows (`events`, the change event) carries pseudonyms when the views are anonymized.
 *
 * Its workings (the log's rules, the stores, the server's protocol) load with the first call that opens,
 * restores or changes a session: a page that shows data without a session never downloads them.
 */
export class PlumbSessionController {
  private engine: SessionEngine | null = null;
  private loading: Promise<SessionEngine> | null = null;

  constructor(private readonly host: PlumbSessionHost) {}

  /** The session's workings, loaded once; calls made meanwhile run in the order they were made. */
  private work(): Promise<SessionEngine> {
    return (this.loading ??= import('./session-engine.js').then(({ SessionEngine }) => (this.engine = new SessionEngine(this.host))));
  }

  /** Where the last change is. */
  get state(): PlumbSessionStatus {
    return this.engine?.state ?? 'idle';
  }

  /** The open session (null before `open`). */
  get session(): SessionInfo | null {
    return this.engine?.session ?? null;
  }

  /** The log, oldest first, as the views show it (pseudonyms when anonymized). */
  get events(): readonly SessionEvent[] {
    return this.engine?.events ?? NO_EVENTS;
  }

  /**
   * The log with real ids (for the embedder's own store; an export from an anonymized room asks first).
   * A session kept by a server that names people by pseudonym has no real ids here: `pseudonyms` says so.
   */
  snapshot(): PlumbSessionSnapshot | null {
    return this.engine?.snapshot() ?? null;
  }

  /** Whether `undo()` / `redo()` have something to do. */
  get canUndo(): boolean {
    return this.engine?.canUndo ?? false;
  }
  get canRedo(): boolean {
    return this.engine?.canRedo ?? false;
  }

  /** The server that keeps this session (its exports come from there), or null for a session kept in the page. */
  get keptBy(): HttpConnector | null {
    return this.engine?.keptBy ?? null;
  }

  /**
   * Open (or find again, after a reload) the session of `cycle` and `scope` on this data: the newest
   * one saved in this browser for the same data, cycle and scope, else a new one. Resolves once its
   * log is in the database and the views show it.
   */
  async open(options: PlumbSessionOpenOptions): Promise<SessionInfo> {
    return (await this.work()).open(options);
  }

  /** Restore a session from the embedder's own store (also saved to this browser's). */
  async restore(snapshot: PlumbSessionSnapshot): Promise<SessionInfo> {
    return (await this.work()).restore(snapshot);
  }

  /** Change one rating. Rejects with a `PlumbSessionError` (conflict, reason required, …) and writes nothing then. */
  async changeRating(change: PlumbRatingChange): Promise<SessionEvent> {
    return (await this.work()).changeRating(change);
  }

  /** Mark a person (or one rating of theirs) as discussed. */
  async markDiscussed(target: { employee_id: string; dimension?: string | null }): Promise<SessionEvent> {
    return (await this.work()).markDiscussed(target);
  }

  /** A note in the log, about a person or the session. */
  async note(note: { employee_id?: string | null; text: string }): Promise<SessionEvent> {
    return (await this.work()).note(note);
  }

  /** Take back an event (default: the newest one in force). An undo is itself an event; nothing is deleted. */
  async undo(seq?: number): Promise<SessionEvent> {
    return (await this.work()).undo(seq);
  }

  /** Take back the newest undo (an undo of the undo). */
  async redo(): Promise<SessionEvent> {
    return (await this.work()).redo();
  }

  /**
   * Close the session: it takes no more changes (here, in other tabs and, on a server, on every
   * laptop); the log stays. A later `open` of the same cycle starts a new session.
   */
  async close(): Promise<SessionInfo> {
    return (await this.work()).close();
  }

  /** Forget the data's session (a new load): the next `open` starts from the store again. */
  reset(): void {
    this.engine?.reset();
  }
}

const NO_EVENTS: readonly SessionEvent[] = Object.freeze([]);

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-session-change': CustomEvent<PlumbSessionChangeDetail>;
    'plumb-session-closed': CustomEvent<{ session: SessionInfo | null }>;
  }
}
