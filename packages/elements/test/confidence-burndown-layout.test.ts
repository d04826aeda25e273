import { describe, expect, it } from 'vitest';
import { burndownScales, chartFrame, multiplesGrid, todayPosition, weekTicks } from '../src/confidence-burndown/scales.js';
import { bandPath, linePath } from '../src/confidence-burndown/paths.js';
import { chooseDisplay } from '../src/confidence-burndown/display.js';
import { endLabels } from '../src/confidence-burndown/labels.js';
import { panelGroups } from '../src/confidence-burndown/panels.js';
import type { GroupSeries } from '@plumb/core';

describe('burn-down layout (pure)', () => {
  const frame = chartFrame(644, 246); // inner 600 × 200
  const scales = burndownScales(frame, 13);

  it('puts week 1 at the left edge, week 13 at the right, 0–1 bottom to top', () => {
    expect(frame.innerWidth).toBe(584);
    expect(scales.x(1)).toBe(0);
    expect(scales.x(13)).toBe(584);
    expect(scales.x(4)).toBeCloseTo((584 / 12) * 3, 9);
    expect(scales.y(0)).toBe(frame.innerHeight);
    expect(scales.y(1)).toBe(0);
    expect(scales.y(1.4)).toBe(0); // clamped
  });

  it('breaks a line where a value is missing instead of bridging it', () => {
    const d = linePath([{ week: 1, value: 0.5 }, { week: 2, value: null }, { week: 3, value: 0.4 }, { week: 4, value: 0.3 }], scales);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(bandPath([{ week: 1, q1: 0.2, q3: 0.6 }, { week: 2, q1: 0.3, q3: 0.7 }], scales)).toMatch(/^M.*Z$/);
  });

  it('shows today only inside the cycle, and thins week ticks to fit', () => {
    expect(todayPosition(6, 13)).toBe(6);
    expect(todayPosition(0, 13)).toBeNull();
    expect(todayPosition(14, 13)).toBeNull();
    expect(weekTicks(13, 584)).toHaveLength(13);
    expect(weekTicks(13, 150)).toEqual([1, 4, 7, 10, 13]);
  });

  it('switches lines to a band above max-lines, and lays out small multiples', () => {
    expect(chooseDisplay('auto', 12, 12)).toBe('lines');
    expect(chooseDisplay('auto', 13, 12)).toBe('band');
    expect(chooseDisplay('lines', 13, 12)).toBe('lines');
    expect(chooseDisplay('lines', null, 12)).toBe('band'); // no series fetched
    // 4 panels of ≥ 240 px and 3 gaps of 12 fit in 1000: (1000 − 36) / 4 = 241.
    expect(multiplesGrid(1000, 5)).toEqual({ columns: 4, panelWidth: 241 });
    expect(multiplesGrid(200, 5)).toEqual({ columns: 1, panelWidth: 200 });
  });

  it('nudges end labels apart when they would overprint', () => {
    const labels = endLabels([
      { title: 'A', end: { x: 100, y: 50 } },
      { title: 'B', end: { x: 100, y: 52 } },
      { title: 'C', end: null },
    ]);
    expect(labels).toEqual([
      { title: 'A', x: 100, y: 50 },
      { title: 'B', x: 100, y: 62 },
    ]);
  });
});


describe('small multiples: which groups', () => {
  const group = (name: string, share: number | null): GroupSeries => ({
    group_id: name, group_name: name, key_results: 5,
    weeks: [{ week: 1, share_below: share } as GroupSeries['weeks'][number]],
  });
  it('keeps all in order when they fit, else the most at risk first', () => {
    const groups = [group('A', 0.1), group('B', 0.6), group('C', null), group('D', 0.6)];
    expect(panelGroups(groups, 4).shown.map((g) => g.group_name)).toEqual(['A', 'B', 'C', 'D']);
    expect(panelGroups(groups, 2)).toMatchObject({ hidden: 2 });
    expect(panelGroups(groups, 2).shown.map((g) => g.group_name)).toEqual(['B', 'D']);
  });
});
