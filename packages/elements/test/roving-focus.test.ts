import { describe, expect, it } from 'vitest';
import { gridKeys, listKeys, rowItemKeys } from '../src/shared/roving-focus.js';

// The key strategies of the one roving-focus controller (WAI-ARIA roving tabindex), checked by hand.
const plain = { ctrl: false };

describe('roving focus strategies', () => {
  it('a list steps by one on both axes, jumps with Home/End, never past an end, and ignores other keys', () => {
    const keys = listKeys(4);
    expect(keys('ArrowDown', 0, plain)).toBe(1);
    expect(keys('ArrowRight', 2, plain)).toBe(3);
    expect(keys('ArrowDown', 3, plain)).toBe(3);
    expect(keys('ArrowUp', 0, plain)).toBe(0);
    expect(keys('ArrowLeft', 2, plain)).toBe(1);
    expect([keys('Home', 2, plain), keys('End', 0, plain)]).toEqual([0, 3]);
    expect(keys('Enter', 1, plain)).toBeNull();
    expect(listKeys(4, 'horizontal')('ArrowDown', 1, plain)).toBeNull();
    expect(listKeys(0)('ArrowDown', 0, plain)).toBeNull();
  });

  it('a grid steps within bounds, Home/End on the row (Ctrl: the grid), pages in the body, and a header row above it', () => {
    const nine = gridKeys({ rows: 3, columns: 3 });
    expect(nine('ArrowUp', { row: 0, column: 1 }, plain)).toEqual({ row: 0, column: 1 });
    expect(nine('ArrowRight', { row: 1, column: 1 }, plain)).toEqual({ row: 1, column: 2 });
    expect(nine('PageDown', { row: 0, column: 0 }, plain)).toBeNull();
    const table = gridKeys({ rows: 50, columns: 6, headerRow: true, page: 10 });
    expect(table('ArrowUp', { row: 0, column: 2 }, plain)).toEqual({ row: -1, column: 2 });
    expect(table('ArrowUp', { row: -1, column: 2 }, plain)).toEqual({ row: -1, column: 2 });
    expect(table('PageDown', { row: 45, column: 2 }, plain)).toEqual({ row: 49, column: 2 });
    expect(table('PageUp', { row: 5, column: 2 }, plain)).toEqual({ row: 0, column: 2 });
    expect(table('Home', { row: 7, column: 3 }, plain)).toEqual({ row: 7, column: 0 });
    expect(table('End', { row: 7, column: 3 }, { ctrl: true })).toEqual({ row: 49, column: 5 });
    expect(table('Home', { row: 7, column: 3 }, { ctrl: true })).toEqual({ row: 0, column: 0 });
  });

  it('rows of items move along a row and to the nearest item by x in the next row that has items', () => {
    const rows = [{ items: [{ x: 0 }, { x: 50 }, { x: 100 }] }, { items: [] }, { items: [{ x: 10 }, { x: 90 }] }];
    const keys = rowItemKeys(rows);
    expect(keys('ArrowRight', { row: 0, item: 2 }, plain)).toEqual({ row: 0, item: 2 });
    expect(keys('ArrowDown', { row: 0, item: 2 }, plain)).toEqual({ row: 2, item: 1 });
    expect(keys('ArrowUp', { row: 2, item: 0 }, plain)).toEqual({ row: 0, item: 0 });
    // No row below: not a move (the page may scroll).
    expect(keys('ArrowDown', { row: 2, item: 0 }, plain)).toBeNull();
    expect(keys('End', { row: 2, item: 0 }, plain)).toEqual({ row: 2, item: 1 });
  });
});
