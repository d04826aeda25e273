import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { calibrationReport, POOLED_RATER_ID, pseudonymize, type RatingRow } from '../../src/index.js';
import { sliceColumn, sliceCondition } from '../../src/calibration/aggregates.js';
import { queryRows } from '../../src/connector.js';
import { loadFixture, TEAMS } from './fixture.js';

describe('calibrationReport on a real DuckDB', () => {
  const db = new NodeConnector();
  let ratings: RatingRow[] = [];
  beforeAll(async () => {
    ({ ratings } = await loadFixture(db));
  });
  afterAll(() => db.close());

  const managerRatings = () => ratings.filter((r) => r.stage === 'manager' && r.dimension === 'overall');

  it('describes every rater and the organisation, and flags the lenient, severe and central managers', async () => {
    const r = await calibrationReport(db, { minGroup: 5 });
    expect(r.filter).toMatchObject({ cycle: '2026-H1', stage: 'manager', dimension: 'overall' });
    // The Ops cell (2 people) is left out of every figure.
    const shownPeople = managerRatings().filter((x) => !x.employee_id.startsWith('m-ops'));
    expect(r.org.n).toBe(shownPeople.length);
    expect(r.org.mean).toBeCloseTo(shownPeople.reduce((s, x) => s + x.rating, 0) / shownPeople.length, 10);
    expect(r.privacy).toMatchObject({ min_group: 5, excluded_people: 2, pooled_raters: 2, suppressed: false });

    const byId = new Map(r.raters.map((x) => [x.rater_id, x]));
    expect(byId.get('m-lenient')!.flags).toContain('lenient');
    expect(byId.get('m-severe')!.flags).toContain('severe');
    expect(byId.get('m-central')!.flags).toContain('central');
    // The team of 3 is never shown alone: it is pooled, topped up to ≥ 5 with the smallest visible team.
    expect(byId.has('m-tiny')).toBe(false);
    const balanced = ['m-a', 'm-b', 'm-c'].filter((id) => byId.has(id));
    expect(balanced).toHaveLength(2);
    for (const id of balanced) expect(byId.get(id)!.flags).toEqual([]);
    const pooled = byId.get(POOLED_RATER_ID)!;
    expect(pooled.n).toBeGreaterThanOrEqual(5);
    expect(pooled.flags).toEqual(['pooled']);
    // Sorted by shrunk effect, most lenient first; the pool has no shrunk effect and comes last.
    expect(r.raters[0]!.rater_id).toBe('m-lenient');
    expect(r.raters.at(-1)!.rater_id).toBe(POOLED_RATER_ID);
    // What is shown adds up to the total: total − visible reveals nobody.
    expect(r.raters.reduce((s, x) => s + x.n, 0)).toBe(r.org.n);

    const lenient = byId.get('m-lenient')!;
    const mine = managerRatings().filter((x) => x.rater_id === 'm-lenient').map((x) => x.rating);
    expect(lenient.n).toBe(30);
    expect(lenient.mean).toBeCloseTo(mine.reduce((s, x) => s + x, 0) / 30, 10);
    expect(Object.values(lenient.counts).reduce((s, x) => s + x, 0)).toBe(30);
    expect(lenient.shrunk_effect!).toBeLessThan(lenient.effect!);
    expect(lenient.ci_low!).toBeGreaterThan(0);

    expect(r.kruskal_wallis!.df).toBe(r.org.raters - 1);
    expect(r.kruskal_wallis!.p).toBeLessThan(1e-6);
    expect(r.icc1!).toBeGreaterThan(0.2);
    expect(r.guideline_chi_square).toMatchObject({ df: 4, valid: true });
    // A 30-person team against 5 % shares expects 1.5 people at the ends: not testable, and said so.
    expect(lenient.guideline_fit!.valid).toBe(false);
    expect(lenient.guideline_fit!.reason).toMatch(/below 5/);
  });

  it('picks a count table\'s slice by its hash exactly as by its columns, slices without a cycle or dimension included', async () => {
    const values = `(VALUES ('c1', 'manager', 'overall', 1), ('c1', 'manager', NULL, 2), (NULL, 'manager', 'overall', 4), (NULL, 'final', NULL, 8),
                            ('c1', 'final', 'overall', 16), ('c2', 'manager', 'overall', 32))`;
    await db.query(`CREATE OR REPLACE TEMP TABLE slice_check AS
      SELECT *, ${sliceColumn(['cycle_id', 'stage', 'dimension'])} FROM ${values} t(cycle_id, stage, dimension, n)`);
    for (const slice of [
      { cycle: 'c1', stage: 'manager', dimension: 'overall' }, { cycle: 'c1', stage: 'manager', dimension: null },
      { cycle: null, stage: 'manager', dimension: 'overall' }, { cycle: null, stage: 'final', dimension: null }, { cycle: 'c3', stage: 'manager', dimension: null },
    ]) {
      const [byHash, byColumns] = await Promise.all([true, false].map(async (exact) => {
        const { sql, params } = sliceCondition('c', slice, exact);
        return (await queryRows<{ n: number }>(db, `SELECT sum(n)::INTEGER AS n FROM slice_check c WHERE ${sql}`, params))[0]!.n;
      }));
      expect(byHash).toBe(byColumns);
    }
    const { sql, params } = sliceCondition('c', { cycle: null, stage: 'manager', dimension: 'overall' }, true);
    expect((await queryRows<{ n: number }>(db, `SELECT sum(n)::INTEGER AS n FROM slice_check c WHERE ${sql}`, params))[0]!.n).toBe(4);
  });

  it('reports calibration moves as a transition matrix with who moved up and down', async () => {
    const r = await calibrationReport(db, { minGroup: 5, changesByRater: true, impactAttribute: 'group' });
    const c = r.changes!;
    expect(c).toMatchObject({ before_stage: 'manager', after_stage: 'calibrated' });
    // The fixture calibrates every rating one step toward 3 (never two), the Ops cell excluded.
    const moved = managerRatings().filter((x) => !x.employee_id.startsWith('m-ops'));
    expect(c.n).toBe(moved.length);
    expect(c.down).toBe(moved.filter((x) => x.rating > 3).length);
    expect(c.up).toBe(moved.filter((x) => x.rating < 3).length);
    expect(c.big_moves).toBe(0);
    expect(c.matrix[4]![3]).toBe(moved.filter((x) => x.rating === 5).length);
    const lenient = c.by_rater!.find((x) => x.rater_id === 'm-lenient')!;
    expect(lenient.down).toBe(managerRatings().filter((x) => x.rater_id === 'm-lenient' && x.rating > 3).length);
    expect(c.adverse_impact!.top_rating.map((g) => g.group)).toEqual(['X', 'Y']);
  });

  it('filters by department and level, and a view never differs from a broader one by 1–4 people', async () => {
    const views = [{}, { department: 'Sales' }, { department: 'Eng' }, { level: 'L1' }, { level: 'L2' },
      { department: 'Eng', level: 'L1' }, { department: 'Sales', level: 'L2' }, { department: 'Ops' }, { level: 'L9' }];
    const sizes = new Map<string, number>();
    for (const v of views) {
      const r = await calibrationReport(db, { minGroup: 5, halo: false, ...v });
      sizes.set(JSON.stringify(v), r.org.n);
      if (r.org.n > 0) expect(r.raters.reduce((s, x) => s + x.n, 0)).toBe(r.org.n);
      for (const x of r.raters) expect(x.n).toBeGreaterThanOrEqual(5);
    }
    expect(sizes.get('{"department":"Ops"}')).toBe(0);
    expect(sizes.get('{"level":"L9"}')).toBe(0);
    expect(sizes.get('{"department":"Sales"}')).toBe(85);
    // Any subtraction of two views (narrower from broader) gives 0 or at least 5 people.
    const pairs: [object, object][] = [
      [{}, { department: 'Sales' }], [{}, { level: 'L1' }], [{ department: 'Eng' }, { department: 'Eng', level: 'L1' }],
      [{ level: 'L2' }, { department: 'Sales', level: 'L2' }],
    ];
    for (const [broad, narrow] of pairs) {
      const diff = sizes.get(JSON.stringify(broad))! - sizes.get(JSON.stringify(narrow))!;
      expect(diff === 0 || diff >= 5).toBe(true);
    }
  });

  it('shows raters and people as stable pseudonyms when anonymized, with no id or name left', async () => {
    const a = await calibrationReport(db, { minGroup: 5, anonymize: true, salt: 's' });
    const b = await calibrationReport(db, { minGroup: 5, anonymize: true, salt: 's', department: 'Sales' });
    const text = JSON.stringify({ raters: a.raters, changes: a.changes });
    for (const t of TEAMS) expect(text).not.toContain(t.manager);
    expect(text).not.toContain('Person ');
    const lenientName = pseudonymize(TEAMS.map((t) => t.manager), 'Manager', 's').get('m-lenient')!;
    expect(a.raters[0]!.label).toBe(lenientName);
    expect(b.raters.find((x) => x.label === lenientName)).toBeDefined();
  });

  it('withholds a view smaller than the minimum group, and says why', async () => {
    const team = await calibrationReport(db, { minGroup: 5, team_id: 't-m-tiny' });
    expect(team.privacy.suppressed).toBe(true);
    expect(team.raters).toEqual([]);
    expect(team.org.n).toBe(0);
    expect(team.privacy.message).toMatch(/Fewer than 5 people/);
    const all = await calibrationReport(db, { minGroup: 200 });
    expect(all.privacy).toMatchObject({ suppressed: true, excluded_people: 170 });
    expect(all.privacy.message).toMatch(/smaller than 200/);
  });

  it('does not let a team filter reveal the rest of a team by subtraction', async () => {
    // m-c's team has 25 people; level L1 is 13 of them, so L2 (12) is safe; the view is shown.
    const r = await calibrationReport(db, { minGroup: 5, team_id: 't-m-c', level: 'L1' });
    expect(r.privacy.suppressed).toBe(false);
    // With k = 13, team t-m-c (25) minus its L1 (13) leaves 12 ≥ 13? no: the view would expose 12 < 13.
    const strict = await calibrationReport(db, { minGroup: 13, team_id: 't-m-c', level: 'L1' });
    expect(strict.privacy.suppressed).toBe(true);
    expect(strict.privacy.message).toMatch(/single out/);
  });

  it('stays honest on empty data: no raters, no tests', async () => {
    const empty = new NodeConnector();
    const { createSchema } = await import('../../src/index.js');
    await createSchema(empty);
    const r = await calibrationReport(empty);
    expect(r.raters).toEqual([]);
    expect(r.kruskal_wallis).toBeNull();
    expect(r.org.n).toBe(0);
    await empty.close();
  });
});
