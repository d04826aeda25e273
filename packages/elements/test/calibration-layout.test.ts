import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../core/src/node/index.js';
import { calibrationReport, loadSample, nineBoxReport, type CalibrationReport, type NineBoxCell, type NineBoxReport } from '../../core/src/index.js';
import { chartLayout, fitBoldLine, shownRaters, textWidth, truncate, type LabelPlace } from '../src/rating-distribution/chart-layout.js';
import { multiplesDrawing, multiplesLayout } from '../src/rating-distribution/multiples-layout.js';
import { moveShares, stackedDrawing } from '../src/rating-distribution/stacked-layout.js';
import { divergingBoundaries, divergingExtent, divergingSegments } from '../src/rating-distribution/diverging-layout.js';
import { deltaOf, largestBox, namesShown, nineBoxDrawing, nineBoxGrid } from '../src/nine-box/nine-box-layout.js';

/** The English header of the stacked chart (rating-distribution.messages.ts). */
const ENGLISH_HEADER = { share: '◄ lower   share of ratings   higher ►', effect: 'Rates higher or lower (levels)' };

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
  let moved: CalibrationReport;
  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
    report = await calibrationReport(db, { minGroup: 5, halo: false });
    moved = await calibrationReport(db, { minGroup: 5, halo: false, changes: true, changesByRater: true });
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

  it('rating distribution, stacked: every bar segment, effect mark, interval and guideline mark (desktop, projector, before/after)', async () => {
    const pooled = (r: { rater_id: string }) => r.rater_id === '(pooled)';
    const drawing = (from: CalibrationReport, width: number, projector: boolean, beforeAfter: boolean, max: number) => {
      const frame = chartLayout(width, { projector, beforeAfter });
      const raters = shownRaters(from.raters, max, pooled);
      return stackedDrawing({ scale: from.scale, org: from.org, raters, moves: moveShares(from.scale, from.changes?.by_rater ?? []) }, frame, { projector, beforeAfter, labels: ENGLISH_HEADER });
    };
    const desktop = drawing(report, 1280, false, false, 40);
    // What a reader checks by eye: one row per rater drawn and the organisation; each bar fills 100 % of
    // its share width; the lenient and severe marks are triangles (shape, not only colour).
    expect(desktop.rows).toHaveLength(Math.min(40, report.raters.length) + 1);
    const width = (row: (typeof desktop.rows)[number]) => row.segments.reduce((s, g) => s + g.width, 0);
    const full = width(desktop.rows[0]!);
    expect(full).toBeGreaterThan(0);
    for (const row of desktop.rows) expect(width(row), row.rater_id ?? 'org').toBeCloseTo(full, 6);
    for (const row of desktop.rows.filter((r) => r.mark && r.mark.shape !== 'circle')) expect(row.mark!.d).toMatch(/^M.* Z$/);
    const withMoves = moved.changes?.by_rater ?? [];
    expect(withMoves.length).toBeGreaterThan(0);
    const beforeAfter = drawing(moved, 1280, false, true, 40);
    const movedRow = beforeAfter.rows.find((r) => r.rater_id !== null && withMoves.some((m) => m.rater_id === r.rater_id))!;
    expect(movedRow.segments.filter((g) => g.faded)).toHaveLength(moved.scale.length);
    const picture = {
      desktop,
      projector: drawing(report, 1920, true, false, 8),
      beforeAfter: { ...beforeAfter, rows: beforeAfter.rows.slice(0, 6) },
    };
    await expect(JSON.stringify(rounded(picture), null, 1)).toMatchFileSnapshot('__snapshots__/rating-distribution-stacked.sample.json');
  });

  it('rating distribution, stacked: its header labels and effect ticks never overlap, in German on a narrow projected chart', async () => {
    const { ratingMessages } = await import('../src/rating-distribution/rating-distribution.messages.js');
    const { messagesOf } = await import('../src/i18n/catalogue.js');
    const german = (await messagesOf(ratingMessages, 'de'))!;
    const labels = { share: german['chart.share-axis'] as string, effect: german['chart.effect'] as string };
    const raters = shownRaters(report.raters, 8, (r) => r.rater_id === '(pooled)');
    // A label's extent as the layout estimates it, from its anchor.
    const extent = (place: LabelPlace, text: string, fs: number) => {
      const w = textWidth(text, fs);
      const left = place.anchor === 'start' ? place.x : place.anchor === 'middle' ? place.x - w / 2 : place.x - w;
      return { left, right: left + w, y: place.y };
    };
    for (const [width, projector] of [[600, true], [940, true], [1920, true], [600, false], [1280, false]] as const) {
      const frame = chartLayout(width, { projector, beforeAfter: false });
      const D = stackedDrawing({ scale: report.scale, org: report.org, raters, moves: new Map() }, frame, { projector, beforeAfter: false, labels });
      const share = extent(D.header.share, labels.share, D.header.fontSize);
      const effect = extent(D.header.effect, labels.effect, D.header.fontSize);
      const at = `${width} px${projector ? ', projector' : ''}`;
      expect(share.y === effect.y ? share.right <= effect.left : true, at).toBe(true);
      for (const label of [share, effect]) {
        expect(label.left, at).toBeGreaterThanOrEqual(0);
        expect(label.right, at).toBeLessThanOrEqual(frame.count.x);
      }
      // The rows start below the header's last line.
      expect(D.top, at).toBeGreaterThan(Math.max(share.y, effect.y));
      const tickWidth = textWidth('+0,5', frame.fontSize * 0.75);
      D.effectTicks.slice(1).forEach((t, i) => expect(t.x - D.effectTicks[i]!.x, at).toBeGreaterThan(tickWidth));
      expect(D.effectTicks.length, at).toBeGreaterThanOrEqual(2);
    }
    // Side by side where they fit (a desktop chart, a full-width projected one); stacked where they do not.
    const lines = (width: number, projector: boolean) => {
      const D = stackedDrawing({ scale: report.scale, org: report.org, raters, moves: new Map() }, chartLayout(width, { projector, beforeAfter: false }), { projector, beforeAfter: false, labels });
      return new Set([D.header.share.y, D.header.effect.y]).size;
    };
    expect([lines(1280, false), lines(1920, true), lines(940, true), lines(600, true)]).toEqual([1, 1, 2, 2]);
  });

  it('rating distribution: a rater’s flags stay whole in the label column of a narrow projected chart in German', async () => {
    const { ratingMessages } = await import('../src/rating-distribution/rating-distribution.messages.js');
    const { messagesOf } = await import('../src/i18n/catalogue.js');
    const german = (await messagesOf(ratingMessages, 'de'))!;
    const longest = [`${german['flag.severe']} · ${german['flag.halo']}`, german['flag.pooled'] as string, `${german['flag.lenient']} · ${german['flag.halo']}`];
    // Beside another view at 1280×720: ~600 px. The flags' size is 0.78 of the rows' (26 px projected).
    const frame = chartLayout(600, { projector: true, beforeAfter: false });
    const fs = frame.fontSize * 0.78;
    for (const text of longest) {
      const fit = fitBoldLine(text, frame.label.width - 4, fs, fs * 0.72);
      expect(fit, text).toMatchObject({ text, cut: false });
      expect(fit.fontSize, text).toBeGreaterThanOrEqual(fs * 0.72);
      expect(text.length * fit.fontSize * 0.68, text).toBeLessThanOrEqual(frame.label.width - 4);
    }
    // On a wide chart they keep their full size; where even the smallest size does not fit, the line is cut.
    expect(fitBoldLine(longest[0]!, chartLayout(1920, { projector: true, beforeAfter: false }).label.width, fs, fs * 0.72).fontSize).toBe(fs);
    const cut = fitBoldLine(longest[0]!, 80, fs, fs * 0.72);
    expect(cut.cut).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(cut.fontSize).toBeCloseTo(fs * 0.72, 6);
  });

  it('rating distribution, small multiples: one cell per row on one share axis', async () => {
    const raters = shownRaters(report.raters, 40, (r) => r.rater_id === '(pooled)');
    const rows = [report.org, ...raters];
    const drawing = multiplesDrawing({ scale: report.scale, rows }, 1280, false);
    expect(drawing.cells).toHaveLength(rows.length);
    // One axis: equal shares stand equally tall in every cell.
    const perShare = drawing.cells.flatMap((c) => c.bars.filter((b) => b.share > 0).map((b) => b.height / b.share));
    for (const h of perShare) expect(h).toBeCloseTo(perShare[0]!, 6);
    // Projected beside another view (~600 px at 1280×720): two columns, not one rater per screen.
    expect(multiplesLayout(600, rows.length, true)).toMatchObject({ columns: 2 });
    expect(multiplesLayout(600, rows.length, true).cellHeight).toBeLessThan(260);
    await expect(JSON.stringify(rounded({ desktop: drawing, projector: multiplesDrawing({ scale: report.scale, rows: rows.slice(0, 9) }, 1920, true) }), null, 1)).toMatchFileSnapshot(
      '__snapshots__/rating-distribution-multiples.sample.json',
    );
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
    const { withheldMessages } = await import('../src/i18n/withheld.messages.js');
    const { messagesOf } = await import('../src/i18n/catalogue.js');
    const placeholders = (m: unknown) => (typeof m === 'string' ? [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort() : 'fn');
    for (const catalogue of [ratingMessages, nineBoxMessages, withheldMessages]) {
      const en = (await messagesOf(catalogue, 'en'))!;
      for (const locale of ['de', 'fr']) {
        const other = (await messagesOf(catalogue, locale))!;
        expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
        for (const key of Object.keys(en)) expect(placeholders(other[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });
});
