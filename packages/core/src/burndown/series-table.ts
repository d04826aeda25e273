import { queryRows, type Connector } from '../connector.js';
import { dataVersion, derived } from '../queries/derived.js';
import { quoteIdentifier, type SqlParam } from '../sql.js';
import { keyResultProgressSql } from './progress-sql.js';
import { ruleSql, type ResolvedRule } from './rules.js';
import type { BurndownCycle } from './types.js';

/**
 * The pre-aggregated burn-down of one cycle as of one date, built ONCE per data version inside DuckDB
 * (`derived`), so that every view (the organisation, a team, a department, one owner, per key result)
 * is a filter + aggregate over these tables, never a pass over the check-ins:
 *
 * - `krs`: one row per key result (ids, titles, owner, team, department, check-ins after the cycle);
 * - `series`: one row per key result and week 1…last_week, values carried forward with window
 *   functions; `checked`, `carried`, `silent_weeks`, and `drop_from`/`drop_to` (the largest confidence
 *   drop between consecutive check-ins landing in the week);
 * - `cycleWeeks`: threshold-free weekly quartiles over every key result of the cycle, so the
 *   unfiltered organisation view does not sort ~2M values again.
 *
 * Both `krs` and `series` carry `key_result_id, objective_id, team_id, department, owner_id`, so one
 * WHERE clause (query.ts `filterSql`) selects the same key results from either.
 */
export interface SeriesTables {
  krs: string;
  series: string;
  cycleWeeks: string;
}

/** The rule pass of `rules` over a cycle's series: per key result, the first week each rule holds. */
export interface HitsTable {
  /** `rule_index, kr_index, key_result_id, title, owner_name, objective_id, team_id, department, owner_id, week, values…` */
  hits: string;
}

let counter = 0;

/**
 * Temp tables this module made, per connector and data version: a build for a newer version drops
 * the older ones (a view still reading them re-queries when the version moves).
 */
const made = new WeakMap<Connector, { version: number; name: string }[]>();

function tableName(connector: Connector, part: string): string {
  const version = dataVersion(connector);
  const name = quoteIdentifier(`plumb_agg_burndown_${++counter}_${part}`);
  const list = made.get(connector) ?? [];
  made.set(connector, list);
  list.push({ version, name });
  return name;
}

async function dropStale(connector: Connector): Promise<void> {
  const version = dataVersion(connector);
  const list = made.get(connector);
  if (!list) return;
  const stale = list.filter((t) => t.version !== version);
  made.set(connector, list.filter((t) => t.version === version));
  for (const t of stale) await connector.query(`DROP TABLE IF EXISTS ${t.name}`).catch(() => undefined);
}

async function buildSeries(connector: Connector, cycle: BurndownCycle): Promise<SeriesTables> {
  await dropStale(connector);
  const krs = tableName(connector, 'krs');
  const wk = tableName(connector, 'wk');
  const series = tableName(connector, 'series');
  const cycleWeeks = tableName(connector, 'weeks');
  const progress = (value: string): string => keyResultProgressSql('k.start_value', 'k.target_value', value);
  const lastDay = cycle.weeks[Math.max(0, cycle.last_week - 1)]!.end;
  const run = (sql: string, params: SqlParam[] = []) => connector.query(sql, params);
  try {
    await run(
      `CREATE TEMP TABLE ${krs} AS
      SELECT CAST(row_number() OVER () AS INTEGER) AS kr_index, kr.key_result_id, kr.title, kr.owner_id, owner.name AS owner_name, kr.objective_id,
        o.title AS objective_title, coalesce(o.team_id, owner.team_id) AS team_id, t.name AS team_name,
        owner.department, kr.start_value, kr.target_value, coalesce(after.n, 0)::DOUBLE AS after_cycle
      FROM key_results kr
      JOIN objectives o ON o.objective_id = kr.objective_id
      LEFT JOIN people owner ON owner.person_id = kr.owner_id
      LEFT JOIN teams t ON t.team_id = coalesce(o.team_id, owner.team_id)
      LEFT JOIN (SELECT key_result_id, count(*) AS n FROM check_ins WHERE checked_at > CAST(? AS DATE) GROUP BY key_result_id) after
        ON after.key_result_id = kr.key_result_id
      WHERE o.cycle_id = ?`,
      [cycle.end_date, cycle.cycle_id],
    );
    // Per key result and week (0 = before the cycle: a baseline carried into week 1): the latest value
    // of each column, and the largest drop between consecutive confidences landing in the week: one
    // pass over the check-ins (the lag runs over the check-ins that have a confidence).
    await run(
      `CREATE TEMP TABLE ${wk} AS
      SELECT kr_index, week, count(*) AS n,
        arg_max(confidence, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence,
        arg_max(confidence_raw, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_raw,
        arg_max(confidence_scale, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_scale,
        arg_max(progress, checked_at) FILTER (WHERE progress IS NOT NULL) AS progress,
        arg_max(planned, checked_at) FILTER (WHERE planned IS NOT NULL) AS planned,
        arg_max(previous, previous - confidence) FILTER (WHERE previous IS NOT NULL) AS drop_from,
        arg_max(confidence, previous - confidence) FILTER (WHERE previous IS NOT NULL) AS drop_to
      FROM (
        SELECT k.kr_index, c.checked_at,
          CASE WHEN c.checked_at < CAST(? AS DATE) THEN 0
            ELSE CAST(floor(date_diff('day', CAST(? AS DATE), c.checked_at) / 7) AS INTEGER) + 1 END AS week,
          c.confidence, c.confidence_raw, c.confidence_scale,
          coalesce(${progress('c.value')}, c.progress) AS progress,
          ${progress('c.planned_value')} AS planned,
          CASE WHEN c.confidence IS NOT NULL
            THEN lag(c.confidence) OVER (PARTITION BY k.kr_index, c.confidence IS NULL ORDER BY c.checked_at) END AS previous
        FROM check_ins c JOIN ${krs} k ON k.key_result_id = c.key_result_id
        WHERE c.checked_at <= CAST(? AS DATE) AND c.checked_at <= CAST(? AS DATE))
      GROUP BY kr_index, week`,
      [cycle.start_date, cycle.start_date, lastDay, cycle.as_of],
    );
    await run(
      `CREATE TEMP TABLE ${series} AS
      SELECT kr_index, key_result_id, objective_id, team_id, department, owner_id, week, checked,
        confidence, confidence_raw, confidence_scale, progress,
        coalesce(planned, week / CAST(? AS DOUBLE)) AS expected,
        planned IS NOT NULL AS expected_planned,
        NOT checked AND confidence IS NOT NULL AS carried,
        CAST(week - last_checked_week AS INTEGER) AS silent_weeks,
        drop_from, drop_to
      FROM (
        SELECT g.kr_index, g.key_result_id, g.objective_id, g.team_id, g.department, g.owner_id, CAST(g.week AS INTEGER) AS week,
          coalesce(wk.n, 0) > 0 AS checked, wk.drop_from, wk.drop_to,
          last_value(wk.confidence IGNORE NULLS) OVER win AS confidence,
          last_value(wk.confidence_raw IGNORE NULLS) OVER win AS confidence_raw,
          last_value(wk.confidence_scale IGNORE NULLS) OVER win AS confidence_scale,
          last_value(wk.progress IGNORE NULLS) OVER win AS progress,
          last_value(wk.planned IGNORE NULLS) OVER win AS planned,
          coalesce(max(CASE WHEN wk.n > 0 THEN g.week END) OVER win, 0) AS last_checked_week
        FROM (SELECT k.kr_index, k.key_result_id, k.objective_id, k.team_id, k.department, k.owner_id, w.week
          FROM ${krs} k CROSS JOIN range(0, CAST(? AS BIGINT)) AS w(week)) g
        LEFT JOIN ${wk} wk ON wk.kr_index = g.kr_index AND wk.week = g.week
        WINDOW win AS (PARTITION BY g.kr_index ORDER BY g.week ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      ) WHERE week >= 1`,
      [cycle.weeks.length, cycle.last_week + 1],
    );
    await run(
      `CREATE TEMP TABLE ${cycleWeeks} AS
      SELECT week, quantile_cont(confidence, [0.25, 0.5, 0.75]) AS cq, quantile_cont(progress, [0.25, 0.5, 0.75]) AS pq,
        median(expected) AS expected_median
      FROM ${series} GROUP BY week`,
    );
  } catch (error) {
    for (const t of [krs, series, cycleWeeks]) await run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    throw error;
  } finally {
    await run(`DROP TABLE IF EXISTS ${wk}`).catch(() => undefined);
  }
  return { krs, series, cycleWeeks };
}

const seriesKey = (cycle: BurndownCycle, extraKey: string | number | undefined): string =>
  `burndown:series:${JSON.stringify([cycle.cycle_id, cycle.as_of, cycle.last_week, extraKey ?? null])}`;

/**
 * The series tables of `cycle` (as of `cycle.as_of`), built once per data version and shared by every
 * later view. `extraKey` separates builds for data changed behind core's back (`refresh()` of a view
 * over an embedder's connector); loads and inserts through core move the version on their own.
 */
export function seriesTables(connector: Connector, cycle: BurndownCycle, extraKey?: string | number): Promise<SeriesTables> {
  return derived(connector, seriesKey(cycle, extraKey), () => buildSeries(connector, cycle));
}

/**
 * The rules pass, once per data version, cycle, as-of date and rule set: per key result of the whole
 * cycle, the first week each built-in rule holds, with that week's values. A view then counts and
 * lists the hits of the key results it covers (a filter over at most one row per key result and rule).
 */
export function ruleHits(
  connector: Connector,
  cycle: BurndownCycle,
  rules: readonly ResolvedRule[],
  extraKey?: string | number,
): Promise<HitsTable> {
  return derived(connector, `burndown:hits:${seriesKey(cycle, extraKey)}:${JSON.stringify(rules)}`, async () => {
    const tables = await seriesTables(connector, cycle, extraKey);
    const hits = tableName(connector, 'hits');
    const params: SqlParam[] = [];
    const columns: string[] = [];
    const unpivot: string[] = [];
    rules.forEach((rule, i) => {
      const r = ruleSql(rule);
      // The values of the first week it holds, in one struct (no join back to the series).
      params.push(...(r.variant?.params ?? []), ...r.params);
      columns.push(
        `arg_min({'week': week, 'confidence': ${r.confidence ?? 'confidence'}, 'confidence_raw': confidence_raw,
          'previous_confidence': ${r.previousConfidence ?? 'NULL::DOUBLE'}, 'progress': progress, 'expected': expected,
          'silent_weeks': silent_weeks, 'variant': ${r.variant?.sql ?? 'NULL::VARCHAR'}}, week) FILTER (WHERE ${r.condition}) AS r${i}`,
      );
      unpivot.push(
        `SELECT ${i} AS rule_index, kr_index, key_result_id, title, owner_name, objective_id, team_id, department, owner_id,
            r${i}.week AS week, r${i}.confidence AS confidence,
            r${i}.confidence_raw AS confidence_raw, r${i}.previous_confidence AS previous_confidence,
            r${i}.progress AS progress, r${i}.expected AS expected, r${i}.silent_weeks AS silent_weeks, r${i}.variant AS variant
          FROM firsts WHERE r${i} IS NOT NULL`,
      );
    });
    if (rules.length === 0) {
      unpivot.push(
        `SELECT NULL::INTEGER AS rule_index, kr_index, key_result_id, title, owner_name, objective_id, team_id, department, owner_id,
          NULL::INTEGER AS week, NULL::DOUBLE AS confidence, NULL::VARCHAR AS confidence_raw, NULL::DOUBLE AS previous_confidence,
          NULL::DOUBLE AS progress, NULL::DOUBLE AS expected, NULL::INTEGER AS silent_weeks, NULL::VARCHAR AS variant
        FROM firsts WHERE false`,
      );
    }
    await connector.query(
      `CREATE TEMP TABLE ${hits} AS
      WITH firsts AS (
        SELECT k.kr_index, k.key_result_id, k.title, k.owner_name, k.objective_id, k.team_id, k.department, k.owner_id, f.*
        FROM ${tables.krs} k JOIN (
          SELECT kr_index AS series_kr_index ${columns.length ? `, ${columns.join(', ')}` : ''}
          FROM ${tables.series} GROUP BY kr_index) f ON f.series_kr_index = k.kr_index)
      ${unpivot.join(' UNION ALL ')}`,
      params,
    );
    return { hits };
  });
}

/** The name of every group id of a grouping, once per built series (names depend on the id only). */
export function groupNames(
  connector: Connector,
  tables: SeriesTables,
  group: { id: string; name: string },
): Promise<ReadonlyMap<string | null, string>> {
  return derived(connector, `burndown:names:${tables.krs}:${group.id}`, async () => {
    const rows = await queryRows<{ group_id: string | null; group_name: string }>(
      connector,
      `SELECT ${group.id} AS group_id, any_value(${group.name}) AS group_name FROM ${tables.krs} GROUP BY ALL`,
    );
    return new Map(rows.map((r) => [r.group_id, r.group_name]));
  });
}
