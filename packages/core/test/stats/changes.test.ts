import { describe, expect, it } from 'vitest';
import { cellsToSuppress, fourFifths, poolSmallGroups, summariseTransitions } from '../../src/stats/index.js';

describe('calibration transitions', () => {
  it('counts up, down, same and moves of two steps or more, with the matrix', () => {
    const t = summariseTransitions(
      [
        { before: 3, after: 3, n: 10 },
        { before: 5, after: 4, n: 2 },
        { before: 2, after: 4, n: 1 },
        { before: 5, after: 2, n: 1 },
      ],
      [1, 2, 3, 4, 5],
    );
    expect(t).toMatchObject({ n: 14, up: 1, down: 3, same: 10, big_moves: 2 });
    // mean move = (0·10 − 1·2 + 2·1 − 3·1)/14 = −3/14
    expect(t.mean_move).toBeCloseTo(-3 / 14, 12);
    expect(t.matrix[4]).toEqual([0, 1, 0, 2, 0]);
    expect(t.matrix[1]).toEqual([0, 0, 0, 1, 0]);
  });
});

describe('four-fifths adverse impact', () => {
  it("reproduces the Uniform Guidelines Q&A 12 example: rates 60 %, 45 %, 48 %, 51 % → ratios .75, .80, .85; only .75 is adverse", () => {
    const r = fourFifths([
      { group: 'A', n: 100, selected: 60 },
      { group: 'B', n: 100, selected: 45 },
      { group: 'C', n: 100, selected: 48 },
      { group: 'D', n: 100, selected: 51 },
      { group: 'tiny', n: 3, selected: 0 },
    ]);
    expect(r.groups.map((g) => [g.group, Number(g.ratio!.toFixed(2)), g.adverse])).toEqual([
      ['A', 1, false],
      ['B', 0.75, true],
      ['C', 0.8, false],
      ['D', 0.85, false],
    ]);
    expect(r.suppressed_groups).toBe(1);
  });
});

describe('small-group suppression', () => {
  const total = (cells: { id: string; n: number }[]) => cells.reduce((s, c) => s + c.n, 0);

  it('never hides exactly one cell: total − visible would reveal it', () => {
    const cells = [{ id: 'a', n: 20 }, { id: 'b', n: 9 }, { id: 'c', n: 2 }];
    const hidden = cellsToSuppress(cells, 5);
    expect([...hidden].sort()).toEqual(['b', 'c']);
    const hiddenSum = total(cells.filter((c) => hidden.has(c.id)));
    expect(hiddenSum).toBeGreaterThanOrEqual(5);
  });

  it('keeps hiding until the hidden cells together are at least k', () => {
    const cells = [{ id: 'a', n: 1 }, { id: 'b', n: 1 }, { id: 'c', n: 6 }, { id: 'd', n: 30 }];
    expect([...cellsToSuppress(cells, 5)].sort()).toEqual(['a', 'b', 'c']);
    expect(cellsToSuppress([{ id: 'a', n: 5 }, { id: 'b', n: 0 }], 5).size).toBe(0);
  });

  it('pools small rater groups, tops up a small pool, and suppresses a view that is small as a whole', () => {
    const groups = [{ id: 'big', n: 12 }, { id: 'mid', n: 6 }, { id: 's1', n: 2 }, { id: 's2', n: 1 }];
    const r = poolSmallGroups(groups, 5);
    expect(r.visible.map((g) => g.id)).toEqual(['big']);
    expect(r.pooled.map((g) => g.id)).toEqual(['s1', 's2', 'mid']);
    expect(total(r.visible) + total(r.pooled)).toBe(total(groups));
    expect(poolSmallGroups([{ id: 'a', n: 2 }, { id: 'b', n: 2 }], 5)).toEqual({ visible: [], pooled: [], suppressed: true });
    expect(poolSmallGroups([{ id: 'a', n: 3 }, { id: 'b', n: 2 }], 5).pooled).toHaveLength(2);
  });
});
