import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { PlumbError } from '../diagnostics.js';
import { quoteIdentifier, type SqlParam } from '../sql.js';
import { keyResultProgressSql } from './progress-sql.js';
import {
  DEFAULT_RULE_WEEK,
  DEFAULT_RULES,
  DEFAULT_THRESHOLD,
  RULE_LABELS,
  resolveRule,
  ruleMessage,
  ruleSql,
  type BurndownRule,
  type CustomRule,
  type ResolvedRule,
} from './rules.js';
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
  cycleId?: string;
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

async function chooseCycle(connector: Connector, cycleId: string | undefined, asOf: string): Promise<BurndownCycle> {
  const cycles = await burndownCycles(connector);
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
  key_result: { id: 'k.key_result_id', name: "coalesce(k.title, k.key_result_id)" },
  objective: { id: 'k.objective_id', name: "coalesce(k.objective_title, k.objective_id)" },
  team: { id: 'k.team_id', name: "coalesce(k.team_name, k.team_id, '(no team)')" },
  department: { id: 'k.department', name: "coalesce(k.department, '(no department)')" },
  cycle: { id: 'NULL::VARCHAR', name: "'All key results'" },
};

/**
 * The weekly series of every covered key result as SQL: `krs` (the key
 * results), `ci` (their check-ins with week numbers), and `filled` (one row
 * per key result and week 1…last_week, values carried forward with window
 * functions). Returns the SQL with `?` parameters in textual order.
 */
function seriesSql(cycle: BurndownCycle, filter: BurndownFilter, by: BurndownGroupBy): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const p = (v: SqlParam): string => {
    params.push(v);
    return '?';
  };
  const where: string[] = [`o.cycle_id = ${p(cycle.cycle_id)}`];
  if (filter.keyResultIds?.length) where.push(`kr.key_result_id IN (${filter.keyResultIds.map((id) => p(id)).join(', ')})`);
  if (filter.objectiveId !== undefined) where.push(`kr.objective_id = ${p(filter.objectiveId)}`);
  if (filter.teamId !== undefined) where.push(`coalesce(o.team_id, owner.team_id) = ${p(filter.teamId)}`);
  if (filter.department !== undefined) where.push(`owner.department = ${p(filter.department)}`);
  const group = GROUP_COLUMNS[by];
  const progress = (value: string): string => keyResultProgressSql('k.start_value', 'k.target_value', value);
  const sql = `
    krs_base AS (
      SELECT kr.key_result_id, kr.title, kr.owner_id, owner.name AS owner_name, kr.objective_id,
        o.title AS objective_title, coalesce(o.team_id, owner.team_id) AS team_id, t.name AS team_name,
        owner.department, kr.start_value, kr.target_value
      FROM key_results kr
      JOIN objectives o ON o.objective_id = kr.objective_id
      LEFT JOIN people owner ON owner.person_id = kr.owner_id
      LEFT JOIN teams t ON t.team_id = coalesce(o.team_id, owner.team_id)
      WHERE ${where.join(' AND ')}
    ),
    krs AS (SELECT k.*, ${group.id} AS group_id, ${group.name} AS group_name FROM krs_base k),
    ci AS (
      SELECT c.key_result_id, c.checked_at,
        CASE WHEN c.checked_at < CAST(${p(cycle.start_date)} AS DATE) THEN 0
          ELSE CAST(floor(date_diff('day', CAST(${p(cycle.start_date)} AS DATE), c.checked_at) / 7) AS INTEGER) + 1 END AS week,
        c.confidence, c.confidence_raw, c.confidence_scale,
        coalesce(${progress('c.value')}, c.progress) AS progress,
        ${progress('c.planned_value')} AS planned
      FROM check_ins c JOIN krs k ON k.key_result_id = c.key_result_id
      WHERE c.checked_at <= CAST(${p(cycle.weeks[Math.max(0, cycle.last_week - 1)]!.end)} AS DATE)
        AND c.checked_at <= CAST(${p(cycle.as_of)} AS DATE)
    ),
    wk AS (
      SELECT key_result_id, week, count(*) AS n,
        arg_max(confidence, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence,
        arg_max(confidence_raw, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_raw,
        arg_max(confidence_scale, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_scale,
        arg_max(progress, checked_at) FILTER (WHERE progress IS NOT NULL) AS progress,
        arg_max(planned, checked_at) FILTER (WHERE planned IS NOT NULL) AS planned
      FROM ci GROUP BY key_result_id, week
    ),
    grid AS (
      SELECT k.key_result_id, k.group_id, k.group_name, w.week
      FROM krs k CROSS JOIN range(0, CAST(${p(cycle.last_week + 1)} AS BIGINT)) AS w(week)
    ),
    carried AS (
      SELECT g.key_result_id, g.group_id, g.group_name, CAST(g.week AS INTEGER) AS week,
        coalesce(wk.n, 0) > 0 AS checked,
        wk.confidence IS NOT NULL AS confidence_checked,
        last_value(wk.confidence IGNORE NULLS) OVER win AS confidence,
        last_value(wk.confidence_raw IGNORE NULLS) OVER win AS confidence_raw,
        last_value(wk.confidence_scale IGNORE NULLS) OVER win AS confidence_scale,
        last_value(wk.progress IGNORE NULLS) OVER win AS progress,
        last_value(wk.planned IGNORE NULLS) OVER win AS planned,
        coalesce(last_value(CASE WHEN wk.n > 0 THEN g.week END IGNORE NULLS) OVER win, 0) AS last_checked_week
      FROM grid g LEFT JOIN wk ON wk.key_result_id = g.key_result_id AND wk.week = g.week
      WINDOW win AS (PARTITION BY g.key_result_id ORDER BY g.week ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    filled AS (
      SELECT key_result_id, group_id, group_name, week, checked,
        confidence, confidence_raw, confidence_scale, progress,
        coalesce(planned, week / CAST(${p(cycle.weeks.length)} AS DOUBLE)) AS expected,
        planned IS NOT NULL AS expected_planned,
        NOT checked AND confidence IS NOT NULL AS carried,
        CAST(week - last_checked_week AS INTEGER) AS silent_weeks
      FROM carried WHERE week >= 1
    )`;
  return { sql, params };
}

let tempCounter = 0;

/**
 * The burn-down of a cycle: weeks, aggregated series per group (median,
 * inter-quartile band, share below the threshold, in DuckDB), per key result
 * series for small sets, and the alerts of the at-risk rules.
 */
export async function burndown(connector: Connector, options: BurndownOptions = {}): Promise<BurndownResult> {
  const by = options.by ?? 'cycle';
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ruleWeek = options.ruleWeek ?? DEFAULT_RULE_WEEK;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new RangeError(`threshold must be 0–1, got ${threshold}`);
  if (!Number.isInteger(ruleWeek) || ruleWeek < 1) throw new RangeError(`rule week must be a whole number ≥ 1, got ${ruleWeek}`);
  const asOf = options.asOf ?? todayIso();
  const cycle = await chooseCycle(connector, options.cycleId, asOf);
  const series = seriesSql(cycle, options, by);

  // Materialise the series once; groups, per-KR series and every rule read it.
  const temp = `__plumb_burndown_${++tempCounter}_${Math.random().toString(36).slice(2, 8)}`;
  const t = quoteIdentifier(temp);
  const tci = quoteIdentifier(`${temp}_ci`);
  const tkr = quoteIdentifier(`${temp}_krs`);
  await connector.query(`CREATE TEMP TABLE ${tkr} AS WITH ${series.sql} SELECT * FROM krs`, series.params);
  try {
    await connector.query(`CREATE TEMP TABLE ${t} AS WITH ${series.sql} SELECT * FROM filled`, series.params);
    await connector.query(`CREATE TEMP TABLE ${tci} AS WITH ${series.sql} SELECT key_result_id, week, checked_at, confidence FROM ci`, series.params);
    const ctes = `WITH filled AS (SELECT * FROM ${t}), ci AS (SELECT * FROM ${tci}), krs AS (SELECT * FROM ${tkr})`;

    const [{ n: keyResults } = { n: 0 }] = await queryRows<{ n: number }>(connector, `SELECT count(*)::DOUBLE AS n FROM ${tkr}`);
    const groups = await groupSeries(connector, ctes, threshold);
    const keyResultSeries =
      keyResults <= (options.seriesLimit ?? 50) ? await perKeyResultSeries(connector, ctes) : null;

    const rules = options.rules ?? DEFAULT_RULES;
    const builtIn = rules
      .filter((r): r is Exclude<BurndownRule, CustomRule> => r.kind !== 'custom' && r.enabled !== false)
      .map((r) => resolveRule(r, { threshold, ruleWeek }));
    const custom = rules.filter((r): r is CustomRule => r.kind === 'custom' && r.enabled !== false);
    const alerts = await builtInAlerts(connector, ctes, builtIn);
    if (keyResultSeries) {
      for (const rule of custom) {
        for (const s of keyResultSeries) {
          const hit = rule.evaluate(s, { cycle, threshold });
          if (hit) {
            alerts.push({
              rule: rule.id,
              rule_label: rule.label,
              key_result_id: s.key_result_id,
              key_result_title: s.title,
              owner_id: s.owner_id,
              owner_name: s.owner_name,
              team_id: s.team_id,
              week: hit.week,
              values: hit.values ?? {},
              message: hit.message ?? `${rule.label} in week ${hit.week}.`,
            });
          }
        }
      }
    }
    const alertCounts: Record<string, number> = {};
    for (const r of [...builtIn, ...custom]) alertCounts[r.id] = 0;
    for (const a of alerts) alertCounts[a.rule] = (alertCounts[a.rule] ?? 0) + 1;
    alerts.sort((a, b) => a.week - b.week || a.rule.localeCompare(b.rule) || a.key_result_id.localeCompare(b.key_result_id));

    const [{ n: after } = { n: 0 }] = await queryRows<{ n: number }>(
      connector,
      `SELECT count(*)::DOUBLE AS n FROM check_ins c JOIN ${tkr} k ON k.key_result_id = c.key_result_id
        WHERE c.checked_at > CAST(? AS DATE)`,
      [cycle.end_date],
    );
    return {
      cycle,
      by,
      threshold,
      rule_week: ruleWeek,
      key_results: keyResults,
      groups,
      series: keyResultSeries,
      alerts: alerts.slice(0, options.alertLimit ?? 500),
      alert_counts: alertCounts,
      check_ins_after_cycle: after,
      custom_rules_skipped: custom.length > 0 && !keyResultSeries,
    };
  } finally {
    for (const name of [t, tci, tkr]) await connector.query(`DROP TABLE IF EXISTS ${name}`);
  }
}

interface GroupWeekRow extends GroupWeek {
  group_id: string | null;
  group_name: string;
}

async function groupSeries(connector: Connector, ctes: string, threshold: number): Promise<GroupSeries[]> {
  const rows = await queryRows<GroupWeekRow>(
    connector,
    `${ctes}
    SELECT group_id, group_name, week,
      count(*)::DOUBLE AS key_results,
      count(confidence)::DOUBLE AS with_confidence,
      quantile_cont(confidence, 0.25) AS confidence_q1,
      quantile_cont(confidence, 0.5) AS confidence_median,
      quantile_cont(confidence, 0.75) AS confidence_q3,
      (count(*) FILTER (WHERE confidence < ?))::DOUBLE AS below,
      count(progress)::DOUBLE AS with_progress,
      quantile_cont(progress, 0.25) AS progress_q1,
      quantile_cont(progress, 0.5) AS progress_median,
      quantile_cont(progress, 0.75) AS progress_q3,
      median(expected) AS expected_median,
      (count(*) FILTER (WHERE progress < expected))::DOUBLE AS behind,
      (count(*) FILTER (WHERE checked))::DOUBLE AS checked
    FROM filled GROUP BY group_id, group_name, week
    ORDER BY group_name, group_id, week`,
    [threshold],
  );
  const groups = new Map<string, GroupSeries>();
  for (const r of rows) {
    const key = `${r.group_id ?? ''}\u0000${r.group_name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group_id: r.group_id, group_name: r.group_name, key_results: r.key_results, weeks: [] }));
    const { group_id: _id, group_name: _name, ...week } = r;
    week.share_below = week.with_confidence > 0 ? week.below / week.with_confidence : null;
    g.weeks.push(week);
  }
  return [...groups.values()];
}

interface SeriesRow {
  key_result_id: string;
  title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  objective_id: string;
  objective_title: string | null;
  team_id: string | null;
  team_name: string | null;
  week: number;
  confidence: number | null;
  confidence_raw: string | null;
  confidence_scale: string | null;
  progress: number | null;
  expected: number | null;
  expected_planned: boolean;
  checked: boolean;
  carried: boolean;
  silent_weeks: number;
}

async function perKeyResultSeries(connector: Connector, ctes: string): Promise<KeyResultSeries[]> {
  const rows = await queryRows<SeriesRow>(
    connector,
    `${ctes}
    SELECT k.key_result_id, k.title, k.owner_id, k.owner_name, k.objective_id, k.objective_title, k.team_id, k.team_name,
      f.week, f.confidence, f.confidence_raw, f.confidence_scale, f.progress, f.expected, f.expected_planned,
      f.checked, f.carried, f.silent_weeks
    FROM krs k JOIN filled f ON f.key_result_id = k.key_result_id
    ORDER BY coalesce(k.title, k.key_result_id), k.key_result_id, f.week`,
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
  team_id: string | null;
  week: number;
  confidence: number | null;
  confidence_raw: string | null;
  previous_confidence: number | null;
  progress: number | null;
  expected: number | null;
  silent_weeks: number | null;
  variant: string | null;
}

async function builtInAlerts(connector: Connector, ctes: string, rules: ResolvedRule[]): Promise<BurndownAlert[]> {
  if (rules.length === 0) return [];
  const parts = rules.map((r, i) => ({ ...ruleSql(r), i }));
  const rows = await queryRows<HitRow>(
    connector,
    `${ctes}
    SELECT h.rule_index, k.key_result_id, k.title, k.owner_id, k.owner_name, k.team_id, h.week, h.confidence,
      f.confidence_raw, h.previous_confidence, h.progress, h.expected, h.silent_weeks, h.variant
    FROM (${parts.map((part) => `SELECT ${part.i} AS rule_index, * FROM (${part.sql})`).join(' UNION ALL ')}) h
    JOIN krs k ON k.key_result_id = h.key_result_id
    LEFT JOIN filled f ON f.key_result_id = h.key_result_id AND f.week = h.week`,
    parts.flatMap((part) => part.params),
  );
  return rows.map((r) => {
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
      team_id: r.team_id,
      week: r.week,
      values,
      message: ruleMessage(rule, r),
    };
  });
}
