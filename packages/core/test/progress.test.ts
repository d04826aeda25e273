import { describe, expect, it } from 'vitest';
import { keyResultDirection, keyResultProgress } from '../src/okr/progress.js';

describe('keyResultProgress', () => {
  it('is the share of the distance from start to target covered', () => {
    expect(keyResultProgress(0, 200, 50)).toBe(0.25);
    expect(keyResultProgress(10, 20, 15)).toBe(0.5);
  });
  it('works for decreasing targets', () => {
    expect(keyResultProgress(40, 10, 31)).toBeCloseTo(0.3);
    expect(keyResultDirection(40, 10)).toBe('decrease');
  });
  it('clamps to 0–1 unless asked not to', () => {
    expect(keyResultProgress(0, 10, 12)).toBe(1);
    expect(keyResultProgress(0, 10, -3)).toBe(0);
    expect(keyResultProgress(0, 10, 12, { clamp: false })).toBeCloseTo(1.2);
  });
  it('is undefined (null) without data or when target equals start', () => {
    expect(keyResultProgress(5, 5, 5)).toBeNull();
    expect(keyResultProgress(0, 10, null)).toBeNull();
    expect(keyResultProgress(null, 10, 3)).toBeNull();
  });
});
