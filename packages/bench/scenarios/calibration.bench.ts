/**
 * Calibration views at scale, each printed beside Mosaic 0.32 in the same page and run: Mosaic's
 * vgplot draws a 50-facet rating histogram (one facet per rater) from the same DuckDB-WASM
 * database (`src/mosaic-peer.ts`); then <plumb-rating-distribution> and <plumb-nine-box>, each
 * timed for
 * - first render with a cold start: the pre-aggregated tables are built (once per data version,
 *   `derived`) inside that render — the data version is moved first (`invalidateDerived`), since the
 *   scenarios share one page and connector and an earlier one (all-views) has built them already;
 * - first render of a fresh element once they exist (what every later view on the page pays);
 * - a department filter → repainted (`plumb-rendered` + two frames), and a level filter; for the
 *   department filter also the queries it ran and their time, the rest being render and frames;
 * - the rating distribution's department menu pointed at (its choices prefetched) and another department picked
 *   from it (`pickFromMenu`).
 * Goals (issue 9, 100k people): first render ≤ 0.9 × Mosaic's, filter ≤ 0.7 × Mosaic's; at 10k
 * and 600 at most half of the 100k figures. Results: packages/bench/RESULTS.md.
 */
import type { Connector } from '../../core/src/index.js';
import { invalidateDerived, queryRows } from '../../core/src/index.js';
import type { WasmConnector } from '../../core/src/wasm/index.js';
import '../../elements/src/rating-distribution/rating-distribution.define.js';
import '../../elements/src/nine-box/nine-box.define.js';
import type { PlumbCoordinator } from '../../elements/src/data/coordinator.js';
import { mosaicPeer } from '../src/mosaic-peer.js';
import type { BenchContext, BenchScenario } from '../src/scenario.js';

type CalibrationView = HTMLElement & { connector?: Connector; department?: string; level?: string };

/** Resolve when `el` has drawn a new result (its `plumb-rendered` event) and a frame has painted. */
function rendered(el: HTMLElement, ctx: BenchContext): Promise<void> {
  return new Promise((resolve) => {
    el.addEventListener('plumb-rendered', () => void ctx.nextFrame().then(resolve), { once: true });
  });
}

async function mountTimed(ctx: BenchContext, tag: string, label: string): Promise<CalibrationView> {
  const el = document.createElement(tag) as CalibrationView;
  el.style.width = '1200px';
  await ctx.time(label, async () => {
    const done = rendered(el, ctx);
    el.connector = ctx.connector;
    ctx.container.append(el);
    await done;
  });
  return el;
}

/**
 * The queries `run` sends and the time they take (their calls added up: a view's queries run one after
 * another on the one worker), to tell the SQL from the render and the two frames in a filter's time.
 * The connector's own `query` is wrapped in place (a new object would be a new key for `derived`).
 */
async function timedQueries(connector: Connector, run: () => Promise<unknown>): Promise<{ count: number; ms: number }> {
  const query = connector.query;
  const spent = { count: 0, ms: 0 };
  connector.query = async (sql, params) => {
    const start = performance.now();
    try {
      return await query.call(connector, sql, params);
    } finally {
      spent.count++;
      spent.ms += performance.now() - start;
    }
  };
  try {
    await run();
  } finally {
    connector.query = query;
  }
  return spent;
}

/** Per view, the queries of its department filter (reported beside the scenario's figures). */
const inQueries: Record<string, number> = {};

async function plumbRows(ctx: BenchContext, tag: 'plumb-rating-distribution' | 'plumb-nine-box', department: string, level: string, other?: string): Promise<void> {
  invalidateDerived(ctx.connector);
  const cold = await mountTimed(ctx, tag, `${tag} first render, pre-aggregation included (ms)`);
  cold.remove();
  const el = await mountTimed(ctx, tag, `${tag} first render (ms)`);
  const queries = await timedQueries(ctx.connector, () =>
    ctx.time(`${tag} filter (ms)`, async () => {
      const done = rendered(el, ctx);
      el.department = department;
      await done;
    }),
  );
  inQueries[`${tag} filter: queries run`] = queries.count;
  inQueries[`${tag} filter: time in queries (ms)`] = Math.round(queries.ms);
  await ctx.time(`${tag} second filter (level) (ms)`, async () => {
    const done = rendered(el, ctx);
    el.level = level;
    await done;
  });
  if (tag === 'plumb-rating-distribution' && other) await pickFromMenu(ctx, el, other);
  el.remove();
}

/**
 * The toolbar's department menu as a user meets it: pointed at (its other choices prefetched, one query each, while
 * nothing else runs), then `department` picked from it, a department not asked for before in this page.
 */
async function pickFromMenu(ctx: BenchContext, el: CalibrationView, department: string): Promise<void> {
  const back = rendered(el, ctx);
  el.department = undefined;
  el.level = undefined;
  await back;
  const menu = el.shadowRoot!.querySelector<HTMLSelectElement>('[part=toolbar] select')!;
  const coordinator = (el as CalibrationView & { coordinator: PlumbCoordinator }).coordinator;
  const before = coordinator.stats.prefetched;
  await ctx.time('plumb-rating-distribution department menu pointed at → its choices prefetched (ms)', async () => {
    menu.dispatchEvent(new PointerEvent('pointerenter'));
    await coordinator.prefetchSettled();
  });
  inQueries['plumb-rating-distribution department menu: choices prefetched'] = coordinator.stats.prefetched - before;
  await ctx.time('plumb-rating-distribution filter picked from the prefetched menu (ms)', async () => {
    const done = rendered(el, ctx);
    menu.value = department;
    menu.dispatchEvent(new Event('change'));
    await done;
  });
}

export default {
  name: 'calibration',
  sizes: [600, 10_000, 100_000],
  async run(ctx: BenchContext): Promise<Record<string, number>> {
    const [dept, second] = await queryRows<{ department: string }>(
      ctx.connector,
      'SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2',
    );
    const [lvl] = await queryRows<{ level: string }>(
      ctx.connector,
      'SELECT level FROM people WHERE level IS NOT NULL AND department = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
      [dept!.department],
    );
    // The peer first, in the same page and run: Mosaic's 50-facet rating histogram.
    if ('asyncDuckDB' in ctx.connector) {
      const peer = await mosaicPeer(await (ctx.connector as WasmConnector).asyncDuckDB());
      await ctx.time('mosaic histogram first render (ms)', () => peer.firstRender(ctx.container));
      await ctx.time('mosaic histogram filter (ms)', () => peer.filter(dept!.department));
      peer.destroy();
    }
    await plumbRows(ctx, 'plumb-rating-distribution', dept!.department, lvl!.level, second?.department);
    await plumbRows(ctx, 'plumb-nine-box', dept!.department, lvl!.level);
    const [r] = await queryRows<{ raters: number; people: number }>(
      ctx.connector,
      `SELECT count(DISTINCT rater_id) AS raters, count(DISTINCT employee_id) AS people FROM ratings WHERE stage = 'manager'`,
    );
    return { raters: Number(r!.raters), rated_people: Number(r!.people), ...inQueries };
  },
} satisfies BenchScenario;
