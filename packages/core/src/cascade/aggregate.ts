import { queryRows, type Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import { derived } from '../queries/derived.js';
import { quoteIdentifier } from '../sql.js';
import { DONE_LINK_STATUSES, LIST_SEPARATOR, parseAsOf, queryCascadeCycle } from './query.js';
import { cycleElapsedShare } from './status.js';
import type { CascadeCycleInfo, RollupMode } from './types.js';

/**
 * The cascade's pre-aggregate: one DuckDB table per cycle × as-of date, built once per data version,
 * holding every node (objectives, key results, the "not aligned" group) with its place in the forest
 * (parent after cycles are cut, depth, outline path, sibling position, child and descendant counts)
 * and its rolled-up progress, confidence and coverage under each roll-up variant: `own` (each
 * objective's `rollup_mode`, else both), `krs`, `children`, `both`. The views then read only the
 * rows that are open. The rules are those of `buildCascade` (the full-tree path the CLI prints);
 * a test holds the two equal on the seeded sample for every variant and as-of date.
 */


/** A group (the objectives aligned to no company objective) opens with the levels only when it is this small. */
export const GROUP_OPEN_LIMIT = 25;

/** The four roll-up variants the table holds; `own` is each objective's own mode. */
export type RollupVariant = 'own' | RollupMode;

export function rollupVariant(rollup: RollupMode | null | undefined): RollupVariant {
  return rollup ?? 'own';
}

export interface CascadeAggregate {
  /** Quoted name of the node table. */
  table: string;
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

/** The pre-aggregate for a cycle and as-of date (built on first use per data version). */
export function cascadeAggregate(
  connector: Connector,
  options: { cycle?: string | null; asOf?: string | null } = {},
): Promise<CascadeAggregate> {
  const asOf = parseAsOf(options.asOf);
  // Today only matters for "late" milestones when nothing else dates the data; a new day is a new build.
  const today = new Date().toISOString().slice(0, 10);
  const key = JSON.stringify([options.cycle ?? null, asOf, today]);
  return derived(connector, `agg:cascade:${key}`, () => buildAggregate(connector, options.cycle ?? null, asOf, today, tableFor(key)));
}

const VARIANTS: readonly RollupVariant[] = ['own', 'krs', 'children', 'both'];

/** SQL of one variant's roll-up for the objective row `x` (columns k_* of its key results, c_* of its objective parts). */
function rollupSql(v: RollupVariant): string {
  const mode = v === 'own' ? 'x.own_mode' : `'${v}'`;
  const useK = `(${mode} = 'both' OR (${mode} = 'krs' AND x.k_n > 0) OR (${mode} = 'children' AND coalesce(x.c_n, 0) = 0))`;
  const useC = `(${mode} = 'both' OR (${mode} = 'children' AND coalesce(x.c_n, 0) > 0) OR (${mode} = 'krs' AND x.k_n = 0))`;
  const sum = (k: string, c: string) => `(CASE WHEN ${useK} THEN x.${k} ELSE 0 END + CASE WHEN ${useC} THEN coalesce(x.${c}_${v}, 0) ELSE 0 END)`;
  const wa = sum('k_wa', 'c_wa');
  const wd = sum('k_wd', 'c_wd');
  const wp = sum('k_wp', 'c_wp');
  const wc = sum('k_wc', 'c_wc');
  const wcc = sum('k_wcc', 'c_wcc');
  return `p_${v} = CASE WHEN x.kind <> 'objective' THEN p_${v} WHEN ${wd} > 0 THEN ${wp} / ${wd} END,
          c_${v} = CASE WHEN x.kind <> 'objective' THEN c_${v} WHEN ${wc} > 0 THEN ${wcc} / ${wc} END,
          v_${v} = CASE WHEN x.kind <> 'objective' THEN NULL WHEN ${wa} > 0 THEN ${wd} / ${wa} END`;
}

/** Aggregates of the objective parts (per variant) an objective's roll-up draws on. */
function partSql(v: RollupVariant): string {
  const counted = `weight > 0 AND link_type <> 'supports'`;
  return `sum(weight) FILTER (WHERE ${counted}) AS c_wa_${v},
          sum(weight) FILTER (WHERE ${counted} AND p_${v} IS NOT NULL) AS c_wd_${v},
          sum(weight * p_${v}) FILTER (WHERE ${counted} AND p_${v} IS NOT NULL) AS c_wp_${v},
          sum(weight) FILTER (WHERE ${counted} AND c_${v} IS NOT NULL) AS c_wc_${v},
          sum(weight * c_${v}) FILTER (WHERE ${counted} AND c_${v} IS NOT NULL) AS c_wcc_${v}`;
}

interface UnreachedRow {
  kind: string;
  id: string;
  key: string;
  parent_key: string | null;
  ord: number;
}

/**
 * Cut alignment cycles as `buildCascade` does: walk up from every node not reachable from a root
 * (in node order), and cut each loop at its smallest objective id. Only the unreachable nodes come
 * to JS, normally none.
 */
function cutCycles(unreached: readonly UnreachedRow[]): { cuts: string[]; diagnostics: Diagnostic[] } {
  const byKey = new Map(unreached.map((r) => [r.key, r]));
  const state = new Map<string, 1 | 2>();
  const cuts: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const parentOf = (r: UnreachedRow): UnreachedRow | undefined => (r.parent_key == null || cuts.includes(r.key) ? undefined : byKey.get(r.parent_key));
  for (const start of unreached) {
    if (state.has(start.key)) continue;
    const path: UnreachedRow[] = [];
    let at: UnreachedRow | undefined = start;
    while (at && !state.has(at.key)) {
      state.set(at.key, 1);
      path.push(at);
      at = parentOf(at);
    }
    if (at && state.get(at.key) === 1) {
      const loop = path.slice(path.indexOf(at));
      let cut: UnreachedRow | undefined;
      for (const n of loop) if (n.kind === 'objective' && (!cut || n.id < cut.id)) cut = n;
      cuts.push(cut!.key);
      diagnostics.push({
        severity: 'error',
        code: 'cycle',
        message: `alignment cycle: ${loop.map((n) => n.id).join(' → ')} → ${loop[0]!.id}; shown from "${cut!.id}" as a root`,
        column: 'parent_objective_id',
      });
    }
    for (const n of path) state.set(n.key, 2);
  }
  return { cuts, diagnostics };
}

async function buildAggregate(
  connector: Connector,
  cycleAsked: string | null,
  asOf: string | null,
  today: string,
  name: string,
): Promise<CascadeAggregate> {
  const T = quoteIdentifier(name);
  const O = quoteIdentifier(`${name}_o`);
  const K = quoteIdentifier(`${name}_k`);
  const N = quoteIdentifier(`${name}_n`);
  const F = quoteIdentifier(`${name}_f`);
  const cycle = (await queryCascadeCycle(connector, cycleAsked)) ?? { cycle_id: cycleAsked, name: null, start_date: null, end_date: null };
  const run = (sql: string, params: (string | number | null)[] = []) => connector.query(sql, params);
  const diagnostics: Diagnostic[] = [];

  // Objectives of the cycle, the first of each id (in load order), names joined.
  await run(
    `CREATE OR REPLACE TABLE ${O} AS
     WITH src AS (
       SELECT o.*, row_number() OVER (ORDER BY rowid) AS ord, row_number() OVER (PARTITION BY objective_id ORDER BY rowid) AS dup
         FROM objectives o WHERE cycle_id IS NOT DISTINCT FROM $1
     )
     SELECT o.objective_id AS id, coalesce(o.title, 'Untitled objective ' || o.objective_id) AS title, o.level, o.owner_id,
            p.name AS owner_name, o.team_id, t.name AS team_name, o.parent_objective_id, o.parent_key_result_id,
            CASE WHEN o.link_type = 'supports' THEN 'supports' ELSE 'contributes' END AS link_type,
            CASE WHEN o.weight IS NULL OR NOT isfinite(CAST(o.weight AS DOUBLE)) THEN 1.0 ELSE greatest(0.0, CAST(o.weight AS DOUBLE)) END AS weight,
            CASE WHEN o.rollup_mode IN ('krs', 'children', 'both') THEN o.rollup_mode ELSE 'both' END AS own_mode,
            CASE WHEN $2::DATE IS NULL THEN CAST(o.stated_progress AS DOUBLE) END AS stated_progress,
            o.ord, o.dup
       FROM src o
       LEFT JOIN (SELECT person_id, first(name ORDER BY rowid) AS name FROM people GROUP BY person_id) p ON p.person_id = o.owner_id
       LEFT JOIN (SELECT team_id, first(name ORDER BY rowid) AS name FROM teams GROUP BY team_id) t ON t.team_id = o.team_id`,
    [cycle.cycle_id, asOf],
  );
  // Key results of those objectives with their latest check-in as of the date, link counts and recognitions.
  await run(
    `CREATE OR REPLACE TABLE ${K} AS
     WITH src AS (
       SELECT k.*, row_number() OVER (ORDER BY rowid) AS ord, row_number() OVER (PARTITION BY key_result_id ORDER BY rowid) AS dup
         FROM key_results k WHERE objective_id IN (SELECT id FROM ${O} WHERE dup = 1)
     ), ci AS (
       SELECT c.key_result_id,
              arg_max(c.value, c.checked_at) FILTER (WHERE c.value IS NOT NULL AND ($1::DATE IS NULL OR c.checked_at <= $1::DATE)) AS checkin_value,
              arg_max(c.progress, c.checked_at) FILTER (WHERE c.progress IS NOT NULL AND ($1::DATE IS NULL OR c.checked_at <= $1::DATE)) AS checkin_progress,
              arg_max(c.confidence, c.checked_at) FILTER (WHERE c.confidence IS NOT NULL AND ($1::DATE IS NULL OR c.checked_at <= $1::DATE)) AS checkin_confidence,
              max(c.checked_at) FILTER (WHERE $1::DATE IS NULL OR c.checked_at <= $1::DATE) AS checked_at,
              count(*) AS checkins_total
         FROM check_ins c WHERE c.key_result_id IN (SELECT key_result_id FROM src WHERE dup = 1)
        GROUP BY c.key_result_id
     ), ref AS (
       SELECT coalesce($1::DATE, (SELECT max(checked_at) FROM ci), $2::DATE) AS day
     ), l AS (
       SELECT l.key_result_id,
              count(*) FILTER (WHERE l.kind = 'milestone') AS milestones,
              count(*) FILTER (WHERE l.kind = 'milestone' AND list_contains(string_split($3, $4), lower(trim(l.status)))) AS milestones_done,
              count(*) FILTER (WHERE l.kind = 'milestone' AND NOT list_contains(string_split($3, $4), coalesce(lower(trim(l.status)), ''))
                                 AND l.due_date < (SELECT day FROM ref)) AS milestones_late,
              count(*) FILTER (WHERE l.kind = 'sprint') AS sprints,
              count(*) FILTER (WHERE l.kind = 'sprint' AND list_contains(string_split($3, $4), lower(trim(l.status)))) AS sprints_done
         FROM links l WHERE l.key_result_id IN (SELECT key_result_id FROM src WHERE dup = 1)
        GROUP BY l.key_result_id
     ), r AS (
       SELECT key_result_id, count(*) AS rec_count, count(DISTINCT person_id) AS rec_people, max(given_at) AS rec_last
         FROM recognitions WHERE $1::DATE IS NULL OR given_at <= $1::DATE
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
            (SELECT first(name ORDER BY rowid) FROM people p WHERE p.person_id = w.owner_id) AS own_owner_name,
            w.s AS start_value, w.g AS target_value, w.unit,
            CASE WHEN w.weight IS NULL OR NOT isfinite(CAST(w.weight AS DOUBLE)) THEN 1.0 ELSE greatest(0.0, CAST(w.weight AS DOUBLE)) END AS weight,
            w.cur AS current_value, w.stated AS stated_progress,
            coalesce(
              CASE WHEN w.s IS NOT NULL AND w.g IS NOT NULL AND w.cur IS NOT NULL AND isfinite(w.s) AND isfinite(w.g) AND isfinite(w.cur) AND w.g <> w.s
                   THEN least(1.0, greatest(0.0, (w.cur - w.s) / (w.g - w.s))) END,
              CASE WHEN isfinite(w.stated) THEN least(1.0, greatest(0.0, w.stated)) END) AS progress,
            CASE WHEN isfinite(w.conf_raw) THEN least(1.0, greatest(0.0, w.conf_raw)) END AS confidence,
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
       FROM w`,
    [asOf, today, DONE_LINK_STATUSES.join(LIST_SEPARATOR), LIST_SEPARATOR],
  );

  for (const r of await queryRows<{ id: string }>(connector, `SELECT id FROM ${O} WHERE dup > 1 ORDER BY ord`)) {
    diagnostics.push({ severity: 'error', code: 'duplicate-id', message: `objective "${r.id}" appears more than once; the first is shown`, column: 'objective_id' });
  }
  for (const r of await queryRows<{ id: string }>(connector, `SELECT id FROM ${K} WHERE dup > 1 ORDER BY ord`)) {
    diagnostics.push({ severity: 'error', code: 'duplicate-id', message: `key result "${r.id}" appears more than once; the first is shown`, column: 'key_result_id' });
  }

  // Every node with its alignment (before cycles are cut), in the node order of buildCascade.
  await run(
    `CREATE OR REPLACE TABLE ${N} AS
     WITH ko AS (SELECT id FROM ${K} WHERE dup = 1), oo AS (SELECT id FROM ${O} WHERE dup = 1),
     a AS (
       SELECT o.*,
              CASE WHEN o.parent_key_result_id IN (SELECT id FROM ko) THEN 'key_result:' || o.parent_key_result_id
                   WHEN o.parent_objective_id IN (SELECT id FROM oo) AND o.parent_objective_id <> o.id THEN 'objective:' || o.parent_objective_id
                   WHEN o.parent_key_result_id IS NULL AND o.parent_objective_id IS NULL AND o.level IS DISTINCT FROM 'company' THEN 'group:unaligned'
              END AS parent_key
         FROM ${O} o WHERE o.dup = 1
     )
     SELECT 'objective' AS kind, id, 'objective:' || id AS key, parent_key, ord,
            CASE WHEN parent_key IS NULL AND (parent_key_result_id IS NOT NULL OR parent_objective_id IS NOT NULL)
                 THEN CASE WHEN parent_key_result_id IS NULL AND parent_objective_id = id THEN 'cycle' ELSE 'dangling-reference' END END AS warning,
            parent_key_result_id, parent_objective_id
       FROM a
     UNION ALL
     SELECT 'key_result', id, 'key_result:' || id, 'objective:' || objective_id, (SELECT count(*) FROM oo) + ord, NULL, NULL, NULL
       FROM ${K} WHERE dup = 1
     UNION ALL
     SELECT 'group', 'unaligned', 'group:unaligned', NULL, 1e12, NULL, NULL, NULL
      WHERE EXISTS (SELECT 1 FROM a WHERE parent_key = 'group:unaligned')`,
  );
  for (const r of await queryRows<{ id: string; warning: string; parent_key_result_id: string | null; parent_objective_id: string | null }>(
    connector,
    `SELECT id, warning, parent_key_result_id, parent_objective_id FROM ${N} WHERE warning IS NOT NULL ORDER BY ord`,
  )) {
    diagnostics.push({
      severity: 'warning',
      code: r.warning,
      message: r.warning === 'cycle'
        ? `objective "${r.id}" is aligned to itself`
        : `objective "${r.id}" is aligned to "${r.parent_key_result_id ?? r.parent_objective_id}", which is not in this cycle`,
      column: r.parent_key_result_id != null ? 'parent_key_result_id' : 'parent_objective_id',
    });
  }

  const unreached = await queryRows<UnreachedRow>(
    connector,
    `WITH RECURSIVE r(key) AS (
       SELECT key FROM ${N} WHERE parent_key IS NULL
       UNION SELECT n.key FROM ${N} n JOIN r ON n.parent_key = r.key
     )
     SELECT kind, id, key, parent_key, ord FROM ${N} WHERE key NOT IN (SELECT key FROM r) ORDER BY ord`,
  );
  const { cuts, diagnostics: cycleDiagnostics } = cutCycles(unreached);
  diagnostics.push(...cycleDiagnostics);

  // The forest: parent after the cuts, sibling order (key results first, then objectives, each by title),
  // depth, level without key results, outline path; then the node's own values.
  await run(
    `CREATE OR REPLACE TABLE ${F} AS
     WITH RECURSIVE cut AS (
       SELECT unnest(keys) AS k, generate_subscripts(keys, 1) AS cut_ord FROM (SELECT string_split($1, $2) AS keys) WHERE $1 <> ''
     ), n AS (
       SELECT n.kind, n.id, n.key, n.ord, n.warning,
              CASE WHEN c.k IS NOT NULL THEN NULL ELSE n.parent_key END AS parent,
              c.cut_ord,
              coalesce(o.title, k.title) AS title
         FROM ${N} n
         LEFT JOIN cut c ON c.k = n.key
         LEFT JOIN ${O} o ON n.kind = 'objective' AND o.id = n.id AND o.dup = 1
         LEFT JOIN ${K} k ON n.kind = 'key_result' AND k.id = n.id AND k.dup = 1
     ), sib AS (
       SELECT *,
              row_number() OVER (PARTITION BY coalesce(parent, '')
                ORDER BY CASE WHEN parent IS NOT NULL THEN 0 WHEN cut_ord IS NOT NULL THEN 3 WHEN kind = 'group' THEN 2 WHEN warning IS NOT NULL THEN 1 ELSE 0 END,
                         cut_ord, kind <> 'key_result', title, id) AS pos,
              count(*) OVER (PARTITION BY coalesce(parent, '')) AS set_size
         FROM n
     ), walk(key, kind, depth, odepth, path, in_group) AS (
       SELECT key, kind, 0, 0, [pos], kind = 'group' FROM sib WHERE parent IS NULL
       UNION ALL
       SELECT s.key, s.kind, w.depth + 1, w.odepth + CASE WHEN w.kind = 'key_result' THEN 0 ELSE 1 END, list_append(w.path, s.pos), w.in_group
         FROM sib s JOIN walk w ON s.parent = w.key
     )
     SELECT s.kind, s.id, s.key, s.parent, s.title, s.pos, s.set_size, s.cut_ord IS NOT NULL AS in_cycle,
            w.depth, w.odepth, w.path, w.in_group,
            CASE WHEN s.kind = 'objective' THEN o.level END AS level,
            CASE WHEN s.kind = 'objective' THEN o.owner_id WHEN s.kind = 'key_result' THEN coalesce(k.own_owner_id, po.owner_id) END AS owner_id,
            CASE WHEN s.kind = 'objective' THEN o.owner_name WHEN k.own_owner_id IS NOT NULL THEN k.own_owner_name ELSE po.owner_name END AS owner_name,
            coalesce(o.team_id, po.team_id) AS team_id, coalesce(o.team_name, po.team_name) AS team_name,
            coalesce(o.weight, k.weight, 1.0) AS weight, coalesce(o.link_type, 'contributes') AS link_type, o.own_mode,
            coalesce(o.stated_progress, k.stated_progress) AS stated_progress,
            k.start_value, k.target_value, k.unit, k.current_value, k.direction, k.value_source, k.checked_at,
            k.milestones, k.milestones_done, k.milestones_late, k.sprints, k.sprints_done,
            k.progress AS kr_progress, k.confidence AS kr_confidence,
            coalesce(k.rec_count, 0) AS rec_count, coalesce(k.rec_people, 0) AS rec_people, k.rec_last
       FROM sib s
       JOIN walk w ON w.key = s.key
       LEFT JOIN ${O} o ON s.kind = 'objective' AND o.id = s.id AND o.dup = 1
       LEFT JOIN ${K} k ON s.kind = 'key_result' AND k.id = s.id AND k.dup = 1
       LEFT JOIN ${O} po ON s.kind = 'key_result' AND po.id = k.objective_id AND po.dup = 1`,
    [cuts.join(LIST_SEPARATOR), LIST_SEPARATOR],
  );

  // Roll-up inputs: the parent whose roll-up a node enters (an objective aligned to a key result
  // enters that key result's objective), key-result aggregates per objective, child counts.
  const variantCols = VARIANTS.map((v) => `CAST(t.kr_progress AS DOUBLE) AS p_${v}, CAST(t.kr_confidence AS DOUBLE) AS c_${v}, CAST(NULL AS DOUBLE) AS v_${v}`).join(', ');
  await run(
    `CREATE OR REPLACE TABLE ${T} AS
     WITH t AS (SELECT * FROM ${F}),
     rp AS (
       SELECT c.key, CASE WHEN p.kind = 'objective' THEN p.key WHEN p.kind = 'key_result' THEN p.parent END AS rparent
         FROM t c JOIN t p ON p.key = c.parent WHERE c.kind = 'objective'
     ), kagg AS (
       SELECT parent AS key, count(*) AS k_n,
              coalesce(sum(weight) FILTER (WHERE weight > 0), 0) AS k_wa,
              coalesce(sum(weight) FILTER (WHERE weight > 0 AND kr_progress IS NOT NULL), 0) AS k_wd,
              coalesce(sum(weight * kr_progress) FILTER (WHERE weight > 0 AND kr_progress IS NOT NULL), 0) AS k_wp,
              coalesce(sum(weight) FILTER (WHERE weight > 0 AND kr_confidence IS NOT NULL), 0) AS k_wc,
              coalesce(sum(weight * kr_confidence) FILTER (WHERE weight > 0 AND kr_confidence IS NOT NULL), 0) AS k_wcc,
              sum(rec_count) AS k_rec_count, max(rec_last) AS k_rec_last
         FROM t WHERE kind = 'key_result' GROUP BY parent
     ), cc AS (SELECT parent AS key, count(*) AS child_count FROM t WHERE parent IS NOT NULL GROUP BY parent),
     oc AS (SELECT rparent AS key, count(*) AS objective_child_count FROM rp WHERE rparent IS NOT NULL GROUP BY rparent),
     ts AS (SELECT team_id, count(*) AS team_size FROM people WHERE team_id IS NOT NULL GROUP BY team_id)
     SELECT t.* EXCLUDE (rec_count, rec_last),
            CASE WHEN t.kind = 'objective' THEN coalesce(kagg.k_rec_count, 0) ELSE t.rec_count END AS rec_count,
            CASE WHEN t.kind = 'objective' THEN kagg.k_rec_last ELSE t.rec_last END AS rec_last,
            rp.rparent, pd.depth AS rparent_depth,
            coalesce(kagg.k_n, 0) AS k_n, coalesce(kagg.k_wa, 0) AS k_wa, coalesce(kagg.k_wd, 0) AS k_wd, coalesce(kagg.k_wp, 0) AS k_wp,
            coalesce(kagg.k_wc, 0) AS k_wc, coalesce(kagg.k_wcc, 0) AS k_wcc,
            coalesce(cc.child_count, 0) AS child_count,
            CASE WHEN t.kind = 'group' THEN coalesce(cc.child_count, 0) ELSE coalesce(oc.objective_child_count, 0) END AS objective_child_count,
            coalesce(ts.team_size, 0) AS team_size,
            0 AS descendants, ${variantCols}
       FROM t
       LEFT JOIN rp ON rp.key = t.key
       LEFT JOIN t pd ON pd.key = rp.rparent
       LEFT JOIN kagg ON kagg.key = t.key
       LEFT JOIN cc ON cc.key = t.key
       LEFT JOIN oc ON oc.key = t.key
       LEFT JOIN ts ON ts.team_id = t.team_id
      ORDER BY t.path`,
  );
  // rec_people of an objective: distinct people over its key results.
  await run(
    `UPDATE ${T} SET rec_people = x.n FROM (
       SELECT k.parent AS key, count(DISTINCT r.person_id) AS n
         FROM ${T} k JOIN recognitions r ON r.key_result_id = k.id AND ($1::DATE IS NULL OR r.given_at <= $1::DATE)
        WHERE k.kind = 'key_result' GROUP BY k.parent
     ) x WHERE ${T}.key = x.key`,
    [asOf],
  );

  const [meta] = await queryRows<{ max_depth: number | null; objectives: number; key_results: number; unaligned: number; company: number; data_date: string | null }>(
    connector,
    `SELECT max(depth) AS max_depth, count(*) FILTER (WHERE kind = 'objective') AS objectives,
            count(*) FILTER (WHERE kind = 'key_result') AS key_results,
            count(*) FILTER (WHERE parent = 'group:unaligned') AS unaligned,
            count(*) FILTER (WHERE kind = 'objective' AND level = 'company' AND parent IS NULL) AS company,
            (SELECT max(last_checkin) FROM ${K}) AS data_date
       FROM ${T}`,
  );
  const maxDepth = meta?.max_depth ?? 0;

  // Bottom-up, one level at a time: descendants and every variant's roll-up.
  const partCols = VARIANTS.map(partSql).join(',\n');
  const setCols = VARIANTS.map(rollupSql).join(',\n');
  for (let d = maxDepth; d >= 0; d--) {
    await run(
      `UPDATE ${T} SET descendants = coalesce(x.desc_sum, 0), ${setCols}
         FROM (
           SELECT n.key, n.kind, n.own_mode, n.k_n, n.k_wa, n.k_wd, n.k_wp, n.k_wc, n.k_wcc, ds.desc_sum, cp.*
             FROM ${T} n
             LEFT JOIN (SELECT parent, sum(descendants + 1) AS desc_sum FROM ${T} WHERE depth = $1 + 1 GROUP BY parent) ds ON ds.parent = n.key
             LEFT JOIN (SELECT rparent, count(*) AS c_n, ${partCols} FROM ${T} WHERE rparent_depth = $1 GROUP BY rparent) cp ON cp.rparent = n.key
            WHERE n.depth = $1
         ) x
        WHERE ${T}.key = x.key`,
      [d],
    );
  }

  const levels = await queryRows<{ lvl: number; with_kr: number; without_kr: number }>(
    connector,
    `SELECT lvl, sum(with_kr) AS with_kr, sum(without_kr) AS without_kr FROM (
       SELECT depth + 1 AS lvl, count(*) AS with_kr, 0 AS without_kr FROM ${T}
        WHERE NOT (in_group AND kind <> 'group' AND (SELECT count(*) FROM ${T} WHERE parent = 'group:unaligned') > $1) GROUP BY 1
       UNION ALL
       SELECT odepth + 1, 0, count(*) FROM ${T}
        WHERE kind <> 'key_result' AND NOT (in_group AND kind <> 'group' AND (SELECT count(*) FROM ${T} WHERE parent = 'group:unaligned') > $1) GROUP BY 1
     ) GROUP BY lvl ORDER BY lvl`,
    [GROUP_OPEN_LIMIT],
  );
  const withKr: number[] = [];
  const withoutKr: number[] = [];
  for (const l of levels) {
    withKr[l.lvl - 1] = l.with_kr;
    withoutKr[l.lvl - 1] = l.without_kr;
  }
  await run(`DROP TABLE IF EXISTS ${O}`);
  await run(`DROP TABLE IF EXISTS ${K}`);
  await run(`DROP TABLE IF EXISTS ${N}`);
  await run(`DROP TABLE IF EXISTS ${F}`);

  const dataDate = meta?.data_date ?? null;
  const referenceDate = asOf ?? dataDate ?? cycle.end_date;
  return {
    table: T,
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
    rows_by_level: { with_key_results: Array.from(withKr, (x) => x ?? 0), without_key_results: Array.from(withoutKr, (x) => x ?? 0) },
    diagnostics,
  };
}
