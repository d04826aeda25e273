/**
 * The queries behind calibration views. Each answers from the pre-aggregated tables of
 * `aggregates.ts` (counts per atom, never one row per person, except the capped lists of big
 * movers and nine-box names) through the privacy plan of `privacy.ts`. Values are parameters;
 * column names are constants.
 */
import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { queryRows } from '../connector.js';
import { derived, isServed, sessionTable } from '../queries/derived.js';
import { inList, listParam, quoteIdentifier, type SqlParam } from '../sql.js';
import { ATOM_COLUMNS, calibrationAtoms, calibrationPeople, countsOver, movesTable, moversTable, nineBoxCountsTable, nineBoxPeopleTable, sliceCondition } from './aggregates.js';
import type { RatingStage } from './filters.js';
import { activeConditions, filterConditions, planCte, type Measure, type ViewFilter } from './privacy.js';
import { ratingsRelation } from '../session/relation.js';

export interface CalibrationOverviewRow {
  cycle_id: string | null;
  stage: RatingStage | null;
  dimension: string | null;
  n: number;
}

/** Which cycles, stages and dimensions have ratings (for filter menus and defaults). */
export async function calibrationOverview(connector: Connector): Promise<CalibrationOverviewRow[]> {
  return (await overviewAndSlices(connector)).rows;
}

/**
 * Whether the count tables' `slice` hashes tell every slice of the data apart — every (cycle, stage, dimension) and
 * every (cycle, stage) the ratings have, so every one a count table holds — and views may pick a slice by its hash
 * (`sliceCondition`).
 */
export async function slicesExact(connector: Connector): Promise<boolean> {
  return (await overviewAndSlices(connector)).exact;
}

function overviewAndSlices(connector: Connector): Promise<{ rows: CalibrationOverviewRow[]; exact: boolean }> {
  // On the ratings themselves (one grouping, once per data version): menus work on any connector,
  // a read-only server included, before any pre-aggregate exists. The slices' hashes come with it, as the count
  // tables compute them (aggregates.ts `sliceColumn`).
  return derived(connector, 'calibration:overview-slices', async () => {
    const rows = await queryRows<CalibrationOverviewRow & { h3: string; h2: string }>(
      connector,
      `SELECT cycle_id, stage, dimension, count(*)::INTEGER AS n, hash(cycle_id, stage, dimension)::VARCHAR AS h3, hash(cycle_id, stage)::VARCHAR AS h2
         FROM ${await ratingsRelation(connector)} GROUP BY cycle_id, stage, dimension ORDER BY cycle_id, stage, dimension`,
    );
    const distinct = (keys: string[]) => new Set(keys).size;
    const exact = distinct(rows.map((r) => r.h3)) === rows.length
      && distinct(rows.map((r) => r.h2)) === distinct(rows.map((r) => JSON.stringify([r.cycle_id, r.stage])));
    return { rows: rows.map(({ h3: _h3, h2: _h2, ...row }) => row), exact };
  },
  // A change moves values, never how many ratings there are (nor which slices): kept through a delta.
  { session: true, delta: true, reads: CALIBRATION_TABLES });
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
export function ratingScale(connector: Connector, cycle: string | null): Promise<ScaleValue[]> {
  return derived(connector, `calibration:scale:${JSON.stringify(cycle)}`, async () => {
    const rows = await scaleRows(connector, cycle);
    if (rows.length > 0) return rows;
    return queryRows<ScaleValue>(
      connector,
      `SELECT rating AS value, NULL::VARCHAR AS label, NULL::DOUBLE AS guideline_share
         FROM ${await ratingsRelation(connector)} WHERE cycle_id IS NOT DISTINCT FROM ? AND dimension IS DISTINCT FROM 'potential' AND rating IS NOT NULL
        GROUP BY rating ORDER BY 1`,
      [cycle],
    );
  }, { session: true, reads: CALIBRATION_TABLES });
}

/** The `rating_scale` rows of a cycle: the data's alone, so read once per data version (not after each session change). */
function scaleRows(connector: Connector, cycle: string | null): Promise<ScaleValue[]> {
  return derived(connector, `calibration:scale-rows:${JSON.stringify(cycle)}`, () =>
    queryRows<ScaleValue>(
      connector,
      `SELECT value, any_value(label) AS label, any_value(guideline_share) AS guideline_share
         FROM rating_scale WHERE cycle_id IS NOT DISTINCT FROM ? OR cycle_id IS NULL
        GROUP BY value ORDER BY value`,
      [cycle],
    ), { reads: CALIBRATION_TABLES });
}

/** Rating values given at one cycle, stage and dimension (values off the scale included). */
export function ratingValues(connector: Connector, cycle: string | null, stage: RatingStage, dimension: string | null): Promise<number[]> {
  return derived(connector, `calibration:values:${JSON.stringify([cycle, stage, dimension])}`, async () => {
    // From the ratings (the counts leave out departments too small to show; a scale is everyone's).
    const rows = await queryRows<{ v: number }>(
      connector,
      `SELECT rating AS v FROM ${await ratingsRelation(connector)}
        WHERE cycle_id IS NOT DISTINCT FROM ? AND stage = ? AND dimension IS NOT DISTINCT FROM ? AND rating IS NOT NULL
        GROUP BY rating ORDER BY 1`,
      [cycle, stage, dimension],
    );
    return rows.map((r) => r.v);
  }, { session: true, reads: CALIBRATION_TABLES });
}

export interface PlanSummary {
  /** People in departments too small to show (fewer than k rated in the cycle). */
  excluded_people: number;
  /** People of blocks this filter touches but would cut below k (left out of this view). */
  cut_people: number;
  cut_blocks: number;
  /** People of the view's measure in blocks that pass. */
  shown_people: number;
  /** People of the view's measure in the blocks it touches, passing or not (to tell "too few" from "cut"). */
  touched_people: number;
  /** People matching the view's filter who are in departments too small to show, and who are not. */
  excluded_matching: number;
  included_matching: number;
}

/** One measure of a calibration view: the ratings of one cycle, stage and dimension. */
export function ratingMeasure(table: string, cycle: string | null, stage: RatingStage, dimension: string | null): Measure {
  return { table, slice: { cycle, stage, dimension } };
}

/** The nine-box's measure: people with both ratings at a stage of a cycle. */
export function nineBoxMeasure(table: string, cycle: string | null, stage: RatingStage): Measure {
  return { table, slice: { cycle, stage } };
}

/** What a view needs to apply the plan: the atoms table (for k) and the plan CTE. */
export interface ViewPlan {
  k: number;
  /** Whether a count table's slice is picked by its hash (`slicesExact`). */
  slices: boolean;
  atoms: string;
  blocks: string;
  cte: { sql: string; params: SqlParam[] };
  /**
   * The CTE in `cte` holding the atoms of the blocks a narrow filter touches, for the view's own reads of a count
   * relation (`countsOver`); null when there is none (a broad filter, or a plan decided into a table).
   */
  scope: string | null;
  filter: ViewFilter;
  /**
   * The plan's figures when the plan was decided once into a table (`shared`): they change with it,
   * never with a session's change. Null for a plan computed inside each query, whose figures that
   * query reads alongside (`summaryCte`).
   */
  summary: PlanSummary | null;
}

export async function viewPlan(
  connector: Connector,
  k: number,
  cycle: string | null,
  measures: readonly Measure[],
  filter: ViewFilter,
  options: { shared?: boolean } = {},
): Promise<ViewPlan> {
  const [tables, slices] = await Promise.all([calibrationAtoms(connector, k), slicesExact(connector)]);
  const { scope, ...cte } = planCte(tables, cycle, measures, filter, k, slices);
  // One or two queries follow: compute the plan inside them (no round trip to store it) — unless it is the
  // unfiltered view's plan on a server, decided at the build (`markServed`).
  const decidedAhead = activeConditions(filter).length === 0 && isServed(connector);
  if (!options.shared && !decidedAhead) return { k, slices, ...tables, cte, scope, filter, summary: null };
  // Many follow (moves, big movers, adverse impact, each session change's repaint): decided once per
  // data version and view (filter, measures, k) into a small table that every query of the view
  // joins, with its figures (seven sums over the plan and the atoms: planning them alone cost a
  // repaint more than its counts).
  const key = `calibration:plan:${JSON.stringify([cte.sql, cte.params])}`;
  const decided = await derived(connector, key, async () => {
    const name = sessionTable(connector, `plumb_plan_${++planTables}`);
    await connector.query(`CREATE OR REPLACE TABLE ${name} AS WITH ${cte.sql} SELECT * FROM plan`, cte.params);
    const shared: ViewPlan = { k, slices, ...tables, cte: { sql: `plan AS (SELECT * FROM ${name})`, params: [] }, scope: null, filter, summary: null };
    return { table: name, summary: await planSummary(connector, shared, cycle) };
    // The plan counts people per block and measure; a change moves a rating's value, never its block: kept through a delta.
  }, { session: true, delta: true, reads: CALIBRATION_TABLES });
  return { k, slices, ...tables, cte: { sql: `plan AS (SELECT * FROM ${decided.table})`, params: [] }, scope: null, filter, summary: decided.summary };
}

let planTables = 0;

/** `JOIN (blocks of the plan that pass) USING the atom's block`, for a table aliased `alias`. */
export function passingJoin(plan: ViewPlan, alias: string): string {
  return `JOIN ${plan.blocks} b
            ON b.cycle_id IS NOT DISTINCT FROM ${alias}.cycle_id AND b.rater_id = ${alias}.rater_id
           AND b.department IS NOT DISTINCT FROM ${alias}.department
          JOIN plan ON plan.block = b.block AND plan.ok`;
}

/** `summary AS (…)`: one row of plan figures (see `PlanSummary`), to join onto a view's rows. */
export function summaryCte(plan: ViewPlan, cycle: string | null): { sql: string; params: SqlParam[] } {
  const where = filterConditions(plan.filter, 'x');
  // Three aggregates (the plan; the cycle's atoms; those the filter matches, its conditions in the scan)
  // rather than seven scalar subqueries: each costs the planner about as much as its whole scan.
  return {
    sql: `summary AS (
       SELECT * FROM
         (SELECT sum(n) FILTER (WHERE NOT ok) AS s_cut_people, count(*) FILTER (WHERE NOT ok) AS s_cut_blocks,
                 sum(n) FILTER (WHERE ok) AS s_shown_people, sum(n) AS s_touched_people FROM plan),
         (SELECT sum(f) FILTER (WHERE x.block IS NULL) AS s_excluded FROM ${plan.atoms} x WHERE x.cycle_id IS NOT DISTINCT FROM ?),
         (SELECT sum(f) FILTER (WHERE x.block IS NULL) AS s_excluded_matching,
                 sum(f) FILTER (WHERE x.block IS NOT NULL) AS s_included_matching
            FROM ${plan.atoms} x WHERE x.cycle_id IS NOT DISTINCT FROM ?${where.sql.map((c) => ` AND ${c}`).join('')}))`,
    params: [cycle, cycle, ...where.params],
  };
}

export function parseSummary(r: Record<string, unknown> | undefined): PlanSummary {
  const n = (key: string) => Number(r?.[`s_${key}`] ?? 0);
  return {
    excluded_matching: n('excluded_matching'),
    included_matching: n('included_matching'),
    excluded_people: n('excluded'),
    cut_people: n('cut_people'),
    cut_blocks: n('cut_blocks'),
    shown_people: n('shown_people'),
    touched_people: n('touched_people'),
  };
}

/** The plan's figures alone (for a view that draws nothing else). */
export async function planSummary(connector: Connector, plan: ViewPlan, cycle: string | null): Promise<PlanSummary> {
  const summary = summaryCte(plan, cycle);
  const rows = await queryRows<Record<string, unknown>>(connector, `WITH ${plan.cte.sql}, ${summary.sql} SELECT * FROM summary`, [
    ...plan.cte.params,
    ...summary.params,
  ]);
  return parseSummary(rows[0]);
}

export interface MoveRow {
  /** Null for the pool's moves (when broken down by rater). */
  rater_id: string | null;
  pooled: boolean;
  before: number;
  after: number;
  n: number;
}

/**
 * People rated at both stages over the blocks that pass: counts per (before, after); with `byRater`,
 * per rater for those raters only (the ones a view draws) and the pool's as one (rater_id null).
 */
export async function calibrationMoves(
  connector: Connector,
  plan: ViewPlan,
  cycle: string | null,
  dimension: string | null,
  before: RatingStage,
  after: RatingStage,
  byRater: readonly string[] | null,
): Promise<MoveRow[]> {
  const moves = await movesTable(connector, before, after);
  const where = filterConditions(plan.filter, 'c');
  const rater = byRater
    ? `CASE WHEN b.kind = 'pool' THEN NULL ELSE c.rater_id END AS rater_id, b.kind = 'pool' AS pooled`
    : `'(all)' AS rater_id, FALSE AS pooled`;
  return queryRows<MoveRow>(
    connector,
    `WITH ${plan.cte.sql}
     SELECT ${rater}, c.before, c.after, sum(c.n)::INTEGER AS n
       FROM ${quoteIdentifier(moves)} c ${passingJoin(plan, 'c')}
      WHERE c.cycle_id IS NOT DISTINCT FROM ? AND c.dimension IS NOT DISTINCT FROM ? ${where.sql.map((s) => `AND ${s}`).join(' ')}
        ${byRater ? `AND (b.kind = 'pool' OR c.rater_id IN ${inList('?')})` : ''}
      GROUP BY ALL ORDER BY 1, 2, 3, 4`,
    [...plan.cte.params, cycle, dimension, ...where.params, ...(byRater ? [listParam(byRater)] : [])],
  );
}

export interface BigMoveRow {
  employee_id: string;
  name: string | null;
  rater_id: string;
  /** The rater's name in people, when the rater is a person there. */
  rater_name: string | null;
  pooled: boolean;
  before: number;
  after: number;
}

/** The people whose rating moved by at least `minMove` (> 0) points (at most `limit`), over the blocks that pass. */
export async function bigMoves(
  connector: Connector,
  plan: ViewPlan,
  cycle: string | null,
  dimension: string | null,
  before: RatingStage,
  after: RatingStage,
  minMove: number,
  limit = 200,
): Promise<BigMoveRow[]> {
  const movers = await moversTable(connector, before, after);
  const where = filterConditions(plan.filter, 'c');
  return queryRows<BigMoveRow>(
    connector,
    `WITH ${plan.cte.sql}
     SELECT c.employee_id, c.name, c.rater_id, rp.name AS rater_name, b.kind = 'pool' AS pooled, c.before, c.after
       FROM ${quoteIdentifier(movers)} c ${passingJoin(plan, 'c')}
       LEFT JOIN people rp ON rp.person_id = c.rater_id
      WHERE c.cycle_id IS NOT DISTINCT FROM ? AND c.dimension IS NOT DISTINCT FROM ? ${where.sql.map((s) => `AND ${s}`).join(' ')}
        AND abs(c.after - c.before) >= ?
      ORDER BY abs(c.after - c.before) DESC, c.employee_id LIMIT ?`,
    [...plan.cte.params, cycle, dimension, ...where.params, minMove, limit],
  );
}

export interface ImpactRow {
  group: string | null;
  n: number;
  top: number;
  up: number;
}

/**
 * Per value of an opt-in person attribute, over the blocks that pass: people rated at `after`,
 * how many got the top rating, and how many moved up from `before`.
 */
export async function adverseImpactRows(
  connector: Connector,
  plan: ViewPlan,
  cycle: string | null,
  dimension: string | null,
  attribute: string,
  before: RatingStage,
  after: RatingStage,
  top: number,
): Promise<ImpactRow[]> {
  const [people, ratings] = await Promise.all([calibrationPeople(connector), ratingsRelation(connector)]);
  const where = filterConditions(plan.filter, 'c');
  return queryRows<ImpactRow>(
    connector,
    `WITH ${plan.cte.sql}
     SELECT pa.value AS "group", count(*)::INTEGER AS n,
            (count(*) FILTER (WHERE ra.rating >= ?))::INTEGER AS top,
            (count(*) FILTER (WHERE ra.rating > rb.rating))::INTEGER AS up
       FROM ${people} c ${passingJoin(plan, 'c')}
       JOIN ${ratings} ra ON ra.employee_id = c.employee_id AND ra.cycle_id IS NOT DISTINCT FROM c.cycle_id AND ra.stage = ? AND ra.dimension IS NOT DISTINCT FROM ?
       JOIN person_attributes pa ON pa.person_id = c.employee_id AND pa.attribute = ?
       LEFT JOIN ${ratings} rb ON rb.employee_id = c.employee_id AND rb.cycle_id IS NOT DISTINCT FROM c.cycle_id AND rb.stage = ? AND rb.dimension IS NOT DISTINCT FROM ?
      WHERE c.cycle_id IS NOT DISTINCT FROM ? ${where.sql.map((s) => `AND ${s}`).join(' ')}
      GROUP BY ALL ORDER BY 1`,
    [...plan.cte.params, top, after, dimension, attribute, before, dimension, cycle, ...where.params],
  );
}

export interface NineBoxCountRow {
  performance: number;
  potential: number;
  n: number;
}

export interface NineBoxPersonRow {
  employee_id: string;
  name: string | null;
  performance: number;
  potential: number;
}

/**
 * People per (performance, potential) value pair at a stage, over the blocks that pass, and with
 * `names` > 0 up to that many people per pair, by name, for the boxes' name lists: one statement (the
 * plan's figures in it too when the plan is not decided into a table), not one per part.
 */
export async function nineBoxCounts(
  connector: Connector,
  plan: ViewPlan,
  cycle: string | null,
  stage: RatingStage,
  dims: { performance: string; potential: string },
  names = 0,
): Promise<{ summary: PlanSummary; rows: NineBoxCountRow[]; people: NineBoxPersonRow[] }> {
  const [table, people] = await Promise.all([nineBoxCountsTable(connector, dims, plan.k), names > 0 ? nineBoxPeopleTable(connector, dims) : null]);
  const where = filterConditions(plan.filter, 'c');
  const slice = sliceCondition('c', { cycle, stage }, plan.slices);
  const summary = plan.summary ? { sql: 'summary AS (SELECT TRUE AS s_decided)', params: [] } : summaryCte(plan, cycle);
  // A pair's first `names` people by name (then id), as a top-n per pair, not a sort of every person in it.
  const listed = people
    ? `UNION ALL
       SELECT FALSE, performance, potential, NULL, p.employee_id, p.name, k
         FROM (SELECT performance, potential, unnest(people) AS p, generate_subscripts(people, 1) AS k
                 FROM (SELECT c.performance, c.potential,
                              min_by({'employee_id': c.employee_id, 'name': c.name}, {'unnamed': c.name IS NULL, 'name': c.name, 'id': c.employee_id}, CAST(? AS INTEGER)) AS people
                         FROM ${quoteIdentifier(people)} c ${passingJoin(plan, 'c')}
                        WHERE c.cycle_id IS NOT DISTINCT FROM ? AND c.stage = ? ${where.sql.map((s) => `AND ${s}`).join(' ')}
                        GROUP BY ALL))`
    : '';
  const rows = await queryRows<Record<string, unknown>>(
    connector,
    `WITH ${plan.cte.sql}, ${summary.sql}, parts AS (
       SELECT TRUE AS is_box, c.performance, c.potential, sum(c.n)::INTEGER AS n, NULL::VARCHAR AS employee_id, NULL::VARCHAR AS name, 0::BIGINT AS k
         FROM ${countsOver(table, plan.atoms, plan.scope)} c JOIN plan ON plan.block = c.block AND plan.ok
        WHERE ${slice.sql} ${where.sql.map((s) => `AND ${s}`).join(' ')}
        GROUP BY ALL
       ${listed})
     SELECT summary.*, parts.* FROM summary LEFT JOIN parts ON TRUE ORDER BY parts.is_box DESC, parts.performance, parts.potential, parts.k`,
    [...plan.cte.params, ...summary.params, ...slice.params, ...where.params, ...(people ? [names, cycle, stage, ...where.params] : [])],
  );
  const parts = rows.filter((r) => r.performance !== null && r.performance !== undefined);
  return {
    summary: plan.summary ?? parseSummary(rows[0]),
    rows: parts.filter((r) => r.is_box === true).map((r) => ({ performance: Number(r.performance), potential: Number(r.potential), n: Number(r.n) })),
    people: parts.filter((r) => r.is_box === false).map((r) => ({
      employee_id: r.employee_id as string,
      name: (r.name as string | null) ?? null,
      performance: Number(r.performance),
      potential: Number(r.potential),
    })),
  };
}
