import type { Band, NineBoxCell } from '@plumb/core';

/** Conventional names of the nine boxes (performance-potential); embedders replace them with `.labels`. */
export const DEFAULT_BOX_LABELS: Readonly<Record<string, string>> = {
  'low-high': 'Rough diamond',
  'mid-high': 'Future star',
  'high-high': 'Star',
  'low-mid': 'Inconsistent',
  'mid-mid': 'Core player',
  'high-mid': 'High performer',
  'low-low': 'Risk',
  'mid-low': 'Effective',
  'high-low': 'Trusted professional',
};

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

/** The move from the comparison stage, as text with an arrow (never colour alone). */
export function deltaText(n: number | null, before: number | null): string {
  if (n === null || before === null) return '';
  const d = n - before;
  if (d === 0) return '= no change';
  return d > 0 ? `▲ ${d} more` : `▼ ${-d} fewer`;
}
