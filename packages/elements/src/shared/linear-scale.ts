/**
 * The part of d3-scale's `scaleLinear` the views use — a piecewise linear map with optional clamping, its ticks,
 * and a diverging colour ramp — with d3's arithmetic (so every layout and snapshot is unchanged) but without
 * d3-scale's generic interpolators, colour parser and number formatter, which cost each view about 12 kB gzipped
 * for code it never ran. `bisectRight` and `niceTicks` are d3-array's (ISC, Mike Bostock), written out here: the
 * package's top level builds blur and shuffle helpers no bundler can drop (1–2 kB gzipped per view).
 */
export interface LinearScale {
  (value: number): number;
  /** About `count` round values across the domain (d3's `ticks`). */
  ticks(count?: number): number[];
}

/** d3-array's `bisectRight` over ascending numbers: the index after the last element ≤ x (NaN: `hi`). */
function bisectRight(a: readonly number[], x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** d3-array's `tickSpec`: the first and last tick as integers, and the step (negative: a divisor, so decimals stay exact). */
function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / Math.pow(10, power);
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = Math.pow(10, -power) / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = Math.pow(10, power) * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** d3-array's `ticks`: about `count` round values from `start` to `stop` (in that order). */
export function niceTicks(start: number, stop: number, count: number): number[] {
  if (!(count > 0)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? tickSpec(stop, start, count) : tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; ++i) {
    const k = reverse ? i2 - i : i1 + i;
    out[i] = inc < 0 ? k / -inc : k * inc;
  }
  return out;
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
    const s = segments[j > 1 ? bisectRight(d, v, 1, j) - 1 : 0]!;
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
