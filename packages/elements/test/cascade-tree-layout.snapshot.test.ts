import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSample, queryCascadeView, type CascadeViewResult } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { forestFromView, type LazyForest } from '../src/cascade-tree/lazy-forest.js';
import { visibleRows } from '../src/cascade-tree/visible-rows.js';
import { DEFAULT_TIDY_SIZE, linkPath, tidyLayout } from '../src/cascade-tree/cascade-layout.js';
import { DEFAULT_OUTLINE_SVG_SIZE, outlineSvgLayout } from '../src/cascade-tree/outline-svg.js';
import { cardChars, tidySizeFor } from '../src/cascade-tree/tidy-size.js';
import { fitTransform } from '../src/cascade-tree/tidy-fit.js';

// Committed pictures of the two layouts on the seeded sample (600 people, seed 1, TZ=UTC): a changed
// layout is a reviewed diff. The rows are what the element opens first (the query's opening depth).
describe('cascade layouts on the seeded sample (snapshots)', () => {
  const db = new NodeConnector();
  let result: CascadeViewResult;
  let forest: LazyForest;
  let rows: ReturnType<typeof visibleRows>;
  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
    result = await queryCascadeView(db, {});
    forest = forestFromView(result.nodes);
    const open = new Set(result.open.map((k) => forest.index.get(k)!).filter((i) => i !== undefined));
    rows = visibleRows(forest, open, true);
  }, 60_000);
  afterAll(() => db.close());

  it('the outline rows opened first', async () => {
    const text = rows.map((r) => `${'  '.repeat(r.level - 1)}${forest.nodes[r.index]!.key} ${r.posInSet}/${r.setSize}${r.expandable ? (r.expanded ? ' open' : ' closed') : ''}`);
    await expect(text.join('\n')).toMatchFileSnapshot('__snapshots__/cascade-outline-rows.sample.txt');
  });

  it('the tidy tree of those rows', async () => {
    const layout = tidyLayout(rows, DEFAULT_TIDY_SIZE);
    const picture = {
      width: layout.width,
      height: layout.height,
      nodes: layout.nodes.map((n) => `${forest.nodes[n.index]!.key} ${n.x},${n.y}`),
      links: layout.links.map((l) => linkPath(l, DEFAULT_TIDY_SIZE)),
    };
    await expect(JSON.stringify(picture, null, 1)).toMatchFileSnapshot('__snapshots__/cascade-tidy.sample.json');
  });

  it('the tidy tree spread over a 1920 px and a 1280 px room, and where Fit puts it', async () => {
    const levels = Math.max(...rows.map((r) => r.level));
    // The cascade's box in the demo: 1532×430 at 1920×1080, 1212×430 at 1280×720 (measured in the page).
    const picture = [{ width: 1532, height: 430 }, { width: 1212, height: 430 }].map((box) => {
      const size = tidySizeFor(box.width, levels);
      const layout = tidyLayout(rows, size);
      const fit = fitTransform(layout, box, layout.nodes[0]!, { minScale: 1, maxScale: 1.6, margin: 16, nodeHeight: size.nodeHeight });
      return { box, size, chars: cardChars(size), width: layout.width, height: layout.height, fit, first: layout.nodes.slice(0, 6).map((n) => `${n.x},${n.y}`) };
    });
    // Both fill the width (at most one margin short of it) and open at scale 1, panning the rest.
    for (const p of picture) {
      expect(p.width).toBeLessThanOrEqual(p.box.width - 32);
      expect(p.width).toBeGreaterThan(p.box.width * 0.8);
      expect(p.fit.k).toBe(1);
    }
    await expect(JSON.stringify(picture, null, 1)).toMatchFileSnapshot('__snapshots__/cascade-tidy-rooms.sample.json');
  });

  it('the outline as a drawing (SVG export geometry)', async () => {
    const layout = outlineSvgLayout(
      rows.map((r) => ({ level: r.level, bar: forest.nodes[r.index]!.kind !== 'group', progress: forest.nodes[r.index]!.progress })),
      DEFAULT_OUTLINE_SVG_SIZE,
    );
    expect(layout.rows).toHaveLength(rows.length);
    await expect(JSON.stringify(layout, null, 1)).toMatchFileSnapshot('__snapshots__/cascade-outline-svg.sample.json');
  });
});
