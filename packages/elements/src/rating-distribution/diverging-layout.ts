/**
 * A diverging 100 % stacked bar: shares of each scale value laid end to end,
 * shifted so the middle of the midpoint category sits at 0. Ratings below
 * the midpoint extend left, above it right, so a lenient rater's bar leans
 * right and a severe rater's leans left, on one common axis.
 */
export interface DivergingSegment {
  /** Index into the scale. */
  index: number;
  /** Start and end in share units (−1..1). */
  start: number;
  end: number;
  share: number;
}

/** Index of the scale's middle category (the lower middle for an even scale's split falls between two). */
export function midpointOf(scaleLength: number): number {
  return (scaleLength - 1) / 2;
}

export function divergingSegments(shares: readonly number[]): DivergingSegment[] {
  const mid = midpointOf(shares.length);
  let left = 0;
  for (let i = 0; i < shares.length; i++) {
    if (i < mid) left += shares[i]!;
    else if (i === mid) left += shares[i]! / 2;
  }
  let x = -left;
  return shares.map((share, index) => {
    const seg = { index, start: x, end: x + share, share };
    x += share;
    return seg;
  });
}

/** A symmetric domain wide enough for every bar, [−m, m] with m in 0.5..1. */
export function divergingExtent(rows: readonly (readonly number[])[]): number {
  let m = 0.5;
  for (const shares of rows) {
    const segs = divergingSegments(shares);
    if (segs.length === 0) continue;
    m = Math.max(m, -segs[0]!.start, segs.at(-1)!.end);
  }
  return Math.min(1, Math.ceil(m * 10) / 10);
}

/** Cumulative boundaries of a distribution in the same diverging coordinates (for the guideline overlay). */
export function divergingBoundaries(shares: readonly number[]): number[] {
  const segs = divergingSegments(shares);
  return segs.slice(0, -1).map((s) => s.end);
}
