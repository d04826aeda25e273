// The session of the four-fifths figures' tests (core and the page's): five groups of a person attribute,
// their moves up and down, and what must not count. Expected figures: see change-impact.test.ts.
import { appendSessionEvents, createSchema, insertRows, openSession, type Connector, type SessionEvent } from '../../src/index.js';

export const SIZES = { A: 12, B: 10, C: 8, D: 6, E: 2 } as const;
export const UP = { A: 6, B: 3, C: 4, D: 1, E: 2 } as const;
export const DOWN = { A: 1, B: 3, C: 0, D: 1, E: 0 } as const;
export const IMPACT_SESSION = 's-impact';

/** Schema, people with their `group`, manager ratings of cycle c1 and the session's log, into `db`. */
export async function loadImpactSession(db: Connector): Promise<void> {
  const S = IMPACT_SESSION;
  await createSchema(db);
  const people: { person_id: string; name: string }[] = [];
  const attributes: { person_id: string; attribute: string; value: string }[] = [];
  const ratings: { cycle_id: string; employee_id: string; rater_id: string; stage: 'manager' | 'calibrated'; dimension: string; rating: number }[] = [];
  const events: SessionEvent[] = [];
  const change = (employee: string, from: number, to: number, dimension = 'overall') =>
    events.push({ session_id: S, seq: events.length + 1, kind: 'rating', employee_id: employee, dimension, from_rating: from, to_rating: to, reason: 'r', by_id: 'f', at: `2026-12-06T09:${String(events.length).padStart(2, '0')}:00.000Z`, undoes_seq: null });
  for (const [group, n] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
    for (let i = 1; i <= n; i++) {
      const id = `${group}${i}`;
      people.push({ person_id: id, name: id });
      attributes.push({ person_id: id, attribute: 'group', value: group });
      ratings.push({ cycle_id: 'c1', employee_id: id, rater_id: 'm', stage: 'manager', dimension: 'overall', rating: 3 });
      ratings.push({ cycle_id: 'c1', employee_id: id, rater_id: 'm', stage: 'manager', dimension: 'potential', rating: 3 });
    }
    for (let i = 1; i <= UP[group]; i++) change(`${group}${i}`, 3, 4);
    for (let i = UP[group] + 1; i <= UP[group] + DOWN[group]; i++) change(`${group}${i}`, 3, 2);
  }
  // A1's data already had a calibrated 4: the session starts there, and 4 → 5 is its move up (3 → 4 above is replaced).
  ratings.push({ cycle_id: 'c1', employee_id: 'A1', rater_id: 'h', stage: 'calibrated', dimension: 'overall', rating: 4 });
  events.splice(0, 1, { ...events[0]!, from_rating: 4, to_rating: 5 });
  // B10 had a calibrated 2 in the data and no session change: not a change of the session.
  ratings.push({ cycle_id: 'c1', employee_id: 'B10', rater_id: 'h', stage: 'calibrated', dimension: 'overall', rating: 2 });
  // Not counted: an undone move (C8), a move on another dimension (C7), someone without the attribute.
  change('C8', 3, 5);
  events.push({ ...events.at(-1)!, seq: events.length + 1, kind: 'undo', employee_id: null, dimension: null, from_rating: null, to_rating: null, undoes_seq: events.length });
  change('C7', 3, 5, 'potential');
  people.push({ person_id: 'Z1', name: 'Z1' });
  ratings.push({ cycle_id: 'c1', employee_id: 'Z1', rater_id: 'm', stage: 'manager', dimension: 'overall', rating: 3 });
  change('Z1', 3, 4);
  await insertRows(db, 'people', people);
  await insertRows(db, 'person_attributes', attributes);
  await insertRows(db, 'ratings', ratings);
  await openSession(db, { session_id: S, cycle_id: 'c1', scope: null, facilitator_id: 'f', opened_at: '2026-12-06T09:00:00.000Z', closed_at: null });
  await appendSessionEvents(db, events);
}
