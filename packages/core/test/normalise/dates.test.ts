import { describe, expect, it } from 'vitest';
import { DEFAULT_DATE_ORDER, inferDateOrder, parseDate } from '../../src/normalise/dates.js';

describe('parseDate', () => {
  it.each([
    ['2026-01-08', '2026-01-08'],
    ['2026-1-8', '2026-01-08'],
    ['2026-01-08T10:00:00Z', '2026-01-08'],
    ['2026-01-08T23:30:00-05:00', '2026-01-09'],
    ['2026-01-08T01:30:00+02:00', '2026-01-07'],
    ['2026-01-08T01:30+0200', '2026-01-07'],
    ['2026-01-08T12:00:00.123Z', '2026-01-08'],
    ['2026-01-08 10:00:00', '2026-01-08'],
    ['2026-01-08T23:59', '2026-01-08'],
    ['2026-12-31T23:00:00-02:00', '2027-01-01'],
    ['2026-01-08 23:30:00 UTC', '2026-01-08'],
    ['2026-01-08T23:30:00 GMT', '2026-01-08'],
    ['2026-01-08 10:00 PM', '2026-01-08'],
    ['2026/01/08', '2026-01-08'],
    ['2026/01/08 10:00', '2026-01-08'],
    ['2026.01.08', '2026-01-08'],
    ['20260108', '2026-01-08'],
    ['8 Jan 2026', '2026-01-08'],
    ['08-Jan-2026', '2026-01-08'],
    ['8-Jan-26', '2026-01-08'],
    ['Jan 8, 2026', '2026-01-08'],
    ['January 8 2026', '2026-01-08'],
    ['January 8th, 2026', '2026-01-08'],
    ['8th of', 'error'],
    ['Thu, 8 Jan 2026', '2026-01-08'],
    ['Thursday 8 January 2026', '2026-01-08'],
    ['8 Sept 2026', '2026-09-08'],
    ['8 SEPTEMBER 2026', '2026-09-08'],
    ['2026 Jan 8', '2026-01-08'],
    ['29 Feb 2024', '2024-02-29'],
    [' 2026-01-08 ', '2026-01-08'],
    ['\ufeff2026-01-08', '2026-01-08'],
  ])('%s → %s', (text, iso) => {
    const r = parseDate(text);
    if (iso === 'error') expect(r).toHaveProperty('error');
    else expect(r).toEqual({ iso });
  });

  it.each([
    ['08/01/2026', 'dmy', '2026-01-08'],
    ['08/01/2026', 'mdy', '2026-08-01'],
    ['8.1.2026', 'dmy', '2026-01-08'],
    ['08-01-2026', 'dmy', '2026-01-08'],
    ['1/8/2026', 'mdy', '2026-01-08'],
    ['08/01/26', 'dmy', '2026-01-08'],
    ['08/01/69', 'dmy', '2069-01-08'],
    ['08/01/70', 'dmy', '1970-01-08'],
    ['08/01/99', 'dmy', '1999-01-08'],
    ['08/01/00', 'dmy', '2000-01-08'],
    ['08/01/2026 14:30', 'dmy', '2026-01-08'],
    ['1/8/2026 2:30 PM', 'mdy', '2026-01-08'],
    ['1/8/2026, 2:30:15 pm', 'mdy', '2026-01-08'],
    ['8.1.2026 14.30', 'dmy', '2026-01-08'],
    // The order applies to numeric day/month dates only.
    ['2026/01/08', 'mdy', '2026-01-08'],
    ['8 Jan 2026', 'mdy', '2026-01-08'],
  ] as const)('%s as %s → %s', (text, order, iso) => {
    expect(parseDate(text, order)).toEqual({ iso });
  });

  it('lets a part over 12 decide when no order is given', () => {
    expect(parseDate('31/01/2026')).toEqual({ iso: '2026-01-31' });
    expect(parseDate('01/31/2026')).toEqual({ iso: '2026-01-31' });
  });

  it('flags a date that reads both ways and uses the documented default', () => {
    expect(DEFAULT_DATE_ORDER).toBe('dmy');
    expect(parseDate('03/04/2026')).toEqual({ iso: '2026-04-03', ambiguous: true });
    // Same day and month: both readings agree, nothing to flag.
    expect(parseDate('04/04/2026')).toEqual({ iso: '2026-04-04' });
  });

  it.each([
    ['31/02/2026', undefined, 'impossible date'],
    ['29/02/2026', 'dmy', 'impossible date'],
    ['29 Feb 2025', undefined, 'impossible date'],
    ['2026-02-30', undefined, 'impossible date'],
    ['2026-13-01', undefined, 'month 13'],
    ['2026-00-10', undefined, 'month 0'],
    ['2026-01-00', undefined, 'impossible date'],
    ['31/01/2026', 'mdy', 'month 31'],
    ['01/31/2026', 'dmy', 'month 31'],
    ['13/13/2026', undefined, 'month 13'],
    ['2026-01-08T25:00:00Z', undefined, 'impossible time'],
    ['2026-01-08T10:00:00+15:00', undefined, 'impossible time zone'],
    ['', undefined, 'empty'],
    ['   ', undefined, 'empty'],
    ['tomorrow', undefined, 'not a date'],
    ['Q1 2026', undefined, 'not a date'],
    ['Jan 2026', undefined, 'not a date'],
    ['8 Foo 2026', undefined, 'no month name'],
    ['08/01/202', undefined, 'not a date'],
    ['08/01-2026', undefined, 'not a date'],
    ['45000', undefined, 'Excel serial'],
    ['0999-01-01', undefined, 'year 999'],
  ] as const)('%j (%s) is an error: %s', (text, order, message) => {
    const r = parseDate(text, order);
    expect('error' in r ? r.error : r).toContain(message);
  });

  it('refuses a huge garbage cell at once instead of backtracking over it', () => {
    const started = performance.now();
    for (const cell of [`1${' '.repeat(100_000)}x`, `8${','.repeat(100_000)}1`, `2026-01-08${' '.repeat(100_000)}x`]) {
      expect(parseDate(cell)).toHaveProperty('error');
    }
    expect(inferDateOrder([`1${' '.repeat(100_000)}x`]).order).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  describe('Excel serial day numbers, only when asked', () => {
    it.each([
      ['1', '1900-01-01'],
      ['59', '1900-02-28'],
      ['61', '1900-03-01'],
      ['45000', '2023-03-15'],
      ['46030', '2026-01-08'],
      ['46030.75', '2026-01-08'],
    ])('%s → %s', (text, iso) => {
      expect(parseDate(text, undefined, { excelSerial: true })).toEqual({ iso });
    });
    it.each(['0', '60', '2958466'])('%s is an error', (text) => {
      expect(parseDate(text, undefined, { excelSerial: true })).toHaveProperty('error');
    });
    it('still reads real dates', () => {
      expect(parseDate('2026-01-08', undefined, { excelSerial: true })).toEqual({ iso: '2026-01-08' });
      expect(parseDate('20260108', undefined, { excelSerial: true })).toEqual({ iso: '2026-01-08' });
    });
  });
});

describe('inferDateOrder', () => {
  it.each([
    [['31/01/2026', '03/02/2026'], 'dmy', false],
    [['01/31/2026', '02/03/2026'], 'mdy', false],
    [['13.1.2026'], 'dmy', false],
    [['1-13-26'], 'mdy', false],
    [['31/01/2026 10:00'], 'dmy', false],
    [['03/04/2026', '05/06/2026'], null, true],
    [['12/12/2026'], null, false],
    [['2026-01-08', '8 Jan 2026'], null, false],
    [[], null, false],
    [['31/01/2026', '01/31/2026'], null, true],
  ])('%j → %s (ambiguous %s)', (values, order, ambiguous) => {
    const r = inferDateOrder(values);
    expect(r.order).toBe(order);
    expect(r.ambiguous).toBe(ambiguous);
    expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('decides on the boundary: 12 is a month, 13 is not', () => {
    expect(inferDateOrder(['12/01/2026']).order).toBeNull();
    expect(inferDateOrder(['13/01/2026']).order).toBe('dmy');
    expect(inferDateOrder(['01/12/2026']).order).toBeNull();
    expect(inferDateOrder(['01/13/2026']).order).toBe('mdy');
  });

  it('quotes a deciding value', () => {
    expect(inferDateOrder(['03/04/2026', '25/04/2026']).evidence).toContain('"25/04/2026"');
  });
});
