import { describe, expect, it } from 'vitest';
import { levelsMoved, ratingForBand, scaleValues, stepRating, typedRating, boxOf } from '../src/session/moves.js';
import { filterRows, rowFlags, sortRows, tableCounts, type TableRow } from '../src/calibration-table/table-model.js';
import { virtualWindow } from '../src/shared/virtual-window.js';

const five = [1, 2, 3, 4, 5];

describe('rating moves', () => {
  it('counts levels on the scale', () => {
    expect(levelsMoved(3, 5, five)).toBe(2);
    expect(levelsMoved(3, 4, five)).toBe(1);
    expect(levelsMoved(null, 4, five)).toBe(0);
    expect(levelsMoved(1, 5, [1, 3, 5])).toBe(2); // positions, not the difference
  });

  it('steps within the scale and clamps at its ends; digits off the scale mean nothing', () => {
    expect(stepRating(3, 1, five)).toBe(4);
    expect(stepRating(5, 1, five)).toBe(5);
    expect(stepRating(1, -1, five)).toBe(1);
    expect(stepRating(2.5, 1, five)).toBe(3);
    expect(stepRating(2.5, -1, five)).toBe(2);
    expect(typedRating('4', five)).toBe(4);
    expect(typedRating('7', five)).toBe(null);
    expect(typedRating('x', five)).toBe(null);
  });

  it('drops into a nine-box band at the nearest value of that band (1–5: low 1,2 | mid 3 | high 4,5)', () => {
    expect(ratingForBand(3, 'high', five)).toBe(4);
    expect(ratingForBand(3, 'low', five)).toBe(2);
    expect(ratingForBand(5, 'mid', five)).toBe(3);
    expect(ratingForBand(4, 'high', five)).toBe(4); // already there: unchanged
    expect(ratingForBand(1, 'high', [1, 2, 3])).toBe(3); // 1–3: one value per band
    expect(boxOf(4, 1, five, [1, 2, 3])).toBe('high-low');
    expect(scaleValues([3, 1, 3], [1, 5])).toEqual([1, 2, 3, 4, 5]);
  });
});

const row = (over: Partial<TableRow>): TableRow => ({
  id: 'e', name: 'N', team_id: null, manager_name: null, manager_rating: 3, calibrated_rating: 3, changed: false, last_reason: null, discussed: false, previous_rating: null, ...over,
});

describe('calibration table model', () => {
  const rows = [
    row({ id: 'a', name: 'Ångström', team_id: 'Core', manager_rating: 3, calibrated_rating: 5, changed: true }),
    row({ id: 'b', name: 'bauer', team_id: 'Web', manager_rating: 4, calibrated_rating: 3, changed: true, last_reason: 'peer evidence' }),
    row({ id: 'c', name: 'Chen', team_id: 'Web', manager_rating: 2, calibrated_rating: 2, discussed: true }),
    row({ id: 'd', name: 'Diaz', team_id: 'Core', manager_rating: null, calibrated_rating: null }),
    row({ id: 'e', name: 'Eve', team_id: 'Ops', manager_rating: 1, calibrated_rating: 4 }), // the data's own calibration: not flagged
  ];

  it('flags moves of two levels and changes without a reason, and counts them', () => {
    expect(rowFlags(rows[0]!, five)).toEqual(['big-move', 'no-reason']);
    expect(rowFlags(rows[1]!, five)).toEqual([]);
    expect(rowFlags(rows[2]!, five)).toEqual([]);
    expect(rowFlags(rows[4]!, five)).toEqual([]);
    expect(tableCounts(rows, five)).toEqual({ n: 5, changed: 2, discussed: 1, bigMoves: 1, withoutReason: 1 });
  });

  it('filters by text (accents and case folded) and by what to show', () => {
    expect(filterRows(rows, { text: 'angst' })).toEqual([0]);
    expect(filterRows(rows, { text: 'WEB' })).toEqual([1, 2]);
    expect(filterRows(rows, { show: 'changed' })).toEqual([0, 1]);
    expect(filterRows(rows, { show: 'not-discussed' })).toEqual([0, 1, 3, 4]);
    expect(filterRows(rows, { show: 'flagged' }, five)).toEqual([0]);
  });

  it('sorts stably with missing values last in both directions', () => {
    const all = [0, 1, 2, 3];
    expect(sortRows(rows, all, { key: 'name', descending: false }, 'en')).toEqual([0, 1, 2, 3]);
    expect(sortRows(rows, all, { key: 'calibrated_rating', descending: true }, 'en')).toEqual([0, 1, 2, 3]);
    expect(sortRows(rows, all, { key: 'calibrated_rating', descending: false }, 'en')).toEqual([2, 1, 0, 3]);
    expect(sortRows(rows, all, { key: 'change', descending: false }, 'en')).toEqual([1, 2, 0, 3]);
    expect(sortRows(rows, all, { key: 'team_id', descending: false }, 'en')).toEqual([0, 3, 1, 2]);
  });

  it('draws only the rows in view of 10,000', () => {
    const w = virtualWindow(10_000, 30, 150_000, 600);
    expect(w.end - w.start).toBeLessThan(40);
    expect(w.start).toBe(4992);
  });
});
