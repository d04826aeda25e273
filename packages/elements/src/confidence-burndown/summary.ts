import type { BurndownMeasure, BurndownResult, GroupSeries, GroupWeek } from '@plumb/core/queries';
import type { MessageParams } from '../i18n/catalogue.js';
import type { Formatter } from '../i18n/format.js';

/** The element's messages and formats, handed to the pure text and layout functions (no `this`). */
export interface BurndownText {
  msg(key: string, params?: MessageParams): string;
  fmt: Formatter;
}

/** The latest week with values (the current week, or the last week of a finished cycle). */
export function summaryWeek(group: GroupSeries): GroupWeek | undefined {
  return group.weeks[group.weeks.length - 1];
}

/** "below the midpoint" when the threshold is 0.5, else "below 60%". */
export function thresholdPhrase(threshold: number, t: BurndownText): string {
  return threshold === 0.5 ? t.msg('threshold.midpoint') : t.msg('threshold.below', { pct: t.fmt.percent(threshold) });
}

/** A group's display name: "All key results" for the whole selection, else the query's name. */
export function groupName(group: GroupSeries, t: BurndownText): string {
  return group.group_id === null && group.group_name === 'All key results' ? t.msg('group.all') : group.group_name;
}

/** One sentence for one group, e.g. "4 of 12 key results are below the midpoint in week 5." */
export function groupSentence(group: GroupSeries, measure: BurndownMeasure, threshold: number, t: BurndownText, minGroup = 5): string {
  if (group.suppressed) return t.msg('sentence.suppressed', { k: t.fmt.integer(minGroup) });
  const week = summaryWeek(group);
  if (!week) return t.msg('sentence.no-weeks', { group: groupName(group, t) });
  if (measure === 'confidence') {
    if (week.with_confidence === 0) return t.msg('sentence.no-confidence', { krs: t.msg('key-results', { n: group.key_results }), week: week.week });
    return t.msg('sentence.below', {
      below: week.below,
      krs: t.msg('key-results', { n: week.with_confidence }),
      phrase: thresholdPhrase(threshold, t),
      week: week.week,
      missing: group.key_results - week.with_confidence,
    });
  }
  if (week.with_progress === 0) return t.msg('sentence.no-progress', { krs: t.msg('key-results', { n: group.key_results }), week: week.week });
  return t.msg('sentence.progress', {
    median: t.fmt.percent(week.progress_median),
    expected: t.fmt.percent(week.expected_median),
    week: week.week,
    behind: week.behind,
    krs: t.msg('key-results', { n: week.with_progress }),
  });
}

/** The element's summary: one sentence per group (the first few), plus alerts. */
export function burndownSummary(result: BurndownResult, measure: BurndownMeasure, t: BurndownText, minGroup = 5, maxGroups = 3): string {
  const cycle = result.cycle.name ?? result.cycle.cycle_id;
  if (result.key_results === 0) return t.msg('summary.no-krs', { cycle });
  if (result.groups.length === 0) return t.msg('summary.not-started', { cycle });
  // Shown groups first; hidden ones (fewer owners than the minimum group) are counted, not listed.
  const shown = result.groups.filter((g) => !g.suppressed);
  const hidden = result.groups.length - shown.length;
  const listed = (result.groups.length === 1 ? result.groups : shown).slice(0, maxGroups);
  const parts = listed.map((g) => {
    const sentence = groupSentence(g, measure, result.threshold, t, minGroup);
    return result.groups.length > 1 ? `${groupName(g, t)}: ${sentence}` : sentence;
  });
  if (result.groups.length > 1 && hidden > 0) parts.push(t.msg('summary.hidden-groups', { n: hidden, k: t.fmt.integer(minGroup) }));
  const more = shown.length - listed.length;
  if (result.groups.length > 1 && more > 0) parts.push(t.msg('summary.more-groups', { n: more }));
  const alerts = Object.values(result.alert_counts).reduce((a, b) => a + b, 0);
  parts.push(alerts === 0 ? t.msg('summary.no-alerts') : t.msg('summary.alerts', { n: alerts }));
  return parts.join(' ');
}
