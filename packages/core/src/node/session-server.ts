/**
 * Calibration sessions kept by `plumb serve` (`--sessions DIR`): every laptop in the room writes to and
 * reads from the server's log, so two facilitators agree.
 *
 * Durable how: one append-only JSON-lines file per session in DIR (`<session_id>.jsonl`: the session,
 * then one line per event, then a `closed` line), each line flushed to disk (fdatasync) BEFORE the event
 * goes into DuckDB and before the client hears it is saved; at start the server replays the files into
 * the canonical `calibration_sessions` / `calibration_events` tables. Why files and not the database:
 * `plumb serve` holds its data in an in-memory DuckDB loaded from the organisation's files (there is no
 * database file to write to, and read-only serving locks DuckDB's own file access), while a file per
 * session is readable by a person, survives a crash up to the last acknowledged change, and goes into
 * an organisation's backup as it is.
 *
 * Who: the author of every event is the authenticated caller (`by`), never the client's claim. Only
 * administrators and facilitators write, and only about people in their scope; a stale `from_rating`
 * is a conflict (409, with the rating in force). Readers see the events about people in their scope.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connector } from '../connector.js';
import type { SessionAnswer, SessionEventInput, SessionExportAnswer } from '../http/protocol.js';
import { calibratedRatingRows, sessionChanges } from '../session/export.js';
import type { PseudonymIndex } from '../privacy/pseudonym-index.js';
import type { CalibrationLogEntry, CalibrationLogResult } from '../calibration/session-log.js';
import {
  applyEvents, nextEvent, validateEvent, type SessionEvent, type SessionInfo,
} from '../session/log.js';
import type { ReasonPolicy } from '../session/reason-policy.js';
import {
  appendSessionEvents, baseRatings, closeSession, dataIdentity, normaliseEvent, openSession, SessionRatings,
} from '../session/store.js';
import type { Identity } from './identity.js';
import type { Scope } from './scope.js';

/** A refused session request: `status` is the HTTP status, `extra` goes into the answer (a conflict's `current`). */
export class SessionRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Who asks, as the server knows them. */
export interface SessionCaller {
  identity: Identity;
  scope: Scope;
  /** Pseudonyms both ways (the page is anonymized, or the server is). */
  index: PseudonymIndex | null;
}

export interface ServerSessionsOptions {
  /** The folder of the session files (made when missing). */
  dir: string;
  /** When a move needs a reason (default: two levels or more). */
  reasonPolicy?: ReasonPolicy;
  /** Findings while replaying the folder (a session recorded on other data, a torn last line). */
  report?: (line: string) => void;
  /** Called after each write (the server brings its calibration pre-aggregates up to date). */
  onWrite?: () => Promise<void> | void;
}

interface LiveSession {
  info: SessionInfo;
  log: SessionEvent[];
  file: string;
  /** Writes to this session, one at a time. */
  queue: Promise<unknown>;
  /** Long-polls waiting for the next event or the close. */
  waiters: Set<() => void>;
  /** The ratings in force (for validating a change without a query), made on first write. */
  ratings: SessionRatings | null;
  base: ReadonlyMap<string, number> | null;
}

type FileLine = { session: SessionInfo; data_id: string } | { event: SessionEvent } | { closed: { closed_at: string; by_id: string } };

const SESSION_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Longest wait of a long-poll (below proxies' usual 30–60 s idle time-outs). */
export const MAX_SESSION_WAIT_MS = 25_000;
const MAX_REASON = 4000;

function canWrite(identity: Identity): boolean {
  return identity.role === 'admin' || identity.role === 'facilitator';
}

/** The author recorded for the caller: their person id when the server knows it, else their subject. */
function authorOf(caller: SessionCaller): string {
  const self = caller.scope.all ? null : caller.scope.self;
  return caller.identity.person_id ?? self ?? caller.identity.subject;
}

/**
 * The session log's named query (`calibration-log`) as a caller may read it: facilitators and
 * administrators only (a log names the people discussed and why), and only the entries about people
 * in their scope (an undo goes with the entry it takes back; a note on the session stays).
 */
export function scopeSessionLog(result: CalibrationLogResult, caller: SessionCaller): CalibrationLogResult {
  if (!canWrite(caller.identity)) throw new SessionRequestError(403, 'the session log is for facilitators and administrators');
  const scope = caller.scope;
  if (scope.all) return result;
  // Figures over the whole organisation's groups are for administrators (a scope's own would be too small).
  const { change_impact: _impact, ...scoped } = result;
  result = scoped;
  const inScope = (id: string | null) => {
    if (id === null) return true;
    const real = caller.index ? caller.index.resolve(id) : id;
    return real !== null && scope.people.has(real);
  };
  const bySeq = new Map(result.entries.map((e) => [e.seq, e]));
  const subject = (e: CalibrationLogEntry): CalibrationLogEntry | undefined => {
    const seen = new Set<number>();
    let target: CalibrationLogEntry | undefined = e;
    while (target?.kind === 'undo' && target.undoes_seq !== null && !seen.has(target.seq)) {
      seen.add(target.seq);
      target = bySeq.get(target.undoes_seq);
    }
    return target;
  };
  return { ...result, entries: result.entries.filter((e) => inScope(subject(e)?.employee_id ?? null)) };
}

export class ServerSessions {
  private readonly live = new Map<string, LiveSession>();
  private dataId = '';

  private constructor(
    private readonly connector: Connector,
    private readonly options: ServerSessionsOptions,
  ) {
    this.options = { ...options };
  }

  /** Replay the folder's sessions into the database (those recorded on this data) and serve them. */
  static async start(connector: Connector, options: ServerSessionsOptions): Promise<ServerSessions> {
    const sessions = new ServerSessions(connector, options);
    await mkdir(options.dir, { recursive: true });
    sessions.dataId = await dataIdentity(connector);
    const names = (await readdir(options.dir)).filter((n) => n.endsWith('.jsonl')).sort();
    for (const name of names) await sessions.replay(join(options.dir, name));
    return sessions;
  }

  /** Call `hook` after each write (the server brings its pre-aggregates up to date). */
  afterWrite(hook: () => Promise<void> | void): void {
    this.options.onWrite = hook;
  }

  private pending = new Set<Promise<void>>();

  /** Settles when the work each write started (pre-aggregate rebuilds) is done: wait before closing the database. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private written(): void {
    const work = Promise.resolve(this.options.onWrite?.()).catch(() => undefined);
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** How many sessions are served (replayed or opened since). */
  get size(): number {
    return this.live.size;
  }

  private async replay(file: string): Promise<void> {
    const report = this.options.report ?? (() => undefined);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const parsed: FileLine[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (!text.trim()) continue;
      try {
        parsed.push(JSON.parse(text) as FileLine);
      } catch {
        if (i === lines.length - 1) {
          // A line cut short by a crash while it was written: that event was never acknowledged.
          report(`${file}:${i + 1}: an incomplete last line (written when the server stopped) is left out`);
          // Cut it off the file too: the next event appended would otherwise join it on one line, which
          // the next start-up could not read (and the session would not load).
          await truncate(file, Buffer.byteLength(lines.slice(0, i).map((l) => `${l}\n`).join(''), 'utf8'));
          break;
        }
        report(`${file}:${i + 1}: not a JSON line: the session is not loaded (repair or remove the file)`);
        return;
      }
    }
    const head = parsed[0];
    if (!head || !('session' in head)) {
      report(`${file}:1: the first line is not a session: the file is not loaded`);
      return;
    }
    if (head.data_id !== this.dataId) {
      // Its events name ratings of other data: overlaying them here would change numbers by a guess.
      report(`${file}: session ${head.session.session_id} was recorded on other data (a different export): not loaded`);
      return;
    }
    const info: SessionInfo = { ...head.session, closed_at: null };
    const log: SessionEvent[] = [];
    let closed: string | null = null;
    for (const line of parsed.slice(1)) {
      if ('event' in line) log.push(normaliseEvent(line.event));
      else if ('closed' in line) closed = line.closed.closed_at;
    }
    await openSession(this.connector, info);
    await appendSessionEvents(this.connector, log);
    if (closed) {
      await closeSession(this.connector, info.session_id, closed);
      info.closed_at = closed;
    }
    this.live.set(info.session_id, { info, log, file, queue: Promise.resolve(), waiters: new Set(), ratings: null, base: null });
  }

  /** The newest open session of this cycle and scope, else a new one (facilitators and administrators). */
  async open(caller: SessionCaller, request: { cycle: string | null; scope?: string | null }): Promise<SessionAnswer> {
    if (!canWrite(caller.identity)) throw new SessionRequestError(403, 'calibration sessions are for facilitators and administrators');
    const scope = this.sessionScope(caller, request.scope ?? null);
    const cycle = request.cycle ?? null;
    const found = [...this.live.values()]
      .filter((s) => s.info.cycle_id === cycle && s.info.scope === scope && !s.info.closed_at)
      .sort((a, b) => ((a.info.opened_at ?? '') < (b.info.opened_at ?? '') ? 1 : -1))[0];
    if (found) return this.answer(caller, found, 0);
    const info: SessionInfo = {
      session_id: randomUUID(), cycle_id: cycle, scope, facilitator_id: authorOf(caller), opened_at: new Date().toISOString(), closed_at: null,
    };
    const session: LiveSession = { info, log: [], file: join(this.options.dir, `${info.session_id}.jsonl`), queue: Promise.resolve(), waiters: new Set(), ratings: null, base: null };
    await this.write(session, { session: info, data_id: this.dataId });
    await openSession(this.connector, info);
    this.live.set(info.session_id, session);
    this.written();
    return this.answer(caller, session, 0);
  }

  /** Append one event: checked against the scope, the log and the data, written to disk, then to the database. */
  append(caller: SessionCaller, sessionId: string, input: SessionEventInput): Promise<SessionEvent> {
    const session = this.find(sessionId);
    if (!canWrite(caller.identity)) return Promise.reject(new SessionRequestError(403, 'only facilitators and administrators change a calibration session'));
    return this.serial(session, async () => {
      if (session.info.closed_at) throw new SessionRequestError(409, `the session was closed at ${session.info.closed_at}: it takes no more changes`, { closed_at: session.info.closed_at });
      const event = this.input(caller, input);
      const subject = event.kind === 'undo' ? this.undoTarget(session, event.undoes_seq ?? null) : event;
      if (subject?.employee_id && !this.inScope(caller, subject.employee_id)) {
        throw new SessionRequestError(403, 'that person is outside your calibration scope');
      }
      if (!session.ratings) {
        session.ratings = await SessionRatings.load(this.connector, session.info.cycle_id, this.options.reasonPolicy ?? 'two-levels');
        session.base = await baseRatings(this.connector, session.info.cycle_id);
      }
      const ratings = session.ratings;
      const problem = validateEvent(session.log, event, ratings);
      if (problem) {
        const status = problem.code === 'conflict' ? 409 : problem.code === 'unknown-employee' || problem.code === 'no-base-rating' ? 404 : 400;
        const shown = caller.index && event.employee_id ? problem.message.replaceAll(event.employee_id, caller.index.code(event.employee_id)) : problem.message;
        throw new SessionRequestError(status, shown, { code: problem.code, ...(problem.code === 'conflict' ? { current: problem.current } : {}) });
      }
      const current = event.kind === 'rating' ? ratings.current(event.employee_id!, event.dimension ?? null) : null;
      const made = nextEvent(session.log, session.info.session_id, event, authorOf(caller), new Date().toISOString(), current);
      await this.write(session, { event: made });
      session.log.push(made);
      applyEvents(ratings.ratings, session.base!, session.log, [made]);
      await appendSessionEvents(this.connector, [made]);
      this.wake(session);
      this.written();
      return this.display(caller, made);
    });
  }

  /** The log after `after` as the caller may see it; waits up to `waitMs` for a new event when there is none. */
  async events(caller: SessionCaller, sessionId: string, after: number, waitMs: number, signal: AbortSignal): Promise<SessionAnswer> {
    if (!canWrite(caller.identity)) throw new SessionRequestError(403, 'calibration sessions are for facilitators and administrators');
    const session = this.find(sessionId);
    const last = () => session.log.at(-1)?.seq ?? 0;
    const wait = Math.min(Math.max(0, waitMs), MAX_SESSION_WAIT_MS);
    if (last() <= after && !session.info.closed_at && wait > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          session.waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        session.waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return this.answer(caller, session, after);
  }

  /** Close a session: a `closed` line, `closed_at` in the database; no event is taken after. */
  close(caller: SessionCaller, sessionId: string): Promise<SessionAnswer> {
    const session = this.find(sessionId);
    if (!canWrite(caller.identity)) return Promise.reject(new SessionRequestError(403, 'only facilitators and administrators close a calibration session'));
    return this.serial(session, async () => {
      if (!session.info.closed_at) {
        const at = new Date().toISOString();
        await this.write(session, { closed: { closed_at: at, by_id: authorOf(caller) } });
        await closeSession(this.connector, session.info.session_id, at);
        session.info.closed_at = at;
        this.wake(session);
      }
      return this.answer(caller, session, session.log.at(-1)?.seq ?? 0);
    });
  }

  /**
   * What the session hands on (the change set in force, or every rating with the calibrated stage),
   * with real ids: facilitators and administrators only, limited to the people in their scope; after
   * the writes already taken (it waits its turn behind them).
   */
  export(caller: SessionCaller, sessionId: string, what: unknown): Promise<SessionExportAnswer> {
    const session = this.find(sessionId);
    if (!canWrite(caller.identity)) return Promise.reject(new SessionRequestError(403, 'only facilitators and administrators export a calibration session'));
    if (what !== 'changes' && what !== 'ratings') return Promise.reject(new SessionRequestError(400, 'export what: "changes" or "ratings"'));
    // The scope is matched in the database: nobody else's rows are read out of it.
    const employees = caller.scope.all ? null : [...caller.scope.people];
    return this.serial(session, async () => {
      if (what === 'changes') return { changes: await sessionChanges(this.connector, { cycle: session.info.cycle_id, session_id: session.info.session_id, employees }) };
      return { ratings: await calibratedRatingRows(this.connector, { employees }) };
    });
  }

  // ---- internals

  private find(sessionId: unknown): LiveSession {
    const session = typeof sessionId === 'string' && SESSION_ID.test(sessionId) ? this.live.get(sessionId) : undefined;
    if (!session) throw new SessionRequestError(404, 'no such calibration session on this server');
    return session;
  }

  private serial<T>(session: LiveSession, step: () => Promise<T>): Promise<T> {
    const next = session.queue.then(step, step);
    session.queue = next.catch(() => undefined);
    return next;
  }

  private wake(session: LiveSession): void {
    for (const done of [...session.waiters]) done();
  }

  /** One line, on disk before anything else hears of it. */
  private async write(session: LiveSession, line: FileLine): Promise<void> {
    const handle = await open(session.file, 'a');
    try {
      await handle.write(`${JSON.stringify(line)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /** A facilitator's session covers their team: a scope naming another team is refused; none means theirs. */
  private sessionScope(caller: SessionCaller, scope: string | null): string | null {
    if (scope !== null && (typeof scope !== 'string' || scope.length > 2000)) throw new SessionRequestError(400, 'scope must be the JSON text of a filter');
    if (caller.scope.all) return scope;
    let filter: Record<string, unknown> = {};
    try {
      filter = scope ? (JSON.parse(scope) as Record<string, unknown>) : {};
    } catch {
      throw new SessionRequestError(400, 'scope must be the JSON text of a filter');
    }
    const team = filter.team_id;
    if (team !== undefined && team !== null && (typeof team !== 'string' || !caller.scope.teams.has(team))) {
      throw new SessionRequestError(403, 'the session scope names a team outside your calibration scope');
    }
    if ((team === undefined || team === null) && caller.scope.roots.length === 1) return JSON.stringify({ ...filter, team_id: caller.scope.roots[0] });
    return scope;
  }

  /** The client's event as the log's input: people resolved from pseudonyms, sizes and kinds checked. */
  private input(caller: SessionCaller, raw: SessionEventInput): SessionEventInput {
    if (!raw || typeof raw !== 'object') throw new SessionRequestError(400, 'event must be an object');
    const kind = raw.kind;
    if (kind !== 'rating' && kind !== 'discussed' && kind !== 'note' && kind !== 'undo') {
      throw new SessionRequestError(400, `unknown event kind ${JSON.stringify(kind)?.slice(0, 40)} (rating, discussed, note or undo)`);
    }
    const text = (v: unknown, name: string, max: number) => {
      if (v === undefined || v === null) return null;
      if (typeof v !== 'string' || v.length > max) throw new SessionRequestError(400, `${name} must be text of at most ${max} characters`);
      return v;
    };
    const num = (v: unknown, name: string) => {
      if (v === undefined || v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SessionRequestError(400, `${name} must be a number`);
      return v;
    };
    let employee = text(raw.employee_id, 'employee_id', 200);
    if (employee !== null && caller.index) {
      const id = caller.index.resolve(employee);
      // With pseudonyms on, a person is named by their code only (a real id would be answered with one).
      if (id === null || id === employee) throw new SessionRequestError(403, 'with anonymize, people are named by their pseudonym');
      employee = id;
    }
    return {
      kind,
      employee_id: employee,
      dimension: text(raw.dimension, 'dimension', 200),
      ...(raw.from_rating !== undefined && raw.from_rating !== null ? { from_rating: num(raw.from_rating, 'from_rating') } : {}),
      to_rating: num(raw.to_rating, 'to_rating'),
      reason: text(raw.reason, 'reason', MAX_REASON),
      undoes_seq: num(raw.undoes_seq, 'undoes_seq'),
    };
  }

  /** The rating event an undo (or a chain of undos) is about. */
  private undoTarget(session: LiveSession, seq: number | null): SessionEvent | undefined {
    const seen = new Set<number>();
    let target = session.log.find((e) => e.seq === seq);
    while (target?.kind === 'undo' && target.undoes_seq !== null && !seen.has(target.seq)) {
      seen.add(target.seq);
      const next: number | null = target.undoes_seq;
      target = session.log.find((e) => e.seq === next);
    }
    return target;
  }

  private inScope(caller: SessionCaller, employee: string): boolean {
    return caller.scope.all || caller.scope.people.has(employee);
  }

  /** Whether the caller may read an event: about nobody, or about someone in their scope. */
  private visible(caller: SessionCaller, session: LiveSession, e: SessionEvent): boolean {
    if (caller.scope.all) return true;
    const subject = e.kind === 'undo' ? this.undoTarget(session, e.undoes_seq) : e;
    return !subject?.employee_id || this.inScope(caller, subject.employee_id);
  }

  private display(caller: SessionCaller, e: SessionEvent): SessionEvent {
    const index = caller.index;
    if (!index) return { ...e };
    return { ...e, employee_id: e.employee_id === null ? null : index.code(e.employee_id), by_id: e.by_id === null ? null : index.code(e.by_id) };
  }

  private answer(caller: SessionCaller, session: LiveSession, after: number): SessionAnswer {
    const info = { ...session.info };
    if (caller.index && info.facilitator_id) info.facilitator_id = caller.index.code(info.facilitator_id);
    return {
      session: info,
      events: session.log.filter((e) => e.seq > after && this.visible(caller, session, e)).map((e) => this.display(caller, e)),
      last_seq: session.log.at(-1)?.seq ?? 0,
      pseudonyms: caller.index !== null,
    };
  }
}
