import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { calibrationReport, createSchema, insertRows, POOLED_RATER_ID, type PersonRow, type RatingRow } from '../../src/index.js';

/**
 * Department A, level L1: rater ra1 with 10 people, rater tiny with 3.
 * Department B, level L1: rb1 with 6, rb2 with 20. Every cell has ≥ 5 people,
 * yet the 3-person team must never be recoverable by comparing two views.
 */
const TEAMS = [
  { rater: 'ra1', department: 'A', size: 10, rating: 3 },
  { rater: 'tiny', department: 'A', size: 3, rating: 5 },
  { rater: 'rb1', department: 'B', size: 6, rating: 2 },
  { rater: 'rb2', department: 'B', size: 20, rating: 3 },
];

const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, c) => s + c, 0);

describe('min-group privacy across filter combinations', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
    await createSchema(db);
    const people: PersonRow[] = [];
    const ratings: RatingRow[] = [];
    for (const t of TEAMS) {
      for (let i = 0; i < t.size; i++) {
        const id = `${t.rater}-${i}`;
        people.push({ person_id: id, name: id, email: null, manager_id: t.rater, team_id: `t-${t.rater}`, department: t.department, location: 'HQ', level: 'L1', hire_date: null });
        ratings.push({ cycle_id: 'c1', employee_id: id, rater_id: t.rater, stage: 'manager', dimension: 'overall', rating: t.rating, rated_at: null, reason: null });
      }
    }
    await insertRows(db, 'people', people);
    await insertRows(db, 'ratings', ratings);
  });
  afterAll(() => db.close());

  it('a pool in one view minus a rater shown alone in another never reveals a small team', async () => {
    const all = await calibrationReport(db, { minGroup: 5 });
    const deptA = await calibrationReport(db, { minGroup: 5, department: 'A' });
    expect(all.privacy.suppressed).toBe(false);
    expect(deptA.privacy.suppressed).toBe(false);
    // The attack: take any shown row of one view and subtract any shown row of
    // the other; where every rating count stays ≥ 0 the rows may be nested
    // groups, and the remainder would be a group of people of its own.
    for (const [x, y] of [[deptA, all], [all, deptA]] as const) {
      for (const a of x.raters) {
        for (const b of y.raters) {
          const diff = Object.keys(a.counts).map((v) => a.counts[v]! - (b.counts[v] ?? 0));
          if (diff.some((d) => d < 0)) continue;
          const n = diff.reduce((s, d) => s + d, 0);
          expect(n === 0 || n >= 5, `${a.rater_id} − ${b.rater_id} leaves ${n} people: ${diff.join(',')}`).toBe(true);
        }
      }
    }
    // The 3-person team never appears on its own, and the pool is never under 5.
    for (const r of [all, deptA]) {
      expect(r.raters.some((x) => x.rater_id === 'tiny')).toBe(false);
      const pool = r.raters.find((x) => x.rater_id === POOLED_RATER_ID);
      if (pool) expect(total(pool.counts)).toBeGreaterThanOrEqual(5);
    }
  });
});
