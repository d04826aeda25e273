import type { BurndownMeasure, GroupWeek, SeriesPoint } from './types.js';

/** A point's value for a measure: remaining is the burn-down view of progress (1 − progress). */
export function pointValue(point: SeriesPoint, measure: BurndownMeasure): number | null {
  if (measure === 'confidence') return point.confidence;
  if (point.progress == null) return null;
  return measure === 'progress' ? point.progress : 1 - point.progress;
}

/** Where the measure should be at the end of the point's week (none for confidence). */
export function pointExpected(point: SeriesPoint, measure: BurndownMeasure): number | null {
  if (measure === 'confidence' || point.expected == null) return null;
  return measure === 'progress' ? point.expected : 1 - point.expected;
}

/** A group week's median and band for a measure; remaining mirrors progress (q1 ↔ q3). */
export function groupBand(week: GroupWeek, measure: BurndownMeasure): { q1: number | null; median: number | null; q3: number | null; expected: number | null } {
  if (measure === 'confidence') {
    return { q1: week.confidence_q1, median: week.confidence_median, q3: week.confidence_q3, expected: null };
  }
  if (measure === 'progress') {
    return { q1: week.progress_q1, median: week.progress_median, q3: week.progress_q3, expected: week.expected_median };
  }
  const flip = (v: number | null): number | null => (v == null ? null : 1 - v);
  return { q1: flip(week.progress_q3), median: flip(week.progress_median), q3: flip(week.progress_q1), expected: flip(week.expected_median) };
}
