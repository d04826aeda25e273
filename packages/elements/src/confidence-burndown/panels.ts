import type { GroupSeries } from '@plumb/core/queries';

/**
 * The groups to draw as small multiples: all of them (in the query's name
 * order) when they fit, else the `max` with the largest share below the
 * threshold in their latest week (most at risk first; ties by name).
 */
export function panelGroups(groups: readonly GroupSeries[], max: number): { shown: GroupSeries[]; hidden: number } {
  if (groups.length <= max) return { shown: [...groups], hidden: 0 };
  const latestShare = (g: GroupSeries): number => g.weeks[g.weeks.length - 1]?.share_below ?? -1;
  const shown = [...groups]
    .sort((a, b) => latestShare(b) - latestShare(a) || a.group_name.localeCompare(b.group_name))
    .slice(0, max);
  return { shown, hidden: groups.length - max };
}
