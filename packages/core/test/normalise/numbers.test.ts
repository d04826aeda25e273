import { describe, expect, it } from 'vitest';
import { inferDecimalSeparator, parseNumber } from '../../src/normalise/numbers.js';

describe('parseNumber', () => {
  it.each([
    ['45', 45, false],
    ['45%', 0.45, true],
    ['45 %', 0.45, true],
    ['-3.5', -3.5, false],
    ['\u22123.5', -3.5, false],
    ['+7', 7, false],
    ['1,234.5', 1234.5, false],
    ['1.234,5', 1234.5, false],
    ['1 234,5', 1234.5, false],
    ['1\u00a0234,5', 1234.5, false],
    ['1\u202f234,5', 1234.5, false],
    ["1'234.5", 1234.5, false],
    ['1’234.5', 1234.5, false],
    ['1,234,567', 1234567, false],
    ['1234,567', 1234.567, false],
    ['1.234.567', 1234567, false],
    ['1,234', 1234, false],
    ['1,5', 1.5, false],
    ['0,125', 0.125, false],
    ['1.234', 1.234, false],
    ['.5', 0.5, false],
    [',5', 0.5, false],
    ['5.', 5, false],
    ['(12)', -12, false],
    ['(1,200.50)', -1200.5, false],
    ['€1,200', 1200, false],
    ['$1,200', 1200, false],
    ['-$1,200', -1200, false],
    ['$-1,200', -1200, false],
    ['US$ 30', 30, false],
    ['1200 USD', 1200, false],
    ['EUR 1.200,50', 1200.5, false],
    ['1.200 €', 1.2, false], // one '.' alone is a decimal; pass { decimal: ',' } for euro columns
    ['1,2345', 1.2345, false],
    [' 12 ', 12, false],
    ['\ufeff12', 12, false],
    ['1e3', 1000, false],
    ['1.5E-3', 0.0015, false],
    ['-0', 0, false],
    ['007', 7, false],
    ['12.5%', 0.125, true],
    ['-4,5 %', -0.045, true],
  ])('%s → %d (percent %s)', (text, value, percent) => {
    const r = parseNumber(text);
    expect(r).toEqual({ value, percent });
  });

  it('reads a percentage as the fraction it denotes, and says it was one', () => {
    expect(parseNumber('45%')).toEqual({ value: 0.45, percent: true });
    expect(parseNumber('0.45')).toEqual({ value: 0.45, percent: false });
    expect(parseNumber('140 %')).toEqual({ value: 1.4, percent: true });
  });

  it('returns -0 as 0', () => {
    const r = parseNumber('-0');
    expect('value' in r && Object.is(r.value, 0)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u00a0', 'empty'],
    ['abc', 'not a number'],
    ['12 apples', 'not a number'],
    ['1234,567.5', 'not a thousands separator'],
    ['1234.567,5', 'not a thousands separator'],
    ['12,34,567', 'group by three'],
    ['1.2.3,4.5', 'decimal separator'],
    ['1,,2', 'two separators'],
    ['1,', 'separator at the end'],
    ['--3', 'more than one sign'],
    ['(-3)', 'more than one sign'],
    ['$5%', 'not a number'],
    ['-', 'not a number'],
    ['%', 'not a number'],
    ['1 234,567.8,9', 'decimal separator'],
    ['1,234 567', 'mixed group separators'],
    ['1e999', 'not a finite number'],
    ['Infinity', 'not a number'],
    ['NaN', 'not a number'],
    ['9'.repeat(400), 'too long'],
    ['9'.repeat(99) + 'x', 'not a number'],
    ['1'.repeat(50_000) + 'x', 'too long'],
  ])('%j is an error (%s)', (text, message) => {
    const r = parseNumber(text);
    expect('error' in r ? r.error : r).toContain(message);
  });

  it('refuses a huge garbage cell at once instead of backtracking over it', () => {
    const started = performance.now();
    for (const cell of ['1'.repeat(100_000) + 'x', '1'.repeat(100_000) + 'e', `(${' '.repeat(100_000)})`]) {
      expect(parseNumber(cell)).toHaveProperty('error');
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never returns Infinity: 400 digits are an error', () => {
    expect(parseNumber('1' + '0'.repeat(99))).toEqual({ value: 1e99, percent: false });
    expect(parseNumber('9'.repeat(400))).toHaveProperty('error');
    expect(parseNumber('-' + '9'.repeat(400))).toHaveProperty('error');
  });

  it('names the original text in its errors', () => {
    expect(parseNumber('12 apples')).toEqual({ error: 'not a number: "12 apples"', errorText: { code: 'number.not-a-number', params: { raw: '12 apples' } } });
  });

  describe('with a declared decimal separator', () => {
    it.each([
      ['1,5', ',', 1.5],
      ['1.234', ',', 1234],
      ['1.234,5', ',', 1234.5],
      ['1,234', '.', 1234],
      ['1,234', ',', 1.234],
      ['1.234', '.', 1.234],
      ['12', ',', 12],
      ['1 234,5', ',', 1234.5],
      ['1.200 €', ',', 1200],
    ] as const)('%s with decimal %s → %d', (text, decimal, value) => {
      expect(parseNumber(text, { decimal })).toEqual({ value, percent: false });
    });
    it.each([
      ['1,5', '.'],
      ['1.5', ','],
      ['1,234.5', ','],
      ['1,2345', '.'],
      ['1.234,5', '.'],
    ] as const)('%s contradicts decimal %s', (text, decimal) => {
      expect(parseNumber(text, { decimal })).toHaveProperty('error');
    });
  });
});

describe('inferDecimalSeparator', () => {
  it.each([
    [['1,5', '2,25', '3'], ',', false],
    [['1.5', '2.25'], '.', false],
    [['1.234,5'], ',', false],
    [['1,234.5'], '.', false],
    [['1,234,567'], '.', false],
    [['1.234.567'], ',', false],
    [['0,125'], ',', false],
    [['1234,567'], ',', false],
    [['1234.567'], '.', false],
    [['1,234', '1,5'], ',', false],
    [['1,234', '2.5'], '.', false],
    [['1 234,5'], ',', false],
    [['45%', '1,5%'], ',', false],
    [['1,234'], '.', true],
    [['1.234', '2.500'], '.', true],
    [['1', '2', ''], '.', false],
    [[], '.', false],
    [['1,5', '1.5', '2,5'], ',', true],
    [['1.5', '1,5', '2.5'], '.', true],
  ])('%j → %s (ambiguous %s)', (values, decimal, ambiguous) => {
    const r = inferDecimalSeparator(values);
    expect(r.decimal).toBe(decimal);
    expect(r.ambiguous).toBe(ambiguous);
    expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('quotes the deciding value in its evidence', () => {
    expect(inferDecimalSeparator(['3', '2,25']).evidence).toContain('"2,25"');
    expect(inferDecimalSeparator(['1,234']).evidence).toContain('"1,234"');
  });
});
