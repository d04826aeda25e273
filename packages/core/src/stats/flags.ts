import { chiSquareCdf } from './chi-square.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import type { ShrunkEffect } from './shrinkage.js';

export type RaterFlag = 'lenient' | 'severe' | 'central' | 'halo' | 'too_few';

export interface FlagOptions {
  /** Below this many ratings a rater is "too few to judge" and gets no other flag. Default 5. */
  minN?: number;
  /** Smallest shrunk effect (scale points) called lenient or severe. Default 0.25. */
  minEffect?: number;
  /** A rater's SD below this fraction of the pooled SD may be central tendency. Default 0.6. */
  centralRatio?: number;
  /** False discovery rate across the raters judged. Default 0.05. */
  fdr?: number;
}

export interface FlagInput {
  id: string;
  effect: ShrunkEffect;
  /** The rater's sample SD (null below n = 2). */
  sd: number | null;
  /** Halo judged elsewhere (see halo.ts). */
  halo?: boolean;
}

export interface FlagResult {
  id: string;
  flags: RaterFlag[];
  /** BH-adjusted p of the effect (null when not judged). */
  q_effect: number | null;
  /** BH-adjusted p of "spread below the pooled spread" (null when not judged). */
  q_central: number | null;
}

/**
 * Lenient / severe: the shrunk effect's interval is clear of zero, the shrunk
 * effect is at least `minEffect`, and the raw effect survives BH across all
 * judged raters. Central: SD below `centralRatio` × pooled SD and the one-sided
 * variance test ((n−1)s²/σ² ~ χ²(n−1), lower tail) survives BH. Too few: n < minN.
 */
export function flagRaters(raters: readonly FlagInput[], pooledVariance: number, options: FlagOptions = {}): FlagResult[] {
  const minN = options.minN ?? 5;
  const minEffect = options.minEffect ?? 0.25;
  const ratio = options.centralRatio ?? 0.6;
  const fdr = options.fdr ?? 0.05;
  const judged = raters.filter((r) => r.effect.n >= minN);
  const effectQ = benjaminiHochberg(judged.map((r) => r.effect.p), fdr);
  const centralP = judged.map((r) =>
    r.sd === null || pooledVariance <= 0 || r.effect.n < 2
      ? 1
      : chiSquareCdf(((r.effect.n - 1) * r.sd * r.sd) / pooledVariance, r.effect.n - 1),
  );
  const centralQ = benjaminiHochberg(centralP, fdr);
  const byId = new Map(judged.map((r, i) => [r.id, i]));
  return raters.map((r) => {
    const i = byId.get(r.id);
    if (i === undefined) return { id: r.id, flags: ['too_few'], q_effect: null, q_central: null };
    const flags: RaterFlag[] = [];
    const e = r.effect;
    if (effectQ.rejected[i] && e.ci_low > 0 && e.shrunk_effect >= minEffect) flags.push('lenient');
    if (effectQ.rejected[i] && e.ci_high < 0 && e.shrunk_effect <= -minEffect) flags.push('severe');
    if (centralQ.rejected[i] && r.sd !== null && r.sd < ratio * Math.sqrt(pooledVariance)) flags.push('central');
    if (r.halo) flags.push('halo');
    return { id: r.id, flags, q_effect: effectQ.adjusted[i]!, q_central: centralQ.adjusted[i]! };
  });
}
