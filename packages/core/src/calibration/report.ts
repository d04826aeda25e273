/**
 * calibrationReport: one call from filters to everything a calibration view
 * or `plumb stats` shows. Queries return counts; the statistics run on them.
 */
import type { Connector } from '../connector.js';
import { addCounts, describeCounts, sharesOf, type ValueCounts } from '../stats/descriptive.js';
import { kruskalWallisFromCounts, type KruskalWallisResult } from '../stats/kruskal-wallis.js';
import { chiSquareGoodnessOfFit, type GoodnessOfFit } from '../stats/goodness-of-fit.js';
import { icc1, oneWayAnova, summariseCounts } from '../stats/variance-components.js';
import { shrinkEffect } from '../stats/shrinkage.js';
import { flagRaters, type FlagOptions, type RaterFlag } from '../stats/flags.js';
import { haloByRater } from '../stats/halo.js';
import { summariseTransitions, type TransitionSummary } from '../stats/transitions.js';
import { fourFifths, type ImpactGroup } from '../stats/adverse-impact.js';
import { poolSmallGroups } from '../stats/suppression.js';
import type { CalibrationFilter, RatingStage } from './filters.js';
import { activePeopleFilters } from './filters.js';
import {
  adverseImpactRows,
  bigMoves,
  calibrationMoves,
  calibrationOverview,
  haloRows,
  raterLattice,
  raterRatingCounts,
  ratedPeopleCells,
  raterCellCounts,
  ratingScale,
  type CalibrationOverviewRow,
  type ScaleValue,
} from './queries.js';
import { atomKey, checkLattice, planBlocks, type BlockPlan } from './privacy.js';
import { pseudonymize } from './pseudonyms.js';

/** The id a pooled group of small teams is shown under. */
export const POOLED_RATER_ID = '(pooled)';

export interface CalibrationOptions extends CalibrationFilter {
  /** Groups below this size are pooled or hidden (default 5; 1 turns suppression off). */
  minGroup?: number;
  /** Show raters and people as stable pseudonyms. */
  anonymize?: boolean;
  /** Salt for pseudonyms (default ''). */
  pseudonymSalt?: string;
  /** Stage compared as "before" and "after" (defaults manager → calibrated, else final). */
  before?: RatingStage;
  after?: RatingStage;
  /** Per-rater before/after counts (costs one more aggregate). Default false. */
  changesByRater?: boolean;
  /** Opt-in group attribute (person_attributes.attribute) for the four-fifths check. */
  impactAttribute?: string;
  /** Judge halo (needs competency dimensions). Default true. */
  halo?: boolean;
  flags?: FlagOptions;
  /**
   * Memo for the queries that do not depend on the filters (menus, scale,
   * privacy cells). Pass the same Map across filter changes; a new one when
   * the data changes.
   */
  cache?: Map<string, Promise<unknown>>;
  /** Display names for raters (id → name) when not anonymized. */
  raterNames?: ReadonlyMap<string, string>;
}

export interface RaterReport {
  rater_id: string;
  /** What to show: the name, a pseudonym, or "Pooled: N small teams". */
  label: string;
  n: number;
  mean: number | null;
  sd: number | null;
  effect: number | null;
  shrunk_effect: number | null;
  ci_low: number | null;
  ci_high: number | null;
  flags: (RaterFlag | 'pooled')[];
  counts: Record<string, number>;
  /** Shares per scale value, in scale order. */
  shares: number[];
  /** Raters merged into this row (1 for a rater shown alone). */
  raters: number;
  /** This rater's distribution against the guideline (or why not). */
  guideline_fit: GoodnessOfFit | null;
}

export interface ChangesReport extends TransitionSummary {
  before_stage: RatingStage;
  after_stage: RatingStage;
  /** People moved two steps or more (named, or pseudonyms when anonymized). */
  big_movers: { person: string; rater: string; before: number; after: number }[];
  by_rater?: { rater_id: string; label: string; before: Record<string, number>; after: Record<string, number>; up: number; down: number; same: number }[];
  adverse_impact?: { attribute: string; top_rating: ImpactGroup[]; moved_up: ImpactGroup[]; suppressed_groups: number };
}

export interface CalibrationReport {
  filter: Required<Pick<CalibrationFilter, 'cycle' | 'stage' | 'dimension'>> & CalibrationFilter;
  scale: ScaleValue[];
  raters: RaterReport[];
  org: { n: number; mean: number | null; sd: number | null; counts: Record<string, number>; shares: number[]; raters: number };
  kruskal_wallis: Pick<KruskalWallisResult, 'h' | 'df' | 'p'> | null;
  guideline_chi_square: { statistic: number | null; df: number; p: number | null; valid: boolean; reason: string | null } | null;
  icc1: number | null;
  variance: { within: number; between: number } | null;
  changes: ChangesReport | null;
  privacy: {
    min_group: number;
    /** People left out of every figure because their department × level cell is small. */
    excluded_people: number;
    pooled_raters: number;
    /** True when this filter combination is withheld entirely. */
    suppressed: boolean;
    message: string | null;
  };
  /** Cycles, stages and dimensions that have ratings (for menus). */
  available: CalibrationOverviewRow[];
  /** Departments and levels of rated people (for filter menus). */
  options: { departments: string[]; levels: string[] };
}

const STAGE_ORDER: readonly RatingStage[] = ['manager', 'calibrated', 'final', 'self'];

/** Fill in cycle, stage and dimension from what the data has. */
export function resolveFilter(
  overview: readonly CalibrationOverviewRow[],
  filter: CalibrationFilter,
): { cycle: string | null; stage: RatingStage; dimension: string | null } {
  const cycles = [...new Set(overview.map((r) => r.cycle_id))];
  const cycle = filter.cycle !== undefined ? filter.cycle : (cycles.filter((c) => c !== null).sort().at(-1) ?? null);
  const inCycle = overview.filter((r) => r.cycle_id === cycle);
  const stages = new Set(inCycle.map((r) => r.stage));
  const stage = filter.stage ?? STAGE_ORDER.find((s) => stages.has(s)) ?? 'manager';
  const dims = [...new Set(inCycle.filter((r) => r.stage === stage).map((r) => r.dimension))];
  const dimension =
    filter.dimension !== undefined
      ? filter.dimension
      : (['overall', 'performance'].find((d) => dims.includes(d)) ?? dims.find((d) => d !== 'potential') ?? dims[0] ?? null);
  return { cycle, stage, dimension };
}

const toRecord = (counts: ValueCounts, scale: readonly number[]) => {
  const out: Record<string, number> = {};
  for (const v of scale) out[String(v)] = counts.get(v) ?? 0;
  for (const [v, c] of counts) if (!(String(v) in out)) out[String(v)] = c;
  return out;
};

export async function calibrationReport(connector: Connector, options: CalibrationOptions = {}): Promise<CalibrationReport> {
  const k = Math.max(1, options.minGroup ?? 5);
  const memo = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    if (!options.cache) return run();
    let p = options.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run();
      options.cache.set(key, p);
      p.catch(() => options.cache?.delete(key));
    }
    return p;
  };
  const available = await memo('overview', () => calibrationOverview(connector));
  const resolved = resolveFilter(available, options);
  const filter: CalibrationFilter = { ...options, ...resolved };
  const stages = new Set(available.filter((r) => r.cycle_id === resolved.cycle).map((r) => r.stage));
  const before = options.before ?? 'manager';
  const after = options.after ?? (stages.has('calibrated') ? 'calibrated' : 'final');

  const [scaleRows, cells, atoms] = await Promise.all([
    memo(`scale:${resolved.cycle}`, () => ratingScale(connector, resolved.cycle)),
    memo(`cells:${resolved.cycle}`, () => ratedPeopleCells(connector, resolved.cycle)),
    memo(`atoms:${JSON.stringify([resolved.cycle, resolved.stage, resolved.dimension])}`, () =>
      raterCellCounts(connector, resolved, resolved.stage),
    ),
  ]);
  // Decided once for the whole stage and dimension, never per filter (see privacy.ts).
  const plan = planBlocks(atoms, k);
  const excluded = plan.excluded;
  const excludedPeople = plan.excludedPeople;
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
  const menuOptions = { departments: distinct(cells.map((c) => c.department)), levels: distinct(cells.map((c) => c.level)) };

  // Team and location can cut a block; department and level select whole cells.
  const filtered = activePeopleFilters(filter).some((key) => key !== 'department' && key !== 'level');
  const [countRows, lattice] = await Promise.all([
    raterRatingCounts(connector, filter, resolved.stage, excluded),
    filtered ? raterLattice(connector, filter, resolved.stage, excluded) : Promise.resolve([]),
  ]);
  const verdict = checkLattice(lattice, filter, k);

  const scaleValues = scaleRows.map((s) => s.value);
  const byRater = new Map<string, Map<number, number>>();
  // What is shown: each rater's atoms that the plan keeps under the rater; the rest go to the pool.
  const shownByRater = new Map<string, Map<number, number>>();
  const planPool = new Map<number, number>();
  const planPooledRaters = new Set<string>();
  const add = (map: Map<string, Map<number, number>>, id: string, rating: number, n: number) => {
    let m = map.get(id);
    if (!m) map.set(id, (m = new Map()));
    m.set(rating, (m.get(rating) ?? 0) + n);
  };
  for (const row of countRows) {
    add(byRater, row.rater_id, row.rating, row.n);
    if (plan.pooled.has(atomKey(row.rater_id, row.department, row.level))) {
      planPool.set(row.rating, (planPool.get(row.rating) ?? 0) + row.n);
      planPooledRaters.add(row.rater_id);
    } else add(shownByRater, row.rater_id, row.rating, row.n);
  }
  const known = new Set(scaleValues);
  for (const row of countRows) if (!known.has(row.rating)) known.add(row.rating), scaleValues.push(row.rating);
  scaleValues.sort((a, b) => a - b);
  const scale: ScaleValue[] = scaleValues.map(
    (value) => scaleRows.find((s) => s.value === value) ?? { value, label: null, guideline_share: null },
  );

  const emptyOrg = { n: 0, mean: null, sd: null, counts: toRecord(new Map(), scaleValues), shares: scaleValues.map(() => 0), raters: 0 };
  const privacyBase = { min_group: k, excluded_people: excludedPeople, pooled_raters: 0 };
  const withheld = (message: string): CalibrationReport => ({
    filter: { ...filter, ...resolved },
    scale,
    raters: [],
    org: emptyOrg,
    kruskal_wallis: null,
    guideline_chi_square: null,
    icc1: null,
    variance: null,
    changes: null,
    privacy: { ...privacyBase, suppressed: true, message },
    available,
    options: menuOptions,
  });

  // Statistics over every rater (they describe the room, and reveal no one);
  // what is *shown* per rater goes through pooling below.
  const groups = [...byRater.entries()].map(([id, counts]) => ({ id, counts, ...summariseCounts(counts) }));
  const orgCounts = new Map<number, number>();
  for (const g of groups) addCounts(orgCounts, g.counts);
  const org = describeCounts(orgCounts);
  if (org.n === 0 && excludedPeople > 0 && countRows.length === 0) {
    return withheld(`Everyone matching these filters is in a department × level group smaller than ${k}; nothing is shown.`);
  }
  if (org.n > 0 && org.n < k) return withheld(`Fewer than ${k} people match these filters; nothing is shown.`);
  if (!verdict.viewSafe) {
    return withheld(`These filters would single out fewer than ${k} people by comparison with a broader view; nothing is shown.`);
  }

  const anova = oneWayAnova(groups);
  const pooledVariance = anova?.sigma2 ?? (org.sd ?? 0) ** 2;
  const variance = { sigma2: pooledVariance, tau2: anova?.tau2 ?? 0 };
  const kw = kruskalWallisFromCounts(groups.map((g) => g.counts));
  const guidelineShares = scale.map((s) => s.guideline_share ?? 0);
  const hasGuideline = guidelineShares.some((s) => s > 0);
  const fit = (counts: ValueCounts) =>
    hasGuideline ? chiSquareGoodnessOfFit(scaleValues.map((v) => counts.get(v) ?? 0), guidelineShares) : null;

  // Shown rows come from the block plan. Only a team or location filter can
  // cut a block: then rows below k, and raters the lattice says would be
  // exposed, join the pool, which is topped up to k.
  const shownRows = [...shownByRater.entries()].map(([id, counts]) => ({ id, counts, ...summariseCounts(counts) }));
  let shown = shownRows;
  const poolCounts = new Map(planPool);
  const pooledRaterIds = new Set(planPooledRaters);
  if (filtered) {
    const poolN = [...poolCounts.values()].reduce((s, c) => s + c, 0);
    const candidates = [
      ...shownRows.map((g) => ({ id: g.id, n: verdict.unsafeRaters.has(g.id) ? Math.min(g.n, k - 1) : g.n, row: g })),
      ...(poolN > 0 ? [{ id: POOLED_RATER_ID, n: Math.min(poolN, k - 1), row: null }] : []),
    ];
    const pool = poolSmallGroups(candidates, k);
    const merged = new Set(pool.pooled.map((g) => g.id));
    shown = shownRows.filter((g) => !merged.has(g.id));
    for (const g of pool.pooled) {
      if (!g.row) continue;
      addCounts(poolCounts, g.row.counts);
      pooledRaterIds.add(g.id);
    }
  }
  const poolShown = [...poolCounts.values()].some((c) => c > 0);

  // Halo needs competency ratings at this stage; skip the query when there are none.
  const hasCompetencies = available.some(
    (a) => a.cycle_id === resolved.cycle && a.stage === resolved.stage && a.dimension !== null &&
      !['overall', 'performance', 'potential'].includes(a.dimension.toLowerCase()),
  );
  const haloResults =
    options.halo === false || !hasCompetencies ? [] : haloByRater((await haloRows(connector, filter, resolved.stage, excluded)).map((h) => ({ id: h.rater_id, ratees: h.ratees, within_variance: h.within_variance })));
  const haloIds = new Set(haloResults.filter((h) => h.halo).map((h) => h.id));

  const effects = shown.map((g) => shrinkEffect({ n: g.n, effect: g.mean - (org.mean ?? 0) }, variance));
  // BH runs over every rater judged, including pooled ones, so pooling never
  // makes a shown rater look more significant.
  const flagInputs = groups.map((g) => ({
    id: g.id,
    effect: shrinkEffect({ n: g.n, effect: g.mean - (org.mean ?? 0) }, variance),
    sd: g.n >= 2 ? Math.sqrt(g.ss / (g.n - 1)) : null,
    halo: haloIds.has(g.id),
  }));
  const flagById = new Map(flagRaters(flagInputs, pooledVariance, options.flags).map((f) => [f.id, f.flags]));

  const dataNames = new Map(countRows.filter((r) => r.rater_name).map((r) => [r.rater_id, r.rater_name!]));
  const names = options.anonymize
    ? pseudonymize(groups.map((g) => g.id), 'Manager', options.pseudonymSalt)
    : new Map(groups.map((g) => [g.id, options.raterNames?.get(g.id) ?? dataNames.get(g.id) ?? g.id]));
  const raters: RaterReport[] = shown.map((g, i) => {
    const e = effects[i]!;
    const d = describeCounts(g.counts);
    return {
      rater_id: options.anonymize ? names.get(g.id)! : g.id,
      label: names.get(g.id)!,
      n: g.n,
      mean: d.mean,
      sd: d.sd,
      effect: e.effect,
      shrunk_effect: e.shrunk_effect,
      ci_low: e.ci_low,
      ci_high: e.ci_high,
      flags: flagById.get(g.id) ?? [],
      counts: toRecord(g.counts, scaleValues),
      shares: sharesOf(g.counts, scaleValues),
      raters: 1,
      guideline_fit: fit(g.counts),
    };
  });
  if (poolShown) {
    const counts = poolCounts;
    const d = describeCounts(counts);
    const e = shrinkEffect({ n: d.n, effect: (d.mean ?? 0) - (org.mean ?? 0) }, variance);
    raters.push({
      rater_id: POOLED_RATER_ID,
      label: `Pooled: ${pooledRaterIds.size} small team${pooledRaterIds.size === 1 ? '' : 's'}`,
      n: d.n,
      mean: d.mean,
      sd: d.sd,
      effect: e.effect,
      // A pool is not a rater: no shrunk effect, no flags about a person.
      shrunk_effect: null,
      ci_low: null,
      ci_high: null,
      flags: ['pooled'],
      counts: toRecord(counts, scaleValues),
      shares: sharesOf(counts, scaleValues),
      raters: pooledRaterIds.size,
      guideline_fit: fit(counts),
    });
  }
  raters.sort((a, b) => (b.shrunk_effect ?? -Infinity) - (a.shrunk_effect ?? -Infinity));

  const orgFit = fit(orgCounts);
  let changes: ChangesReport | null = null;
  if (stages.has(before) && stages.has(after) && before !== after) {
    changes = await changesReport(connector, filter, before, after, plan, options, names, k, scaleValues, new Set(shown.map((g) => g.id)));
  }

  return {
    filter: { ...filter, ...resolved },
    scale,
    raters,
    org: { n: org.n, mean: org.mean, sd: org.sd, counts: toRecord(orgCounts, scaleValues), shares: sharesOf(orgCounts, scaleValues), raters: groups.length },
    kruskal_wallis: kw ? { h: kw.h, df: kw.df, p: kw.p } : null,
    guideline_chi_square: orgFit
      ? { statistic: orgFit.statistic, df: orgFit.df, p: orgFit.p, valid: orgFit.valid, reason: orgFit.reason }
      : null,
    icc1: anova ? icc1(anova) : null,
    variance: anova ? { within: anova.sigma2, between: anova.tau2 } : null,
    changes,
    privacy: { ...privacyBase, pooled_raters: pooledRaterIds.size, suppressed: false, message: null },
    available,
    options: menuOptions,
  };
}

async function changesReport(
  connector: Connector,
  filter: CalibrationFilter,
  before: RatingStage,
  after: RatingStage,
  plan: BlockPlan,
  options: CalibrationOptions,
  names: Map<string, string>,
  k: number,
  scaleValues: number[],
  shownRaters: Set<string>,
): Promise<ChangesReport> {
  const excluded = plan.excluded;
  // A move is shown under its rater only where that rater's row is shown and the atom is not pooled.
  const shownUnder = (m: { rater_id: string; department: string | null; level: string | null }) =>
    shownRaters.has(m.rater_id) && !plan.pooled.has(atomKey(m.rater_id, m.department, m.level));
  const [moves, movers] = await Promise.all([
    calibrationMoves(connector, filter, before, after, { byRater: options.changesByRater ?? false, excluded }),
    bigMoves(connector, filter, before, after, 2, { excluded }),
  ]);
  const summary: TransitionSummary = summariseTransitions(moves, scaleValues);
  const people = options.anonymize ? pseudonymize(movers.map((m) => m.employee_id), 'Person', options.pseudonymSalt) : null;
  // Big movers are listed by scale steps, not points: keep those two steps apart.
  const index = new Map(summary.scale.map((v, i) => [v, i]));
  const big = movers.filter((m) => Math.abs(index.get(m.after)! - index.get(m.before)!) >= 2);
  const result: ChangesReport = {
    before_stage: before,
    after_stage: after,
    n: summary.n,
    up: summary.up,
    down: summary.down,
    same: summary.same,
    big_moves: summary.big_moves,
    mean_move: summary.mean_move,
    scale: summary.scale,
    matrix: summary.matrix,
    big_movers: big.map((m) => ({
      person: people ? people.get(m.employee_id)! : (m.name ?? m.employee_id),
      rater: shownUnder(m) ? (names.get(m.rater_id) ?? m.rater_id) : POOLED_RATER_ID,
      before: m.before,
      after: m.after,
    })),
  };
  if (options.changesByRater) {
    const per = new Map<string, { before: Map<number, number>; after: Map<number, number>; up: number; down: number; same: number }>();
    for (const m of moves) {
      const id = shownUnder(m) ? m.rater_id : POOLED_RATER_ID;
      let e = per.get(id);
      if (!e) per.set(id, (e = { before: new Map(), after: new Map(), up: 0, down: 0, same: 0 }));
      e.before.set(m.before, (e.before.get(m.before) ?? 0) + m.n);
      e.after.set(m.after, (e.after.get(m.after) ?? 0) + m.n);
      if (m.after > m.before) e.up += m.n;
      else if (m.after < m.before) e.down += m.n;
      else e.same += m.n;
    }
    result.by_rater = [...per.entries()].map(([id, e]) => ({
      rater_id: id === POOLED_RATER_ID ? id : options.anonymize ? names.get(id)! : id,
      label: id === POOLED_RATER_ID ? 'Pooled small teams' : names.get(id)!,
      before: toRecord(e.before, scaleValues),
      after: toRecord(e.after, scaleValues),
      up: e.up,
      down: e.down,
      same: e.same,
    }));
  }
  if (options.impactAttribute) {
    const top = Math.max(...scaleValues);
    const rows = await adverseImpactRows(connector, filter, options.impactAttribute, before, after, top, excluded);
    const named = rows.map((r) => ({ group: r.group ?? '(not given)', n: r.n }));
    const topRating = fourFifths(named.map((g, i) => ({ ...g, selected: rows[i]!.top })), k);
    const movedUp = fourFifths(named.map((g, i) => ({ ...g, selected: rows[i]!.up })), k);
    result.adverse_impact = {
      attribute: options.impactAttribute,
      top_rating: topRating.groups,
      moved_up: movedUp.groups,
      suppressed_groups: topRating.suppressed_groups,
    };
  }
  return result;
}
