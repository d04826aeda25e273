/**
 * Benjamini–Hochberg (1995) step-up: adjusted p-values (as R's
 * `p.adjust(p, "BH")`) and which hypotheses are rejected at false discovery
 * rate `q`. Judging 40 raters at 5 % each would flag two by chance alone; this
 * keeps the expected share of false flags at q.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): { adjusted: number[]; rejected: boolean[] } {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const { p, i } = order[r]!;
    running = Math.min(running, (p * m) / (r + 1));
    adjusted[i] = running;
  }
  return { adjusted, rejected: adjusted.map((a) => a <= q) };
}
