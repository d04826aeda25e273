import { linearScale, type LinearScale } from '../shared/linear-scale.js';
import { pathCoordinate } from '../shared/svg-path.js';
import { headerLayout, textWidth, type ChartLayout, type HeaderLayout } from './chart-layout.js';
import { divergingBoundaries, divergingExtent, divergingSegments } from './diverging-layout.js';
import { effectExtent } from './effect-layout.js';

/**
 * The stacked view's picture as a pure function of the rows and the frame: one diverging bar per row
 * (the organisation first, then each rater drawn), each rater's shrunk effect with its interval on the
 * effect axis, and the guideline's boundaries between the bars. No strings: the element adds the text.
 */

/** What a rater row needs (a `RaterReport` fits). */
/** A triangle with its tip at (x, tip) and its base at y = base, `half` wide each side (coordinates as d3 rounds them). */
function triangle(x: number, tip: number, base: number, half: number): string {
  const c = pathCoordinate;
  return `M${c(x)},${c(tip)} L${c(x + half)},${c(base)} L${c(x - half)},${c(base)} Z`;
}

export interface StackedRater {
  rater_id: string;
  shares: readonly number[];
  shrunk_effect: number | null;
  ci_low: number | null;
  ci_high: number | null;
  effect: number | null;
  flags: readonly string[];
}

export interface StackedInput {
  /** The scale in order, with the guideline's share of each value (absent or 0: no guideline). */
  scale: readonly { value: number; guideline_share?: number | null }[];
  org: { shares: readonly number[] };
  /** The raters drawn, in order. */
  raters: readonly StackedRater[];
  /** Shares before and after calibration per rater id: drawn as two bars when `beforeAfter`. */
  moves?: ReadonlyMap<string, { before: readonly number[]; after: readonly number[] }>;
}

export interface StackedSegment {
  /** Index into the scale. */
  index: number;
  share: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The "before" bar of a move, drawn faded and without its percentage. */
  faded: boolean;
  /** Wide and tall enough to print its percentage inside. */
  labelled: boolean;
}

export interface EffectMark {
  /** A lenient rater's mark is a triangle pointing up, a severe rater's one pointing down (shape, not only colour). */
  shape: 'circle' | 'lenient' | 'severe';
  x: number;
  y: number;
  size: number;
  /** The triangle's path; absent for a circle. */
  d?: string;
}

export interface StackedRow {
  kind: 'org' | 'rater';
  /** Null for the organisation's row. */
  rater_id: string | null;
  /** Top of the row and its middle line. */
  y: number;
  cy: number;
  /** Baseline of the label, and of the flags line under it when the row has flags or moves. */
  labelY: number;
  flagY: number | null;
  segments: StackedSegment[];
  interval: { x1: number; x2: number } | null;
  mark: EffectMark | null;
}

export interface StackedDrawing {
  frame: ChartLayout;
  height: number;
  /** The rows' band: under the header, above the effect axis's labels. */
  top: number;
  bottom: number;
  /** x of a share of 0 (the diverging bars' centre) and of an effect of 0. */
  shareZero: number;
  effectZero: number;
  effectTicks: { value: number; x: number }[];
  header: HeaderLayout;
  rows: StackedRow[];
  /** The guideline's boundaries, cut to the gaps between bars so they never cross a percentage. */
  guidelines: { x: number; y1: number; y2: number }[];
}

export function stackedDrawing(
  input: StackedInput,
  frame: ChartLayout,
  options: { projector: boolean; beforeAfter: boolean; labels: { share: string; effect: string } },
): StackedDrawing {
  const { projector, beforeAfter } = options;
  const L = frame;
  const header = headerLayout(L, options.labels);
  const fs = L.fontSize;
  const guideline = input.scale.map((s) => s.guideline_share ?? 0);
  const hasGuideline = guideline.some((g) => g > 0);
  const movesOf = (id: string) => (beforeAfter ? input.moves?.get(id) : undefined);
  const extent = divergingExtent([input.org.shares, ...input.raters.map((r) => r.shares), ...(hasGuideline ? [guideline] : [])]);
  const x = linearScale([-extent, extent], [L.bar.x, L.bar.x + L.bar.width]);
  const ex = effectExtent(input.raters);
  const xe = linearScale([-ex, ex], [L.effect.x + 8, L.effect.x + L.effect.width - 8]);
  const top = header.height;
  const count = input.raters.length + 1;
  const bottom = top + count * L.rowHeight;

  const bar = (shares: readonly number[], y: number, height: number, faded: boolean): StackedSegment[] =>
    divergingSegments(shares).map((seg) => {
      const width = Math.max(0, x(seg.end) - x(seg.start));
      return { index: seg.index, share: seg.share, x: x(seg.start), y, width, height, faded, labelled: !faded && width > fs * 2.2 && height >= fs * 0.9 };
    });
  const barY = (y: number) => y + (L.rowHeight - L.barHeight) / 2;

  const rows: StackedRow[] = [];
  const orgY = top;
  rows.push({
    kind: 'org',
    rater_id: null,
    y: orgY,
    cy: orgY + L.rowHeight / 2,
    labelY: orgY + L.rowHeight / 2,
    flagY: null,
    segments: bar(input.org.shares, barY(orgY), L.barHeight, false),
    interval: null,
    mark: null,
  });
  const size = projector ? 11 : 6;
  input.raters.forEach((r, i) => {
    const y = top + (i + 1) * L.rowHeight;
    const cy = y + L.rowHeight / 2;
    const moves = movesOf(r.rater_id);
    const flagged = r.flags.length > 0 || moves !== undefined;
    const shape = r.flags.includes('lenient') ? 'lenient' : r.flags.includes('severe') ? 'severe' : 'circle';
    const cx = r.shrunk_effect === null ? null : xe(r.shrunk_effect);
    const mark: EffectMark | null =
      cx === null
        ? null
        : shape === 'lenient'
          ? { shape, x: cx, y: cy, size, d: triangle(cx, cy - size * 1.3, cy + size, size * 1.2) }
          : shape === 'severe'
            ? { shape, x: cx, y: cy, size, d: triangle(cx, cy + size * 1.3, cy - size, size * 1.2) }
            : { shape, x: cx, y: cy, size };
    rows.push({
      kind: 'rater',
      rater_id: r.rater_id,
      y,
      cy,
      labelY: flagged ? y + L.rowHeight * 0.36 : cy,
      flagY: flagged ? y + L.rowHeight * 0.74 : null,
      segments: moves
        ? [...bar(moves.before, y + 4, L.rowHeight / 2 - 6, true), ...bar(moves.after, y + L.rowHeight / 2 + 2, L.rowHeight / 2 - 6, false)]
        : bar(r.shares, barY(y), L.barHeight, false),
      interval: r.ci_low !== null && r.ci_high !== null ? { x1: xe(r.ci_low), x2: xe(r.ci_high) } : null,
      mark,
    });
  });

  // The gaps between bars in each row: above, between (a move's two bars) and below.
  const gaps = rows.flatMap((row): [number, number][] => {
    const y = row.y;
    if (row.rater_id !== null && movesOf(row.rater_id)) {
      return [[y, y + 4], [y + L.rowHeight / 2 - 2, y + L.rowHeight / 2 + 2], [y + L.rowHeight - 4, y + L.rowHeight]];
    }
    const by = barY(y);
    return [[y, by], [by + L.barHeight, y + L.rowHeight]];
  });
  const boundaries = hasGuideline ? divergingBoundaries(guideline) : [];
  return {
    frame: L,
    height: top + count * L.rowHeight + (projector ? 40 : 24),
    top,
    bottom,
    shareZero: x(0),
    effectZero: xe(0),
    effectTicks: effectTicks(xe, projector ? 3 : 5, textWidth('+0,5', fs * 0.75) + fs * 0.5).map((value) => ({ value, x: xe(value) })),
    header,
    rows,
    guidelines: boundaries.flatMap((b) => gaps.map(([y1, y2]) => ({ x: x(b), y1, y2 }))),
  };
}

/** Each rater's moves as shares of the scale, before and after (counts keyed by the value as text). */
export function moveShares(
  scale: readonly { value: number }[],
  byRater: readonly { rater_id: string; before: Record<string, number>; after: Record<string, number> }[],
): Map<string, { before: number[]; after: number[] }> {
  const shares = (counts: Record<string, number>) => {
    const n = scale.reduce((s, v) => s + (counts[String(v.value)] ?? 0), 0);
    return scale.map((v) => (n ? (counts[String(v.value)] ?? 0) / n : 0));
  };
  return new Map(byRater.map((c) => [c.rater_id, { before: shares(c.before), after: shares(c.after) }]));
}

/**
 * Ticks of the effect axis, at most `most`, fewer while their labels (`labelWidth` wide) would touch; on the narrowest
 * axis only the outer two (the zero line stays drawn).
 */
function effectTicks(scale: LinearScale, most: number, labelWidth: number): number[] {
  const fits = (ticks: readonly number[]) => ticks.length >= 2 && ticks.every((t, i) => i === 0 || Math.abs(scale(t) - scale(ticks[i - 1]!)) >= labelWidth);
  const tries = Array.from({ length: most }, (_, i) => scale.ticks(most - i));
  return tries.find(fits) ?? tries.map((t) => [t[0]!, t.at(-1)!]).find(fits) ?? tries[0]!;
}
