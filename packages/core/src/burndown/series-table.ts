import { queryRows, type Connector } from '../connector.js';
import { dataVersion, derived, isServed } from '../queries/derived.js';
import { quoteIdentifier, type SqlParam } from '../sql.js';
import { progressOfSpanSql, progressSpanSql } from './progress-sql.js';
import { ruleSql, type ResolvedRule, type RuleSql } from './rules.js';
import type { BurndownCycle } from './types.js';

/**
 * The pre-aggregated burn-down of one cycle as of one date, built ONCE per data version inside DuckDB
 * (`derived`), so that every view (the organisation, a team, a department, one owner, per key result)
 * is a filter + aggregate over these tables, never a pass over the check-ins:
 *
 * - `krs`: one row per key result (ids, titles, owner, team, department, check-ins after the cycle);
 * - `series`: one row per key result (`kr_index`) and week 1…last_week, values carried forward;
 *   `checked`, `silent_weeks`, and `drop_from`/`drop_to` (the largest confidence drop between
 *   consecutive check-ins landing in the week) — numbers only, no text (writing five text columns on
 *   every row cost twice the rest of the table; the confidence label is a pointer, see `labelSql`;
 *   `carried` is `NOT checked AND confidence IS NOT NULL`, worked out by the one reader that shows it);
 * - `cycleWeeks`: the unfiltered organisation's weeks, everything but the threshold's count (key results, quartiles,
 *   behind, checked), so its view reads 13 rows instead of aggregating ~2M;
 * - `confidenceCounts`: per week, how many key results have each confidence (NULL too): the organisation's count below
 *   any threshold is a sum over it, and its confidence quartiles come from it (a confidence is one of a scale's few
 *   values: ~1,000 rows at 100,000 people, where quantile_cont over the series cost ~40 % of the weekly statement).
 *
 * `krs` carries `key_result_id, objective_id, team_id, department, owner_id` (as does the hits table),
 * so one WHERE clause (query.ts `filterSql`) selects key results; the series is joined to them by `kr_index`.
 */
export interface SeriesTables {
  krs: string;
  series: string;
  cycleWeeks: string;
  confidenceCounts: string;
  /** The series' columns pointing at the check-in (rowid) whose raw confidence text and scale a week shows: one column for both when they always come from the same check-in. */
  labelRows: { raw: string; scale: string };
}

/**
 * A series row's confidence label (raw text, scale), read from the check-in its pointer names (`labelRows`): `joins`
 * after the FROM that holds the series row as `s`. The text is not carried through the series: two text columns on
 * every (key result × week) row cost ~15 % of its build (the time-ordered sort's payload and the table write), and only
 * drawn lines and alerts read it.
 */
export function labelSql(tables: SeriesTables, s: string): { joins: string; raw: string; scale: string } {
  const { raw, scale } = tables.labelRows;
  const text = (alias: string, column: string) => `CASE WHEN ${alias}.confidence IS NOT NULL THEN ${alias}.${column} END`;
  const scaleAlias = raw === scale ? 'label_raw' : 'label_scale';
  return {
    joins: `LEFT JOIN check_ins label_raw ON label_raw.rowid = ${s}.${raw}` +
      (raw === scale ? '' : ` LEFT JOIN check_ins label_scale ON label_scale.rowid = ${s}.${scale}`),
    raw: text('label_raw', 'confidence_raw'),
    scale: text(scaleAlias, 'confidence_scale'),
  };
}

/** The rule pass of `rules` over a cycle's series: per key result, the first week each rule holds. */
export interface HitsTable {
  /** `rule_index, kr_index, key_result_id, title, owner_name, objective_id, team_id, department, owner_id, week, values…` */
  hits: string;
}

/**
 * From how many check-ins the organisation's confidence quartiles come from the per-week confidence counts rather than
 * quantile_cont over the series. Chromium worker CPU (prof/first-render-chromium.ts): at 100,000 people (1.75M check-ins)
 * the counts save 45–90 ms; at 10,000 (176k) planning their ranking costs 15–25 ms more than quantile_cont runs. Same
 * numbers either way; tests set it to 0 to run the counts on small data.
 */
export const quartilesFromCounts = { minCheckIns: 500_000 };

/** The confidence quartiles of the organisation's weeks: (column, q), q a constant of the code, not data. */
const QUARTILES = [['confidence_q1', 0.25], ['confidence_median', 0.5], ['confidence_q3', 0.75]] as const;

/**
 * DuckDB's `quantile_cont(confidence, q)` per week from `counts` (week, confidence, n), as three CTEs to follow a WITH:
 * `ranked` (each value with `upto`, how many values are ≤ it, and `total`), `ends` (per week and quartile the values at
 * positions ⌊RN⌋ and ⌈RN⌉ of the sorted values, RN = (total − 1)·q, as `lo<i>`/`hi<i>`, and RN as `rn<i>`), and
 * `confidence_quartiles` (week, with_confidence and the quartiles, interpolated as DuckDB 1.4 does for a DOUBLE:
 * `lo·(1 − d) + hi·d`, d = RN − ⌊RN⌋, `lo` alone when RN is whole), so each is the same number as quantile_cont's.
 * Per-row positions and few aggregates: in DuckDB-WASM planning an expression-heavy aggregate costs more than the
 * aggregate does at 10,000 people.
 */
function confidenceQuartilesSql(counts: string): string {
  return `ranked AS (
        SELECT week, confidence, upto, total, ${QUARTILES.map(([, q], i) => `(total - 1) * CAST(${q} AS DOUBLE) AS rn${i}`).join(', ')}
        FROM (SELECT week, confidence, sum(n) OVER (PARTITION BY week ORDER BY confidence ROWS UNBOUNDED PRECEDING) AS upto,
            sum(n) OVER (PARTITION BY week) AS total
          FROM ${counts} WHERE confidence IS NOT NULL)),
      ends AS (
        SELECT week, any_value(total) AS with_confidence, ${QUARTILES.map((_, i) => `any_value(rn${i}) AS rn${i},
          min(confidence) FILTER (WHERE upto > floor(rn${i})) AS lo${i}, min(confidence) FILTER (WHERE upto > ceil(rn${i})) AS hi${i}`).join(', ')}
        FROM ranked GROUP BY week),
      confidence_quartiles AS (
        SELECT week, with_confidence, ${QUARTILES.map(([column], i) => `CASE WHEN floor(rn${i}) = rn${i} THEN lo${i}
          ELSE lo${i} * (CAST(1 AS DOUBLE) - (rn${i} - floor(rn${i}))) + hi${i} * (rn${i} - floor(rn${i})) END AS ${column}`).join(', ')}
        FROM ends)`;
}

let counter = 0;

/**
 * Tables this module made, per connector and data version: a build for a newer version drops the older
 * ones (a view still reading them re-queries when the version moves). Not TEMP: a server's pooled
 * connections read them too.
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

/**
 * Which carried columns of the series are their own latest value on every check-in (set on all of them, or on
 * none), so the time-ordered pass needs no `last_value(… IGNORE NULLS)` for them: in DuckDB-WASM each of those
 * costs ~40 ns per check-in, and exports often state every column on every check-in (or never a planned value).
 * From counts over all check-ins (a superset of the cycle's) and the cycle's key results: a column that might
 * be NULL on some check-in takes the window function, as before.
 */
async function carriedShape(
  connector: Connector,
  krs: string,
): Promise<{ checkIns: number; confidence: boolean; confidenceSet: boolean; raw: boolean; scale: boolean; progress: boolean; planned: boolean }> {
  const [row] = await queryRows<{
    n: number; confidence: number; raw: number; scale: number; stated: number; value: number; value_finite: boolean;
    planned: number; planned_finite: boolean; spans: boolean;
  }>(
    connector,
    `SELECT count(*)::DOUBLE AS n, count(confidence)::DOUBLE AS confidence, count(confidence_raw)::DOUBLE AS raw,
      count(confidence_scale)::DOUBLE AS scale, count(progress)::DOUBLE AS stated, count(value)::DOUBLE AS value,
      coalesce(isfinite(min(value)) AND isfinite(max(value)), false) AS value_finite, count(planned_value)::DOUBLE AS planned,
      coalesce(isfinite(min(planned_value)) AND isfinite(max(planned_value)), false) AS planned_finite,
      (SELECT count(*) = count(progress_span) FROM ${krs}) AS spans
    FROM check_ins`,
  );
  const { n } = row!;
  const all = (count: number) => count === n;
  const confidenceSet = all(row!.confidence);
  const labelled = (count: number) => row!.confidence === 0 || count === 0 || (confidenceSet && all(count));
  // Progress is set wherever the export states it, or wherever a finite value meets a key result's span.
  const everyValue = all(row!.value) && row!.value_finite && row!.spans;
  return {
    checkIns: n,
    confidence: confidenceSet || row!.confidence === 0,
    confidenceSet,
    raw: labelled(row!.raw),
    scale: labelled(row!.scale),
    progress: all(row!.stated) || everyValue,
    planned: row!.planned === 0 || (all(row!.planned) && row!.planned_finite && row!.spans),
  };
}

async function buildSeries(connector: Connector, cycle: BurndownCycle): Promise<SeriesTables> {
  await dropStale(connector);
  const krs = tableName(connector, 'krs');
  const series = tableName(connector, 'series');
  const cycleWeeks = tableName(connector, 'weeks');
  const confidenceCounts = tableName(connector, 'confidence_counts');
  const progress = (value: string): string => progressOfSpanSql('k.start_value', 'k.progress_span', value);
  const lastDay = cycle.weeks[Math.max(0, cycle.last_week - 1)]!.end;
  const run = (sql: string, params: SqlParam[] = []) => connector.query(sql, params);
  let labelRows: SeriesTables['labelRows'];
  // On a server (built once at start-up, read by every request), key results are numbered by team and the tables are
  // stored in that order: a team's key results, series rows and hits then sit in a few row groups, which a team
  // selection's scans skip to by their min/max (1M people: the series alone is 19M rows). A page skips the sorts: they
  // would lengthen its first render, and its tables hold few row groups.
  const served = isServed(connector);
  try {
    await run(
      `CREATE TABLE ${krs} AS
      SELECT CAST(row_number() OVER (${served ? 'ORDER BY coalesce(o.team_id, owner.team_id), kr.key_result_id' : ''}) AS INTEGER) AS kr_index, kr.key_result_id, kr.title, kr.owner_id, owner.name AS owner_name, kr.objective_id,
        o.title AS objective_title, coalesce(o.team_id, owner.team_id) AS team_id, t.name AS team_name,
        owner.department, kr.start_value, kr.target_value, ${progressSpanSql('kr.start_value', 'kr.target_value')} AS progress_span,
        coalesce(after.n, 0)::DOUBLE AS after_cycle
      FROM key_results kr
      JOIN objectives o ON o.objective_id = kr.objective_id
      LEFT JOIN people owner ON owner.person_id = kr.owner_id
      LEFT JOIN teams t ON t.team_id = coalesce(o.team_id, owner.team_id)
      LEFT JOIN (SELECT key_result_id, count(*) AS n FROM check_ins WHERE checked_at > CAST(? AS DATE) GROUP BY key_result_id) after
        ON after.key_result_id = kr.key_result_id
      WHERE o.cycle_id = ?${served ? ' ORDER BY kr_index' : ''}`,
      [cycle.end_date, cycle.cycle_id],
    );
    const shape = await carriedShape(connector, krs);
    // The latest value so far of a column; a column that is set on every check-in, or on none, is its own.
    const latest = (column: string, own: boolean): string => (own ? column : `last_value(${column} IGNORE NULLS) OVER run`);
    // The confidence label as a pointer to the check-in giving it (labelSql reads the text): that check-in's own row
    // when both texts are their own latest value, else the latest check-in with a confidence that gives each.
    labelRows = shape.raw && shape.scale ? { raw: 'label_row', scale: 'label_row' } : { raw: 'raw_row', scale: 'scale_row' };
    const pointer = (column: string): string =>
      `CASE WHEN ${shape.confidenceSet ? '' : 'confidence IS NOT NULL AND '}${column} IS NOT NULL THEN check_in END`;
    const labelColumns = labelRows.raw === labelRows.scale
      ? 'check_in AS label_row'
      : `${latest(pointer('confidence_raw'), shape.raw)} AS raw_row, ${latest(pointer('confidence_scale'), shape.scale)} AS scale_row`;
    const labelFields = [...new Set([labelRows.raw, labelRows.scale])];
    // Week 0 = before the cycle (a baseline carried into week 1). One pass over the check-ins in time
    // order per key result (one sort; no aggregation of every key result × week, no window over a
    // dense week grid): at each check-in the latest value of each column so far, the confidence
    // before it (for drops) and the weeks of its neighbours. A week's row is its last check-in (a
    // GROUP BY only for weeks holding several, for their largest drop), expanded over the weeks
    // until the next check-in, which carry its values; a key result's weeks before its first
    // check-in, and all weeks of one without any, have no values. The weeks a row covers come from
    // an equi-join with the (length, step) pairs of the cycle's weeks (at most 1 + … + last_week rows), not
    // unnest(range(…)): a list per row cost ~150 ns, a probe of the tiny table a fraction of it. Same table as grouping by week
    // and carrying forward over the grid (kept equal on the seeded sample, with several check-ins
    // per week added), except the raw confidence text: carried from the latest check-in that has
    // one — the grid carried it from the latest *week* whose last check-in had one.
    await run(
      `CREATE TABLE ${series} AS
      WITH c AS (
        SELECT k.kr_index, c.checked_at,
          CASE WHEN c.checked_at < CAST(? AS DATE) THEN 0
            ELSE CAST((c.checked_at - CAST(? AS DATE)) // 7 AS INTEGER) + 1 END AS week,
          c.rowid AS check_in, c.confidence, c.confidence_raw, c.confidence_scale,
          coalesce(${progress('c.value')}, c.progress) AS progress,
          ${progress('c.planned_value')} AS planned
        FROM check_ins c JOIN ${krs} k ON k.key_result_id = c.key_result_id
        WHERE c.checked_at <= CAST(? AS DATE) AND c.checked_at <= CAST(? AS DATE)),
      r AS MATERIALIZED (
        SELECT kr_index, week, checked_at, confidence AS own,
          ${shape.confidence ? 'lag(confidence) OVER byt' : 'last_value(confidence IGNORE NULLS) OVER (byt ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)'} AS previous,
          lead(week) OVER byt AS next_week,
          lag(week) OVER byt AS prev_week,
          ${latest('confidence', shape.confidence)} AS confidence,
          ${labelColumns},
          ${latest('progress', shape.progress)} AS progress,
          ${latest('planned', shape.planned)} AS planned
        FROM c
        WINDOW byt AS (PARTITION BY kr_index ORDER BY checked_at),
          run AS (PARTITION BY kr_index ORDER BY checked_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
      wk AS (
        SELECT kr_index, week, prev_week IS NULL AS first_week,
          {'next_week': next_week, 'confidence': confidence, ${labelFields.map((f) => `'${f}': ${f}`).join(', ')},
            'progress': progress, 'planned': planned} AS v,
          CASE WHEN own IS NOT NULL THEN previous END AS drop_from, CASE WHEN previous IS NOT NULL THEN own END AS drop_to
        FROM r WHERE next_week IS DISTINCT FROM week AND prev_week IS DISTINCT FROM week
        UNION ALL
        SELECT kr_index, week, bool_or(prev_week IS NULL) AS first_week,
          arg_max({'next_week': next_week, 'confidence': confidence, ${labelFields.map((f) => `'${f}': ${f}`).join(', ')},
            'progress': progress, 'planned': planned}, checked_at) AS v,
          arg_max(previous, previous - own) FILTER (WHERE own IS NOT NULL AND previous IS NOT NULL) AS drop_from,
          arg_max(own, previous - own) FILTER (WHERE own IS NOT NULL AND previous IS NOT NULL) AS drop_to
        FROM r WHERE next_week = week OR prev_week = week GROUP BY kr_index, week),
      g AS (
        SELECT x.kr_index, x.checked_week, x.v, x.drop_from, x.drop_to, x.from_week + o.step AS week
        FROM (SELECT k.kr_index, wk.week AS checked_week, wk.v, wk.drop_from, wk.drop_to,
            CASE WHEN wk.week IS NULL OR wk.first_week OR wk.week < 1 THEN 1 ELSE wk.week END AS from_week,
            coalesce(wk.v.next_week, CAST(? AS INTEGER)) AS to_week
          FROM ${krs} k LEFT JOIN wk ON wk.kr_index = k.kr_index) x
        JOIN (SELECT CAST(n AS INTEGER) AS n, CAST(step AS INTEGER) AS step FROM range(1, CAST(? AS BIGINT)) a(n), range(0, CAST(? AS BIGINT)) b(step) WHERE step < n) o
          ON o.n = x.to_week - x.from_week),
      p AS (
        SELECT kr_index, CAST(week AS INTEGER) AS week, week = checked_week AS checked,
          CASE WHEN week = checked_week THEN drop_from END AS drop_from,
          CASE WHEN week = checked_week THEN drop_to END AS drop_to,
          CASE WHEN week >= checked_week THEN v END AS v,
          CASE WHEN week >= checked_week THEN checked_week ELSE 0 END AS last_checked_week
        FROM g)
      SELECT kr_index, week, coalesce(checked, false) AS checked,
        v.confidence AS confidence, ${labelFields.map((f) => `v.${f} AS ${f}`).join(', ')}, v.progress AS progress,
        coalesce(v.planned, week / CAST(? AS DOUBLE)) AS expected,
        v.planned IS NOT NULL AS expected_planned,
        CAST(week - last_checked_week AS INTEGER) AS silent_weeks,
        drop_from, drop_to
      FROM p${served ? ' ORDER BY kr_index, week' : ''}`,
      [cycle.start_date, cycle.start_date, lastDay, cycle.as_of, cycle.last_week + 1, cycle.last_week + 1, cycle.last_week + 1, cycle.weeks.length],
    );
    await run(`CREATE TABLE ${confidenceCounts} AS SELECT week, confidence, count(*)::DOUBLE AS n FROM ${series} GROUP BY week, confidence`);
    // The confidence quartiles: from the counts for many check-ins, else quantile_cont over the series (the same numbers).
    const quartiles = shape.checkIns >= quartilesFromCounts.minCheckIns
      ? {
          with: `WITH ${confidenceQuartilesSql(confidenceCounts)}`,
          aggregates: '',
          columns: 'coalesce(cq.with_confidence, 0)::DOUBLE AS with_confidence, cq.confidence_q1, cq.confidence_median, cq.confidence_q3',
          join: 'LEFT JOIN confidence_quartiles cq ON cq.week = s.week',
        }
      : {
          with: '',
          aggregates: 'count(confidence)::DOUBLE AS with_confidence, quantile_cont(confidence, [0.25, 0.5, 0.75]) AS cq,',
          columns: 's.with_confidence, s.cq[1] AS confidence_q1, s.cq[2] AS confidence_median, s.cq[3] AS confidence_q3',
          join: '',
        };
    await run(
      `CREATE TABLE ${cycleWeeks} AS
      ${quartiles.with}
      SELECT s.week, s.key_results, ${quartiles.columns},
        s.with_progress, s.pq[1] AS progress_q1, s.pq[2] AS progress_median, s.pq[3] AS progress_q3, s.expected_median, s.behind, s.checked
      FROM (SELECT week, count(*)::DOUBLE AS key_results, ${quartiles.aggregates} count(progress)::DOUBLE AS with_progress,
          quantile_cont(progress, [0.25, 0.5, 0.75]) AS pq, median(expected) AS expected_median,
          (count(*) FILTER (WHERE progress < expected))::DOUBLE AS behind, (count(*) FILTER (WHERE checked))::DOUBLE AS checked
        FROM ${series} GROUP BY week) s ${quartiles.join}`,
    );
  } catch (error) {
    for (const t of [krs, series, cycleWeeks, confidenceCounts]) await run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    throw error;
  }
  return { krs, series, cycleWeeks, confidenceCounts, labelRows };
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
    // Per rule, the first week it holds for each key result and that week's values (arg_min by week: key result ×
    // week is unique), aggregated over the rows where it holds only: one pass computing every rule's CASE on every
    // row, then a join back to the series for the values, cost ~15 % more at 30k–100k (the join probes every row).
    const resolved = rules.map(ruleSql);
    // The label text of the hit weeks only (~1 in 30 series rows), from the check-ins the series points at.
    const label = labelSql(tables, 'hit.v');
    const pointers = [...new Set(Object.values(tables.labelRows))].map((p) => `'${p}': ${p}`).join(', ');
    const branch = (rule: RuleSql | undefined, index: number | null): string =>
      `SELECT ${index ?? 'NULL::INTEGER'} AS rule_index, kr_index, min(week) AS week,
        arg_min({'confidence': ${rule?.confidence ?? 'confidence'}, 'previous_confidence': ${rule?.previousConfidence ?? 'NULL::DOUBLE'},
          ${pointers}, 'progress': progress, 'expected': expected, 'silent_weeks': silent_weeks,
          'variant': ${rule?.variant?.sql ?? 'NULL::VARCHAR'}}, week) AS v
      FROM ${tables.series} WHERE ${rule?.condition ?? 'false'} GROUP BY kr_index`;
    await connector.query(
      `CREATE TABLE ${hits} AS
      WITH hit AS (${resolved.length ? resolved.map((r, i) => branch(r, i)).join(' UNION ALL ') : branch(undefined, null)})
      SELECT hit.rule_index, k.kr_index, k.key_result_id, k.title, k.owner_name, k.objective_id, k.team_id, k.department, k.owner_id,
        hit.week, hit.v.confidence AS confidence, ${label.raw} AS confidence_raw, hit.v.previous_confidence AS previous_confidence,
        hit.v.progress AS progress, hit.v.expected AS expected, hit.v.silent_weeks AS silent_weeks, hit.v.variant AS variant
      FROM hit JOIN ${tables.krs} k ON k.kr_index = hit.kr_index ${label.joins}${isServed(connector) ? ' ORDER BY k.kr_index, hit.rule_index' : ''}`,
      // In the text's order: each branch's variant, then its condition.
      resolved.flatMap((r) => [...(r.variant?.params ?? []), ...r.params]),
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
