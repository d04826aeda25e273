/** How a panel draws its key results. */
export type BurndownDisplay = 'auto' | 'lines' | 'band';

/**
 * Lines per key result for a small set, the median with its band for a large
 * one. `auto` switches at `maxLines`; lines are only possible when the
 * per key result series were fetched.
 */
export function chooseDisplay(display: BurndownDisplay, seriesCount: number | null, maxLines: number): 'lines' | 'band' {
  if (seriesCount == null || seriesCount === 0) return 'band';
  if (display === 'lines') return 'lines';
  if (display === 'band') return 'band';
  return seriesCount <= maxLines ? 'lines' : 'band';
}
