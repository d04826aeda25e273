import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../core/src/node/index.js';
import { calibrationReport, loadSample, nineBoxReport, type CalibrationReport, type NineBoxCell, type NineBoxReport } from '../../core/src/index.js';
import { chartLayout, multiplesLayout, shownRaters, truncate } from '../src/rating-distribution/chart-layout.js';
import { divergingBoundaries, divergingExtent, divergingSegments } from '../src/rating-distribution/diverging-layout.js';
import { deltaOf, largestBox, namesShown, nineBoxDrawing, nineBoxGrid } from '../src/nine-box/nine-box-layout.js';

/** Round every number so a snapshot is about the picture, not float noise. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))) as T;
}

/**
 * The calibration views' pure layout on the seeded 600-person sample (seed 1): a changed picture
 * is a reviewed snapshot diff.
 */
describe('calibration layouts on the seeded sample', () => {
  const db = new NodeConnector();
  let report: CalibrationReport;
  let nine: NineBoxReport;
  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
    report = await calibrationReport(db, { minGroup: 5, halo: false });
    nine = await nineBoxReport(db, { minGroup: 5, namesPerBox: 3 });
  }, 120_000);
  afterAll(() => db.close());

  it('rating distribution: columns at 1280 and 1920, projector rows, the raters drawn and their bars', () => {
    const raters = shownRaters(report.raters, 40, (r) => r.rater_id === '(pooled)');
    expect(raters.length).toBeLessThanOrEqual(40);
    expect(
      rounded({
        desktop: chartLayout(1280, { projector: false, beforeAfter: false }),
        projector: chartLayout(1920, { projector: true, beforeAfter: false }),
        multiples: multiplesLayout(1280, raters.length + 1, false),
        drawn: raters.map((r) => ({ rater: r.rater_id, n: r.n, segments: divergingSegments(r.shares) })),
        org: divergingSegments(report.org.shares),
        extent: divergingExtent([report.org.shares, ...raters.map((r) => r.shares)]),
        guideline: divergingBoundaries(report.scale.map((s) => s.guideline_share ?? 0)),
      }),
    ).toMatchSnapshot();
  });

  it('keeps the extremes when raters exceed the budget, and truncates long labels', () => {
    expect(shownRaters([1, 2, 3, 4, 5, 6, 7], 4)).toEqual([1, 2, 6, 7]);
    // The pool (here 0) stays, last, within the budget.
    expect(shownRaters([1, 2, 3, 4, 5, 6, 0], 4, (x) => x === 0)).toEqual([1, 2, 6, 0]);
    expect(truncate('Manager ABCDEFGHIJKLMNOP', 60, 13)).toBe('Manager…');
  });

  it('nine-box: cells placed with high potential on top, the export drawing, names per box', () => {
    const grid = nineBoxGrid(nine.cells).map((row) => row.map((g) => `${g.cell.id}:${g.cell.n}`));
    expect(grid[0]!.map((s) => s.split(':')[0])).toEqual(['low-high', 'mid-high', 'high-high']);
    expect(rounded({ grid, drawing: nineBoxDrawing(nine.cells, 900), projector: nineBoxDrawing(nine.cells, 1280, true) })).toMatchSnapshot();
    expect(namesShown(['a', 'b', 'c'], true)).toEqual(['a', 'b']);
  });

  it('names no largest box when every box is empty, and words the change from another stage', () => {
    const empty: NineBoxCell[] = nine.cells.map((c) => ({ ...c, n: 0, share: 0 }));
    expect(largestBox(empty)).toBeNull();
    expect(largestBox(nine.cells)!.n).toBe(Math.max(...nine.cells.map((c) => c.n ?? 0)));
    expect(deltaOf(5, 5)).toEqual({ key: 'delta.same', n: 0 });
    expect(deltaOf(7, 5)).toEqual({ key: 'delta.more', n: 2 });
    expect(deltaOf(3, 5)).toEqual({ key: 'delta.fewer', n: 2 });
    expect(deltaOf(null, 5)).toBeNull();
  });
});

describe('calibration catalogues', () => {
  it('ship every English message in German and French, with the same placeholders', async () => {
    const { ratingMessages } = await import('../src/rating-distribution/rating-distribution.messages.js');
    const { nineBoxMessages } = await import('../src/nine-box/nine-box.messages.js');
    const { withheldMessages } = await import('../src/rating-distribution/privacy.messages.js');
    const placeholders = (m: unknown) => (typeof m === 'string' ? [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort() : 'fn');
    for (const catalogue of [ratingMessages, nineBoxMessages, withheldMessages]) {
      const en = catalogue.en!;
      for (const locale of ['de', 'fr']) {
        const other = catalogue[locale]!;
        expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
        for (const key of Object.keys(en)) expect(placeholders(other[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });
});
