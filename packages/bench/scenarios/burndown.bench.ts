// Bench: <plumb-confidence-burndown> in real Chromium — aggregate query + render
// of the whole organisation (median and band) and of one team (lines).
import { queryRows } from '@plumb/core';
// The bench page imports elements by path (@plumb/bench does not depend on @plumb/elements).
import '../../elements/src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../../elements/src/confidence-burndown/confidence-burndown.js';
import type { BenchScenario } from '../src/scenario.js';

/** Resolves when the element has a new answer (or fails with its error). */
async function settled(el: PlumbConfidenceBurndown): Promise<void> {
  await el.updateComplete;
  while (el.status === 'loading' || el.status === 'idle') {
    await new Promise((r) => setTimeout(r, 2));
    await el.updateComplete;
  }
  if (el.status === 'error') throw new Error(el.shadowRoot?.querySelector('[data-state=error]')?.textContent?.trim() ?? 'burn-down failed');
}

const scenario: BenchScenario = {
  name: 'burndown',
  async run(ctx) {
    const out: Record<string, number> = {};
    const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
    el.style.width = '1000px';
    el.by = 'cycle';
    el.display = 'band';
    el.connector = ctx.connector;
    // First view: builds the cycle's weekly series in DuckDB (cached per data version).
    await ctx.time('org first view: series build + query + render (ms)', async () => {
      ctx.container.append(el);
      await settled(el);
      await ctx.nextFrame();
    });
    // Whole organisation again with another threshold: aggregate + rules + render on the built series.
    await ctx.time('org view: aggregate query + render (ms)', async () => {
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
      await ctx.time('team view: query + render (ms)', async () => {
        el.by = 'key_result';
        el.display = 'auto';
        el.teamId = team.team_id;
        await settled(el);
        await ctx.nextFrame();
      });
    }
    out['key results'] = el.result?.key_results ?? 0;
    out['alerts'] = Object.values(el.result?.alert_counts ?? {}).reduce((a, b) => a + b, 0);
    el.remove();
    return out;
  },
};
export default scenario;
