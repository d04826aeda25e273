// The nine-box's bands: apart from its query (nine-box.ts), so a view that moves people between boxes draws with
// them without downloading the query's code.

export type Band = 'low' | 'mid' | 'high';
export const BANDS: readonly Band[] = ['low', 'mid', 'high'];

/** Thirds of the range [min, max]: t < 1/3 low, t > 2/3 high (so 1–5 → 1,2 | 3 | 4,5; 1–3 → 1 | 2 | 3). */
export function bandOf(value: number, min: number, max: number): Band {
  if (max <= min) return 'mid';
  const t = (value - min) / (max - min);
  if (t < 1 / 3 - 1e-9) return 'low';
  if (t > 2 / 3 + 1e-9) return 'high';
  return 'mid';
}
