import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { bandOf, nineBoxReport, type RatingRow } from '../../src/index.js';
import { loadFixture } from './fixture.js';

describe('nine-box', () => {
  it('splits a scale into thirds', () => {
    expect([1, 2, 3, 4, 5].map((v) => bandOf(v, 1, 5))).toEqual(['low', 'low', 'mid', 'high', 'high']);
    expect([1, 2, 3].map((v) => bandOf(v, 1, 3))).toEqual(['low', 'mid', 'high']);
    expect(bandOf(4, 4, 4)).toBe('mid');
  });

  const db = new NodeConnector();
  let ratings: RatingRow[] = [];
  beforeAll(async () => {
    ({ ratings } = await loadFixture(db));
  });
  afterAll(() => db.close());

  it('counts people per box (performance × potential), hides small boxes so the total cannot reveal them', async () => {
    const r = await nineBoxReport(db, { stage: 'manager', minGroup: 5, namesPerBox: 3 });
    // Everyone outside the two-person Ops cell has both ratings.
    expect(r.n).toBe(ratings.filter((x) => x.stage === 'manager' && x.dimension === 'overall' && !x.employee_id.startsWith('m-ops')).length);
    const shown = r.cells.filter((c) => !c.suppressed);
    const hidden = r.cells.filter((c) => c.suppressed);
    const hiddenTotal = r.n - shown.reduce((s, c) => s + c.n!, 0);
    expect(hiddenTotal === 0 || hiddenTotal >= 5).toBe(true);
    expect(hidden.length).not.toBe(1);
    for (const c of shown) expect(c.n === 0 || c.n! >= 5).toBe(true);
    for (const c of shown) if (c.n! > 0) expect(c.names.length).toBeGreaterThan(0);
    for (const c of hidden) expect(c.names).toEqual([]);
    // By hand from the fixture: performance 4–5 and potential 3 is "high-high".
    const expectedHighHigh = ratings.filter((x) => x.stage === 'manager' && x.dimension === 'overall' && x.rating >= 4 && !x.employee_id.startsWith('m-ops'))
      .filter((x) => ratings.find((p) => p.employee_id === x.employee_id && p.dimension === 'potential')!.rating === 3).length;
    const hh = r.cells.find((c) => c.id === 'high-high')!;
    if (!hh.suppressed) expect(hh.n).toBe(expectedHighHigh);
  });

  it('compares with another stage and uses pseudonyms when anonymized', async () => {
    const r = await nineBoxReport(db, { stage: 'calibrated', compareStage: 'manager', anonymize: true, namesPerBox: 2 });
    expect(r.compare_n).toBe(r.n);
    const names = r.cells.flatMap((c) => c.names);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^Person [A-Z2-9]{4}/);
  });
});
