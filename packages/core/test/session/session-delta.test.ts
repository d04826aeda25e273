/**
 * The calibration pre-aggregates follow a session's changes by delta (−1 in the old cell, +1 in the
 * new) instead of being rebuilt. Property: after random sequences of changes, undos and redos, every
 * incremental table holds exactly what a full rebuild from the same log gives (a second database that
 * receives the same events through the ordinary insert, which rebuilds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { haloTable, movesTable, moversTable, nineBoxCountsTable, nineBoxPeopleTable, ratingCounts } from '../../src/calibration/aggregates.js';
import {
  appendSessionEvents,
  baseRatings,
  calibratedStage,
  calibrationReport,
  effectiveEvents,
  insertRows,
  lastRedoable,
  nineBoxReport,
  openSession,
  queryRows,
  ratingKey,
  type Connector,
  type SessionEvent,
} from '../../src/index.js';
import { loadFixture, random } from '../calibration/fixture.js';

const S = 'delta';
const CYCLE = '2026-H1';
const DIMS = { performance: 'overall', potential: 'potential' };
const COMPETENCIES = ['communication', 'delivery'];

async function load(db: Connector): Promise<string[]> {
  const { people } = await loadFixture(db);
  const ids = people.filter((p) => p.manager_id !== null).map((p) => p.person_id);
  // Competency ratings for every other person (so the halo table has ratees), from the manager.
  const rand = random(11);
  const competencies = ids.filter((_, i) => i % 2 === 0).flatMap((id) =>
    COMPETENCIES.map((dimension) => ({
      cycle_id: CYCLE, employee_id: id, rater_id: id.replace(/-e\d+$/, ''), stage: 'manager' as const, dimension, rating: 1 + Math.floor(rand() * 5), rated_at: null, reason: null,
    })),
  );
  await insertRows(db, 'ratings', competencies);
  await openSession(db, { session_id: S, cycle_id: CYCLE, scope: null, facilitator_id: 'fac', opened_at: '2026-12-06T01:00:00.000Z', closed_at: null });
  return ids;
}

/** Every incremental table of a database, by role, with its rows in one order. */
async function tables(db: Connector): Promise<Record<string, unknown[]>> {
  const counts = await ratingCounts(db, 5);
  const people = await nineBoxPeopleTable(db, DIMS);
  const box = await nineBoxCountsTable(db, DIMS, 5);
  const named: Record<string, string> = {
    counts_k5: counts,
    people,
    box_k5: box,
    moves: await movesTable(db, 'manager', 'calibrated'),
    movers: await moversTable(db, 'manager', 'calibrated'),
    halo: await haloTable(db),
  };
  const out: Record<string, unknown[]> = {};
  for (const [role, table] of Object.entries(named)) {
    // A name, quoted or not, or a relation (the rating counts: their narrow table joined to the atoms).
    const from = table.startsWith('"') || table.startsWith('(') ? table : `"${table}"`;
    // Count tables take a change as signed rows: what they say is the sum per cell.
    const counted = !['people', 'halo', 'movers'].includes(role);
    const rows = await queryRows<Record<string, unknown>>(
      db,
      counted ? `SELECT * EXCLUDE (n), sum(n)::INTEGER AS n FROM ${from} GROUP BY ALL HAVING sum(n) <> 0 ORDER BY ALL` : `SELECT * FROM ${from} ORDER BY ALL`,
    );
    // Variances are sums of doubles: equal to 1e-9, not bit for bit.
    out[role] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v])));
  }
  return out;
}

describe('session pre-aggregates by delta (real DuckDB)', () => {
  const incremental = new NodeConnector();
  const rebuilt = new NodeConnector();
  let ids: string[] = [];
  beforeAll(async () => {
    [ids] = await Promise.all([load(incremental), load(rebuilt)]);
    // Built once before any change: from here on only deltas reach them.
    await tables(incremental);
  });
  afterAll(async () => {
    await Promise.all([incremental.close(), rebuilt.close()]);
  });

  it('after random changes, undos and redos (batches of 1–6 events) every table equals a rebuild', async () => {
    const rand = random(2026);
    const log: SessionEvent[] = [];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    for (let round = 0; round < 6; round++) {
      const batch: SessionEvent[] = [];
      const size = 1 + Math.floor(rand() * (round === 5 ? 40 : 6));
      for (let i = 0; i < size; i++) {
        const seq = log.length + batch.length + 1;
        const at = new Date(Date.UTC(2026, 11, 6, 2, 0, seq)).toISOString();
        const base = { session_id: S, seq, from_rating: null, reason: 'r', by_id: 'fac', at, undoes_seq: null };
        const all = [...log, ...batch];
        const x = rand();
        const inForce = effectiveEvents(all);
        if (x < 0.2 && inForce.length) {
          batch.push({ ...base, kind: 'undo', employee_id: null, dimension: null, to_rating: null, undoes_seq: pick(inForce).seq });
        } else if (x < 0.3 && lastRedoable(all)) {
          batch.push({ ...base, kind: 'undo', employee_id: null, dimension: null, to_rating: null, undoes_seq: lastRedoable(all)!.seq });
        } else {
          const dimension = pick(['overall', 'overall', 'potential', ...COMPETENCIES]);
          // A few people again and again, so changes stack on one person.
          const employee = pick(round % 3 === 0 ? ids.slice(0, 4) : ids);
          batch.push({ ...base, kind: 'rating', employee_id: employee, dimension, to_rating: 1 + Math.floor(rand() * 5) });
        }
      }
      log.push(...batch);
      await appendSessionEvents(incremental, batch);
      await insertRows(rebuilt, 'calibration_events', batch);
      const [got, want] = await Promise.all([tables(incremental), tables(rebuilt)]);
      for (const role of Object.keys(want)) expect([round, role, got[role]]).toEqual([round, role, want[role]]);
    }
    // A second session on the same cycle (a restored one): opening it keeps the tables, and its log
    // arrives as one delta (its changes are the newest, so they win over the first session's).
    const second: SessionEvent[] = ids.slice(0, 5).map((employee, i) => ({
      session_id: 'second', seq: i + 1, kind: 'rating', employee_id: employee, dimension: i % 2 ? 'potential' : 'overall', from_rating: null,
      to_rating: 1 + ((i * 2) % 3), reason: 'r', by_id: 'fac', at: new Date(Date.UTC(2026, 11, 7, 0, 0, i)).toISOString(), undoes_seq: null,
    }));
    for (const db of [incremental, rebuilt]) {
      await openSession(db, { session_id: 'second', cycle_id: CYCLE, scope: null, facilitator_id: 'fac', opened_at: '2026-12-07T00:00:00.000Z', closed_at: null });
    }
    const kept = await ratingCounts(incremental, 5);
    await appendSessionEvents(incremental, second);
    expect(await ratingCounts(incremental, 5)).toBe(kept);
    await insertRows(rebuilt, 'calibration_events', second);
    const [got, want] = await Promise.all([tables(incremental), tables(rebuilt)]);
    for (const role of Object.keys(want)) expect(['second session', role, got[role]]).toEqual(['second session', role, want[role]]);

    // The views over the incremental tables read what the rebuilt ones give.
    const views = (db: Connector) => Promise.all([
      calibrationReport(db, { cycle: CYCLE, stage: 'calibrated', dimension: 'overall', minGroup: 5 }),
      nineBoxReport(db, { cycle: CYCLE, stage: 'calibrated', minGroup: 5, compareStage: 'manager' }),
    ]);
    const [[reportA, boxA], [reportB, boxB]] = await Promise.all([views(incremental), views(rebuilt)]);
    expect(reportA.org.counts).toEqual(reportB.org.counts);
    expect(reportA.raters.map((r) => [r.rater_id, r.n, r.mean])).toEqual(reportB.raters.map((r) => [r.rater_id, r.n, r.mean]));
    expect(reportA.changes).toEqual(reportB.changes);
    expect(boxA.cells.map((c) => [c.id, c.n, c.compare_n])).toEqual(boxB.cells.map((c) => [c.id, c.n, c.compare_n]));
    // The ratings in force a new change is checked against (built from the base and the two logs, not
    // read back) are what the relation shows; and they are not the base (the sessions moved some).
    const relation = await queryRows<{ employee_id: string; dimension: string; rating: number }>(
      rebuilt, `SELECT employee_id, dimension, rating FROM plumb_ratings WHERE stage = 'calibrated' AND cycle_id = ?`, [CYCLE]);
    const inForce = await calibratedStage(incremental, CYCLE);
    expect(inForce).toEqual(new Map(relation.map((r) => [ratingKey(r.employee_id, r.dimension), Number(r.rating)])));
    expect(inForce).not.toEqual(await baseRatings(incremental, CYCLE));
  });
});
