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
import { ATOM_COLUMNS, type AtomColumn } from './aggregates.js';

/** The attributes a calibration view can be filtered by (= the atom columns). */
export type ViewFilter = Partial<Record<AtomColumn, string | null>>;

/**
 * A count the view shows, per atom: a table with the atom columns, `cycle_id`, `n` and the block
 * columns (`withBlocks`), and the conditions (on alias `c`) that pick the view's stage and dimension.
 */
export interface Measure {
  table: string;
  where: string;
  params: SqlParam[];
}

/** The conditions of `filter` that are set, in atom-column order. */
export function activeConditions(filter: ViewFilter): AtomColumn[] {
  return ATOM_COLUMNS.filter((c) => filter[c] !== undefined && filter[c] !== null && filter[c] !== '');
}

/** `x_col` boolean columns for each active condition, and their parameters. */
function conditionColumns(filter: ViewFilter, keys: readonly AtomColumn[], alias: string): { sql: string; params: SqlParam[] } {
  return {
    sql: keys.map((k) => `, (${alias}.${k} = ?) AS x_${k}`).join(''),
    params: keys.map((k) => filter[k] ?? null),
  };
}

/** `cond AND cond …` over the `x_` columns of `keys` (TRUE for none). */
const allOf = (keys: readonly AtomColumn[]) => (keys.length ? keys.map((k) => `x_${k}`).join(' AND ') : 'TRUE');

/**
 * SQL (a CTE list starting after `WITH`) defining `plan(block, kind, ok, n)`: every block the view
 * touches, whether it passes (rule 3 above), and its people at the first measure in the view.
 * The atoms' people and each measure's counts are stacked (UNION ALL) rather than joined, so the
 * plan is a scan of the small pre-aggregated tables and one grouping by block.
 */
export function planCte(
  tables: { atoms: string; blocks: string },
  cycle: string | null,
  measures: readonly Measure[],
  filter: ViewFilter,
  k: number,
): { sql: string; params: SqlParam[] } {
  const keys = activeConditions(filter);
  const condsOn = (alias: string) => conditionColumns(filter, keys, alias);
  const zeros = (except: number) => measures.map((_, j) => `, ${j === except ? 'c.n' : '0'} AS m${j}`).join('');
  const parts: string[] = [];
  const params: SqlParam[] = [];
  const people = condsOn('a');
  parts.push(`SELECT a.block, a.kind, a.f${zeros(-1)}${people.sql} FROM ${tables.atoms} a
     WHERE a.cycle_id IS NOT DISTINCT FROM ? AND a.block IS NOT NULL`);
  params.push(...people.params, cycle);
  measures.forEach((m, j) => {
    const conds = condsOn('c');
    parts.push(`SELECT c.block, c.kind, 0 AS f${zeros(j)}${conds.sql} FROM ${m.table} c
      WHERE c.cycle_id IS NOT DISTINCT FROM ? AND ${m.where}`);
    params.push(...conds.params, cycle, ...m.params);
  });
  // Subsets of the active conditions, by bit mask; subset i ⊂ subset j when (i & j) === i.
  const subsets = Array.from({ length: 1 << keys.length }, (_, mask) => keys.filter((_, b) => mask & (1 << b)));
  const full = subsets.length - 1;
  const sums: string[] = [];
  subsets.forEach((s, i) => {
    sums.push(`COALESCE(sum(f) FILTER (WHERE ${allOf(s)}), 0) AS f_${i}`);
    measures.forEach((_, j) => sums.push(`COALESCE(sum(m${j}) FILTER (WHERE ${allOf(s)}), 0) AS m${j}_${i}`));
  });
  const size = Math.max(1, Math.floor(k));
  const ok = (x: string) => `((${x}) = 0 OR (${x}) >= ${size})`;
  const checks: string[] = [];
  subsets.forEach((_, i) => {
    measures.forEach((_, j) => {
      checks.push(ok(`m${j}_${i}`), ok(`f_${i} - m${j}_${i}`));
      for (let l = j + 1; l < measures.length; l++) checks.push(ok(`abs(m${j}_${i} - m${l}_${i})`));
      // Broader views of this piece: supersets of the conditions are narrower.
      subsets.forEach((_, t) => {
        if (t !== i && (i & t) === i) checks.push(ok(`m${j}_${i} - m${j}_${t}`));
      });
    });
  });
  const anyMeasure = measures.map((_, j) => `m${j} > 0`).join(' OR ') || 'FALSE';
  return {
    sql: `atoms AS (
    ${parts.join('\n    UNION ALL\n    ')}
  ), touched AS (
    SELECT DISTINCT block FROM atoms WHERE ${allOf(keys)} AND (${anyMeasure})
  ), sums AS (
    SELECT block, any_value(kind) AS kind, ${sums.join(', ')} FROM atoms SEMI JOIN touched USING (block) GROUP BY block
  ), plan AS (
    SELECT block, kind, (${checks.length ? checks.join(' AND ') : 'TRUE'}) AS ok, m0_${full} AS n FROM sums
  )`,
    params,
  };
}

/** SQL conditions (on `alias`) and parameters selecting the view's filter on an atom-keyed table. */
export function filterConditions(filter: ViewFilter, alias: string): { sql: string[]; params: SqlParam[] } {
  const keys = activeConditions(filter);
  return { sql: keys.map((k) => `${alias}.${k} = ?`), params: keys.map((k) => filter[k] ?? null) };
}
