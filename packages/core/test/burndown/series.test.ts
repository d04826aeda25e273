import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { burndown, groupBand, insertRows, pointValue } from '../../src/index.js';
import { quartilesFromCounts } from '../../src/burndown/series-table.js';
import { AS_OF, loadQuarter } from './fixture.js';

describe('burndown series on a hand-made quarter (see fixture.ts)', () => {
  const db = new NodeConnector();
  beforeAll(() => loadQuarter(db));
  afterAll(() => db.close());

  it('picks the cycle containing as-of and counts weeks only up to it', async () => {
    const r = await burndown(db, { asOf: AS_OF, by: 'key_result' });
    expect(r.cycle.cycle_id).toBe('C1');
    expect(r.cycle.weeks).toHaveLength(13);
    expect(r.cycle.current_week).toBe(6); // 2026-02-10 is day 37 → week 6
    expect(r.key_results).toBe(7);
    expect(r.series).not.toBeNull();
    for (const s of r.series!) expect(s.points.map((p) => p.week)).toEqual([1, 2, 3, 4, 5, 6]);
    // A's check-in on 2026-04-10 is after the cycle end: counted, not drawn.
    expect(r.check_ins_after_cycle).toBe(1);
  });

  it('carries values forward, marks carried and silent weeks, keeps the raw confidence', async () => {
    const r = await burndown(db, { asOf: AS_OF, by: 'key_result' });
    const c = r.series!.find((s) => s.key_result_id === 'C')!;
    // One check-in in week 1 (0.3, "red"); the pre-cycle 0.9 is replaced by it.
    expect(c.points.map((p) => p.confidence)).toEqual([0.3, 0.3, 0.3, 0.3, 0.3, 0.3]);
    expect(c.points.map((p) => p.checked)).toEqual([true, false, false, false, false, false]);
    expect(c.points.map((p) => p.carried)).toEqual([false, true, true, true, true, true]);
    expect(c.points.map((p) => p.silent_weeks)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.points[4]!.confidence_raw).toBe('red');
    expect(c.points[4]!.confidence_scale).toBe('rag');
    const d = r.series!.find((s) => s.key_result_id === 'D')!;
    expect(d.points.every((p) => p.confidence === null && !p.carried && !p.checked)).toBe(true);
    expect(d.points.map((p) => p.silent_weeks)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('computes progress with keyResultProgress and expects planned values where given, else linear', async () => {
    const r = await burndown(db, { asOf: AS_OF, by: 'key_result' });
    const a = r.series!.find((s) => s.key_result_id === 'A')!;
    // 0→100: w1 10, w2 carried, w3 20, w4 25, w5 30, w6 carried.
    expect(a.points.map((p) => p.progress)).toEqual([0.1, 0.1, 0.2, 0.25, 0.3, 0.3]);
    expect(a.points[3]!.expected).toBeCloseTo(4 / 13, 12);
    expect(a.points[3]!.expected_source).toBe('linear');
    expect(pointValue(a.points[3]!, 'remaining')).toBeCloseTo(0.75, 12);
    const b = r.series!.find((s) => s.key_result_id === 'B')!;
    // 0→10, planned 3 in week 1 (0.3) and 5 in week 4 (0.5), carried.
    expect(b.points.map((p) => p.expected)).toEqual([0.3, 0.3, 0.3, 0.5, 0.5, 0.5]);
    expect(b.points.every((p) => p.expected_source === 'planned')).toBe(true);
  });

  it('aggregates median, IQR and share below the midpoint per week (below is strict)', async () => {
    const r = await burndown(db, { asOf: AS_OF, by: 'cycle' });
    expect(r.groups).toHaveLength(1);
    const w4 = r.groups[0]!.weeks.find((w) => w.week === 4)!;
    // Week 4 confidences: A .5, B .45, C .3 (carried), E .5 (carried), F .9 (carried), G .2; D none.
    // Sorted .2 .3 .45 .5 .5 .9: median at position 2.5 = .475, q1 at 1.25 = .3375, q3 at 3.75 = .5.
    expect(w4.key_results).toBe(7);
    expect(w4.with_confidence).toBe(6);
    expect(w4.confidence_median).toBeCloseTo(0.475, 12);
    expect(w4.confidence_q1).toBeCloseTo(0.3375, 12);
    expect(w4.confidence_q3).toBeCloseTo(0.5, 12);
    // Below 0.5: G .2, C .3, B .45 — A and E at exactly .5 are not below.
    expect(w4.below).toBe(3);
    expect(w4.share_below).toBeCloseTo(0.5, 12);
    // Progress in week 4: A .25, B .2, F 0, G .5 → median (.2+.25)/2.
    expect(w4.with_progress).toBe(4);
    expect(w4.progress_median).toBeCloseTo(0.225, 12);
    // Remaining is the mirror: median 1 − .225, band flipped.
    const rem = groupBand(w4, 'remaining');
    expect(rem.median).toBeCloseTo(0.775, 12);
    expect(rem.q1).toBeCloseTo(1 - w4.progress_q3!, 12);
    // Checked in week 4: A (01-27), B (01-28), G (01-26).
    expect(w4.checked).toBe(3);
  });

  it('gives the same organisation series from the precomputed quartiles as from a full aggregation', async () => {
    const whole = await burndown(db, { asOf: AS_OF, cacheKey: 'same' });
    const filtered = await burndown(db, { asOf: AS_OF, cacheKey: 'same', key_result_ids: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] });
    expect(whole.groups).toEqual(filtered.groups);
    expect(whole.groups[0]!.weeks).toHaveLength(6);
  });

  it('gives the same organisation quartiles from the confidence counts (as for many check-ins) as quantile_cont', async () => {
    const before = quartilesFromCounts.minCheckIns;
    quartilesFromCounts.minCheckIns = 0;
    try {
      for (const threshold of [0.5, 0.31]) {
        const whole = await burndown(db, { asOf: AS_OF, cacheKey: 'counts', threshold });
        const filtered = await burndown(db, { asOf: AS_OF, cacheKey: 'counts', threshold, key_result_ids: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] });
        expect(whole.groups, String(threshold)).toEqual(filtered.groups);
      }
    } finally {
      quartilesFromCounts.minCheckIns = before;
    }
  });

  it('counts the organisation below any threshold from its weekly confidence counts, as a full aggregation does', async () => {
    // 0.5 and 0.45 are confidences of the quarter (below is strict); 0.31 sits between two of them.
    for (const threshold of [0.5, 0.45, 0.31, 0, 1]) {
      const whole = await burndown(db, { asOf: AS_OF, cacheKey: 'same', threshold });
      const filtered = await burndown(db, { asOf: AS_OF, cacheKey: 'same', threshold, key_result_ids: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] });
      expect(whole.groups, String(threshold)).toEqual(filtered.groups);
    }
  });

  it('groups by team and filters to one team', async () => {
    const byTeam = await burndown(db, { asOf: AS_OF, by: 'team' });
    expect(byTeam.groups.map((g) => [g.group_id, g.group_name, g.key_results])).toEqual([
      ['T2', 'Growth', 4],
      ['T1', 'Platform', 3],
    ]);
    const t1w4 = byTeam.groups[1]!.weeks[3]!;
    // Platform week 4: A .5, B .45, F .9 → median .5, one below (B).
    expect(t1w4.confidence_median).toBeCloseTo(0.5, 12);
    expect(t1w4.below).toBe(1);
    const growth = await burndown(db, { asOf: AS_OF, team_id: 'T2', by: 'key_result' });
    expect(growth.series!.map((s) => s.key_result_id)).toEqual(['C', 'D', 'E', 'G']);
    const obj = await burndown(db, { asOf: AS_OF, objective_id: 'O1' });
    expect(obj.key_results).toBe(3);
  });

  it('leaves out per key result series above the limit and says which cycle is unknown', async () => {
    const r = await burndown(db, { asOf: AS_OF, seriesLimit: 3 });
    expect(r.series).toBeNull();
    await expect(burndown(db, { cycle: 'nope' })).rejects.toThrow(/No OKR cycle "nope"/);
  });

  it('shows every week of a finished cycle and nothing before a cycle starts', async () => {
    const done = await burndown(db, { asOf: '2026-06-01', cycle: 'C1', by: 'key_result' });
    expect(done.cycle.last_week).toBe(13);
    expect(done.series![0]!.points).toHaveLength(13);
    const before = await burndown(db, { asOf: '2026-01-01', cycle: 'C1', by: 'key_result' });
    expect(before.cycle.last_week).toBe(0);
    expect(before.groups).toEqual([]);
  });
});

describe('burndown series when some check-ins lack a confidence and a week holds several', () => {
  // The quarter plus M (0→100, Ada): w1 .8 v10 "8"; w2 a check-in with a value and no confidence; w3 three
  // check-ins .7 "7", .3 "3", .6 "6" (Mon, Wed, Fri). A confidence is carried over a check-in without one, so
  // every carried column takes the time-ordered pass (the quarter alone states a confidence on every check-in).
  const db = new NodeConnector();
  beforeAll(async () => {
    await loadQuarter(db);
    await insertRows(db, 'key_results', [{ key_result_id: 'M', objective_id: 'O1', title: 'KR M', owner_id: 'p1', start_value: 0, target_value: 100 }]);
    const ci = (at: string, confidence: number | null, raw: string | null, value: number | null = null) =>
      ({ key_result_id: 'M', checked_at: at, confidence, confidence_raw: raw, confidence_scale: raw && 'ten', value });
    await insertRows(db, 'check_ins', [
      ci('2026-01-05', 0.8, '8', 10), ci('2026-01-13', null, null, 20),
      ci('2026-01-19', 0.7, '7'), ci('2026-01-21', 0.3, '3'), ci('2026-01-23', 0.6, '6'),
    ]);
  });
  afterAll(() => db.close());

  it('carries the confidence over a check-in without one, takes a week\'s last check-in, and its largest drop', async () => {
    const r = await burndown(db, { asOf: AS_OF, key_result_ids: ['M'] });
    const m = r.series![0]!.points;
    expect(m.map((p) => p.confidence)).toEqual([0.8, 0.8, 0.6, 0.6, 0.6, 0.6]);
    expect(m.map((p) => p.confidence_raw)).toEqual(['8', '8', '6', '6', '6', '6']);
    expect(m.map((p) => p.confidence_scale)).toEqual(['ten', 'ten', 'ten', 'ten', 'ten', 'ten']);
    expect(m.map((p) => p.progress)).toEqual([0.1, 0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(m.map((p) => p.checked)).toEqual([true, true, true, false, false, false]);
    expect(m.map((p) => p.carried)).toEqual([false, false, false, true, true, true]);
    expect(m.map((p) => p.silent_weeks)).toEqual([0, 0, 0, 1, 2, 3]);
    // Drops between consecutive confidences: .8→.7 (over the blank), .7→.3, .3→.6: the largest is in week 3.
    expect(r.alerts.map((a) => [a.rule, a.week, a.values.previous_confidence, a.values.confidence])).toEqual([
      ['confidence-drop', 3, 0.7, 0.3],
      ['stale', 6, null, 0.6],
    ]);
    // The label text of an alert's week comes from the check-in it was carried from (Friday's "6").
    expect(r.alerts.find((a) => a.rule === 'stale')!.values.confidence_raw).toBe('6');
  });
});
