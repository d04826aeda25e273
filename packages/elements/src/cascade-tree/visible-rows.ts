import type { CascadeTree } from '@plumb/core/queries';

/**
 * The parts of the cascade the outline and tidy layouts read: a full tree, or the part a view holds
 * (nodes whose children are not fetched yet say `loaded: false` and how many they have).
 */
export type CascadeForest = Pick<CascadeTree, 'nodes' | 'roots'> & {
  nodes: readonly (CascadeTree['nodes'][number] & { loaded?: boolean; child_count?: number; objective_child_count?: number })[];
};

/** How many children a node shows, whether or not they are fetched yet. */
export function shownChildCount(forest: CascadeForest, index: number, showKeyResults: boolean, fetched: readonly number[]): number {
  const n = forest.nodes[index]!;
  if (n.loaded !== false) return fetched.length;
  return (showKeyResults ? n.child_count : n.objective_child_count) ?? 0;
}

/** One row of the outline: a node with its place among its siblings (for aria-posinset/setsize). */
export interface VisibleRow {
  index: number;
  /** 1-based, as aria-level counts. */
  level: number;
  posInSet: number;
  setSize: number;
  /** Has children that can be shown (key results count only when shown). */
  expandable: boolean;
  expanded: boolean;
  /** Index in the row list of the parent row, -1 for roots. */
  parentRow: number;
}

/** The children a node shows: all, or all but key results (objectives aligned to a hidden key result move up to its objective). */
export function shownChildren(forest: CascadeForest, index: number, showKeyResults: boolean): number[] {
  const children = forest.nodes[index]!.children;
  if (showKeyResults) return children;
  const out: number[] = [];
  for (const c of children) {
    const child = forest.nodes[c]!;
    if (child.kind === 'key_result') {
      for (const g of child.children) out.push(g);
    } else out.push(c);
  }
  return out;
}

/**
 * The rows the outline shows, in order: a depth-first walk that enters only
 * expanded nodes, so the cost follows what is visible, not the whole forest.
 * Iterative (an explicit stack), so a 5,000-level chain is fine.
 */
export function visibleRows(forest: CascadeForest, expanded: ReadonlySet<number>, showKeyResults = true): VisibleRow[] {
  const rows: VisibleRow[] = [];
  // Stack entries: [siblings, position, level, parentRow]
  const stack: { siblings: number[]; at: number; level: number; parentRow: number }[] = [
    { siblings: forest.roots, at: 0, level: 1, parentRow: -1 },
  ];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.siblings.length) {
      stack.pop();
      continue;
    }
    const index = top.siblings[top.at]!;
    top.at++;
    const kids = shownChildren(forest, index, showKeyResults);
    const isOpen = kids.length > 0 && expanded.has(index);
    rows.push({
      index, level: top.level, posInSet: top.at, setSize: top.siblings.length,
      expandable: shownChildCount(forest, index, showKeyResults, kids) > 0, expanded: isOpen, parentRow: top.parentRow,
    });
    if (isOpen) stack.push({ siblings: kids, at: 0, level: top.level + 1, parentRow: rows.length - 1 });
  }
  return rows;
}
