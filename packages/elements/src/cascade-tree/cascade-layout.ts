import { hierarchy, tree as d3tree } from 'd3-hierarchy';
import type { VisibleRow } from './visible-rows.js';

export interface TidyNode {
  /** Index of the node in the cascade. */
  index: number;
  /** Index in the visible rows (the keyboard order both layouts share). */
  row: number;
  /** Top-left corner of the node's card. */
  x: number;
  y: number;
}

export interface TidyLink {
  source: TidyNode;
  target: TidyNode;
}

export interface TidyLayout {
  nodes: TidyNode[];
  links: TidyLink[];
  width: number;
  height: number;
}

export interface TidySize {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal space between levels. */
  gapX: number;
  /** Vertical space between siblings. */
  gapY: number;
}

export const DEFAULT_TIDY_SIZE: TidySize = { nodeWidth: 232, nodeHeight: 56, gapX: 48, gapY: 12 };

interface Item {
  row: number;
  children: Item[];
}

/**
 * A horizontal tidy tree (Reingold–Tilford, d3-hierarchy `tree()`) of the
 * visible rows only: the expanded part of the forest, never the whole of it.
 * Roots hang from an invisible root so the forest lays out as one tree.
 */
export function tidyLayout(rows: readonly VisibleRow[], size: TidySize = DEFAULT_TIDY_SIZE): TidyLayout {
  if (rows.length === 0) return { nodes: [], links: [], width: 0, height: 0 };
  const root: Item = { row: -1, children: [] };
  const items: Item[] = rows.map((_, row) => ({ row, children: [] }));
  rows.forEach((r, i) => (r.parentRow === -1 ? root : items[r.parentRow]!).children.push(items[i]!));
  const h = hierarchy<Item>(root, (d) => (d.children.length ? d.children : null));
  const laid = d3tree<Item>()
    .nodeSize([size.nodeHeight + size.gapY, size.nodeWidth + size.gapX])
    .separation(() => 1)(h);
  let minBreadth = Infinity;
  let maxBreadth = -Infinity;
  let maxDepth = 0;
  laid.each((n) => {
    if (n.data.row === -1) return;
    minBreadth = Math.min(minBreadth, n.x);
    maxBreadth = Math.max(maxBreadth, n.x);
    maxDepth = Math.max(maxDepth, n.depth);
  });
  const nodes: TidyNode[] = new Array(rows.length);
  const step = size.nodeWidth + size.gapX;
  laid.each((n) => {
    if (n.data.row === -1) return;
    nodes[n.data.row] = {
      index: rows[n.data.row]!.index,
      row: n.data.row,
      x: (n.depth - 1) * step,
      y: n.x - minBreadth,
    };
  });
  const links: TidyLink[] = [];
  rows.forEach((r, i) => {
    if (r.parentRow !== -1) links.push({ source: nodes[r.parentRow]!, target: nodes[i]! });
  });
  return {
    nodes,
    links,
    width: maxDepth * step - size.gapX,
    height: maxBreadth - minBreadth + size.nodeHeight,
  };
}

/** An SVG path from the right edge of a parent card to the left edge of a child card (a horizontal S-curve). */
export function linkPath(link: TidyLink, size: TidySize = DEFAULT_TIDY_SIZE): string {
  const x0 = link.source.x + size.nodeWidth;
  const y0 = link.source.y + size.nodeHeight / 2;
  const x1 = link.target.x;
  const y1 = link.target.y + size.nodeHeight / 2;
  const mx = (x0 + x1) / 2;
  return `M${x0},${y0}C${mx},${y0} ${mx},${y1} ${x1},${y1}`;
}
