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
import { calibrationLog } from '../../src/index.js';
import { IMPACT_SESSION as S, loadImpactSession } from './impact-fixture.js';

describe('four-fifths figures of the changes (opt-in, groups ≥ min-group, computed in SQL)', () => {
  const db = new NodeConnector();
  beforeAll(() => loadImpactSession(db));
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
