import { HttpRequestError, type HttpConnector, type SessionAnswer } from '@plumb/core/http';
import {
  SessionRatings,
  appendSessionEvents,
  closeSession,
  dataIdentity,
  lastRatingEvents,
  lastRedoable,
  lastUndoable,
  baseRatings,
  nextEvent,
  normaliseEvent,
  openSession,
  ratingKey,
  sessionEvents,
  validateEvent,
  type Connector,
  type EventInput,
  type EventProblem,
  type PseudonymIndex,
  type SessionEvent,
  type SessionInfo,
} from '@plumb/core/queries';
import { SessionStore, isKeyTaken } from './session-store.js';
import {
  PlumbSessionError,
  type PlumbRatingChange,
  type PlumbSessionChangeDetail,
  type PlumbSessionHost,
  type PlumbSessionOpenOptions,
  type PlumbSessionSnapshot,
  type PlumbSessionStatus,
} from './session-types.js';

/** A connector whose server keeps calibration sessions (`HttpConnector` to `plumb serve --sessions`). */
function serverOf(connector: Connector): HttpConnector | null {
  const http = connector as Partial<HttpConnector>;
  return typeof http.session === 'function' && typeof http.runNamedQuery === 'function' ? (connector as HttpConnector) : null;
}

/** How long one long-poll for other laptops' changes waits on the server. */
const POLL_WAIT_MS = 20_000;

function newSessionId(): string {
  return globalThis.crypto.randomUUID?.() ?? [...globalThis.crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The session's workings behind `PlumbSessionController` (see there): loaded with the first session call. */
export class SessionEngine {
  private log: SessionEvent[] = [];
  private info: SessionInfo | null = null;
  private dataId = '';
  private ratings: SessionRatings | null = null;
  private base: ReadonlyMap<string, number> = new Map();
  private status: PlumbSessionStatus = 'idle';
  private queue: Promise<unknown> = Promise.resolve();
  private channel: BroadcastChannel | null = null;
  private index: PseudonymIndex | null = null;
  private displayed: SessionEvent[] = [];
  private readonly store = new SessionStore();

  constructor(private readonly host: PlumbSessionHost) {}

  /** Where the last change is. */
  get state(): PlumbSessionStatus {
    return this.status;
  }

  /** The open session (null before `open`). */
  get session(): SessionInfo | null {
    return this.info ? { ...this.info } : null;
  }

  /** The log, oldest first, as the views show it (pseudonyms when anonymized). */
  get events(): readonly SessionEvent[] {
    return this.displayed;
  }

  /**
   * The log with real ids (for the embedder's own store; an export from an anonymized room asks first).
   * A session kept by a server that names people by pseudonym has no real ids here: `pseudonyms` says so.
   */
  snapshot(): PlumbSessionSnapshot | null {
    if (!this.info) return null;
    return { session: { ...this.info }, events: this.log.map((e) => ({ ...e })), ...(this.serverPseudonyms ? { pseudonyms: true } : {}) };
  }

  /** Whether `undo()` / `redo()` have something to do. */
  get canUndo(): boolean {
    return lastUndoable(this.log) !== null;
  }
  get canRedo(): boolean {
    return lastRedoable(this.log) !== null;
  }

  /**
   * Open (or find again, after a reload) the session of `cycle` and `scope` on this data: the newest
   * one saved in this browser for the same data, cycle and scope, else a new one. Resolves once its
   * log is in the database and the views show it.
   */
  open(options: PlumbSessionOpenOptions): Promise<SessionInfo> {
    return this.serial(async () => {
      const connector = this.requireConnector();
      const scope = options.scope && Object.keys(options.scope).length ? JSON.stringify(options.scope) : null;
      const cycle = options.cycle ?? null;
      const server = serverOf(connector);
      if (server) {
        // On a server the session is the server's: its log, its author (the signed-in caller), its checks.
        const answer = await server.session({ op: 'open', cycle, scope, anonymize: this.anonymized });
        await this.adoptRemote(server, answer);
        return { ...answer.session };
      }
      this.dataId = await dataIdentity(connector);
      const saved = (await this.store.sessions(this.dataId))
        .filter((s) => s.cycle_id === cycle && s.scope === scope && !s.closed_at)
        .sort((a, b) => ((a.opened_at ?? '') < (b.opened_at ?? '') ? 1 : -1))[0];
      const info: SessionInfo = saved
        ? stripDataId(saved)
        : { session_id: newSessionId(), cycle_id: cycle, scope, facilitator_id: options.facilitator ?? null, opened_at: new Date().toISOString(), closed_at: null };
      if (!saved) await this.store.putSession({ ...info, data_id: this.dataId });
      const events = saved ? await this.store.events(this.dataId, info.session_id) : [];
      await this.adopt(connector, info, events, options.facilitator ?? info.facilitator_id);
      return { ...info };
    });
  }

  /** Restore a session from the embedder's own store (also saved to this browser's). */
  restore(snapshot: PlumbSessionSnapshot): Promise<SessionInfo> {
    return this.serial(async () => {
      const connector = this.requireConnector();
      if (serverOf(connector)) throw new Error('A session on a server is restored by the server: call open({ cycle }) instead.');
      this.dataId = await dataIdentity(connector);
      const info = { ...snapshot.session };
      const events = snapshot.events.map(normaliseEvent).filter((e) => e.session_id === info.session_id).sort((a, b) => a.seq - b.seq);
      await this.store.putSession({ ...info, data_id: this.dataId });
      const stored = await this.store.events(this.dataId, info.session_id);
      const have = new Set(stored.map((e) => e.seq));
      const missing = events.filter((e) => !have.has(e.seq));
      if (missing.length) await this.store.addEvents(this.dataId, missing);
      const all = [...stored, ...missing].sort((a, b) => a.seq - b.seq);
      await this.adopt(connector, info, all, this.author);
      return { ...info };
    });
  }

  private author: string | null = null;

  /** Change one rating. Rejects with a `PlumbSessionError` (conflict, reason required, …) and writes nothing then. */
  changeRating(change: PlumbRatingChange): Promise<SessionEvent> {
    return this.append(async () => ({
      kind: 'rating',
      employee_id: await this.realId(change.employee_id),
      dimension: change.dimension ?? 'overall',
      to_rating: change.to_rating,
      reason: change.reason ?? null,
      ...(change.from_rating !== undefined && change.from_rating !== null ? { from_rating: change.from_rating } : {}),
    }));
  }

  /** Mark a person (or one rating of theirs) as discussed. */
  markDiscussed(target: { employee_id: string; dimension?: string | null }): Promise<SessionEvent> {
    return this.append(async () => ({ kind: 'discussed', employee_id: await this.realId(target.employee_id), dimension: target.dimension ?? null }));
  }

  /** A note in the log, about a person or the session. */
  note(note: { employee_id?: string | null; text: string }): Promise<SessionEvent> {
    return this.append(async () => ({
      kind: 'note',
      employee_id: note.employee_id ? await this.realId(note.employee_id) : null,
      reason: note.text,
    }));
  }

  /** Take back an event (default: the newest one in force). An undo is itself an event; nothing is deleted. */
  undo(seq?: number): Promise<SessionEvent> {
    return this.append(async () => {
      const target = seq ?? lastUndoable(this.log)?.seq;
      if (target === undefined) throw new PlumbSessionError({ code: 'bad-undo', message: 'Nothing to undo.' });
      return { kind: 'undo', undoes_seq: target };
    });
  }

  /** Take back the newest undo (an undo of the undo). */
  redo(): Promise<SessionEvent> {
    return this.append(async () => {
      const target = lastRedoable(this.log);
      if (!target) throw new PlumbSessionError({ code: 'bad-undo', message: 'Nothing to redo.' });
      return { kind: 'undo', undoes_seq: target.seq };
    });
  }

  /**
   * Close the session: it takes no more changes (here, in other tabs and, on a server, on every
   * laptop); the log stays. A later `open` of the same cycle starts a new session.
   */
  close(): Promise<SessionInfo> {
    return this.serial(async () => {
      const connector = this.requireConnector();
      const info = this.info;
      if (!info) throw new Error('Open a calibration session first (session.open({ cycle })).');
      if (!info.closed_at) {
        if (this.server) {
          const answer = await this.server.session({ op: 'close', session_id: info.session_id, anonymize: this.anonymized });
          info.closed_at = answer.session.closed_at;
        } else {
          const at = new Date().toISOString();
          await this.store.closeSession(this.dataId, info.session_id, at);
          await closeSession(connector, info.session_id, at);
          info.closed_at = at;
          this.channel?.postMessage({ closed: at });
        }
      }
      this.markClosed();
      return { ...info };
    });
  }

  /** The session is closed (here or elsewhere): say so, and tell the views (they turn read-only). */
  private markClosed(): void {
    this.status = 'closed';
    this.host.dispatchEvent(new CustomEvent('plumb-session-closed', { detail: { session: this.session }, bubbles: true, composed: true }));
    void this.host.sessionChanged();
  }

  /** Forget the data's session (a new load): the next `open` starts from the store again. */
  reset(): void {
    this.poll?.abort();
    this.poll = null;
    this.server = null;
    this.serverPseudonyms = false;
    this.channel?.close();
    this.channel = null;
    this.info = null;
    this.log = [];
    this.displayed = [];
    this.ratings = null;
    this.status = 'idle';
  }

  // ---- internals

  private requireConnector(): Connector {
    const connector = this.host.sessionConnector;
    if (!connector) throw new Error('No data loaded: a calibration session needs the data first.');
    // Named queries of a server connection run on the server, which would never see a log kept here.
    if (connector.runNamedQuery && !serverOf(connector)) throw new Error('This server connection keeps no calibration sessions.');
    return connector;
  }

  /** Run one step at a time: changes, syncs and opens never interleave. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async realId(id: string): Promise<string> {
    // A server resolves pseudonyms itself (with its own salt).
    if (this.server) return id;
    const index = await this.host.sessionPseudonyms();
    return index?.resolve(id) ?? id;
  }

  /** Take a session and its log as the current one: into the database, the views and the tabs' channel. */
  private async adopt(connector: Connector, info: SessionInfo, events: SessionEvent[], author: string | null): Promise<void> {
    this.reset();
    this.author = author;
    await openSession(connector, info);
    const inDb = await sessionEvents(connector, info.session_id);
    const dbSeqs = new Set(inDb.map((e) => e.seq));
    const missing = events.filter((e) => !dbSeqs.has(e.seq));
    if (missing.length) await appendSessionEvents(connector, missing);
    // The database may hold events the browser has not (a log loaded with the data): both are the log.
    const bySeq = new Map<number, SessionEvent>();
    for (const e of [...inDb, ...events]) bySeq.set(e.seq, e);
    this.info = info;
    this.log = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    this.base = await baseRatings(connector, info.cycle_id);
    this.ratings = await SessionRatings.load(connector, info.cycle_id, this.host.reasonPolicy);
    this.listen();
    await this.refreshDisplay();
    this.status = 'saved';
    await this.host.sessionChanged();
  }

  private listen(): void {
    if (typeof BroadcastChannel === 'undefined' || !this.info) return;
    this.channel = new BroadcastChannel(`plumb-session:${this.dataId}:${this.info.session_id}`);
    this.channel.onmessage = (message: MessageEvent<{ closed?: string }>) =>
      void this.serial(async () => {
        if (message.data?.closed && this.info && !this.info.closed_at) {
          this.info.closed_at = message.data.closed;
          this.markClosed();
          return;
        }
        await this.sync();
      }).catch(() => undefined);
  }

  /** Take in events other tabs wrote since the last one here. */
  private async sync(): Promise<SessionEvent[]> {
    if (!this.info) return [];
    const last = this.log.at(-1)?.seq ?? 0;
    const fresh = await this.store.events(this.dataId, this.info.session_id, last);
    if (!fresh.length) return [];
    await this.take(fresh);
    for (const event of fresh) this.emit(event, true, true);
    await this.host.sessionChanged();
    return fresh;
  }

  /** Add written events to the log here, the database and the ratings in force. */
  private async take(events: readonly SessionEvent[]): Promise<void> {
    this.log.push(...events);
    await appendSessionEvents(this.requireConnector(), events);
    this.recompute(events);
    await this.refreshDisplay();
  }

  /** Move the ratings in force on by `events` (an undo or redo recomputes the keys it touches). */
  private recompute(events: readonly SessionEvent[]): void {
    const ratings = this.ratings;
    if (!ratings) return;
    const touched = new Set<string>();
    for (const e of events) {
      const target = e.kind === 'undo' ? this.undoTarget(e) : e;
      if (target?.kind === 'rating' && target.employee_id !== null) touched.add(ratingKey(target.employee_id, target.dimension));
    }
    if (!touched.size) return;
    const last = lastRatingEvents(this.log);
    for (const key of touched) {
      const rating = last.get(key)?.to_rating ?? this.base.get(key);
      if (rating === undefined || rating === null) ratings.ratings.delete(key);
      else ratings.ratings.set(key, rating);
    }
  }

  /** The non-undo event an undo (or a chain of undos) is about. */
  private undoTarget(e: SessionEvent): SessionEvent | undefined {
    let target: SessionEvent | undefined = e;
    while (target?.kind === 'undo') {
      const seq: number | null = target.undoes_seq;
      target = this.log.find((x) => x.seq === seq);
    }
    return target;
  }

  private append(make: () => Promise<EventInput>): Promise<SessionEvent> {
    return this.serial(async () => {
      const connector = this.requireConnector();
      const info = this.info;
      const ratings = this.ratings;
      if (!info || (!ratings && !this.server)) throw new Error('Open a calibration session first (session.open({ cycle })).');
      if (info.closed_at) throw new PlumbSessionError({ code: 'closed', message: `This session was closed at ${info.closed_at}: it takes no more changes.` });
      const input = await make();
      if (this.server) return this.appendRemote(this.server, info, input);
      if (!ratings) throw new Error('Open a calibration session first (session.open({ cycle })).');
      ratings.reasonPolicy = this.host.reasonPolicy;
      for (let attempt = 0; ; attempt++) {
        const problem = validateEvent(this.log, input, ratings);
        if (problem) {
          if (problem.code === 'conflict') this.setStatus('conflict');
          throw new PlumbSessionError(problem);
        }
        const current = input.kind === 'rating' ? ratings.current(input.employee_id!, input.dimension ?? null) : null;
        const event = nextEvent(this.log, info.session_id, input, this.author, new Date().toISOString(), current);
        this.setStatus('saving');
        try {
          await this.store.addEvents(this.dataId, [event]);
        } catch (error) {
          if (isKeyTaken(error) && attempt < 3) {
            // Another tab wrote this seq first: take its events, then check this change again (a stale
            // `from_rating` is now a conflict; a change to someone else simply follows theirs).
            await this.takeRemote(connector);
            if (input.kind === 'rating' && input.from_rating === undefined) input.from_rating = current;
            continue;
          }
          this.setStatus('error');
          throw error;
        }
        await this.take([event]);
        this.channel?.postMessage({ seq: event.seq });
        this.status = 'saved';
        this.emit(event, true, false);
        await this.host.sessionChanged();
        return this.display(event);
      }
    });
  }

  // ---- a session kept by a server (HttpConnector to plumb serve --sessions)

  private server: HttpConnector | null = null;

  /** The server that keeps this session (its exports come from there), or null for a session kept in the page. */
  get keptBy(): HttpConnector | null {
    return this.server;
  }

  private poll: AbortController | null = null;
  /** The server's last seq seen (events outside this caller's scope are not sent, their seqs still count). */
  private serverSeq = 0;

  private get anonymized(): boolean {
    return this.host.sessionAnonymized === true;
  }

  /** The server names people in this session's events by pseudonym (it keeps the real ids). */
  private serverPseudonyms = false;

  private async adoptRemote(server: HttpConnector, answer: SessionAnswer): Promise<void> {
    this.reset();
    this.server = server;
    this.serverPseudonyms = answer.pseudonyms === true;
    this.info = { ...answer.session };
    this.log = answer.events.map(normaliseEvent);
    this.serverSeq = answer.last_seq;
    // The server already names people as the page shows them (pseudonyms when anonymized).
    this.displayed = this.log.map((e) => ({ ...e }));
    this.status = this.info.closed_at ? 'closed' : 'saved';
    if (!this.info.closed_at) {
      this.poll = new AbortController();
      void this.follow(server, this.info.session_id, this.poll.signal);
    }
    await this.host.sessionChanged();
  }

  /** Events of the server's log this page has not seen: into the log, announced as remote; the views re-query. */
  private takeServerEvents(events: readonly SessionEvent[], remote: boolean): SessionEvent[] {
    const have = new Set(this.log.map((e) => e.seq));
    const fresh = events.map(normaliseEvent).filter((e) => !have.has(e.seq));
    if (!fresh.length) return [];
    this.log = [...this.log, ...fresh].sort((a, b) => a.seq - b.seq);
    this.displayed = this.log.map((e) => ({ ...e }));
    for (const e of fresh) this.serverSeq = Math.max(this.serverSeq, e.seq);
    if (remote) for (const e of fresh) this.emit(e, true, true);
    return fresh;
  }

  /** Long-poll the server for other laptops' changes (and the close) until the session is left or closed. */
  private async follow(server: HttpConnector, sessionId: string, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted && this.info?.session_id === sessionId) {
      let answer: SessionAnswer;
      try {
        answer = await server.session({ op: 'events', session_id: sessionId, after: this.serverSeq, wait_ms: POLL_WAIT_MS, anonymize: this.anonymized }, signal);
        failures = 0;
      } catch {
        if (signal.aborted) return;
        // The server or the network is away: try again, less and less often (at most every 10 s).
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** Math.min(failures, 5))));
        continue;
      }
      const closed = await this.serial(async () => {
        if (signal.aborted || this.info?.session_id !== sessionId) return true;
        this.serverSeq = Math.max(this.serverSeq, answer.last_seq);
        const fresh = this.takeServerEvents(answer.events, true);
        if (answer.session.closed_at && !this.info.closed_at) {
          this.info.closed_at = answer.session.closed_at;
          this.markClosed();
          return true;
        }
        if (fresh.length) await this.host.sessionChanged();
        return !!answer.session.closed_at;
      });
      if (closed) return;
    }
  }

  private async appendRemote(server: HttpConnector, info: SessionInfo, input: EventInput): Promise<SessionEvent> {
    this.setStatus('saving');
    let event: SessionEvent;
    try {
      ({ event } = await server.session({ op: 'append', session_id: info.session_id, event: input, anonymize: this.anonymized }));
    } catch (error) {
      if (error instanceof HttpRequestError && typeof error.body.code === 'string') {
        const code = error.body.code as EventProblem['code'];
        if (code === 'conflict') {
          this.setStatus('conflict');
          throw new PlumbSessionError({ code, message: error.message, current: typeof error.body.current === 'number' ? error.body.current : null });
        }
        this.status = 'saved';
        throw new PlumbSessionError({ code, message: error.message } as EventProblem);
      }
      if (error instanceof HttpRequestError && typeof error.body.closed_at === 'string') {
        info.closed_at = error.body.closed_at;
        this.markClosed();
        throw new PlumbSessionError({ code: 'closed', message: error.message });
      }
      this.setStatus('error');
      throw error;
    }
    this.takeServerEvents([event], false);
    this.status = 'saved';
    this.emit(event, true, false);
    await this.host.sessionChanged();
    return { ...event };
  }

  private async takeRemote(_connector: Connector): Promise<void> {
    if (!this.info) return;
    const fresh = await this.store.events(this.dataId, this.info.session_id, this.log.at(-1)?.seq ?? 0);
    if (!fresh.length) return;
    await this.take(fresh);
    for (const event of fresh) this.emit(event, true, true);
    await this.host.sessionChanged();
  }

  private setStatus(status: PlumbSessionStatus): void {
    this.status = status;
  }

  private async refreshDisplay(): Promise<void> {
    if (this.server) {
      this.displayed = this.log.map((e) => ({ ...e }));
      return;
    }
    this.index = await this.host.sessionPseudonyms();
    this.displayed = this.log.map((e) => this.display(e));
  }

  /** An event as the views show it: pseudonym codes for people when anonymized. */
  private display(e: SessionEvent): SessionEvent {
    const index = this.index;
    if (!index || this.server) return { ...e };
    return { ...e, employee_id: e.employee_id === null ? null : index.code(e.employee_id), by_id: e.by_id === null ? null : index.code(e.by_id) };
  }

  private emit(event: SessionEvent, saved: boolean, remote: boolean): void {
    this.host.dispatchEvent(
      new CustomEvent<PlumbSessionChangeDetail>('plumb-session-change', { detail: { event: this.display(event), saved, remote }, bubbles: true, composed: true }),
    );
  }
}

function stripDataId(s: SessionInfo & { data_id?: string }): SessionInfo {
  const { data_id: _d, ...info } = s;
  return info;
}

