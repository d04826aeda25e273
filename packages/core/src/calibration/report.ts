/**
 * calibrationReport: one call from filters to everything a calibration view
 * or `plumb stats` shows. Queries return counts; the statistics run on them.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { addCounts, describeCounts, sharesOf, type ValueCounts } from '../stats/descriptive.js';
import { kruskalWallisFromCounts, type KruskalWallisResult } from '../stats/kruskal-wallis.js';
import { chiSquareGoodnessOfFit, type GoodnessOfFit } from '../stats/goodness-of-fit.js';
import { icc1, oneWayAnova, summariseCounts } from '../stats/variance-components.js';
import { shrinkEffect } from '../stats/shrinkage.js';
import { flagRaters, type FlagOptions, type RaterFlag } from '../stats/flags.js';
import { haloByRater } from '../stats/halo.js';
import { summariseTransitions, type TransitionSummary } from '../stats/transitions.js';
import { fourFifths, type ImpactGroup } from '../stats/adverse-impact.js';
import { derived } from '../queries/derived.js';
import { hasSessions } from '../session/relation.js';
import { chainOf, hierarchiesFor } from '../queries/hierarchy.js';
import { DEFAULT_MIN_GROUP, type PrivacyOptions } from '../queries/options.js';
import { pseudonymIndex, type PseudonymIndex } from '../privacy/pseudonym-index.js';
import type { CalibrationFilter, RatingStage } from './filters.js';
import { calibrationPeople, hasTable, ratingCounts, withBlocks } from './aggregates.js';
import { activeConditions, type ViewFilter } from './privacy.js';
import {
  adverseImpactRows,
  bigMoves,
  calibrationMoves,
  calibrationOverview,
  raterCounts,
  ratingMeasure,
  ratingScale,
  ratingValues,
  viewPlan,
  type CalibrationOverviewRow,
  type PlanSummary,
  type ScaleValue,
  type ViewPlan,
} from './queries.js';

/** The id a pooled group of small teams is shown under. */
export const POOLED_RATER_ID = '(pooled)';

export interface CalibrationOptions extends CalibrationFilter, PrivacyOptions {
  /** Replay the data as of this date (accepted for the shared vocabulary; ratings are not replayed). */
  asOf?: string | null;
  /** Accepted for the shared vocabulary (a cascade clause); calibration views filter by its team. */
  objective_id?: string;
  key_result_id?: string;
  /** Stage compared as "before" and "after" (defaults manager → calibrated, else final). */
  before?: RatingStage;
  after?: RatingStage;
  /** Per-rater before/after counts (costs one more aggregate). Default false. */
  changesByRater?: boolean;
  /** Compute calibration moves at all (default true; a view that draws none passes false). */
  changes?: boolean;
  /**
   * Opt-in group attribute (person_attributes.attribute) for the four-fifths check. Protected
   * attributes appear nowhere unless named here, and then only as groups of ≥ min-group people
   * over the whole organisation (a filtered view could be subtracted from it).
   */
  impactAttribute?: string;
  /** Judge halo (needs competency dimensions). Default true. */
  halo?: boolean;
  flags?: FlagOptions;
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
  adverse_impact?: {
    attribute: string;
    top_rating: ImpactGroup[];
    moved_up: ImpactGroup[];
    suppressed_groups: number;
    /** Why no groups are shown (a filtered view), or null. */
    withheld: string | null;
  };
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
    /** People left out of every figure because their department has fewer than min-group rated people. */
    excluded_people: number;
    /** People of teams this filter would cut below min-group (left out of this view only). */
    cut_people: number;
    pooled_raters: number;
    /** True when this filter combination is withheld entirely. */
    suppressed: boolean;
    reason: WithheldReason | null;
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


/** What every calibration view derives from its options before querying (shared with the nine-box). */
export interface ViewContext {
  k: number;
  /** The pseudonym index when anonymized (codes and labels); null otherwise. */
  index: PseudonymIndex | null;
  /** The people filters, with pseudonym codes of a rater or person selection resolved to ids. */
  filter: ViewFilter;
  /** A one-person selection: no aggregate view shows it. */
  personSelected: boolean;
}

export async function viewContext(connector: Connector, options: CalibrationOptions): Promise<ViewContext> {
  const k = Math.max(1, Math.floor(options.minGroup ?? DEFAULT_MIN_GROUP));
  const salt = options.salt ?? '';
  const needsIndex = options.anonymize || !!options.rater_id || !!options.person_id || !!options.manager_id;
  const index = needsIndex ? await pseudonymIndex(connector, salt) : null;
  // A rater clicked in an anonymized view arrives as a code; core turns it back into the id.
  const resolve = (v: string | null | undefined) => (v ? (index?.resolve(v) ?? v) : v);
  const filter: ViewFilter = {
    rater_id: resolve(options.rater_id),
    team_id: options.team_id,
    department: options.department,
    level: options.level,
    location: options.location,
    manager_id: resolve(options.manager_id),
  };
  // A team means its subtree and a manager their reports; the chains above them are broader views
  // the privacy plan checks (privacy.ts).
  const trees = await hierarchiesFor(connector, filter);
  filter.chains = {
    ...(trees.team && filter.team_id ? { team_id: chainOf(trees.team, filter.team_id) } : {}),
    ...(trees.manager && filter.manager_id ? { manager_id: chainOf(trees.manager, filter.manager_id) } : {}),
  };
  return { k, index: options.anonymize ? index : null, filter, personSelected: !!options.person_id };
}

/** Departments and levels of the people rated in a cycle (filter menus). */
export function calibrationMenus(connector: Connector, cycle: string | null): Promise<{ departments: string[]; levels: string[] }> {
  return derived(connector, `calibration:menus:${JSON.stringify(cycle)}`, async () => {
    const people = await calibrationPeople(connector);
    const rows = await queryRows<{ kind: string; value: string }>(
      connector,
      `SELECT DISTINCT 'department' AS kind, department AS value FROM ${people} WHERE cycle_id IS NOT DISTINCT FROM ? AND department IS NOT NULL
       UNION ALL SELECT DISTINCT 'level', level FROM ${people} WHERE cycle_id IS NOT DISTINCT FROM ? AND level IS NOT NULL`,
      [cycle, cycle],
    );
    const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value).sort();
    return { departments: of('department'), levels: of('level') };
  });
}

/** Why a calibration view is withheld (elements show their own sentence for each). */
export type WithheldReason = 'person' | 'department' | 'too-few' | 'cut';

const WITHHELD_TEXT: Record<WithheldReason, (k: number) => string> = {
  person: () => 'One person is selected; group figures are not shown for a single person.',
  department: (k) => `Everyone matching these filters is in a department smaller than ${k} people (counting those rated), or nobody matches; nothing is shown.`,
  'too-few': (k) => `Fewer than ${k} people match these filters; nothing is shown.`,
  cut: (k) => `These filters would single out fewer than ${k} people by comparison with a broader view; nothing is shown.`,
};

export function withheldText(reason: WithheldReason, k: number): string {
  return WITHHELD_TEXT[reason](k);
}

/** Why a view is withheld, from what the plan says about it, or null. */
export function withheldReason(summary: PlanSummary, k: number, personSelected: boolean): WithheldReason | null {
  const touched = summary.touched_people;
  if (personSelected) return 'person';
  if (touched === 0 && summary.excluded_matching > 0 && summary.included_matching === 0) return 'department';
  if (touched > 0 && touched < k) return 'too-few';
  if (summary.shown_people === 0 && summary.cut_people > 0) return 'cut';
  return null;
}

export async function calibrationReport(connector: Connector, options: CalibrationOptions = {}): Promise<CalibrationReport> {
  const [available, view] = await Promise.all([calibrationOverview(connector), viewContext(connector, options)]);
  const { k, index } = view;
  const resolved = resolveFilter(available, options);
  const filter: CalibrationFilter = { ...options, ...resolved };
  const stages = new Set(available.filter((r) => r.cycle_id === resolved.cycle).map((r) => r.stage));
  const before = options.before ?? 'manager';
  const after = options.after ?? (stages.has('calibrated') ? 'calibrated' : 'final');

  const [counts, session] = await Promise.all([ratingCounts(connector).then((t) => withBlocks(connector, t, k)), hasSessions(connector)]);
  const [scaleRows, given, menuOptions, plan] = await Promise.all([
    ratingScale(connector, resolved.cycle),
    ratingValues(connector, resolved.cycle, resolved.stage, resolved.dimension),
    calibrationMenus(connector, resolved.cycle),
    viewPlan(connector, k, resolved.cycle, [ratingMeasure(counts, resolved.stage, resolved.dimension)], view.filter, {
      // Decided once when more queries follow (moves, big movers), or when a session's changes will
      // repaint this view with the same plan again and again (a change moves values, never blocks).
      shared: session || (options.changes !== false && stages.has(before) && stages.has(after) && before !== after),
    }),
  ]);
  const scaleValues = [...new Set([...scaleRows.map((s) => s.value), ...given])].sort((a, b) => a - b);
  const scale: ScaleValue[] = scaleValues.map(
    (value) => scaleRows.find((s) => s.value === value) ?? { value, label: null, guideline_share: null },
  );
  // Halo needs competency ratings at this stage; none, and the halo figures are not asked for.
  const hasCompetencies = available.some(
    (a) => a.cycle_id === resolved.cycle && a.stage === resolved.stage && a.dimension !== null &&
      !['overall', 'performance', 'potential'].includes(a.dimension.toLowerCase()),
  );
  const { summary, rows: counted } = await raterCounts(connector, plan, resolved.cycle, resolved.stage, resolved.dimension, scaleValues, {
    halo: options.halo !== false && hasCompetencies,
  });
  const rows = view.personSelected ? [] : counted;

  const emptyOrg = { n: 0, mean: null, sd: null, counts: toRecord(new Map(), scaleValues), shares: scaleValues.map(() => 0), raters: 0 };
  const privacyBase = { min_group: k, excluded_people: summary.excluded_people, cut_people: summary.cut_people, pooled_raters: 0 };
  const withheld = (reason: WithheldReason): CalibrationReport => ({
    filter: { ...filter, ...resolved },
    scale,
    raters: [],
    org: emptyOrg,
    kruskal_wallis: null,
    guideline_chi_square: null,
    icc1: null,
    variance: null,
    changes: null,
    privacy: { ...privacyBase, suppressed: true, reason, message: withheldText(reason, k) },
    available,
    options: menuOptions,
  });
  const reason = withheldReason(summary, k, view.personSelected);
  if (reason && rows.length === 0) return withheld(reason);

  const valueCounts = (c: readonly number[]) => new Map(scaleValues.map((v, i) => [v, c[i]!] as const).filter(([, n]) => n > 0));
  // Statistics over every rater whose people are shown (they describe the room and reveal no
  // one); what is *shown* per rater: their own blocks, the pool for the rest.
  const byRater = new Map<string, Map<number, number>>();
  const shownByRater = new Map<string, Map<number, number>>();
  const poolCounts = new Map<number, number>();
  const pooledRaterIds = new Set<string>();
  const dataNames = new Map<string, string>();
  for (const row of rows) {
    const vc = valueCounts(row.counts);
    if (row.rater_name) dataNames.set(row.rater_id, row.rater_name);
    const all = byRater.get(row.rater_id) ?? new Map<number, number>();
    addCounts(all, vc);
    byRater.set(row.rater_id, all);
    if (row.pooled) {
      addCounts(poolCounts, vc);
      pooledRaterIds.add(row.rater_id);
    } else {
      const mine = shownByRater.get(row.rater_id) ?? new Map<number, number>();
      addCounts(mine, vc);
      shownByRater.set(row.rater_id, mine);
    }
  }
  const groups = [...byRater.entries()].map(([id, c]) => ({ id, counts: c, ...summariseCounts(c) })).filter((g) => g.n > 0);
  const orgCounts = new Map<number, number>();
  for (const g of groups) addCounts(orgCounts, g.counts);
  const org = describeCounts(orgCounts);
  if (org.n > 0 && org.n < k) return withheld('too-few');
  if (org.n === 0 && reason) return withheld(reason);

  const anova = oneWayAnova(groups);
  const pooledVariance = anova?.sigma2 ?? (org.sd ?? 0) ** 2;
  const variance = { sigma2: pooledVariance, tau2: anova?.tau2 ?? 0 };
  const kw = kruskalWallisFromCounts(groups.map((g) => g.counts));
  const guidelineShares = scale.map((s) => s.guideline_share ?? 0);
  const hasGuideline = guidelineShares.some((s) => s > 0);
  const fit = (c: ValueCounts) => (hasGuideline ? chiSquareGoodnessOfFit(scaleValues.map((v) => c.get(v) ?? 0), guidelineShares) : null);

  const shown = [...shownByRater.entries()].map(([id, c]) => ({ id, counts: c, ...summariseCounts(c) })).filter((g) => g.n > 0);
  const poolShown = [...poolCounts.values()].some((c) => c > 0);

  // The halo figures are per rater (both of a rater's rows, pooled or not, carry the same).
  const haloRows = new Map<string, { ratees: number; within_variance: number }>();
  for (const row of rows) if (row.halo && !haloRows.has(row.rater_id)) haloRows.set(row.rater_id, row.halo);
  const haloResults = haloByRater([...haloRows].map(([id, h]) => ({ id, ratees: h.ratees, within_variance: h.within_variance })));
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

  const raterKey = (id: string) => (index ? index.code(id) : id);
  const raterLabel = (id: string) => (index ? index.label(id, 'Manager') : (options.raterNames?.get(id) ?? dataNames.get(id) ?? id));
  const raters: RaterReport[] = shown.map((g, i) => {
    const e = effects[i]!;
    const d = describeCounts(g.counts);
    return {
      rater_id: raterKey(g.id),
      label: raterLabel(g.id),
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
    const d = describeCounts(poolCounts);
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
      counts: toRecord(poolCounts, scaleValues),
      shares: sharesOf(poolCounts, scaleValues),
      raters: pooledRaterIds.size,
      guideline_fit: fit(poolCounts),
    });
  }
  raters.sort((a, b) => (b.shrunk_effect ?? -Infinity) - (a.shrunk_effect ?? -Infinity));

  const orgFit = fit(orgCounts);
  let changes: ChangesReport | null = null;
  if (options.changes !== false && stages.has(before) && stages.has(after) && before !== after) {
    changes = await changesReport(connector, {
      plan, resolved, before, after, options, k, scaleValues, index, raterKey, raterLabel,
      shownRaters: new Set(shown.map((g) => g.id)),
      filtered: activeConditions(view.filter).length > 0,
    });
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
    privacy: { ...privacyBase, pooled_raters: pooledRaterIds.size, suppressed: false, reason: null, message: null },
    available,
    options: menuOptions,
  };
}

interface ChangesInput {
  plan: ViewPlan;
  resolved: { cycle: string | null; stage: RatingStage; dimension: string | null };
  before: RatingStage;
  after: RatingStage;
  options: CalibrationOptions;
  k: number;
  scaleValues: number[];
  index: PseudonymIndex | null;
  raterKey(id: string): string;
  raterLabel(id: string): string;
  shownRaters: Set<string>;
  filtered: boolean;
}

async function changesReport(connector: Connector, input: ChangesInput): Promise<ChangesReport> {
  const { plan, resolved, before, after, options, k, scaleValues, index } = input;
  // A move is shown under its rater only where that rater's row is shown and the block is not pooled.
  const shownUnder = (m: { rater_id: string; pooled: boolean }) => input.shownRaters.has(m.rater_id) && !m.pooled;
  const [moves, movers] = await Promise.all([
    calibrationMoves(connector, plan, resolved.cycle, resolved.dimension, before, after, options.changesByRater ?? false),
    bigMoves(connector, plan, resolved.cycle, resolved.dimension, before, after, 2),
  ]);
  const summary: TransitionSummary = summariseTransitions(moves, scaleValues);
  // Big movers are listed by scale steps, not points: keep those two steps apart.
  const position = new Map(summary.scale.map((v, i) => [v, i]));
  const big = movers.filter((m) => Math.abs(position.get(m.after)! - position.get(m.before)!) >= 2);
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
      person: index ? index.label(m.employee_id, 'Person') : (m.name ?? m.employee_id),
      rater: shownUnder(m) ? input.raterLabel(m.rater_id) : POOLED_RATER_ID,
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
      rater_id: id === POOLED_RATER_ID ? id : input.raterKey(id),
      label: id === POOLED_RATER_ID ? 'Pooled small teams' : input.raterLabel(id),
      before: toRecord(e.before, scaleValues),
      after: toRecord(e.after, scaleValues),
      up: e.up,
      down: e.down,
      same: e.same,
    }));
  }
  if (options.impactAttribute && (await hasTable(connector, 'person_attributes'))) {
    if (input.filtered) {
      result.adverse_impact = {
        attribute: options.impactAttribute,
        top_rating: [],
        moved_up: [],
        suppressed_groups: 0,
        withheld: 'Adverse-impact figures are shown for the whole organisation only: a filtered view could be subtracted from it.',
      };
    } else {
      const top = Math.max(...scaleValues);
      const rows = await adverseImpactRows(connector, plan, resolved.cycle, resolved.dimension, options.impactAttribute, before, after, top);
      const named = rows.map((r) => ({ group: r.group ?? '(not given)', n: r.n }));
      const topRating = fourFifths(named.map((g, i) => ({ ...g, selected: rows[i]!.top })), k);
      const movedUp = fourFifths(named.map((g, i) => ({ ...g, selected: rows[i]!.up })), k);
      result.adverse_impact = {
        attribute: options.impactAttribute,
        top_rating: topRating.groups,
        moved_up: movedUp.groups,
        suppressed_groups: topRating.suppressed_groups,
        withheld: null,
      };
    }
  }
  return result;
}
