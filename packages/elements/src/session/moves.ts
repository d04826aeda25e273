import { bandOf, type Band } from '@plumb/core/queries';

/**
 * Pure rules of a rating move in the session views (no DOM): the scale steps a move spans, the next
 * value up or down, a typed value, and which value a drop into a nine-box band means. When a move needs
 * a reason is the session's rule (core's `reasonRequired(policy, from, to)`).
 */

/** The values of a rating scale, ascending (from `rating_scale`, or the whole numbers of a range). */
export function scaleValues(values: Iterable<number | null | undefined>, range?: readonly [number, number]): number[] {
  const set = new Set<number>();
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) set.add(v);
  if (range && Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[1] - range[0] <= 100) {
    for (let v = range[0]; v <= range[1]; v++) set.add(v);
  }
  return [...set].sort((a, b) => a - b);
}

/** Scale steps between two ratings: positions on the scale when both are on it, else the difference. */
export function levelsMoved(from: number | null, to: number | null, scale: readonly number[] = []): number {
  if (from === null || to === null) return 0;
  const i = scale.indexOf(from);
  const j = scale.indexOf(to);
  return i >= 0 && j >= 0 ? Math.abs(j - i) : Math.abs(to - from);
}

/** The next value on the scale `delta` steps away (clamped to the scale's ends), or null without a scale. */
export function stepRating(current: number | null, delta: number, scale: readonly number[]): number | null {
  if (scale.length === 0) return current === null ? null : current + delta;
  if (current === null) return delta > 0 ? scale[0]! : scale[scale.length - 1]!;
  let i = scale.indexOf(current);
  if (i < 0) i = scale.findIndex((v) => v > current) - (delta > 0 ? 1 : 0);
  const j = Math.max(0, Math.min(scale.length - 1, i + delta));
  return scale[j]!;
}

/** A typed digit as a value on the scale, or null when the scale has no such value. */
export function typedRating(key: string, scale: readonly number[]): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const v = Number(key);
  return scale.length === 0 || scale.includes(v) ? v : null;
}

/**
 * The rating a drop into `band` means: the current value when it is already in the band, else the
 * value of the band nearest to it (the smallest move that lands in the box). Null when the band
 * has no value on the scale.
 */
export function ratingForBand(current: number | null, band: Band, scale: readonly number[]): number | null {
  if (scale.length === 0) return null;
  const min = scale[0]!;
  const max = scale[scale.length - 1]!;
  const inBand = scale.filter((v) => bandOf(v, min, max) === band);
  if (inBand.length === 0) return null;
  if (current !== null && inBand.includes(current)) return current;
  if (current === null) return inBand[Math.floor((inBand.length - 1) / 2)]!;
  let best = inBand[0]!;
  for (const v of inBand) if (Math.abs(v - current) < Math.abs(best - current)) best = v;
  return best;
}

/** The box a pair of ratings falls in ("high-mid"), with the same thirds as core's nine-box. */
export function boxOf(performance: number, potential: number, performanceScale: readonly number[], potentialScale: readonly number[]): string {
  const band = (v: number, s: readonly number[]) => (s.length ? bandOf(v, s[0]!, s[s.length - 1]!) : 'mid');
  return `${band(performance, performanceScale)}-${band(potential, potentialScale)}`;
}
