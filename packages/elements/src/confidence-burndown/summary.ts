import type { BurndownMeasure, BurndownResult, GroupSeries, GroupWeek } from '@plumb/core';

const pct = (v: number | null | undefined): string => (v == null ? 'no value' : `${Math.round(v * 100)}%`);

/** The latest week with values (the current week, or the last week of a finished cycle). */
export function summaryWeek(group: GroupSeries): GroupWeek | undefined {
  return group.weeks[group.weeks.length - 1];
}

/** "below the midpoint" when the threshold is 0.5, else "below 60%". */
export function thresholdPhrase(threshold: number): string {
  return threshold === 0.5 ? 'below the midpoint' : `below ${pct(threshold)}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One sentence for one group, e.g. "4 of 12 key results are below the midpoint in week 5." */
export function groupSentence(group: GroupSeries, measure: BurndownMeasure, threshold: number): string {
  const week = summaryWeek(group);
  if (!week) return `${group.group_name}: no weeks to show yet.`;
  if (measure === 'confidence') {
    if (week.with_confidence === 0) return `None of ${plural(group.key_results, 'key result')} has a confidence by week ${week.week}.`;
    const verb = week.below === 1 ? 'is' : 'are';
    const missing = group.key_results - week.with_confidence;
    return (
      `${week.below} of ${plural(week.with_confidence, 'key result')} ${verb} ${thresholdPhrase(threshold)} in week ${week.week}` +
      (missing > 0 ? ` (${missing} without a confidence).` : '.')
    );
  }
  if (week.with_progress === 0) return `None of ${plural(group.key_results, 'key result')} has progress by week ${week.week}.`;
  const verb = week.behind === 1 ? 'is' : 'are';
  return `Median progress ${pct(week.progress_median)} against ${pct(week.expected_median)} expected in week ${week.week}; ${week.behind} of ${plural(week.with_progress, 'key result')} ${verb} behind.`;
}

/** The element's summary: one sentence per group (the first few), plus alerts. */
export function burndownSummary(result: BurndownResult, measure: BurndownMeasure, maxGroups = 3): string {
  if (result.key_results === 0) return `No key results in cycle ${result.cycle.name ?? result.cycle.cycle_id}.`;
  if (result.groups.length === 0) return `Cycle ${result.cycle.name ?? result.cycle.cycle_id} has not started yet.`;
  const parts = result.groups.slice(0, maxGroups).map((g) =>
    result.groups.length > 1 ? `${g.group_name}: ${groupSentence(g, measure, result.threshold)}` : groupSentence(g, measure, result.threshold),
  );
  if (result.groups.length > maxGroups) parts.push(`${result.groups.length - maxGroups} more groups in the table.`);
  const alerts = Object.values(result.alert_counts).reduce((a, b) => a + b, 0);
  parts.push(alerts === 0 ? 'No alerts.' : `${plural(alerts, 'alert')}.`);
  return parts.join(' ');
}
