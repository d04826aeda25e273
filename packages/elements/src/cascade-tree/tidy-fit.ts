/**
 * Where "Fit" puts the tidy tree: the whole tree centred in its box when it fits at a readable scale,
 * else the readable scale with `anchor` (a card's top-left corner: the first or the active row) in
 * view, so the rest is reached by panning — never a thumbnail. Pure: layout size and box in, a
 * transform (screen = world × k + (x, y)) out.
 */
export interface FitTransform {
  k: number;
  x: number;
  y: number;
}

export interface FitOptions {
  /** The smallest scale at which the cards' smallest text is still readable (11 px). */
  minScale: number;
  /** The largest scale Fit grows a small tree to. */
  maxScale: number;
  /** Space kept free around the tree (px). */
  margin: number;
  /** Card height, to centre the anchor card vertically. */
  nodeHeight: number;
}

export function fitTransform(
  tree: { width: number; height: number },
  box: { width: number; height: number },
  anchor: { x: number; y: number },
  o: FitOptions,
): FitTransform {
  const fit = Math.min((box.width - 2 * o.margin) / Math.max(1, tree.width), (box.height - 2 * o.margin) / Math.max(1, tree.height));
  if (fit < o.minScale) {
    const k = o.minScale;
    return {
      k,
      x: Math.min(o.margin, box.width / 3 - anchor.x * k),
      y: Math.min(o.margin, box.height / 2 - (anchor.y + o.nodeHeight / 2) * k),
    };
  }
  const k = Math.min(o.maxScale, fit);
  return { k, x: (box.width - tree.width * k) / 2, y: (box.height - tree.height * k) / 2 };
}
