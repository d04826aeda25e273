/**
 * Privacy rules for calibration views, on top of stats/suppression.ts.
 *
 * 1. Cells: people are grouped into (department, level) cells; a cell with
 *    fewer than k rated people is left out of every figure, filtered or not.
 *    Every org-level number is then a union of cells of ≥ k people, and so is
 *    any difference between two such numbers: no combination of department
 *    and level filters can isolate fewer than k people.
 * 2. Lattice: a view filtered by people attributes (department, level, team,
 *    location) is compared with every broader view obtained by dropping some
 *    of its filters. If a broader view minus this one would be a group of
 *    1..k−1, the org-level view is withheld; a rater whose group would be
 *    exposed that way is pooled instead of shown alone.
 * 3. Pooling (per view): raters below k are merged into one pool (topped up
 *    to k with the smallest visible rater), and the shown total is always the
 *    sum of the shown groups.
 */
import type { CalibrationFilter, PeopleCell, PeopleFilterKey } from './filters.js';
import { activePeopleFilters } from './filters.js';
import type { LatticeRow, PeopleCellCount } from './queries.js';

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
  const orgCount = (ks: readonly PeopleFilterKey[]) => rows.reduce((s, r) => s + (matches(r, ks) ? r.n : 0), 0);
  const narrow = orgCount(keys);
  const viewSafe = broader.every((s) => !exposes(orgCount(s), narrow, k));
  const byRater = new Map<string, LatticeRow[]>();
  for (const r of rows) {
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
