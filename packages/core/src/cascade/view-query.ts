import { queryRows, type Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import { pseudonymIndex, type PseudonymIndex } from '../privacy/pseudonym-index.js';
import { hierarchiesFor, MANAGER_CLOSURE, TEAM_CLOSURE } from '../queries/hierarchy.js';
import { DEFAULT_MIN_GROUP, type NamedQueryOptions, type OrgFilter } from '../queries/options.js';
import type { PrepareOptions } from '../queries/registry.js';
import { derived, isServed } from '../queries/derived.js';
import { inIntegerList, LIST_SEPARATOR, type SqlParam } from '../sql.js';
import { GROUP_OPEN_LIMIT, NAMES_OF_PEOPLE, cascadeAggregate, rollupVariant, type CascadeAggregate } from './aggregate.js';
import { UNALIGNED_GROUP_TITLE } from './build.js';
import { isRollupMode } from './rollup.js';
import { DEFAULT_STATUS_THRESHOLDS, cascadeStatus } from './status.js';
import {
  CASCADE_STATUSES, type CascadeCycleInfo, type CascadeNode, type CascadeLinks, type CascadeNodeKind, type CascadeStatus, type RollupMode,
  type StatusThresholds, type ValueSource,
} from './types.js';

/**
 * The cascade as a view reads it: only what is open. `cascade` gives the summary and the rows of
 * the first render (the top levels, the children of what is expanded, the path to what the linked
 * filter names); `cascade-children` the children of nodes being expanded; `cascade-search` the
 * nodes whose text matches, with the path that reveals each; `cascade-recognitions` who was
 * recognised on a key result or objective, and when. All read the pre-aggregate
 * (`cascadeAggregate`), so none walks the check-ins again.
 */

export interface CascadeViewOptions extends NamedQueryOptions {
  /** Roll-up mode for every objective (default: each objective's own, else both). */
  rollup?: RollupMode | null;
  thresholds?: Partial<StatusThresholds>;
  /** Levels open at first (1 = roots only); null = automatic (about 200 rows); `'all'` = everything. */
  depth?: number | 'all' | null;
  /** Key results shown as nodes (default true); hidden, objectives aligned to one move up to its objective. */
  showKeyResults?: boolean;
  /** Node keys that are open besides the opening depth (kept across a re-query). */
  expanded?: readonly string[];
}

export interface CascadeRecognitionSummary {
  /** Recognitions on this key result (an objective: on its key results). Null when suppressed. */
  count: number | null;
  /** Distinct people recognised. Null when suppressed. */
  people: number | null;
  /** Latest recognition date (ISO). */
  last: string | null;
}

/** The node fields a view shows as `buildCascade` computes them (documented on `CascadeNode`). */
type SharedNodeFields = Pick<
  CascadeNode,
  | 'progress' | 'stated_progress' | 'confidence' | 'status' | 'weight' | 'link_type' | 'rollup' | 'coverage'
  | 'start_value' | 'target_value' | 'current_value' | 'unit' | 'direction' | 'value_source' | 'checked_at' | 'links' | 'in_cycle'
>;

/** One node as a view receives it: a `CascadeNode` without array indices, with its counts. */
export interface CascadeViewNode extends SharedNodeFields {
  key: string;
  id: string;
  kind: CascadeNodeKind;
  title: string;
  level: string | null;
  /** The owner's id, or their pseudonym code with `anonymize`. */
  owner_id: string | null;
  /** The owner's name, or "Owner CODE" with `anonymize`. */
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  parent_key: string | null;
  parent_id: string | null;
  parent_kind: CascadeNodeKind | null;
  depth: number;
  /** Position among its siblings (1-based) and their number. */
  position: number;
  siblings: number;
  descendants: number;
  child_count: number;
  /** Children shown when key results are hidden (objectives, direct or through a key result). */
  objective_child_count: number;
  recognitions: CascadeRecognitionSummary;
  /** Numbers withheld: with `anonymize`, the node's team has fewer than `minGroup` people. */
  suppressed: boolean;
}

export interface CascadeViewResult {
  cycle: CascadeCycleInfo;
  as_of: string | null;
  reference_date: string | null;
  elapsed: number | null;
  rollup: RollupMode | null;
  thresholds: StatusThresholds;
  objectives: number;
  key_results: number;
  unaligned: number;
  company: number;
  /** Objectives per status (withheld ones under `withheld`, never `no-data`). */
  status_counts: Record<CascadeStatus, number>;
  diagnostics: Diagnostic[];
  /** The opening depth used, and the automatic one. */
  depth: number;
  auto_depth: number;
  /**
   * Roots, and the children of every open node, in outline order; of a large group opened only for
   * the focus path, just its children on that path (its `child_count` says how many it has).
   */
  nodes: CascadeViewNode[];
  /** Keys open at first: the opening depth, `expanded`, and the path to each `focus` node. */
  open: string[];
  /** Nodes the linked filter names (at most `FOCUS_LIMIT`), in outline order. */
  focus: string[];
  anonymized: boolean;
  min_group: number | null;
}

/** The "not aligned" group's node key. */
const UNALIGNED_GROUP_KEY = 'group:unaligned';

export const FOCUS_LIMIT = 200;
export const SEARCH_LIMIT = 1000;

/** A node row's columns of the node table (`t`)… */
const NODE_COLUMNS = `t.nid, t.kind, t.id, t.key, t.parent, t.pos, t.set_size, t.in_cycle, t.depth, t.owner_id, t.team_id,
  t.rec_count, t.rec_people, t.rec_last, t.child_count, t.objective_child_count, t.descendants, t.team_size, t.objective_level`;
/** …and of its display table (by nid). */
const DISPLAY_COLUMNS = ['title', 'level', 'owner_name', 'team_name', 'weight', 'link_type', 'own_mode', 'stated_progress', 'start_value',
  'target_value', 'unit', 'current_value', 'direction', 'value_source', 'checked_at', 'milestones', 'milestones_done', 'milestones_late',
  'sprints', 'sprints_done'] as const;

interface NodeRow {
  kind: CascadeNodeKind;
  id: string;
  key: string;
  parent: string | null;
  title: string | null;
  pos: number;
  set_size: number;
  in_cycle: boolean;
  depth: number;
  level: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  weight: number;
  link_type: string;
  own_mode: RollupMode | null;
  stated_progress: number | null;
  start_value: number | null;
  target_value: number | null;
  unit: string | null;
  current_value: number | null;
  direction: 'increase' | 'decrease' | null;
  value_source: ValueSource;
  checked_at: string | null;
  milestones: number | null;
  milestones_done: number | null;
  milestones_late: number | null;
  sprints: number | null;
  sprints_done: number | null;
  rec_count: number;
  rec_people: number;
  rec_last: string | null;
  child_count: number;
  objective_child_count: number;
  descendants: number;
  team_size: number;
  /** The objective's level (a key result: its objective's), for the shared withholding rule. */
  objective_level: string | null;
  progress: number | null;
  confidence: number | null;
  coverage: number | null;
}

/** The display table's part of a node row (`DISPLAY_COLUMNS`). */
type DisplayRow = { nid: number } & Pick<NodeRow, (typeof DISPLAY_COLUMNS)[number]>;

interface Context {
  agg: CascadeAggregate;
  options: CascadeViewOptions;
  rollup: RollupMode | null;
  thresholds: StatusThresholds;
  names: PseudonymIndex | null;
  minGroup: number | null;
}

/** The min-group of an anonymized view (its roll-ups and numbers withhold under it); null when not anonymized. */
function withheldUnder(options: { minGroup?: number | undefined; anonymize?: boolean | undefined }): number | null {
  return options.anonymize ? Math.max(1, options.minGroup ?? DEFAULT_MIN_GROUP) : null;
}

async function context(connector: Connector, options: CascadeViewOptions): Promise<Context> {
  if (options.rollup != null && !isRollupMode(options.rollup)) {
    throw new RangeError(`roll-up mode "${String(options.rollup)}" is not one of krs, children, both`);
  }
  const minGroup = withheldUnder(options);
  // Anonymized, withheld key results enter no roll-up (a shown parent minus its shown parts would give them away).
  const agg = await cascadeAggregate(connector, { cycle: options.cycle ?? null, asOf: options.asOf ?? null, withheldUnder: minGroup });
  const names = options.anonymize ? await pseudonymIndex(connector, options.salt ?? '') : null;
  return {
    agg,
    options,
    rollup: options.rollup ?? null,
    thresholds: { ...DEFAULT_STATUS_THRESHOLDS, ...options.thresholds },
    names,
    minGroup,
  };
}

/**
 * Columns of the node's numbers under the chosen roll-up variant (the identifiers come from a fixed set), for a
 * FROM holding the node table as `t`; `join` adds the variants' table (`CascadeAggregate.variants`) unless the
 * variant is `own`, which the node table holds.
 */
function numberColumns(ctx: Context): { columns: string; join: string } {
  const v = rollupVariant(ctx.rollup);
  const t = v === 'own' ? 't' : 'v';
  return {
    columns: `${t}.p_${v} AS progress, ${t}.c_${v} AS confidence, ${t}.v_${v} AS coverage`,
    join: v === 'own' ? '' : `JOIN ${ctx.agg.variants} v ON v.nid = t.nid`,
  };
}

/**
 * The suppression rule as SQL over a node row (true = withhold its numbers); `$n` is the min-group
 * parameter. The same rule as the burn-down's (`privacy/okr-plan.ts`): the objective's team (a key
 * result: its objective's) has fewer than min-group people, company-level objectives excepted.
 */
function suppressedSql(param: string): string {
  return `(${param}::INTEGER IS NOT NULL AND team_id IS NOT NULL AND objective_level IS DISTINCT FROM 'company' AND team_size < ${param}::INTEGER)`;
}

function toViewNode(r: NodeRow, ctx: Context): CascadeViewNode {
  const suppressed = ctx.minGroup != null && r.kind !== 'group' && r.team_id != null && r.objective_level !== 'company' && r.team_size < ctx.minGroup;
  const names = ctx.names;
  const owner = r.owner_id == null ? null : names ? names.code(r.owner_id) : r.owner_id;
  const ownerName = r.owner_id == null ? (names ? null : r.owner_name) : names ? names.label(r.owner_id, 'Owner') : r.owner_name;
  const parentKind = r.parent == null || r.parent.startsWith('group:') ? null : (r.parent.slice(0, r.parent.indexOf(':')) as CascadeNodeKind);
  const progress = suppressed ? null : r.progress;
  const confidence = suppressed ? null : r.confidence;
  const recSuppressed = ctx.minGroup != null && r.rec_people > 0 && r.rec_people < ctx.minGroup;
  return {
    key: r.key,
    id: r.id,
    kind: r.kind,
    title: r.kind === 'group' ? UNALIGNED_GROUP_TITLE : (r.title ?? r.id),
    level: r.level,
    owner_id: owner,
    owner_name: ownerName,
    team_id: r.team_id,
    team_name: r.team_name,
    parent_key: r.parent,
    parent_id: parentKind ? r.parent!.slice(r.parent!.indexOf(':') + 1) : null,
    parent_kind: parentKind,
    depth: r.depth,
    position: r.pos,
    siblings: r.set_size,
    descendants: r.descendants,
    child_count: r.child_count,
    objective_child_count: r.objective_child_count,
    progress,
    stated_progress: suppressed ? null : r.stated_progress,
    confidence,
    // Anonymize replaces identities, never figures: a withheld node says so, it is not "no data".
    status: suppressed ? 'withheld' : r.kind === 'group' ? 'no-data' : cascadeStatus(progress, confidence, ctx.agg.elapsed, ctx.thresholds),
    weight: r.weight,
    link_type: r.link_type === 'supports' ? 'supports' : 'contributes',
    rollup: r.kind === 'objective' ? (ctx.rollup ?? r.own_mode ?? 'both') : null,
    coverage: suppressed ? null : r.coverage,
    start_value: r.start_value,
    target_value: r.target_value,
    current_value: suppressed ? null : r.current_value,
    unit: r.unit,
    direction: r.direction,
    value_source: suppressed ? null : r.value_source,
    checked_at: suppressed ? null : r.checked_at,
    links: r.kind === 'key_result'
      ? {
          milestones: r.milestones ?? 0, milestones_done: r.milestones_done ?? 0, milestones_late: r.milestones_late ?? 0,
          sprints: r.sprints ?? 0, sprints_done: r.sprints_done ?? 0,
        }
      : null,
    in_cycle: r.in_cycle,
    recognitions: {
      count: recSuppressed ? null : r.rec_count,
      people: recSuppressed ? null : r.rec_people,
      last: recSuppressed ? null : r.rec_last,
    },
    suppressed,
  };
}

/**
 * Turn a list into the one text parameter the queries split (`string_split(?, ?)`). Not sql.ts's `listParam`: an empty
 * list is '' here, which the statements test (`$4 <> ''`), where that one gives null.
 */
function listParam(values: readonly string[]): string {
  return values.join(LIST_SEPARATOR);
}

/** Resolve a filter value that may be a pseudonym (anonymized selections carry codes, never ids). */
function resolvePerson(ctx: Context, value: string): string {
  return ctx.names ? (ctx.names.resolve(value) ?? `\u0000unknown:${value}`) : value;
}

/** The linked filter as a WHERE clause over node rows, its values as parameters from `first`. */
function filterSql(ctx: Context, filter: OrgFilter, first: number): { sql: string; params: SqlParam[] } | null {
  const where: string[] = [];
  const params: SqlParam[] = [];
  // Called right after a push: the placeholder of the value just added.
  const p = () => `$${first + params.length - 1}`;
  if (filter.team_id != null) {
    params.push(filter.team_id);
    // The team and every team under it (the closure is built by `hierarchiesFor` before this runs).
    where.push(`kind = 'objective' AND team_id IN (SELECT team_id FROM ${TEAM_CLOSURE} WHERE ancestor_id = ${p()})`);
  }
  if (filter.objective_id != null) {
    params.push(filter.objective_id);
    where.push(`kind = 'objective' AND id = ${p()}`);
  }
  if (filter.key_result_id != null) {
    params.push(filter.key_result_id);
    where.push(`kind = 'key_result' AND id = ${p()}`);
  }
  if (filter.person_id != null) {
    params.push(resolvePerson(ctx, filter.person_id));
    where.push(`owner_id = ${p()}`);
  }
  if (filter.rater_id != null) {
    params.push(resolvePerson(ctx, filter.rater_id));
    where.push(`owner_id IN (SELECT person_id FROM people WHERE manager_id = ${p()})`);
  }
  if (filter.manager_id != null) {
    params.push(resolvePerson(ctx, filter.manager_id));
    where.push(`owner_id IN (SELECT person_id FROM ${MANAGER_CLOSURE} WHERE manager_id = ${p()})`);
  }
  if (filter.department != null) {
    params.push(filter.department);
    where.push(`owner_id IN (SELECT person_id FROM people WHERE department = ${p()})`);
  }
  if (filter.level != null) {
    params.push(filter.level);
    where.push(`owner_id IN (SELECT person_id FROM people WHERE level = ${p()})`);
  }
  if (!where.length) return null;
  return { sql: where.map((w) => `(${w})`).join(' AND '), params };
}

function openingDepth(agg: CascadeAggregate, showKeyResults: boolean): number {
  const levels = showKeyResults ? agg.rows_by_level.with_key_results : agg.rows_by_level.without_key_results;
  // As `autoDepth` in the element: the deepest level up to 4 that stays within 200 rows.
  let best = 1;
  let rows = levels[0] ?? 0;
  for (let d = 2; d <= 4; d++) {
    rows += levels[d - 1] ?? 0;
    if (rows > 200) break;
    best = d;
  }
  return best;
}

/** Rows of the nodes whose parent is one of `parentsSql`, and of objectives aligned to those parents' key results (`rparent`). */
function childrenWhere(parentsSql: string): string {
  return `parent IN (${parentsSql}) OR rparent IN (${parentsSql})`;
}

/**
 * The rows matching `where`, in outline order. Two steps: the positions from the narrow columns the
 * condition reads, then the wide rows of those positions: a range the scan prunes blocks by, joined
 * with the positions as one list parameter (an `IN ($n, …)` of hundreds of placeholders is tested value
 * by value on every row of the range: 600 positions spread over the tree took 294 → 211 ms at 100k
 * people, 88 → 57 ms at 10k, in Node; it also needs no separate path for thousands of rows).
 */
async function nodeRows(connector: Connector, ctx: Context, where: string, params: SqlParam[]): Promise<CascadeViewNode[]> {
  return (await nodeRowsAt(connector, ctx, where, params)).nodes;
}

/** `nodeRows` with each node's outline position (`positions[i]` is `nodes[i]`'s). */
async function nodeRowsAt(connector: Connector, ctx: Context, where: string, params: SqlParam[]): Promise<{ positions: number[]; nodes: CascadeViewNode[] }> {
  const found = await queryRows<{ preorder: number; nid: number }>(connector, `SELECT preorder, nid FROM ${ctx.agg.table} WHERE ${where}`, params);
  return rowsAt(connector, ctx, found);
}

/** The rows of the nodes `found` (their outline positions and node numbers, in any order), in outline order. */
async function rowsAt(connector: Connector, ctx: Context, found: { preorder: number; nid: number }[]): Promise<{ positions: number[]; nodes: CascadeViewNode[] }> {
  const t = ctx.agg.table;
  const served = isServed(connector);
  if (!found.length) return { positions: [], nodes: [] };
  found.sort((a, b) => a.preorder - b.preorder);
  const positions = found.map((r) => r.preorder);
  const numbers = numberColumns(ctx);
  const at = `WHERE t.preorder BETWEEN $1::INTEGER AND $2::INTEGER
          AND t.preorder IN ${inIntegerList('$3')}
        ORDER BY t.preorder`;
  const range = [positions[0]!, positions[positions.length - 1]!, listParam(positions.map(String))];
  if (!served) {
    // A page (DuckDB-WASM, one statement at a time): the node rows joined to their display rows.
    const rows = await queryRows<NodeRow>(
      connector,
      `SELECT ${NODE_COLUMNS}, ${DISPLAY_COLUMNS.map((c) => `d.${c}`).join(', ')}, ${numbers.columns}
         FROM ${t} t JOIN ${ctx.agg.display} d ON d.nid = t.nid ${numbers.join} ${at}`,
      range,
    );
    return { positions, nodes: rows.map((r) => toViewNode(r, ctx)) };
  }
  // A server: the display rows by nid beside (not joined to) the node rows, the two statements side by side on its pooled
  // connections. The join scanned every display row's ~20 columns (the nodes' numbers are spread over the table); a list
  // filter reads them for the rows it keeps (1M people, a team's 129 rows: 174 → ~75 ms). In DuckDB-WASM the list filter
  // costs as much as the join (100k: ~70 ms) and the statements queue one after the other: a page joins.
  const [rows, display] = await Promise.all([
    queryRows<Omit<NodeRow, keyof DisplayRow> & { nid: number }>(connector, `SELECT ${NODE_COLUMNS}, ${numbers.columns} FROM ${t} t ${numbers.join} ${at}`, range),
    queryRows<DisplayRow>(
      connector,
      `SELECT nid, ${DISPLAY_COLUMNS.join(', ')} FROM ${ctx.agg.display} WHERE nid IN ${inIntegerList('$1')}`,
      [listParam(found.map((r) => String(r.nid)))],
    ),
  ]);
  const byNid = new Map(display.map((d) => [d.nid, d]));
  return { positions, nodes: rows.map((r) => toViewNode({ ...r, ...byNid.get(r.nid)! }, ctx)) };
}

/** Objectives per status: once per pre-aggregate, roll-up variant, thresholds and minimum group. */
function statusCounts(connector: Connector, ctx: Context): Promise<Record<CascadeStatus, number>> {
  const key = `agg:cascade-status:${JSON.stringify([ctx.agg.table, ctx.agg.reference_date, ctx.rollup, ctx.thresholds, ctx.minGroup])}`;
  return derived(connector, key, () => countStatuses(connector, ctx));
}

async function countStatuses(connector: Connector, ctx: Context): Promise<Record<CascadeStatus, number>> {
  const counts = Object.fromEntries(CASCADE_STATUSES.map((s) => [s, 0])) as Record<CascadeStatus, number>;
  const t = ctx.thresholds;
  // cascadeStatus, over every objective at once (the summary sentence).
  const numbers = numberColumns(ctx);
  const rows = await queryRows<{ status: CascadeStatus; n: number }>(
    connector,
    `WITH x AS (
       SELECT ${numbers.columns}, ${suppressedSql('$6')} AS hidden FROM ${ctx.agg.table} t ${numbers.join} WHERE t.kind = 'objective'
     ), g AS (SELECT *, CASE WHEN progress IS NOT NULL AND $1::DOUBLE IS NOT NULL THEN $1::DOUBLE - progress END AS gap FROM x)
     SELECT CASE WHEN hidden THEN 'withheld' WHEN progress IS NULL AND confidence IS NULL THEN 'no-data'
                 WHEN progress >= 1 THEN 'done'
                 WHEN confidence < $2 OR gap > $3 THEN 'off-track'
                 WHEN confidence < $4 OR gap > $5 THEN 'at-risk'
                 ELSE 'on-track' END AS status, count(*) AS n
       FROM g GROUP BY 1`,
    [ctx.agg.elapsed, t.offTrackConfidence, t.offTrackGap, t.atRiskConfidence, t.atRiskGap, ctx.minGroup],
  );
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** `cascade`: the summary and the rows of the first render. */
export async function queryCascadeView(connector: Connector, options: CascadeViewOptions = {}): Promise<CascadeViewResult> {
  const ctx = await context(connector, options);
  const { agg } = ctx;
  const showKr = options.showKeyResults ?? true;
  const auto = openingDepth(agg, showKr);
  const all = options.depth === 'all' || options.depth === Infinity;
  const asked = typeof options.depth === 'number' ? options.depth : null;
  const depth = all ? Infinity : asked != null && asked >= 1 ? Math.floor(asked) : auto;
  await hierarchiesFor(connector, options);
  const filter = filterSql(ctx, options, 7);
  const params: SqlParam[] = [
    showKr, all ? 1e9 : depth, agg.unaligned > GROUP_OPEN_LIMIT && !all, listParam(options.expanded ?? []), LIST_SEPARATOR,
    ...(filter ? [FOCUS_LIMIT, ...filter.params] : []),
  ];
  const t = agg.table;
  // By outline position, not text key: the walk up from the focus joins integers, and T is in outline order
  // (at 100k people a team's selection: this statement ~55 → ~28 ms, the children's positions ~43 → ~25 ms CPU, Node).
  const focusCte = filter
    ? `focus AS (SELECT preorder, parent_pre, key FROM ${t} WHERE ${filter.sql} ORDER BY preorder LIMIT $6),
       up(preorder, parent_pre) AS (
         SELECT preorder, parent_pre FROM focus
         UNION SELECT a.preorder, a.parent_pre FROM ${t} a JOIN up ON a.preorder = up.parent_pre),`
    : `focus AS (SELECT NULL::INTEGER AS preorder, NULL::INTEGER AS parent_pre, NULL::VARCHAR AS key WHERE false),
       up(preorder, parent_pre) AS (SELECT NULL::INTEGER, NULL::INTEGER WHERE false),`;
  const openSql = `WITH RECURSIVE ${focusCte}
    open AS (
      SELECT preorder FROM ${t}
       WHERE (CASE WHEN $1 THEN depth ELSE odepth END) + 1 < $2
         AND ($1 OR kind <> 'key_result')
         AND (CASE WHEN $1 THEN child_count ELSE objective_child_count END) > 0
         AND NOT ($3 AND in_group)
      UNION SELECT preorder FROM ${t} WHERE $4 <> '' AND key IN (SELECT unnest(string_split($4, $5)))
      UNION SELECT parent_pre FROM up WHERE parent_pre IS NOT NULL
    )`;
  // A large group the opening keeps closed, open only because the focus path runs through it, brings
  // only its children on that path (the rest on request, `cascade-children`): all of them was the whole
  // "not aligned" list for every team with one such objective (50,000 rows, 38 MB of JSON at 1M people).
  const expanded = new Set(options.expanded ?? []);
  const group = agg.group_preorder;
  const closedGroup = agg.unaligned > GROUP_OPEN_LIMIT && !all && group !== null && !expanded.has(UNALIGNED_GROUP_KEY);
  const g = params.length + 1;
  params.push(closedGroup, group ?? -1);
  // One statement: the open set with the focus (a recursive walk up from the focus), and the positions of the rows
  // they show — the children of open nodes (of the closed group only those on the focus path). The open set is
  // materialized once: a statement reading the recursive CTE at three places ran it three times (5× slower). As two
  // dependent statements, the second waited a round trip (1M people over a server: ~45 ms).
  const marks = await queryRows<{ mark: 'open' | 'focus' | 'row'; preorder: number; key: string | null; nid: number | null }>(
    connector,
    `${openSql},
    opened AS MATERIALIZED (SELECT DISTINCT preorder FROM open),
    shown AS MATERIALIZED (SELECT preorder FROM opened UNION SELECT preorder FROM focus),
    whole AS (SELECT preorder FROM opened WHERE NOT ($${g} AND preorder = $${g + 1}::INTEGER)),
    partial AS (SELECT preorder FROM opened WHERE $${g} AND preorder = $${g + 1}::INTEGER)
    SELECT 'open' AS mark, preorder, NULL AS key, NULL::INTEGER AS nid FROM opened
    UNION ALL SELECT 'focus', preorder, key, NULL FROM focus
    UNION ALL SELECT 'row', preorder, NULL, nid FROM ${t}
     WHERE parent_pre IS NULL OR parent_pre IN (SELECT preorder FROM whole) OR rparent_pre IN (SELECT preorder FROM whole)
        OR (parent_pre IN (SELECT preorder FROM partial) AND preorder IN (SELECT preorder FROM shown))`,
    params,
  );
  // In outline order: the statement's own order is its engine's (native DuckDB's threads change it run to run).
  const openAt = marks.filter((m) => m.mark === 'open').map((m) => m.preorder).sort((a, b) => a - b);
  const focus = marks.filter((m) => m.mark === 'focus').map((m) => m.key!);
  const { positions, nodes } = await rowsAt(connector, ctx, marks.filter((m) => m.mark === 'row') as { preorder: number; nid: number }[]);
  // The open nodes' keys: nearly every open node is drawn; one that is not is looked up.
  const keyAt = new Map(positions.map((p, i) => [p, nodes[i]!.key]));
  const unseen = openAt.filter((p) => !keyAt.has(p));
  if (unseen.length) {
    const found = await queryRows<{ preorder: number; key: string }>(
      connector,
      `SELECT preorder, key FROM ${t} WHERE preorder IN ${inIntegerList('$1')}`,
      [listParam(unseen.map(String))],
    );
    for (const r of found) keyAt.set(r.preorder, r.key);
  }
  // An expanded key stays open as asked, even one that names no node here.
  const open = [...new Set([...openAt.map((p) => keyAt.get(p)!), ...expanded])];
  return {
    cycle: agg.cycle,
    as_of: agg.as_of,
    reference_date: agg.reference_date,
    elapsed: agg.elapsed,
    rollup: ctx.rollup,
    thresholds: ctx.thresholds,
    objectives: agg.objectives,
    key_results: agg.key_results,
    unaligned: agg.unaligned,
    company: agg.company,
    status_counts: await statusCounts(connector, ctx),
    diagnostics: agg.diagnostics,
    depth,
    auto_depth: auto,
    nodes,
    open,
    focus,
    anonymized: !!options.anonymize,
    min_group: ctx.minGroup,
  };
}

export interface CascadeChildrenOptions extends CascadeViewOptions {
  /** Keys of the nodes being expanded. */
  parents: readonly string[];
}

/** `cascade-children`: the children of `parents` (and the objectives aligned to their key results), in outline order. */
export async function queryCascadeChildren(connector: Connector, options: CascadeChildrenOptions): Promise<{ nodes: CascadeViewNode[] }> {
  const ctx = await context(connector, options);
  if (!options.parents.length) return { nodes: [] };
  return {
    nodes: await nodeRows(connector, ctx, childrenWhere(`SELECT unnest(string_split($1, $2))`), [listParam(options.parents), LIST_SEPARATOR]),
  };
}

export interface CascadeSearchOptions extends CascadeViewOptions {
  text: string;
  /** Instead of text: exactly these node keys (to reveal a node the view does not hold yet). */
  keys?: readonly string[];
  limit?: number;
}

export interface CascadeSearchResult {
  /** Matching nodes in outline order, each with its ancestors' keys (root first): open those to reveal it. */
  matches: { key: string; ancestors: string[] }[];
  /** All matches, past the limit too. */
  total: number;
}

/**
 * `cascade-search`: nodes whose title, owner, id or team contains every word (case-insensitive).
 * With `anonymize` the owner is matched by pseudonym code, never by name.
 */
export async function queryCascadeSearch(connector: Connector, options: CascadeSearchOptions): Promise<CascadeSearchResult> {
  const ctx = await context(connector, options);
  const words = options.keys ? [] : options.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length && !options.keys?.length) return { matches: [], total: 0 };
  const showKr = options.showKeyResults ?? true;
  const limit = Math.max(1, Math.min(SEARCH_LIMIT, Math.floor(options.limit ?? SEARCH_LIMIT)));
  const t = ctx.agg.table;
  const params: SqlParam[] = [showKr, limit];
  const hay = ctx.names
    ? `lower(coalesce(title, '') || chr(10) || id || chr(10) || coalesce(team_name, ''))`
    : `lower(coalesce(title, '') || chr(10) || coalesce(owner_name, '') || chr(10) || id || chr(10) || coalesce(team_name, ''))`;
  if (options.keys) {
    params.push(listParam(options.keys), LIST_SEPARATOR);
  }
  const conditions = options.keys ? [`key IN (SELECT unnest(string_split($3, $4)))`] : words.map((w) => {
    params.push(w);
    const text = `contains(${hay}, $${params.length})`;
    const person = ctx.names?.resolve(w.toUpperCase());
    if (!person) return text;
    params.push(person);
    return `(${text} OR owner_id = $${params.length})`;
  });
  const rows = await queryRows<{ key: string; ancestors: string | null; total: number }>(
    connector,
    `WITH RECURSIVE m AS (
       SELECT key, preorder, parent_pre, count(*) OVER () AS total
         FROM ${t} JOIN (SELECT nid, title, owner_name, team_name FROM ${ctx.agg.display}) USING (nid)
        WHERE kind <> 'group' AND ($1 OR kind <> 'key_result') AND ${conditions.join(' AND ')}
        ORDER BY preorder LIMIT $2
     ), up(match, preorder, parent_pre, key, step) AS (
       -- Up by outline position (an integer join; by text key this walk was a third of a search at 100k people).
       SELECT preorder, preorder, parent_pre, key, 0 FROM m
       UNION ALL SELECT up.match, a.preorder, a.parent_pre, a.key, up.step + 1 FROM ${t} a JOIN up ON a.preorder = up.parent_pre
     )
     SELECT m.key, m.total, (SELECT string_agg(u.key, $${params.length + 1} ORDER BY u.step DESC) FROM up u WHERE u.match = m.preorder AND u.step > 0) AS ancestors
       FROM m ORDER BY m.preorder`,
    [...params, LIST_SEPARATOR],
  );
  return {
    matches: rows.map((r) => ({ key: r.key, ancestors: r.ancestors ? r.ancestors.split(LIST_SEPARATOR) : [] })),
    total: rows[0]?.total ?? 0,
  };
}

export interface CascadeRecognitionsOptions extends CascadeViewOptions {
  /** `key_result:ID` or `objective:ID` (an objective: the recognitions on its key results). */
  key: string;
  limit?: number;
}

export interface CascadeRecognition {
  key_result_id: string;
  /** Who was recognised (a pseudonym code with `anonymize`) and their name (or "Person CODE"). */
  person_id: string | null;
  person_name: string | null;
  given_by: string | null;
  given_by_name: string | null;
  given_at: string | null;
  /** The message; withheld with `anonymize` (free text can name anyone). */
  message: string | null;
}

export interface CascadeRecognitionsResult {
  recognitions: CascadeRecognition[];
  total: number;
  /** With `anonymize`, fewer than `minGroup` distinct people: nothing listed. */
  suppressed: boolean;
}

/** `cascade-recognitions`: who was recognised on a key result (or an objective's key results) and when, newest first. */
export async function queryCascadeRecognitions(connector: Connector, options: CascadeRecognitionsOptions): Promise<CascadeRecognitionsResult> {
  const ctx = await context(connector, options);
  const colon = options.key.indexOf(':');
  const kind = options.key.slice(0, colon);
  const id = options.key.slice(colon + 1);
  if (kind !== 'key_result' && kind !== 'objective') return { recognitions: [], total: 0, suppressed: false };
  const limit = Math.max(1, Math.min(500, Math.floor(options.limit ?? 50)));
  const rows = await queryRows<{ key_result_id: string; person_id: string | null; given_by: string | null; given_at: string | null; message: string | null; person_name: string | null; given_by_name: string | null; total: number; people: number }>(
    connector,
    `WITH krs AS (
       SELECT id FROM ${ctx.agg.table} WHERE kind = 'key_result' AND (($1 = 'key_result' AND id = $2) OR ($1 = 'objective' AND parent = 'objective:' || $2))
     ), r AS (
       SELECT r.* FROM recognitions r WHERE r.key_result_id IN (SELECT id FROM krs) AND ($3::DATE IS NULL OR r.given_at <= $3::DATE)
     )
     SELECT r.key_result_id, r.person_id, r.given_by, r.given_at, r.message, p.name AS person_name, g.name AS given_by_name,
            count(*) OVER () AS total, (SELECT count(DISTINCT person_id) FROM r) AS people
       FROM r
       LEFT JOIN ${NAMES_OF_PEOPLE} p ON p.person_id = r.person_id
       LEFT JOIN ${NAMES_OF_PEOPLE} g ON g.person_id = r.given_by
      ORDER BY r.given_at DESC NULLS LAST, r.key_result_id, r.person_id
      LIMIT $4`,
    [kind, id, ctx.agg.as_of, limit],
  );
  const total = rows[0]?.total ?? 0;
  const names = ctx.names;
  if (names && ctx.minGroup != null && (rows[0]?.people ?? 0) < ctx.minGroup && total > 0) {
    return { recognitions: [], total, suppressed: true };
  }
  return {
    total,
    suppressed: false,
    recognitions: rows.map((r) => ({
      key_result_id: r.key_result_id,
      person_id: r.person_id == null ? null : names ? names.code(r.person_id) : r.person_id,
      person_name: r.person_id == null ? null : names ? names.label(r.person_id, 'Person') : r.person_name,
      given_by: r.given_by == null ? null : names ? names.code(r.given_by) : r.given_by,
      given_by_name: r.given_by == null ? null : names ? names.label(r.given_by, 'Person') : r.given_by_name,
      given_at: r.given_at,
      message: names ? null : r.message,
    })),
  };
}

/** The pre-aggregate a cascade view with no attributes asks for (anonymized: the one without withheld key results). */
export function prepareCascadeView(connector: Connector, { minGroup, anonymize }: PrepareOptions): Promise<CascadeAggregate> {
  return cascadeAggregate(connector, { withheldUnder: withheldUnder({ minGroup, anonymize }) });
}
