import type { Band, NineBoxCell } from '@plumb/core/queries';

export interface GridCell {
  cell: NineBoxCell;
  row: number;
  column: number;
}

const ORDER: readonly Band[] = ['low', 'mid', 'high'];

/**
 * Place the nine cells: potential rises upward (row 0 = high potential),
 * performance rises to the right (column 0 = low performance).
 */
export function nineBoxGrid(cells: readonly NineBoxCell[]): GridCell[][] {
  const rows: GridCell[][] = [[], [], []];
  for (const cell of cells) {
    const row = 2 - ORDER.indexOf(cell.potential);
    const column = ORDER.indexOf(cell.performance);
    rows[row]![column] = { cell, row, column };
  }
  return rows;
}

/** The move from the comparison stage: which message and how many (an arrow, never colour alone). */
export function deltaOf(n: number | null, before: number | null): { key: 'delta.same' | 'delta.more' | 'delta.fewer'; n: number } | null {
  if (n === null || before === null) return null;
  const d = n - before;
  return d === 0 ? { key: 'delta.same', n: 0 } : d > 0 ? { key: 'delta.more', n: d } : { key: 'delta.fewer', n: -d };
}

/** The box the summary names as largest, or null when every shown box is empty (nothing is "largest"). */
export function largestBox(cells: readonly NineBoxCell[]): NineBoxCell | null {
  let best: NineBoxCell | null = null;
  for (const c of cells) if (!c.suppressed && c.n !== null && c.n > 0 && (best === null || c.n > best.n!)) best = c;
  return best;
}

/** Names listed per box: on a projector two, or one on a screen under 800 pixels high, so the grid fits; else all given. */
export function namesShown<T>(names: readonly T[], projector: boolean, viewportHeight = 1080): T[] {
  return projector ? names.slice(0, viewportHeight < 800 ? 1 : 2) : [...names];
}

export interface DrawingBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The share bar's width (0..width − 2 × padding). */
  bar: number;
  tone: 'high' | 'low' | '';
}

export interface NineBoxDrawing {
  width: number;
  height: number;
  /** Left margin (potential axis) and bottom margin (performance axis). */
  left: number;
  bottom: number;
  title: number;
  boxes: DrawingBox[];
  fontSize: number;
}

/**
 * The SVG drawing of the grid for export (the on-screen grid is HTML): boxes in a 3×3 grid with
 * the share bar, from the cells and a width. Pure: no DOM.
 */
export function nineBoxDrawing(cells: readonly NineBoxCell[], width: number, projector = false): NineBoxDrawing {
  const fontSize = projector ? 22 : 13;
  const left = fontSize * 2.4;
  const bottom = fontSize * 2.6;
  const title = fontSize * 2;
  const gap = 6;
  const inner = Math.max(300, width) - left;
  const boxWidth = (inner - 2 * gap) / 3;
  const boxHeight = fontSize * 6;
  const pad = fontSize * 0.6;
  const boxes: DrawingBox[] = [];
  for (const { cell, row, column } of nineBoxGrid(cells).flat()) {
    boxes.push({
      id: cell.id,
      x: left + column * (boxWidth + gap),
      y: title + row * (boxHeight + gap),
      width: boxWidth,
      height: boxHeight,
      bar: Math.max(0, (boxWidth - 2 * pad) * (cell.share ?? 0)),
      tone: cell.id === 'high-high' ? 'high' : cell.id === 'low-low' ? 'low' : '',
    });
  }
  return { width: Math.max(300, width), height: title + 3 * boxHeight + 2 * gap + bottom, left, bottom, title, boxes, fontSize };
}
