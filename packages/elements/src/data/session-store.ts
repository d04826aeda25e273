import type { SessionEvent, SessionInfo } from '@plumb/core/queries';

/**
 * The browser's copy of calibration sessions (IndexedDB `plumb-sessions`): sessions and their events
 * keyed by the data's identity, so a reload of the same data finds its session and a different data
 * set never sees it. Events are written with `add`: a second tab writing the same seq fails with a
 * ConstraintError instead of overwriting (the caller reports a conflict).
 */
const DB_NAME = 'plumb-sessions';
const SESSIONS = 'sessions';
const EVENTS = 'events';

export interface StoredSession extends SessionInfo {
  data_id: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Whether an error is IndexedDB's "that key exists" (another tab wrote this seq first). */
export function isKeyTaken(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'ConstraintError';
}

export class SessionStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      if (typeof indexedDB === 'undefined') return Promise.reject(new Error('This browser has no IndexedDB: calibration changes cannot be saved.'));
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore(SESSIONS, { keyPath: ['data_id', 'session_id'] });
        db.createObjectStore(EVENTS, { keyPath: ['data_id', 'session_id', 'seq'] });
      };
      this.db = request(req).catch((error: unknown) => {
        this.db = null;
        throw error;
      });
    }
    return this.db;
  }

  /** Every session saved for this data. */
  async sessions(dataId: string): Promise<StoredSession[]> {
    const db = await this.open();
    const range = IDBKeyRange.bound([dataId], [dataId, []]);
    return request(db.transaction(SESSIONS).objectStore(SESSIONS).getAll(range)) as Promise<StoredSession[]>;
  }

  /** Save a session (kept as it is when it is there already). */
  async putSession(session: StoredSession): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(SESSIONS, 'readwrite');
    const store = tx.objectStore(SESSIONS);
    const existing = await request(store.get([session.data_id, session.session_id]));
    if (!existing) store.add(session);
    await done(tx);
  }

  /** Mark a saved session closed (`closed_at`, written once). */
  async closeSession(dataId: string, sessionId: string, at: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(SESSIONS, 'readwrite', { durability: 'strict' });
    const store = tx.objectStore(SESSIONS);
    const existing = (await request(store.get([dataId, sessionId]))) as StoredSession | undefined;
    if (existing && !existing.closed_at) store.put({ ...existing, closed_at: at });
    await done(tx);
  }

  /** A session's events after `afterSeq`, oldest first. */
  async events(dataId: string, sessionId: string, afterSeq = 0): Promise<SessionEvent[]> {
    const db = await this.open();
    const range = IDBKeyRange.bound([dataId, sessionId, afterSeq + 1], [dataId, sessionId, Infinity]);
    const rows = (await request(db.transaction(EVENTS).objectStore(EVENTS).getAll(range))) as (SessionEvent & { data_id?: string })[];
    return rows.map(({ data_id: _d, ...e }) => e);
  }

  /** Append events in one transaction; rejects with a ConstraintError (`isKeyTaken`) when a seq is taken. */
  async addEvents(dataId: string, events: readonly SessionEvent[]): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(EVENTS, 'readwrite', { durability: 'strict' });
    const store = tx.objectStore(EVENTS);
    // The transaction's own error is not always set when its error event fires: keep the request's.
    let failure: DOMException | null = null;
    for (const e of events) {
      const req = store.add({ ...e, data_id: dataId });
      req.onerror = () => {
        failure ??= req.error;
      };
    }
    await done(tx).catch((error: unknown) => {
      throw failure ?? error;
    });
  }
}
