import { Table, tableToIPC, type Vector } from 'apache-arrow';
import { float64Vector, int32Vector } from '../arrow-build.js';
import { queryRows, type Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import { derived } from '../queries/derived.js';
import { LIST_SEPARATOR, quoteIdentifier } from '../sql.js';
import { DONE_LINK_STATUSES, parseAsOf, queryCascadeCycle } from './query.js';
import { cycleElapsedShare } from './status.js';
import { ROLLUP_VARIANTS, cutCycles, layoutForest, unreachedNodes, type ForestInput, type RollupVariant } from './forest.js';
import type { CascadeCycleInfo, CascadeNodeKind, RollupMode } from './types.js';

/**
 * The cascade's pre-aggregate: one DuckDB table per cycle × as-of date, built once per data version,
 * holding every node (objectives, key results, the "not aligned" group) with its place in the forest
 * (parent after cycles are cut, depth, outline path, sibling position, child and descendant counts)
 * and its rolled-up progress, confidence and coverage under each roll-up variant: `own` (each
 * objective's `rollup_mode`, else both), `krs`, `children`, `both`. The views then read only the
 * rows that are open. The rules are those of `buildCascade` (the full-tree path the CLI prints);
 * a test holds the two equal on the seeded sample for every variant and as-of date.
 */


/**
 * Each person's and team's name, as a relation (id, name) to join: a repeated id takes its first row's name (load order),
 * NULL too — first(name ORDER BY rowid) without a sort per group (100k people: the key results' statement ~30–50 ms less
 * CPU, Node).
 */
export const NAMES_OF_PEOPLE = '(SELECT person_id, arg_min_null(name, rowid) AS name FROM people GROUP BY person_id)';
const NAMES_OF_TEAMS = '(SELECT team_id, arg_min_null(name, rowid) AS name FROM teams GROUP BY team_id)';

/** A group (the objectives aligned to no company objective) opens with the levels only when it is this small. */
export const GROUP_OPEN_LIMIT = 25;

export type { RollupVariant };

export function rollupVariant(rollup: RollupMode | null | undefined): RollupVariant {
  return rollup ?? 'own';
}

export interface CascadeAggregate {
  /** Quoted name of the node table (outline order; the columns the views filter, count and roll up by). */
  table: string;
  /** Quoted name of the nodes' display columns (title, owner and team names, values, links), by `nid`. */
  display: string;
  /**
   * Quoted name of the forest pass's table, by `nid`: every roll-up variant (`p_`, `c_`, `v_` + variant) and the
   * layout columns. The node table holds only `own`'s numbers (the default): a view reads one variant, and copying all
   * four into the sorted node table was ~25 % of its statement at 100k people.
   */
  variants: string;
  cycle: CascadeCycleInfo;
  as_of: string | null;
  data_date: string | null;
  /** As-of, else the latest check-in, else the cycle end. */
  reference_date: string | null;
  elapsed: number | null;
  objectives: number;
  key_results: number;
  unaligned: number;
  company: number;
  max_depth: number;
  /** The "not aligned" group's outline position, or null when there is no such group. */
  group_preorder: number | null;
  /** Rows per outline level when everything down to that level is open (index = level − 1), with key results shown / hidden. */
  rows_by_level: { with_key_results: number[]; without_key_results: number[] };
  diagnostics: Diagnostic[];
}

const tableSuffix = new Map<string, number>();

/** One table name per (cycle, as-of) request: a rebuild for a new data version replaces it. */
function tableFor(key: string): string {
  let n = tableSuffix.get(key);
  if (n === undefined) tableSuffix.set(key, (n = tableSuffix.size + 1));
  return `plumb_agg_cascade_${n}`;
}

/**
 * `x` (a finite double) clamped to [0, 1], and −0 to 0 as least/greatest did: a CASE, because in DuckDB-WASM
 * least() and greatest() cost ~100 ns per row each.
 */
function clamp01(x: string): string {
  return `CASE WHEN ${x} <= 0 THEN 0.0 WHEN ${x} >= 1 THEN 1.0 ELSE ${x} END`;
}

/** Resolves in a later task: the statements sent before it have been posted (to a page's DuckDB worker) by then. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The pre-aggregate for a cycle and as-of date (built on first use per data version). */
export function cascadeAggregate(
  connector: Connector,
  options: { cycle?: string | null; asOf?: string | null; withheldUnder?: number | null } = {},
): Promise<CascadeAggregate> {
  const asOf = parseAsOf(options.asOf);
  // Today only matters for "late" milestones when nothing else dates the data; a new day is a new build.
  const today = new Date().toISOString().slice(0, 10);
  const withheldUnder = options.withheldUnder == null ? null : Math.max(1, Math.floor(options.withheldUnder));
  const key = JSON.stringify([options.cycle ?? null, asOf, today, withheldUnder]);
  return derived(connector, `agg:cascade:${key}`, () => buildAggregate(connector, options.cycle ?? null, asOf, today, withheldUnder, tableFor(key)));
}

async function buildAggregate(
  connector: Connector,
  cycleAsked: string | null,
  asOf: string | null,
  today: string,
  /**
   * Min-group k of an anonymized view: the key results the shared rule withholds (privacy/okr-plan.ts)
   * enter no roll-up, so no shown figure can be subtracted back to a withheld one; null = all counted.
   */
  withheldUnder: number | null,
  name: string,
): Promise<CascadeAggregate> {
  const T = quoteIdentifier(name);
  const O = quoteIdentifier(`${name}_o`);
  const K = quoteIdentifier(`${name}_k`);
  const F = quoteIdentifier(`${name}_f`);
  const R = quoteIdentifier(`${name}_r`);
  const P = quoteIdentifier(`${name}_p`);
  const cycle = (await queryCascadeCycle(connector, cycleAsked)) ?? { cycle_id: cycleAsked, name: null, start_date: null, end_date: null };
  const run = (sql: string, params: (string | number | null)[] = []) => connector.query(sql, params);
  // The as-of condition only when there is a date: a `$1 IS NULL OR …` guard evaluated on every check-in
  // made the key results' statement several times slower (10k, Node: ~300 → ~100 ms).
  const upToDate = (column: string) => (asOf === null ? '' : ` AND ${column} <= $1::DATE`);
  // arg_max skips rows whose value is null (as a FILTER on it did: 1M check-ins at 100k, three filters per row).
  const upTo = asOf === null ? '' : ' FILTER (WHERE c.checked_at <= $1::DATE)';
  const diagnostics: Diagnostic[] = [];

  // A check-in column set on every check-in, or on none, has its latest value on the latest check-in: when all three
  // are, one arg_max of them as a struct picks what three arg_max (each skipping its own column's nulls) pick, with one
  // aggregate state per key result instead of three (100k people: ~1.75M check-ins). Sent with the objectives' statement.
  const completeColumns = queryRows<{ complete: boolean }>(
    connector,
    `SELECT count(value) IN (0, count(*)) AND count(progress) IN (0, count(*)) AND count(confidence) IN (0, count(*)) AS complete FROM check_ins`,
  );
  completeColumns.catch(() => undefined);
  // Objectives of the cycle, the first of each id (in load order), names joined.
  // ord: load order (rowid: no sort of the whole table to number it); dup: 1 on an id's first row, 2 on a repeat,
  // by a semi-join on each id's first rowid (a window partitioned by id sorted every wide row: ~2× slower).
  await run(
    `CREATE OR REPLACE TABLE ${O} AS
     WITH src AS (
       SELECT o.*, rowid AS ord,
              CASE WHEN rowid IN (SELECT min(rowid) FROM objectives WHERE cycle_id IS NOT DISTINCT FROM $1 GROUP BY objective_id) THEN 1 ELSE 2 END AS dup
         FROM objectives o WHERE cycle_id IS NOT DISTINCT FROM $1
     )
     SELECT o.objective_id AS id, coalesce(o.title, 'Untitled objective ' || o.objective_id) AS title, o.level, o.owner_id,
            p.name AS owner_name, o.team_id, t.name AS team_name, o.parent_objective_id, o.parent_key_result_id,
            CASE WHEN o.link_type = 'supports' THEN 'supports' ELSE 'contributes' END AS link_type,
            CASE WHEN o.weight IS NULL OR NOT isfinite(CAST(o.weight AS DOUBLE)) THEN 1.0 WHEN CAST(o.weight AS DOUBLE) <= 0 THEN 0.0 ELSE CAST(o.weight AS DOUBLE) END AS weight,
            CASE WHEN o.rollup_mode IN ('krs', 'children', 'both') THEN o.rollup_mode ELSE 'both' END AS own_mode,
            CASE WHEN $2::DATE IS NULL THEN CAST(o.stated_progress AS DOUBLE) END AS stated_progress,
            o.ord, o.dup
       FROM src o
       LEFT JOIN ${NAMES_OF_PEOPLE} p ON p.person_id = o.owner_id
       LEFT JOIN ${NAMES_OF_TEAMS} t ON t.team_id = o.team_id`,
    [cycle.cycle_id, asOf],
  );
  const latestCheckIn = (await completeColumns)[0]?.complete
    ? `latest.value AS checkin_value, latest.progress AS checkin_progress, latest.confidence AS checkin_confidence, checked_at, checkins_total
         FROM (SELECT c.key_result_id,
                      arg_max({'value': c.value, 'progress': c.progress, 'confidence': c.confidence}, c.checked_at)${upTo} AS latest,`
    : `checkin_value, checkin_progress, checkin_confidence, checked_at, checkins_total
         FROM (SELECT c.key_result_id,
                      arg_max(c.value, c.checked_at)${upTo} AS checkin_value,
                      arg_max(c.progress, c.checked_at)${upTo} AS checkin_progress,
                      arg_max(c.confidence, c.checked_at)${upTo} AS checkin_confidence,`;
  // Key results of those objectives with their latest check-in as of the date, link counts and recognitions.
  await run(
    `CREATE OR REPLACE TABLE ${K} AS
     WITH src AS (
       SELECT k.*, rowid AS ord,
              CASE WHEN rowid IN (SELECT min(rowid) FROM key_results WHERE objective_id IN (SELECT id FROM ${O} WHERE dup = 1) GROUP BY key_result_id)
                   THEN 1 ELSE 2 END AS dup
         FROM key_results k WHERE objective_id IN (SELECT id FROM ${O} WHERE dup = 1)
     ), ci AS (
       SELECT key_result_id, ${latestCheckIn}
                      max(c.checked_at)${upTo} AS checked_at,
                      count(*) AS checkins_total
                 FROM check_ins c WHERE c.key_result_id IN (SELECT key_result_id FROM src WHERE dup = 1)
                GROUP BY c.key_result_id)
     ), ref AS (
       SELECT coalesce($1::DATE, (SELECT max(checked_at) FROM ci), $2::DATE) AS day
     ), done AS (
       -- Whether a status is done, once per distinct status (per link row it split the list three times: 100k, ~90 ms).
       SELECT status, list_contains(string_split($3, $4), lower(trim(status))) AS done
         FROM (SELECT DISTINCT status FROM links WHERE status IS NOT NULL)
     ), l AS (
       SELECT l.key_result_id,
              count(*) FILTER (WHERE l.kind = 'milestone') AS milestones,
              count(*) FILTER (WHERE l.kind = 'milestone' AND d.done) AS milestones_done,
              count(*) FILTER (WHERE l.kind = 'milestone' AND NOT coalesce(d.done, false) AND l.due_date < (SELECT day FROM ref)) AS milestones_late,
              count(*) FILTER (WHERE l.kind = 'sprint') AS sprints,
              count(*) FILTER (WHERE l.kind = 'sprint' AND d.done) AS sprints_done
         FROM links l LEFT JOIN done d ON d.status = l.status
        WHERE l.key_result_id IN (SELECT key_result_id FROM src WHERE dup = 1)
        GROUP BY l.key_result_id
     ), r AS (
       SELECT key_result_id, count(*) AS rec_count, count(DISTINCT person_id) AS rec_people, max(given_at) AS rec_last
         FROM recognitions WHERE true${upToDate('given_at')}
        GROUP BY key_result_id
     ), v AS (
       SELECT k.*, CAST(k.start_value AS DOUBLE) AS s, CAST(k.target_value AS DOUBLE) AS g,
              ci.checkin_value, ci.checkin_progress, ci.checkin_confidence, ci.checked_at, coalesce(ci.checkins_total, 0) AS checkins_total,
              (ci.checkin_value IS NOT NULL OR ci.checkin_progress IS NOT NULL) AS has_ci,
              ($1::DATE IS NULL AND (k.current_value IS NOT NULL OR k.progress IS NOT NULL)) AS has_snap,
              l.milestones, l.milestones_done, l.milestones_late, l.sprints, l.sprints_done, r.rec_count, r.rec_people, r.rec_last
         FROM src k LEFT JOIN ci USING (key_result_id) LEFT JOIN l USING (key_result_id) LEFT JOIN r USING (key_result_id)
     ), w AS (
       SELECT *,
              CAST(CASE WHEN has_ci THEN checkin_value WHEN has_snap THEN current_value END AS DOUBLE) AS cur,
              CAST(CASE WHEN has_ci THEN checkin_progress WHEN has_snap THEN progress END AS DOUBLE) AS stated,
              CAST(coalesce(checkin_confidence, CASE WHEN $1::DATE IS NULL THEN confidence END) AS DOUBLE) AS conf_raw
         FROM v
     )
     SELECT w.key_result_id AS id, w.objective_id, coalesce(w.title, 'Untitled key result ' || w.key_result_id) AS title,
            w.owner_id AS own_owner_id,
            pn.name AS own_owner_name,
            w.s AS start_value, w.g AS target_value, w.unit,
            CASE WHEN w.weight IS NULL OR NOT isfinite(CAST(w.weight AS DOUBLE)) THEN 1.0 WHEN CAST(w.weight AS DOUBLE) <= 0 THEN 0.0 ELSE CAST(w.weight AS DOUBLE) END AS weight,
            w.cur AS current_value, w.stated AS stated_progress,
            coalesce(
              CASE WHEN w.s IS NOT NULL AND w.g IS NOT NULL AND w.cur IS NOT NULL AND isfinite(w.s) AND isfinite(w.g) AND isfinite(w.cur) AND w.g <> w.s
                   THEN ${clamp01('(w.cur - w.s) / (w.g - w.s)')} END,
              CASE WHEN isfinite(w.stated) THEN ${clamp01('w.stated')} END) AS progress,
            CASE WHEN isfinite(w.conf_raw) THEN ${clamp01('w.conf_raw')} END AS confidence,
            CASE WHEN w.has_ci THEN 'check-in' WHEN w.has_snap THEN 'snapshot'
                 WHEN w.conf_raw IS NOT NULL THEN CASE WHEN w.checkin_confidence IS NOT NULL THEN 'check-in' ELSE 'snapshot' END END AS value_source,
            CASE WHEN w.s IS NULL OR w.g IS NULL OR w.s = w.g THEN NULL WHEN w.g > w.s THEN 'increase' ELSE 'decrease' END AS direction,
            CASE WHEN w.has_ci OR (NOT w.has_snap AND w.conf_raw IS NOT NULL AND w.checkin_confidence IS NOT NULL) THEN w.checked_at END AS checked_at,
            w.checked_at AS last_checkin,
            w.checkins_total,
            coalesce(w.milestones, 0) AS milestones, coalesce(w.milestones_done, 0) AS milestones_done,
            coalesce(w.milestones_late, 0) AS milestones_late, coalesce(w.sprints, 0) AS sprints, coalesce(w.sprints_done, 0) AS sprints_done,
            coalesce(w.rec_count, 0) AS rec_count, coalesce(w.rec_people, 0) AS rec_people, w.rec_last,
            w.ord, w.dup
       FROM w LEFT JOIN ${NAMES_OF_PEOPLE} pn ON pn.person_id = w.owner_id`,
    [asOf, today, DONE_LINK_STATUSES.join(LIST_SEPARATOR), LIST_SEPARATOR],
  );

  // Every node: its alignment (before cycles are cut), its own values and display columns, and its number. The number
  // is only the node's identity in this build (dense, any order: a streaming row_number, no sort); node order
  // (buildCascade's) is `ord`, sibling order comes sorted with the forest's columns below. (Two windows sorting every
  // node by ord and by title, and a narrow node table joined back to O and K by id, were ~0.8 s at 100k.)
  // One plain equality join per kind: a LEFT JOIN per kind with the kind in its ON clause ran 17 s at 10k.
  await run(
    `CREATE OR REPLACE TABLE ${F} AS
     WITH ko AS (SELECT id, objective_id FROM ${K} WHERE dup = 1), oo AS (SELECT id FROM ${O} WHERE dup = 1),
     a AS (
       SELECT o.*,
              CASE WHEN ko.id IS NOT NULL THEN 'key_result:' || o.parent_key_result_id
                   WHEN o.parent_objective_id IN (SELECT id FROM oo) AND o.parent_objective_id <> o.id THEN 'objective:' || o.parent_objective_id
                   WHEN o.parent_key_result_id IS NULL AND o.parent_objective_id IS NULL AND o.level IS DISTINCT FROM 'company' THEN 'group:unaligned'
              END AS parent_key,
              -- Where its roll-up goes while its parent stands (the forest's rollupParent): the parent objective, or the
              -- objective of the parent key result.
              CASE WHEN ko.id IS NOT NULL THEN 'objective:' || ko.objective_id
                   WHEN o.parent_objective_id IN (SELECT id FROM oo) AND o.parent_objective_id <> o.id THEN 'objective:' || o.parent_objective_id
              END AS rparent_key
         FROM ${O} o LEFT JOIN ko ON ko.id = o.parent_key_result_id WHERE o.dup = 1
     ), nodes AS (
       SELECT 'objective' AS kind, o.id, 'objective:' || o.id AS key, o.parent_key, o.rparent_key,
              CASE WHEN o.parent_key IS NULL AND (o.parent_key_result_id IS NOT NULL OR o.parent_objective_id IS NOT NULL)
                   THEN CASE WHEN o.parent_key_result_id IS NULL AND o.parent_objective_id = o.id THEN 'cycle' ELSE 'dangling-reference' END END AS warning,
              o.title, o.level, o.owner_id, o.owner_name, o.team_id, o.team_name,
              o.weight, o.link_type, o.own_mode, o.stated_progress,
              NULL::DOUBLE AS start_value, NULL::DOUBLE AS target_value, NULL::VARCHAR AS unit, NULL::DOUBLE AS current_value,
              NULL::VARCHAR AS direction, NULL::VARCHAR AS value_source, NULL::DATE AS checked_at,
              NULL::BIGINT AS milestones, NULL::BIGINT AS milestones_done, NULL::BIGINT AS milestones_late,
              NULL::BIGINT AS sprints, NULL::BIGINT AS sprints_done, NULL::DOUBLE AS kr_progress, NULL::DOUBLE AS kr_confidence,
              NULL::BIGINT AS rec_count, NULL::BIGINT AS rec_people, NULL::DATE AS rec_last,
              o.level AS objective_level, o.ord, o.parent_key_result_id, o.parent_objective_id
         FROM a o
       UNION ALL
       SELECT 'key_result', k.id, 'key_result:' || k.id, 'objective:' || k.objective_id, NULL, NULL,
              k.title, NULL, coalesce(k.own_owner_id, po.owner_id),
              CASE WHEN k.own_owner_id IS NOT NULL THEN k.own_owner_name ELSE po.owner_name END, po.team_id, po.team_name,
              k.weight, 'contributes', NULL, k.stated_progress,
              k.start_value, k.target_value, k.unit, k.current_value, k.direction, k.value_source, k.checked_at,
              k.milestones, k.milestones_done, k.milestones_late, k.sprints, k.sprints_done, k.progress, k.confidence,
              k.rec_count, k.rec_people, k.rec_last, po.level, (SELECT max(ord) + 1 FROM ${O}) + k.ord, NULL, NULL
         FROM ${K} k JOIN ${O} po ON po.id = k.objective_id
        WHERE k.dup = 1 AND po.dup = 1
       UNION ALL
       SELECT 'group', 'unaligned', 'group:unaligned', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1.0, 'contributes', NULL, NULL,
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e12, NULL, NULL
        WHERE EXISTS (SELECT 1 FROM a WHERE parent_key = 'group:unaligned')
     )
     SELECT (row_number() OVER () - 1)::INTEGER AS nid, * FROM nodes`,
  );
  // The diagnostics in one statement: repeated ids (objectives, then key results), then alignments that are not in the cycle.
  for (const r of await queryRows<{ src: number; id: string; warning: string | null; parent_key_result_id: string | null; parent_objective_id: string | null }>(
    connector,
    `SELECT 0 AS src, id, NULL AS warning, NULL AS parent_key_result_id, NULL AS parent_objective_id, ord FROM ${O} WHERE dup > 1
     UNION ALL SELECT 1, id, NULL, NULL, NULL, ord FROM ${K} WHERE dup > 1
     UNION ALL SELECT 2, id, warning, parent_key_result_id, parent_objective_id, ord FROM ${F} WHERE warning IS NOT NULL
     ORDER BY src, ord`,
  )) {
    if (r.src === 0) {
      diagnostics.push({ severity: 'error', code: 'duplicate-id', message: `objective "${r.id}" appears more than once; the first is shown`, column: 'objective_id' });
    } else if (r.src === 1) {
      diagnostics.push({ severity: 'error', code: 'duplicate-id', message: `key result "${r.id}" appears more than once; the first is shown`, column: 'key_result_id' });
    } else {
      diagnostics.push({
        severity: 'warning',
        code: r.warning!,
        message: r.warning === 'cycle'
          ? `objective "${r.id}" is aligned to itself`
          : `objective "${r.id}" is aligned to "${r.parent_key_result_id ?? r.parent_objective_id}", which is not in this cycle`,
        column: r.parent_key_result_id != null ? 'parent_key_result_id' : 'parent_objective_id',
      });
    }
  }

  // The columns the forest pass reads, as doubles (NaN = null): no row objects. In sibling order (key results first,
  // then objectives, each by title, then id), which the forest pass keeps among each node's siblings. Sorted by parent
  // first: only siblings' titles are compared, and the pass reads no order across parents (100k people: 404 → ~210 ms CPU,
  // the sort of every node by title was three quarters of this statement).
  // The rule of privacy/okr-plan.ts and the views' suppressedSql: a key result of a non-company objective whose
  // team is under k enters no roll-up; without a min-group nothing is withheld and the team sizes are not counted.
  const withheld = withheldUnder === null
    ? { column: 'false', join: '', params: [] }
    : {
        column: 'w.withheld',
        join: `LEFT JOIN (
         SELECT f2.nid, (f2.kind = 'key_result' AND f2.team_id IS NOT NULL
                         AND f2.objective_level IS DISTINCT FROM 'company' AND coalesce(ts.n, 0) < $1::INTEGER) AS withheld
           FROM ${F} f2 LEFT JOIN (SELECT team_id, count(*) AS n FROM people WHERE team_id IS NOT NULL GROUP BY team_id) ts ON ts.team_id = f2.team_id
       ) w ON w.nid = f.nid`,
        params: [withheldUnder],
      };
  const columns = await connector.query(
    `SELECT f.nid::DOUBLE AS nid, coalesce(p.nid, -1)::DOUBLE AS parent,
            (CASE f.kind WHEN 'objective' THEN 0 WHEN 'key_result' THEN 1 ELSE 2 END)::DOUBLE AS kind,
            (CASE WHEN f.kind = 'group' THEN 2 WHEN f.warning IS NOT NULL THEN 1 ELSE 0 END)::DOUBLE AS root_class,
            f.weight::DOUBLE AS weight, (CASE WHEN f.link_type = 'supports' THEN 1 ELSE 0 END)::DOUBLE AS supports,
            (CASE f.own_mode WHEN 'krs' THEN 0 WHEN 'children' THEN 1 ELSE 2 END)::DOUBLE AS mode,
            CASE WHEN ${withheld.column} THEN 'NaN'::DOUBLE ELSE coalesce(f.kr_progress::DOUBLE, 'NaN'::DOUBLE) END AS progress,
            CASE WHEN ${withheld.column} THEN 'NaN'::DOUBLE ELSE coalesce(f.kr_confidence::DOUBLE, 'NaN'::DOUBLE) END AS confidence
       FROM ${F} f LEFT JOIN ${F} p ON p.key = f.parent_key
       ${withheld.join}
      ORDER BY coalesce(p.nid, -1), f.kind <> 'key_result', f.title, f.id`,
    withheld.params,
  );
  // What the node table needs beside the forest pass's output, sent before the pass so that a page's DuckDB worker
  // builds it while this thread runs the pass (else the worker idles through it): each objective's recognitions over
  // its key results (a key result's parent is its objective's node: only objectives are ever cut from a cycle).
  const recognitionsSent = run(
    `CREATE OR REPLACE TABLE ${P} AS
     WITH kagg AS (
       SELECT parent_key AS key, sum(rec_count) AS rec_count, max(rec_last) AS rec_last FROM ${F} WHERE kind = 'key_result' GROUP BY parent_key
     ), rp AS (
       SELECT f.parent_key AS key, count(DISTINCT x.person_id) AS n
         FROM ${F} f JOIN recognitions x ON x.key_result_id = f.id AND ($1::DATE IS NULL OR x.given_at <= $1::DATE)
        WHERE f.kind = 'key_result'
        GROUP BY f.parent_key
     )
     SELECT kagg.key, kagg.rec_count, kagg.rec_last, rp.n AS rec_people FROM kagg LEFT JOIN rp ON rp.key = kagg.key`,
    [asOf],
  );
  const droppedR = run(`DROP TABLE IF EXISTS ${R}`);
  for (const sent of [recognitionsSent, droppedR]) sent.catch(() => undefined);
  await nextTask();
  const nid = Float64Array.from(columns.getChild('nid')?.toArray() ?? []);
  /** A column by node number. */
  const col = (name: string) => {
    const values = (columns.getChild(name)?.toArray() ?? new Float64Array(0)) as Float64Array;
    const out = new Float64Array(nid.length);
    for (let j = 0; j < nid.length; j++) out[nid[j]!] = values[j]!;
    return out;
  };
  const input: ForestInput = {
    parent: col('parent'), kind: col('kind'), siblingOrder: nid, rootClass: col('root_class'), weight: col('weight'),
    supports: col('supports'), mode: col('mode'), progress: col('progress'), confidence: col('confidence'),
  };
  const unreached = unreachedNodes(input.parent);
  let cuts: number[] = [];
  if (unreached.length) {
    const ids = await queryRows<{ nid: number; kind: CascadeNodeKind; id: string }>(
      connector,
      // In node order, as buildCascade walks them: the first loop met is cut first.
      `SELECT nid, kind, id FROM ${F} WHERE nid IN (SELECT CAST(unnest(string_split($1, $2)) AS INTEGER)) ORDER BY ord`,
      [unreached.join(LIST_SEPARATOR), LIST_SEPARATOR],
    );
    const cycle = cutCycles(ids.map((r) => ({ node: r.nid, kind: r.kind, id: r.id, parent: input.parent[r.nid]! })));
    cuts = cycle.cuts;
    diagnostics.push(...cycle.diagnostics);
  }
  const forest = layoutForest(input, cuts);
  // Whole numbers as INTEGER: T's joins on nid and its sort by preorder need no cast per row.
  const vectors: Record<string, Vector> = {
    nid: int32Vector(Float64Array.from(input.parent, (_, i) => i)),
    parent_nid: int32Vector(forest.parent.map((x) => (x < 0 ? NaN : x))),
    depth: int32Vector(forest.depth),
    odepth: int32Vector(forest.odepth),
    preorder: int32Vector(forest.preorder),
    pos: int32Vector(forest.position),
    set_size: int32Vector(forest.siblings),
    in_cycle: float64Vector(forest.inCycle),
    in_group: float64Vector(forest.inGroup),
    child_count: int32Vector(forest.childCount),
    objective_child_count: int32Vector(forest.objectiveChildCount),
    descendants: int32Vector(forest.descendants),
    rparent_nid: int32Vector(forest.rollupParent),
    // The parent's and the roll-up parent's outline positions: a selection walks up from its focus and finds the
    // open nodes' children by integer in the outline-ordered node table, not by text key.
    parent_pre: int32Vector(forest.parent.map((x) => (x < 0 ? NaN : forest.preorder[x]!))),
    rparent_pre: int32Vector(forest.rollupParent.map((x) => (Number.isNaN(x) ? NaN : forest.preorder[x]!))),
  };
  for (const v of ROLLUP_VARIANTS) {
    vectors[`p_${v}`] = float64Vector(forest.rollup[v].progress);
    vectors[`c_${v}`] = float64Vector(forest.rollup[v].confidence);
    vectors[`v_${v}`] = float64Vector(forest.rollup[v].coverage);
  }
  await droppedR;
  await connector.insertArrowIPC(`${name}_r`, tableToIPC(new Table(vectors), 'stream'), { create: true });
  const otherVariants = ROLLUP_VARIANTS.filter((v) => v !== 'own').flatMap((v) => [`p_${v}`, `c_${v}`, `v_${v}`]);

  await recognitionsSent;
  // The node table the views read, in outline order: narrow (what their conditions, counts and roll-ups read);
  // the text and values a row shows stay in F, fetched by nid for the rows a view draws. Sorting and writing
  // every node's ~20 display columns here was most of this statement (10k: ~320 ms of the build's ~1 s, Node).
  await run(
    `CREATE OR REPLACE TABLE ${T} AS
     WITH ts AS (SELECT team_id, count(*) AS team_size FROM people WHERE team_id IS NOT NULL GROUP BY team_id)
     SELECT f.nid, f.kind, f.id, f.key, f.owner_id, f.team_id, f.objective_level,
            -- The parent's key is the alignment's unless the cycle cut removed it (no join to find the keys by number).
            CASE WHEN r.parent_nid IS NOT NULL THEN f.parent_key END AS parent,
            CASE WHEN r.rparent_nid IS NOT NULL THEN f.rparent_key END AS rparent,
            r.depth, r.odepth, r.preorder, r.pos, r.set_size,
            r.in_cycle <> 0 AS in_cycle, r.in_group <> 0 AS in_group,
            r.child_count, r.objective_child_count, r.descendants,
            CASE WHEN f.kind = 'objective' THEN coalesce(pr.rec_count, 0) ELSE coalesce(f.rec_count, 0) END AS rec_count,
            CASE WHEN f.kind = 'objective' THEN coalesce(pr.rec_people, 0) ELSE coalesce(f.rec_people, 0) END AS rec_people,
            CASE WHEN f.kind = 'objective' THEN pr.rec_last ELSE f.rec_last END AS rec_last,
            coalesce(ts.team_size, 0) AS team_size,
            r.* EXCLUDE (nid, parent_nid, rparent_nid, depth, odepth, preorder, pos, set_size, in_cycle, in_group, child_count, objective_child_count, descendants,
                         ${otherVariants.join(', ')})
       FROM ${F} f
       JOIN ${R} r ON r.nid = f.nid
       LEFT JOIN ${P} pr ON pr.key = f.key
       LEFT JOIN ts ON ts.team_id = f.team_id
      ORDER BY r.preorder`,
  );

  const [meta] = await queryRows<{ objectives: number; key_results: number; unaligned: number; company: number; data_date: string | null }>(
    connector,
    `SELECT count(*) FILTER (WHERE kind = 'objective') AS objectives,
            count(*) FILTER (WHERE kind = 'key_result') AS key_results,
            count(*) FILTER (WHERE parent = 'group:unaligned') AS unaligned,
            count(*) FILTER (WHERE kind = 'objective' AND objective_level = 'company' AND parent IS NULL) AS company,
            (SELECT max(last_checkin) FROM ${K}) AS data_date
       FROM ${T}`,
  );
  // Rows per outline level with everything to that level open (a large group stays closed).
  const closeGroup = (meta?.unaligned ?? 0) > GROUP_OPEN_LIMIT;
  const withKr: number[] = [];
  const withoutKr: number[] = [];
  let maxDepth = 0;
  let groupPreorder: number | null = null;
  for (let i = 0; i < forest.depth.length; i++) {
    maxDepth = Math.max(maxDepth, forest.depth[i]!);
    if (input.kind[i] === 2) groupPreorder = forest.preorder[i]!;
    if (closeGroup && forest.inGroup[i] && input.kind[i] !== 2) continue;
    withKr[forest.depth[i]!] = (withKr[forest.depth[i]!] ?? 0) + 1;
    if (input.kind[i] !== 1) withoutKr[forest.odepth[i]!] = (withoutKr[forest.odepth[i]!] ?? 0) + 1;
  }
  // The build's intermediate tables, in one round trip.
  await run(`DROP TABLE IF EXISTS ${O}; DROP TABLE IF EXISTS ${K}; DROP TABLE IF EXISTS ${P}`);

  const dataDate = meta?.data_date ?? null;
  const referenceDate = asOf ?? dataDate ?? cycle.end_date;
  return {
    table: T,
    display: F,
    variants: R,
    cycle,
    as_of: asOf,
    data_date: dataDate,
    reference_date: referenceDate,
    elapsed: cycleElapsedShare(cycle.start_date, cycle.end_date, referenceDate),
    objectives: meta?.objectives ?? 0,
    key_results: meta?.key_results ?? 0,
    unaligned: meta?.unaligned ?? 0,
    company: meta?.company ?? 0,
    max_depth: maxDepth,
    group_preorder: groupPreorder,
    rows_by_level: { with_key_results: Array.from(withKr, (x) => x ?? 0), without_key_results: Array.from(withoutKr, (x) => x ?? 0) },
    diagnostics,
  };
}
