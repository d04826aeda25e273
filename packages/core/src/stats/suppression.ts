/**
 * Small-group suppression that survives subtraction. Hiding one small cell of
 * a partition is useless when the total is shown (total − visible = hidden),
 * so hidden cells always add up to 0 or to at least `k`, and a single hidden
 * non-empty cell is never left alone: the next smallest cell joins it.
 */

export interface Sized {
  id: string;
  n: number;
}

/** Ids of the cells to hide in a partition whose total is shown. */
export function cellsToSuppress(cells: readonly Sized[], k: number): Set<string> {
  const hidden = new Set<string>();
  if (k <= 1) return hidden;
  for (const c of cells) if (c.n > 0 && c.n < k) hidden.add(c.id);
  if (hidden.size === 0) return hidden;
  const visible = cells.filter((c) => c.n > 0 && !hidden.has(c.id)).sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
  const hiddenSum = () => cells.reduce((s, c) => s + (hidden.has(c.id) ? c.n : 0), 0);
  // Complementary suppression: the hidden total must itself not be a small group,
  // and one hidden cell alone would equal total − visible.
  while ((hiddenSum() < k || hidden.size < 2) && visible.length > 0) hidden.add(visible.shift()!.id);
  return hidden;
}

export interface PoolResult<G extends Sized> {
  /** Groups shown on their own (each ≥ k). */
  visible: G[];
  /** Groups merged into one pooled group (its size is ≥ k), empty if none. */
  pooled: G[];
  /** True when even everything together is below k: show nothing. */
  suppressed: boolean;
}

/**
 * Merge groups smaller than `k` into one pool. A pool still below `k` takes
 * the smallest visible group too, until it reaches `k`; if the whole is below
 * `k` the view is suppressed. The shown total always equals the sum of the
 * shown groups, so no subtraction reveals a hidden one.
 */
export function poolSmallGroups<G extends Sized>(groups: readonly G[], k: number): PoolResult<G> {
  const nonEmpty = groups.filter((g) => g.n > 0);
  const total = nonEmpty.reduce((s, g) => s + g.n, 0);
  if (k > 1 && total < k) return { visible: [], pooled: [], suppressed: total > 0 };
  const pooled = k > 1 ? nonEmpty.filter((g) => g.n < k) : [];
  const visible = nonEmpty.filter((g) => !pooled.includes(g)).sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
  let pooledN = pooled.reduce((s, g) => s + g.n, 0);
  while (pooled.length > 0 && pooledN < k && visible.length > 0) {
    const g = visible.shift()!;
    pooled.push(g);
    pooledN += g.n;
  }
  const order = new Map(groups.map((g, i) => [g, i]));
  visible.sort((a, b) => order.get(a)! - order.get(b)!);
  return { visible, pooled, suppressed: false };
}
