import { areaPath, linePath as polyline } from '../shared/svg-path.js';
import type { BurndownScales } from './scales.js';

export interface WeekValue {
  week: number;
  value: number | null;
}

export interface WeekBand {
  week: number;
  q1: number | null;
  q3: number | null;
}

/** SVG path of a series; a gap where a value is missing (never interpolated across). */
export function linePath(points: readonly WeekValue[], scales: BurndownScales): string {
  return polyline(
    points,
    (d) => d.value != null,
    (d) => scales.x(d.week),
    (d) => scales.y(d.value ?? 0),
  );
}

/** SVG path of the inter-quartile band. */
export function bandPath(rows: readonly WeekBand[], scales: BurndownScales): string {
  return areaPath(
    rows,
    (d) => d.q1 != null && d.q3 != null,
    (d) => scales.x(d.week),
    (d) => scales.y(d.q1 ?? 0),
    (d) => scales.y(d.q3 ?? 0),
  );
}

/** An upward triangle centred on (x, y): the alert marker's shape (shape, not only colour). */
export function trianglePath(x: number, y: number, size = 6): string {
  const h = size * 1.15;
  return `M${x},${y - h}L${x + size},${y + h * 0.6}L${x - size},${y + h * 0.6}Z`;
}
