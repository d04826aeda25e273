/**
 * Halo: a rater who gives each person much the same rating on every
 * competency ("good at everything") rates the person, not the competencies.
 * Measured as the mean, over the rater's ratees with ≥ 2 competencies rated,
 * of the variance across competencies within a ratee, against the same figure
 * for the whole organisation.
 */
export interface HaloInput {
  id: string;
  /** Ratees with at least two competencies rated by this rater. */
  ratees: number;
  /** Mean within-ratee variance across competencies. */
  within_variance: number;
}

export interface HaloResult {
  id: string;
  ratees: number;
  /** The rater's within-ratee SD over the organisation's (1 = typical; 0 = identical ratings everywhere). */
  ratio: number | null;
  halo: boolean;
}

/** Sample variance of one ratee's competency ratings (null below two). */
export function withinRateeVariance(ratings: readonly number[]): number | null {
  if (ratings.length < 2) return null;
  const mean = ratings.reduce((s, x) => s + x, 0) / ratings.length;
  return ratings.reduce((s, x) => s + (x - mean) ** 2, 0) / (ratings.length - 1);
}

export function haloByRater(
  raters: readonly HaloInput[],
  options: { minRatees?: number; ratio?: number } = {},
): HaloResult[] {
  const minRatees = options.minRatees ?? 5;
  const limit = options.ratio ?? 0.5;
  const total = raters.reduce((s, r) => s + r.ratees, 0);
  const org = total === 0 ? 0 : raters.reduce((s, r) => s + r.ratees * r.within_variance, 0) / total;
  return raters.map((r) => {
    const ratio = org > 0 && r.ratees > 0 ? Math.sqrt(r.within_variance / org) : null;
    return { id: r.id, ratees: r.ratees, ratio, halo: r.ratees >= minRatees && ratio !== null && ratio < limit };
  });
}
