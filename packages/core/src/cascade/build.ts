import type { Diagnostic } from '../diagnostics.js';
import { keyResultValue } from './key-result-value.js';
import { KIND_CODES, childLists, isRollupMode, rollupForest } from './rollup.js';
import { DEFAULT_STATUS_THRESHOLDS, cascadeStatus, cycleElapsedShare } from './status.js';
import { CascadeIndex, type CascadeNode, type CascadeRows, type CascadeTree, type RollupMode, type StatusThresholds } from './types.js';

export const UNALIGNED_GROUP_KEY = 'group:unaligned';
export const UNALIGNED_GROUP_TITLE = 'Not aligned to a company objective';

export function nodeKey(kind: CascadeNode['kind'], id: string): string {
  return `${kind}:${id}`;
}

function weightOf(w: number | null): number {
  return w == null || !Number.isFinite(w) ? 1 : Math.max(0, w);
}

function blankNode(key: string, id: string, kind: CascadeNode['kind'], title: string): CascadeNode {
  return {
    key, id, kind, title, level: null, owner_id: null, owner_name: null, team_id: null, team_name: null,
    parent: -1, parent_id: null, parent_kind: null, depth: 0, children: [], descendants: 0,
    progress: null, stated_progress: null, confidence: null, status: 'no-data', weight: 1,
    link_type: 'contributes', rollup: null, coverage: null, start_value: null, target_value: null,
    current_value: null, unit: null, direction: null, value_source: null, checked_at: null, links: null,
    in_cycle: false,
  };
}

const byKindThenTitle = (nodes: CascadeNode[]) => (a: number, b: number): number => {
  const x = nodes[a]!;
  const y = nodes[b]!;
  if (x.kind !== y.kind) return x.kind === 'key_result' ? -1 : y.kind === 'key_result' ? 1 : 0;
  if (x.title !== y.title) return x.title < y.title ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
};

/**
 * The cascade forest with every node's progress, confidence and status, in
 * one bottom-up pass. Iterative throughout (a 5,000-level chain is fine);
 * an alignment cycle that reached here is cut at its smallest objective id,
 * reported as an error diagnostic, and never looped on.
 */
export function buildCascade(
  rows: CascadeRows,
  options: { rollup?: RollupMode | null; thresholds?: Partial<StatusThresholds> } = {},
): CascadeTree {
  const thresholds: StatusThresholds = { ...DEFAULT_STATUS_THRESHOLDS, ...options.thresholds };
  const forced = options.rollup ?? null;
  const replay = rows.as_of != null;
  const diagnostics: Diagnostic[] = [];
  const nodes: CascadeNode[] = [];
  const index = new CascadeIndex();
  const objectiveAt = index.objectives;
  const keyResultAt = index.keyResults;
  // Raw alignment per objective node, resolved once all nodes exist.
  const alignment: { node: number; parentObjective: string | null; parentKeyResult: string | null }[] = [];

  for (const o of rows.objectives) {
    if (objectiveAt.has(o.objective_id)) {
      diagnostics.push({ severity: 'error', code: 'duplicate-id', message: `objective "${o.objective_id}" appears more than once; the first is shown`, column: 'objective_id' });
      continue;
    }
    const n = blankNode(nodeKey('objective', o.objective_id), o.objective_id, 'objective', o.title ?? `Untitled objective ${o.objective_id}`);
    n.level = o.level;
    n.owner_id = o.owner_id;
    n.owner_name = o.owner_name;
    n.team_id = o.team_id;
    n.team_name = o.team_name;
    n.weight = weightOf(o.weight);
    n.link_type = o.link_type === 'supports' ? 'supports' : 'contributes';
    n.rollup = forced ?? (isRollupMode(o.rollup_mode) ? o.rollup_mode : 'both');
    n.stated_progress = replay ? null : o.stated_progress;
    objectiveAt.set(o.objective_id, nodes.length);
    alignment.push({ node: nodes.length, parentObjective: o.parent_objective_id, parentKeyResult: o.parent_key_result_id });
    nodes.push(n);
  }
  const objectiveCount = nodes.length;

  for (const k of rows.key_results) {
    const parent = objectiveAt.get(k.objective_id);
    const duplicate = keyResultAt.has(k.key_result_id);
    if (duplicate || parent === undefined) {
      diagnostics.push({
        severity: 'error',
        code: duplicate ? 'duplicate-id' : 'dangling-reference',
        message: duplicate
          ? `key result "${k.key_result_id}" appears more than once; the first is shown`
          : `key result "${k.key_result_id}" belongs to objective "${k.objective_id}", which is not in this cycle`,
        column: duplicate ? 'key_result_id' : 'objective_id',
      });
      continue;
    }
    const n = blankNode(nodeKey('key_result', k.key_result_id), k.key_result_id, 'key_result', k.title ?? `Untitled key result ${k.key_result_id}`);
    const value = keyResultValue(k, replay);
    const owner = nodes[parent]!;
    n.owner_id = k.owner_id ?? owner.owner_id;
    n.owner_name = k.owner_id ? k.owner_name : owner.owner_name;
    n.team_id = owner.team_id;
    n.team_name = owner.team_name;
    n.parent = parent;
    n.weight = weightOf(k.weight);
    n.start_value = k.start_value;
    n.target_value = k.target_value;
    n.unit = k.unit;
    n.current_value = value.current_value;
    n.progress = value.progress;
    n.stated_progress = value.stated_progress;
    n.confidence = value.confidence;
    n.direction = value.direction;
    n.value_source = value.source;
    n.checked_at = value.source === 'check-in' ? k.checked_at : null;
    n.links = {
      milestones: k.milestones, milestones_done: k.milestones_done, milestones_late: k.milestones_late,
      sprints: k.sprints, sprints_done: k.sprints_done,
    };
    keyResultAt.set(k.key_result_id, nodes.length);
    nodes.push(n);
  }

  // Objective alignment: a parent key result is the more precise link, so it wins over a parent objective.
  const unaligned: number[] = [];
  const danglingRoots: number[] = [];
  for (const a of alignment) {
    const n = nodes[a.node]!;
    const viaKr = a.parentKeyResult != null ? keyResultAt.get(a.parentKeyResult) : undefined;
    const viaObjective = a.parentObjective != null ? objectiveAt.get(a.parentObjective) : undefined;
    const parent = viaKr ?? viaObjective;
    if (parent !== undefined && parent !== a.node) {
      n.parent = parent;
    } else if (a.parentKeyResult == null && a.parentObjective == null) {
      if (n.level !== 'company') unaligned.push(a.node);
    } else {
      // Aligned to something outside this cycle (or to itself): a root, but not "unaligned".
      danglingRoots.push(a.node);
      diagnostics.push({
        severity: 'warning',
        code: parent === a.node ? 'cycle' : 'dangling-reference',
        message: parent === a.node
          ? `objective "${n.id}" is aligned to itself`
          : `objective "${n.id}" is aligned to "${a.parentKeyResult ?? a.parentObjective}", which is not in this cycle`,
        column: a.parentKeyResult != null ? 'parent_key_result_id' : 'parent_objective_id',
      });
    }
  }

  // Cycle detection on the parent pointers (each node has one parent): walk up
  // from every node, marking the path; meeting the current path again is a cycle.
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the current path, 2 settled
  const cycleRoots: number[] = [];
  const path: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    path.length = 0;
    let at = start;
    while (at !== -1 && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      at = nodes[at]!.parent;
    }
    if (at !== -1 && state[at] === 1) {
      const loop = path.slice(path.indexOf(at));
      let cut = -1;
      for (const i of loop) {
        const n = nodes[i]!;
        if (n.kind === 'objective' && (cut === -1 || n.id < nodes[cut]!.id)) cut = i;
      }
      const cutNode = nodes[cut]!;
      cutNode.parent = -1;
      cutNode.in_cycle = true;
      cycleRoots.push(cut);
      diagnostics.push({
        severity: 'error',
        code: 'cycle',
        message: `alignment cycle: ${loop.map((i) => nodes[i]!.id).join(' → ')} → ${nodes[loop[0]!]!.id}; shown from "${cutNode.id}" as a root`,
        column: 'parent_objective_id',
      });
    }
    for (const i of path) state[i] = 2;
  }

  // Children, roots, the "not aligned" group.
  for (let i = 0; i < nodes.length; i++) {
    const p = nodes[i]!.parent;
    if (p !== -1) nodes[p]!.children.push(i);
  }
  let groupIndex = -1;
  if (unaligned.length) {
    groupIndex = nodes.length;
    const group = blankNode(UNALIGNED_GROUP_KEY, 'unaligned', 'group', UNALIGNED_GROUP_TITLE);
    group.children = unaligned;
    nodes.push(group);
    index.groups.set(group.id, groupIndex);
    for (const u of unaligned) nodes[u]!.parent = groupIndex;
  }
  const sort = byKindThenTitle(nodes);
  for (const n of nodes) if (n.children.length > 1) n.children.sort(sort);
  const dangling = new Set(danglingRoots);
  const companyRoots: number[] = [];
  for (let i = 0; i < objectiveCount; i++) {
    const n = nodes[i]!;
    if (n.parent === -1 && !n.in_cycle && !dangling.has(i) && n.level === 'company') companyRoots.push(i);
  }
  companyRoots.sort(sort);
  danglingRoots.sort(sort);
  const roots = [...companyRoots, ...danglingRoots, ...(groupIndex >= 0 ? [groupIndex] : []), ...cycleRoots];

  // Top-down order (breadth first) for depths and parent ids; reversed, it is the bottom-up order.
  const order: number[] = [...roots];
  for (let head = 0; head < order.length; head++) {
    const n = nodes[order[head]!]!;
    for (const c of n.children) {
      const child = nodes[c]!;
      child.depth = n.depth + 1;
      if (n.kind !== 'group') {
        child.parent_id = n.id;
        child.parent_kind = n.kind;
      }
      order.push(c);
    }
  }

  const elapsedDate = rows.as_of ?? rows.data_date ?? rows.cycle.end_date;
  const elapsed = cycleElapsedShare(rows.cycle.start_date, rows.cycle.end_date, elapsedDate);
  // The roll-up (rollup.ts, the pre-aggregate's code too) over the nodes as typed columns; NaN = null.
  const progress = Float64Array.from(nodes, (n) => n.progress ?? NaN);
  const confidence = Float64Array.from(nodes, (n) => n.confidence ?? NaN);
  const coverage = new Float64Array(nodes.length).fill(NaN);
  rollupForest(
    {
      children: childLists(nodes.map((n) => n.children)),
      kind: Int8Array.from(nodes, (n) => KIND_CODES.indexOf(n.kind)),
      weight: Float64Array.from(nodes, (n) => n.weight),
      supports: Uint8Array.from(nodes, (n) => (n.link_type === 'supports' ? 1 : 0)),
    },
    order,
    (i) => nodes[i]!.rollup ?? 'both',
    progress, confidence, coverage,
  );
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  for (let o = order.length - 1; o >= 0; o--) {
    const i = order[o]!;
    const n = nodes[i]!;
    if (n.kind === 'objective') {
      n.progress = orNull(progress[i]!);
      n.confidence = orNull(confidence[i]!);
      n.coverage = orNull(coverage[i]!);
    }
    if (n.kind !== 'group') n.status = cascadeStatus(n.progress, n.confidence, elapsed, thresholds);
    if (n.parent !== -1) nodes[n.parent]!.descendants += n.descendants + 1;
  }

  return {
    nodes,
    roots,
    index,
    unaligned: unaligned.map((i) => nodes[i]!.id),
    unaligned_group: groupIndex,
    diagnostics,
    cycle: rows.cycle,
    reference_date: elapsedDate,
    as_of: rows.as_of,
    elapsed,
    rollup: forced,
    thresholds,
    objectives: objectiveCount,
    key_results: nodes.length - objectiveCount - (groupIndex >= 0 ? 1 : 0),
  };
}
