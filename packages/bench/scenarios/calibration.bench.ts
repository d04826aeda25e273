/**
 * Calibration views at scale: query + statistics + render of
 * <plumb-rating-distribution> and <plumb-nine-box> on the sample
 * organisation, then a department filter change to repainted.
 * Targets (issue 5): < 60 ms to first render, < 30 ms per filter at 100k people.
 */
import type { Connector } from '../../core/src/index.js';
import { calibrationReport, queryRows } from '../../core/src/index.js';
import '../../elements/src/rating-distribution/rating-distribution.define.js';
import '../../elements/src/nine-box/nine-box.define.js';

interface BenchContext {
  connector: Connector;
  people: number;
  container: HTMLElement;
  time(label: string, fn: () => Promise<unknown> | unknown): Promise<number>;
  nextFrame(): Promise<void>;
}

/** Resolve when `el` has drawn a new result (its `plumb-rendered` event) and a frame has painted. */
function rendered(el: HTMLElement, ctx: BenchContext): Promise<void> {
  return new Promise((resolve) => {
    el.addEventListener('plumb-rendered', () => void ctx.nextFrame().then(resolve), { once: true });
  });
}

async function firstAndFilter(ctx: BenchContext, tag: 'plumb-rating-distribution' | 'plumb-nine-box', department: string | null) {
  const el = document.createElement(tag) as HTMLElement & { connector?: Connector; department?: string };
  el.style.width = '1200px';
  const first = await ctx.time(`${tag} first render`, async () => {
    const done = rendered(el, ctx);
    el.connector = ctx.connector;
    ctx.container.append(el);
    await done;
  });
  let filter = NaN;
  if (department !== null) {
    filter = await ctx.time(`${tag} filter`, async () => {
      const done = rendered(el, ctx);
      el.department = department;
      await done;
    });
  }
  el.remove();
  return { first, filter };
}

export default {
  name: 'calibration',
  sizes: [10_000, 100_000],
  async run(ctx: BenchContext): Promise<Record<string, number>> {
    const [dept] = await queryRows<{ department: string | null }>(
      ctx.connector,
      'SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    );
    const department = dept?.department ?? null;
    const report = await ctx.time('calibrationReport (queries + statistics)', () => calibrationReport(ctx.connector));
    const reportFiltered = await ctx.time('calibrationReport filtered', () =>
      calibrationReport(ctx.connector, department ? { department } : {}),
    );
    const rd = await firstAndFilter(ctx, 'plumb-rating-distribution', department);
    const nb = await firstAndFilter(ctx, 'plumb-nine-box', department);
    return {
      report_ms: report,
      report_filtered_ms: reportFiltered,
      rating_distribution_first_render_ms: rd.first,
      rating_distribution_filter_ms: rd.filter,
      nine_box_first_render_ms: nb.first,
      nine_box_filter_ms: nb.filter,
    };
  },
};
