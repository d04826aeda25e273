import { describe, expect, it } from 'vitest';
import { cycleWeeks, type BlockerItem, type CheckInItem, type GapItem, type LinkItem } from '@plumb/core';
import { neighbourPoint, recencyBars, timelineLayout, TIMELINE_MARGIN } from '../src/person-review/timeline-layout.js';

// Four weeks from Monday 2026-01-05 (core's week rule).
const weeks = cycleWeeks('2026-01-05', '2026-02-01');
const source = { table: 'check_ins' as const, key: { key_result_id: 'K' }, date: null };
const checkIn = (date: string, week: number, progress: number | null, confidence: number | null, extra: Partial<CheckInItem> = {}): CheckInItem => ({
  id: `ci:K:${date}`, kind: 'check_in', date, source, key_result_id: 'K', key_result_title: 'K', week, value: null, progress, confidence,
  status: null, note: null, blocked: false, author: null, by_other: false, ...extra,
});
const checkIns = [
  checkIn('2026-01-06', 1, 0.1, 0.8, { note: 'Started' }),
  checkIn('2026-01-20', 3, 0.3, 0.4, { blocked: true }),
  checkIn('2026-01-27', 4, 0.5, null),
];
const gaps: GapItem[] = [{ id: 'gap:K:2', kind: 'gap', date: '2026-01-12', source, key_result_id: 'K', key_result_title: 'K', week: 2, week_start: '2026-01-12', week_end: '2026-01-18' }];
const blockers: BlockerItem[] = [{ id: 'blocker:K:2026-01-20', kind: 'blocker', date: '2026-01-20', source, key_result_id: 'K', key_result_title: 'K', raised: '2026-01-20', cleared: '2026-01-27', check_ins: 1, note: null }];
const link = (kind: 'milestone' | 'sprint', due: string, extra: Partial<LinkItem> = {}): LinkItem => ({
  id: `link:K:${kind}:${due}`, kind: 'link', date: due, source: { ...source, table: 'links' }, key_result_id: 'K', key_result_title: 'K', link_kind: kind,
  external_id: `${kind}-${due}`, title: null, due_date: due, status: 'done', delivered: true, window_start: kind === 'sprint' ? '2026-01-02' : '2026-01-01',
  window_end: due, value_before: 0, value_after: 1, progress_change: 0.2, moved: true, ...extra,
});
const links = [link('milestone', '2026-01-21', { moved: false, progress_change: 0 }), link('sprint', '2026-01-16')];

describe('person review timeline layout (pure)', () => {
  const layout = timelineLayout({ weeks, asOf: '2026-01-25', checkIns, gaps, blockers, links }, { width: 434, height: 144 });

  it('maps the cycle onto the plot: first day at the left edge, end of the last week at the right; 0–1 bottom to top', () => {
    expect(layout.plot).toEqual({ left: TIMELINE_MARGIN.left, top: TIMELINE_MARGIN.top, width: 434 - 34 - 12, height: 144 - 14 - 30 });
    expect(layout.weekTicks[0]!.x).toBe(34);
    expect(layout.yTicks.map((t) => t.y)).toEqual([114, 64, 14]);
    expect(layout.points.map((p) => p.yConfidence)).toEqual([34, 74, null]);
  });

  it('shades gaps over their whole week, bands a blocker from raised to cleared, breaks the confidence line at a missing value', () => {
    expect(layout.gaps).toHaveLength(1);
    expect(layout.gaps[0]!.width).toBeCloseTo(388 / 4, 0);
    expect(layout.blockers[0]!.x).toBeLessThan(layout.blockers[0]!.x + layout.blockers[0]!.width);
    expect(layout.confidencePath.match(/M/g)).toHaveLength(1);
    expect(layout.asOfX).not.toBeNull();
    expect(neighbourPoint(layout, checkIns[0]!.id, 1)).toBe(checkIns[1]!.id);
    expect(neighbourPoint(layout, checkIns[0]!.id, -1)).toBeNull();
  });

  it('is stable (snapshot of the whole layout)', () => {
    expect(layout).toMatchSnapshot();
    expect(recencyBars([0, 2, 1, 4], { width: 80, height: 40 })).toMatchSnapshot();
  });
});
