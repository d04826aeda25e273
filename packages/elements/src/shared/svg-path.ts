/**
 * Straight-segment SVG paths with gaps: what d3-shape's `line()` and `area()` draw with their default linear
 * curve, written out (the same path text, so snapshots are unchanged) because the views used nothing else of
 * d3-shape and its bundle carried every curve, arc, pie and symbol.
 */

/** A coordinate as d3-shape writes it (d3-path's default: rounded to 3 decimals). */
export const pathCoordinate = (v: number) => Math.round(v * 1000) / 1000;
const n = pathCoordinate;

/** The runs of consecutive items `defined` accepts, in order (a gap between runs is never bridged). */
function runs<T>(items: readonly T[], defined: (item: T) => boolean): T[][] {
  const out: T[][] = [];
  let run: T[] | null = null;
  for (const item of items) {
    if (defined(item)) (run ??= []).push(item);
    else if (run) {
      out.push(run);
      run = null;
    }
  }
  if (run) out.push(run);
  return out;
}

/** A polyline through the defined points (`M…L…`; a lone point becomes `Mx,yZ`, as in d3); '' when none is defined. */
export function linePath<T>(items: readonly T[], defined: (item: T) => boolean, x: (item: T) => number, y: (item: T) => number): string {
  let path = '';
  for (const run of runs(items, defined)) {
    run.forEach((item, i) => (path += `${i ? 'L' : 'M'}${n(x(item))},${n(y(item))}`));
    if (run.length === 1) path += 'Z';
  }
  return path;
}

/** A band: along `y1` forward, back along `y0`, closed; one closed shape per defined run; '' when none is defined. */
export function areaPath<T>(
  items: readonly T[],
  defined: (item: T) => boolean,
  x: (item: T) => number,
  y0: (item: T) => number,
  y1: (item: T) => number,
): string {
  let path = '';
  for (const run of runs(items, defined)) {
    run.forEach((item, i) => (path += `${i ? 'L' : 'M'}${n(x(item))},${n(y1(item))}`));
    for (let i = run.length - 1; i >= 0; i--) path += `L${n(x(run[i]!))},${n(y0(run[i]!))}`;
    path += 'Z';
  }
  return path;
}
