import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector } from '../../src/node/index.js';
import { calibrationReport, loadSample, type CalibrationReport, type RatingStage } from '../../src/index.js';

const K = 5;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, c) => s + c, 0);

/**
 * Every department × level filter combination (each may be unset) at every
 * stage of the sample organisation: wherever one view's population contains
 * another's, the difference of any row (a rater, the pool) and of the total
 * is 0 or at least min-group people, and never negative for any rating.
 */
describe('min-group privacy over every filter combination of the sample organisation', () => {
  // Native DuckDB (what `plumb serve` runs; named-queries.test.ts checks it answers as the wasm build does):
  // this sweep of filter states is several times faster on it.
  const db = new NativeConnector();
  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
  });
  afterAll(() => db.close());

  it('no pair of nested views differs by 1..k−1 people, per rater, per pool or in total', async () => {
    const base = await calibrationReport(db, { minGroup: K, halo: false });
    const stages = [...new Set(base.available.filter((a) => a.cycle_id === base.filter.cycle && a.dimension === base.filter.dimension).map((a) => a.stage))]
      .filter((s): s is RatingStage => s !== null && s !== 'self');
    const departments = [null, ...base.options.departments];
    const levels = [null, ...base.options.levels];
    expect(departments.length).toBeGreaterThan(2);
    expect(levels.length).toBeGreaterThan(2);

    interface View { stage: RatingStage; department: string | null; level: string | null; report: CalibrationReport }
    const views: View[] = [];
    for (const stage of stages) {
      for (const department of departments) {
        for (const level of levels) {
          const report = await calibrationReport(db, { minGroup: K, halo: false, stage, department, level, before: stage, after: stage });
          views.push({ stage, department, level, report });
        }
      }
    }
    const shown = views.filter((v) => !v.report.privacy.suppressed && v.report.org.n > 0);
    // The check has something to bite on: many views, some with pooled small teams.
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.some((v) => v.report.privacy.pooled_raters > 0)).toBe(true);

    const contains = (b: View, a: View) =>
      b !== a && b.stage === a.stage && (b.department === null || b.department === a.department) && (b.level === null || b.level === a.level);
    const leaks: string[] = [];
    let pairs = 0;
    for (const a of shown) {
      for (const b of shown) {
        if (!contains(b, a)) continue;
        pairs++;
        const name = `${a.stage} [${a.department ?? '*'}, ${a.level ?? '*'}] ⊂ [${b.department ?? '*'}, ${b.level ?? '*'}]`;
        const diffTotal = b.report.org.n - a.report.org.n;
        if (diffTotal < 0 || (diffTotal > 0 && diffTotal < K)) leaks.push(`${name}: total differs by ${diffTotal}`);
        const rowsB = new Map(b.report.raters.map((r) => [r.rater_id, r.counts]));
        const rowsA = new Map(a.report.raters.map((r) => [r.rater_id, r.counts]));
        for (const id of new Set([...rowsA.keys(), ...rowsB.keys()])) {
          const cb = rowsB.get(id) ?? {};
          const ca = rowsA.get(id) ?? {};
          const values = new Set([...Object.keys(ca), ...Object.keys(cb)]);
          const perValue = [...values].map((v) => (cb[v] ?? 0) - (ca[v] ?? 0));
          const n = total(cb) - total(ca);
          if (perValue.some((d) => d < 0)) continue; // not nested rows: no subtraction isolates anyone
          if (n > 0 && n < K) leaks.push(`${name}: row ${id} differs by ${n} (${perValue.join(',')})`);
        }
      }
    }
    expect(pairs).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  }, 60_000);
});
