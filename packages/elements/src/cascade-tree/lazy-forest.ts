import {
  CascadeIndex, type CascadeNode, type CascadeRecognitionSummary, type CascadeTree, type CascadeViewNode,
} from '@plumb/core/queries';

/**
 * The part of the cascade a view holds: the nodes fetched so far (roots, the children of what was
 * opened), as `CascadeNode`s with array indices so that the layouts, the keyboard model and
 * `explainCascadeNode` read them as they read a full tree. A node's children are either all there
 * (`loaded`) or none; `child_count` says how many there are either way.
 */
export interface ForestNode extends CascadeNode {
  child_count: number;
  /** Children shown when key results are hidden. */
  objective_child_count: number;
  loaded: boolean;
  /** Position among its siblings (1-based), for placing children that arrive later. */
  position: number;
  recognitions: CascadeRecognitionSummary;
  suppressed: boolean;
}

export interface LazyForest {
  nodes: ForestNode[];
  roots: number[];
  index: CascadeIndex;
}

function indexFor(index: CascadeIndex, kind: string): Map<string, number> {
  return kind === 'objective' ? index.objectives : kind === 'key_result' ? index.keyResults : index.groups;
}

/** Add fetched nodes (in outline order) under the parents they name; returns how many were new. */
export function addToForest(forest: LazyForest, rows: readonly CascadeViewNode[]): number {
  const touched = new Set<number>();
  let added = 0;
  for (const r of rows) {
    if (forest.index.has(r.key)) continue;
    const parent = r.parent_key == null ? -1 : forest.index.get(r.parent_key) ?? -2;
    if (parent === -2) continue; // its parent is not held: it comes again with the parent
    const { parent_key: _parentKey, siblings: _siblings, ...rest } = r;
    const node: ForestNode = { ...rest, parent, children: [], loaded: r.child_count === 0 };
    const at = forest.nodes.length;
    forest.nodes.push(node);
    indexFor(forest.index, r.kind).set(r.id, at);
    if (parent === -1) forest.roots.push(at);
    else {
      forest.nodes[parent]!.children.push(at);
      touched.add(parent);
    }
    added++;
  }
  const byPosition = (a: number, b: number) => forest.nodes[a]!.position - forest.nodes[b]!.position;
  forest.roots.sort(byPosition);
  for (const p of touched) {
    const n = forest.nodes[p]!;
    n.children.sort(byPosition);
    n.loaded = n.children.length >= n.child_count;
  }
  return added;
}

/** The forest of a first-render answer. */
export function forestFromView(rows: readonly CascadeViewNode[]): LazyForest {
  const forest: LazyForest = { nodes: [], roots: [], index: new CascadeIndex() };
  addToForest(forest, rows);
  return forest;
}

/** A full tree (`queryCascade` / `buildCascade`, set as `.data`) as a forest with everything loaded. */
export function forestFromTree(tree: CascadeTree): LazyForest {
  const objectiveChildren = new Uint32Array(tree.nodes.length);
  tree.nodes.forEach((n) => {
    if (n.kind !== 'objective' || n.parent === -1) return;
    const p = tree.nodes[n.parent]!;
    const into = p.kind === 'key_result' ? p.parent : p.kind === 'objective' ? n.parent : -1;
    if (into >= 0) objectiveChildren[into]!++;
  });
  const nodes: ForestNode[] = tree.nodes.map((n, i) => ({
    ...n,
    child_count: n.children.length,
    objective_child_count: n.kind === 'group' ? n.children.length : objectiveChildren[i]!,
    loaded: true,
    position: 0,
    recognitions: { count: null, people: null, last: null },
    suppressed: false,
  }));
  for (const n of nodes) n.children.forEach((c, at) => (nodes[c]!.position = at + 1));
  return { nodes, roots: tree.roots, index: tree.index };
}

/** Keys of the held nodes whose children are not held yet, among `keys`. */
export function notLoaded(forest: LazyForest, keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const i = forest.index.get(key);
    if (i === undefined || !forest.nodes[i]!.loaded) out.push(key);
  }
  return out;
}

/** What the summary, diagnostics and explanations read besides the nodes (a query answer has it; a `.data` tree gives it). */
export type CascadeMeta = Pick<
  import('@plumb/core/queries').CascadeViewResult,
  'cycle' | 'as_of' | 'reference_date' | 'elapsed' | 'thresholds' | 'objectives' | 'key_results' | 'unaligned' | 'company' |
  'status_counts' | 'diagnostics' | 'focus' | 'min_group' | 'rollup'
>;

/** The summary figures of a full tree. */
export function metaFromTree(tree: CascadeTree): CascadeMeta {
  const status_counts = { done: 0, 'on-track': 0, 'at-risk': 0, 'off-track': 0, 'no-data': 0, withheld: 0 };
  let company = 0;
  for (const n of tree.nodes) {
    if (n.kind !== 'objective') continue;
    status_counts[n.status]++;
    if (n.level === 'company' && n.parent === -1) company++;
  }
  return {
    cycle: tree.cycle, as_of: tree.as_of, reference_date: tree.reference_date, elapsed: tree.elapsed, thresholds: tree.thresholds,
    objectives: tree.objectives, key_results: tree.key_results, unaligned: tree.unaligned.length, company, status_counts,
    diagnostics: tree.diagnostics, focus: [], min_group: null, rollup: tree.rollup,
  };
}
