import { describe, expect, it } from 'vitest';
import { tableFromIPC, tableToIPC, Table } from 'apache-arrow';
import { float64Vector, int32Vector, utf8Vector } from '../src/arrow-build.js';

describe('Arrow vectors built without the eval-compiled builders (strict-CSP safe)', () => {
  it('round-trips text with nulls, empty strings and non-ASCII through IPC', () => {
    const text = ['Zoë', null, '', '名前', undefined, 'a,b "c"'];
    const nums = [1.5, null, -0, Number.NaN, 1e308, undefined];
    const back = tableFromIPC(tableToIPC(new Table({ t: utf8Vector(text), n: float64Vector(nums) }), 'stream'));
    expect(back.getChild('t')!.toArray()).toEqual(['Zoë', null, '', '名前', null, 'a,b "c"']);
    expect([...back.getChild('n')!].map((v) => v)).toEqual([1.5, null, -0, null, 1e308, null]);
    expect(back.getChild('t')!.nullCount).toBe(2);
    expect(back.getChild('n')!.nullCount).toBe(3);
  });

  it('keeps NaN as a value when told (a database DOUBLE NaN is not a missing value)', () => {
    const back = tableFromIPC(tableToIPC(new Table({
      a: float64Vector([1, Number.NaN, null], { nanIsNull: false }),
      b: float64Vector(new Float64Array([Number.NaN, 2, 3]), { nanIsNull: false }),
    }), 'stream'));
    const a = [...back.getChild('a')!];
    expect(Number.isNaN(a[1])).toBe(true);
    expect([a[0], a[2], back.getChild('a')!.nullCount]).toEqual([1, null, 1]);
    expect(Number.isNaN(back.getChild('b')!.get(0))).toBe(true);
    expect(back.getChild('b')!.nullCount).toBe(0);
  });

  it('handles no rows and all-null columns', () => {
    expect(utf8Vector([]).length).toBe(0);
    const allNull = utf8Vector([null, null, null]);
    expect(allNull.nullCount).toBe(3);
    expect([...allNull]).toEqual([null, null, null]);
  });

  it('builds INTEGER columns from whole numbers held as doubles, NaN as null', () => {
    const back = tableFromIPC(tableToIPC(new Table({ n: int32Vector(new Float64Array([0, -1, Number.NaN, 2147483647])) }), 'stream'));
    expect([...back.getChild('n')!]).toEqual([0, -1, null, 2147483647]);
    expect(back.getChild('n')!.type.toString()).toBe('Int32');
  });
});
