/**
 * calibrationReport: one call from filters to everything a calibration view or `plumb stats` shows.
 * The statistics are computed in the database (rater-statistics.ts); only the rows drawn come back.
 */
import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { queryRows } from '../connector.js';
import { sharesOf, type ValueCounts } from '../stats/descriptive.js';
import { chiSquareSf } from '../stats/chi-square.js';
import { chiSquareGoodnessOfFit, type GoodnessOfFit } from '../stats/goodness-of-fit.js';
import { summariseTransitions, type TransitionSummary } from '../stats/transitions.js';
import { fourFifths, type ImpactGroup } from '../stats/adverse-impact.js';
import { derived } from '../queries/derived.js';
import { hasSessions } from '../session/relation.js';
import { chainOf, hierarchiesFor } from '../queries/hierarchy.js';
import { DEFAULT_MIN_GROUP, type PrivacyOptions } from '../queries/options.js';
import { pseudonymIndex, type PseudonymIndex } from '../privacy/pseudonym-index.js';
import { POOLED_RATER_ID, type CalibrationFilter, type RatingStage } from './filters.js';
import { calibrationPeople, hasTable, isCompetency, ratingCounts } from './aggregates.js';
import { activeConditions, type ViewFilter } from './privacy.js';
import type { FlagOptions, RaterFlag } from './rater-statistics.js';
import {
  adverseImpactRows,
  bigMoves,
  calibrationMoves,
  calibrationOverview,
  ratingMeasure,
  ratingScale,
  ratingValues,
  viewPlan,
  type CalibrationOverviewRow,
  type PlanSummary,
  type ScaleValue,
  type ViewPlan,
} from './queries.js';


export interface CalibrationOptions extends CalibrationFilter, PrivacyOptions {
  /** Replay the data as of this date (accepted for the shared vocabulary; ratings are not replayed). */
  asOf?: string | null;
  /** Accepted for the shared vocabulary (a cascade clause); calibration views filter by its team. */
  objective_id?: string;
  key_result_id?: string;
  /** Stage compared as "before" and "after" (defaults manager → calibrated, else final). */
  before?: RatingStage;
  after?: RatingStage;
  /**
   * Most rater rows returned (the most lenient and most severe halves, the pool counting toward it):
   * what a chart draws. Null or absent: every rater (the CLI's statistics).
   */
  maxRaters?: number | null;
  /**
   * With `maxRaters` unset: every rater is listed only when the list has at most this many rows; else none is (its
   * length is still `shown_raters`). A server's bound (`plumb serve`'s `maxRows`): one run, no probe first.
   */
  raterListLimit?: number | null;
  /** Per-rater before/after counts of the raters returned (costs one more aggregate). Default false. */
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
  /** The rows drawn: every rater, or the `maxRaters` most lenient and most severe (see `shown_raters`), the pool last. */
  raters: RaterReport[];
  /** Rows the full list has (shown raters, and the pool when shown); more than `raters.length` when cut to `maxRaters`. */
  shown_raters: number;
  /** Per flag, over every shown rater (returned or not): how many, and their mean shrunk effect. */
  flagged: Record<'lenient' | 'severe' | 'central' | 'halo', { raters: number; mean_shrunk_effect: number | null }>;
  org: { n: number; mean: number | null; sd: number | null; counts: Record<string, number>; shares: number[]; raters: number };
  /** Kruskal–Wallis H across raters (midranks, tie-corrected), its degrees of freedom and p. */
  kruskal_wallis: { h: number; df: number; p: number } | null;
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
  }, { reads: CALIBRATION_TABLES });
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

/** The unfiltered report's privacy plan (its measure as `calibrationReport` asks it), decided into a table on a server (`markServed`). */
export async function decideDefaultReportPlan(connector: Connector, k: number): Promise<void> {
  const [available, view, counts] = await Promise.all([calibrationOverview(connector), viewContext(connector, { minGroup: k }), ratingCounts(connector, k)]);
  const resolved = resolveFilter(available, {});
  await viewPlan(connector, k, resolved.cycle, [ratingMeasure(counts, resolved.cycle, resolved.stage, resolved.dimension)], view.filter, { shared: true });
}

export async function calibrationReport(connector: Connector, options: CalibrationOptions = {}): Promise<CalibrationReport> {
  // The statistics' SQL (4.5 kB gzipped) is a chunk of its own, fetched while the first queries run:
  // a page that draws no distribution never downloads it.
  const statistics = import('./rater-statistics.js');
  const [available, view] = await Promise.all([calibrationOverview(connector), viewContext(connector, options)]);
  const { k, index } = view;
  const resolved = resolveFilter(available, options);
  // What was asked (a server's own bound on the list is not part of it).
  const { raterListLimit: _bound, ...asked } = options;
  const filter: CalibrationFilter = { ...asked, ...resolved };
  const stages = new Set(available.filter((r) => r.cycle_id === resolved.cycle).map((r) => r.stage));
  const before = options.before ?? 'manager';
  const after = options.after ?? (stages.has('calibrated') ? 'calibrated' : 'final');

  const [counts, session] = await Promise.all([ratingCounts(connector, k), hasSessions(connector)]);
  const [scaleRows, given, menuOptions, plan] = await Promise.all([
    ratingScale(connector, resolved.cycle),
    ratingValues(connector, resolved.cycle, resolved.stage, resolved.dimension),
    calibrationMenus(connector, resolved.cycle),
    viewPlan(connector, k, resolved.cycle, [ratingMeasure(counts, resolved.cycle, resolved.stage, resolved.dimension)], view.filter, {
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
  const hasCompetencies = available.some((a) => a.cycle_id === resolved.cycle && a.stage === resolved.stage && isCompetency(a.dimension));
  const { raterStatistics } = await statistics;
  const stats = await raterStatistics(connector, plan, resolved.cycle, resolved.stage, resolved.dimension, scaleValues, {
    halo: options.halo !== false && hasCompetencies,
    flags: options.flags,
    maxRaters: options.maxRaters ?? null,
    listLimit: options.raterListLimit ?? null,
  });
  const { summary } = stats;

  const emptyOrg = { n: 0, mean: null, sd: null, counts: toRecord(new Map(), scaleValues), shares: scaleValues.map(() => 0), raters: 0 };
  const privacyBase = { min_group: k, excluded_people: summary.excluded_people, cut_people: summary.cut_people, pooled_raters: 0 };
  const withheld = (reason: WithheldReason): CalibrationReport => ({
    filter: { ...filter, ...resolved },
    scale,
    raters: [],
    shown_raters: 0,
    flagged: noneFlagged,
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
  // A one-person selection shows no group figure at all.
  if (view.personSelected) return withheld('person');
  const reason = withheldReason(summary, k, false);
  const org = stats.org;
  if (reason && org.n === 0) return withheld(reason);
  if (org.n > 0 && org.n < k) return withheld('too-few');

  const valueCounts = (c: readonly number[]) => new Map(scaleValues.map((v, i) => [v, c[i]!] as const).filter(([, n]) => n > 0));
  const guidelineShares = scale.map((s) => s.guideline_share ?? 0);
  const hasGuideline = guidelineShares.some((s) => s > 0);
  const fit = (c: readonly number[]) => (hasGuideline ? chiSquareGoodnessOfFit(c, guidelineShares) : null);

  const raterKey = (id: string) => (index ? index.code(id) : id);
  const raterLabel = (id: string, name: string | null) => (index ? index.label(id, 'Manager') : (options.raterNames?.get(id) ?? name ?? id));
  const names = new Map(stats.rows.filter((r) => r.rater_id !== null).map((r) => [r.rater_id!, r.rater_name]));
  const raters: RaterReport[] = stats.rows.map((r) => {
    const vc = valueCounts(r.counts);
    const common = {
      n: r.n,
      mean: r.mean,
      sd: r.sd,
      effect: r.effect,
      counts: toRecord(vc, scaleValues),
      shares: sharesOf(vc, scaleValues),
      guideline_fit: fit(r.counts),
    };
    if (r.is_pool) {
      return {
        ...common,
        rater_id: POOLED_RATER_ID,
        label: `Pooled: ${stats.pooled_raters} small team${stats.pooled_raters === 1 ? '' : 's'}`,
        // A pool is not a rater: no shrunk effect, no flags about a person.
        shrunk_effect: null,
        ci_low: null,
        ci_high: null,
        flags: ['pooled'],
        raters: stats.pooled_raters,
      };
    }
    const flags: RaterReport['flags'] = r.too_few
      ? ['too_few']
      : (['lenient', 'severe', 'central', 'halo'] as const).filter((f) => r[f]);
    return {
      ...common,
      rater_id: raterKey(r.rater_id!),
      label: raterLabel(r.rater_id!, r.rater_name),
      shrunk_effect: r.shrunk_effect,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      flags,
      raters: 1,
    };
  });

  const orgFit = fit(org.counts);
  let changes: ChangesReport | null = null;
  if (options.changes !== false && stages.has(before) && stages.has(after) && before !== after) {
    changes = await changesReport(connector, {
      plan, resolved, before, after, options, k, scaleValues, index, raterKey,
      raterLabel: (id) => raterLabel(id, names.get(id) ?? null),
      drawnRaters: stats.rows.filter((r) => !r.is_pool).map((r) => r.rater_id!),
      filtered: activeConditions(view.filter).length > 0,
    });
  }

  const orgCounts = valueCounts(org.counts);
  return {
    filter: { ...filter, ...resolved },
    scale,
    raters,
    shown_raters: stats.shown_raters + (stats.pool_shown ? 1 : 0),
    flagged: stats.flagged,
    org: { n: org.n, mean: org.mean, sd: org.sd, counts: toRecord(orgCounts, scaleValues), shares: sharesOf(orgCounts, scaleValues), raters: org.raters },
    kruskal_wallis: stats.kruskal_wallis
      ? { h: stats.kruskal_wallis.h, df: stats.kruskal_wallis.df, p: chiSquareSf(stats.kruskal_wallis.h, stats.kruskal_wallis.df) }
      : null,
    guideline_chi_square: orgFit
      ? { statistic: orgFit.statistic, df: orgFit.df, p: orgFit.p, valid: orgFit.valid, reason: orgFit.reason }
      : null,
    icc1: stats.anova?.icc1 ?? null,
    variance: stats.anova ? { within: stats.anova.within, between: stats.anova.between } : null,
    changes,
    privacy: { ...privacyBase, pooled_raters: stats.pooled_raters, suppressed: false, reason: null, message: null },
    available,
    options: menuOptions,
  };
}

const noneFlagged: CalibrationReport['flagged'] = {
  lenient: { raters: 0, mean_shrunk_effect: null },
  severe: { raters: 0, mean_shrunk_effect: null },
  central: { raters: 0, mean_shrunk_effect: null },
  halo: { raters: 0, mean_shrunk_effect: null },
};

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
  raterLabel(id: string, name?: string | null): string;
  /** The raters the view draws (their moves are broken down when asked). */
  drawnRaters: string[];
  filtered: boolean;
}

async function changesReport(connector: Connector, input: ChangesInput): Promise<ChangesReport> {
  const { plan, resolved, before, after, options, k, scaleValues, index } = input;
  const [moves, movers, byRater] = await Promise.all([
    calibrationMoves(connector, plan, resolved.cycle, resolved.dimension, before, after, null),
    bigMoves(connector, plan, resolved.cycle, resolved.dimension, before, after, 2),
    // Per rater only for the raters drawn, the pool's together (a move in a pooled block is never shown under its rater).
    options.changesByRater ? calibrationMoves(connector, plan, resolved.cycle, resolved.dimension, before, after, input.drawnRaters) : [],
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
      rater: m.pooled ? POOLED_RATER_ID : input.raterLabel(m.rater_id, m.rater_name),
      before: m.before,
      after: m.after,
    })),
  };
  if (options.changesByRater) {
    const per = new Map<string, { before: Map<number, number>; after: Map<number, number>; up: number; down: number; same: number }>();
    for (const m of byRater) {
      const id = m.pooled || m.rater_id === null ? POOLED_RATER_ID : m.rater_id;
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
