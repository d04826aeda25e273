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
import { Z_95 } from '../stats/chi-square.js';
import type { FlagOptions } from '../stats/flags.js';
import type { SqlParam } from '../sql.js';
import { haloTable, ratingCounts, withBlocks } from './aggregates.js';
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

/** A code constant as SQL (never a value from data or options: those are parameters). */
const lit = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`not a finite constant: ${x}`);
  return `${x.toPrecision(17)}::DOUBLE`;
};

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

/** SQL for Φ(−t), the standard normal upper tail at t ≥ 0; `t` must be a column or a plain expression. */
export function normalUpperTailSql(t: string): string {
  const t2 = `(${t} * ${t})`;
  const small = horner(t2, A, B, 3);
  const mid = horner(t, C, D, 7);
  const inv = `(1 / ${t2})`;
  const far = horner(inv, P, Q, 4);
  return `(CASE WHEN ${t} <= 0.67448975
      THEN 0.5 - ${t} * (${small.num} + ${lit(A[3]!)}) / (${small.den} + ${lit(B[3]!)})
    WHEN ${t} <= sqrt(32)
      THEN ${halfGauss(t)} * (${mid.num} + ${lit(C[7]!)}) / (${mid.den} + ${lit(D[7]!)})
    ELSE ${halfGauss(t)} * (${lit(M_1_SQRT_2PI)} - ${inv} * (${far.num} + ${lit(P[4]!)}) / (${far.den} + ${lit(Q[4]!)})) / ${t} END)`;
}

/**
 * SQL for P(X ≤ x), X ~ χ²(df), for a whole number df ≥ 1 (`x`, `df` columns): with y = x/2,
 * 1 − e^(−y)·Σ_{k<df/2} y^k/k! for even df; erf(√y) − e^(−y)·Σ_{k<(df−1)/2} y^(k+½)/Γ(k+3/2) for odd df.
 */
export function chiSquareLowerSql(x: string, df: string): string {
  const h = `(${df} % 2) * 0.5`;
  const terms = `COALESCE(list_sum(list_transform(range(0, floor(${df} / 2)::BIGINT),
      lambda k: exp((k + ${h}) * ln(${x} / 2) - lgamma(k + 1 + ${h}) - ${x} / 2))), 0)`;
  return `(CASE WHEN ${x} <= 0 THEN 0
    ELSE greatest(0, 1 - CASE WHEN ${df} % 2 = 1 THEN 2 * ${normalUpperTailSql(`sqrt(${x})`)} ELSE 0 END - ${terms}) END)`;
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
  options: { halo?: boolean; flags?: FlagOptions; maxRaters?: number | null } = {},
): Promise<RaterStatistics> {
  const counts = await withBlocks(connector, await ratingCounts(connector), plan.k);
  const halo = options.halo ? await haloTable(connector) : null;
  const where = filterConditions(plan.filter, 'c');
  const haloWhere = filterConditions(plan.filter, 'h');
  const summary = summaryCte(plan, cycle);
  const flags = options.flags ?? {};
  const minN = flags.minN ?? 5;
  const minEffect = flags.minEffect ?? 0.25;
  const ratio = flags.centralRatio ?? 0.6;
  const fdr = flags.fdr ?? 0.05;
  const max = options.maxRaters === undefined || options.maxRaters === null ? null : Math.max(0, Math.floor(options.maxRaters));
  const z = lit(Z_95);
  const pivot = (prefix: string) => values.map((_, i) => `COALESCE(sum(n) FILTER (WHERE v = ?), 0)::DOUBLE AS ${prefix}${i}`).join(', ');
  const pivotParams: SqlParam[] = [...values];
  const shrink = (n: string, effect: string) => ({
    se2: `(v.sigma2 / ${n})`,
    rel: `(CASE WHEN v.tau2 > 0 THEN v.tau2 / (v.tau2 + v.sigma2 / ${n}) ELSE 0 END)`,
    effect,
  });
  const sOwn = shrink('s.n', 's.mean - v.org_mean');
  const jOwn = shrink('g.n', 'g.mean - v.org_mean');
  const haloCte = halo
    ? `halo AS (
         SELECT h.rater_id, sum(h.ratees)::DOUBLE AS ratees, sum(h.sum_variance) / sum(h.ratees) AS wv
           FROM ${halo} h ${passingJoin(plan, 'h')}
          WHERE h.cycle_id IS NOT DISTINCT FROM ? AND h.stage = ? ${haloWhere.sql.map((c) => `AND ${c}`).join(' ')}
          GROUP BY h.rater_id),
       halo_in AS (SELECT h.* FROM halo h SEMI JOIN grp g ON g.rater_id = h.rater_id),
       halo_org AS (SELECT CASE WHEN COALESCE(sum(ratees), 0) = 0 THEN 0 ELSE sum(ratees * wv) / sum(ratees) END AS org FROM halo_in),
       halo_flag AS (SELECT h.rater_id, (h.ratees >= 5 AND o.org > 0 AND h.ratees > 0 AND sqrt(h.wv / o.org) < 0.5) AS halo FROM halo_in h, halo_org o)`
    : `halo_flag AS (SELECT NULL::VARCHAR AS rater_id, FALSE AS halo WHERE FALSE)`;
  const sql = `WITH ${plan.cte.sql}, ${summary.sql},
    cells AS (
      SELECT c.rater_id, c.kind = 'pool' AS pooled, c.rating::DOUBLE AS v, sum(c.n)::DOUBLE AS n
        FROM ${counts} c JOIN plan ON plan.block = c.block AND plan.ok
       WHERE c.cycle_id IS NOT DISTINCT FROM ? AND c.stage = ? AND c.dimension IS NOT DISTINCT FROM ? ${where.sql.map((s) => `AND ${s}`).join(' ')}
       GROUP BY ALL HAVING sum(c.n) > 0),
    rv AS (SELECT rater_id, v, sum(n) AS n FROM cells GROUP BY ALL),
    grp_mean AS (SELECT rater_id, sum(n) AS n, sum(n * v) / sum(n) AS mean FROM rv GROUP BY ALL),
    grp AS (SELECT g.rater_id, any_value(g.n) AS n, any_value(g.mean) AS mean, sum(r.n * pow(r.v - g.mean, 2)) AS ss
              FROM grp_mean g JOIN rv r ON r.rater_id = g.rater_id GROUP BY g.rater_id),
    orgv AS (SELECT v, sum(n) AS n FROM cells GROUP BY v),
    org AS (SELECT o.n, o.mean, (SELECT sum(x.n * pow(x.v - o.mean, 2)) FROM orgv x) AS ss
              FROM (SELECT sum(n) AS n, sum(n * v) / sum(n) AS mean FROM orgv) o),
    a1 AS (SELECT count(*) AS k, sum(n) AS nn, sum(n * mean) / sum(n) AS grand, sum(ss) AS ssw, sum(n * n) AS n2 FROM grp),
    anova AS (
      SELECT a1.k, (a1.k >= 2 AND a1.nn - a1.k >= 1) AS ok,
             CASE WHEN a1.k >= 2 THEN (SELECT sum(g.n * pow(g.mean - a1.grand, 2)) FROM grp g) / (a1.k - 1) END AS msb,
             CASE WHEN a1.nn - a1.k >= 1 THEN a1.ssw / (a1.nn - a1.k) END AS msw,
             CASE WHEN a1.k >= 2 THEN (a1.nn - a1.n2 / a1.nn) / (a1.k - 1) END AS n0
        FROM a1),
    v AS (
      SELECT CASE WHEN anova.ok THEN anova.msw WHEN org.n >= 2 THEN org.ss / (org.n - 1) ELSE 0 END AS sigma2,
             CASE WHEN anova.ok THEN greatest(0, (anova.msb - anova.msw) / anova.n0) ELSE 0 END AS tau2,
             CASE WHEN anova.ok THEN CASE WHEN anova.msb + (anova.n0 - 1) * anova.msw = 0 THEN 0
                  ELSE (anova.msb - anova.msw) / (anova.msb + (anova.n0 - 1) * anova.msw) END END AS icc1,
             anova.ok AS anova_ok, anova.k, org.n AS org_n, COALESCE(org.mean, 0) AS org_mean, org.mean AS org_mean_or_null, org.ss AS org_ss
        FROM anova, org),
    judged AS (
      SELECT g.rater_id, g.n, g.ss, v.sigma2, ${jOwn.effect} AS effect, ${jOwn.rel} AS rel, ${jOwn.se2} AS se2,
             CASE WHEN g.n >= 2 THEN sqrt(g.ss / (g.n - 1)) END AS sd,
             CASE WHEN ${jOwn.se2} > 0 THEN abs(${jOwn.effect}) / sqrt(${jOwn.se2}) END AS z,
             CASE WHEN v.sigma2 > 0 THEN g.ss / v.sigma2 END AS xc
        FROM grp g, v),
    tested AS (
      SELECT *, rel * effect AS shrunk, sqrt(rel * se2) AS psd,
             CASE WHEN se2 > 0 THEN 2 * ${normalUpperTailSql('z')} WHEN effect = 0 THEN 1 ELSE 0 END AS p_effect,
             CASE WHEN sd IS NULL OR sigma2 <= 0 OR n < 2 THEN 1 ELSE ${chiSquareLowerSql('xc', '(n - 1)')} END AS p_central
        FROM judged),
    ranked_p AS (
      SELECT rater_id, p_effect, p_central, count(*) OVER () AS m,
             row_number() OVER (ORDER BY p_effect) AS re, row_number() OVER (ORDER BY p_central) AS rc
        FROM tested WHERE n >= ?),
    bh AS (
      SELECT rater_id,
             least(1, min(p_effect * m / re) OVER (ORDER BY re DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS q_effect,
             least(1, min(p_central * m / rc) OVER (ORDER BY rc DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS q_central
        FROM ranked_p),
    ${haloCte},
    flagged AS (
      SELECT t.rater_id, t.n < ? AS too_few,
             COALESCE(t.n >= ? AND b.q_effect <= ? AND t.shrunk - ${z} * t.psd > 0 AND t.shrunk >= ?, FALSE) AS lenient,
             COALESCE(t.n >= ? AND b.q_effect <= ? AND t.shrunk + ${z} * t.psd < 0 AND t.shrunk <= -1 * ?, FALSE) AS severe,
             COALESCE(t.n >= ? AND b.q_central <= ? AND t.sd IS NOT NULL AND t.sd < ? * sqrt(t.sigma2), FALSE) AS central,
             COALESCE(t.n >= ? AND hf.halo, FALSE) AS halo
        FROM tested t LEFT JOIN bh b ON b.rater_id = t.rater_id LEFT JOIN halo_flag hf ON hf.rater_id = t.rater_id),
    sv AS (SELECT rater_id, v, n FROM cells WHERE NOT pooled),
    shown_mean AS (SELECT rater_id, sum(n) AS n, sum(n * v) / sum(n) AS mean FROM sv GROUP BY ALL),
    shown AS (SELECT s.rater_id, any_value(s.n) AS n, any_value(s.mean) AS mean, sum(x.n * pow(x.v - s.mean, 2)) AS ss
                FROM shown_mean s JOIN sv x ON x.rater_id = s.rater_id GROUP BY s.rater_id),
    pv AS (SELECT v, sum(n) AS n FROM cells WHERE pooled GROUP BY v),
    pool AS (SELECT p.n, p.mean, (SELECT sum(x.n * pow(x.v - p.mean, 2)) FROM pv x) AS ss
               FROM (SELECT sum(n) AS n, sum(n * v) / sum(n) AS mean FROM pv) p WHERE p.n > 0),
    rows_all AS (
      SELECT s.rater_id, FALSE AS is_pool, s.n, s.mean, s.ss, ${sOwn.effect} AS effect,
             ${sOwn.rel} * (${sOwn.effect}) AS shrunk, sqrt(${sOwn.rel} * ${sOwn.se2}) AS psd,
             f.lenient, f.severe, f.central, f.halo, f.too_few
        FROM shown s CROSS JOIN v LEFT JOIN flagged f ON f.rater_id = s.rater_id
      UNION ALL
      SELECT NULL, TRUE, p.n, p.mean, p.ss, p.mean - v.org_mean, NULL, NULL, FALSE, FALSE, FALSE, FALSE, FALSE
        FROM pool p CROSS JOIN v),
    listed AS (
      SELECT *, row_number() OVER (PARTITION BY is_pool ORDER BY shrunk DESC, rater_id) AS rn,
             count(*) FILTER (WHERE NOT is_pool) OVER () AS shown_n, count(*) FILTER (WHERE is_pool) OVER () AS pool_n
        FROM rows_all),
    budget AS (SELECT CAST(? AS INTEGER) AS max_rows),
    drawn AS (
      SELECT l.* FROM listed l, budget b
       WHERE b.max_rows IS NULL OR l.shown_n + l.pool_n <= b.max_rows OR l.is_pool
          OR l.rn <= ceil(greatest(0, b.max_rows - l.pool_n) / 2)
          OR l.rn > l.shown_n - (greatest(0, b.max_rows - l.pool_n) - ceil(greatest(0, b.max_rows - l.pool_n) / 2))),
    drawn_counts AS (
      SELECT CASE WHEN pooled THEN NULL ELSE rater_id END AS rater_id, pooled${values.length ? `, ${pivot('c')}` : ''}
        FROM cells GROUP BY ALL),
    kw_mid AS (SELECT v, COALESCE(sum(n) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) + (n + 1) / 2 AS midrank FROM orgv),
    kw AS (
      SELECT (SELECT sum(pow(n, 3) - n) FROM orgv) AS ties, (SELECT sum(n) FROM orgv) AS nn,
             (SELECT sum(pow(x.rank_sum, 2) / g.n)
                FROM (SELECT r.rater_id, sum(r.n * m.midrank) AS rank_sum FROM rv r JOIN kw_mid m ON m.v = r.v GROUP BY r.rater_id) x
                JOIN grp g ON g.rater_id = x.rater_id) AS term),
    stats AS (
      SELECT v.org_n, v.org_mean_or_null AS org_mean, CASE WHEN v.org_n >= 2 THEN sqrt(v.org_ss / (v.org_n - 1)) END AS org_sd,
             v.k AS org_raters, v.anova_ok, v.sigma2 AS var_within, v.tau2 AS var_between, v.icc1,
             CASE WHEN v.k < 2 THEN NULL WHEN 1 - kw.ties / (pow(kw.nn, 3) - kw.nn) <= 0 THEN 0
                  ELSE ((12 / (kw.nn * (kw.nn + 1))) * kw.term - 3 * (kw.nn + 1)) / (1 - kw.ties / (pow(kw.nn, 3) - kw.nn)) END AS kw_h,
             (SELECT count(DISTINCT rater_id) FROM cells WHERE pooled) AS pooled_raters,
             (SELECT count(*) FROM rows_all WHERE NOT is_pool) AS shown_n,
             (SELECT count(*) FROM rows_all WHERE is_pool) AS pool_n,
             f.*, o.*
        FROM v, kw,
             (SELECT count(*) FILTER (WHERE lenient) AS f_lenient, avg(shrunk) FILTER (WHERE lenient) AS m_lenient,
                     count(*) FILTER (WHERE severe) AS f_severe, avg(shrunk) FILTER (WHERE severe) AS m_severe,
                     count(*) FILTER (WHERE central) AS f_central, avg(shrunk) FILTER (WHERE central) AS m_central,
                     count(*) FILTER (WHERE halo) AS f_halo, avg(shrunk) FILTER (WHERE halo) AS m_halo
                FROM rows_all WHERE NOT is_pool) f,
             (SELECT ${values.length ? pivot('o') : '0 AS o_none'} FROM orgv) o)
    SELECT summary.*, stats.*, d.rater_id, rp.name AS rater_name, d.is_pool, d.n, d.mean,
           CASE WHEN d.n >= 2 THEN sqrt(d.ss / (d.n - 1)) END AS sd, d.effect, d.shrunk,
           d.shrunk - ${z} * d.psd AS ci_low, d.shrunk + ${z} * d.psd AS ci_high,
           d.lenient, d.severe, d.central, d.halo, d.too_few${values.length ? `, ${values.map((_, i) => `dc.c${i}`).join(', ')}` : ''}
      FROM summary CROSS JOIN stats
      LEFT JOIN drawn d ON TRUE
      LEFT JOIN drawn_counts dc ON dc.pooled = d.is_pool AND dc.rater_id IS NOT DISTINCT FROM d.rater_id
      LEFT JOIN people rp ON rp.person_id = d.rater_id
     ORDER BY d.is_pool, d.rn`;
  const params: SqlParam[] = [
    ...plan.cte.params,
    ...summary.params,
    cycle, stage, dimension, ...where.params,
    minN,
    ...(halo ? [cycle, stage, ...haloWhere.params] : []),
    minN, minN, fdr, minEffect, minN, fdr, minEffect, minN, fdr, ratio, minN,
    max,
    ...pivotParams,
    ...pivotParams,
  ];
  const rows = await queryRows<Record<string, unknown>>(connector, sql, params);
  const first = rows[0] ?? {};
  const num = (r: Record<string, unknown>, key: string): number | null => (r[key] === null || r[key] === undefined ? null : Number(r[key]));
  const flagged = (key: 'lenient' | 'severe' | 'central' | 'halo') => ({ raters: num(first, `f_${key}`) ?? 0, mean_shrunk_effect: num(first, `m_${key}`) });
  const kwH = num(first, 'kw_h');
  const orgRaters = num(first, 'org_raters') ?? 0;
  return {
    summary: parseSummary(first),
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
    pool_shown: (num(first, 'pool_n') ?? 0) > 0,
    pooled_raters: num(first, 'pooled_raters') ?? 0,
    flagged: { lenient: flagged('lenient'), severe: flagged('severe'), central: flagged('central'), halo: flagged('halo') },
    rows: rows
      .filter((r) => r.is_pool !== null && r.is_pool !== undefined)
      .map((r) => ({
        rater_id: (r.rater_id as string | null) ?? null,
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
