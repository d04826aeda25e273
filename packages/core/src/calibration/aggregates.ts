/**
 * The small tables calibration views are answered from, built once per data version inside
 * DuckDB (`derived`): a filter or a selection is then a query over thousands of rows, not over
 * the ratings. Every table is keyed by the same atom — (cycle, rater, team, department, level,
 * location), the people attributes a view can be filtered by — so the privacy plan
 * (`privacy.ts`) can be checked on exactly what a view would count.
 *
 * - `plumb_agg_cal_people`: one row per person rated in a cycle, with the rater they are judged
 *   under (the manager who gave their manager-stage rating, else their manager, else any rater:
 *   calibrated and final ratings stay grouped by the manager whose judgement was calibrated).
 * - `plumb_agg_rating_counts`: ratings per atom × stage × dimension × rating value.
 * - `plumb_agg_cal_atoms_k{k}`: people per atom with the privacy block each atom belongs to.
 * - nine-box and move tables per dimension pair / stage pair (see the builders).
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { derived, sessionTable } from '../queries/derived.js';
import { quoteIdentifier } from '../sql.js';
import { pseudonymCode } from './pseudonyms.js';
import { ratingsRelation } from '../session/relation.js';

export const CAL_PEOPLE = 'plumb_agg_cal_people';
export const RATING_COUNTS = 'plumb_agg_rating_counts';

/** The atom columns, in one order everywhere. */
export const ATOM_COLUMNS = ['rater_id', 'team_id', 'department', 'level', 'location', 'manager_id'] as const;
export type AtomColumn = (typeof ATOM_COLUMNS)[number];

async function run(connector: Connector, sql: string): Promise<void> {
  await connector.query(sql);
}

/** People rated per cycle with the rater they are judged under (see above). */
export function calibrationPeople(connector: Connector): Promise<string> {
  return derived(connector, `agg:${CAL_PEOPLE}`, async () => {
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${CAL_PEOPLE} AS
       WITH rated AS (SELECT cycle_id, employee_id, min(rater_id) AS any_rater FROM ratings GROUP BY ALL),
            mgr AS (SELECT cycle_id, employee_id,
                           COALESCE(min(rater_id) FILTER (WHERE dimension IN ('overall', 'performance')), min(rater_id)) AS rater_id
                      FROM ratings WHERE stage = 'manager' GROUP BY ALL)
       SELECT r.cycle_id, r.employee_id,
              COALESCE(m.rater_id, p.manager_id, r.any_rater, '(no rater)') AS rater_id,
              p.team_id, p.department, p.level, p.location, p.manager_id, p.name
         FROM rated r
         LEFT JOIN mgr m ON m.employee_id = r.employee_id AND m.cycle_id IS NOT DISTINCT FROM r.cycle_id
         LEFT JOIN people p ON p.person_id = r.employee_id`,
    );
    return CAL_PEOPLE;
  });
}

/** Ratings per atom, stage, dimension and value: what the rating distribution counts. */
export function ratingCounts(connector: Connector): Promise<string> {
  return derived(connector, `agg:${RATING_COUNTS}`, async () => {
    // Named now, at the version this build belongs to (not after an await, when a change may have moved it).
    const table = sessionTable(connector, RATING_COUNTS);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${table} AS
       SELECT r.cycle_id, r.stage, r.dimension, ${ATOM_COLUMNS.map((a) => `c.${a}`).join(', ')}, r.rating,
              count(*)::INTEGER AS n
         FROM ${ratings} r JOIN ${people} c ON c.employee_id = r.employee_id AND c.cycle_id IS NOT DISTINCT FROM r.cycle_id
        WHERE r.rating IS NOT NULL
        GROUP BY ALL`,
    );
    return table;
  }, { session: true });
}

/**
 * People per atom with their privacy block, for min-group `k` (rules in `privacy.ts`):
 * - a department with fewer than k rated people in the cycle gets no block (left out);
 * - each rater's people in a department form a block when they are ≥ k;
 * - smaller ones go to the department's pool, topped up with the department's smallest
 *   rater blocks (ties: smaller rater id) until the pool holds ≥ k.
 */
export function calibrationAtoms(connector: Connector, k: number): Promise<{ atoms: string; blocks: string }> {
  const size = Math.max(1, Math.floor(k));
  const table = `plumb_agg_cal_atoms_k${size}`;
  const blocks = `plumb_agg_cal_blocks_k${size}`;
  return derived(connector, `agg:${table}`, async () => {
    const people = await calibrationPeople(connector);
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${table} AS
       WITH units AS (
         SELECT cycle_id, rater_id, department, count(*) AS n FROM ${people} GROUP BY ALL
       ), dept AS (
         SELECT *, sum(n) OVER (PARTITION BY cycle_id, department) AS dept_n,
                sum(n) FILTER (WHERE n < ${size}) OVER (PARTITION BY cycle_id, department) AS small_n
           FROM units
       ), ranked AS (
         SELECT *, COALESCE(sum(n) FILTER (WHERE n >= ${size}) OVER (
                     PARTITION BY cycle_id, department ORDER BY n, rater_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_n
           FROM dept
       ), blocks AS (
         SELECT cycle_id, rater_id, department,
                CASE WHEN dept_n < ${size} THEN NULL
                     WHEN n < ${size} OR (COALESCE(small_n, 0) > 0 AND COALESCE(small_n, 0) + before_n < ${size}) THEN 'pool'
                     ELSE 'rater' END AS kind
           FROM ranked
       )
       SELECT p.cycle_id, ${ATOM_COLUMNS.map((a) => `p.${a}`).join(', ')}, count(*)::INTEGER AS f, b.kind,
              CASE WHEN b.kind = 'rater' THEN 'r' || length(p.rater_id) || ':' || p.rater_id || COALESCE('|' || p.department, '#')
                   WHEN b.kind = 'pool' THEN 'p' || COALESCE('|' || p.department, '#') END AS block
         FROM ${people} p JOIN blocks b ON b.cycle_id IS NOT DISTINCT FROM p.cycle_id AND b.rater_id = p.rater_id
                                       AND b.department IS NOT DISTINCT FROM p.department
        GROUP BY ALL`,
    );
    // The block of each (cycle, rater, department): what every per-view query joins on.
    await run(connector, `CREATE OR REPLACE TABLE ${blocks} AS SELECT DISTINCT cycle_id, rater_id, department, block, kind FROM ${table} WHERE block IS NOT NULL`);
    return { atoms: table, blocks };
  });
}

/**
 * `table` with each row's privacy block (for min-group `k`) as columns `block` and `kind`, built once
 * per data version: the hot queries (a view's counts, the plan's measures) then need no join.
 */
export async function withBlocks(connector: Connector, table: string, k: number): Promise<string> {
  const { blocks } = await calibrationAtoms(connector, k);
  const name = `${table.replace(/"/g, '')}_k${Math.max(1, Math.floor(k))}`;
  return derived(connector, `agg:${name}`, async () => {
    sessionTable(connector, name); // dropped with its source's version (the name carries the source's)
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${quoteIdentifier(name)} AS
       SELECT c.*, b.block, b.kind FROM ${quoteIdentifier(table.replace(/"/g, ''))} c
         JOIN ${blocks} b ON b.cycle_id IS NOT DISTINCT FROM c.cycle_id AND b.rater_id = c.rater_id AND b.department IS NOT DISTINCT FROM c.department`,
    );
    return quoteIdentifier(name);
  }, { session: true });
}

/** A short, identifier-safe suffix for a table built per pair of data values. */
function tableSuffix(parts: readonly (string | null)[]): string {
  return parts.map((p) => pseudonymCode(p ?? '\u0000null')).join('').toLowerCase();
}

/**
 * One row per person with a `performance` rating at a stage and a `potential` rating (at the
 * same stage when the cycle has potential ratings at that stage, else at the manager stage).
 */
export function nineBoxPeopleTable(connector: Connector, dims: { performance: string; potential: string }): Promise<string> {
  const base = `plumb_agg_nine_box_${tableSuffix([dims.performance, dims.potential])}`;
  return derived(connector, `agg:${base}:${JSON.stringify(dims)}`, async () => {
    const table = sessionTable(connector, base);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await connector.query(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS
       WITH perf AS (SELECT cycle_id, stage, employee_id, max(rating) AS rating FROM ${ratings}
                      WHERE dimension = ? AND rating IS NOT NULL GROUP BY ALL),
            pot AS (SELECT cycle_id, stage, employee_id, max(rating) AS rating FROM ${ratings}
                     WHERE dimension = ? AND rating IS NOT NULL GROUP BY ALL),
            pot_stages AS (SELECT DISTINCT cycle_id, stage FROM pot)
       SELECT f.cycle_id, f.stage, f.employee_id, c.name, ${ATOM_COLUMNS.map((a) => `c.${a}`).join(', ')},
              f.rating AS performance, q.rating AS potential
         FROM perf f
         JOIN ${people} c ON c.employee_id = f.employee_id AND c.cycle_id IS NOT DISTINCT FROM f.cycle_id
         LEFT JOIN pot_stages s ON s.cycle_id IS NOT DISTINCT FROM f.cycle_id AND s.stage = f.stage
         JOIN pot q ON q.employee_id = f.employee_id AND q.cycle_id IS NOT DISTINCT FROM f.cycle_id
                   AND q.stage = CASE WHEN s.stage IS NULL THEN 'manager' ELSE f.stage END`,
      [dims.performance, dims.potential],
    );
    return table;
  }, { session: true });
}

/** Counts per atom, stage, performance and potential value, over `nineBoxPeopleTable`. */
export function nineBoxCountsTable(connector: Connector, dims: { performance: string; potential: string }): Promise<string> {
  return derived(connector, `agg:nine-box-counts:${JSON.stringify(dims)}`, async () => {
    const people = await nineBoxPeopleTable(connector, dims);
    const table = `${people}_counts`;
    sessionTable(connector, table);
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS
       SELECT cycle_id, stage, ${ATOM_COLUMNS.join(', ')}, performance, potential, count(*)::INTEGER AS n
         FROM ${quoteIdentifier(people)} GROUP BY ALL`,
    );
    return table;
  }, { session: true });
}

/** People rated at both stages, per atom, dimension and (before, after) values. */
export function movesTable(connector: Connector, before: string, after: string): Promise<string> {
  const base = `plumb_agg_moves_${tableSuffix([before, after])}`;
  return derived(connector, `agg:${base}:${before}:${after}`, async () => {
    const table = sessionTable(connector, base);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await connector.query(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS
       SELECT b.cycle_id, b.dimension, ${ATOM_COLUMNS.map((c) => `c.${c}`).join(', ')}, b.rating AS before, a.rating AS after,
              count(*)::INTEGER AS n
         FROM ${ratings} b
         JOIN ${ratings} a ON a.employee_id = b.employee_id AND a.stage = ? AND a.cycle_id IS NOT DISTINCT FROM b.cycle_id
                       AND a.dimension IS NOT DISTINCT FROM b.dimension
         JOIN ${people} c ON c.employee_id = b.employee_id AND c.cycle_id IS NOT DISTINCT FROM b.cycle_id
        WHERE b.stage = ? AND a.rating IS NOT NULL AND b.rating IS NOT NULL
        GROUP BY ALL`,
      [after, before],
    );
    return table;
  }, { session: true });
}

/** Per atom and stage: ratees with two or more competencies and the sum of their within-ratee variance. */
export function haloTable(connector: Connector): Promise<string> {
  return derived(connector, 'agg:plumb_agg_halo', async () => {
    const table = sessionTable(connector, 'plumb_agg_halo');
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await run(
      connector,
      `CREATE OR REPLACE TABLE ${table} AS
       SELECT v.cycle_id, v.stage, ${ATOM_COLUMNS.map((c) => `c.${c}`).join(', ')}, count(*)::INTEGER AS ratees, sum(v.v) AS sum_variance
         FROM (SELECT cycle_id, stage, employee_id, var_samp(rating) AS v FROM ${ratings}
                WHERE dimension IS NOT NULL AND lower(dimension) NOT IN ('overall', 'performance', 'potential') AND rating IS NOT NULL
                GROUP BY ALL HAVING count(*) >= 2) v
         JOIN ${people} c ON c.employee_id = v.employee_id AND c.cycle_id IS NOT DISTINCT FROM v.cycle_id
        GROUP BY ALL`,
    );
    return table;
  }, { session: true });
}

/** Whether the data has a table (person_attributes is optional). */
export function hasTable(connector: Connector, name: string): Promise<boolean> {
  return derived(connector, `has-table:${name}`, async () => {
    const rows = await queryRows<{ n: number }>(
      connector,
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`,
      [name],
    );
    return Number(rows[0]?.n ?? 0) > 0;
  });
}
