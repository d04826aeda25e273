import { Z_95, normalTwoSidedP } from './chi-square.js';

export interface ShrinkageInput {
  n: number;
  /** The rater's mean minus the organisation's. */
  effect: number;
}

export interface ShrunkEffect {
  n: number;
  effect: number;
  /** Weight on the rater's own data: τ² / (τ² + σ²/n). 0 = all the way to the organisation. */
  reliability: number;
  shrunk_effect: number;
  /** Posterior standard deviation √(B·σ²/n). */
  posterior_sd: number;
  ci_low: number;
  ci_high: number;
  /** Two-sided p of the raw effect against zero (z = effect / √(σ²/n)). */
  p: number;
}

/**
 * Empirical-Bayes (normal–normal) shrinkage of a rater effect: the rater's
 * mean is a noisy estimate (variance σ²/n) of a true effect drawn from
 * N(0, τ²), so the posterior mean pulls it toward zero by B = τ²/(τ² + σ²/n).
 * Three reports move a rater a little; thirty move it a lot. The interval is
 * the posterior mean ± z·√(B·σ²/n) (it treats σ² and τ² as known, which the
 * method-of-moments estimates make approximately true for many raters).
 */
export function shrinkEffect(
  input: ShrinkageInput,
  variance: { sigma2: number; tau2: number },
  z = Z_95,
): ShrunkEffect {
  const { n, effect } = input;
  const se2 = n > 0 ? variance.sigma2 / n : Infinity;
  const reliability = variance.tau2 > 0 && Number.isFinite(se2) ? variance.tau2 / (variance.tau2 + se2) : 0;
  const shrunk = reliability * effect;
  const posteriorSd = Number.isFinite(se2) ? Math.sqrt(reliability * se2) : Math.sqrt(variance.tau2);
  const p = se2 > 0 && Number.isFinite(se2) ? normalTwoSidedP(effect / Math.sqrt(se2)) : effect === 0 ? 1 : 0;
  return {
    n,
    effect,
    reliability,
    shrunk_effect: shrunk,
    posterior_sd: posteriorSd,
    ci_low: shrunk - z * posteriorSd,
    ci_high: shrunk + z * posteriorSd,
    p,
  };
}
