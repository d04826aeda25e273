import type { CascadeNode, RollupMode } from './types.js';

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

export interface RollupResult {
  progress: number | null;
  confidence: number | null;
  coverage: number | null;
  parts: RollupPart[];
}

/** The parts an objective's roll-up draws on, and which source they came from. */
export interface RollupInputs {
  /** The source actually used: the mode asked for, or the other one when the objective has none of those. */
  source: RollupMode;
  parts: RollupPart[];
}

function collectParts(nodes: readonly RollupNode[], index: number, mode: RollupMode): RollupPart[] {
  const node = nodes[index]!;
  const parts: RollupPart[] = [];
  const add = (child: number, via?: number) => {
    const c = nodes[child]!;
    const part: RollupPart = { index: child, weight: c.weight, counted: false };
    if (via !== undefined) part.via = via;
    if (c.kind === 'objective' && c.link_type === 'supports') part.reason = 'supports only';
    else if (c.progress == null) part.reason = 'no data';
    else if (!(c.weight > 0)) part.reason = 'zero weight';
    else part.counted = true;
    parts.push(part);
  };
  for (const child of node.children) {
    const c = nodes[child]!;
    if (c.kind === 'key_result') {
      if (mode !== 'children') add(child);
      if (mode !== 'krs') {
        for (const grand of c.children) if (nodes[grand]!.kind === 'objective') add(grand, child);
      }
    } else if (c.kind === 'objective' && mode !== 'krs') {
      add(child);
    }
  }
  return parts;
}

/**
 * The parts an objective's roll-up draws on under `mode`: its key results
 * (`krs`), its contributing child objectives — directly aligned or aligned to
 * one of its key results — (`children`), or all of them in one weighted pool
 * (`both`). An objective that has none of the kind asked for (a leaf objective
 * under `children`, an objective without key results under `krs`) uses the
 * other kind, and says so. Children must already be computed (the builder
 * goes bottom-up).
 */
export function rollupParts(nodes: readonly RollupNode[], index: number, mode: RollupMode): RollupInputs {
  const parts = collectParts(nodes, index, mode);
  if (parts.length > 0 || mode === 'both') return { source: mode, parts };
  const other: RollupMode = mode === 'krs' ? 'children' : 'krs';
  return { source: other, parts: collectParts(nodes, index, other) };
}

/** Weighted mean of the counted parts' progress (and of their confidence, where given). */
export function rollupFromParts(nodes: readonly RollupNode[], parts: readonly RollupPart[]): RollupResult {
  let weightAll = 0;
  let weightData = 0;
  let sum = 0;
  let confWeight = 0;
  let confSum = 0;
  for (const part of parts) {
    if (part.reason === 'supports only' || !(part.weight > 0)) continue;
    weightAll += part.weight;
    const c = nodes[part.index]!;
    if (part.counted && c.progress != null) {
      weightData += part.weight;
      sum += part.weight * c.progress;
    }
    if (c.confidence != null) {
      confWeight += part.weight;
      confSum += part.weight * c.confidence;
    }
  }
  return {
    progress: weightData > 0 ? sum / weightData : null,
    confidence: confWeight > 0 ? confSum / confWeight : null,
    coverage: weightAll > 0 ? weightData / weightAll : null,
    parts: parts as RollupPart[],
  };
}

export function isRollupMode(value: unknown): value is RollupMode {
  return value === 'krs' || value === 'children' || value === 'both';
}
