// The cascade tree at scale (issue 3): named query, roll-up, first render and
// expand-a-node-to-painted, in real Chromium on the sample organisation.
import { buildCascade, queryCascadeRows, type CascadeRows, type CascadeTree } from '@plumb/core';
import type { BenchContext, BenchScenario } from '../src/scenario.js';
import '../../elements/src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../../elements/src/cascade-tree/cascade-tree.js';

type Ctx = BenchContext;

async function until(check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for the cascade');
    await new Promise((r) => setTimeout(r, 0));
  }
}

function mount(ctx: Ctx): PlumbCascadeTree {
  const el = document.createElement('plumb-cascade-tree');
  el.style.height = '800px';
  ctx.container.append(el);
  return el;
}

const scenario: BenchScenario = {
  name: 'cascade-tree',
  sizes: [600, 10_000, 100_000],
  async run(ctx: Ctx): Promise<Record<string, number>> {
    // Warm-up (JIT, DuckDB caches) on a throwaway run, so the numbers below are steady state.
    buildCascade(await queryCascadeRows(ctx.connector, {}));

    let rows!: CascadeRows;
    let tree!: CascadeTree;
    await ctx.time('query (ms)', async () => {
      rows = await queryCascadeRows(ctx.connector, {});
    });
    await ctx.time('roll-up (ms)', () => {
      tree = buildCascade(rows);
    });

    // From the connector to painted: what an embedder sees.
    const live = mount(ctx);
    await ctx.time('query + roll-up + layout + first render (ms)', async () => {
      live.connector = ctx.connector;
      await until(() => live.tree !== undefined);
      await live.updateComplete;
      await ctx.nextFrame();
    });
    live.remove();

    const el = mount(ctx);
    await ctx.time('layout + first render, outline (ms)', async () => {
      el.data = tree;
      await el.updateComplete;
      await ctx.nextFrame();
    });
    const opened = el.visibleRows.length;

    // Expand the collapsed row with the most beneath it among those shown.
    let target = -1;
    for (const r of el.visibleRows) {
      if (r.expandable && !r.expanded && (target === -1 || tree.nodes[r.index]!.descendants > tree.nodes[target]!.descendants)) target = r.index;
    }
    if (target >= 0) {
      const key = tree.nodes[target]!.key;
      await ctx.time('expand a node to painted, outline (ms)', async () => {
        el.expand(key);
        await el.updateComplete;
        await ctx.nextFrame();
      });
      el.collapse(key);
      await el.updateComplete;
    }

    await ctx.time('switch to tidy: layout + render (ms)', async () => {
      el.layout = 'tidy';
      await el.updateComplete;
      await ctx.nextFrame();
    });
    if (target >= 0) {
      const key = tree.nodes[target]!.key;
      await ctx.time('expand a node to painted, tidy (ms)', async () => {
        el.expand(key);
        await el.updateComplete;
        await ctx.nextFrame();
      });
    }
    el.layout = 'outline';
    await el.updateComplete;
    await ctx.time('expand all to painted, outline (ms)', async () => {
      el.expandToDepth(Infinity);
      await el.updateComplete;
      await ctx.nextFrame();
    });
    const all = el.visibleRows.length;
    el.remove();
    return {
      objectives: tree.objectives,
      'key results': tree.key_results,
      unaligned: tree.unaligned.length,
      'rows on opening': opened,
      'rows expanded all': all,
    };
  },
};
export default scenario;
