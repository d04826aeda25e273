// The session's activity list (`calibration-log`), on a real DuckDB (NodeConnector):
// expected values written out by hand from the events below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { appendSessionEvents, calibrationLog, createSchema, insertRows, openSession, type SessionEvent } from '../../src/index.js';

const S = 's-log';
const at = (i: number) => new Date(Date.UTC(2026, 11, 6, 9, i, 0)).toISOString();
const event = (seq: number, e: Partial<SessionEvent>): SessionEvent => ({
  session_id: S, seq, kind: 'rating', employee_id: null, dimension: 'overall', from_rating: null, to_rating: null, reason: null, by_id: 'f1', at: at(seq), undoes_seq: null, ...e,
});

const log: SessionEvent[] = [
  event(1, { employee_id: 'e1', from_rating: 3, to_rating: 5, reason: 'Led the migration' }),
  event(2, { employee_id: 'e2', from_rating: 2, to_rating: 3 }),
  event(3, { kind: 'undo', undoes_seq: 2 }),
  event(4, { kind: 'undo', undoes_seq: 3 }), // redo of 2
  event(5, { employee_id: 'e3', from_rating: 4, to_rating: 3, reason: 'Missed goals' }),
  event(6, { kind: 'undo', undoes_seq: 5 }),
  event(7, { kind: 'discussed', employee_id: 'e1', dimension: 'overall' }),
  event(8, { employee_id: 'e1', from_rating: 5, to_rating: 4, reason: 'On reflection: 4' }),
  event(9, { employee_id: 'e4', from_rating: 3, to_rating: 4 }),
  event(10, { employee_id: 'e4', from_rating: 4, to_rating: 3 }), // back where it started: no change
];

describe('the session log query', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
    await createSchema(db);
    await insertRows(db, 'people', [
      { person_id: 'e1', name: 'Ada Byron' }, { person_id: 'e2', name: 'Grace Hopper' }, { person_id: 'e3', name: 'Alan Turing' },
      { person_id: 'e4', name: 'Edsger Dijkstra' }, { person_id: 'f1', name: 'Fran Facilitator' },
    ]);
    await openSession(db, { session_id: S, cycle_id: '2026', scope: null, facilitator_id: 'f1', opened_at: at(0), closed_at: null });
    await appendSessionEvents(db, log);
  });
  afterAll(() => db.close());

  it('lists every event newest first with names, and marks what an undo in force took back', async () => {
    const r = await calibrationLog(db, {});
    expect(r.session_id).toBe(S);
    expect(r.entries.map((e) => [e.seq, e.kind, e.employee, e.undone])).toEqual([
      [10, 'rating', 'Edsger Dijkstra', false],
      [9, 'rating', 'Edsger Dijkstra', false],
      [8, 'rating', 'Ada Byron', false],
      [7, 'discussed', 'Ada Byron', false],
      [6, 'undo', null, false],
      [5, 'rating', 'Alan Turing', true],
      [4, 'undo', null, false],
      [3, 'undo', null, true], // taken back by 4 (a redo)
      [2, 'rating', 'Grace Hopper', false],
      [1, 'rating', 'Ada Byron', false],
    ]);
    expect(r.entries[2]).toMatchObject({ from_rating: 5, to_rating: 4, reason: 'On reflection: 4', by: 'Fran Facilitator', at: at(8) });
  });

  it('shows pseudonyms only under anonymize (no real name or id in the result)', async () => {
    const r = await calibrationLog(db, { anonymize: true, salt: 'x' });
    const text = JSON.stringify(r.entries);
    for (const real of ['Ada', 'Grace', 'Alan', 'Edsger', 'Fran', '"e1"', '"e2"', '"f1"']) expect(text).not.toContain(real);
    expect(r.entries[0]!.employee).toMatch(/^Person [A-Z2-9]{4}/);
    expect(r.entries[0]!.employee_id).toMatch(/^[A-Z2-9]{4}/);
  });

  it('says there is no session when there is none', async () => {
    expect(await calibrationLog(db, { session_id: 'nope' })).toEqual({ session_id: null, cycle_id: null, entries: [] });
  });


});
