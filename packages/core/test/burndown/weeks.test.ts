import { describe, expect, it } from 'vitest';
import { cycleWeeks, weekOfDate } from '../../src/burndown/weeks.js';

describe('cycleWeeks', () => {
  it('splits a 91-day quarter into 13 weeks; week 4 is days 22–28', () => {
    const weeks = cycleWeeks('2026-01-05', '2026-04-05');
    expect(weeks).toHaveLength(13);
    expect(weeks[3]).toEqual({ week: 4, start: '2026-01-26', end: '2026-02-01' });
    expect(weeks[12]).toEqual({ week: 13, start: '2026-03-30', end: '2026-04-05' });
  });
  it('ends with a short week when the length is not a multiple of 7, and has 13 weeks without an end', () => {
    const weeks = cycleWeeks('2026-01-05', '2026-04-08'); // 94 days → 13 full weeks + 3 days
    expect(weeks).toHaveLength(14);
    expect(weeks[13]).toEqual({ week: 14, start: '2026-04-06', end: '2026-04-08' });
    expect(cycleWeeks('2026-01-05', null)).toHaveLength(13);
    expect(() => cycleWeeks('2026-01-05', '2026-01-01')).toThrow(/before it starts/);
  });
  it('numbers dates: day 1–7 week 1, day 22 week 4, before the start 0, after the end weeks+1', () => {
    const weeks = cycleWeeks('2026-01-05', '2026-04-05');
    expect(weekOfDate('2026-01-05', weeks, '2026-01-11')).toBe(1);
    expect(weekOfDate('2026-01-05', weeks, '2026-01-25')).toBe(3);
    expect(weekOfDate('2026-01-05', weeks, '2026-01-26')).toBe(4);
    expect(weekOfDate('2026-01-05', weeks, '2026-01-04')).toBe(0);
    expect(weekOfDate('2026-01-05', weeks, '2026-04-06')).toBe(14);
  });
});
