import { bisect, ticks as niceTicks } from 'd3-array';

/**
 * The part of d3-scale's `scaleLinear` the views use — a piecewise linear map with optional clamping, its ticks,
 * and a diverging colour ramp — with d3's arithmetic (so every layout and snapshot is unchanged) but without
 * d3-scale's generic interpolators, colour parser and number formatter, which cost each view about 12 kB gzipped
 * for code it never ran.
 */
export interface LinearScale {
  (value: number): number;
  /** About `count` round values across the domain (d3's `ticks`). */
  ticks(count?: number): number[];
}

/** `t` in [0, 1] along `[a, b]` of the domain (d3's `normalize`: a zero-width segment maps to its middle). */
function normalize(a: number, b: number): (x: number) => number {
  const width = b - a;
  return width ? (x) => (x - a) / width : () => (Number.isNaN(width) ? NaN : 0.5);
}

/** d3's piecewise map: the domain segment holding x, normalised, then interpolated in the matching range segment. */
function piecewise<T>(domain: readonly number[], range: readonly T[], interpolate: (a: T, b: T) => (t: number) => T, clamp: boolean): (x: number) => T {
  let d = [...domain];
  let r = [...range];
  const j = Math.min(d.length, r.length) - 1;
  if (d[j]! < d[0]!) {
    d = d.reverse();
    r = r.reverse();
  }
  const lo = Math.min(d[0]!, d[j]!);
  const hi = Math.max(d[0]!, d[j]!);
  const segments = Array.from({ length: j }, (_, i) => ({ t: normalize(d[i]!, d[i + 1]!), value: interpolate(r[i]!, r[i + 1]!) }));
  return (x) => {
    const v = clamp ? Math.max(lo, Math.min(hi, x)) : x;
    const s = segments[j > 1 ? bisect(d, v, 1, j) - 1 : 0]!;
    return s.value(s.t(v));
  };
}

/** Numbers: d3's `interpolateNumber`. */
const interpolateNumber = (a: number, b: number) => (t: number) => a * (1 - t) + b * t;

export function linearScale(domain: readonly number[], range: readonly number[], options: { clamp?: boolean } = {}): LinearScale {
  const map = piecewise(domain, range, interpolateNumber, options.clamp ?? false);
  const scale = ((value: number) => map(value)) as LinearScale;
  scale.ticks = (count = 10) => niceTicks(domain[0]!, domain[domain.length - 1]!, count);
  return scale;
}

/** `#rrggbb` → its channels. */
function channels(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** Colours: d3's `interpolateRgb` (gamma 1) and its `rgb(r, g, b)` output. */
function interpolateHex(a: string, b: string): (t: number) => string {
  const from = channels(a);
  const delta = channels(b).map((c, i) => c - from[i]!);
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v) || 0));
  return (t) => `rgb(${from.map((c, i) => byte(c + t * delta[i]!)).join(', ')})`;
}

/** A colour ramp through `#rrggbb` stops at the domain's points, as d3's `scaleLinear<string>` draws it. */
export function colourScale(domain: readonly number[], colours: readonly string[]): (value: number) => string {
  return piecewise(domain, colours, interpolateHex, false);
}
