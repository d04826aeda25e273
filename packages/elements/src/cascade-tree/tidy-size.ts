import { DEFAULT_TIDY_SIZE, type TidySize } from './cascade-layout.js';

/** The widest card (wider only stretches the bar and whitespace) and the widest gap between levels. */
const MAX_NODE_WIDTH = 340;
const MAX_GAP_X = 140;

/**
 * Card and gap sizes that spread the open levels across the box's width: cards grow first (longer
 * titles fit), then the gaps, up to their limits; a box too narrow keeps the defaults and pans.
 * `levels` is the deepest open level (1 = only roots).
 */
export function tidySizeFor(boxWidth: number, levels: number, margin = 16, base: TidySize = DEFAULT_TIDY_SIZE): TidySize {
  const n = Math.max(1, levels);
  const room = boxWidth - 2 * margin;
  const defaultWidth = n * base.nodeWidth + (n - 1) * base.gapX;
  if (!(room > defaultWidth)) return base;
  const nodeWidth = Math.min(MAX_NODE_WIDTH, (room - (n - 1) * base.gapX) / n);
  const gapX = n > 1 ? Math.min(MAX_GAP_X, (room - n * nodeWidth) / (n - 1)) : base.gapX;
  return { ...base, nodeWidth: Math.floor(nodeWidth), gapX: Math.floor(gapX) };
}

/** How many characters of title and owner a card of this width shows (12 px / 11 px text, ~7 px a character). */
export function cardChars(size: TidySize): { title: number; owner: number } {
  return { title: Math.max(30, Math.floor((size.nodeWidth - 22) / 7)), owner: Math.max(18, Math.floor((size.nodeWidth - 130) / 6)) };
}
