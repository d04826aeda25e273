import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { PlumbError } from '../diagnostics.js';
import type { SqlParam } from '../sql.js';
import { derived } from '../queries/derived.js';
import { groupNames, labelSql, ruleHits, seriesTables, type SeriesTables } from './series-table.js';
import { chainOf, descendantsOf, inReportsOf, inTeamSubtree, managerHierarchy, teamHierarchy, type Hierarchy } from '../queries/hierarchy.js';
import { withheldKeyResults } from '../privacy/okr-plan.js';
import {
  DEFAULT_RULE_WEEK,
  DEFAULT_RULES,
  DEFAULT_THRESHOLD,
  resolveRule,
  ruleMessage,
  type BurndownRule,
  type CustomRule,
  type ResolvedRule,
} from './rules.js';
import { RULE_LABELS } from './rule-labels.js';
import { BURNDOWN_GROUP_BYS } from './types.js';
import type {
  BurndownAlert,
  BurndownCycle,
  BurndownFilter,
  BurndownGroupBy,
  BurndownResult,
  GroupSeries,
  GroupWeek,
  KeyResultSeries,
  SeriesPoint,
} from './types.js';
import { cycleWeeks, weekOfDate } from './weeks.js';

export interface BurndownOptions extends BurndownFilter {
  /** Cycle to show; default the OKR cycle containing `asOf`, else the latest one. */
  cycle?: string;
  /** Default `cycle` (one group: everything selected). */
  by?: BurndownGroupBy;
  /** Confidence (0–1) strictly below which a key result counts as below. Default 0.5. */
  threshold?: number;
  /** The week from which the below-threshold rule applies. Default 4. */
  ruleWeek?: number;
  /** ISO date the view is as of. Default today (UTC). */
  asOf?: string;
  /** Rules to run; default `DEFAULT_RULES`. Pass `[...DEFAULT_RULES, myRule]` to add one. */
  rules?: readonly BurndownRule[];
  /** Return per key result series when at most this many key results are covered. Default 50. */
  seriesLimit?: number;
  /** Keep at most this many alerts (earliest weeks first). Default 500. */
  alertLimit?: number;
  /**
   * The cycle's weekly series and rule hits are built once per data version (every load or insert
   * through core moves it) and shared by later calls. Pass another value here only when the data
   * changed behind core's back (tables written directly on an embedder's connector).
   */
  cacheKey?: string | number;
  /** Distributions to compute per group and week; default both (skip one to save time at scale). */
  measures?: readonly ('confidence' | 'progress')[];
  /**
   * Suppress every group whose key results have fewer distinct owners than this (`suppressed: true`,
   * no weeks): the minimum group of an anonymized view. Default: none suppressed.
   */
  minGroupOwners?: number;
}

export interface BurndownCycleRow {
  cycle_id: string;
  name: string | null;
  kind: string | null;
  start_date: string | null;
  end_date: string | null;
  key_results: number;
}

/** The cycles key results can be drawn for, newest first, with how many key results each has. */
export async function burndownCycles(connector: Connector): Promise<BurndownCycleRow[]> {
  return queryRows<BurndownCycleRow>(
    connector,
    `SELECT c.cycle_id, c.name, c.kind, c.start_date, c.end_date,
        (SELECT count(*) FROM key_results kr JOIN objectives o ON o.objective_id = kr.objective_id
          WHERE o.cycle_id = c.cycle_id)::DOUBLE AS key_results
      FROM cycles c WHERE c.kind IS NULL OR c.kind = 'okr'
      ORDER BY c.start_date DESC NULLS LAST, c.cycle_id`,
  );
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The cycle list, once per data version (and `extraKey`, see `BurndownOptions.cacheKey`). */
function cachedCycles(connector: Connector, extraKey: string | number | undefined): Promise<BurndownCycleRow[]> {
  return derived(connector, `burndown:cycles:${JSON.stringify(extraKey ?? null)}`, () => burndownCycles(connector));
}

async function chooseCycle(
  connector: Connector,
  cycleId: string | undefined,
  asOf: string,
  cacheKey: string | number | undefined,
): Promise<BurndownCycle> {
  const cycles = await cachedCycles(connector, cacheKey);
  let row: BurndownCycleRow | undefined;
  if (cycleId !== undefined) {
    row = cycles.find((c) => c.cycle_id === cycleId);
    if (!row) {
      throw new PlumbError(`No OKR cycle "${cycleId}". Known cycles: ${cycles.map((c) => c.cycle_id).join(', ') || 'none'}.`);
    }
  } else {
    const withKrs = cycles.filter((c) => c.key_results > 0 && c.start_date);
    row =
      withKrs.find((c) => c.start_date! <= asOf && (c.end_date == null || asOf <= c.end_date)) ??
      withKrs[0] ??
      cycles.find((c) => c.start_date);
    if (!row) throw new PlumbError('No OKR cycle with a start date to draw a burn-down for.');
  }
  if (!row.start_date) throw new PlumbError(`Cycle "${row.cycle_id}" has no start_date, so its weeks are unknown.`);
  const weeks = cycleWeeks(row.start_date, row.end_date);
  const current = weekOfDate(row.start_date, weeks, asOf);
  return {
    cycle_id: row.cycle_id,
    name: row.name,
    start_date: row.start_date,
    end_date: weeks[weeks.length - 1]!.end,
    weeks,
    as_of: asOf,
    current_week: current,
    last_week: Math.min(current, weeks.length),
  };
}

const GROUP_COLUMNS: Record<BurndownGroupBy, { id: string; name: string }> = {
  key_result: { id: 'key_result_id', name: 'coalesce(title, key_result_id)' },
  objective: { id: 'objective_id', name: 'coalesce(objective_title, objective_id)' },
  team: { id: 'team_id', name: "coalesce(team_name, team_id, '(no team)')" },
  department: { id: 'department', name: "coalesce(department, '(no department)')" },
  cycle: { id: 'NULL::VARCHAR', name: "'All key results'" },
};

/** Above this many teams under a selected team, the filter joins the tree table instead of listing ids. */
const MAX_LISTED_TEAMS = 200;

type Filter = { where: string; params: SqlParam[] };

/**
 * WHERE clause (over columns the `krs` and hits tables both have) for the covered key
 * results. Kept plain (no CTEs, no joins for small teams): in DuckDB-WASM planning a query costs more
 * than running it over these tables.
 */
function filterSql(filter: BurndownFilter, tree: Hierarchy | null): Filter {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (filter.key_result_ids?.length) {
    parts.push(`key_result_id IN (${filter.key_result_ids.map(() => '?').join(', ')})`);
    params.push(...filter.key_result_ids);
  }
  if (filter.objective_id !== undefined) {
    parts.push('objective_id = ?');
    params.push(filter.objective_id);
  }
  if (filter.team_id !== undefined) {
    const teams = tree ? [filter.team_id, ...descendantsOf(tree, filter.team_id)] : [filter.team_id];
    if (tree && teams.length > MAX_LISTED_TEAMS) {
      parts.push(inTeamSubtree('team_id'));
      params.push(filter.team_id);
    } else {
      parts.push(teams.length === 1 ? 'team_id = ?' : `team_id IN (${teams.map(() => '?').join(', ')})`);
      params.push(...teams);
    }
  }
  if (filter.department !== undefined) {
    parts.push('department = ?');
    params.push(filter.department);
  }
  if (filter.person_id !== undefined) {
    parts.push('owner_id = ?');
    params.push(filter.person_id);
  }
  if (filter.manager_id !== undefined) {
    parts.push(inReportsOf('owner_id'));
    params.push(filter.manager_id);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The enabled built-in rules of `rules`, resolved at the threshold and rule week. */
function builtInRules(rules: readonly BurndownRule[], threshold: number, ruleWeek: number): ResolvedRule[] {
  return rules
    .filter((r): r is Exclude<BurndownRule, CustomRule> => r.kind !== 'custom' && r.enabled !== false)
    .map((r) => resolveRule(r, { threshold, ruleWeek }));
}

/**
 * The burn-down's pre-aggregate, built right after a load: the tables a burn-down with the default
 * cycle, as-of date and rules counts from (the series, the rules' hits). Only those: the view's own
 * final queries (its groups, lines and alerts, for its options) run once, when it asks.
 */
export async function prepareBurndown(connector: Connector): Promise<void> {
  const cycle = await chooseCycle(connector, undefined, todayIso(), undefined);
  await Promise.all([
    seriesTables(connector, cycle),
    ruleHits(connector, cycle, builtInRules(DEFAULT_RULES, DEFAULT_THRESHOLD, DEFAULT_RULE_WEEK)),
  ]);
}

/**
 * The burn-down of a cycle: weeks, aggregated series per group (median,
 * inter-quartile band, share below the threshold, in DuckDB), per key result
 * series for small sets, and the alerts of the at-risk rules.
 */
export async function burndown(connector: Connector, options: BurndownOptions = {}): Promise<BurndownResult> {
  const by = options.by ?? 'cycle';
  if (!BURNDOWN_GROUP_BYS.includes(by)) throw new RangeError(`by must be one of ${BURNDOWN_GROUP_BYS.join(', ')}; got "${String(by)}"`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ruleWeek = options.ruleWeek ?? DEFAULT_RULE_WEEK;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new RangeError(`threshold must be 0–1, got ${threshold}`);
  if (!Number.isInteger(ruleWeek) || ruleWeek < 1) throw new RangeError(`rule week must be a whole number ≥ 1, got ${ruleWeek}`);
  const rules = options.rules ?? DEFAULT_RULES;
  const builtIn = builtInRules(rules, threshold, ruleWeek);
  const custom = rules.filter((r): r is CustomRule => r.kind === 'custom' && r.enabled !== false);
  const asOf = options.asOf ?? todayIso();
  const cycle = await chooseCycle(connector, options.cycle, asOf, options.cacheKey);

  const [tables, hits, tree] = await Promise.all([
    seriesTables(connector, cycle, options.cacheKey),
    ruleHits(connector, cycle, builtIn, options.cacheKey),
    options.team_id !== undefined && options.includeSubTeams ? teamHierarchy(connector) : null,
    options.manager_id !== undefined ? managerHierarchy(connector) : null,
  ]);
  const filter = filterSql(options, tree);
  // One round trip for the size of the selection and its hits per rule (-1: the key results).
  const counted = await queryRows<{ rule_index: number; n: number; after: number }>(
    connector,
    `SELECT -1 AS rule_index, count(*)::DOUBLE AS n, coalesce(sum(after_cycle), 0)::DOUBLE AS after FROM ${tables.krs} ${filter.where}
    UNION ALL SELECT rule_index, count(*)::DOUBLE AS n, 0::DOUBLE AS after FROM ${hits.hits} ${filter.where} GROUP BY rule_index`,
    [...filter.params, ...filter.params],
  );
  const counts = counted.find((r) => r.rule_index === -1) ?? { n: 0, after: 0 };
  const alertCounts: Record<string, number> = {};
  for (const r of builtIn) alertCounts[r.id] = 0;
  for (const row of counted) if (row.rule_index >= 0 && row.rule_index !== null) alertCounts[builtIn[row.rule_index]!.id] = row.n;
  const anyHits = counted.some((r) => r.rule_index >= 0 && r.n > 0);
  const measures = options.measures ?? ['confidence', 'progress'];
  const [groups, keyResultSeries, alerts] = await Promise.all([
    by === 'cycle' && filter.where === ''
      ? wholeCycleSeries(connector, tables, threshold)
      : groupSeries(connector, tables, filter, by, threshold, measures),
    counts.n <= (options.seriesLimit ?? 50) ? perKeyResultSeries(connector, tables, filter) : Promise.resolve(null),
    anyHits ? builtInAlerts(connector, hits.hits, filter, builtIn, options.alertLimit ?? 500) : Promise.resolve([]),
  ]);
  let series = keyResultSeries;
  let shownAlerts = alerts;
  let withheldCount: number | undefined;
  if (options.minGroupOwners !== undefined && options.minGroupOwners > 1) {
    const plan = await privacyPlan(connector, tables.krs, filter, options, tree, by, options.minGroupOwners);
    for (const g of groups) {
      if (!plan.suppressed.has(g.group_id)) continue;
      g.suppressed = true;
      g.weeks = [];
    }
    // No line or alert of a key result the plan withholds (its team is small, or its group is hidden).
    series = keyResultSeries?.filter((s) => !plan.withheld.has(s.key_result_id)) ?? null;
    shownAlerts = alerts.filter((a) => !plan.withheld.has(a.key_result_id));
    withheldCount = plan.withheld.size;
  }
  if (series) {
    for (const rule of custom) {
      alertCounts[rule.id] = 0;
      for (const s of series) {
        const hit = rule.evaluate(s, { cycle, threshold });
        if (!hit) continue;
        alertCounts[rule.id]!++;
        shownAlerts.push({
          rule: rule.id,
          rule_label: rule.label,
          key_result_id: s.key_result_id,
          key_result_title: s.title,
          owner_id: s.owner_id,
          owner_name: s.owner_name,
          objective_id: s.objective_id,
          team_id: s.team_id,
          department: s.department,
          week: hit.week,
          values: hit.values ?? {},
          message: hit.message ?? `${rule.label} in week ${hit.week}.`,
        });
      }
    }
    shownAlerts.sort((a, b) => a.week - b.week || a.rule.localeCompare(b.rule) || a.key_result_id.localeCompare(b.key_result_id));
  }
  return {
    cycle,
    by,
    threshold,
    rule_week: ruleWeek,
    key_results: counts.n,
    groups,
    series,
    alerts: shownAlerts.slice(0, options.alertLimit ?? 500),
    ...(withheldCount !== undefined ? { withheld_key_results: withheldCount } : {}),
    alert_counts: alertCounts,
    check_ins_after_cycle: counts.after,
    custom_rules_skipped: custom.length > 0 && !keyResultSeries,
  };
}

/**
 * The burn-down's part of the one suppression plan (issue 17), at min-group k:
 * 1. a group whose key results have fewer than k distinct owners is hidden, and so is a team,
 *    objective or key-result group all of whose key results the shared OKR rule withholds
 *    (`privacy/okr-plan.ts`: the cascade withholds that team's numbers too);
 * 2. complementary suppression: the hidden groups together must have 0 or ≥ k owners, or the total
 *    (a broader view, or the same selection grouped by cycle) minus the shown groups would give them
 *    back — the smallest shown groups are hidden too until they do;
 * 3. a team filter means a subtree: for every team above it, the key results of that team's subtree
 *    outside this one must have 0 or ≥ k owners, or the broader view minus this one recovers them —
 *    otherwise every group of this view is hidden;
 * 4. no per-key-result line or alert of a withheld key result or of a key result in a hidden group.
 */
async function privacyPlan(
  connector: Connector,
  krs: string,
  filter: Filter,
  options: BurndownFilter,
  tree: Hierarchy | null,
  by: BurndownGroupBy,
  k: number,
): Promise<{ suppressed: Set<string | null>; withheld: Set<string> }> {
  const [rows, rule] = await Promise.all([
    queryRows<{ group_id: string | null; owner_id: string | null; key_result_id: string }>(
      connector,
      `SELECT ${GROUP_COLUMNS[by].id} AS group_id, owner_id, key_result_id FROM ${krs} ${filter.where}`,
      filter.params,
    ),
    withheldKeyResults(connector, k),
  ]);
  const groups = new Map<string | null, { owners: Set<string>; krs: string[] }>();
  for (const r of rows) {
    let g = groups.get(r.group_id);
    if (!g) groups.set(r.group_id, (g = { owners: new Set(), krs: [] }));
    if (r.owner_id != null) g.owners.add(r.owner_id);
    g.krs.push(r.key_result_id);
  }
  const suppressed = new Set<string | null>();
  // A team, objective or key result group of withheld key results is what the cascade withholds too;
  // a cycle or department total over ≥ k owners is shown (as the cascade shows company roll-ups).
  const byUnit = by === 'team' || by === 'objective' || by === 'key_result';
  for (const [id, g] of groups) if (g.owners.size < k || (byUnit && g.krs.every((kr) => rule.has(kr)))) suppressed.add(id);
  const hiddenOwners = () => new Set([...suppressed].flatMap((id) => [...groups.get(id)!.owners]));
  if (suppressed.size > 0) {
    const shown = [...groups].filter(([id]) => !suppressed.has(id)).sort((a, b) => a[1].owners.size - b[1].owners.size || String(a[0]).localeCompare(String(b[0])));
    while (hiddenOwners().size < k && shown.length) suppressed.add(shown.shift()![0]);
  }
  if (options.team_id !== undefined && tree && suppressed.size < groups.size) {
    for (const ancestor of chainOf(tree, options.team_id).slice(0, -1)) {
      const broader = filterSql({ ...options, team_id: ancestor }, tree);
      const [outside] = await queryRows<{ owners: number; krs: number }>(
        connector,
        `SELECT count(DISTINCT owner_id)::DOUBLE AS owners, count(*)::DOUBLE AS krs FROM ${krs}
          ${broader.where ? `${broader.where} AND` : 'WHERE'} NOT (${inTeamSubtree('team_id')})`,
        [...broader.params, options.team_id],
      );
      if (outside && outside.krs > 0 && outside.owners < k) {
        for (const id of groups.keys()) suppressed.add(id);
        break;
      }
    }
  }
  const withheld = new Set(rows.filter((r) => rule.has(r.key_result_id) || suppressed.has(r.group_id)).map((r) => r.key_result_id));
  return { suppressed, withheld };
}

interface GroupWeekRow extends GroupWeek {
  group_id: string | null;
}

/** Byte order of two strings, as DuckDB's ORDER BY on VARCHAR (so the CLI's output keeps its order). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function groupSeries(
  connector: Connector,
  tables: SeriesTables,
  filter: Filter,
  by: BurndownGroupBy,
  threshold: number,
  measures: readonly ('confidence' | 'progress')[],
): Promise<GroupSeries[]> {
  const group = GROUP_COLUMNS[by];
  const quartiles = (measure: 'confidence' | 'progress'): string =>
    measures.includes(measure) ? `quantile_cont(${measure}, [0.25, 0.5, 0.75])` : 'NULL::DOUBLE[]';
  const [names, rows] = await Promise.all([
    groupNames(connector, tables, group),
    queryRows<GroupWeekRow>(
      connector,
      `SELECT group_id, week, key_results, with_confidence,
        cq[1] AS confidence_q1, cq[2] AS confidence_median, cq[3] AS confidence_q3, below,
        with_progress, pq[1] AS progress_q1, pq[2] AS progress_median, pq[3] AS progress_q3,
        expected_median, behind, checked
      FROM (SELECT group_id, week,
        count(*)::DOUBLE AS key_results,
        count(confidence)::DOUBLE AS with_confidence,
        ${quartiles('confidence')} AS cq,
        (count(*) FILTER (WHERE confidence < ?))::DOUBLE AS below,
        count(progress)::DOUBLE AS with_progress,
        ${quartiles('progress')} AS pq,
        median(expected) AS expected_median,
        (count(*) FILTER (WHERE progress < expected))::DOUBLE AS behind,
        (count(*) FILTER (WHERE checked))::DOUBLE AS checked
      FROM ${tables.series} s JOIN (SELECT kr_index, ${group.id} AS group_id FROM ${tables.krs} ${filter.where}) k
        ON k.kr_index = s.kr_index GROUP BY ALL)`,
      [threshold, ...filter.params],
    ),
  ]);
  const groups = new Map<string | null, GroupSeries>();
  for (const { group_id, ...week } of rows) {
    let g = groups.get(group_id);
    if (!g) groups.set(group_id, (g = { group_id, group_name: names.get(group_id) ?? group_id ?? '', key_results: week.key_results, weeks: [] }));
    week.share_below = week.with_confidence > 0 ? week.below / week.with_confidence : null;
    g.weeks.push(week);
  }
  const out = [...groups.values()];
  for (const g of out) g.weeks.sort((a, b) => a.week - b.week);
  // ORDER BY group_name, group_id (NULLS LAST), as the query did.
  return out.sort((a, b) => byName(a.group_name, b.group_name) || (a.group_id === null ? 1 : b.group_id === null ? -1 : byName(a.group_id, b.group_id)));
}

/**
 * The unfiltered organisation: everything but the count below the threshold from the cycle's precomputed weekly
 * table, that count from its per-week confidence counts (no pass over the series).
 * Same rows as `groupSeries(…, 'cycle', …)` (tested equal).
 */
async function wholeCycleSeries(connector: Connector, tables: SeriesTables, threshold: number): Promise<GroupSeries[]> {
  const rows = await queryRows<GroupWeek>(
    connector,
    `SELECT w.week, w.key_results, w.with_confidence, w.confidence_q1, w.confidence_median, w.confidence_q3,
      coalesce(b.below, 0)::DOUBLE AS below, w.with_progress, w.progress_q1, w.progress_median, w.progress_q3,
      w.expected_median, w.behind, w.checked
    FROM ${tables.cycleWeeks} w LEFT JOIN (SELECT week, sum(n) AS below FROM ${tables.confidenceCounts} WHERE confidence < ? GROUP BY week) b
      ON b.week = w.week
    ORDER BY w.week`,
    [threshold],
  );
  if (rows.length === 0) return [];
  return [
    {
      group_id: null,
      group_name: 'All key results',
      // Every key result has a row in every week.
      key_results: rows[0]!.key_results,
      weeks: rows.map((week) => ({
        ...week,
        share_below: week.with_confidence > 0 ? week.below / week.with_confidence : null,
      })),
    },
  ];
}

/** One row of the per-key-result query: the key result's identity and one week's point. */
type SeriesRow = Omit<KeyResultSeries, 'points'> & Omit<SeriesPoint, 'expected_source'> & { expected_planned: boolean };

async function perKeyResultSeries(connector: Connector, tables: SeriesTables, filter: Filter): Promise<KeyResultSeries[]> {
  const label = labelSql(tables, 'f');
  const rows = await queryRows<SeriesRow>(
    connector,
    `SELECT k.key_result_id, k.title, k.owner_id, k.owner_name, k.objective_id, k.objective_title, k.team_id, k.team_name, k.department,
      f.week, f.confidence, ${label.raw} AS confidence_raw, ${label.scale} AS confidence_scale, f.progress, f.expected, f.expected_planned,
      f.checked, NOT f.checked AND f.confidence IS NOT NULL AS carried, f.silent_weeks
    FROM (SELECT * FROM ${tables.krs} ${filter.where}) k JOIN ${tables.series} f ON f.kr_index = k.kr_index ${label.joins}
    ORDER BY coalesce(k.title, k.key_result_id), k.key_result_id, f.week`,
    filter.params,
  );
  const out = new Map<string, KeyResultSeries>();
  for (const r of rows) {
    let s = out.get(r.key_result_id);
    if (!s) {
      out.set(
        r.key_result_id,
        (s = {
          key_result_id: r.key_result_id, title: r.title, owner_id: r.owner_id, owner_name: r.owner_name,
          objective_id: r.objective_id, objective_title: r.objective_title, team_id: r.team_id, team_name: r.team_name,
          department: r.department,
          points: [],
        }),
      );
    }
    const point: SeriesPoint = {
      week: r.week, confidence: r.confidence, confidence_raw: r.confidence_raw, confidence_scale: r.confidence_scale,
      progress: r.progress, expected: r.expected, expected_source: r.expected_planned ? 'planned' : 'linear',
      checked: r.checked, carried: r.carried, silent_weeks: r.silent_weeks,
    };
    s.points.push(point);
  }
  return [...out.values()];
}

interface HitRow {
  rule_index: number;
  key_result_id: string;
  title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  objective_id: string;
  team_id: string | null;
  department: string | null;
  week: number;
  confidence: number | null;
  confidence_raw: string | null;
  previous_confidence: number | null;
  progress: number | null;
  expected: number | null;
  silent_weeks: number | null;
  variant: string | null;
}

/** The first `limit` hits (earliest weeks first) of the covered key results, described. */
async function builtInAlerts(connector: Connector, hits: string, filter: Filter, rules: ResolvedRule[], limit: number): Promise<BurndownAlert[]> {
  const rows = await queryRows<HitRow>(
    connector,
    `SELECT rule_index, key_result_id, title, owner_id, owner_name, objective_id, team_id, department,
      week, confidence, confidence_raw, previous_confidence, progress, expected, silent_weeks, variant
    FROM ${hits} ${filter.where}
    ORDER BY week, rule_index, key_result_id LIMIT ?`,
    [...filter.params, limit],
  );
  return rows.map((r): BurndownAlert => {
    const rule = rules[r.rule_index]!;
    const values: BurndownAlert['values'] = {
      confidence: r.confidence,
      confidence_raw: r.confidence_raw,
      previous_confidence: r.previous_confidence,
      progress: r.progress,
      expected: r.expected,
      silent_weeks: r.silent_weeks,
    };
    if (rule.kind === 'below-threshold') values.threshold = rule.threshold;
    if (r.variant) values.variant = r.variant;
    return {
      rule: rule.id,
      rule_label: RULE_LABELS[rule.kind],
      key_result_id: r.key_result_id,
      key_result_title: r.title,
      owner_id: r.owner_id,
      owner_name: r.owner_name,
      objective_id: r.objective_id,
      team_id: r.team_id,
      department: r.department,
      week: r.week,
      values,
      message: ruleMessage(rule, r),
    };
  });
}
