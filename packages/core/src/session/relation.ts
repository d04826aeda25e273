/**
 * The calibrated stage, derived: `plumb_ratings` is `ratings` with the calibrated stage of every cycle
 * that has a calibration session replaced by the base rating (the data's calibrated rating where it has
 * one, else the manager's) overlaid with the sessions' rating events in force. Every calibration query
 * (distribution, nine-box, moves, report, person evidence, the calibration table) reads it instead of
 * `ratings`, so a change shows everywhere and nothing is ever copied into `ratings`.
 *
 * The overlay (one row per rating a session changed, a few hundred at most) is rebuilt from the log; the
 * view itself binds at query time. Events appended through `appendSessionEvents` then update the
 * calibration pre-aggregates by delta (`applyAppendedEvents`): a change costs one small table and a few
 * row updates, not a rebuild.
 * People, privacy blocks and pseudonyms do not depend on calibrated values (a session only overlays
 * ratings that exist) and are not rebuilt.
 */
import { Table, tableToIPC } from 'apache-arrow';
import { float64Vector, utf8Vector } from '../arrow-build.js';
import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { queryRows } from '../connector.js';
import { applySessionDelta, derived, invalidateSession, sessionTable, sessionWrite, takeStaleSessionTables } from '../queries/derived.js';
import { quoteIdentifier } from '../sql.js';
import { lastRatingEvents, type SessionEvent } from './log.js';

export const RATINGS_RELATION = 'plumb_ratings';
const OVERLAY = 'plumb_session_overlay';

interface EventWithCycle extends SessionEvent {
  cycle_id: string | null;
}

/** Every session's events with its cycle (all sessions: they overlay their cycle in the order of their changes). */
export function allSessionEvents(connector: Connector): Promise<EventWithCycle[]> {
  return queryRows<EventWithCycle>(
    connector,
    `SELECT e.*, s.cycle_id FROM calibration_events e JOIN calibration_sessions s USING (session_id) ORDER BY e.session_id, e.seq`,
  );
}

/** The last rating in force per (cycle, employee, dimension) over every session (latest `at` wins across sessions). */
export function overlayRows(events: readonly EventWithCycle[]): EventWithCycle[] {
  const bySession = new Map<string, EventWithCycle[]>();
  for (const e of events) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  const out = new Map<string, EventWithCycle>();
  for (const list of bySession.values()) {
    for (const e of lastRatingEvents(list).values()) {
      const event = e as EventWithCycle;
      const key = JSON.stringify([event.cycle_id, event.employee_id, event.dimension]);
      const had = out.get(key);
      if (!had || (had.at ?? '') <= (event.at ?? '')) out.set(key, event);
    }
  }
  return [...out.values()];
}

let overlayBuilds = 0;

/**
 * The relation every calibration query reads for ratings (`plumb_ratings`), with the overlay of the
 * current session log in place. Built once per data and session version.
 *
 * A build a newer change made stale can still be running when the newer one runs (views re-query at
 * once). So the overlay is never replaced: each build appends its rows tagged with its generation
 * (how many events it read: the log only grows) in ONE statement, and the view reads the newest
 * generation's rows; a late, older build's rows are ignored (and dropped by the next build).
 */
export function ratingsRelation(connector: Connector): Promise<string> {
  return derived(
    connector,
    'session:ratings',
    async () => {
      // No session at all: the ratings as loaded are the answer, and nothing is written (a read-only
      // connector, such as HttpConnector to a server, can still answer calibration queries).
      const [sessions] = await queryRows<{ n: number }>(connector, 'SELECT count(*)::INTEGER AS n FROM calibration_sessions');
      if (!sessions?.n) return 'ratings';
      return sessionWrite(connector, () => buildRelation(connector));
    },
    { session: true, delta: true, reads: CALIBRATION_TABLES },
  );
}

/** Whether the data has a calibration session (its calibrated stage is derived; each change repaints the views). */
export async function hasSessions(connector: Connector): Promise<boolean> {
  return (await ratingsRelation(connector)) === RATINGS_RELATION;
}

/** Append the overlay of the log as it is now, as a new generation (inside `sessionWrite`); its build number. */
async function writeOverlay(connector: Connector): Promise<{ build: number; generation: number }> {
  const events = await allSessionEvents(connector);
  const rows = overlayRows(events);
  const build = ++overlayBuilds;
  const generation = events.length;
  // A row with no employee marks the generation even when nothing is overlaid (everything undone).
  const marker = `SELECT ${build}::INTEGER, ${generation}::INTEGER, NULL, NULL, NULL, NULL, NULL, NULL, NULL`;
  const create = `CREATE TABLE IF NOT EXISTS ${OVERLAY} (build INTEGER, generation INTEGER, cycle_id VARCHAR, employee_id VARCHAR, dimension VARCHAR,
                                                     rating DOUBLE, reason VARCHAR, by_id VARCHAR, "at" VARCHAR)`;
  if (rows.length) {
    const staging = `${OVERLAY}_staging_${build}`;
    const col = (f: (r: EventWithCycle) => string | null) => utf8Vector(rows.map(f));
    const table = new Table({
      cycle_id: col((r) => r.cycle_id), employee_id: col((r) => r.employee_id), dimension: col((r) => r.dimension),
      rating: float64Vector(rows.map((r) => r.to_rating)), reason: col((r) => r.reason), by_id: col((r) => r.by_id), at: col((r) => r.at),
    });
    await connector.insertArrowIPC(staging, tableToIPC(table, 'stream'), { create: true });
    await connector.query(`${create};
      INSERT INTO ${OVERLAY} ${marker} UNION ALL
      SELECT ${build}::INTEGER, ${generation}::INTEGER, cycle_id, employee_id, dimension, rating, reason, by_id, "at" FROM ${staging};
      DROP TABLE IF EXISTS ${staging}`);
  } else {
    await connector.query(`${create}; INSERT INTO ${OVERLAY} ${marker}`);
  }
  currentBuilds.set(connector, build);
  return { build, generation };
}

/** The overlay build the view reads (the last one written: overlays are written one at a time). */
const currentBuilds = new WeakMap<Connector, number>();

const CHANGES = 'plumb_session_changes';

/**
 * The log grew by events appended through `appendSessionEvents`: move the overlay on and update every
 * session pre-aggregate by the ratings that moved (−1 in the old value's cell, +1 in the new one's)
 * instead of rebuilding them. The moved ratings are found in one statement: the old and the new
 * overlay compared, each side falling back to the base rating. A handful of round trips to the
 * database, whatever the number of events (a restored session's log is one delta).
 */
export async function applyAppendedEvents(connector: Connector): Promise<void> {
  const relation = await ratingsRelation(connector);
  if (relation === 'ratings') {
    invalidateSession(connector);
    return;
  }
  await sessionWrite(connector, async () => {
    const before = currentBuilds.get(connector) ?? -1;
    const { build, generation } = await writeOverlay(connector);
    const on = (a: string, b: string) => `${a}.cycle_id IS NOT DISTINCT FROM ${b}.cycle_id AND ${a}.employee_id = ${b}.employee_id AND ${a}.dimension IS NOT DISTINCT FROM ${b}.dimension`;
    const moved = await queryRows<{ dimension: string | null }>(
      connector,
      `CREATE OR REPLACE TEMP TABLE ${CHANGES} AS
       WITH o AS (SELECT cycle_id, employee_id, dimension, rating FROM ${OVERLAY} WHERE build = ${before} AND employee_id IS NOT NULL),
            n AS (SELECT cycle_id, employee_id, dimension, rating FROM ${OVERLAY} WHERE build = ${build} AND employee_id IS NOT NULL),
            diff AS (
              SELECT COALESCE(n.cycle_id, o.cycle_id) AS cycle_id, COALESCE(n.employee_id, o.employee_id) AS employee_id,
                     COALESCE(n.dimension, o.dimension) AS dimension, o.rating AS old_overlay, n.rating AS new_overlay
                FROM o FULL JOIN n ON ${on('o', 'n')}
               WHERE o.rating IS DISTINCT FROM n.rating),
            base AS (SELECT b.* FROM ${baseTable(connector)} b SEMI JOIN diff d ON ${on('b', 'd')})
       SELECT d.cycle_id, d.employee_id, d.dimension, COALESCE(d.old_overlay, b.rating) AS old_rating, COALESCE(d.new_overlay, b.rating) AS new_rating
         FROM diff d JOIN base b ON ${on('b', 'd')}
        WHERE COALESCE(d.old_overlay, b.rating) IS DISTINCT FROM COALESCE(d.new_overlay, b.rating);
       SELECT DISTINCT dimension FROM ${CHANGES}`,
    );
    await applySessionDelta(connector, CHANGES, new Set(moved.map((r) => r.dimension)), [
      `DROP TABLE IF EXISTS ${CHANGES}`,
      `DELETE FROM ${OVERLAY} WHERE generation < ${Number(generation)}`,
    ]);
  });
}

const baseTables = new WeakMap<Connector, string>();

/** The table of base ratings the current relation reads (see `buildRelation`). */
function baseTable(connector: Connector): string {
  const table = baseTables.get(connector);
  if (!table) throw new Error('The calibrated stage is not built yet.');
  return table;
}

/**
 * The overlay of the current log and the view over it (inside `sessionWrite`). The base rating of
 * every rating of a cycle with a session (the data's calibrated rating where present, else the
 * manager's) is kept as a table: it depends on the ratings and which cycles have a session, never on
 * the log, so the view (read by every calibration query) does not rank the ratings on each read.
 */
async function buildRelation(connector: Connector): Promise<string> {
  const base = sessionTable(connector, 'plumb_session_base');
  await connector.query(`CREATE OR REPLACE TABLE ${base} AS
    WITH session_cycles AS (SELECT DISTINCT cycle_id FROM calibration_sessions)
    SELECT r.cycle_id, r.employee_id, r.rater_id, r.dimension, r.rating, r.rated_at, r.reason
      FROM ratings r SEMI JOIN session_cycles s ON s.cycle_id IS NOT DISTINCT FROM r.cycle_id
     WHERE r.stage IN ('manager', 'calibrated') AND r.rating IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY r.cycle_id, r.employee_id, r.dimension
                               ORDER BY r.stage = 'calibrated' DESC, r.rated_at DESC NULLS LAST, r.rater_id) = 1`);
  baseTables.set(connector, base);
  const { generation } = await writeOverlay(connector);
  await connector.query(`DELETE FROM ${OVERLAY} WHERE generation < ${Number(generation)}`);
  // Tables of versions two or more changes behind: no current query reads them.
  const stale = takeStaleSessionTables(connector);
  if (stale.length) await connector.query(stale.map((t) => `DROP TABLE IF EXISTS ${quoteIdentifier(t)}`).join('; '));
  await connector.query(`CREATE OR REPLACE VIEW ${RATINGS_RELATION} AS
      WITH session_cycles AS (SELECT DISTINCT cycle_id FROM calibration_sessions),
      current_build AS (SELECT build FROM ${OVERLAY} ORDER BY generation DESC, build DESC LIMIT 1),
      overlay AS (SELECT o.* FROM ${OVERLAY} o SEMI JOIN current_build c ON c.build = o.build WHERE o.employee_id IS NOT NULL),
      base AS (SELECT * FROM ${base})
      SELECT r.cycle_id, r.employee_id, r.rater_id, r.stage, r.dimension, r.rating, r.rated_at, r.reason
        FROM ratings r ANTI JOIN session_cycles s ON s.cycle_id IS NOT DISTINCT FROM r.cycle_id AND r.stage = 'calibrated'
      UNION ALL
      SELECT b.cycle_id, b.employee_id, b.rater_id, 'calibrated' AS stage, b.dimension,
             COALESCE(o.rating, b.rating) AS rating,
             CASE WHEN o.rating IS NULL THEN b.rated_at ELSE TRY_CAST(substr(o."at", 1, 10) AS DATE) END AS rated_at,
             CASE WHEN o.rating IS NULL THEN b.reason ELSE o.reason END AS reason
        FROM base b LEFT JOIN overlay o
          ON o.cycle_id IS NOT DISTINCT FROM b.cycle_id AND o.employee_id = b.employee_id AND o.dimension IS NOT DISTINCT FROM b.dimension`);
  return RATINGS_RELATION;
}
