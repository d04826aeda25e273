/**
 * The named queries behind calibration views. Each returns small aggregates
 * (counts per rater and rating, per cell, per move), never one row per
 * person, so a 100,000-person organisation costs a few hundred rows of
 * JavaScript. Values are parameters; column names are constants.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import type { SqlParam } from '../sql.js';
import type { RaterCellCount } from './privacy.js';
import { PEOPLE_FILTERS, activePeopleFilters, peopleConditions, type CalibrationFilter, type PeopleCell, type PeopleFilterKey, type RatingStage } from './filters.js';

export interface CalibrationOverviewRow {
  cycle_id: string | null;
  stage: RatingStage | null;
  dimension: string | null;
  n: number;
}

/** Which cycles, stages and dimensions have ratings (for filter menus and defaults). */
export function calibrationOverview(connector: Connector): Promise<CalibrationOverviewRow[]> {
  return queryRows<CalibrationOverviewRow>(
    connector,
    `SELECT cycle_id, stage, dimension, count(*) AS n FROM ratings GROUP BY ALL ORDER BY cycle_id, stage, dimension`,
  );
}

export interface ScaleValue {
  value: number;
  label: string | null;
  guideline_share: number | null;
}

/**
 * The rating scale of a cycle (rows without a cycle apply to every cycle);
 * without a scale table, the distinct ratings given in the cycle.
 */
export async function ratingScale(connector: Connector, cycle: string | null): Promise<ScaleValue[]> {
  const rows = await queryRows<ScaleValue>(
    connector,
    `SELECT value, any_value(label) AS label, any_value(guideline_share) AS guideline_share
       FROM rating_scale WHERE cycle_id IS NOT DISTINCT FROM ? OR cycle_id IS NULL
      GROUP BY value ORDER BY value`,
    [cycle],
  );
  if (rows.length > 0) return rows;
  return queryRows<ScaleValue>(
    connector,
    `SELECT DISTINCT rating AS value, NULL::VARCHAR AS label, NULL::DOUBLE AS guideline_share
       FROM ratings WHERE cycle_id IS NOT DISTINCT FROM ? AND dimension IS DISTINCT FROM 'potential' ORDER BY 1`,
    [cycle],
  );
}

/**
 * Ratings of one cycle, stage and dimension with the person's attributes and
 * the rater they are judged under: the manager who gave the manager-stage
 * rating (so calibrated ratings stay grouped by the manager whose judgement
 * was calibrated), else the person's manager, else the row's rater.
 */
function ratingsBase(
  filter: CalibrationFilter,
  stage: RatingStage,
  options: { keys: readonly PeopleFilterKey[]; excluded: readonly PeopleCell[] },
): { sql: string; params: SqlParam[] } {
  const people = peopleConditions(filter, options.keys, options.excluded);
  const manager =
    stage === 'manager'
      ? { join: '', rater: 'COALESCE(r.rater_id, p.manager_id)', params: [] as SqlParam[] }
      : {
          join: `LEFT JOIN (SELECT employee_id, min(rater_id) AS rater_id FROM ratings
                             WHERE stage = 'manager' AND cycle_id IS NOT DISTINCT FROM ? AND dimension IS NOT DISTINCT FROM ?
                             GROUP BY employee_id) m ON m.employee_id = r.employee_id`,
          rater: 'COALESCE(m.rater_id, p.manager_id, r.rater_id)',
          params: [filter.cycle ?? null, filter.dimension ?? null] as SqlParam[],
        };
  const where = ['r.cycle_id IS NOT DISTINCT FROM ?', 'r.stage = ?', 'r.dimension IS NOT DISTINCT FROM ?', ...people.sql];
  return {
    sql: `SELECT r.employee_id, r.rating, COALESCE(${manager.rater}, '(no rater)') AS rater_id,
                 p.department, p.level, p.team_id, p.location
            FROM ratings r LEFT JOIN people p ON p.person_id = r.employee_id ${manager.join}
           WHERE ${where.join(' AND ')}`,
    params: [...manager.params, filter.cycle ?? null, stage, filter.dimension ?? null, ...people.params],
  };
}

export interface RaterRatingCount {
  rater_id: string;
  /** The rater's name from `people`, when the rater is a person there. */
  rater_name: string | null;
  /** The rated people's department and level (the privacy cell). */
  department: string | null;
  level: string | null;
  rating: number;
  n: number;
}

/** Counts per (rater, cell, rating) for a view: the one query a filter change re-runs. */
export function raterRatingCounts(
  connector: Connector,
  filter: CalibrationFilter,
  stage: RatingStage,
  excluded: readonly PeopleCell[] = [],
): Promise<RaterRatingCount[]> {
  const base = ratingsBase(filter, stage, { keys: activePeopleFilters(filter), excluded });
  return queryRows<RaterRatingCount>(
    connector,
    `SELECT b.rater_id, any_value(rp.name) AS rater_name, b.department, b.level, b.rating, count(*) AS n
       FROM (${base.sql}) b LEFT JOIN people rp ON rp.person_id = b.rater_id
      GROUP BY b.rater_id, b.department, b.level, b.rating ORDER BY 1, 3, 4, 5`,
    base.params,
  );
}

/**
 * People per (rater, department, level) for a whole stage and dimension,
 * ignoring people filters: the atoms the privacy block plan is made of.
 */
export function raterCellCounts(connector: Connector, filter: CalibrationFilter, stage: RatingStage): Promise<RaterCellCount[]> {
  const base = ratingsBase(filter, stage, { keys: [], excluded: [] });
  return queryRows<RaterCellCount>(
    connector,
    `SELECT rater_id, department, level, count(DISTINCT employee_id) AS n FROM (${base.sql}) GROUP BY ALL ORDER BY 1, 2, 3`,
    base.params,
  );
}

export interface PeopleCellCount extends PeopleCell {
  n: number;
}

/** People rated in a cycle per (department, level): the cells privacy suppression works on. */
export function ratedPeopleCells(connector: Connector, cycle: string | null): Promise<PeopleCellCount[]> {
  return queryRows<PeopleCellCount>(
    connector,
    `SELECT p.department, p.level, count(DISTINCT r.employee_id) AS n
       FROM ratings r LEFT JOIN people p ON p.person_id = r.employee_id
      WHERE r.cycle_id IS NOT DISTINCT FROM ?
      GROUP BY ALL ORDER BY 1, 2`,
    [cycle],
  );
}

export interface LatticeRow {
  rater_id: string;
  department: string | null;
  level: string | null;
  team_id: string | null;
  location: string | null;
  n: number;
}

/** rater_id of the lattice rows that count the whole organisation (no rater). */
export const LATTICE_ORG = '\u0000org';

/**
 * Counts for checking a filtered view against every broader view: per value
 * of the active people filters, for the whole organisation (rater_id =
 * LATTICE_ORG) and for each rater present in the view (without the people
 * filters, so subtraction from a broader view can be computed).
 */
export function raterLattice(
  connector: Connector,
  filter: CalibrationFilter,
  stage: RatingStage,
  excluded: readonly PeopleCell[] = [],
): Promise<LatticeRow[]> {
  const keys = activePeopleFilters(filter);
  const all = ratingsBase(filter, stage, { keys: [], excluded });
  const cols = PEOPLE_FILTERS.map((k) => (keys.includes(k) ? k : `NULL::VARCHAR AS ${k}`)).join(', ');
  const groupCols = keys.length ? `, ${keys.join(', ')}` : '';
  const inView = keys.map((k) => `${k} = ?`).join(' AND ') || 'TRUE';
  const viewParams = keys.map((k) => filter[k] ?? null);
  return queryRows<LatticeRow>(
    connector,
    `WITH base AS (${all.sql})
     SELECT ? AS rater_id, ${cols}, count(*) AS n FROM base GROUP BY ALL
     UNION ALL
     SELECT rater_id, ${cols}, count(*) AS n FROM base
      WHERE rater_id IN (SELECT rater_id FROM base WHERE ${inView})
      GROUP BY rater_id${groupCols}`,
    [...all.params, LATTICE_ORG, ...viewParams],
  );
}

export interface MoveRow {
  rater_id: string;
  /** The person's cell (null unless counted per rater). */
  department: string | null;
  level: string | null;
  before: number;
  after: number;
  n: number;
}

/** People rated at both stages: counts per (before, after), per rater when asked. */
export function calibrationMoves(
  connector: Connector,
  filter: CalibrationFilter,
  before: RatingStage,
  after: RatingStage,
  options: { byRater: boolean; excluded?: readonly PeopleCell[] },
): Promise<MoveRow[]> {
  const base = ratingsBase(filter, before, { keys: activePeopleFilters(filter), excluded: options.excluded ?? [] });
  const rater = options.byRater
    ? 'b.rater_id AS rater_id, b.department AS department, b.level AS level'
    : `'(all)' AS rater_id, NULL::VARCHAR AS department, NULL::VARCHAR AS level`;
  return queryRows<MoveRow>(
    connector,
    `SELECT ${rater}, b.rating AS before, a.rating AS after, count(*) AS n
       FROM (${base.sql}) b
       JOIN ratings a ON a.employee_id = b.employee_id AND a.stage = ?
                     AND a.cycle_id IS NOT DISTINCT FROM ? AND a.dimension IS NOT DISTINCT FROM ?
      GROUP BY ALL ORDER BY 1, 2, 3, 4, 5`,
    [...base.params, after, filter.cycle ?? null, filter.dimension ?? null],
  );
}

export interface BigMoveRow {
  employee_id: string;
  name: string | null;
  rater_id: string;
  department: string | null;
  level: string | null;
  before: number;
  after: number;
}

/** The people whose rating moved by at least `minMove` scale points (at most `limit`). */
export function bigMoves(
  connector: Connector,
  filter: CalibrationFilter,
  before: RatingStage,
  after: RatingStage,
  minMove: number,
  options: { excluded?: readonly PeopleCell[]; limit?: number } = {},
): Promise<BigMoveRow[]> {
  const base = ratingsBase(filter, before, { keys: activePeopleFilters(filter), excluded: options.excluded ?? [] });
  return queryRows<BigMoveRow>(
    connector,
    `SELECT b.employee_id, p.name, b.rater_id, b.department, b.level, b.rating AS before, a.rating AS after
       FROM (${base.sql}) b
       JOIN ratings a ON a.employee_id = b.employee_id AND a.stage = ?
                     AND a.cycle_id IS NOT DISTINCT FROM ? AND a.dimension IS NOT DISTINCT FROM ?
       LEFT JOIN people p ON p.person_id = b.employee_id
      WHERE abs(a.rating - b.rating) >= ?
      ORDER BY abs(a.rating - b.rating) DESC, b.employee_id LIMIT ?`,
    [...base.params, after, filter.cycle ?? null, filter.dimension ?? null, minMove, options.limit ?? 200],
  );
}

export interface HaloRow {
  rater_id: string;
  ratees: number;
  within_variance: number;
}

/**
 * Per rater, over ratees with two or more competencies rated at this stage
 * (every dimension except overall/performance/potential): the mean
 * within-ratee variance across competencies.
 */
export function haloRows(
  connector: Connector,
  filter: CalibrationFilter,
  stage: RatingStage,
  excluded: readonly PeopleCell[] = [],
): Promise<HaloRow[]> {
  const people = peopleConditions(filter, activePeopleFilters(filter), excluded);
  const where = [
    'r.cycle_id IS NOT DISTINCT FROM ?',
    'r.stage = ?',
    "r.dimension IS NOT NULL AND lower(r.dimension) NOT IN ('overall', 'performance', 'potential')",
    ...people.sql,
  ];
  return queryRows<HaloRow>(
    connector,
    `SELECT rater_id, count(*) AS ratees, avg(v) AS within_variance FROM (
       SELECT COALESCE(r.rater_id, p.manager_id, '(no rater)') AS rater_id, r.employee_id, var_samp(r.rating) AS v
         FROM ratings r LEFT JOIN people p ON p.person_id = r.employee_id
        WHERE ${where.join(' AND ')}
        GROUP BY ALL HAVING count(*) >= 2)
     GROUP BY rater_id`,
    [filter.cycle ?? null, stage, ...people.params],
  );
}

export interface ImpactRow {
  group: string | null;
  n: number;
  top: number;
  up: number;
}

/**
 * Per value of an opt-in person attribute: people rated at `after`, how many
 * got the top rating, and how many moved up from `before`.
 */
export function adverseImpactRows(
  connector: Connector,
  filter: CalibrationFilter,
  attribute: string,
  before: RatingStage,
  after: RatingStage,
  top: number,
  excluded: readonly PeopleCell[] = [],
): Promise<ImpactRow[]> {
  const base = ratingsBase(filter, after, { keys: activePeopleFilters(filter), excluded });
  return queryRows<ImpactRow>(
    connector,
    `SELECT pa.value AS "group", count(*) AS n,
            count(*) FILTER (WHERE a.rating >= ?) AS top,
            count(*) FILTER (WHERE a.rating > b.rating) AS up
       FROM (${base.sql}) a
       JOIN person_attributes pa ON pa.person_id = a.employee_id AND pa.attribute = ?
       LEFT JOIN ratings b ON b.employee_id = a.employee_id AND b.stage = ?
                          AND b.cycle_id IS NOT DISTINCT FROM ? AND b.dimension IS NOT DISTINCT FROM ?
      GROUP BY ALL ORDER BY 1`,
    [top, ...base.params, attribute, before, filter.cycle ?? null, filter.dimension ?? null],
  );
}

export interface NineBoxCountRow {
  performance: number;
  potential: number;
  n: number;
}

/** People per (performance rating, potential rating) at a stage. */
export function nineBoxCounts(
  connector: Connector,
  filter: CalibrationFilter,
  stage: RatingStage,
  dimensions: { performance: string; potential: string },
  excluded: readonly PeopleCell[] = [],
): Promise<NineBoxCountRow[]> {
  const base = ratingsBase({ ...filter, dimension: dimensions.performance }, stage, {
    keys: activePeopleFilters(filter),
    excluded,
  });
  return queryRows<NineBoxCountRow>(
    connector,
    `SELECT b.rating AS performance, pot.rating AS potential, count(*) AS n
       FROM (${base.sql}) b
       JOIN (SELECT employee_id, max(rating) AS rating FROM ratings
              WHERE dimension = ? AND cycle_id IS NOT DISTINCT FROM ?
                AND stage = (CASE WHEN ? IN (SELECT stage FROM ratings WHERE dimension = ? AND cycle_id IS NOT DISTINCT FROM ?) THEN ? ELSE 'manager' END)
              GROUP BY employee_id) pot ON pot.employee_id = b.employee_id
      GROUP BY ALL ORDER BY 1, 2`,
    [
      ...base.params,
      dimensions.potential, filter.cycle ?? null,
      stage, dimensions.potential, filter.cycle ?? null, stage,
    ],
  );
}

export interface NineBoxPersonRow {
  employee_id: string;
  name: string | null;
  performance: number;
  potential: number;
}

/** Up to `limit` people per (performance, potential) pair, by name, for the boxes' name lists. */
export function nineBoxPeople(
  connector: Connector,
  filter: CalibrationFilter,
  stage: RatingStage,
  dimensions: { performance: string; potential: string },
  limit: number,
  excluded: readonly PeopleCell[] = [],
): Promise<NineBoxPersonRow[]> {
  const base = ratingsBase({ ...filter, dimension: dimensions.performance }, stage, {
    keys: activePeopleFilters(filter),
    excluded,
  });
  return queryRows<NineBoxPersonRow>(
    connector,
    `SELECT employee_id, name, performance, potential FROM (
       SELECT b.employee_id, p.name, b.rating AS performance, pot.rating AS potential,
              row_number() OVER (PARTITION BY b.rating, pot.rating ORDER BY p.name, b.employee_id) AS k
         FROM (${base.sql}) b
         JOIN (SELECT employee_id, max(rating) AS rating FROM ratings
                WHERE dimension = ? AND cycle_id IS NOT DISTINCT FROM ?
                  AND stage = (CASE WHEN ? IN (SELECT stage FROM ratings WHERE dimension = ? AND cycle_id IS NOT DISTINCT FROM ?) THEN ? ELSE 'manager' END)
                GROUP BY employee_id) pot ON pot.employee_id = b.employee_id
         LEFT JOIN people p ON p.person_id = b.employee_id)
      WHERE k <= ? ORDER BY performance, potential, k`,
    [
      ...base.params,
      dimensions.potential, filter.cycle ?? null,
      stage, dimensions.potential, filter.cycle ?? null, stage,
      limit,
    ],
  );
}
