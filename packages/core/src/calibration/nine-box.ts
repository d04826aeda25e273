/**
 * The performance × potential grid: each person's performance and potential
 * ratings fall into low / middle / high thirds of their scale; the nine boxes
 * count people, with names (or pseudonyms) for the boxes large enough to show.
 */
import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import type { CalibrationFilter, RatingStage } from './filters.js';
import { nineBoxCountsTable, nineBoxPeopleTable, ratingCounts } from './aggregates.js';
import { queryRows } from '../connector.js';
import { derived } from '../queries/derived.js';
import { quoteIdentifier } from '../sql.js';
import { calibrationOverview, nineBoxCounts, nineBoxMeasure, ratingMeasure, viewPlan } from './queries.js';
import type { Measure } from './privacy.js';
import { hasSessions } from '../session/relation.js';
import type { PrivacyOptions } from '../queries/options.js';
import { resolveFilter, viewContext, withheldReason, withheldText, type WithheldReason } from './report.js';
import { BANDS, bandOf, type Band } from './band.js';


export interface NineBoxCell {
  /** `${performance}-${potential}`, e.g. "high-mid". */
  id: string;
  performance: Band;
  potential: Band;
  /** People in the box; null only when the whole view is withheld. */
  n: number | null;
  share: number | null;
  /** Count at the comparison stage (before/after), null when not asked or suppressed. */
  compare_n: number | null;
  /** Names or pseudonyms (at most `namesPerBox`; none in a box of fewer than min-group people). */
  names: string[];
  /**
   * The same people with the id a selection carries (a pseudonym code when anonymized) and their
   * ratings at the shown stage (a session view moves them from these).
   */
  people: NineBoxPerson[];
  /** True only when the whole view is withheld: boxes are never hidden one by one (one plan, see privacy.ts). */
  suppressed: boolean;
}

export interface NineBoxPerson {
  id: string;
  label: string;
  performance: number;
  potential: number;
}

export interface NineBoxOptions extends CalibrationFilter, PrivacyOptions {
  performanceDimension?: string;
  potentialDimension?: string;
  asOf?: string | null;
  objective_id?: string;
  key_result_id?: string;
  /** A second stage to compare with (e.g. 'manager' when showing 'calibrated'). */
  compareStage?: RatingStage | null;
  namesPerBox?: number;
}

export interface NineBoxReport {
  filter: { cycle: string | null; stage: RatingStage; performance: string; potential: string };
  cells: NineBoxCell[];
  n: number;
  compare_n: number | null;
  /** The rating ranges the thirds are cut from (the whole cycle's, every stage): [min, max]. */
  ranges: { performance: readonly [number, number]; potential: readonly [number, number] };
  privacy: {
    min_group: number;
    excluded_people: number;
    /** People of teams this filter would cut below min-group (left out of this view only). */
    cut_people: number;
    /** Always 0: kept for readers of the earlier per-box suppression. */
    suppressed_boxes: number;
    suppressed: boolean;
    reason: WithheldReason | null;
    message: string | null;
  };
}

/**
 * The performance and potential ranges of a cycle, over everyone at every stage: the bands are the
 * same in every view (a filter never moves a box's boundaries, so boxes compare across views).
 */
export function bandRanges(connector: Connector, cycle: string | null, dims: { performance: string; potential: string }) {
  return derived(connector, `nine-box:ranges:${JSON.stringify([cycle, dims])}`, async () => {
    const table = await nineBoxPeopleTable(connector, dims);
    const [r] = await queryRows<{ p0: number | null; p1: number | null; q0: number | null; q1: number | null }>(
      connector,
      `SELECT min(performance) AS p0, max(performance) AS p1, min(potential) AS q0, max(potential) AS q1
         FROM ${quoteIdentifier(table)} WHERE cycle_id IS NOT DISTINCT FROM ?`,
      [cycle],
    );
    return { performance: [r?.p0 ?? 0, r?.p1 ?? 0] as const, potential: [r?.q0 ?? 0, r?.q1 ?? 0] as const };
  }, { session: true, reads: CALIBRATION_TABLES });
}

/**
 * The nine-box's measures: people with both ratings at the stage shown, and the distribution of their performance
 * ratings at it (the nine-box shares the rating distribution's plan, and its blocks must also pass for that
 * distribution, so the two figures never differ by a small group: privacy.ts, rule 3); the compared stage's too.
 */
function nineBoxMeasures(
  boxTable: string, counts: string, { cycle, stage }: { cycle: string | null; stage: RatingStage }, performance: string, compareStage?: RatingStage | null,
): Measure[] {
  return [
    nineBoxMeasure(boxTable, cycle, stage), ratingMeasure(counts, cycle, stage, performance),
    ...(compareStage ? [nineBoxMeasure(boxTable, cycle, compareStage)] : []),
  ];
}

/** The unfiltered nine-box's privacy plan (default dimensions, no compared stage), decided into a table on a server (`markServed`). */
export async function decideDefaultNineBoxPlan(connector: Connector, dims: { performance: string; potential: string }, k: number): Promise<void> {
  const [overview, view, counts, boxTable] = await Promise.all([
    calibrationOverview(connector), viewContext(connector, { minGroup: k }), ratingCounts(connector, k), nineBoxCountsTable(connector, dims, k),
  ]);
  const resolved = resolveFilter(overview, { dimension: dims.performance });
  await viewPlan(connector, k, resolved.cycle, nineBoxMeasures(boxTable, counts, resolved, dims.performance), view.filter, { shared: true });
}

export async function nineBoxReport(connector: Connector, options: NineBoxOptions = {}): Promise<NineBoxReport> {
  const performance = options.performanceDimension ?? 'overall';
  const potential = options.potentialDimension ?? 'potential';
  const dims = { performance, potential };
  const [overview, view] = await Promise.all([calibrationOverview(connector), viewContext(connector, options)]);
  const { k, index } = view;
  const resolved = resolveFilter(overview, { ...options, dimension: performance });
  const [counts, boxTable] = await Promise.all([ratingCounts(connector, k), nineBoxCountsTable(connector, dims, k)]);
  const measures = nineBoxMeasures(boxTable, counts, resolved, performance, options.compareStage);
  // Decided once into a small table when more than one query follows (a comparison stage), or when a
  // session's changes will repaint the view with the same plan again and again (a change moves a person
  // between boxes, never between blocks); else computed inside the one query (10k people, a filter:
  // four statements → one).
  const session = await hasSessions(connector);
  const plan = await viewPlan(connector, k, resolved.cycle, measures, view.filter, { shared: session || !!options.compareStage });
  const namesPerBox = options.namesPerBox ?? 0;
  const [now_, compared] = await Promise.all([
    nineBoxCounts(connector, plan, resolved.cycle, resolved.stage, dims, view.personSelected ? 0 : namesPerBox),
    options.compareStage && !view.personSelected ? nineBoxCounts(connector, plan, resolved.cycle, options.compareStage, dims) : Promise.resolve(null),
  ]);
  const summary = now_.summary;
  const rows = view.personSelected ? [] : now_.rows;
  const compare = compared?.rows ?? null;
  // Bands come from the scale each dimension uses in the cycle (potential is often 1–3).
  const ranges = await bandRanges(connector, resolved.cycle, dims);
  const [pMin, pMax] = ranges.performance;
  const [qMin, qMax] = ranges.potential;
  const boxOf = (perf: number, pot: number) => `${bandOf(perf, pMin, pMax)}-${bandOf(pot, qMin, qMax)}`;
  const sum = (list: readonly { performance: number; potential: number; n: number }[]) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(boxOf(r.performance, r.potential), (m.get(boxOf(r.performance, r.potential)) ?? 0) + r.n);
    return m;
  };
  const now = sum(rows);
  const then = compare ? sum(compare) : null;
  const total = [...now.values()].reduce((s, x) => s + x, 0);
  const compareTotal = then ? [...then.values()].reduce((s, x) => s + x, 0) : null;
  const ids = BANDS.flatMap((perf) => BANDS.map((pot) => `${perf}-${pot}`));
  const base = {
    filter: { cycle: resolved.cycle, stage: resolved.stage, performance, potential },
    ranges,
    privacy: { min_group: k, excluded_people: summary.excluded_people, cut_people: summary.cut_people, suppressed_boxes: 0 },
  };
  const withheld = (reason: WithheldReason): NineBoxReport => ({
    ...base,
    cells: ids.map((id) => {
      const [p, q] = id.split('-') as [Band, Band];
      return { id, performance: p, potential: q, n: null, share: null, compare_n: null, names: [], people: [], suppressed: true };
    }),
    n: 0,
    compare_n: null,
    privacy: { ...base.privacy, suppressed: true, reason, message: withheldText(reason, k) },
  });
  const reason = withheldReason(summary, k, view.personSelected);
  if (reason && total === 0) return withheld(reason);
  if (total > 0 && total < k) return withheld('too-few');

  const people = new Map<string, NineBoxPerson[]>();
  if (namesPerBox > 0 && total > 0) {
    for (const p of now_.people) {
      const id = boxOf(p.performance, p.potential);
      // A box of fewer than min-group people would single its people out: no names there.
      if ((now.get(id) ?? 0) < k) continue;
      const list = people.get(id) ?? [];
      if (list.length < namesPerBox) {
        const ratings = { performance: p.performance, potential: p.potential };
        list.push(index ? { id: index.code(p.employee_id), label: index.label(p.employee_id, 'Person'), ...ratings } : { id: p.employee_id, label: p.name ?? p.employee_id, ...ratings });
      }
      people.set(id, list);
    }
  }
  return {
    ...base,
    cells: ids.map((id) => {
      const [p, q] = id.split('-') as [Band, Band];
      const n = now.get(id) ?? 0;
      const listed = people.get(id) ?? [];
      return {
        id,
        performance: p,
        potential: q,
        n,
        share: total === 0 ? null : n / total,
        compare_n: then ? (then.get(id) ?? 0) : null,
        names: listed.map((x) => x.label),
        people: listed,
        suppressed: false,
      };
    }),
    n: total,
    compare_n: compareTotal,
    privacy: { ...base.privacy, suppressed: false, reason: null, message: null },
  };
}
