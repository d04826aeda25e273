import type { CascadeNode, CascadeNodeKind, RollupMode } from './types.js';

/**
 * The cascade's roll-up rule, written once: which children an objective's number draws on (`collectParts`, `partsOf`) and how
 * they combine (`rollupForest`, over typed columns). `buildCascade` (the full tree) and the pre-aggregate's forest
 * pass (forest.ts) both run `rollupForest`; `rollupParts` lists the same parts with their reasons for `explain`.
 */

/** Node kinds as codes (index into KIND_CODES): the typed columns of the roll-up and the forest pass. */
export const KIND_CODES: readonly CascadeNodeKind[] = ['objective', 'key_result', 'group'];
export const OBJECTIVE = 0;
export const KEY_RESULT = 1;
export const GROUP = 2;

/** What a roll-up reads of a node (a full `CascadeNode`, or the light nodes of the pre-aggregate pass). */
export type RollupNode = Pick<CascadeNode, 'kind' | 'weight' | 'link_type' | 'progress' | 'confidence' | 'children'>;

/** One child's share in an objective's roll-up, as `explain` shows it. */
export interface RollupPart {
  index: number;
  weight: number;
  /** Whether it entered the weighted mean. */
  counted: boolean;
  /** Why not, when not counted. */
  reason?: 'no data' | 'supports only' | 'zero weight';
  /** Reached through this key result of the objective (an objective aligned to one of its key results). */
  via?: number;
}

/** The parts an objective's roll-up draws on, and which source they came from. */
export interface RollupInputs {
  /** The source actually used: the mode asked for, or the other one when the objective has none of those. */
  source: RollupMode;
  parts: RollupPart[];
}

/**
 * Every node's children in one list (sibling order): node i's are `list[start[i]]` … `list[start[i + 1] − 1]`.
 * One typed list rather than an array per node: at 100k people (~200k nodes) those arrays were most of the forest
 * pass's garbage.
 */
export interface ChildLists {
  start: Int32Array;
  list: Int32Array;
}

/** `ChildLists` of per-node child arrays (a missing entry: no children). */
export function childLists(children: readonly (readonly number[] | undefined)[]): ChildLists {
  const n = children.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + (children[i]?.length ?? 0);
  const list = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    const kids = children[i];
    if (kids) list.set(kids, start[i]!);
  }
  return { start, list };
}

/**
 * The parts of objective `i` under `mode`, in order — its key results (`krs`), its child objectives, directly
 * aligned or aligned to one of its key results (`children`), or both in one pool (`both`) — written from `at` into
 * `parts`, with the key result each is reached through in `via` (−1 for none). Returns where the next would go.
 * (Into typed lists, not a visitor: a call per part was most of the forest pass's roll-up at 100k people.)
 */
function collectParts(
  { start, list }: ChildLists, kind: ArrayLike<number>, i: number, mode: RollupMode, parts: Int32Array, via: Int32Array, at: number,
): number {
  for (let j = start[i]!, end = start[i + 1]!; j < end; j++) {
    const c = list[j]!;
    if (kind[c] === KEY_RESULT) {
      if (mode !== 'children') {
        parts[at] = c;
        via[at++] = -1;
      }
      if (mode !== 'krs') {
        for (let h = start[c]!, hEnd = start[c + 1]!; h < hEnd; h++) {
          const g = list[h]!;
          if (kind[g] === OBJECTIVE) {
            parts[at] = g;
            via[at++] = c;
          }
        }
      }
    } else if (kind[c] === OBJECTIVE && mode !== 'krs') {
      parts[at] = c;
      via[at++] = -1;
    }
  }
  return at;
}

/**
 * The parts objective `i`'s roll-up draws on (`collectParts`) and the mode they came from: an objective that has
 * none of the kind its mode asks for (a leaf under `children`, no key results under `krs`) uses the other kind.
 */
function partsOf(children: ChildLists, kind: ArrayLike<number>, i: number, mode: RollupMode, parts: Int32Array, via: Int32Array): { source: RollupMode; count: number } {
  const count = collectParts(children, kind, i, mode, parts, via, 0);
  if (count > 0 || mode === 'both') return { source: mode, count };
  const other = mode === 'krs' ? 'children' : 'krs';
  return { source: other, count: collectParts(children, kind, i, other, parts, via, 0) };
}

/** A node's roll-up inputs as typed columns (index = node; NaN = null). */
export interface RollupColumns {
  children: ChildLists;
  /** Index into KIND_CODES. */
  kind: ArrayLike<number>;
  weight: ArrayLike<number>;
  /** Non-zero when the objective only `supports` its parent: shown, not counted. */
  supports: ArrayLike<number>;
}

/**
 * Every objective's progress, confidence and coverage, bottom-up along `order` (parents before children; walked
 * from its end): the weighted mean of its counted parts' progress (a part without progress counts in the coverage's
 * denominator only) and of their confidence where given. Writes into `progress`, `confidence` (holding the key
 * results' own values) and `coverage`.
 */
export function rollupForest(
  columns: RollupColumns, order: ArrayLike<number>, modeOf: (objective: number) => RollupMode,
  progress: Float64Array, confidence: Float64Array, coverage: Float64Array,
): void {
  const { children, kind, weight, supports } = columns;
  // An objective's parts are at most its children and grandchildren: fewer than the nodes.
  const parts = new Int32Array(kind.length);
  const via = new Int32Array(kind.length);
  for (let o = order.length - 1; o >= 0; o--) {
    const i = order[o]!;
    if (kind[i] !== OBJECTIVE) continue;
    const { count } = partsOf(children, kind, i, modeOf(i), parts, via);
    let weightAll = 0, weightData = 0, sum = 0, confWeight = 0, confSum = 0;
    for (let j = 0; j < count; j++) {
      const c = parts[j]!;
      if (kind[c] === OBJECTIVE && supports[c]) continue;
      const w = weight[c]!;
      if (!(w > 0)) continue;
      weightAll += w;
      const p = progress[c]!;
      if (!Number.isNaN(p)) {
        weightData += w;
        sum += w * p;
      }
      const k = confidence[c]!;
      if (!Number.isNaN(k)) {
        confWeight += w;
        confSum += w * k;
      }
    }
    progress[i] = weightData > 0 ? sum / weightData : NaN;
    confidence[i] = confWeight > 0 ? confSum / confWeight : NaN;
    coverage[i] = weightAll > 0 ? weightData / weightAll : NaN;
  }
}

/**
 * The parts an objective's roll-up draws on under `mode`, each with whether it counted and why not (`explain`):
 * the parts `rollupForest` combines. Children must already be computed (the builder goes bottom-up).
 */
export function rollupParts(nodes: readonly RollupNode[], index: number, mode: RollupMode): RollupInputs {
  // The rule's columns for the nodes it can reach from `index` (its children and grandchildren), numbered locally:
  // 0 is `index`, then its children, then theirs.
  const global: number[] = [index];
  const children: number[][] = [];
  const kind: number[] = [KIND_CODES.indexOf(nodes[index]!.kind)];
  const add = (node: number): number => {
    global.push(node);
    kind.push(KIND_CODES.indexOf(nodes[node]!.kind));
    return global.length - 1;
  };
  children[0] = nodes[index]!.children.map(add);
  for (const c of children[0]!) children[c] = nodes[global[c]!]!.children.map(add);
  const lists = childLists(Array.from({ length: global.length }, (_, i) => children[i]));
  const partList = new Int32Array(global.length);
  const viaList = new Int32Array(global.length);
  const { source, count } = partsOf(lists, kind, 0, mode, partList, viaList);
  const parts: RollupPart[] = [];
  for (let j = 0; j < count; j++) {
    const child = global[partList[j]!]!;
    const c = nodes[child]!;
    const part: RollupPart = { index: child, weight: c.weight, counted: false };
    if (viaList[j]! >= 0) part.via = global[viaList[j]!]!;
    if (c.kind === 'objective' && c.link_type === 'supports') part.reason = 'supports only';
    else if (c.progress == null) part.reason = 'no data';
    else if (!(c.weight > 0)) part.reason = 'zero weight';
    else part.counted = true;
    parts.push(part);
  }
  return { source, parts };
}

export function isRollupMode(value: unknown): value is RollupMode {
  return value === 'krs' || value === 'children' || value === 'both';
}
