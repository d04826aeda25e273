import { linearScale } from '../shared/linear-scale.js';

/**
 * The small-multiples view as a pure function of the rows and the width: a grid of cells, one per row
 * (the organisation first), each a column chart of the shares of the scale's values on one common
 * share axis, with the guideline as a tick per value. No strings: the element adds the text.
 */

export interface MultiplesLayout {
  columns: number;
  cellWidth: number;
  cellHeight: number;
  gap: number;
}

/** Small multiples grid: as many columns as fit at a minimum cell width. */
export function multiplesLayout(width: number, count: number, projector: boolean): MultiplesLayout {
  const gap = projector ? 24 : 12;
  // Projected, 280: two columns in a chart beside another view at 1280 px (~600 px; at 300 it took one column of
  // 600 × 480 px cells, one rater per screen).
  const minCell = projector ? 280 : 170;
  const columns = Math.max(1, Math.min(count || 1, Math.floor((width + gap) / (minCell + gap))));
  const cellWidth = Math.floor((width - gap * (columns - 1)) / columns);
  return { columns, cellWidth, cellHeight: Math.round(cellWidth * (projector ? 0.8 : 0.72)), gap };
}

export interface MultiplesCell {
  /** The cell's frame. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Baselines of the title line (label and n) and of the flags line. */
  titleY: number;
  flagY: number;
  /** One column per scale value. */
  bars: { index: number; share: number; x: number; y: number; width: number; height: number }[];
  /** The guideline's share of each value, as a tick across its column. */
  guidelines: { index: number; x1: number; x2: number; y: number }[];
  /** Where each value's name sits under its column. */
  axis: { index: number; x: number; y: number }[];
}

export interface MultiplesDrawing {
  grid: MultiplesLayout;
  width: number;
  height: number;
  fontSize: number;
  cells: MultiplesCell[];
}

export function multiplesDrawing(
  input: { scale: readonly { guideline_share?: number | null }[]; rows: readonly { shares: readonly number[] }[] },
  width: number,
  projector: boolean,
): MultiplesDrawing {
  const grid = multiplesLayout(width, input.rows.length, projector);
  const fs = projector ? 22 : 12;
  const guideline = input.scale.map((s) => s.guideline_share ?? 0);
  const hasGuideline = guideline.some((g) => g > 0);
  // One share axis for every cell, so a taller column means a larger share wherever it stands.
  const maxShare = Math.max(0.25, ...input.rows.flatMap((r) => r.shares), ...guideline);
  const band = grid.cellWidth / Math.max(1, input.scale.length);
  const titleH = fs * 2.6;
  const axisH = fs * 1.4;
  const plotH = grid.cellHeight - titleH - axisH;
  const cells = input.rows.map((row, i): MultiplesCell => {
    const x0 = (i % grid.columns) * (grid.cellWidth + grid.gap);
    const y0 = Math.floor(i / grid.columns) * (grid.cellHeight + grid.gap);
    const y = linearScale([0, maxShare], [y0 + titleH + plotH, y0 + titleH]);
    return {
      x: x0,
      y: y0,
      width: grid.cellWidth,
      height: grid.cellHeight,
      titleY: y0 + fs * 1.1,
      flagY: y0 + fs * 2.2,
      bars: row.shares.map((share, k) => ({ index: k, share, x: x0 + k * band + band * 0.15, y: y(share), width: band * 0.7, height: Math.max(0, y(0) - y(share)) })),
      guidelines: hasGuideline ? guideline.map((g, k) => ({ index: k, x1: x0 + k * band + band * 0.08, x2: x0 + (k + 1) * band - band * 0.08, y: y(g) })) : [],
      axis: input.scale.map((_s, k) => ({ index: k, x: x0 + (k + 0.5) * band, y: y0 + grid.cellHeight - fs * 0.35 })),
    };
  });
  const rowsCount = Math.ceil(input.rows.length / grid.columns);
  return { grid, width, height: rowsCount * (grid.cellHeight + grid.gap), fontSize: fs, cells };
}
