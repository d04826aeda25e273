import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import {
  SessionRatings,
  appendSessionEvents,
  calibratedRatings,
  calibratedStage,
  calibrationReport,
  calibrationTable,
  dataVersion,
  effectiveEvents,
  lastRedoable,
  lastUndoable,
  nextEvent,
  nineBoxReport,
  openSession,
  queryRows,
  ratingKey,
  sessionEvents,
  validateEvent,
  type EventInput,
  type RatingRow,
  type SessionEvent,
} from '../../src/index.js';
import { loadFixture } from '../calibration/fixture.js';

const S = 's-1';
const at = (i: number) => new Date(Date.UTC(2026, 11, 6, 1, 0, i)).toISOString();
function event(seq: number, e: Partial<SessionEvent>): SessionEvent {
  return { session_id: S, seq, kind: 'rating', employee_id: null, dimension: 'overall', from_rating: null, to_rating: null, reason: null, by_id: 'fac', at: at(seq), undoes_seq: null, ...e };
}

describe('the session log (pure)', () => {
  it('undo and redo append; the events in force follow the chain', () => {
    const log = [
      event(1, { employee_id: 'a', from_rating: 3, to_rating: 4 }),
      event(2, { employee_id: 'b', from_rating: 2, to_rating: 5, reason: 'x' }),
      event(3, { kind: 'undo', undoes_seq: 2 }),
    ];
    expect(effectiveEvents(log).map((e) => e.seq)).toEqual([1]);
    expect(lastRedoable(log)?.seq).toBe(3);
    const redone = [...log, event(4, { kind: 'undo', undoes_seq: 3 })];
    expect(effectiveEvents(redone).map((e) => e.seq)).toEqual([1, 2]);
    expect(lastRedoable(redone)).toBeNull();
    expect(lastUndoable(redone)?.seq).toBe(2);
    // Undo the redo: b is back to its base.
    const again = [...redone, event(5, { kind: 'undo', undoes_seq: 4 })];
    expect(effectiveEvents(again).map((e) => e.seq)).toEqual([1]);
    const out = calibratedRatings([{ employee_id: 'a', dimension: 'overall', rating: 3 }, { employee_id: 'b', dimension: 'overall', rating: 2 }], again);
    expect(out.map((r) => [r.employee_id, r.before, r.rating])).toEqual([['a', 3, 4], ['b', 2, 2]]);
  });

  it('refuses a stale from_rating (conflict), a two-level move without a reason, an unknown person', () => {
    const ctx = {
      current: (id: string) => ({ a: 4, b: 2 } as Record<string, number>)[id],
      knows: (id: string) => id === 'a' || id === 'b',
      scale: [1, 2, 3, 4, 5],
      reasonPolicy: 'two-levels' as const,
    };
    const log = [event(1, { employee_id: 'a', from_rating: 3, to_rating: 4 })];
    expect(validateEvent(log, { kind: 'rating', employee_id: 'a', from_rating: 3, to_rating: 5 }, ctx)?.code).toBe('conflict');
    expect(validateEvent(log, { kind: 'rating', employee_id: 'b', to_rating: 4 }, ctx)?.code).toBe('reason-required');
    expect(validateEvent(log, { kind: 'rating', employee_id: 'b', to_rating: 4, reason: 'Led the migration' }, ctx)).toBeNull();
    expect(validateEvent(log, { kind: 'rating', employee_id: 'zz', to_rating: 4 }, ctx)?.code).toBe('unknown-employee');
    expect(validateEvent(log, { kind: 'rating', employee_id: 'b', to_rating: 9 }, ctx)?.code).toBe('not-on-scale');
    expect(validateEvent(log, { kind: 'undo', undoes_seq: 7 }, ctx)?.code).toBe('bad-undo');
    expect(validateEvent([...log, event(2, { kind: 'undo', undoes_seq: 1 })], { kind: 'undo', undoes_seq: 1 }, ctx)?.code).toBe('bad-undo');
  });
});

describe('the calibrated stage, derived on a real DuckDB', () => {
  const db = new NodeConnector();
  let ratings: RatingRow[] = [];
  beforeAll(async () => {
    ({ ratings } = await loadFixture(db));
    await openSession(db, { session_id: S, cycle_id: '2026-H1', scope: null, facilitator_id: 'fac', opened_at: at(0), closed_at: null });
  });
  afterAll(() => db.close());

  /** The calibrated counts the fixture's rows give, with `moves` applied by hand (no Plumb code). */
  function expectedCounts(moves: Record<string, number>): Record<string, number> {
    const counts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const r of ratings) if (r.stage === 'calibrated' && r.dimension === 'overall') counts[String(moves[r.employee_id] ?? r.rating)]!++;
    return counts;
  }

  it('opening a session changes nothing; each change shows in the distribution, the nine-box and the moves', async () => {
    const before = await calibrationReport(db, { cycle: '2026-H1', stage: 'calibrated', dimension: 'overall', minGroup: 1 });
    expect(before.org.counts).toEqual(expectedCounts({}));
    const version = dataVersion(db);
    const state = await SessionRatings.load(db, '2026-H1', 'two-levels');
    const log: SessionEvent[] = [];
    const changes: [string, number, string | null][] = [['m-a-e0', 5, 'Carried the launch'], ['m-a-e1', 1, 'Missed every goal'], ['m-severe-e2', 4, null]];
    for (const [id, to, reason] of changes) {
      const from = state.current(id, 'overall')!;
      const input: EventInput = { kind: 'rating', employee_id: id, dimension: 'overall', from_rating: from, to_rating: to, reason };
      const problem = validateEvent(log, input, state);
      if (Math.abs(to - from) >= 2 && !reason) expect(problem?.code).toBe('reason-required');
      if (problem) continue;
      const e = nextEvent(log, S, input, 'fac', at(log.length + 1));
      log.push(e);
      state.ratings.set(ratingKey(id, 'overall'), to);
      await appendSessionEvents(db, [e]);
    }
    // A session write leaves the data version (people, blocks, pseudonyms) alone.
    expect(dataVersion(db)).toBe(version);
    const applied = Object.fromEntries(log.map((e) => [e.employee_id!, e.to_rating!]));
    const after = await calibrationReport(db, { cycle: '2026-H1', stage: 'calibrated', dimension: 'overall', minGroup: 1 });
    expect(after.org.counts).toEqual(expectedCounts(applied));
    // Before/after moves read the derived stage too: the big movers (two steps or more) by hand.
    const calOf = (id: string) => applied[id] ?? ratings.find((x) => x.employee_id === id && x.stage === 'calibrated' && x.dimension === 'overall')!.rating;
    const movers = ratings.filter((r) => r.stage === 'manager' && r.dimension === 'overall' && Math.abs(calOf(r.employee_id) - r.rating) >= 2);
    expect(movers.some((r) => r.employee_id === 'm-a-e1')).toBe(true);
    expect(after.changes!.big_movers.map((b) => [b.person, b.before, b.after]).sort()).toEqual(
      movers.map((r) => [`Person ${r.employee_id}`, r.rating, calOf(r.employee_id)]).sort(),
    );
    // Undo the first change: its person is back to the data's calibrated rating.
    const undo = nextEvent(log, S, { kind: 'undo', undoes_seq: log[0]!.seq }, 'fac', at(10));
    log.push(undo);
    await appendSessionEvents(db, [undo]);
    delete applied['m-a-e0'];
    const undone = await calibrationReport(db, { cycle: '2026-H1', stage: 'calibrated', dimension: 'overall', minGroup: 1 });
    expect(undone.org.counts).toEqual(expectedCounts(applied));
    const nine = await nineBoxReport(db, { cycle: '2026-H1', stage: 'calibrated', minGroup: 1 });
    expect(nine.n).toBe(ratings.filter((r) => r.stage === 'calibrated' && r.dimension === 'overall').length);
    // ratings itself is never written to.
    const [{ n }] = (await queryRows<{ n: number }>(db, "SELECT count(*) AS n FROM ratings")) as [{ n: number }];
    expect(n).toBe(ratings.length);
  });

  it('the calibration table: manager vs calibrated, last reason, discussed, pseudonyms when anonymized', async () => {
    const log = await sessionEvents(db, S);
    const discussed = nextEvent(log, S, { kind: 'discussed', employee_id: 'm-a-e1' }, 'fac', at(20));
    await appendSessionEvents(db, [discussed]);
    const t = await calibrationTable(db, { cycle: '2026-H1', minGroup: 1, team_id: 't-m-a' });
    expect(t.rows).toHaveLength(25);
    const e1 = t.rows.find((r) => r.id === 'm-a-e1')!;
    const mgr = ratings.find((r) => r.employee_id === 'm-a-e1' && r.stage === 'manager' && r.dimension === 'overall')!.rating;
    expect(e1).toMatchObject({ manager_rating: mgr, calibrated_rating: 1, changed: true, last_reason: 'Missed every goal', discussed: true, name: 'Person m-a-e1' });
    const e0 = t.rows.find((r) => r.id === 'm-a-e0')!;
    expect(e0.changed).toBe(false);
    const anon = await calibrationTable(db, { cycle: '2026-H1', minGroup: 1, team_id: 't-m-a', anonymize: true, salt: 's' });
    const text = JSON.stringify(anon.rows);
    expect(text).not.toContain('m-a-e');
    expect(text).not.toContain('Person m-a');
    // min-group: the two-person Ops department is left out and counted.
    const all = await calibrationTable(db, { cycle: '2026-H1', minGroup: 5 });
    expect(all.withheld).toBe(2);
    expect(all.rows.some((r) => r.id.startsWith('m-ops'))).toBe(false);
  });

  it('restores a 500-change session: the derived stage equals the log replayed by hand', async () => {
    const other = new NodeConnector();
    try {
      const { ratings: rows } = await loadFixture(other);
      await openSession(other, { session_id: 'big', cycle_id: '2026-H1', scope: null, facilitator_id: 'fac', opened_at: at(0), closed_at: null });
      const ids = rows.filter((r) => r.stage === 'calibrated' && r.dimension === 'overall').map((r) => r.employee_id);
      const expected = new Map(rows.filter((r) => r.stage === 'calibrated' && r.dimension === 'overall').map((r) => [r.employee_id, r.rating]));
      const log: SessionEvent[] = [];
      let x = 17;
      for (let i = 1; i <= 500; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        if (i % 10 === 0) {
          // Every tenth event undoes the one before it.
          const prev = log.at(-1)!;
          log.push({ ...event(i, { kind: 'undo', undoes_seq: prev.seq }), session_id: 'big' });
          if (prev.kind === 'rating') expected.set(prev.employee_id!, prev.from_rating!);
          continue;
        }
        const id = ids[x % ids.length]!;
        const to = 1 + (x % 5);
        log.push({ ...event(i, { employee_id: id, from_rating: expected.get(id)!, to_rating: to, reason: 'r' }), session_id: 'big' });
        expected.set(id, to);
      }
      const t0 = performance.now();
      await appendSessionEvents(other, log);
      const stage = await calibratedStage(other, '2026-H1');
      const ms = performance.now() - t0;
      for (const [id, rating] of expected) expect([id, stage.get(ratingKey(id, 'overall'))]).toEqual([id, rating]);
      expect(ms).toBeLessThan(5000);
    } finally {
      await other.close();
    }
  });
});
