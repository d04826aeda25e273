import { describeCounts, type ValueCounts } from './descriptive.js';

/** A group (a rater's ratings) summarised as n, mean and sum of squared deviations. */
export interface GroupSummary {
  n: number;
  mean: number;
  /** Σ (x − mean)² within the group. */
  ss: number;
}

/** One-way random-effects ANOVA: the pieces shrinkage and ICC(1) share. */
export interface OneWayAnova {
  /** Groups with at least one observation. */
  k: number;
  n: number;
  grand_mean: number;
  msb: number;
  msw: number;
  /** The effective group size n₀ = (N − Σnᵢ²/N)/(k − 1) (the common n when balanced). */
  n0: number;
  /** Within-group variance σ² (= MSW). */
  sigma2: number;
  /** Between-group variance τ² = max(0, (MSB − MSW)/n₀) (method of moments). */
  tau2: number;
}

export function summariseCounts(counts: ValueCounts): GroupSummary {
  const d = describeCounts(counts);
  return { n: d.n, mean: d.mean ?? 0, ss: d.ss };
}

/** Null when there are fewer than two groups or no within-group degrees of freedom. */
export function oneWayAnova(groups: readonly GroupSummary[]): OneWayAnova | null {
  const used = groups.filter((g) => g.n > 0);
  const k = used.length;
  const n = used.reduce((s, g) => s + g.n, 0);
  if (k < 2 || n - k < 1) return null;
  const grand = used.reduce((s, g) => s + g.n * g.mean, 0) / n;
  const ssb = used.reduce((s, g) => s + g.n * (g.mean - grand) ** 2, 0);
  const ssw = used.reduce((s, g) => s + g.ss, 0);
  const msb = ssb / (k - 1);
  const msw = ssw / (n - k);
  const n0 = (n - used.reduce((s, g) => s + g.n * g.n, 0) / n) / (k - 1);
  return { k, n, grand_mean: grand, msb, msw, n0, sigma2: msw, tau2: Math.max(0, (msb - msw) / n0) };
}

/**
 * ICC(1) (Shrout & Fleiss's ICC(1,1)): the share of rating variance explained
 * by which group (rater) a rating comes from,
 * (MSB − MSW) / (MSB + (n₀ − 1)·MSW). Can be negative in small samples.
 */
export function icc1(anova: OneWayAnova): number {
  const denom = anova.msb + (anova.n0 - 1) * anova.msw;
  return denom === 0 ? 0 : (anova.msb - anova.msw) / denom;
}
