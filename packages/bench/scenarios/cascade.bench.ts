// The cascade tree at scale (issue 9): connector → first render and expand → painted, in real
// Chromium on the sample organisation, answered from the cascade pre-aggregate (built once per data
// version inside DuckDB) with only what is open fetched. Printed beside, from the same run: the
// full-tree path this replaces (every node queried and rolled up in JS: what `plumb cascade` still
// does) and a floor (one trivial query plus two frames).
//
// Goals at 100,000 people: connector → first render ≤ 300 ms, expand ≤ 50 ms; at 10,000 and 600
// people at most half of those. Figures: packages/bench/RESULTS.md.
import { buildCascade, cascadeQuery, invalidateDerived, queryCascadeRows } from '@plumb/core';
import type { BenchContext, BenchScenario } from '../src/scenario.js';
import '../../elements/src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../../elements/src/cascade-tree/cascade-tree.js';

async function mountDrawn(ctx: BenchContext): Promise<PlumbCascadeTree> {
  const el = document.createElement('plumb-cascade-tree');
  el.classList.add('bench-cascade');
  ctx.container.append(el);
  const drawn = new Promise<void>((resolve) => el.addEventListener('plumb-rendered', () => resolve(), { once: true }));
  el.connector = ctx.connector;
  await drawn;
  await el.settled();
  await ctx.nextFrame();
  return el;
}

/** A collapsed objective among the rows shown (its children not fetched yet): what a reader opens. */
function closedObjective(el: PlumbCascadeTree): string | null {
  const forest = el.tree!;
  for (const r of el.visibleRows) {
    const n = forest.nodes[r.index]!;
    if (r.expandable && !r.expanded && !n.loaded && n.kind === 'objective') return n.key;
  }
  return null;
}

const scenario: BenchScenario = {
  name: 'cascade-tree',
  sizes: [600, 10_000, 100_000],
  async run(ctx: BenchContext): Promise<Record<string, number>> {
    // Floor: one query round trip and two frames.
    await ctx.time('floor: SELECT 1 + two frames (ms)', async () => {
      await ctx.connector.query('SELECT 1');
      await ctx.nextFrame();
    });
    // Peer: the full-tree path (every row to JS, roll-up in JS), warm.
    await queryCascadeRows(ctx.connector, {});
    await ctx.time('peer: full tree, query + roll-up (ms)', async () => {
      buildCascade(await queryCascadeRows(ctx.connector, {}));
    });

    // Cold: the pre-aggregate is built by the first view that asks (once per data version).
    invalidateDerived(ctx.connector);
    const cold = await ctx.time('connector → first render, cold: pre-aggregate built (ms)', async () => {
      (await mountDrawn(ctx)).remove();
    });
    // Warm: what every later view, filter and remount costs.
    let el!: PlumbCascadeTree;
    await ctx.time('connector → first render (ms)', async () => {
      el = await mountDrawn(ctx);
    });
    const opened = el.visibleRows.length;
    const key = closedObjective(el);
    let fetched = 0;
    if (key) {
      await ctx.time('expand an objective → painted, children fetched (ms)', async () => {
        await el.expand(key);
        await ctx.nextFrame();
      });
      fetched = el.visibleRows.length - opened;
      el.collapse(key);
      await el.updateComplete;
      await ctx.time('expand again → painted, children held (ms)', async () => {
        await el.expand(key);
        await ctx.nextFrame();
      });
    }
    // The "not aligned" group: the largest set of siblings (hundreds at 10k, thousands at 100k).
    let groupRows = 0;
    if (el.tree!.index.has('group:unaligned')) {
      const before = el.visibleRows.length;
      await ctx.time('expand the "not aligned" group → painted (ms)', async () => {
        await el.expand('group:unaligned');
        await ctx.nextFrame();
      });
      groupRows = el.visibleRows.length - before;
      el.collapse('group:unaligned');
      await el.updateComplete;
    }
    await ctx.time('search "revenue" → first match revealed (ms)', async () => {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
      input.value = 'revenue';
      input.dispatchEvent(new Event('input'));
      await el.settled();
      await ctx.nextFrame();
    });
    await ctx.time('switch to tidy → painted (ms)', async () => {
      el.layout = 'tidy';
      await el.updateComplete;
      await ctx.nextFrame();
    });
    el.remove();
    // What one named query costs on its own, warm (no element).
    await ctx.time('cascade named query alone, warm (ms)', () => cascadeQuery.run(ctx.connector, {}));
    return {
      'rows on opening': opened,
      'rows fetched on expand': fetched,
      'rows in the group': groupRows,
      'cold build included (ms)': cold,
    };
  },
};
export default scenario;
