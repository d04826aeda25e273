// The four-fifths figures of a session's changes (calibration-log's `change_impact`), on a real DuckDB.
// Expected figures from this python3 script (the same counts as the fixture below), not from Plumb:
//   sizes = {'A': 12, 'B': 10, 'C': 8, 'D': 6, 'E': 2}; up = {'A': 6, 'B': 3, 'C': 4, 'D': 1, 'E': 2}
//   down = {'A': 1, 'B': 3, 'C': 0, 'D': 1, 'E': 0}; k = 5
//   small = [g for g in sizes if sizes[g] < k]
//   large = sorted([g for g in sizes if sizes[g] >= k], key=lambda g: (sizes[g], g))
//   shown = large[1:] if 0 < sum(sizes[g] for g in small) < k else large
//   best_up = max(up[g]/sizes[g] for g in shown); best_keep = max(1 - down[g]/sizes[g] for g in shown)
//   for g in sorted(shown): print(g, up[g]/sizes[g]/best_up, (1 - down[g]/sizes[g])/best_keep)
// → A 1.0 0.916667 · B 0.6 0.7 (both flagged) · C 1.0 1.0; suppressed 2 (E under 5, D so that E cannot be subtracted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { appendSessionEvents, calibrationLog, createSchema, insertRows, openSession, type SessionEvent } from '../../src/index.js';

const SIZES = { A: 12, B: 10, C: 8, D: 6, E: 2 } as const;
const UP = { A: 6, B: 3, C: 4, D: 1, E: 2 } as const;
const DOWN = { A: 1, B: 3, C: 0, D: 1, E: 0 } as const;
const S = 's-impact';

describe('four-fifths figures of the changes (opt-in, groups ≥ min-group, computed in SQL)', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
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
  });
  afterAll(() => db.close());

  it('compares each group’s rate of moves up and of not being moved down with the best group’s, flags under 4/5', async () => {
    const { change_impact: impact } = await calibrationLog(db, { session_id: S, impactAttribute: 'group', minGroup: 5 });
    expect(impact!.suppressed_groups).toBe(2);
    expect(impact!.groups.map((g) => [g.group, g.n, g.up, g.down])).toEqual([['A', 12, 6, 1], ['B', 10, 3, 3], ['C', 8, 4, 0]]);
    const figures = impact!.groups.map((g) => [g.group, +g.up_ratio!.toFixed(6), +g.down_ratio!.toFixed(6), g.up_flag, g.down_flag]);
    expect(figures).toEqual([['A', 1, 0.916667, false, false], ['B', 0.6, 0.7, true, true], ['C', 1, 1, false, false]]);
    expect(impact!.groups[0]!.up_rate).toBeCloseTo(0.5, 10);
    expect(impact!.groups[1]!.down_rate).toBeCloseTo(0.3, 10);
  });

  it('is opt-in, and shows no group under a larger min-group', async () => {
    expect((await calibrationLog(db, { session_id: S })).change_impact).toBeUndefined();
    const strict = (await calibrationLog(db, { session_id: S, impactAttribute: 'group', minGroup: 11 })).change_impact!;
    // Only A (12) reaches 11; the groups left out hold 26 people together, so A stays.
    expect(strict.groups.map((g) => g.group)).toEqual(['A']);
    expect(strict.suppressed_groups).toBe(4);
    const none = (await calibrationLog(db, { session_id: S, impactAttribute: 'no-such-attribute', minGroup: 5 })).change_impact!;
    expect(none.groups).toEqual([]);
  });
});
