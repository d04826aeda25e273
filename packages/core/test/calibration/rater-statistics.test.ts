import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { calibrationReport, createSchema, insertRows, queryRows, type CalibrationReport } from '../../src/index.js';
import { chiSquareLowerSql, normalUpperTailSql } from '../../src/calibration/rater-statistics.js';

/** Data and expected figures from rater-statistics.expected.py (numpy/scipy, independent of Plumb). */
interface Fixture {
  people: [string, string | null, string, string, string][];
  ratings: [string, string, number, number, number, number][];
  expected: {
    org: { n: number; mean: number; sd: number; raters: number };
    icc1: number;
    variance: { within: number; between: number };
    kruskal_wallis: { h: number; df: number; p: number };
    raters: { rater_id: string; n: number; mean: number; sd: number | null; effect: number; shrunk_effect: number | null;
      ci_low: number | null; ci_high: number | null; flags: string[]; counts: Record<string, number> }[];
    normal_upper_tail: [number, number][];
    chi_square_lower: [number, number, number][];
  };
}

const fixture = JSON.parse(readFileSync(new URL('./rater-statistics.fixture.json', import.meta.url), 'utf8')) as Fixture;
const expected = fixture.expected;
const TOLERANCE = 1e-9;

/** Published data sets with published answers (cycles sort before the fixture's C1). */
const PUBLISHED: Record<string, number[][]> = {
  // R's airquality (New York, May–September 1973), Ozone by Month, the 37 missing values removed (116 days).
  'A-air': [
    [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37],
    [29, 71, 39, 23, 21, 37, 20, 12, 13],
    [135, 49, 32, 64, 40, 77, 97, 97, 85, 10, 27, 7, 48, 35, 61, 79, 63, 16, 80, 108, 20, 52, 82, 50, 64, 59],
    [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85],
    [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, 14, 18, 20],
  ],
  // R's kruskal.test documentation example (Hollander & Wolfe 1973, p. 116): normal, COPD, asbestosis.
  'A-hw': [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]],
  // Shrout & Fleiss (1979), Psychological Bulletin 86(2), Table 2: six targets rated by four judges (a target per group).
  'A-sf': [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
};

function close(actual: number | null | undefined, wanted: number | null, what: string): void {
  if (wanted === null) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - wanted), `${what}: ${actual} vs ${wanted}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(wanted)));
}

describe('rater statistics in SQL, against scipy', () => {
  const db = new NodeConnector();
  let full: CalibrationReport;
  beforeAll(async () => {
    await createSchema(db);
    await insertRows(db, 'people', fixture.people.map(([person_id, manager_id, department, team_id, level]) => ({
      person_id, name: `Person ${person_id}`, manager_id, department, team_id, level,
    })));
    const dims = ['overall', 'delivery', 'craft', 'teamwork'];
    await insertRows(db, 'ratings', fixture.ratings.flatMap(([employee_id, rater_id, ...values]) =>
      values.map((rating, i) => ({ cycle_id: 'C1', employee_id, rater_id, stage: 'manager', dimension: dims[i]!, rating }))));
    // Published examples, one cycle each, a group per rater (min-group 1: every group shown as it is).
    for (const [cycle, groups] of Object.entries(PUBLISHED)) {
      const people = groups.flatMap((g, i) => g.map((_, j) => ({ person_id: `${cycle}-${i}-${j}`, manager_id: `${cycle}-r${i}`, department: 'D' })));
      await insertRows(db, 'people', people);
      await insertRows(db, 'ratings', groups.flatMap((g, i) => g.map((rating, j) => ({
        cycle_id: cycle, employee_id: `${cycle}-${i}-${j}`, rater_id: `${cycle}-r${i}`, stage: 'manager', dimension: 'overall', rating,
      }))));
    }
    full = await calibrationReport(db, { minGroup: 5, cycle: 'C1', stage: 'manager', dimension: 'overall' });
  });
  afterAll(() => db.close());

  it('Φ(−t) (Cody) and the χ² lower tail match scipy to 1e-9 across their ranges', async () => {
    for (const [t, p] of expected.normal_upper_tail) {
      const [row] = await queryRows<{ p: number }>(db, `SELECT ${normalUpperTailSql('t')} AS p FROM (SELECT ?::DOUBLE AS t)`, [t]);
      close(row!.p, p, `Φ(−${t})`);
    }
    for (const [x, df, p] of expected.chi_square_lower) {
      const [row] = await queryRows<{ p: number }>(db, `SELECT ${chiSquareLowerSql('x', 'df')} AS p FROM (SELECT ?::DOUBLE AS x, ?::DOUBLE AS df)`, [x, df]);
      close(row!.p, p, `P(χ²(${df}) ≤ ${x})`);
    }
  });

  it('every rater, the pool and the organisation equal the independent computation (n, mean, SD, effects, intervals, flags, counts)', () => {
    expect(full.privacy).toMatchObject({ suppressed: false, pooled_raters: 3, excluded_people: 0, cut_people: 0 });
    expect(full.org.n).toBe(expected.org.n);
    expect(full.org.raters).toBe(expected.org.raters);
    close(full.org.mean, expected.org.mean, 'org mean');
    close(full.org.sd, expected.org.sd, 'org sd');
    close(full.icc1, expected.icc1, 'ICC(1)');
    close(full.variance!.within, expected.variance.within, 'σ²');
    close(full.variance!.between, expected.variance.between, 'τ²');
    expect(full.kruskal_wallis!.df).toBe(expected.kruskal_wallis.df);
    close(full.kruskal_wallis!.h, expected.kruskal_wallis.h, 'Kruskal–Wallis H');
    close(full.kruskal_wallis!.p, expected.kruskal_wallis.p, 'Kruskal–Wallis p');
    // Same rows in the same order (shrunk effect, most lenient first; the pool last).
    expect(full.raters.map((r) => r.rater_id)).toEqual(expected.raters.map((r) => r.rater_id));
    expect(full.shown_raters).toBe(expected.raters.length);
    for (const [i, want] of expected.raters.entries()) {
      const got = full.raters[i]!;
      expect(got.n, want.rater_id).toBe(want.n);
      expect(got.flags, want.rater_id).toEqual(want.flags);
      expect(got.counts, want.rater_id).toEqual(want.counts);
      for (const key of ['mean', 'sd', 'effect', 'shrunk_effect', 'ci_low', 'ci_high'] as const) close(got[key], want[key], `${want.rater_id} ${key}`);
    }
    // The data exercises every flag (and ties: the twin teams have one p-value).
    const count = (flag: string) => expected.raters.filter((r) => r.flags.includes(flag)).length;
    for (const flag of ['lenient', 'severe', 'central', 'halo', 'too_few'] as const) {
      if (flag !== 'too_few') expect(full.flagged[flag].raters, flag).toBe(count(flag));
    }
    expect(count('lenient') * count('severe') * count('central') * count('halo')).toBeGreaterThan(0);
  });

  it('reproduces published answers: R kruskal.test on airquality and Hollander & Wolfe, Shrout & Fleiss ICC(1,1)', async () => {
    const of = (cycle: string) => calibrationReport(db, { minGroup: 1, cycle, stage: 'manager', dimension: 'overall' });
    // kruskal.test(Ozone ~ Month, data = airquality): chi-squared = 29.267, df = 4, p-value = 6.901e-06 (many ties).
    const air = await of('A-air');
    expect(air.org.n).toBe(116);
    expect(air.kruskal_wallis!.h).toBeCloseTo(29.267, 3);
    expect(air.kruskal_wallis!.df).toBe(4);
    expect(air.kruskal_wallis!.p).toBeCloseTo(6.901e-6, 9);
    // chi-squared = 0.77143, df = 2, p-value = 0.68 (no ties).
    const hw = await of('A-hw');
    expect(hw.kruskal_wallis!.h).toBeCloseTo(0.77143, 5);
    expect(hw.kruskal_wallis!.p).toBeCloseTo(0.68, 2);
    // Table 3: BMS = 11.24, WMS = 6.26, ICC(1,1) = .17; τ² = (BMS − WMS)/n₀ with n₀ = 4.
    const sf = await of('A-sf');
    expect(sf.variance!.within).toBeCloseTo(6.26, 2);
    expect(sf.variance!.between * 4 + sf.variance!.within).toBeCloseTo(11.24, 2);
    expect(sf.icc1!).toBeCloseTo(0.17, 2);
  });

  it('returns only the rows drawn: the answer does not grow with the number of raters', async () => {
    const drawn = await calibrationReport(db, { minGroup: 5, stage: 'manager', dimension: 'overall', maxRaters: 7 });
    // Budget 7: the pool, the 3 most lenient, the 3 most severe — as the full list has them.
    const ranked = full.raters.filter((r) => r.rater_id !== '(pooled)');
    expect(drawn.raters).toEqual([...ranked.slice(0, 3), ...ranked.slice(-3), full.raters.at(-1)]);
    expect(drawn.shown_raters).toBe(full.shown_raters);
    // The sentences' figures are over every rater, drawn or not.
    expect(drawn.flagged).toEqual(full.flagged);
    expect(drawn.org).toEqual(full.org);
    expect(drawn.kruskal_wallis).toEqual(full.kruskal_wallis);
    // Bounded: 2 rows or 7, the rest of the answer is the same size whatever the number of raters.
    const small = await calibrationReport(db, { minGroup: 5, stage: 'manager', dimension: 'overall', maxRaters: 2 });
    expect(small.raters).toHaveLength(2);
    const size = (r: CalibrationReport) => JSON.stringify({ ...r, raters: [] }).length;
    expect(size(small)).toBe(size(drawn));
    expect(JSON.stringify(drawn).length).toBeLessThan(JSON.stringify(full).length / 4);
  });
});
