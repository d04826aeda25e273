import type { Diagnostic } from '../diagnostics.js';
import { GROUP, KEY_RESULT, OBJECTIVE, rollupForest } from './rollup.js';
import type { CascadeNodeKind, RollupMode } from './types.js';

/**
 * The cascade pre-aggregate's one pass outside SQL: the forest's shape (children in sibling order,
 * cycles cut, depth, outline order, counts) and the bottom-up roll-up for every variant, over typed
 * columns read straight from Arrow (no row objects of the whole data). The roll-up is rollup.ts's `rollupForest`,
 * the code `buildCascade` runs too.
 * A recursive CTE and a level-by-level UPDATE loop did the same inside DuckDB 40× slower.
 */

export const MODE_CODES: readonly RollupMode[] = ['krs', 'children', 'both'];
export const ROLLUP_VARIANTS = ['own', 'krs', 'children', 'both'] as const;
export type RollupVariant = (typeof ROLLUP_VARIANTS)[number];

/** Node columns, index = node number in `buildCascade`'s order (objectives, key results, the group). NaN = null. */
export interface ForestInput {
  /** Parent node before cycles are cut; −1 for none. */
  parent: Float64Array;
  /** Index into rollup.ts's KIND_CODES. */
  kind: Float64Array;
  /** Every node number, each parent's children in sibling order (key results first, then objectives, each by title, then id). */
  siblingOrder: Float64Array;
  /** For nodes without a parent: 0 company root, 1 aligned outside the cycle, 2 the group. */
  rootClass: Float64Array;
  weight: Float64Array;
  /** 1 when the objective only `supports` its parent. */
  supports: Float64Array;
  /** The objective's own roll-up mode (index into MODE_CODES). */
  mode: Float64Array;
  /** Key results: their progress and confidence. */
  progress: Float64Array;
  confidence: Float64Array;
}

export interface ForestOutput {
  parent: Float64Array;
  depth: Float64Array;
  /** Depth counting no key result (the level when key results are hidden), 0-based. */
  odepth: Float64Array;
  /** Position in the outline (depth-first, siblings in order). */
  preorder: Float64Array;
  /** 1-based position among siblings, and their number. */
  position: Float64Array;
  siblings: Float64Array;
  inCycle: Float64Array;
  inGroup: Float64Array;
  childCount: Float64Array;
  /** Objectives whose roll-up enters this node's (directly or through one of its key results); a group: its children. */
  objectiveChildCount: Float64Array;
  descendants: Float64Array;
  /** Objectives: the objective whose roll-up they enter (their parent, or their parent key result's objective); else NaN. */
  rollupParent: Float64Array;
  rollup: Record<RollupVariant, { progress: Float64Array; confidence: Float64Array; coverage: Float64Array }>;
}

/** Nodes that no walk from a root reaches (by number): the members of alignment cycles and what hangs below them. */
export function unreachedNodes(parent: Float64Array): number[] {
  const n = parent.length;
  // Walk up from each node until a root (reached), a node already settled, or the walk's own path (a loop).
  const REACHED = 1, UNREACHED = 2, ON_PATH = 3;
  const state = new Uint8Array(n);
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    path.length = 0;
    let at = i;
    while (at >= 0 && state[at] === 0) {
      state[at] = ON_PATH;
      path.push(at);
      at = parent[at]!;
    }
    const settled = at < 0 || state[at] === REACHED ? REACHED : UNREACHED;
    for (const p of path) state[p] = settled;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (state[i] === UNREACHED) out.push(i);
  return out;
}

export interface CycleNode {
  node: number;
  kind: CascadeNodeKind;
  id: string;
  parent: number;
}

/**
 * Cut alignment cycles as `buildCascade` does: walk up from every unreached node in node order and
 * cut each loop at its smallest objective id, reported as an error. Returns the cut nodes in order.
 */
export function cutCycles(unreached: readonly CycleNode[]): { cuts: number[]; diagnostics: Diagnostic[] } {
  const byNode = new Map(unreached.map((r) => [r.node, r]));
  const state = new Map<number, 1 | 2>();
  const cuts: number[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const start of unreached) {
    if (state.has(start.node)) continue;
    const path: CycleNode[] = [];
    let at: CycleNode | undefined = start;
    while (at && !state.has(at.node)) {
      state.set(at.node, 1);
      path.push(at);
      at = cuts.includes(at.node) ? undefined : byNode.get(at.parent);
    }
    if (at && state.get(at.node) === 1) {
      const loop = path.slice(path.indexOf(at));
      let cut: CycleNode | undefined;
      for (const n of loop) if (n.kind === 'objective' && (!cut || n.id < cut.id)) cut = n;
      cuts.push(cut!.node);
      diagnostics.push({
        severity: 'error',
        code: 'cycle',
        message: `alignment cycle: ${loop.map((n) => n.id).join(' → ')} → ${loop[0]!.id}; shown from "${cut!.id}" as a root`,
        column: 'parent_objective_id',
      });
    }
    for (const n of path) state.set(n.node, 2);
  }
  return { cuts, diagnostics };
}

/** The forest's shape and every variant's roll-up; `cuts` (from `cutCycles`) become roots after the others. */
export function layoutForest(input: ForestInput, cuts: readonly number[]): ForestOutput {
  const n = input.parent.length;
  const parent = Float64Array.from(input.parent);
  const inCycle = new Float64Array(n);
  for (const c of cuts) {
    parent[c] = -1;
    inCycle[c] = 1;
  }
  // Children and roots collected in sibling order come out sorted (the sort is stable: roots by class, then order).
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) start[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const list = new Int32Array(start[n]!);
  const next = start.slice(0, n);
  const roots: number[] = [];
  const siblingOrder = input.siblingOrder;
  for (let s = 0; s < n; s++) {
    const i = siblingOrder[s]!;
    const p = parent[i]!;
    if (p >= 0) list[next[p]!++] = i;
    else if (!inCycle[i]) roots.push(i);
  }
  const children = { start, list };
  roots.sort((a, b) => input.rootClass[a]! - input.rootClass[b]!);
  roots.push(...cuts);
  const kindCode = Int8Array.from(input.kind);

  const depth = new Float64Array(n);
  const odepth = new Float64Array(n);
  const preorder = new Float64Array(n).fill(NaN);
  const position = new Float64Array(n);
  const siblings = new Float64Array(n);
  const inGroup = new Float64Array(n);
  const childCount = new Float64Array(n);
  const objectiveChildCount = new Float64Array(n);
  const descendants = new Float64Array(n);
  const rollupParent = new Float64Array(n).fill(NaN);
  // Every node is reached once (cuts are roots), so the outline order and the stack fit in n.
  const order = new Int32Array(n);
  let reached = 0;
  roots.forEach((r, at) => {
    position[r] = at + 1;
    siblings[r] = roots.length;
    inGroup[r] = kindCode[r] === GROUP ? 1 : 0;
  });
  const stack = new Int32Array(n);
  let top = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r]!;
  while (top > 0) {
    const i = stack[--top]!;
    preorder[i] = reached;
    order[reached++] = i;
    const first = start[i]!;
    const count = start[i + 1]! - first;
    childCount[i] = count;
    const isKr = kindCode[i] === KEY_RESULT;
    for (let c = 0; c < count; c++) {
      const k = list[first + c]!;
      depth[k] = depth[i]! + 1;
      odepth[k] = odepth[i]! + (isKr ? 0 : 1);
      position[k] = c + 1;
      siblings[k] = count;
      inGroup[k] = inGroup[i]!;
    }
    for (let c = count - 1; c >= 0; c--) stack[top++] = list[first + c]!;
  }
  const outline = order.subarray(0, reached);
  for (let o = reached - 1; o >= 0; o--) {
    const i = outline[o]!;
    const p = parent[i]!;
    if (p >= 0) descendants[p]! += descendants[i]! + 1;
    if (kindCode[i] === OBJECTIVE && p >= 0) {
      const into = kindCode[p] === KEY_RESULT ? parent[p]! : kindCode[p] === OBJECTIVE ? p : -1;
      if (into >= 0) {
        objectiveChildCount[into]!++;
        rollupParent[i] = into;
      }
    }
    if (kindCode[i] === GROUP) objectiveChildCount[i] = childCount[i]!;
  }

  // The roll-up, once per variant (no part objects: at 100k people those allocations were most of this pass).
  const rollup = {} as ForestOutput['rollup'];
  const columns = { children, kind: kindCode, weight: input.weight, supports: input.supports };
  for (const variant of ROLLUP_VARIANTS) {
    const progress = Float64Array.from(input.progress);
    const confidence = Float64Array.from(input.confidence);
    const coverage = new Float64Array(n).fill(NaN);
    const modeOf = variant === 'own' ? (i: number) => MODE_CODES[input.mode[i]!] ?? 'both' : () => variant;
    rollupForest(columns, outline, modeOf, progress, confidence, coverage);
    rollup[variant] = { progress, confidence, coverage };
  }
  return { parent, depth, odepth, preorder, position, siblings, inCycle, inGroup, childCount, objectiveChildCount, descendants, rollupParent, rollup };
}
