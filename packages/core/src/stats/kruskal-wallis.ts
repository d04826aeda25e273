import { chiSquareSf } from './chi-square.js';
import { countValues, type ValueCounts } from './descriptive.js';

export interface KruskalWallisResult {
  /** H, corrected for ties. */
  h: number;
  df: number;
  p: number;
  /** The tie correction divisor C = 1 − Σ(t³ − t)/(N³ − N) (1 without ties). */
  tie_correction: number;
  n: number;
  groups: number;
}

/**
 * Kruskal–Wallis H across groups given as value counts (midranks for ties,
 * tie-corrected, p from the chi-square distribution with k − 1 df). Empty
 * groups are ignored; null when fewer than two groups have data. When every
 * value is tied there is no evidence of a difference: H = 0, p = 1.
 */
export function kruskalWallisFromCounts(groups: readonly ValueCounts[]): KruskalWallisResult | null {
  const used = groups.filter((g) => [...g.values()].some((c) => c > 0));
  if (used.length < 2) return null;
  const totals = new Map<number, number>();
  for (const g of used) for (const [v, c] of g) totals.set(v, (totals.get(v) ?? 0) + c);
  const values = [...totals.keys()].sort((a, b) => a - b);
  const midrank = new Map<number, number>();
  let below = 0;
  let tieSum = 0;
  for (const v of values) {
    const t = totals.get(v)!;
    midrank.set(v, below + (t + 1) / 2);
    below += t;
    tieSum += t ** 3 - t;
  }
  const n = below;
  let sumTerm = 0;
  for (const g of used) {
    let rankSum = 0;
    let size = 0;
    for (const [v, c] of g) {
      rankSum += c * midrank.get(v)!;
      size += c;
    }
    sumTerm += (rankSum * rankSum) / size;
  }
  const df = used.length - 1;
  const tieCorrection = 1 - tieSum / (n ** 3 - n);
  if (tieCorrection <= 0) return { h: 0, df, p: 1, tie_correction: 0, n, groups: used.length };
  const h = ((12 / (n * (n + 1))) * sumTerm - 3 * (n + 1)) / tieCorrection;
  return { h, df, p: chiSquareSf(h, df), tie_correction: tieCorrection, n, groups: used.length };
}

/** Kruskal–Wallis H across groups of raw values. */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallisResult | null {
  return kruskalWallisFromCounts(groups.map((g) => countValues(g)));
}
