import { linearScale, type LinearScale } from '../shared/linear-scale.js';

/** Space around the plot for axes and labels, in px. */
export interface ChartFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  innerHeight: number;
}

/** The plot area inside a chart of `width × height`; compact margins for small multiples. */
export function chartFrame(width: number, height: number, compact = false): ChartFrame {
  const margin = compact ? { top: 8, right: 8, bottom: 22, left: 34 } : { top: 16, right: 16, bottom: 30, left: 44 };
  return {
    width,
    height,
    margin,
    innerWidth: Math.max(10, width - margin.left - margin.right),
    innerHeight: Math.max(10, height - margin.top - margin.bottom),
  };
}

export interface BurndownScales {
  /** Week number (1…weeks; the end of week w sits at x(w)) → px inside the plot. */
  x: LinearScale;
  /** Value 0–1 → px inside the plot (1 at the top). */
  y: LinearScale;
}

/**
 * Weeks run left to right from 1 to `weekCount`; values 0–1 bottom to top.
 * A value sits at the week it belongs to (its end-of-week state).
 */
export function burndownScales(frame: ChartFrame, weekCount: number): BurndownScales {
  return {
    x: linearScale([1, Math.max(2, weekCount)], [0, frame.innerWidth]),
    y: linearScale([0, 1], [frame.innerHeight, 0], { clamp: true }),
  };
}

/** Where "today" sits: `week` of `current_week`, or null outside the cycle. */
export function todayPosition(currentWeek: number, weekCount: number): number | null {
  return currentWeek >= 1 && currentWeek <= weekCount ? currentWeek : null;
}

/** Week ticks that fit `innerWidth` (every week, every 2nd, …), always including week 1. */
export function weekTicks(weekCount: number, innerWidth: number, minGap = 28): number[] {
  const step = Math.max(1, Math.ceil((minGap * weekCount) / Math.max(1, innerWidth)));
  const ticks: number[] = [];
  for (let w = 1; w <= weekCount; w += step) ticks.push(w);
  return ticks;
}

/** Columns and panel width for small multiples in `width` px (panels at least `minPanel` wide). */
export function multiplesGrid(width: number, count: number, minPanel = 240, gap = 12): { columns: number; panelWidth: number } {
  const columns = Math.max(1, Math.min(count, Math.floor((width + gap) / (minPanel + gap))));
  return { columns, panelWidth: Math.floor((width - gap * (columns - 1)) / columns) };
}
