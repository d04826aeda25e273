import { linearScale } from '../shared/linear-scale.js';
import { linePath } from '../shared/svg-path.js';
import type { CheckInItem, GapItem, BlockerItem, LinkItem, PersonEvidence } from '@plumb/core/queries';

/**
 * The check-in timeline of one key result, as a pure function of its evidence and the chart size (no
 * DOM): x is the day of the cycle, y 0–1 shared by progress (the value line, solid) and confidence
 * (dashed). Gaps are shaded weeks, blockers a band from raised to cleared plus a "!" mark, milestones
 * diamonds on the value line (filled when delivered), sprints brackets under the chart over their window.
 */
export interface TimelineInput {
  weeks: PersonEvidence['weeks'];
  asOf: string;
  checkIns: readonly CheckInItem[];
  gaps: readonly GapItem[];
  blockers: readonly BlockerItem[];
  links: readonly LinkItem[];
}

export interface TimelinePoint { id: string; x: number; yConfidence: number | null; yProgress: number | null; blocked: boolean; byOther: boolean; hasNote: boolean }
export interface TimelineBand { id: string; x: number; width: number }
export interface TimelineMilestone { id: string; x: number; y: number; delivered: boolean; moved: boolean | null; label: string }
export interface TimelineSprint { id: string; x1: number; x2: number; y: number; moved: boolean | null; label: string }

export interface TimelineLayout {
  width: number;
  height: number;
  /** Plot area inside the margins. */
  plot: { left: number; top: number; width: number; height: number };
  progressPath: string;
  confidencePath: string;
  points: TimelinePoint[];
  gaps: TimelineBand[];
  blockers: (TimelineBand & { markX: number })[];
  milestones: TimelineMilestone[];
  sprints: TimelineSprint[];
  weekTicks: { week: number; x: number }[];
  yTicks: { value: number; y: number }[];
  /** x of the as-of day inside the cycle, else null. */
  asOfX: number | null;
}

export const TIMELINE_MARGIN = { top: 14, right: 12, bottom: 30, left: 34 };
const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY;
const round = (v: number) => Math.round(v * 10) / 10;

export function timelineLayout(input: TimelineInput, size: { width: number; height: number }): TimelineLayout {
  const width = Math.max(160, Math.round(size.width));
  const height = Math.max(90, Math.round(size.height));
  const m = TIMELINE_MARGIN;
  const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
  const first = input.weeks[0]?.start ?? input.checkIns[0]?.date ?? input.asOf;
  const last = input.weeks.at(-1)?.end ?? input.asOf;
  const x = linearScale([day(first), day(last) + 1], [plot.left, plot.left + plot.width], { clamp: true });
  const y = linearScale([0, 1], [plot.top + plot.height, plot.top], { clamp: true });
  const xOf = (iso: string) => round(x(day(iso) + 0.5));
  const sorted = [...input.checkIns].sort((a, b) => (a.date! < b.date! ? -1 : 1));
  const path = (value: (c: CheckInItem) => number | null) =>
    linePath(
      sorted,
      (c) => value(c) != null,
      (c) => xOf(c.date!),
      (c) => round(y(value(c)!)),
    );
  const weekX = (w: { start: string; end: string }) => ({ x: round(x(day(w.start))), width: round(x(day(w.end) + 1) - x(day(w.start))) });
  const sprintY = plot.top + plot.height + 8;
  const inCycle = input.asOf >= first && input.asOf <= last;
  return {
    width,
    height,
    plot,
    progressPath: path((c) => c.progress),
    confidencePath: path((c) => c.confidence),
    points: sorted.map((c) => ({
      id: c.id, x: xOf(c.date!), yConfidence: c.confidence == null ? null : round(y(c.confidence)),
      yProgress: c.progress == null ? null : round(y(c.progress)), blocked: c.blocked, byOther: c.by_other, hasNote: !!c.note,
    })),
    gaps: input.gaps.map((g) => ({ id: g.id, ...weekX({ start: g.week_start, end: g.week_end }) })),
    blockers: input.blockers.map((b) => {
      const x1 = xOf(b.raised);
      const x2 = b.cleared ? xOf(b.cleared) : round(x(Math.min(day(input.asOf), day(last)) + 1));
      return { id: b.id, x: x1, width: round(Math.max(2, x2 - x1)), markX: x1 };
    }),
    milestones: input.links
      .filter((l) => l.link_kind !== 'sprint' && l.due_date)
      .map((l) => {
        // On the value line: the progress of the last check-in on or before the due date.
        const before = sorted.filter((c) => c.date! <= l.due_date! && c.progress != null).at(-1);
        return { id: l.id, x: xOf(l.due_date!), y: round(y(before?.progress ?? 0)), delivered: l.delivered, moved: l.moved, label: l.external_id ?? l.title ?? '' };
      }),
    sprints: input.links
      .filter((l) => l.link_kind === 'sprint' && l.due_date)
      .map((l) => ({ id: l.id, x1: xOf(l.window_start ?? l.due_date!), x2: xOf(l.due_date!), y: sprintY, moved: l.moved, label: l.external_id ?? l.title ?? '' })),
    weekTicks: input.weeks.map((w) => ({ week: w.week, x: round(x(day(w.start))) })),
    yTicks: [0, 0.5, 1].map((value) => ({ value, y: round(y(value)) })),
    asOfX: inCycle ? xOf(input.asOf) : null,
  };
}

/** The check-in after / before `id` in time order (arrow keys walk the markers). */
export function neighbourPoint(layout: TimelineLayout, id: string, step: 1 | -1): string | null {
  const i = layout.points.findIndex((p) => p.id === id);
  if (i < 0) return null;
  return layout.points[i + step]?.id ?? null;
}

/** Recency bars: one bar per week, height proportional to the count of cited items (pure). */
export function recencyBars(perWeek: readonly number[], size: { width: number; height: number }) {
  const max = Math.max(1, ...perWeek);
  const w = size.width / Math.max(1, perWeek.length);
  return perWeek.map((n, i) => ({ week: i + 1, n, x: round(i * w + 1), width: round(Math.max(1, w - 2)), y: round(size.height - (n / max) * size.height), height: round((n / max) * size.height) }));
}
