import { shownChildren, type CascadeForest } from './visible-rows.js';

/**
 * A group (the objectives aligned to no company objective) opens with the
 * levels only when it is this small; a large one stays closed, showing its
 * count, so it does not crowd out the aligned cascade on opening.
 */
export const GROUP_OPEN_LIMIT = 25;

function opensWithLevel(forest: CascadeForest, index: number, kids: number): boolean {
  return kids > 0 && (forest.nodes[index]!.kind !== 'group' || kids <= GROUP_OPEN_LIMIT);
}

/** The nodes to expand so that everything down to `depth` levels is visible (depth 1 = roots only); large groups stay closed unless `depth` is Infinity. */
export function expandToDepth(forest: CascadeForest, depth: number, showKeyResults = true): Set<number> {
  const open = new Set<number>();
  let level = forest.roots;
  for (let d = 1; d < depth && level.length; d++) {
    const next: number[] = [];
    for (const i of level) {
      const kids = shownChildren(forest, i, showKeyResults);
      if (depth === Infinity ? kids.length > 0 : opensWithLevel(forest, i, kids.length)) {
        open.add(i);
        for (const k of kids) next.push(k);
      }
    }
    level = next;
  }
  return open;
}

/** How many rows showing `depth` levels gives, counting no further than `limit`. */
export function rowsAtDepth(forest: CascadeForest, depth: number, showKeyResults = true, limit = Infinity): number {
  let count = forest.roots.length;
  let level = forest.roots;
  for (let d = 1; d < depth && level.length && count <= limit; d++) {
    const next: number[] = [];
    for (const i of level) {
      const kids = shownChildren(forest, i, showKeyResults);
      if (opensWithLevel(forest, i, kids.length)) for (const k of kids) next.push(k);
    }
    count += next.length;
    level = next;
  }
  return count;
}

/**
 * A useful opening depth for a large organisation: the deepest level (up to
 * `maxDepth`) that keeps the outline within `maxRows` rows; at least 1.
 */
export function autoDepth(forest: CascadeForest, showKeyResults = true, maxRows = 200, maxDepth = 4): number {
  let best = 1;
  for (let d = 2; d <= maxDepth; d++) {
    if (rowsAtDepth(forest, d, showKeyResults, maxRows) > maxRows) break;
    best = d;
  }
  return best;
}

/** The node's ancestors, nearest first (iterative; the tree has no cycles by construction). */
export function ancestorsOf(forest: CascadeForest, index: number): number[] {
  const out: number[] = [];
  let at = forest.nodes[index]?.parent ?? -1;
  while (at !== -1 && out.length <= forest.nodes.length) {
    out.push(at);
    at = forest.nodes[at]!.parent;
  }
  return out;
}

/** Expand every ancestor of the given nodes so they become visible (returns a new set). */
export function revealNodes(forest: CascadeForest, expanded: ReadonlySet<number>, targets: Iterable<number>): Set<number> {
  const open = new Set(expanded);
  for (const t of targets) for (const a of ancestorsOf(forest, t)) open.add(a);
  return open;
}
