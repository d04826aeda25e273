/**
 * The outline as a drawing (for SVG/PNG export): one line per visible row, indented by level, with
 * its progress bar. Pure geometry from the rows and the width.
 */
export interface OutlineSvgRow {
  level: number;
  /** False for the group row (no bar). */
  bar: boolean;
  progress: number | null;
}

export interface OutlineSvgSize {
  width: number;
  rowHeight: number;
  indent: number;
  /** Width of the progress bar column. */
  barWidth: number;
}

export const DEFAULT_OUTLINE_SVG_SIZE: OutlineSvgSize = { width: 960, rowHeight: 28, indent: 20, barWidth: 120 };

export interface OutlineSvgPlacedRow {
  /** Baseline of the row's text and left edge of its title. */
  y: number;
  x: number;
  /** Progress bar: left edge, filled width (0 when no data), full width. */
  barX: number;
  barFill: number;
  barWidth: number;
  /** Right-aligned percentage and status column. */
  valueX: number;
}

export function outlineSvgLayout(rows: readonly OutlineSvgRow[], size: OutlineSvgSize = DEFAULT_OUTLINE_SVG_SIZE): { width: number; height: number; rows: OutlineSvgPlacedRow[] } {
  const barX = size.width - size.barWidth - 160;
  return {
    width: size.width,
    height: Math.max(size.rowHeight, rows.length * size.rowHeight + 8),
    rows: rows.map((r, i) => ({
      y: 4 + i * size.rowHeight + size.rowHeight * 0.68,
      x: 8 + (r.level - 1) * size.indent,
      barX,
      barFill: r.bar && r.progress != null ? Math.round(Math.max(0, Math.min(1, r.progress)) * size.barWidth * 10) / 10 : 0,
      barWidth: r.bar ? size.barWidth : 0,
      valueX: barX + size.barWidth + 12,
    })),
  };
}
