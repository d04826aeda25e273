import { describe, expect, it } from 'vitest';
import {
  CONFIDENCE_SCALES,
  confidenceMidpoint,
  inferConfidenceScale,
  normaliseConfidence,
  scaleLabel,
  type ConfidenceScale,
} from '../../src/normalise/confidence.js';

const LOW = 1 / 6;
const MID = 0.5;
const HIGH = 5 / 6;

describe('normaliseConfidence', () => {
  it.each([
    ['0.7', 'unit', 0.7],
    ['0', 'unit', 0],
    ['1', 'unit', 1],
    ['1.0', 'unit', 1],
    ['70%', 'unit', 0.7],
    ['0,7', 'unit', 0.7],
    ['7', 'one-to-ten', 0.7],
    ['1', 'one-to-ten', 0.1],
    ['10', 'one-to-ten', 1],
    ['5.5', 'one-to-ten', 0.55],
    ['0', 'zero-to-ten', 0],
    ['7', 'zero-to-ten', 0.7],
    ['10', 'zero-to-ten', 1],
    ['45', 'percent', 0.45],
    ['45%', 'percent', 0.45],
    ['100', 'percent', 1],
    ['0', 'percent', 0],
    [' 45 % ', 'percent', 0.45],
    ['low', 'low-medium-high', LOW],
    ['Medium', 'low-medium-high', MID],
    ['HIGH', 'low-medium-high', HIGH],
    ['med', 'low-medium-high', MID],
    ['H', 'low-medium-high', HIGH],
    ['Red', 'red-amber-green', LOW],
    ['amber', 'red-amber-green', MID],
    ['Yellow', 'red-amber-green', MID],
    ['green', 'red-amber-green', HIGH],
    ['G', 'red-amber-green', HIGH],
    ['On track', 'on-track', HIGH],
    ['on-track', 'on-track', HIGH],
    ['ON_TRACK', 'on-track', HIGH],
    ['At risk', 'on-track', 1 / 3],
    ['Gefährdet', 'on-track', 1 / 3],
    ['à risque', 'on-track', 1 / 3],
    ['Im Plan', 'on-track', HIGH],
    ['En bonne voie', 'on-track', HIGH],
    ['Im Verzug', 'on-track', MID],
    ['En retard', 'on-track', MID],
    ['Nicht im Plan', 'on-track', LOW],
    ['Hors trajectoire', 'on-track', LOW],
    ['Behind', 'on-track', MID],
    ['Needs attention', 'on-track', MID],
    ['Off track', 'on-track', LOW],
    ['Blocked', 'on-track', LOW],
    ['Done', 'on-track', 1],
    ['Completed', 'red-amber-green', 1],
    ['achieved', 'low-medium-high', 1],
    ['7/10', 'one-to-ten', 0.7],
    ['7 / 10', 'zero-to-ten', 0.7],
    ['7 out of 10', 'one-to-ten', 0.7],
    ['8 of 10', 'one-to-ten', 0.8],
    ['45/100', 'percent', 0.45],
    ['0.7/1', 'unit', 0.7],
    ['Green (on track)', 'red-amber-green', HIGH],
    ['Amber - slipping', 'red-amber-green', MID],
    ['High: pipeline strong', 'low-medium-high', HIGH],
    ['Not on track', 'on-track', LOW],
  ] as const)('%j on %s → %d', (raw, scale, value) => {
    const r = normaliseConfidence(raw, scale);
    expect('value' in r ? r.value : r).toBeCloseTo(value, 10);
  });

  it('puts the middle word on the midpoint and the ends symmetric around it', () => {
    expect(confidenceMidpoint).toBe(0.5);
    const v = (raw: string, scale: ConfidenceScale) => {
      const r = normaliseConfidence(raw, scale);
      if ('error' in r) throw new Error(r.error);
      return r.value;
    };
    expect(v('amber', 'red-amber-green')).toBe(confidenceMidpoint);
    expect(v('red', 'red-amber-green') + v('green', 'red-amber-green')).toBeCloseTo(1);
    expect(v('red', 'red-amber-green')).toBe(v('low', 'low-medium-high'));
    expect(v('off track', 'on-track')).toBe(v('low', 'low-medium-high'));
    // Status order (normalise/confidence.ts): on track > behind > at risk > off track; at risk below the midpoint.
    const order = ['on track', 'behind', 'at risk', 'off track'].map((w) => v(w, 'on-track'));
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    expect(new Set(order).size).toBe(4);
    expect(v('at risk', 'on-track')).toBeLessThan(0.5);
    expect(v('behind', 'on-track')).not.toBeLessThan(0.5);
  });

  it.each([
    ['', 'unit', 'empty'],
    ['  ', 'percent', 'empty'],
    ['1.01', 'unit', 'out-of-range'],
    ['-0.1', 'unit', 'out-of-range'],
    ['101%', 'unit', 'out-of-range'],
    ['0', 'one-to-ten', 'out-of-range'],
    ['11', 'one-to-ten', 'out-of-range'],
    ['10.5', 'zero-to-ten', 'out-of-range'],
    ['-1', 'zero-to-ten', 'out-of-range'],
    ['140', 'percent', 'out-of-range'],
    ['140%', 'percent', 'out-of-range'],
    ['70%', 'one-to-ten', 'wrong-scale'],
    ['70%', 'zero-to-ten', 'wrong-scale'],
    ['high', 'percent', 'wrong-scale'],
    ['green', 'low-medium-high', 'wrong-scale'],
    ['on track', 'red-amber-green', 'wrong-scale'],
    ['7', 'low-medium-high', 'wrong-scale'],
    ['purple', 'red-amber-green', 'unknown-word'],
    ['purple', 'unit', 'not-a-number'],
    ['Not started', 'on-track', 'no-confidence'],
    ['n/a', 'one-to-ten', 'no-confidence'],
    ['Unknown', 'low-medium-high', 'no-confidence'],
    ['-', 'one-to-ten', 'no-confidence'],
    ['—', 'red-amber-green', 'no-confidence'],
    ['Closed', 'on-track', 'no-confidence'],
    ['3/5', 'one-to-ten', 'wrong-scale'],
    ['7/10', 'percent', 'wrong-scale'],
    ['11/10', 'one-to-ten', 'out-of-range'],
    ['0/10', 'one-to-ten', 'out-of-range'],
    ['70%/100', 'percent', 'not-a-number'],
    ['Purple (on track)', 'red-amber-green', 'unknown-word'],
  ] as const)('%j on %s is an error (%s)', (raw, scale, code) => {
    const r = normaliseConfidence(raw, scale);
    expect(r).toMatchObject({ code });
    expect('error' in r && r.error.length).toBeGreaterThan(0);
  });

  it('refuses a huge garbage cell at once instead of backtracking over it', () => {
    const started = performance.now();
    expect(normaliseConfidence(`1${'1'.repeat(100_000)}x`, 'one-to-ten')).toMatchObject({ code: 'not-a-number' });
    expect(normaliseConfidence(`a${' '.repeat(100_000)}b`, 'red-amber-green')).toHaveProperty('error');
    expect(inferConfidenceScale([`a${' '.repeat(100_000)}b`]).scale).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('says which scale a misplaced word belongs to', () => {
    const r = normaliseConfidence('green', 'low-medium-high');
    expect('error' in r && r.error).toContain('red / amber / green');
  });

  it('uses a declared decimal separator', () => {
    expect(normaliseConfidence('7,5', 'one-to-ten', { decimal: ',' })).toEqual({ value: 0.75 });
  });
});

describe('inferConfidenceScale', () => {
  it.each([
    [['0.7', '0.45', ''], 'unit'],
    [['1.0', '0.2'], 'unit'],
    [['1', '0'], 'unit'],
    [['1'], 'unit'],
    [['7', '8', '10'], 'one-to-ten'],
    [['1', '2', '10'], 'one-to-ten'],
    [['7', '0', '10'], 'zero-to-ten'],
    [['0', '2'], 'zero-to-ten'],
    [['7.5', '9'], 'one-to-ten'],
    [['45%', '60%'], 'percent'],
    [['0.5%'], 'percent'],
    [['45', '80', '100'], 'percent'],
    [['11'], 'percent'],
    [['10.5'], 'percent'],
    [['low', 'High', 'medium'], 'low-medium-high'],
    [['Red', 'green', 'Amber', 'yellow'], 'red-amber-green'],
    [['On track', 'At risk', 'Off track', 'Done', 'Not started'], 'on-track'],
    [['7', 'n/a', '9'], 'one-to-ten'],
    [['7', '-', '9', '—'], 'one-to-ten'],
    [['7/10', '8/10'], 'one-to-ten'],
    [['0/10', '8/10'], 'zero-to-ten'],
    [['3/10'], 'one-to-ten'],
    [['45/100', '90/100'], 'percent'],
    [['Green (on track)', 'Red - blocked', 'amber'], 'red-amber-green'],
    [['45%', '130%', '60%'], 'percent'],
    [['140%'], 'percent'],
    [['-5%', '20%'], 'percent'],
    [['12/10', '7/10'], 'one-to-ten'],
    [['Red', 'Green', 'Purple'], 'red-amber-green'],
    [['7', '8', 'seven'], 'one-to-ten'],
  ] as const)('%j → %s', (values, scale) => {
    const r = inferConfidenceScale([...values]);
    expect(r.scale).toBe(scale);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('decides at the boundaries: exactly 1, exactly 10, exactly 100', () => {
    expect(inferConfidenceScale(['1.0', '0.5']).scale).toBe('unit');
    expect(inferConfidenceScale(['1.01', '0.5']).scale).toBe('one-to-ten');
    expect(inferConfidenceScale(['10', '5']).scale).toBe('one-to-ten');
    expect(inferConfidenceScale(['10.01', '5']).scale).toBe('percent');
    expect(inferConfidenceScale(['100']).scale).toBe('percent');
    expect(inferConfidenceScale(['100.5']).scale).toBeNull();
  });

  it.each([
    [[]],
    [['', ' ']],
    [['7', 'high']],
    [['green', 'high']],
    [['on track', 'red']],
    [['purple']],
    [['140']],
    [['Not started', 'n/a']],
    [['3/5', '4/5']],
    [['7/10', '70/100']],
    [['7/10', '45%']],
    [['-1', '5']],
    [['-0.5']],
    [['purple', 'mauve']],
  ])('%j → null', (values) => {
    const r = inferConfidenceScale([...values]);
    expect(r.scale).toBeNull();
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('names the values that do not fit the scale it picks, and normaliseConfidence rejects them', () => {
    const column = ['45%', '130%', '60%'];
    const r = inferConfidenceScale(column);
    expect(r.reason).toContain('130%');
    expect(column.map((v) => 'error' in normaliseConfidence(v, r.scale!))).toEqual([false, true, false]);
    const words = inferConfidenceScale(['Red', 'Purple', 'Green', 'Violet']);
    expect(words.reason).toContain('2 values like "Purple"');
  });

  it('every inferred scale accepts the values it was inferred from', () => {
    const columns = [['0.7', '1'], ['7', '10'], ['0', '10'], ['45', '100'], ['45%'], ['Low', 'high'], ['Red', 'Amber'], ['At risk']];
    for (const column of columns) {
      const { scale } = inferConfidenceScale(column);
      expect(scale).not.toBeNull();
      for (const raw of column) expect(normaliseConfidence(raw, scale!)).toHaveProperty('value');
    }
  });
});

describe('scaleLabel', () => {
  it('labels every scale distinctly', () => {
    const labels = CONFIDENCE_SCALES.map(scaleLabel);
    expect(new Set(labels).size).toBe(CONFIDENCE_SCALES.length);
    expect(scaleLabel('one-to-ten')).toBe('1–10');
    expect(scaleLabel('zero-to-ten')).toBe('0–10');
    expect(scaleLabel('unit')).toBe('0–1');
  });
});
