// A session's exports limited to a caller's people in the database (what `plumb serve` hands a
// facilitator), on a real DuckDB, over the session of change-impact.test.ts. Expected by hand from that
// log: A1 4 → 5 (the data had a calibrated 4), A2–A6 3 → 4, A7 3 → 2; C8's 3 → 5 was undone, so it is no
// change although its undo names nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { calibratedRatingRows, sessionChanges } from '../../src/index.js';
import { IMPACT_SESSION, loadImpactSession } from './impact-fixture.js';

describe('session exports limited to a scope, in SQL', () => {
  const db = new NodeConnector();
  beforeAll(() => loadImpactSession(db));
  afterAll(() => db.close());

  it('the change set holds the scope’s changes in force, an undone one left out', async () => {
    const scope = [...Array.from({ length: 12 }, (_, i) => `A${i + 1}`), 'C8'];
    const rows = await sessionChanges(db, { cycle: 'c1', session_id: IMPACT_SESSION, employees: scope });
    expect(rows.map((r) => [r.employee_id, r.before, r.after])).toEqual([
      ['A1', 4, 5], ['A2', 3, 4], ['A3', 3, 4], ['A4', 3, 4], ['A5', 3, 4], ['A6', 3, 4], ['A7', 3, 2],
    ]);
    const all = await sessionChanges(db, { cycle: 'c1', session_id: IMPACT_SESSION });
    expect(rows).toEqual(all.filter((r) => scope.includes(r.employee_id)));
    expect(all.length).toBeGreaterThan(rows.length);
    expect(await sessionChanges(db, { cycle: 'c1', session_id: IMPACT_SESSION, employees: [] })).toEqual([]);
  });

  it('the calibrated ratings hold the scope’s people only, with the session’s calibrated stage', async () => {
    const rows = await calibratedRatingRows(db, { employees: ['A1', 'B10'] });
    expect(rows.map((r) => [r.employee_id, r.stage, r.dimension, r.rating])).toEqual([
      ['A1', 'calibrated', 'overall', 5], ['A1', 'calibrated', 'potential', 3], ['A1', 'manager', 'overall', 3], ['A1', 'manager', 'potential', 3],
      ['B10', 'calibrated', 'overall', 2], ['B10', 'calibrated', 'potential', 3], ['B10', 'manager', 'overall', 3], ['B10', 'manager', 'potential', 3],
    ]);
    const all = await calibratedRatingRows(db);
    expect(rows).toEqual(all.filter((r) => r.employee_id === 'A1' || r.employee_id === 'B10'));
  });
});
