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
 * - `plumb_agg_rating_counts_k{k}`: ratings per atom × stage × dimension × rating value, the atom by its number
 *   (read joined to the atoms, with their columns and block: `ratingCounts`).
 * Count tables are read through `sum(n)`: a session's change adds signed rows to them (see
 * `ratingCounts`), so one cell may have several rows, summing to 0 when it is empty.
 * - `plumb_agg_cal_atoms_k{k}`: people per atom with the privacy block each atom belongs to, and the atom's number.
 * - nine-box and move tables per dimension pair / stage pair (see the builders).
 */
import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { queryRows } from '../connector.js';
import { derived, isServed, registerIncremental, sessionTable, sessionVersion, sessionWrite, type IncrementalApply, type SessionDelta } from '../queries/derived.js';
import { quoteIdentifier, quoteLiteral, type SqlParam } from '../sql.js';
import { pseudonymCode } from './pseudonyms.js';
import { ratingsRelation } from '../session/relation.js';

export const CAL_PEOPLE = 'plumb_agg_cal_people';
export const RATING_COUNTS = 'plumb_agg_rating_counts';

/**
 * A count table's `slice` column: the hash of the columns a view picks one slice of the table by (cycle, stage and, for
 * the rating counts, dimension). A view's scan then compares one integer per row instead of reading three text
 * columns, most of its cost (100k people: a scan of the 525k rating counts ~25 → ~4 ms). Exact only while no two
 * slices of the data share a hash (`slicesExact`); else the views pick by the columns.
 */
export function sliceColumn(columns: readonly string[]): string {
  return `hash(${columns.join(', ')}) AS slice`;
}

/**
 * The conditions (on `alias`) picking one slice of a count table — `cycle_id`, `stage` and, when given, `dimension`
 * as the columns compare them — by its `slice` when `exact`, else by the columns themselves.
 */
/** One slice of a count table: a cycle and stage, and for the rating counts a dimension. */
export interface Slice {
  cycle: string | null;
  stage: string;
  dimension?: string | null;
}

export function sliceCondition(alias: string, slice: Slice, exact: boolean): { sql: string; params: SqlParam[] } {
  const values: SqlParam[] = [slice.cycle, slice.stage, ...(slice.dimension !== undefined ? [slice.dimension] : [])];
  if (exact) return { sql: `${alias}.slice = hash(${values.map(() => 'CAST(? AS VARCHAR)').join(', ')})`, params: values };
  const dimension = slice.dimension !== undefined ? ` AND ${alias}.dimension IS NOT DISTINCT FROM ?` : '';
  return { sql: `${alias}.cycle_id IS NOT DISTINCT FROM ? AND ${alias}.stage = ?${dimension}`, params: values };
}

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
       -- One grouping of the ratings for both raters (a second grouping of the manager stage, joined back, was
       -- ~40 of ~220 ms CPU at 100k people).
       WITH rated AS (SELECT cycle_id, employee_id, min(rater_id) AS any_rater,
                             COALESCE(min(rater_id) FILTER (WHERE stage = 'manager' AND dimension IN ('overall', 'performance')),
                                      min(rater_id) FILTER (WHERE stage = 'manager')) AS manager_rater
                        FROM ratings GROUP BY ALL)
       SELECT r.cycle_id, r.employee_id,
              COALESCE(r.manager_rater, p.manager_id, r.any_rater, '(no rater)') AS rater_id,
              p.team_id, p.department, p.level, p.location, p.manager_id, p.name
         FROM rated r
         LEFT JOIN people p ON p.person_id = r.employee_id`,
    );
    return CAL_PEOPLE;
  }, { reads: CALIBRATION_TABLES });
}

/**
 * Ratings per atom, stage, dimension and value, with each row's privacy block (for min-group `k`, columns
 * `block` and `kind`; departments too small for a block are left out): what the rating distribution and
 * the privacy plan's rating measure count. Returns a relation (a parenthesised SELECT) with those columns.
 *
 * Stored narrow — the atom's number, stage, dimension, rating, n, slice — and read joined to the atoms
 * (`calibrationAtoms`): in DuckDB-WASM each text cell written costs ~67 ns, twenty times a number, and the atom's
 * nine texts were most of the build (100k people, 525k rows: ~730 → ~330 ms CPU).
 */
export function ratingCounts(connector: Connector, k: number): Promise<string> {
  const size = Math.max(1, Math.floor(k));
  const base = `${RATING_COUNTS}_k${size}`;
  const key = `agg:${base}`;
  return derived(connector, key, async () => {
    // Named now, at the version this build belongs to (not after an await, when a change may have moved it).
    const version = sessionVersion(connector);
    const table = sessionTable(connector, base);
    const [people, ratings, { atoms }] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector), calibrationAtoms(connector, size)]);
    // The counts of `rows` (cycle_id, employee_id, dimension, rating, and `stage` or not), per atom with a block.
    const counted = (rows: string, stage: string, n: string) => `
       SELECT a.atom, ${stage} AS stage, r.dimension, r.rating, ${n}::INTEGER AS n, ${sliceColumn(['r.cycle_id', stage, 'r.dimension'])}
         FROM ${rows} r
         JOIN ${people} c ON c.employee_id = r.employee_id AND c.cycle_id IS NOT DISTINCT FROM r.cycle_id
         ${joinAtom(atoms)}
        WHERE r.rating IS NOT NULL AND a.block IS NOT NULL
        GROUP BY ALL`;
    // On a server, stored in the order views read it (a view reads one stage and dimension of one cycle, a few blocks):
    // their scans skip the other slices' and blocks' row groups. 1M people, 5.3 M rows: a team's plan scanned all of them.
    const ordered = `${counted(ratings, 'r.stage', 'count(*)')}${isServed(connector) ? ' ORDER BY slice, a.atom' : ''}`;
    await incrementalBuild(connector, version, key, table, `CREATE OR REPLACE TABLE ${table} AS ${ordered}`, [], (delta) => {
      // −1 in the old value's cell, +1 in the new one's, in each moved rating's atom: rows added, never
      // updated (readers sum \`n\`; a cell whose rows sum to 0 is empty).
      const moved = delta.temp(table);
      return {
        delta: moved,
        sql: [`CREATE TEMP TABLE ${moved} AS ${counted(`(${signedChanges(delta)})`, "'calibrated'", 'sum(r.dn)')} HAVING sum(r.dn) <> 0`, addCounts(table, moved)],
      };
    });
    return byAtom(table, atoms, ['stage', 'dimension'], ['rating']);
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/** Each moved rating twice: its old value with −1, its new value with +1 (columns cycle_id, employee_id, dimension, rating, dn). */
function signedChanges(delta: SessionDelta): string {
  return `SELECT cycle_id, employee_id, dimension, old_rating AS rating, -1 AS dn FROM ${delta.changes}
          UNION ALL SELECT cycle_id, employee_id, dimension, new_rating AS rating, 1 AS dn FROM ${delta.changes}`;
}

/**
 * Build a session table that follows deltas: its CREATE runs among the session writes (never beside a
 * delta), then `apply` is registered for every later change.
 */
async function incrementalBuild(
  connector: Connector, version: number, key: string, table: string, sql: string, params: SqlParam[], apply: IncrementalApply,
): Promise<void> {
  await sessionWrite(connector, async () => {
    await connector.query(sql, params);
    registerIncremental(connector, version, key, table, apply);
  });
}

/**
 * `JOIN <atoms> a`: each row of atom columns aliased `c` with its atom (`a.atom`, `a.block`); the callers keep only
 * atoms with a block (a department too small has none). One join for every count table, so they agree on the blocks.
 */
function joinAtom(atoms: string): string {
  return `JOIN ${atoms} a ON ${['cycle_id', ...ATOM_COLUMNS].map((x) => `a.${x} IS NOT DISTINCT FROM c.${x}`).join(' AND ')}`;
}

/**
 * A count table stored by atom number (`table`: atom, the slice's columns `slice`, the counted values `values`, n,
 * slice) as the relation its readers read, in the order the table had when it held the atom's texts: cycle, `slice`,
 * the atom columns, `values`, n, the atom's block and kind, slice.
 */
function byAtom(table: string, atoms: string, slice: readonly string[], values: readonly string[]): string {
  const columns = ['a.cycle_id', ...slice.map((c) => `n.${c}`), ...ATOM_COLUMNS.map((c) => `a.${c}`), ...values.map((c) => `n.${c}`), 'n.n', 'a.block', 'a.kind', 'n.slice'];
  return `(SELECT ${columns.join(', ')} FROM ${table} n ${byAtomJoin(atoms)})`;
}

/** The join of a `byAtom` relation to its atoms, one text for building the relation and for `countsOver`'s rewrite. */
const byAtomJoin = (atoms: string) => `JOIN ${atoms} a ON a.atom = n.atom`;

/**
 * A count relation of `byAtom` joined to `scope` instead of `atoms`: `scope` is a CTE holding some of the atoms table's rows
 * (those of the blocks a narrow filter touches, `planCte`), so the relation has the same rows for those atoms and none
 * for the others, and each read of it scans that CTE instead of every atom's texts (1M people: ~30–60 ms per read). Any
 * other relation, or no scope, as it is.
 */
export function countsOver(relation: string, atoms: string, scope: string | null): string {
  return scope === null ? relation : relation.replace(byAtomJoin(atoms), byAtomJoin(scope));
}

/** Add a count delta's rows (signed \`n\`) to a count table. */
function addCounts(table: string, delta: string): string {
  return `INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM ${quoteIdentifier(delta)}`;
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
                -- No FILTER on a window aggregate: DuckDB then sums the whole partition for every row (quadratic).
                sum(CASE WHEN n < ${size} THEN n END) OVER (PARTITION BY cycle_id, department) AS small_n
           FROM units
       ), ranked AS (
         SELECT *, COALESCE(sum(CASE WHEN n >= ${size} THEN n END) OVER (
                     PARTITION BY cycle_id, department ORDER BY n, rater_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_n
           FROM dept
       ), blocks AS (
         SELECT cycle_id, rater_id, department,
                CASE WHEN dept_n < ${size} THEN NULL
                     WHEN n < ${size} OR (COALESCE(small_n, 0) > 0 AND COALESCE(small_n, 0) + before_n < ${size}) THEN 'pool'
                     ELSE 'rater' END AS kind
           FROM ranked
       ), grouped AS (
         SELECT p.cycle_id, ${ATOM_COLUMNS.map((a) => `p.${a}`).join(', ')}, count(*)::INTEGER AS f, b.kind,
                CASE WHEN b.kind = 'rater' THEN 'r' || length(p.rater_id) || ':' || p.rater_id || COALESCE('|' || p.department, '#')
                     WHEN b.kind = 'pool' THEN 'p' || COALESCE('|' || p.department, '#') END AS block
           FROM ${people} p JOIN blocks b ON b.cycle_id IS NOT DISTINCT FROM p.cycle_id AND b.rater_id = p.rater_id
                                         AND b.department IS NOT DISTINCT FROM p.department
          GROUP BY ALL
       )
       -- Each atom's number (\`atom\`): what the count tables store instead of the atom's texts (\`ratingCounts\`). A page
       -- builds this table once per data version, before the counts; a server (whose evicted entries are rebuilt) numbers
       -- in block order, deterministic, so that a view's blocks are a few ranges of numbers in the sorted counts.
       SELECT *, (row_number() OVER (${isServed(connector) ? 'ORDER BY cycle_id, block, ' + ATOM_COLUMNS.join(', ') : ''}))::INTEGER AS atom FROM grouped`,
    );
    // The block of each (cycle, rater, department): what every per-view query joins on.
    await run(connector, `CREATE OR REPLACE TABLE ${blocks} AS SELECT DISTINCT cycle_id, rater_id, department, block, kind FROM ${table} WHERE block IS NOT NULL`);
    return { atoms: table, blocks };
  }, { reads: CALIBRATION_TABLES });
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
  const key = `agg:${base}:${JSON.stringify(dims)}`;
  return derived(connector, key, async () => {
    const version = sessionVersion(connector);
    const table = sessionTable(connector, base);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await incrementalBuild(connector, version, key, table,
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
      (delta) => nineBoxPeopleDelta(table, dims, delta),
    );
    return table;
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/**
 * Move the calibrated performance or potential of the people whose rating moved; the count delta
 * (−1 in each person's old box, +1 in the new) is what the counts table follows.
 * (A calibrated row takes the calibrated potential: a session cycle has calibrated rows for every
 * rating with a base, potential included.)
 */
function nineBoxPeopleDelta(table: string, dims: { performance: string; potential: string }, delta: SessionDelta): { sql: string[]; delta: string } {
  if (!delta.dimensions.has(dims.performance) && !delta.dimensions.has(dims.potential)) return { delta: '', sql: [] };
  const t = quoteIdentifier(table);
  const before = delta.temp(`${table}_before`);
  const [perf, pot] = [quoteLiteral(dims.performance), quoteLiteral(dims.potential)];
  const moved = delta.temp(table);
  // The moved people's new performance and potential (either may be unchanged: null).
  const updates = `(SELECT cycle_id, employee_id, max(new_rating) FILTER (WHERE dimension = ${perf}) AS performance,
                      max(new_rating) FILTER (WHERE dimension = ${pot}) AS potential
                 FROM ${delta.changes} WHERE dimension IN (${perf}, ${pot}) GROUP BY ALL)`;
  return {
    delta: moved,
    sql: [
      `CREATE TEMP TABLE ${before} AS SELECT p.* FROM ${t} p
         SEMI JOIN (SELECT cycle_id, employee_id FROM ${delta.changes} WHERE dimension IN (${perf}, ${pot})) x
           ON x.cycle_id IS NOT DISTINCT FROM p.cycle_id AND x.employee_id = p.employee_id
        WHERE p.stage = 'calibrated'`,
      // −1 in each moved person's old box, +1 in the new one: the new rows are the old ones with the
      // update applied (what the UPDATE below writes), so the people table is not scanned again.
      `CREATE TEMP TABLE ${moved} AS
       SELECT cycle_id, stage, ${ATOM_COLUMNS.join(', ')}, performance, potential, sum(dn)::INTEGER AS n
         FROM (SELECT *, -1 AS dn FROM ${before}
               UNION ALL SELECT b.* REPLACE (COALESCE(u.performance, b.performance) AS performance, COALESCE(u.potential, b.potential) AS potential), 1 AS dn
                 FROM ${before} b JOIN ${updates} u ON u.cycle_id IS NOT DISTINCT FROM b.cycle_id AND u.employee_id = b.employee_id)
        GROUP BY ALL HAVING sum(dn) <> 0`,
      `UPDATE ${t} SET performance = COALESCE(u.performance, ${t}.performance), potential = COALESCE(u.potential, ${t}.potential)
         FROM ${updates} u
        WHERE ${t}.stage = 'calibrated' AND ${t}.cycle_id IS NOT DISTINCT FROM u.cycle_id AND ${t}.employee_id = u.employee_id`,
    ],
  };
}

/**
 * Counts per atom, stage, performance and potential value, over `nineBoxPeopleTable`, with each row's
 * privacy block (for min-group `k`, as in `ratingCounts`). Stored narrow by the atom's number and read joined
 * to the atoms, as the rating counts (100k people, 280k rows: their texts were most of the build).
 * Returns the relation (a parenthesised SELECT).
 */
export function nineBoxCountsTable(connector: Connector, dims: { performance: string; potential: string }, k: number): Promise<string> {
  const size = Math.max(1, Math.floor(k));
  const key = `agg:nine-box-counts:${JSON.stringify(dims)}:k${size}`;
  return derived(connector, key, async () => {
    const version = sessionVersion(connector);
    const [people, { atoms }] = await Promise.all([nineBoxPeopleTable(connector, dims), calibrationAtoms(connector, size)]);
    const table = `${people}_counts_k${size}`;
    sessionTable(connector, table);
    // Counts by atom columns (`c`) as rows by the atom's number; an atom without a block drops out.
    const numbered = (counts: string) => `SELECT a.atom, c.stage, c.performance, c.potential, c.n, ${sliceColumn(['c.cycle_id', 'c.stage'])}
         FROM (${counts}) c ${joinAtom(atoms)}
        WHERE a.block IS NOT NULL`;
    await incrementalBuild(connector, version, key, table,
      // On a server in the order views read it (one stage of one cycle, a few blocks), as the rating counts.
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS ${numbered(`SELECT cycle_id, stage, ${ATOM_COLUMNS.join(', ')}, performance, potential, count(*)::INTEGER AS n
         FROM ${quoteIdentifier(people)} GROUP BY ALL`)}${isServed(connector) ? ' ORDER BY slice, a.atom' : ''}`,
      [],
      (delta) => {
        // The people table's delta is a count delta over these cells already: each row by its atom's number.
        const moved = delta.deltaOf(people);
        if (moved === undefined) return false;
        return { delta: '', sql: moved ? [`INSERT INTO ${quoteIdentifier(table)} BY NAME ${numbered(`SELECT * FROM ${quoteIdentifier(moved)}`)}`] : [] };
      },
    );
    return byAtom(quoteIdentifier(table), atoms, ['stage'], ['performance', 'potential']);
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/** People rated at both stages, per atom, dimension and (before, after) values. */
export function movesTable(connector: Connector, before: string, after: string): Promise<string> {
  const base = `plumb_agg_moves_${tableSuffix([before, after])}`;
  const key = `agg:${base}:${before}:${after}`;
  return derived(connector, key, async () => {
    const version = sessionVersion(connector);
    const table = sessionTable(connector, base);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await incrementalBuild(connector, version, key, table,
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
      (delta) => {
        // Only the calibrated side moves; the other stage's ratings of a session cycle are the data's.
        if ((before === 'calibrated') === (after === 'calibrated')) return before === 'calibrated' ? false : { delta: '', sql: [] };
        const other = quoteLiteral(before === 'calibrated' ? after : before);
        const pair = before === 'calibrated' ? 'x.rating AS before, o.rating AS after' : 'o.rating AS before, x.rating AS after';
        const moved = delta.temp(table);
        return {
          delta: moved,
          sql: [
            `CREATE TEMP TABLE ${moved} AS
             SELECT x.cycle_id, x.dimension, ${ATOM_COLUMNS.map((c) => `c.${c}`).join(', ')}, ${pair}, sum(x.dn)::INTEGER AS n
               FROM (${signedChanges(delta)}) x
               JOIN ratings o ON o.employee_id = x.employee_id AND o.cycle_id IS NOT DISTINCT FROM x.cycle_id
                             AND o.dimension IS NOT DISTINCT FROM x.dimension AND o.stage = ${other} AND o.rating IS NOT NULL
               JOIN ${people} c ON c.employee_id = x.employee_id AND c.cycle_id IS NOT DISTINCT FROM x.cycle_id
              GROUP BY ALL HAVING sum(x.dn) <> 0`,
            addCounts(table, moved),
          ],
        };
      },
    );
    return table;
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/**
 * The people whose rating differs between two stages, one row per person and dimension with their atom,
 * name and both ratings: what the list of big movers reads (a few hundred rows where the ratings have
 * 10,000 people; joining the ratings twice per person cost a session change more than both views' counts).
 */
export function moversTable(connector: Connector, before: string, after: string): Promise<string> {
  const base = `plumb_agg_movers_${tableSuffix([before, after])}`;
  const key = `agg:${base}:${before}:${after}`;
  return derived(connector, key, async () => {
    const version = sessionVersion(connector);
    const table = sessionTable(connector, base);
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    const columns = `c.name, ${ATOM_COLUMNS.map((c) => `c.${c}`).join(', ')}`;
    await incrementalBuild(connector, version, key, table,
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS
       SELECT b.cycle_id, b.dimension, b.employee_id, ${columns}, b.rating AS before, a.rating AS after
         FROM ${ratings} b
         JOIN ${ratings} a ON a.employee_id = b.employee_id AND a.stage = ? AND a.cycle_id IS NOT DISTINCT FROM b.cycle_id
                       AND a.dimension IS NOT DISTINCT FROM b.dimension
         JOIN ${people} c ON c.employee_id = b.employee_id AND c.cycle_id IS NOT DISTINCT FROM b.cycle_id
        WHERE b.stage = ? AND a.rating IS NOT NULL AND b.rating IS NOT NULL AND a.rating <> b.rating`,
      [after, before],
      (delta) => {
        // Only the calibrated side moves (as in \`movesTable\`): the moved people's rows are written again.
        if ((before === 'calibrated') === (after === 'calibrated')) return before === 'calibrated' ? false : { delta: '', sql: [] };
        const other = quoteLiteral(before === 'calibrated' ? after : before);
        const pair = before === 'calibrated' ? 'x.new_rating AS before, o.rating AS after' : 'o.rating AS before, x.new_rating AS after';
        const t = quoteIdentifier(table);
        return {
          delta: '',
          sql: [
            `DELETE FROM ${t} USING ${delta.changes} x
              WHERE ${t}.cycle_id IS NOT DISTINCT FROM x.cycle_id AND ${t}.employee_id = x.employee_id AND ${t}.dimension IS NOT DISTINCT FROM x.dimension`,
            `INSERT INTO ${t}
             SELECT x.cycle_id, x.dimension, x.employee_id, ${columns}, ${pair}
               FROM ${delta.changes} x
               JOIN ratings o ON o.employee_id = x.employee_id AND o.cycle_id IS NOT DISTINCT FROM x.cycle_id
                             AND o.dimension IS NOT DISTINCT FROM x.dimension AND o.stage = ${other} AND o.rating IS NOT NULL
               JOIN ${people} c ON c.employee_id = x.employee_id AND c.cycle_id IS NOT DISTINCT FROM x.cycle_id
              WHERE x.new_rating IS NOT NULL AND o.rating <> x.new_rating`,
          ],
        };
      },
    );
    return table;
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/** Per atom and stage: ratees with two or more competencies and the sum of their within-ratee variance. */
export function haloTable(connector: Connector): Promise<string> {
  const key = 'agg:plumb_agg_halo';
  return derived(connector, key, async () => {
    const version = sessionVersion(connector);
    const table = sessionTable(connector, 'plumb_agg_halo');
    const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
    await incrementalBuild(connector, version, key, table,
      `CREATE OR REPLACE TABLE ${table} AS
       SELECT v.cycle_id, v.stage, ${ATOM_COLUMNS.map((c) => `c.${c}`).join(', ')}, count(*)::INTEGER AS ratees, sum(v.v) AS sum_variance
         FROM (SELECT cycle_id, stage, employee_id, var_samp(rating) AS v FROM ${ratings}
                WHERE ${COMPETENCY('dimension')} AND rating IS NOT NULL
                GROUP BY ALL HAVING count(*) >= 2) v
         JOIN ${people} c ON c.employee_id = v.employee_id AND c.cycle_id IS NOT DISTINCT FROM v.cycle_id
        GROUP BY ALL`,
      [],
      (delta) =>
        // A within-ratee variance is no count: a moved competency rating rebuilds the table; others leave it.
        [...delta.dimensions].some(isCompetency) ? false : { delta: '', sql: [] },
    );
    return table;
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
}

/** The dimensions that are no competency (the overall rating, performance, potential). */
const NOT_COMPETENCIES = ['overall', 'performance', 'potential'];
/** Whether a dimension is a competency (what the halo figures are about). */
export const isCompetency = (dimension: string | null): boolean => dimension !== null && !NOT_COMPETENCIES.includes(dimension.toLowerCase());
/** A competency dimension. */
const COMPETENCY = (column: string) => `${column} IS NOT NULL AND lower(${column}) NOT IN (${NOT_COMPETENCIES.map(quoteLiteral).join(', ')})`;

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
