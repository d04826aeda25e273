/**
 * Weeks of a cycle. Week numbering (the one definition everything uses):
 * week 1 is the first 7 days of the cycle, from `start_date` inclusive to
 * `start_date + 6`; week w covers days `start + 7(w-1)` … `start + 7w - 1`.
 * The last week may be shorter when the cycle length is not a multiple of 7.
 * A cycle without an end date has 13 weeks. "Rule week 4" means this week 4:
 * days 22–28 of the cycle (day 1 = start_date).
 */
export const DEFAULT_CYCLE_WEEKS = 13;

export interface CycleWeek {
  /** 1-based week number. */
  week: number;
  /** First day of the week (ISO date). */
  start: string;
  /** Last day of the week (ISO date), never after the cycle's end. */
  end: string;
}

const DAY_MS = 86_400_000;

function parseIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${JSON.stringify(iso)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (ISO dates); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoDate(b) - parseIsoDate(a)) / DAY_MS);
}

/** ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  return isoDate(parseIsoDate(iso) + days * DAY_MS);
}

/** The weeks of a cycle from its dates (13 when it has no end date). */
export function cycleWeeks(startDate: string, endDate: string | null): CycleWeek[] {
  const end = endDate ?? addDays(startDate, DEFAULT_CYCLE_WEEKS * 7 - 1);
  const days = daysBetween(startDate, end) + 1;
  if (days < 1) throw new Error(`cycle ends (${end}) before it starts (${startDate})`);
  const count = Math.ceil(days / 7);
  return Array.from({ length: count }, (_, i) => {
    const start = addDays(startDate, i * 7);
    const weekEnd = addDays(startDate, i * 7 + 6);
    return { week: i + 1, start, end: weekEnd < end ? weekEnd : end };
  });
}

/**
 * The week a date falls in: 0 before the cycle starts, `weeks + 1` after it
 * ends, otherwise 1…weeks (same rule as the SQL: floor(days since start / 7) + 1).
 */
export function weekOfDate(startDate: string, weeks: readonly CycleWeek[], date: string): number {
  const d = daysBetween(startDate, date);
  if (d < 0) return 0;
  const last = weeks[weeks.length - 1];
  if (last && date > last.end) return weeks.length + 1;
  return Math.floor(d / 7) + 1;
}
