/**
 * The one privacy plan of every calibration view (rating distribution, nine-box, moves), decided
 * per data version and min-group k, independent of any filter, stage or dimension, and applied
 * to the pre-aggregated tables of `aggregates.ts` exactly as it would be to the ratings.
 *
 * 1. Blocks (`calibrationAtoms`): the people rated in a cycle are grouped by department; a
 *    department with fewer than k of them is left out of every figure. Within a department, each
 *    rater's people form a block when they are ≥ k; smaller teams go to the department's pool,
 *    topped up with its smallest rater blocks until the pool holds ≥ k. Blocks are rater ×
 *    department, not rater × department × level: a manager whose 8 reports span three levels
 *    keeps a block of 8 instead of being pooled (the coarser plan pools far fewer teams).
 * 2. Every shown figure — a view's total, a rater row, the pool row, a nine-box's count per box
 *    and in total, a move count — counts the people of whole "pieces": a block intersected with
 *    the view's filter F (department, level, team, location, rater), at the view's measure (the
 *    stage and dimension rated; for the nine-box, people with both ratings).
 * 3. A piece is shown only if the block passes for F: for every subset S of F's conditions
 *    (every broader view a page could show beside this one, down to the unfiltered one):
 *      - the piece at S holds 0 or ≥ k people at each measure,
 *      - the people of the piece at S not counted by a measure are 0 or ≥ k, and two measures of
 *        one view (the nine-box's and its distribution's) differ by 0 or ≥ k,
 *      - for S ⊂ T ⊆ F, the piece at S minus the piece at T is 0 or ≥ k.
 *    Department never cuts a block (blocks lie inside departments); level, team, location and a
 *    rater selection can, and a block they cut below k is left out of that view and of every
 *    narrower one (the check covers all broader views, so passing is monotone: a block shown in
 *    a narrow view is shown in every broader view).
 * 4. Why subtraction is then safe: any two shown figures F ⊇ G (same rows, same measure, or a
 *    nine-box beside its distribution) differ by a sum over blocks of terms that are each either a
 *    whole shown piece (≥ k) or a checked difference (0 or ≥ k) — all non-negative — so the
 *    difference is 0 or ≥ k people. The property test in test/calibration/privacy-views.test.ts
 *    enumerates pairs of department, level, stage, team and rater states of both views.
 * Left as a residual: two measures that both cover only part of a block (e.g. two competencies
 * each rated for some of a team) are each checked against the whole block, not against each other.
 */
import type { SqlParam } from '../sql.js';
import { ATOM_COLUMNS, countsOver, sliceCondition, type AtomColumn, type Slice } from './aggregates.js';
import { chainDepth, inTeamSubtree, managedUnder } from '../queries/hierarchy.js';

/**
 * The attributes a calibration view can be filtered by (= the atom columns), and for a team or a
 * manager the chain above it (`chains`, top first, ending with the filter's own value): a team means
 * its subtree and a manager their reports, so every team or manager above is a broader view the plan
 * must check against (rule 3) — "Engineering" minus "Platform" is a figure a page can show.
 */
export type ViewFilter = Partial<Record<AtomColumn, string | null>> & { chains?: FilterChains };

/** The chains of a hierarchical filter value (see `ViewFilter`). */
export interface FilterChains {
  team_id?: readonly string[];
  manager_id?: readonly string[];
}

/**
 * A condition of the filter as levels from broad to narrow: a plain attribute has one level (its
 * value); a team or manager one per ancestor down to the value itself. Level 0 (not written) is
 * "unfiltered".
 */
interface Condition {
  key: AtomColumn;
  levels: { sql: (alias: string) => string; params: SqlParam[] }[];
  /** A team's or manager's chain: every level from one join (`chainDepth`, for the ids of `among`), not one subquery per level. */
  depth?: (among?: string) => { sql: string; params: SqlParam[] };
}

/**
 * A count the view shows, per atom: a table with the atom columns, `cycle_id`, `n` and the block
 * columns (`ratingCounts`, `nineBoxCountsTable`), and the view's cycle, stage and dimension in it (its `slice`, picked
 * by `sliceCondition`).
 */
export interface Measure {
  table: string;
  slice: Slice;
}

/** The predicate of `key` at `value` over `alias` (a team: its subtree; a manager: their reports). */
function predicate(key: AtomColumn, value: string): Condition['levels'][number] {
  if (key === 'team_id') return { sql: (a) => inTeamSubtree(`${a}.team_id`), params: [value] };
  if (key === 'manager_id') {
    const under = (a: string) => managedUnder(`${a}.manager_id`, value);
    return { sql: (a) => under(a).sql, params: under('x').params };
  }
  return { sql: (a) => `${a}.${key} = ?`, params: [value] };
}

function conditionsOf(filter: ViewFilter): Condition[] {
  return activeConditions(filter).map((key) => {
    const value = filter[key]!;
    if (key !== 'team_id' && key !== 'manager_id') return { key, levels: [predicate(key, value)] };
    const chain = filter.chains?.[key] ?? [value];
    return { key, levels: chain.map((v) => predicate(key, v)), depth: (among) => chainDepth(key === 'team_id' ? 'team' : 'manager', chain, among) };
  });
}

/** The conditions of `filter` that are set, in atom-column order. */
export function activeConditions(filter: ViewFilter): AtomColumn[] {
  return ATOM_COLUMNS.filter((c) => filter[c] !== undefined && filter[c] !== null && filter[c] !== '');
}

/**
 * `x_<key>_<level>` boolean columns for every level of every condition over `alias` (`sql`, parameters `params`), and
 * the joins a chain's levels are read from (`joins`, after `alias` in the text; parameters `joinParams`), each for the
 * ids `among(key)` selects when given.
 */
function conditionColumns(
  conditions: readonly Condition[], alias: string, among?: (key: AtomColumn) => string,
): { sql: string; params: SqlParam[]; joins: string; joinParams: SqlParam[] } {
  const cols = conditions.flatMap((c) => c.levels.map((l, i) => (c.depth
    ? { sql: `, (COALESCE(d_${c.key}.lv, 0) >= ${i + 1}) AS x_${c.key}_${i + 1}`, params: [] }
    : { sql: `, (${l.sql(alias)}) AS x_${c.key}_${i + 1}`, params: l.params })));
  const chains = conditions.filter((c) => c.depth).map((c) => ({ key: c.key, depth: c.depth!(among?.(c.key)) }));
  return {
    sql: cols.map((c) => c.sql).join(''),
    params: cols.flatMap((c) => c.params),
    joins: chains.map((c) => ` LEFT JOIN (${c.depth.sql}) d_${c.key} ON d_${c.key}.id = ${alias}.${c.key}`).join(''),
    joinParams: chains.flatMap((c) => c.depth.params),
  };
}

/** A broader-or-equal view of the filter: one level per condition (0 = that condition left out). */
type Levels = readonly number[];

/** `cond AND cond …` over the `x_` columns of a view's levels (TRUE for none). */
function allOf(conditions: readonly Condition[], levels: Levels): string {
  const parts = conditions.flatMap((c, i) => (levels[i]! > 0 ? [`x_${c.key}_${levels[i]}`] : []));
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** Every combination of levels (the filter and each broader view), the filter itself last. */
function viewsOf(conditions: readonly Condition[]): Levels[] {
  let out: number[][] = [[]];
  for (const c of conditions) out = out.flatMap((prefix) => Array.from({ length: c.levels.length + 1 }, (_, l) => [...prefix, l]));
  return out;
}

/** Whether view `b` is view `a` with one condition one level narrower. */
const oneStep = (a: Levels, b: Levels) => a.reduce((steps, l, i) => steps + (b[i]! - l), 0) === 1 && a.every((l, i) => l <= b[i]!);

/** The CTE of a narrow filter's plan holding the atoms of the blocks it touches (`planCte`). */
const SCOPE_ATOMS = 'scope_atoms';

/**
 * SQL (a CTE list starting after `WITH`) defining `plan(block, kind, ok, n)`: every block the view
 * touches, whether it passes (rule 3 above), and its people at the first measure in the view.
 * The atoms' people and each measure's counts are stacked (UNION ALL) rather than joined, so the
 * plan is a scan of the small pre-aggregated tables and one grouping by block. A team, manager or
 * rater selects a few blocks: those are found first, on the measures' rows the filter selects, and
 * only their rows are stacked (its chain's subqueries then run over them, not over the organisation;
 * 100k people, a team selection: ~100 → ~80 ms CPU, the nine-box's ~150 → ~110). A broad filter
 * (level, location, none) touches most blocks, and the extra pass would cost more than it saves.
 */
export function planCte(
  tables: { atoms: string; blocks: string },
  cycle: string | null,
  measures: readonly Measure[],
  filter: ViewFilter,
  k: number,
  /** Whether a count table's slice is picked by its hash (`slicesExact`). */
  slices: boolean,
): { sql: string; params: SqlParam[]; scope: string | null } {
  const conditions = conditionsOf(filter);
  const picks = measures.map((m) => sliceCondition('c', m.slice, slices));
  const zeros = (except: number) => measures.map((_, j) => `, ${j === except ? 'c.n' : '0'} AS m${j}`).join('');
  // The filtered columns ride along the stacked rows and the conditions are evaluated once over the
  // stack (a team's or a manager's levels are subqueries: once, not once per measure).
  const keys = [...new Set(conditions.map((c) => c.key))];
  const carried = (alias: string) => keys.map((k) => `, ${alias}.${k}`).join('');
  const params: SqlParam[] = [];
  const narrow = conditions.some((c) => c.key === 'team_id' || c.key === 'manager_id' || c.key === 'rater_id');
  // A narrow filter's statement reads the atoms of the blocks it touches only (`scope`): found once, by the filter's
  // own conditions, where every read of a count relation and the stacked atoms scanned the whole atoms table with its
  // texts (1M people, a team: the nine-box 284 → 72 ms, the rating distribution 211 → 102 ms; 13 scans of 689k atoms).
  const scope = narrow ? SCOPE_ATOMS : null;
  const scoped = filterConditions(filter, 'x');
  if (narrow) params.push(cycle, cycle, ...scoped.params);
  const atoms = scope ?? tables.atoms;
  const counts = (m: Measure) => countsOver(m.table, tables.atoms, scope);
  // A block is touched when the filter selects some of its people at a measure.
  const own = filterConditions(filter, 'c');
  const touched = measures.length === 0 ? ['SELECT NULL::VARCHAR AS block WHERE FALSE'] : measures.map((m, j) => {
    if (narrow) params.push(...picks[j]!.params, ...own.params);
    return `SELECT c.block FROM ${counts(m)} c
      WHERE ${picks[j]!.sql} AND c.n > 0${own.sql.map((x) => ` AND ${x}`).join('')}`;
  });
  const onlyTouched = (alias: string) => (narrow ? ` SEMI JOIN touched t ON t.block = ${alias}.block` : '');
  // Blocks lie inside departments: a department filter bounds every stacked part's scan as well.
  const department = filter.department ? { sql: (alias: string) => ` AND ${alias}.department = ?`, params: [filter.department] } : null;
  // A team's or manager's chain is looked up for the stacked rows' ids alone: the rows are a CTE (`stack`) the
  // chain's depth reads too, not a subquery. Else the condition columns come before the stacked rows in the text:
  // their parameters first.
  const chained = conditions.some((c) => c.depth);
  const conds = conditionColumns(conditions, 'u', chained ? (key) => `SELECT ${key} FROM stack` : undefined);
  if (!chained) params.push(...conds.params);
  const parts: string[] = [];
  parts.push(`SELECT a.block, a.kind, a.f${zeros(-1)}${carried('a')} FROM ${atoms} a${onlyTouched('a')}
     WHERE a.cycle_id IS NOT DISTINCT FROM ? AND a.block IS NOT NULL${department?.sql('a') ?? ''}`);
  params.push(cycle, ...(department?.params ?? []));
  measures.forEach((m, j) => {
    parts.push(`SELECT c.block, c.kind, 0 AS f${zeros(j)}${carried('c')} FROM ${counts(m)} c${onlyTouched('c')}
      WHERE ${picks[j]!.sql}${department?.sql('c') ?? ''}`);
    params.push(...picks[j]!.params, ...(department?.params ?? []));
  });
  if (chained) params.push(...conds.params);
  params.push(...conds.joinParams);
  // The filter and every broader view of it (each condition dropped or widened up its chain).
  const subsets = viewsOf(conditions);
  const full = subsets.length - 1;
  const sums: string[] = [];
  subsets.forEach((s, i) => {
    sums.push(`COALESCE(sum(f) FILTER (WHERE ${allOf(conditions, s)}), 0) AS f_${i}`);
    measures.forEach((_, j) => sums.push(`COALESCE(sum(m${j}) FILTER (WHERE ${allOf(conditions, s)}), 0) AS m${j}_${i}`));
  });
  const size = Math.max(1, Math.floor(k));
  const ok = (x: string) => `((${x}) = 0 OR (${x}) >= ${size})`;
  const checks: string[] = [];
  subsets.forEach((si, i) => {
    measures.forEach((_, j) => {
      checks.push(ok(`m${j}_${i}`), ok(`f_${i} - m${j}_${i}`));
      for (let l = j + 1; l < measures.length; l++) checks.push(ok(`abs(m${j}_${i} - m${l}_${i})`));
      // The views one step narrower than this piece (one condition one level further): every difference between
      // a broader and a narrower view is a sum of such steps, each 0 or ≥ k and none negative (a narrower view
      // counts a subset), so it is 0 or ≥ k too — the steps alone decide what every pair would.
      subsets.forEach((st, t) => {
        if (oneStep(si, st)) checks.push(ok(`m${j}_${i} - m${j}_${t}`));
      });
    });
  });
  const planOf = `plan AS (
    SELECT block, kind, (${checks.length ? checks.join(' AND ') : 'TRUE'}) AS ok, m0_${full} AS n FROM sums
  )`;
  const anyMeasure = measures.map((_, j) => `m${j} > 0`).join(' OR ') || 'FALSE';
  const union = parts.join('\n    UNION ALL\n    ');
  const columns = `SELECT u.block, u.kind, u.f${measures.map((_, j) => `, u.m${j}`).join('')}${conds.sql}`;
  const stack = chained ? `stack AS (\n    ${union}\n  ), ` : '';
  const stacked = !conditions.length ? union : chained ? `${columns} FROM stack u${conds.joins}` : `${columns} FROM (\n    ${union}) u${conds.joins}`;
  return {
    sql: narrow
      ? `${SCOPE_ATOMS} AS MATERIALIZED (
    SELECT a.* FROM ${tables.atoms} a
     WHERE a.cycle_id IS NOT DISTINCT FROM ? AND a.block IN (
       SELECT x.block FROM ${tables.atoms} x WHERE x.cycle_id IS NOT DISTINCT FROM ? AND x.block IS NOT NULL${scoped.sql.map((c) => ` AND ${c}`).join('')})
  ), touched AS (
    ${touched.join('\n    UNION\n    ')}
  ), ${stack}atoms AS (
    ${stacked}
  ), sums AS (
    SELECT block, any_value(kind) AS kind, ${sums.join(', ')} FROM atoms GROUP BY block
  ), ${planOf}`
      : `${stack}atoms AS (
    ${stacked}
  ), touched AS (
    SELECT DISTINCT block FROM atoms WHERE ${allOf(conditions, subsets[full]!)} AND (${anyMeasure})
  ), sums AS (
    SELECT block, any_value(kind) AS kind, ${sums.join(', ')} FROM atoms SEMI JOIN touched USING (block) GROUP BY block
  ), ${planOf}`,
    params,
    scope,
  };
}

/** SQL conditions (on `alias`) and parameters selecting the view's filter on an atom-keyed table. */
export function filterConditions(filter: ViewFilter, alias: string): { sql: string[]; params: SqlParam[] } {
  const own = conditionsOf(filter).map((c) => c.levels[c.levels.length - 1]!);
  return { sql: own.map((l) => l.sql(alias)), params: own.flatMap((l) => l.params) };
}
