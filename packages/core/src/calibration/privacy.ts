/**
 * Privacy rules for calibration views, on top of stats/suppression.ts.
 *
 * The rule that makes subtraction safe: every figure is a union of whole
 * blocks, and the blocks are chosen once per (cycle, stage, dimension),
 * before and independently of any people filter.
 *
 * 1. Cells: rated people are grouped into (department, level) cells; a cell
 *    with fewer than k people is left out of every figure, filtered or not.
 * 2. Blocks (`planBlocks`): within each remaining cell, each rater's people
 *    form an atom (rater × department × level). Atoms of ≥ k are shown under
 *    their rater; atoms below k go to the cell's pool, which is topped up
 *    with the cell's smallest atoms until it holds ≥ k (the cell itself has
 *    ≥ k, so this always succeeds). Blocks: the shown atoms and the non-empty
 *    cell pools. Each block has ≥ k people and the blocks partition the
 *    shown population.
 * 3. Why subtraction is safe: a department / level filter selects whole
 *    cells, so a view's total, each rater row (that rater's shown atoms in
 *    the selected cells) and the pool row (the selected cells' pools) are
 *    unions of whole blocks. Any difference, intersection or sum of such
 *    unions is again a union of whole blocks: 0 people or ≥ k people. Stage
 *    and dimension pick the plan (and so the blocks); they do not cut them.
 * 4. Filters that can cut a cell (team, location) are checked against every
 *    broader view by dropping some of them (`checkLattice`): if a broader view
 *    minus this one would be a group of 1..k−1 the view is withheld, and a
 *    rater whose group would be exposed that way is pooled.
 */
import type { CalibrationFilter, PeopleCell, PeopleFilterKey } from './filters.js';
import { activePeopleFilters } from './filters.js';
import { LATTICE_ORG, type LatticeRow, type PeopleCellCount } from './queries.js';
import { poolSmallGroups } from '../stats/suppression.js';

/** Cells with 1..k−1 rated people. */
export function smallCells(cells: readonly PeopleCellCount[], k: number): PeopleCell[] {
  if (k <= 1) return [];
  return cells.filter((c) => c.n > 0 && c.n < k).map((c) => ({ department: c.department, level: c.level }));
}

function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

const exposes = (broader: number, narrower: number, k: number) => {
  const diff = broader - narrower;
  return diff > 0 && diff < k;
};

export interface LatticeVerdict {
  /** False when this filter combination would single out a small group by subtraction. */
  viewSafe: boolean;
  /** Raters who must not be shown alone in this view. */
  unsafeRaters: Set<string>;
}

/**
 * Check a filtered view against every broader view (rule 2 above).
 * `rows` come from `raterLattice` (counts per rater and people attributes).
 */
export function checkLattice(rows: readonly LatticeRow[], filter: CalibrationFilter, k: number): LatticeVerdict {
  const keys = activePeopleFilters(filter);
  const unsafeRaters = new Set<string>();
  if (keys.length === 0 || k <= 1) return { viewSafe: true, unsafeRaters };
  const matches = (row: LatticeRow, ks: readonly PeopleFilterKey[]) => ks.every((key) => row[key] === filter[key]);
  const broader = subsets(keys).filter((s) => s.length < keys.length);
  const orgRows = rows.filter((r) => r.rater_id === LATTICE_ORG);
  const orgCount = (ks: readonly PeopleFilterKey[]) => orgRows.reduce((s, r) => s + (matches(r, ks) ? r.n : 0), 0);
  const narrow = orgCount(keys);
  const viewSafe = broader.every((s) => !exposes(orgCount(s), narrow, k));
  const byRater = new Map<string, LatticeRow[]>();
  for (const r of rows) {
    if (r.rater_id === LATTICE_ORG) continue;
    const list = byRater.get(r.rater_id);
    if (list) list.push(r);
    else byRater.set(r.rater_id, [r]);
  }
  for (const [rater, list] of byRater) {
    const count = (ks: readonly PeopleFilterKey[]) => list.reduce((s, r) => s + (matches(r, ks) ? r.n : 0), 0);
    const n = count(keys);
    if (n === 0) continue;
    if (broader.some((s) => exposes(count(s), n, k))) unsafeRaters.add(rater);
  }
  return { viewSafe, unsafeRaters };
}

/** People rated by one rater in one (department, level) cell: the atom of the block plan. */
export interface RaterCellCount {
  rater_id: string;
  department: string | null;
  level: string | null;
  n: number;
}

/** The key of a rater × department × level atom. */
export const atomKey = (rater: string, department: string | null, level: string | null): string =>
  JSON.stringify([rater, department, level]);

export interface BlockPlan {
  /** Cells left out of every figure. */
  excluded: PeopleCell[];
  excludedPeople: number;
  /** Atoms (by `atomKey`) shown in the pool instead of under their rater. */
  pooled: Set<string>;
}

/**
 * Decide, once for the whole (unfiltered) population of a stage and
 * dimension, which cells are hidden and which atoms are pooled (rules 1–2
 * above). Deterministic: ties go to the smaller rater id.
 */
export function planBlocks(atoms: readonly RaterCellCount[], k: number): BlockPlan {
  const cells = new Map<string, RaterCellCount[]>();
  for (const a of atoms) {
    if (a.n <= 0) continue;
    const key = JSON.stringify([a.department, a.level]);
    const list = cells.get(key);
    if (list) list.push(a);
    else cells.set(key, [a]);
  }
  const excluded: PeopleCell[] = [];
  let excludedPeople = 0;
  const pooled = new Set<string>();
  if (k <= 1) return { excluded, excludedPeople, pooled };
  for (const list of cells.values()) {
    const n = list.reduce((s, a) => s + a.n, 0);
    if (n < k) {
      excluded.push({ department: list[0]!.department, level: list[0]!.level });
      excludedPeople += n;
      continue;
    }
    const sorted = [...list].sort((a, b) => (a.rater_id < b.rater_id ? -1 : a.rater_id > b.rater_id ? 1 : 0));
    const pool = poolSmallGroups(sorted.map((a) => ({ id: a.rater_id, n: a.n, atom: a })), k);
    for (const g of pool.pooled) pooled.add(atomKey(g.atom.rater_id, g.atom.department, g.atom.level));
  }
  return { excluded, excludedPeople, pooled };
}
