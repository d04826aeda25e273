import { describe, expect, it } from 'vitest';
import {
  Z_95,
  benjaminiHochberg,
  countValues,
  describe as describeValues,
  describeCounts,
  flagRaters,
  haloByRater,
  icc1,
  oneWayAnova,
  shrinkEffect,
  summariseCounts,
  withinRateeVariance,
} from '../../src/stats/index.js';

describe('descriptive statistics from counts', () => {
  it('hand-computed: [2,4,4,4,5,5,7,9] has mean 5 and sample SD √(32/7) = 2.13809', () => {
    const d = describeValues([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(d).toMatchObject({ n: 8, mean: 5 });
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(describeCounts(new Map([[3, 1]]))).toEqual({ n: 1, mean: 3, sd: null, ss: 0 });
    expect(describeCounts(new Map())).toEqual({ n: 0, mean: null, sd: null, ss: 0 });
  });
});

describe('ICC(1) and the variance components', () => {
  // Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
  // Psychological Bulletin 86(2), Table 2: six targets rated by four judges. Table 3 gives
  // BMS = 11.24, WMS = 6.26 and ICC(1,1) = .17.
  const TARGETS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces Shrout & Fleiss 1979: BMS = 11.24, WMS = 6.26, ICC(1,1) = .17', () => {
    const anova = oneWayAnova(TARGETS.map((t) => summariseCounts(countValues(t))))!;
    expect(anova.msb).toBeCloseTo(11.24, 2);
    expect(anova.msw).toBeCloseTo(6.26, 2);
    expect(anova.n0).toBe(4);
    expect(icc1(anova)).toBeCloseTo(0.17, 2);
    // τ² = (MSB − MSW)/n₀ = (11.2417 − 6.2639)/4
    expect(anova.tau2).toBeCloseTo((anova.msb - anova.msw) / 4, 12);
  });

  it('is 1 when raters explain everything and τ² is 0 when they explain nothing', () => {
    const all = oneWayAnova([summariseCounts(countValues([1, 1, 1])), summariseCounts(countValues([5, 5, 5]))])!;
    expect(icc1(all)).toBe(1);
    const none = oneWayAnova([summariseCounts(countValues([1, 5])), summariseCounts(countValues([1, 5]))])!;
    expect(none.tau2).toBe(0);
    expect(oneWayAnova([summariseCounts(countValues([1, 2]))])).toBeNull();
  });
});

describe('empirical-Bayes shrinkage of rater effects', () => {
  const variance = { sigma2: 1, tau2: 0.25 };

  it('hand-computed at n = 1, 2, 3 (σ² = 1, τ² = 0.25, raw effect +1)', () => {
    // n = 1: B = .25/(.25 + 1) = 0.2;   posterior var = 0.2·1 = 0.2
    // n = 2: B = .25/(.25 + .5) = 1/3;  posterior var = (1/3)·0.5 = 1/6
    // n = 3: B = .25/(.25 + 1/3) = 3/7; posterior var = (3/7)·(1/3) = 1/7
    const expected = [
      { n: 1, b: 0.2, v: 0.2 },
      { n: 2, b: 1 / 3, v: 1 / 6 },
      { n: 3, b: 3 / 7, v: 1 / 7 },
    ];
    for (const { n, b, v } of expected) {
      const s = shrinkEffect({ n, effect: 1 }, variance);
      expect(s.reliability).toBeCloseTo(b, 12);
      expect(s.shrunk_effect).toBeCloseTo(b, 12);
      expect(s.posterior_sd).toBeCloseTo(Math.sqrt(v), 12);
      expect(s.ci_low).toBeCloseTo(b - Z_95 * Math.sqrt(v), 12);
      expect(s.ci_high).toBeCloseTo(b + Z_95 * Math.sqrt(v), 12);
      // Every one of these intervals still covers 0: three reports are not evidence.
      expect(s.ci_low).toBeLessThan(0);
    }
  });

  it('shrinks less as n grows, and not at all in the limit', () => {
    const effects = [1, 2, 3, 10, 100, 10_000].map((n) => shrinkEffect({ n, effect: 1 }, variance).shrunk_effect);
    for (let i = 1; i < effects.length; i++) expect(effects[i]).toBeGreaterThan(effects[i - 1]!);
    expect(effects.at(-1)).toBeCloseTo(1, 3);
  });

  it('pulls everyone to zero when raters do not differ (τ² = 0)', () => {
    const s = shrinkEffect({ n: 40, effect: 0.8 }, { sigma2: 1, tau2: 0 });
    expect(s.shrunk_effect).toBe(0);
    expect(s.reliability).toBe(0);
  });
});

describe('Benjamini–Hochberg', () => {
  it('reproduces Benjamini & Hochberg (1995), J. R. Statist. Soc. B 57(1), §4.1: of 15 p-values, 4 are rejected at q = 0.05 (Bonferroni rejects 3)', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
    const { rejected, adjusted } = benjaminiHochberg(p, 0.05);
    expect(rejected.filter(Boolean)).toHaveLength(4);
    expect(rejected.slice(0, 4)).toEqual([true, true, true, true]);
    // Hand-computed as R's p.adjust(p, "BH"): [4] = 0.0095·15/4 = 0.035625; [5] = 0.0201·15/5 = 0.0603
    // (smaller than every later rank's p·m/rank, so the step-up minimum keeps it).
    expect(adjusted[3]).toBeCloseTo(0.035625, 12);
    expect(adjusted[4]).toBeCloseTo(0.0603, 12);
    expect(p.filter((x) => x <= 0.05 / 15)).toHaveLength(3);
  });

  it('keeps the input order', () => {
    expect(benjaminiHochberg([0.04, 0.01]).adjusted).toEqual([0.04, 0.02]);
  });
});

describe('rater flags', () => {
  const pooled = 1;
  const variance = { sigma2: pooled, tau2: 0.3 };
  const rater = (id: string, n: number, effect: number, sd: number | null = 1) => ({
    id,
    effect: shrinkEffect({ n, effect }, variance),
    sd,
  });

  it('calls a large team that rates one point high lenient, one point low severe, and a narrow spread central', () => {
    const flags = flagRaters(
      [rater('high', 40, 1), rater('low', 40, -1), rater('flat', 40, 0, 0.3), rater('typical', 40, 0.05)],
      pooled,
    );
    expect(flags.map((f) => [f.id, f.flags])).toEqual([
      ['high', ['lenient']],
      ['low', ['severe']],
      ['flat', ['central']],
      ['typical', []],
    ]);
  });

  it('does not call a manager with 3 reports lenient, however high the ratings', () => {
    const flags = flagRaters(
      [rater('tiny', 3, 2), rater('small', 5, 0.8), rater('large', 40, 0.8), rater('big', 40, 0)],
      pooled,
    );
    expect(flags[0]).toMatchObject({ id: 'tiny', flags: ['too_few'], q_effect: null });
    // The same +0.8 is no verdict on 5 reports (z = 0.8/√(1/5) = 1.79) but is on 40 (z = 5.06).
    expect(flags[1]!.flags).toEqual([]);
    expect(flags[2]!.flags).toEqual(['lenient']);
  });

  it('needs the effect to survive the false-discovery control, not just a nominal p < 0.05', () => {
    // 20 raters: one with a nominal p ≈ 0.03 and 19 null raters; BH does not flag it.
    const raters = [rater('borderline', 12, 0.63), ...Array.from({ length: 19 }, (_, i) => rater(`r${i}`, 12, 0))];
    expect(raters[0]!.effect.p).toBeLessThan(0.05);
    expect(flagRaters(raters, pooled)[0]!.flags).toEqual([]);
  });
});

describe('halo', () => {
  it('hand-computed within-ratee variance: [4,4,5] → 1/3', () => {
    expect(withinRateeVariance([4, 4, 5])).toBeCloseTo(1 / 3, 12);
    expect(withinRateeVariance([4])).toBeNull();
  });

  it('flags a rater whose competency ratings barely differ within a person, given enough ratees', () => {
    const r = haloByRater([
      { id: 'halo', ratees: 10, within_variance: 0.05 },
      { id: 'a', ratees: 10, within_variance: 0.8 },
      { id: 'b', ratees: 10, within_variance: 0.9 },
      { id: 'few', ratees: 2, within_variance: 0 },
    ]);
    expect(r.map((x) => [x.id, x.halo])).toEqual([['halo', true], ['a', false], ['b', false], ['few', false]]);
  });
});
