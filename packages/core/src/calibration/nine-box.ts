/**
 * The performance × potential grid: each person's performance and potential
 * ratings fall into low / middle / high thirds of their scale; the nine boxes
 * count people, with names (or pseudonyms) for the boxes large enough to show.
 */
import type { Connector } from '../connector.js';
import { cellsToSuppress } from '../stats/suppression.js';
import type { CalibrationFilter, PeopleCell, RatingStage } from './filters.js';
import { activePeopleFilters } from './filters.js';
import { calibrationOverview, nineBoxCounts, nineBoxPeople, raterLattice, ratedPeopleCells } from './queries.js';
import { checkLattice, smallCells } from './privacy.js';
import { pseudonymize } from './pseudonyms.js';
import { resolveFilter } from './report.js';

export type Band = 'low' | 'mid' | 'high';
export const BANDS: readonly Band[] = ['low', 'mid', 'high'];

/** Thirds of the range [min, max]: t < 1/3 low, t > 2/3 high (so 1–5 → 1,2 | 3 | 4,5; 1–3 → 1 | 2 | 3). */
export function bandOf(value: number, min: number, max: number): Band {
  if (max <= min) return 'mid';
  const t = (value - min) / (max - min);
  if (t < 1 / 3 - 1e-9) return 'low';
  if (t > 2 / 3 + 1e-9) return 'high';
  return 'mid';
}

export interface NineBoxCell {
  /** `${performance}-${potential}`, e.g. "high-mid". */
  id: string;
  performance: Band;
  potential: Band;
  /** Null when suppressed (fewer than min-group, or needed to protect another box). */
  n: number | null;
  share: number | null;
  /** Count at the comparison stage (before/after), null when not asked or suppressed. */
  compare_n: number | null;
  /** Names or pseudonyms (empty when suppressed; at most `namesPerBox`). */
  names: string[];
  suppressed: boolean;
}

export interface NineBoxOptions extends CalibrationFilter {
  performanceDimension?: string;
  potentialDimension?: string;
  minGroup?: number;
  anonymize?: boolean;
  pseudonymSalt?: string;
  /** A second stage to compare with (e.g. 'manager' when showing 'calibrated'). */
  compareStage?: RatingStage | null;
  namesPerBox?: number;
}

export interface NineBoxReport {
  filter: { cycle: string | null; stage: RatingStage; performance: string; potential: string };
  cells: NineBoxCell[];
  n: number;
  compare_n: number | null;
  privacy: { min_group: number; excluded_people: number; suppressed_boxes: number; suppressed: boolean; message: string | null };
}

function scaleRange(values: Iterable<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return [min, max];
}

export async function nineBoxReport(connector: Connector, options: NineBoxOptions = {}): Promise<NineBoxReport> {
  const k = Math.max(1, options.minGroup ?? 5);
  const performance = options.performanceDimension ?? 'overall';
  const potential = options.potentialDimension ?? 'potential';
  const overview = await calibrationOverview(connector);
  const resolved = resolveFilter(overview, { ...options, dimension: performance });
  const filter: CalibrationFilter = { ...options, cycle: resolved.cycle, stage: resolved.stage };
  const dims = { performance, potential };
  const cells = await ratedPeopleCells(connector, resolved.cycle);
  const excluded: PeopleCell[] = smallCells(cells, k);
  const excludedPeople = cells.filter((c) => c.n > 0 && c.n < k).reduce((s, c) => s + c.n, 0);
  const filtered = activePeopleFilters(filter).length > 0;
  const [counts, compare, lattice] = await Promise.all([
    nineBoxCounts(connector, filter, resolved.stage, dims, excluded),
    options.compareStage ? nineBoxCounts(connector, filter, options.compareStage, dims, excluded) : Promise.resolve(null),
    filtered ? raterLattice(connector, { ...filter, dimension: performance }, resolved.stage, excluded) : Promise.resolve([]),
  ]);
  // Bands come from the scale each dimension actually uses (potential is often 1–3).
  const [pMin, pMax] = scaleRange([...counts, ...(compare ?? [])].map((c) => c.performance));
  const [qMin, qMax] = scaleRange([...counts, ...(compare ?? [])].map((c) => c.potential));
  const boxOf = (perf: number, pot: number) => `${bandOf(perf, pMin, pMax)}-${bandOf(pot, qMin, qMax)}`;
  const sum = (rows: typeof counts) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(boxOf(r.performance, r.potential), (m.get(boxOf(r.performance, r.potential)) ?? 0) + r.n);
    return m;
  };
  const now = sum(counts);
  const then = compare ? sum(compare) : null;
  const total = [...now.values()].reduce((s, x) => s + x, 0);
  const compareTotal = then ? [...then.values()].reduce((s, x) => s + x, 0) : null;
  const ids = BANDS.flatMap((perf) => BANDS.map((pot) => `${perf}-${pot}`));
  const verdict = checkLattice(lattice, filter, k);
  const base = {
    filter: { cycle: resolved.cycle, stage: resolved.stage, performance, potential },
    privacy: { min_group: k, excluded_people: excludedPeople, suppressed_boxes: 0 },
  };
  const withheld = (message: string): NineBoxReport => ({
    ...base,
    cells: ids.map((id) => {
      const [p, q] = id.split('-') as [Band, Band];
      return { id, performance: p, potential: q, n: null, share: null, compare_n: null, names: [], suppressed: true };
    }),
    n: 0,
    compare_n: null,
    privacy: { ...base.privacy, suppressed_boxes: 9, suppressed: true, message },
  });
  if ((total > 0 && total < k) || (compareTotal !== null && compareTotal > 0 && compareTotal < k)) {
    return withheld(`Fewer than ${k} people match these filters; nothing is shown.`);
  }
  if (!verdict.viewSafe) {
    return withheld(`These filters would single out fewer than ${k} people by comparison with a broader view; nothing is shown.`);
  }
  const hidden = cellsToSuppress(ids.map((id) => ({ id, n: now.get(id) ?? 0 })), k);
  const hiddenThen = then ? cellsToSuppress(ids.map((id) => ({ id, n: then.get(id) ?? 0 })), k) : new Set<string>();

  const namesPerBox = options.namesPerBox ?? 0;
  const names = new Map<string, string[]>();
  if (namesPerBox > 0 && total > 0) {
    const people = await nineBoxPeople(connector, filter, resolved.stage, dims, namesPerBox, excluded);
    const pseudo = options.anonymize ? pseudonymize(people.map((p) => p.employee_id), 'Person', options.pseudonymSalt) : null;
    for (const p of people) {
      const id = boxOf(p.performance, p.potential);
      const list = names.get(id) ?? [];
      if (list.length < namesPerBox) list.push(pseudo ? pseudo.get(p.employee_id)! : (p.name ?? p.employee_id));
      names.set(id, list);
    }
  }
  return {
    ...base,
    cells: ids.map((id) => {
      const [p, q] = id.split('-') as [Band, Band];
      const suppressed = hidden.has(id);
      const n = now.get(id) ?? 0;
      return {
        id,
        performance: p,
        potential: q,
        n: suppressed ? null : n,
        share: suppressed || total === 0 ? null : n / total,
        compare_n: then && !hiddenThen.has(id) ? (then.get(id) ?? 0) : null,
        names: suppressed ? [] : (names.get(id) ?? []),
        suppressed,
      };
    }),
    n: total,
    compare_n: compareTotal,
    privacy: { ...base.privacy, suppressed_boxes: hidden.size, suppressed: false, message: null },
  };
}
