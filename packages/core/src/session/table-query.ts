/**
 * `calibration-table`: one row per person in scope for the calibration table — manager rating,
 * calibrated rating in force (the derived stage), the last change's reason, author and time, whether
 * they were marked discussed, and last cycle's rating where the data has an earlier review cycle.
 * Honours the shared OrgFilter, `anonymize` (codes and labels instead of ids and names) and
 * `minGroup` (people of departments too small to show at all are left out and counted, as in every
 * calibration view's plan).
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { calibrationAtoms, calibrationPeople } from '../calibration/aggregates.js';
import { filterConditions } from '../calibration/privacy.js';
import { viewContext } from '../calibration/report.js';
import { ratingScale, type ScaleValue } from '../calibration/queries.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import type { NamedQueryOptions } from '../queries/options.js';
import { quoteIdentifier } from '../sql.js';
import { effectiveEvents, lastRatingEvents, ratingKey, type SessionEvent } from './log.js';
import { ratingsRelation } from './relation.js';

export interface CalibrationTableOptions extends NamedQueryOptions {
  /** The dimension calibrated (default `overall`). */
  dimension?: string | null;
  location?: string | null;
}

export interface CalibrationTableRow {
  /** The person's id, or their pseudonym code when anonymized (what session calls take back). */
  id: string;
  /** The name, or a pseudonym label. */
  name: string;
  team_id: string | null;
  /** The team's name from `teams` (null when the data names none: show the id). */
  team_name: string | null;
  department: string | null;
  level: string | null;
  /** The manager whose rating is calibrated (a code when anonymized) and their name (a label). */
  manager_id: string | null;
  manager_name: string | null;
  manager_rating: number | null;
  /** The calibrated rating in force (the manager's until a session or the data says otherwise). */
  calibrated_rating: number | null;
  /** A session changed this rating (the change in force). */
  changed: boolean;
  last_reason: string | null;
  last_changed_at: string | null;
  last_changed_by: string | null;
  /** The seq of the event in force that set the rating (for undo), and its session. */
  last_seq: number | null;
  last_session_id: string | null;
  discussed: boolean;
  /** The rating of the previous review cycle (final, else calibrated, else manager), when the data has one. */
  previous_rating: number | null;
}

export interface CalibrationTableResult {
  cycle: string | null;
  dimension: string | null;
  previous_cycle: string | null;
  scale: ScaleValue[];
  rows: CalibrationTableRow[];
  /** People matching the filter left out because their department is under min-group. */
  withheld: number;
  minGroup: number;
}

/** The review cycle before `cycle` by start date (null without dates: never guessed from names). */
async function previousCycle(connector: Connector, cycle: string | null): Promise<string | null> {
  const rows = await queryRows<{ cycle_id: string }>(
    connector,
    `SELECT p.cycle_id FROM cycles c JOIN cycles p ON p.start_date < c.start_date AND p.cycle_id <> c.cycle_id
      WHERE c.cycle_id = ? AND p.cycle_id IN (SELECT DISTINCT cycle_id FROM ratings)
      ORDER BY p.start_date DESC LIMIT 1`,
    [cycle],
  );
  return rows[0]?.cycle_id ?? null;
}

/** The latest cycle with ratings (the default, as in the other calibration views). */
async function defaultCycle(connector: Connector): Promise<string | null> {
  const rows = await queryRows<{ cycle_id: string | null }>(connector, 'SELECT max(cycle_id) AS cycle_id FROM ratings');
  return rows[0]?.cycle_id ?? null;
}

export async function calibrationTable(connector: Connector, options: CalibrationTableOptions): Promise<CalibrationTableResult> {
  // The same filter, pseudonym resolution and min-group as every calibration view (a team means its
  // subtree, a manager their reports).
  const { k, index: anonymize, filter } = await viewContext(connector, options);
  const cycle = options.cycle !== undefined ? options.cycle : await defaultCycle(connector);
  const dimension = options.dimension !== undefined ? options.dimension : 'overall';
  const resolver = options.person_id ? await pseudonymIndex(connector, options.salt ?? '') : null;
  const [people, { blocks }, ratings, previous, scale] = await Promise.all([
    calibrationPeople(connector),
    calibrationAtoms(connector, k),
    ratingsRelation(connector),
    previousCycle(connector, cycle),
    ratingScale(connector, cycle),
  ]);
  const where = filterConditions(filter, 'p');
  const person = options.person_id ? (resolver?.resolve(options.person_id) ?? options.person_id) : null;
  const conditions = [...where.sql, ...(person ? ['p.employee_id = ?'] : [])].map((c) => `AND ${c}`).join(' ');
  const params = [...where.params, ...(person ? [person] : [])];
  const rows = await queryRows<{
    employee_id: string; name: string | null; team_id: string | null; team_name: string | null; department: string | null; level: string | null;
    manager_id: string | null; manager_name: string | null; manager_rating: number | null; calibrated_rating: number | null;
    previous_rating: number | null; shown: boolean;
  }>(
    connector,
    `WITH mgr AS (SELECT employee_id, first(rating ORDER BY rated_at DESC NULLS LAST, rater_id) AS rating FROM ratings
                   WHERE stage = 'manager' AND cycle_id IS NOT DISTINCT FROM ? AND dimension IS NOT DISTINCT FROM ? AND rating IS NOT NULL GROUP BY ALL),
          cal AS (SELECT employee_id, any_value(rating) AS rating FROM ${ratings}
                   WHERE stage = 'calibrated' AND cycle_id IS NOT DISTINCT FROM ? AND dimension IS NOT DISTINCT FROM ? GROUP BY ALL),
          prev AS (SELECT employee_id, arg_min(rating, CASE stage WHEN 'final' THEN 0 WHEN 'calibrated' THEN 1 ELSE 2 END) AS rating FROM ratings
                   WHERE cycle_id = ? AND dimension IS NOT DISTINCT FROM ? AND stage IN ('final', 'calibrated', 'manager') AND rating IS NOT NULL GROUP BY ALL)
     SELECT p.employee_id, p.name, p.team_id, tn.name AS team_name, p.department, p.level, p.rater_id AS manager_id, mp.name AS manager_name,
            mgr.rating AS manager_rating, cal.rating AS calibrated_rating, prev.rating AS previous_rating, b.block IS NOT NULL AS shown
       FROM ${quoteIdentifier(people)} p
       LEFT JOIN ${blocks} b ON b.cycle_id IS NOT DISTINCT FROM p.cycle_id AND b.rater_id = p.rater_id AND b.department IS NOT DISTINCT FROM p.department
       LEFT JOIN mgr ON mgr.employee_id = p.employee_id
       LEFT JOIN cal ON cal.employee_id = p.employee_id
       LEFT JOIN prev ON prev.employee_id = p.employee_id
       LEFT JOIN people mp ON mp.person_id = p.rater_id
       LEFT JOIN (SELECT team_id, any_value(name) AS name FROM teams WHERE name IS NOT NULL GROUP BY team_id) tn ON tn.team_id = p.team_id
      WHERE p.cycle_id IS NOT DISTINCT FROM ? AND (mgr.rating IS NOT NULL OR cal.rating IS NOT NULL) ${conditions}
      ORDER BY p.name NULLS LAST, p.employee_id`,
    [cycle, dimension, cycle, dimension, previous, dimension, cycle, ...params],
  );
  const events = await queryRows<SessionEvent>(
    connector,
    `SELECT e.* FROM calibration_events e JOIN calibration_sessions s USING (session_id) WHERE s.cycle_id IS NOT DISTINCT FROM ? ORDER BY e.session_id, e.seq`,
    [cycle],
  );
  const bySession = new Map<string, SessionEvent[]>();
  for (const e of events) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  const last = new Map<string, SessionEvent>();
  const discussed = new Set<string>();
  for (const list of bySession.values()) {
    for (const [key, e] of lastRatingEvents(list)) if ((last.get(key)?.at ?? '') <= (e.at ?? '')) last.set(key, e);
    for (const e of effectiveEvents(list)) {
      if (e.kind === 'discussed' && e.employee_id !== null && (e.dimension === null || e.dimension === dimension)) discussed.add(e.employee_id);
    }
  }
  const code = (id: string | null) => (id === null ? null : anonymize ? anonymize.code(id) : id);
  const shown = rows.filter((r) => r.shown);
  return {
    cycle,
    dimension,
    previous_cycle: previous,
    scale,
    minGroup: k,
    withheld: rows.length - shown.length,
    rows: shown.map((r) => {
      const change = last.get(ratingKey(r.employee_id, dimension));
      return {
        id: code(r.employee_id)!,
        name: anonymize ? anonymize.label(r.employee_id, 'Person') : (r.name ?? r.employee_id),
        team_id: r.team_id,
        team_name: r.team_name,
        department: r.department,
        level: r.level,
        manager_id: code(r.manager_id),
        manager_name: r.manager_id === null ? null : anonymize ? anonymize.label(r.manager_id, 'Manager') : (r.manager_name ?? r.manager_id),
        manager_rating: r.manager_rating,
        calibrated_rating: r.calibrated_rating,
        changed: !!change,
        last_reason: change?.reason ?? null,
        last_changed_at: change?.at ?? null,
        last_changed_by: change ? code(change.by_id) : null,
        last_seq: change ? Number(change.seq) : null,
        last_session_id: change?.session_id ?? null,
        discussed: discussed.has(r.employee_id),
        previous_rating: r.previous_rating,
      };
    }),
  };
}
