import type { CascadeNode, CascadeNodeKind, RollupMode } from './types.js';

/**
 * The cascade's roll-up rule, written once: which children an objective's number draws on (`forEachPart`) and how
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
 * Visit the parts of objective `i` under `mode` in order — its key results (`krs`), its child objectives, directly
 * aligned or aligned to one of its key results (`children`), or both in one pool (`both`) — with the key result a
 * part is reached through (−1 for none). Returns how many there were.
 */
function forEachPart(
  children: readonly (readonly number[])[], kind: ArrayLike<number>, i: number, mode: RollupMode, visit: (child: number, via: number) => void,
): number {
  let parts = 0;
  for (const c of children[i]!) {
    if (kind[c] === KEY_RESULT) {
      if (mode !== 'children') {
        visit(c, -1);
        parts++;
      }
      if (mode !== 'krs') {
        for (const g of children[c]!) {
          if (kind[g] === OBJECTIVE) {
            visit(g, c);
            parts++;
          }
        }
      }
    } else if (kind[c] === OBJECTIVE && mode !== 'krs') {
      visit(c, -1);
      parts++;
    }
  }
  return parts;
}

const noPart = () => {};

/** An objective that has none of the kind its mode asks for (a leaf under `children`, no key results under `krs`) uses the other kind. */
function sourceOf(children: readonly (readonly number[])[], kind: ArrayLike<number>, i: number, mode: RollupMode): RollupMode {
  if (mode === 'both' || forEachPart(children, kind, i, mode, noPart) > 0) return mode;
  return mode === 'krs' ? 'children' : 'krs';
}

/** A node's roll-up inputs as typed columns (index = node; NaN = null). */
export interface RollupColumns {
  children: readonly (readonly number[])[];
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
  columns: RollupColumns, order: readonly number[], modeOf: (objective: number) => RollupMode,
  progress: Float64Array, confidence: Float64Array, coverage: Float64Array,
): void {
  const { children, kind, weight, supports } = columns;
  let weightAll = 0, weightData = 0, sum = 0, confWeight = 0, confSum = 0;
  const add = (c: number) => {
    if (kind[c] === OBJECTIVE && supports[c]) return;
    const w = weight[c]!;
    if (!(w > 0)) return;
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
  };
  for (let o = order.length - 1; o >= 0; o--) {
    const i = order[o]!;
    if (kind[i] !== OBJECTIVE) continue;
    weightAll = weightData = sum = confWeight = confSum = 0;
    const mode = modeOf(i);
    // As sourceOf, without walking the parts twice when the mode finds some.
    if (forEachPart(children, kind, i, mode, add) === 0 && mode !== 'both') forEachPart(children, kind, i, mode === 'krs' ? 'children' : 'krs', add);
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
  // The rule's columns for the nodes it can reach from `index` (its children and grandchildren), sparse.
  const children: (readonly number[])[] = [];
  const kind: number[] = [];
  children[index] = nodes[index]!.children;
  for (const c of children[index]!) {
    kind[c] = KIND_CODES.indexOf(nodes[c]!.kind);
    children[c] = nodes[c]!.children;
    for (const g of children[c]!) kind[g] = KIND_CODES.indexOf(nodes[g]!.kind);
  }
  const source = sourceOf(children, kind, index, mode);
  const parts: RollupPart[] = [];
  forEachPart(children, kind, index, source, (child, via) => {
    const c = nodes[child]!;
    const part: RollupPart = { index: child, weight: c.weight, counted: false };
    if (via >= 0) part.via = via;
    if (c.kind === 'objective' && c.link_type === 'supports') part.reason = 'supports only';
    else if (c.progress == null) part.reason = 'no data';
    else if (!(c.weight > 0)) part.reason = 'zero weight';
    else part.counted = true;
    parts.push(part);
  });
  return { source, parts };
}

export function isRollupMode(value: unknown): value is RollupMode {
  return value === 'krs' || value === 'children' || value === 'both';
}
