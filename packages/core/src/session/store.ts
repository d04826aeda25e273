/**
 * The session tables in DuckDB: open a session, append events, read them back, and the state a new
 * event is validated against. Appends go through `insertRows`, whose write to a session table
 * invalidates only what reads the calibrated stage (`invalidateSession`).
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { insertRows } from '../insert.js';
import { ratingKey, type SessionContext, type SessionEvent, type SessionInfo } from './log.js';
import type { ReasonPolicy } from './reason-policy.js';
import { allSessionEvents, applyAppendedEvents, overlayRows, ratingsRelation } from './relation.js';
import { derived, invalidateSessionReaders } from '../queries/derived.js';

/** Add a session (nothing when a session of that id is there already: the table is append-only). */
export async function openSession(connector: Connector, session: SessionInfo): Promise<void> {
  const rows = await queryRows<{ n: number }>(connector, 'SELECT count(*) AS n FROM calibration_sessions WHERE session_id = ?', [session.session_id]);
  if (Number(rows[0]?.n ?? 0) > 0) return;
  // A cycle with a session already has its calibrated stage derived; a second session (no events yet)
  // leaves it as it is, so the pre-aggregates stay (a restored session then arrives as one delta).
  const [cycle] = await queryRows<{ n: number }>(connector, 'SELECT count(*)::INTEGER AS n FROM calibration_sessions WHERE cycle_id IS NOT DISTINCT FROM ?', [session.cycle_id]);
  const same = Number(cycle?.n ?? 0) > 0;
  await insertRows(connector, 'calibration_sessions', [session], { keepDerived: same });
  if (same) invalidateSessionReaders(connector);
}

/**
 * Close a session: `closed_at` is set once (the one value of the session tables ever written after
 * its row; events stay append-only). A closed session takes no more events. False when it was closed
 * already or is unknown.
 */
export async function closeSession(connector: Connector, sessionId: string, at: string): Promise<boolean> {
  const [row] = await queryRows<{ closed_at: string | null }>(connector, 'SELECT closed_at FROM calibration_sessions WHERE session_id = ?', [sessionId]);
  if (!row || row.closed_at) return false;
  await connector.query('UPDATE calibration_sessions SET closed_at = ? WHERE session_id = ? AND closed_at IS NULL', [at, sessionId]);
  return true;
}

/** The sessions in the data (newest first). */
export function sessions(connector: Connector): Promise<SessionInfo[]> {
  return queryRows<SessionInfo>(connector, 'SELECT * FROM calibration_sessions ORDER BY opened_at DESC NULLS LAST, session_id');
}

/** A session's events, oldest first. */
export async function sessionEvents(connector: Connector, sessionId: string): Promise<SessionEvent[]> {
  const rows = await queryRows<SessionEvent>(connector, 'SELECT * FROM calibration_events WHERE session_id = ? ORDER BY seq', [sessionId]);
  return rows.map(normaliseEvent);
}

/** Numbers as numbers, absent as null (rows from Arrow, IndexedDB or JSON). */
export function normaliseEvent(e: SessionEvent): SessionEvent {
  const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return {
    session_id: String(e.session_id), seq: Number(e.seq), kind: e.kind, employee_id: text(e.employee_id), dimension: text(e.dimension),
    from_rating: num(e.from_rating), to_rating: num(e.to_rating), reason: text(e.reason), by_id: text(e.by_id), at: text(e.at),
    undoes_seq: num(e.undoes_seq),
  };
}

/**
 * Append events (already validated and numbered) to the log. The calibration pre-aggregates follow by
 * delta (the ratings that moved, −1 in the old cell and +1 in the new), in one pass for any number of
 * events (a restored session's log included), not by a rebuild.
 */
export async function appendSessionEvents(connector: Connector, events: readonly SessionEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertRows(connector, 'calibration_events', events, { keepDerived: true });
  await applyAppendedEvents(connector);
}

/** Calibrated ratings in force for a cycle, per rating key (`ratingKey`): what the derived relation reads. */
export async function calibratedStage(connector: Connector, cycle: string | null): Promise<Map<string, number>> {
  const [sessionsOfCycle] = await queryRows<{ n: number }>(connector, 'SELECT count(*)::INTEGER AS n FROM calibration_sessions WHERE cycle_id IS NOT DISTINCT FROM ?', [cycle]);
  if (Number(sessionsOfCycle?.n ?? 0) > 0) {
    // A session's cycle: the base overlaid with the sessions' ratings in force — the very rows the
    // relation overlays (`overlayRows`), without reading some 30,000 ratings back out of the database
    // on every open or restore.
    const [base, events] = await Promise.all([baseRatings(connector, cycle), allSessionEvents(connector)]);
    const stage = new Map(base);
    for (const e of overlayRows(events.filter((x) => x.cycle_id === cycle))) {
      const key = ratingKey(e.employee_id!, e.dimension);
      if (stage.has(key) && e.to_rating !== null) stage.set(key, Number(e.to_rating));
    }
    return stage;
  }
  const relation = await ratingsRelation(connector);
  const rows = await queryRows<{ employee_id: string; dimension: string | null; rating: number }>(
    connector,
    `SELECT employee_id, dimension, any_value(rating) AS rating FROM ${relation}
      WHERE stage = 'calibrated' AND cycle_id IS NOT DISTINCT FROM ? GROUP BY ALL`,
    [cycle],
  );
  return new Map(rows.map((r) => [ratingKey(r.employee_id, r.dimension), Number(r.rating)]));
}

/**
 * The base a session starts from for a cycle: the data's calibrated rating where present, else the
 * manager's. Read once per data version (it depends on the ratings alone, not on any session).
 */
export function baseRatings(connector: Connector, cycle: string | null): Promise<ReadonlyMap<string, number>> {
  return derived(connector, `session:base:${JSON.stringify(cycle)}`, async () => {
    const rows = await queryRows<{ employee_id: string; dimension: string | null; rating: number }>(
      connector,
      `SELECT employee_id, dimension, first(rating ORDER BY stage = 'calibrated' DESC, rated_at DESC NULLS LAST, rater_id) AS rating FROM ratings
        WHERE stage IN ('manager', 'calibrated') AND rating IS NOT NULL AND cycle_id IS NOT DISTINCT FROM ? GROUP BY ALL`,
      [cycle],
    );
    return new Map(rows.map((r) => [ratingKey(r.employee_id, r.dimension), Number(r.rating)]));
  });
}

/** Every person id the data knows (people and rated employees), once per data version. */
export function knownPeople(connector: Connector): Promise<ReadonlySet<string>> {
  return derived(connector, 'session:known-people', async () => {
    const rows = await queryRows<{ id: string }>(
      connector,
      'SELECT person_id AS id FROM people WHERE person_id IS NOT NULL UNION SELECT employee_id FROM ratings WHERE employee_id IS NOT NULL',
    );
    return new Set(rows.map((r) => r.id));
  });
}

/** The scale values of a cycle (rows without a cycle apply to every cycle); empty without a scale. */
export async function scaleValues(connector: Connector, cycle: string | null): Promise<number[]> {
  const rows = await queryRows<{ value: number }>(
    connector,
    'SELECT DISTINCT value FROM rating_scale WHERE (cycle_id IS NOT DISTINCT FROM ? OR cycle_id IS NULL) AND value IS NOT NULL ORDER BY 1',
    [cycle],
  );
  return rows.map((r) => Number(r.value));
}

/**
 * A `SessionContext` that follows the log in memory: `ratings` is the calibrated stage in force
 * (start from `calibratedStage`) and `apply(event)` moves it on, so validating a change costs no query.
 */
export class SessionRatings implements SessionContext {
  constructor(
    readonly ratings: Map<string, number>,
    private readonly people: ReadonlySet<string>,
    readonly scale: readonly number[],
    public reasonPolicy: ReasonPolicy,
  ) {}

  static async load(connector: Connector, cycle: string | null, reasonPolicy: ReasonPolicy): Promise<SessionRatings> {
    const [ratings, people, scale] = await Promise.all([calibratedStage(connector, cycle), knownPeople(connector), scaleValues(connector, cycle)]);
    return new SessionRatings(ratings, people, scale, reasonPolicy);
  }

  current(employeeId: string, dimension: string | null): number | undefined {
    return this.ratings.get(ratingKey(employeeId, dimension));
  }

  knows(employeeId: string): boolean {
    return this.people.has(employeeId);
  }
}

/**
 * The identity of the loaded data, for keying a session's saved log: the same files give the same
 * identity, other data another (counts and an order-free hash of ratings and people; the session
 * tables are left out, so appending to the log does not move it).
 */
export function dataIdentity(connector: Connector): Promise<string> {
  // Once per data version: every open and restore asks, and the hash reads every rating.
  return derived(connector, 'session:data-identity', async () => {
    const rows = await queryRows<{ id: string }>(
      connector,
      `SELECT concat_ws('-',
         (SELECT count(*) FROM ratings)::VARCHAR,
         (SELECT COALESCE(bit_xor(hash(cycle_id, employee_id, rater_id, stage, dimension, rating)), 0) FROM ratings)::VARCHAR,
         (SELECT count(*) FROM people)::VARCHAR,
         (SELECT COALESCE(bit_xor(hash(person_id, manager_id, team_id)), 0) FROM people)::VARCHAR) AS id`,
    );
    return String(rows[0]?.id ?? '');
  });
}
