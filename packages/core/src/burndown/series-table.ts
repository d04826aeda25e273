import type { Connector } from '../connector.js';
import { quoteIdentifier, type SqlParam } from '../sql.js';
import { keyResultProgressSql } from './progress-sql.js';
import type { BurndownCycle } from './types.js';

/**
 * The weekly series of every key result of a cycle, materialised once in
 * DuckDB as two temp tables, so that every view (a team, the organisation,
 * per key result, each rule) is a cheap filter + aggregate over them:
 *
 * - `krs`: one row per key result (ids, names, start/target, check-ins after the cycle);
 * - `series`: one row per key result and week 1…last_week, values carried forward
 *   with window functions; `checked`, `carried`, `silent_weeks`, and `drop_from`/`drop_to`
 *   (the largest confidence drop between consecutive check-ins landing in the week).
 */
export interface SeriesTables {
  krs: string;
  series: string;
  /**
   * Threshold-free weekly quartiles over every key result of the cycle
   * (`week, cq, pq, expected_median`): the unfiltered organisation view reads
   * them instead of sorting ~2M values again.
   */
  cycleWeeks: string;
  /** Drop the tables (no-op for cached ones; the cache drops them when it evicts). */
  release(): Promise<void>;
}

let counter = 0;

type Tables = Omit<SeriesTables, 'release'>;

async function build(connector: Connector, cycle: BurndownCycle): Promise<Tables> {
  const base = `__plumb_burndown_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const krs = quoteIdentifier(`${base}_krs`);
  const ci = quoteIdentifier(`${base}_ci`);
  const wk = quoteIdentifier(`${base}_wk`);
  const series = quoteIdentifier(`${base}_series`);
  const cycleWeeks = quoteIdentifier(`${base}_weeks`);
  const progress = (value: string): string => keyResultProgressSql('k.start_value', 'k.target_value', value);
  const lastDay = cycle.weeks[Math.max(0, cycle.last_week - 1)]!.end;
  const run = (sql: string, params: SqlParam[] = []) => connector.query(sql, params);
  try {
    await run(
      `CREATE TEMP TABLE ${krs} AS
      SELECT CAST(row_number() OVER () AS INTEGER) AS kr_index, kr.key_result_id, kr.title, kr.owner_id, owner.name AS owner_name, kr.objective_id,
        o.title AS objective_title, coalesce(o.team_id, owner.team_id) AS team_id, t.name AS team_name,
        owner.department, kr.start_value, kr.target_value,
        (SELECT count(*) FROM check_ins c WHERE c.key_result_id = kr.key_result_id AND c.checked_at > CAST(? AS DATE))::DOUBLE AS after_cycle
      FROM key_results kr
      JOIN objectives o ON o.objective_id = kr.objective_id
      LEFT JOIN people owner ON owner.person_id = kr.owner_id
      LEFT JOIN teams t ON t.team_id = coalesce(o.team_id, owner.team_id)
      WHERE o.cycle_id = ?`,
      [cycle.end_date, cycle.cycle_id],
    );
    // Check-ins with their week (0 = before the cycle: a baseline carried into week 1).
    await run(
      `CREATE TEMP TABLE ${ci} AS
      SELECT k.kr_index, c.checked_at,
        CASE WHEN c.checked_at < CAST(? AS DATE) THEN 0
          ELSE CAST(floor(date_diff('day', CAST(? AS DATE), c.checked_at) / 7) AS INTEGER) + 1 END AS week,
        c.confidence, c.confidence_raw, c.confidence_scale,
        coalesce(${progress('c.value')}, c.progress) AS progress,
        ${progress('c.planned_value')} AS planned
      FROM check_ins c JOIN ${krs} k ON k.key_result_id = c.key_result_id
      WHERE c.checked_at <= CAST(? AS DATE) AND c.checked_at <= CAST(? AS DATE)`,
      [cycle.start_date, cycle.start_date, lastDay, cycle.as_of],
    );
    await run(
      `CREATE TEMP TABLE ${wk} AS
      SELECT w.*, d.drop_from, d.drop_to FROM (
        SELECT kr_index, week, count(*) AS n,
          arg_max(confidence, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence,
          arg_max(confidence_raw, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_raw,
          arg_max(confidence_scale, checked_at) FILTER (WHERE confidence IS NOT NULL) AS confidence_scale,
          arg_max(progress, checked_at) FILTER (WHERE progress IS NOT NULL) AS progress,
          arg_max(planned, checked_at) FILTER (WHERE planned IS NOT NULL) AS planned
        FROM ${ci} GROUP BY kr_index, week) w
      LEFT JOIN (
        SELECT kr_index, week,
          arg_max(previous, previous - confidence) AS drop_from, arg_max(confidence, previous - confidence) AS drop_to FROM (
          SELECT kr_index, week, confidence,
            lag(confidence) OVER (PARTITION BY kr_index ORDER BY checked_at) AS previous
          FROM ${ci} WHERE confidence IS NOT NULL)
        WHERE previous IS NOT NULL GROUP BY kr_index, week) d
      ON d.kr_index = w.kr_index AND d.week = w.week`,
    );
    await run(
      `CREATE TEMP TABLE ${series} AS
      SELECT key_result_id, objective_id, team_id, department, week, checked,
        confidence, confidence_raw, confidence_scale, progress,
        coalesce(planned, week / CAST(? AS DOUBLE)) AS expected,
        planned IS NOT NULL AS expected_planned,
        NOT checked AND confidence IS NOT NULL AS carried,
        CAST(week - last_checked_week AS INTEGER) AS silent_weeks,
        drop_from, drop_to
      FROM (
        SELECT g.kr_index, g.key_result_id, g.objective_id, g.team_id, g.department, CAST(g.week AS INTEGER) AS week,
          coalesce(wk.n, 0) > 0 AS checked, wk.drop_from, wk.drop_to,
          last_value(wk.confidence IGNORE NULLS) OVER win AS confidence,
          last_value(wk.confidence_raw IGNORE NULLS) OVER win AS confidence_raw,
          last_value(wk.confidence_scale IGNORE NULLS) OVER win AS confidence_scale,
          last_value(wk.progress IGNORE NULLS) OVER win AS progress,
          last_value(wk.planned IGNORE NULLS) OVER win AS planned,
          coalesce(max(CASE WHEN wk.n > 0 THEN g.week END) OVER win, 0) AS last_checked_week
        FROM (SELECT k.kr_index, k.key_result_id, k.objective_id, k.team_id, k.department, w.week
          FROM ${krs} k CROSS JOIN range(0, CAST(? AS BIGINT)) AS w(week)) g
        LEFT JOIN ${wk} wk ON wk.kr_index = g.kr_index AND wk.week = g.week
        WINDOW win AS (PARTITION BY g.kr_index ORDER BY g.week ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      ) WHERE week >= 1
      ORDER BY team_id, kr_index, week`,
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
    for (const t of [ci, wk]) await run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
  return { krs, series, cycleWeeks };
}

interface CacheEntry {
  key: string;
  tables: Promise<Tables>;
}
const caches = new WeakMap<Connector, CacheEntry[]>();
/** Cached series per connector (each a whole cycle's weeks; a few MB at 100k people). */
const CACHE_SIZE = 2;

/**
 * The series tables of `cycle`. With a `cacheKey` (the data version: change it
 * whenever the data changes) they are kept and shared by later calls with the
 * same cycle, as-of date and key; without one they are built for this call only.
 */
export async function seriesTables(connector: Connector, cycle: BurndownCycle, cacheKey?: string | number): Promise<SeriesTables> {
  if (cacheKey === undefined) {
    const tables = await build(connector, cycle);
    return {
      ...tables,
      release: async () => {
        for (const t of [tables.krs, tables.series, tables.cycleWeeks]) await connector.query(`DROP TABLE IF EXISTS ${t}`);
      },
    };
  }
  const key = JSON.stringify([cycle.cycle_id, cycle.as_of, cycle.last_week, cacheKey]);
  const entries = caches.get(connector) ?? [];
  caches.set(connector, entries);
  let entry = entries.find((e) => e.key === key);
  if (!entry) {
    entry = { key, tables: build(connector, cycle) };
    entries.unshift(entry);
    const failed = entry;
    entry.tables.catch(() => entries.splice(entries.indexOf(failed), 1));
    for (const old of entries.splice(CACHE_SIZE)) {
      void old.tables
        .then(async (t) => {
          for (const name of [t.krs, t.series, t.cycleWeeks]) await connector.query(`DROP TABLE IF EXISTS ${name}`);
        })
        .catch(() => undefined);
    }
  }
  return { ...(await entry.tables), release: async () => undefined };
}
