// Bench: <plumb-confidence-burndown> in real Chromium — aggregate query + render
// of the whole organisation (median and band) and of one team (lines).
import type { Connector } from '../../core/src/connector.js';
import { queryRows } from '../../core/src/connector.js';
import '../../elements/src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../../elements/src/confidence-burndown/confidence-burndown.js';

interface BenchContext {
  connector: Connector;
  people: number;
  container: HTMLElement;
  time(label: string, fn: () => Promise<unknown> | unknown): Promise<unknown>;
  nextFrame(): Promise<unknown>;
}

/** Resolves when the element has a new answer (or fails with its error). */
async function settled(el: PlumbConfidenceBurndown): Promise<void> {
  await el.updateComplete;
  while (el.status === 'loading' || el.status === 'idle') {
    await new Promise((r) => setTimeout(r, 2));
    await el.updateComplete;
  }
  if (el.status === 'error') throw new Error(el.shadowRoot?.querySelector('[data-state=error]')?.textContent?.trim() ?? 'burn-down failed');
}

export default {
  name: 'burndown',
  sizes: [1_000, 10_000, 100_000],
  async run(ctx: BenchContext): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    const measure = async (label: string, fn: () => Promise<void>): Promise<void> => {
      const start = performance.now();
      await ctx.time(label, fn);
      out[label] = performance.now() - start;
    };
    const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
    el.style.width = '1000px';
    el.by = 'cycle';
    el.display = 'band';
    el.connector = ctx.connector;
    // First view: builds the cycle's weekly series in DuckDB (cached per data version).
    await measure('org first view: series build + query + render (ms)', async () => {
      ctx.container.append(el);
      await settled(el);
      await ctx.nextFrame();
    });
    // Whole organisation again with another threshold: aggregate + rules + render on the built series.
    await measure('org view: aggregate query + render (ms)', async () => {
      el.threshold = 0.55;
      await settled(el);
      await ctx.nextFrame();
    });
    const [team] = await queryRows<{ team_id: string }>(
      ctx.connector,
      `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
        WHERE o.team_id IS NOT NULL GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 1`,
    );
    if (team) {
      await measure('team view: query + render (ms)', async () => {
        el.by = 'key_result';
        el.display = 'auto';
        el.teamId = team.team_id;
        await settled(el);
        await ctx.nextFrame();
      });
    }
    out['key results'] = el.result?.key_results ?? 0;
    el.remove();
    return out;
  },
};
