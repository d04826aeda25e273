/**
 * The rating distribution's statistics, computed where the counts are (one SQL statement): per rater
 * n, mean, SD, rater effect shrunk toward zero (empirical Bayes) with its interval and flags (lenient,
 * severe, central with Benjamini–Hochberg across every rater judged, halo, too few); for the
 * organisation n, mean, SD, counts, the variance components, ICC(1) and Kruskal–Wallis H. Only the
 * rows a view draws leave the database (`maxRaters`: the most lenient and most severe halves, the pool
 * last), with counts of the flagged raters for the view's sentences: the answer's size does not grow
 * with the number of raters (a 1,000,000-person organisation has ~100,000).
 *
 * The methods (kept from the JavaScript this replaces, checked against scipy in
 * test/calibration/rater-statistics.test.ts):
 * - statistics describe every rater whose people are shown (pooled blocks included: they describe the
 *   room and reveal no one); what is *shown* per rater is their own blocks, the pool for the rest;
 * - one-way random-effects ANOVA: σ² = MSW, τ² = max(0, (MSB − MSW)/n₀), n₀ = (N − Σnᵢ²/N)/(k − 1);
 *   ICC(1) = (MSB − MSW)/(MSB + (n₀ − 1)·MSW) (Shrout & Fleiss ICC(1,1)); without two groups and a
 *   within-group degree of freedom σ² is the organisation's variance and τ² = 0;
 * - shrinkage: B = τ²/(τ² + σ²/n), shrunk effect B·(mean − org mean), interval ± z₉₅·√(B·σ²/n);
 * - lenient/severe: the raw effect's two-sided normal p (z = effect/√(σ²/n)) survives BH at `fdr`
 *   among raters with n ≥ `minN`, the interval is clear of zero and |shrunk| ≥ `minEffect`;
 *   central: the lower-tail χ²(n − 1) test of (n − 1)s²/σ² survives BH and s < `centralRatio`·σ;
 *   halo: ≥ 5 ratees with two or more competencies and a within-ratee SD under half the room's;
 *   below `minN` ratings a rater is only "too few";
 * - Kruskal–Wallis H over the raters' counts with midranks, tie-corrected (its p follows in JS from H).
 * The normal tail is W. J. Cody's rational approximation (as R's `pnorm`), the χ² lower tail for a
 * whole number of degrees of freedom the closed forms in the regularised gamma function
 * (Abramowitz & Stegun 26.4.4–5) with DuckDB's `lgamma`.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { normalTwoSidedP, Z_95 } from '../stats/chi-square.js';
import type { SqlParam } from '../sql.js';
import { countsOver, haloTable, ratingCounts, sliceCondition } from './aggregates.js';
import type { RatingStage } from './filters.js';
import { filterConditions } from './privacy.js';
import { parseSummary, passingJoin, summaryCte, type PlanSummary, type ViewPlan } from './queries.js';

// W. J. Cody, "Rational Chebyshev approximations for the error function" (1969), in the form of
// R's nmath/pnorm.c: Φ(−t) for t ≥ 0 in three ranges.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const M_1_SQRT_2PI = 0.398942280401432677939946059934;

/** A code constant as SQL (never a value from data or options: those are parameters): a DOUBLE literal, no cast per row. */
const lit = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`not a finite constant: ${x}`);
  return x.toExponential(16);
};

/**
 * The |z| above which the two-sided normal p is at most `fdr` (bisection on the JS tail). Below it a
 * rater's p exceeds fdr: BH can never reject it and it sorts after every p that could be, so the
 * statement computes the tail only above it (the tail is the costly part of the statement).
 */
function zCut(fdr: number): number {
  if (!(fdr > 0 && fdr < 1)) return 0;
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalTwoSidedP(mid) > fdr) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Horner's scheme as Cody writes it: num = c[last]·x, den = x; (num + c[i])·x, (den + d[i])·x. */
function horner(x: string, num: number[], den: number[], steps: number): { num: string; den: string } {
  let n = `${lit(num[num.length - 1]!)} * ${x}`;
  let d = x;
  for (let i = 0; i < steps; i++) {
    n = `(${n} + ${lit(num[i]!)}) * ${x}`;
    d = `(${d} + ${lit(den[i]!)}) * ${x}`;
  }
  return { num: n, den: d };
}

/** exp(−t²/2), split as R does (t rounded down to 1/16 squared exactly, the rest separately). */
const halfGauss = (t: string) => `exp(-pow(trunc(${t} * 16) / 16, 2) * 0.5) * exp(-(${t} - trunc(${t} * 16) / 16) * (${t} + trunc(${t} * 16) / 16) * 0.5)`;

/** The pieces of Φ(−t) that recur in its expression (t², 1/t², exp(−t²/2)); columns when a statement has them. */
export function normalTailParts(t: string): { t2: string; inv: string; gauss: string } {
  return { t2: `(${t} * ${t})`, inv: `(1 / (${t} * ${t}))`, gauss: `(${halfGauss(t)})` };
}

/**
 * SQL for Φ(−t), the standard normal upper tail at t ≥ 0; `t` must be a column or a plain expression.
 * `parts` may name columns holding `normalTailParts(t)` (the same arithmetic, so the same doubles): each
 * repeated piece of this large expression costs the planner.
 */
export function normalUpperTailSql(t: string, parts = normalTailParts(t)): string {
  const { t2, inv, gauss } = parts;
  const small = horner(t2, A, B, 3);
  const mid = horner(t, C, D, 7);
  const far = horner(inv, P, Q, 4);
  return `(CASE WHEN ${t} <= 0.67448975
      THEN 0.5 - ${t} * (${small.num} + ${lit(A[3]!)}) / (${small.den} + ${lit(B[3]!)})
    WHEN ${t} <= sqrt(32)
      THEN ${gauss} * (${mid.num} + ${lit(C[7]!)}) / (${mid.den} + ${lit(D[7]!)})
    ELSE ${gauss} * (${lit(M_1_SQRT_2PI)} - ${inv} * (${far.num} + ${lit(P[4]!)}) / (${far.den} + ${lit(Q[4]!)})) / ${t} END)`;
}

/**
 * SQL for P(X ≤ x), X ~ χ²(df), for a whole number df ≥ 1 (`x`, `df` columns): with y = x/2,
 * 1 − e^(−y)·Σ_{k<df/2} y^k/k! for even df; erf(√y) − e^(−y)·Σ_{k<(df−1)/2} y^(k+½)/Γ(k+3/2) for odd df.
 * `rootTail` is Φ(−√x): a column when the statement has it already (the normal tail is a large
 * expression: each copy costs the planner), else computed here.
 */
export function chiSquareLowerSql(x: string, df: string, rootTail = normalUpperTailSql(`sqrt(${x})`)): string {
  const h = `(${df} % 2) * 0.5`;
  const terms = `COALESCE(list_sum(list_transform(range(0, floor(${df} / 2)::BIGINT),
      lambda k: exp((k + ${h}) * ln(${x} / 2) - lgamma(k + 1 + ${h}) - ${x} / 2))), 0)`;
  return `(CASE WHEN ${x} <= 0 THEN 0
    ELSE greatest(0, 1 - CASE WHEN ${df} % 2 = 1 THEN 2 * ${rootTail} ELSE 0 END - ${terms}) END)`;
}

/** What a rater is flagged for (see the methods above). */
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

export interface RaterStatisticsRow {
  /** Null for the pool. */
  rater_id: string | null;
  rater_name: string | null;
  is_pool: boolean;
  n: number;
  mean: number | null;
  sd: number | null;
  effect: number | null;
  shrunk_effect: number | null;
  ci_low: number | null;
  ci_high: number | null;
  lenient: boolean;
  severe: boolean;
  central: boolean;
  halo: boolean;
  too_few: boolean;
  /** Ratings per value, in the order of `values`. */
  counts: number[];
}

export interface RaterStatistics {
  summary: PlanSummary;
  org: { n: number; mean: number | null; sd: number | null; counts: number[]; raters: number };
  /** The one-way ANOVA's figures, null below two raters or without a within-rater degree of freedom. */
  anova: { within: number; between: number; icc1: number } | null;
  kruskal_wallis: { h: number; df: number } | null;
  /** Rows the full list has: shown raters (not pooled), and 1 when the pool is shown. */
  shown_raters: number;
  pool_shown: boolean;
  pooled_raters: number;
  /** Per flag, over every shown rater (drawn or not): how many, and their mean shrunk effect. */
  flagged: Record<'lenient' | 'severe' | 'central' | 'halo', { raters: number; mean_shrunk_effect: number | null }>;
  /** The rows drawn: by shrunk effect, most lenient first, then the pool. */
  rows: RaterStatisticsRow[];
}

/**
 * Per-rater statistics over the blocks that pass, the organisation's, and the drawn rows (at most
 * `maxRaters`, null for all): the one query a filter change re-runs (after the plan itself).
 */
export async function raterStatistics(
  connector: Connector,
  plan: ViewPlan,
  cycle: string | null,
  stage: RatingStage,
  dimension: string | null,
  values: readonly number[],
  options: { halo?: boolean; flags?: FlagOptions; maxRaters?: number | null; listLimit?: number | null } = {},
): Promise<RaterStatistics> {
  const counts = await ratingCounts(connector, plan.k);
  const halo = options.halo ? await haloTable(connector) : null;
  const where = filterConditions(plan.filter, 'c');
  const slice = sliceCondition('c', { cycle, stage, dimension }, plan.slices);
  const haloWhere = filterConditions(plan.filter, 'h');
  // A plan decided once into a table carries its figures; else they are read beside the rows.
  const summary = plan.summary ? { sql: 'summary AS (SELECT TRUE AS s_decided)', params: [] } : summaryCte(plan, cycle);
  const flags = options.flags ?? {};
  const minN = flags.minN ?? 5;
  const minEffect = flags.minEffect ?? 0.25;
  const ratio = flags.centralRatio ?? 0.6;
  const fdr = flags.fdr ?? 0.05;
  const max = options.maxRaters === undefined || options.maxRaters === null ? null : Math.max(0, Math.floor(options.maxRaters));
  // Every rater, but only when they are at most `listLimit` rows (see `CalibrationOptions.raterListLimit`).
  const limit = max !== null || options.listLimit === undefined || options.listLimit === null ? null : Math.max(0, Math.floor(options.listLimit));
  const ranks = max ?? limit;
  const z = lit(Z_95);
  // One flat pipeline (one aggregate, then window stages): a statement of many CTEs and scalar
  // subqueries spent most of its time in DuckDB's planner. Per rater and scale value i: a{i} ratings in
  // the rater's own blocks (shown under the rater), b{i} in pooled blocks; everything follows from them.
  const idx = values.map((_, i) => i);
  const sum = (f: (i: number) => string) => (idx.length ? idx.map(f).join(' + ') : '0');
  const vi = (i: number) => `vals.v${i}`;
  const own = (i: number) => `a${i}`;
  const all = (i: number) => `(a${i} + b${i})`;
  const haloJoin = halo
    ? `LEFT JOIN (
         SELECT h.rater_id, sum(h.ratees)::DOUBLE AS ratees, sum(h.sum_variance) AS sum_variance
           FROM ${halo} h ${passingJoin(plan, 'h')}
          WHERE h.cycle_id IS NOT DISTINCT FROM ? AND h.stage = ? ${haloWhere.sql.map((c) => `AND ${c}`).join(' ')}
          GROUP BY h.rater_id) hl ON hl.rater_id = r.rater_id`
    : '';
  const sql = `WITH ${plan.cte.sql}, ${summary.sql},
    vals AS (SELECT ${idx.length ? idx.map((i) => `?::DOUBLE AS v${i}`).join(', ') : '0 AS none'}),
    r AS (
      SELECT c.rater_id${idx.map((i) => `,
             COALESCE(sum(c.n) FILTER (WHERE c.kind <> 'pool' AND c.rating = vals.v${i}), 0)::DOUBLE AS a${i},
             COALESCE(sum(c.n) FILTER (WHERE c.kind = 'pool' AND c.rating = vals.v${i}), 0)::DOUBLE AS b${i}`).join('')},
             bool_or(c.kind = 'pool') AS has_pool
        FROM ${countsOver(counts, plan.atoms, plan.scope)} c JOIN plan ON plan.block = c.block AND plan.ok CROSS JOIN vals
       WHERE ${slice.sql} ${where.sql.map((x) => `AND ${x}`).join(' ')}
       GROUP BY c.rater_id),
    g AS (
      SELECT r.*, ${sum(all)} AS n, ${sum((i) => `${vi(i)} * ${all(i)}`)} AS s1, ${sum((i) => `${vi(i)} * ${vi(i)} * ${all(i)}`)} AS s2,
             ${sum(own)} AS sn, ${sum((i) => `${vi(i)} * ${own(i)}`)} AS ss1, ${sum((i) => `${vi(i)} * ${vi(i)} * ${own(i)}`)} AS ss2
             ${halo ? ', hl.ratees AS h_ratees, hl.sum_variance AS h_sum' : ', NULL::DOUBLE AS h_ratees, NULL::DOUBLE AS h_sum'}
        FROM r CROSS JOIN vals ${haloJoin}),
    w AS (
      SELECT g.*, count(*) OVER () AS k, sum(n) OVER () AS nn, sum(s1) OVER () AS t1, sum(s2) OVER () AS t2,
             sum(s1 * s1 / n) OVER () AS tb, sum(n * n) OVER () AS n2,
             sum(CASE WHEN has_pool THEN 1 ELSE 0 END) OVER () AS pooled_raters,
             COALESCE(sum(h_sum) OVER () / nullif(sum(h_ratees) OVER (), 0), 0) AS halo_room,
             sum(CASE WHEN n >= ? THEN 1 ELSE 0 END) OVER () AS m
             ${idx.map((i) => `, sum(${all(i)}) OVER () AS o${i}, sum(b${i}) OVER () AS p${i}`).join('')}
        FROM g WHERE n > 0),
    -- (Window aggregates carry no FILTER: DuckDB evaluates a filtered one over the whole partition per row.)
    -- The organisation and the one-way ANOVA (σ² = MSW, τ² by moments), then midranks for Kruskal–Wallis.
    o AS (
      SELECT w.*, t1 / nn AS org_mean, greatest(0, t2 - t1 * t1 / nn) AS org_ss,
             (k >= 2 AND nn - k >= 1) AS anova_ok,
             CASE WHEN k >= 2 THEN greatest(0, tb - t1 * t1 / nn) / (k - 1) END AS msb,
             CASE WHEN nn - k >= 1 THEN greatest(0, t2 - tb) / (nn - k) END AS msw,
             CASE WHEN k >= 2 THEN (nn - n2 / nn) / (k - 1) END AS n0,
             ${sum((i) => `${all(i)} * (${idx.slice(0, i).map((j) => `o${j}`).join(' + ') || '0'} + (o${i} + 1) / 2)`)} AS rank_sum,
             ${sum((i) => `(pow(o${i}, 3) - o${i})`)} AS ties
        FROM w CROSS JOIN vals),
    e AS (
      SELECT o.*,
             CASE WHEN anova_ok THEN msw WHEN nn >= 2 THEN org_ss / (nn - 1) ELSE 0 END AS sigma2,
             CASE WHEN anova_ok THEN greatest(0, (msb - msw) / n0) ELSE 0 END AS tau2,
             sum(rank_sum * rank_sum / n) OVER () AS kw_term,
             s1 / n AS mean, greatest(0, s2 - s1 * s1 / n) AS ss,
             CASE WHEN sn > 0 THEN ss1 / sn END AS s_mean, CASE WHEN sn > 0 THEN greatest(0, ss2 - ss1 * ss1 / sn) END AS s_ss
        FROM o),
    t AS (
      SELECT e.*, mean - org_mean AS effect,
             CASE WHEN tau2 > 0 THEN tau2 / (tau2 + sigma2 / n) ELSE 0 END AS rel,
             sigma2 / n AS se2,
             CASE WHEN n >= 2 THEN sqrt(ss / (n - 1)) END AS sd,
             CASE WHEN sigma2 / n > 0 THEN abs(mean - org_mean) / sqrt(sigma2 / n) END AS z,
             CASE WHEN sigma2 > 0 THEN ss / sigma2 END AS xc
        FROM e),
    -- The tails only where a p can reach fdr (see zCut; a χ²(df) is below df with probability over ½):
    -- evaluated on those rows alone, they are most of the statement's work otherwise.
    -- Both tests' normal tails in one column (the effect's at z, the χ²'s at √x), so the statement holds
    -- one copy of the tail's expression, not two.
    tails AS (
      SELECT rater_id, FALSE AS central, z AS x, NULL::DOUBLE AS xc, NULL::DOUBLE AS df FROM t WHERE se2 > 0 AND z >= ?
      UNION ALL
      SELECT rater_id, TRUE, sqrt(xc), xc, n - 1 FROM t
       WHERE sd IS NOT NULL AND sigma2 > 0 AND n >= 2 AND NOT (? < 0.5 AND xc >= n - 1)),
    tail AS (
      SELECT rater_id, central, xc, df, ${normalUpperTailSql('x', { t2: 'x2', inv: 'x_inv', gauss: 'x_gauss' })} AS up
        FROM (SELECT *, ${(['t2', 'inv', 'gauss'] as const).map((k) => `${normalTailParts('x')[k]} AS ${k === 't2' ? 'x2' : `x_${k}`}`).join(', ')} FROM tails)),
    pe AS (SELECT rater_id, 2 * up AS pv FROM tail WHERE NOT central),
    pc AS (SELECT rater_id, ${chiSquareLowerSql('xc', 'df', 'up')} AS pv FROM tail WHERE central),
    p AS (
      SELECT t.*, rel * effect AS shrunk, sqrt(rel * se2) AS psd, n >= ? AS judged,
             CASE WHEN pe.pv IS NOT NULL THEN pe.pv WHEN se2 > 0 THEN 1 WHEN effect = 0 THEN 1 ELSE 0 END AS p_effect,
             COALESCE(pc.pv, 1) AS p_central
        FROM t LEFT JOIN pe ON pe.rater_id = t.rater_id LEFT JOIN pc ON pc.rater_id = t.rater_id),
    -- Benjamini–Hochberg (as p.adjust) as a threshold: a judged rater's p survives iff it is at most
    -- p* = max{p : p·m/#(judged p' ≤ p) ≤ fdr}. Only ps ≤ fdr can qualify, and the count under such a
    -- p runs over those alone: a window over the few candidates, not a sort of every rater.
    cand AS (
      SELECT FALSE AS central, p_effect AS pv, m FROM p WHERE judged AND p_effect <= ?
      UNION ALL SELECT TRUE, p_central, m FROM p WHERE judged AND p_central <= ?),
    cut AS (
      SELECT max(pv) FILTER (WHERE NOT central AND pv * m / below <= ?) AS cut_effect,
             max(pv) FILTER (WHERE central AND pv * m / below <= ?) AS cut_central
        FROM (SELECT central, pv, m, count(*) OVER (PARTITION BY central ORDER BY pv RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS below FROM cand)),
    f AS (
      SELECT p.*, NOT judged AS too_few,
             COALESCE(judged AND p_effect <= cut_effect AND shrunk - ${z} * psd > 0 AND shrunk >= ?, FALSE) AS lenient,
             COALESCE(judged AND p_effect <= cut_effect AND shrunk + ${z} * psd < 0 AND shrunk <= -1 * ?, FALSE) AS severe,
             COALESCE(judged AND p_central <= cut_central AND sd IS NOT NULL AND sd < ? * sqrt(sigma2), FALSE) AS central,
             COALESCE(judged AND h_ratees >= 5 AND halo_room > 0 AND sqrt(h_sum / h_ratees / halo_room) < 0.5, FALSE) AS halo,
             -- What is shown under the rater: their own blocks only.
             s_mean - org_mean AS s_effect,
             CASE WHEN sn > 0 AND tau2 > 0 THEN tau2 / (tau2 + sigma2 / sn) ELSE 0 END AS s_rel
        FROM p CROSS JOIN cut),
    s AS (
      SELECT f.*, s_rel * s_effect AS s_shrunk, CASE WHEN sn > 0 THEN sqrt(s_rel * sigma2 / sn) END AS s_psd,
             sum(CASE WHEN sn > 0 THEN 1 ELSE 0 END) OVER () AS shown_n
             ${(['lenient', 'severe', 'central', 'halo'] as const).map((fl) => `,
             sum(CASE WHEN sn > 0 AND ${fl} THEN 1 ELSE 0 END) OVER () AS f_${fl}, avg(CASE WHEN sn > 0 AND ${fl} THEN s_rel * s_effect END) OVER () AS m_${fl}`).join('')}
        FROM f),
    globals AS (
      SELECT nn AS org_n, org_mean, CASE WHEN nn >= 2 THEN sqrt(org_ss / (nn - 1)) END AS org_sd, k AS org_raters,
             anova_ok, sigma2 AS var_within, tau2 AS var_between,
             CASE WHEN anova_ok THEN CASE WHEN msb + (n0 - 1) * msw = 0 THEN 0 ELSE (msb - msw) / (msb + (n0 - 1) * msw) END END AS icc1,
             CASE WHEN k < 2 THEN NULL WHEN 1 - ties / (pow(nn, 3) - nn) <= 0 THEN 0
                  ELSE ((12 / (nn * (nn + 1))) * kw_term - 3 * (nn + 1)) / (1 - ties / (pow(nn, 3) - nn)) END AS kw_h,
             pooled_raters, shown_n, (${sum((i) => `p${i}`)}) > 0 AS pool_shown,
             f_lenient, m_lenient, f_severe, m_severe, f_central, m_central, f_halo, m_halo
             ${idx.map((i) => `, o${i}`).join('')}
        FROM s LIMIT 1),
    budget AS (SELECT CAST(? AS INTEGER) AS max_rows, CAST(? AS INTEGER) AS list_limit, (SELECT count(*) FILTER (WHERE pool_shown) FROM globals) AS pool_n),
    -- A shown rater's place in the list (by shrunk effect, most lenient first): with a budget, only the places
    -- the list can draw — the first and the last \`max_rows\` — found by two top-n, not a sort of every rater.
    ranked AS (${ranks === null
      ? `SELECT rater_id, row_number() OVER (ORDER BY s_rel * s_effect DESC, rater_id) AS rn FROM s WHERE sn > 0`
      : `SELECT rater_id, row_number() OVER (ORDER BY s_rel * s_effect DESC, rater_id) AS rn
           FROM (SELECT rater_id, s_rel, s_effect FROM s WHERE sn > 0 ORDER BY s_rel * s_effect DESC, rater_id LIMIT ?)
         UNION
         SELECT rater_id, (SELECT shown_n FROM globals) + 1 - row_number() OVER (ORDER BY s_rel * s_effect ASC NULLS FIRST, rater_id DESC)
           FROM (SELECT rater_id, s_rel, s_effect FROM s WHERE sn > 0 ORDER BY s_rel * s_effect ASC NULLS FIRST, rater_id DESC LIMIT ?)`}),
    drawn AS (
      SELECT s.rater_id, FALSE AS is_pool, ranked.rn, s.sn AS n, s.s_mean AS mean, CASE WHEN s.sn >= 2 THEN sqrt(s.s_ss / (s.sn - 1)) END AS sd,
             s.s_effect AS effect, s.s_shrunk AS shrunk, s.s_shrunk - ${z} * s.s_psd AS ci_low, s.s_shrunk + ${z} * s.s_psd AS ci_high,
             s.lenient, s.severe, s.central, s.halo, s.too_few ${idx.map((i) => `, s.a${i} AS c${i}`).join('')}
        FROM s JOIN ranked ON ranked.rater_id IS NOT DISTINCT FROM s.rater_id, budget b
       WHERE s.sn > 0 AND ((b.max_rows IS NULL AND (b.list_limit IS NULL OR s.shown_n + b.pool_n <= b.list_limit)) OR s.shown_n + b.pool_n <= b.max_rows
          OR ranked.rn <= ceil(greatest(0, b.max_rows - b.pool_n) / 2)
          OR ranked.rn > s.shown_n - (greatest(0, b.max_rows - b.pool_n) - ceil(greatest(0, b.max_rows - b.pool_n) / 2)))
      UNION ALL
      SELECT NULL, TRUE, 0, pn, pm, CASE WHEN pn >= 2 THEN sqrt(greatest(0, pq - pm * pm * pn) / (pn - 1)) END, pm - org_mean,
             NULL, NULL, NULL, FALSE, FALSE, FALSE, FALSE, FALSE ${idx.map((i) => `, p${i}`).join('')}
        FROM (SELECT *, ${sum((i) => `p${i}`)} AS pn, (${sum((i) => `${vi(i)} * p${i}`)}) / (${sum((i) => `p${i}`)}) AS pm,
                     ${sum((i) => `${vi(i)} * ${vi(i)} * p${i}`)} AS pq
                FROM (SELECT * FROM s LIMIT 1) CROSS JOIN vals) WHERE pn > 0)
    SELECT summary.*, globals.*, d.*, rp.name AS rater_name
      FROM summary LEFT JOIN globals ON TRUE LEFT JOIN drawn d ON TRUE
      -- The drawn raters' names: people read for those few, not hashed whole (a million rows at 1M people).
      LEFT JOIN (SELECT person_id, name FROM people WHERE person_id IN (SELECT rater_id FROM drawn)) rp ON rp.person_id = d.rater_id
     ORDER BY d.is_pool, d.rn`;
  const params: SqlParam[] = [
    ...plan.cte.params,
    ...summary.params,
    ...values,
    ...slice.params, ...where.params,
    ...(halo ? [cycle, stage, ...haloWhere.params] : []),
    minN,
    zCut(fdr), fdr, minN,
    fdr, fdr, fdr, fdr,
    minEffect, minEffect, ratio,
    max, limit,
    ...(ranks === null ? [] : [ranks, ranks]),
  ];
  const rows = await queryRows<Record<string, unknown>>(connector, sql, params);
  const first = rows[0] ?? {};
  const num = (r: Record<string, unknown>, key: string): number | null => (r[key] === null || r[key] === undefined ? null : Number(r[key]));
  const flagged = (key: 'lenient' | 'severe' | 'central' | 'halo') => ({ raters: num(first, `f_${key}`) ?? 0, mean_shrunk_effect: num(first, `m_${key}`) });
  const kwH = num(first, 'kw_h');
  const orgRaters = num(first, 'org_raters') ?? 0;
  return {
    summary: plan.summary ?? parseSummary(first),
    org: {
      n: num(first, 'org_n') ?? 0,
      mean: num(first, 'org_mean'),
      sd: num(first, 'org_sd'),
      counts: values.map((_, i) => num(first, `o${i}`) ?? 0),
      raters: orgRaters,
    },
    anova: first.anova_ok === true
      ? { within: num(first, 'var_within')!, between: num(first, 'var_between')!, icc1: num(first, 'icc1')! }
      : null,
    kruskal_wallis: kwH === null ? null : { h: kwH, df: orgRaters - 1 },
    shown_raters: num(first, 'shown_n') ?? 0,
    pool_shown: first.pool_shown === true,
    pooled_raters: num(first, 'pooled_raters') ?? 0,
    flagged: { lenient: flagged('lenient'), severe: flagged('severe'), central: flagged('central'), halo: flagged('halo') },
    rows: rows
      .filter((r) => r.is_pool !== null && r.is_pool !== undefined)
      .map((r) => ({
        rater_id: r.is_pool === true ? null : (r.rater_id as string),
        rater_name: (r.rater_name as string | null) ?? null,
        is_pool: r.is_pool === true,
        n: Number(r.n),
        mean: num(r, 'mean'),
        sd: num(r, 'sd'),
        effect: num(r, 'effect'),
        shrunk_effect: num(r, 'shrunk'),
        ci_low: num(r, 'ci_low'),
        ci_high: num(r, 'ci_high'),
        lenient: r.lenient === true,
        severe: r.severe === true,
        central: r.central === true,
        halo: r.halo === true,
        too_few: r.too_few === true,
        counts: values.map((_, i) => num(r, `c${i}`) ?? 0),
      })),
  };
}
