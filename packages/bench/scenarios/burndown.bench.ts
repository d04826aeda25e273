// Bench: <plumb-confidence-burndown> in real Chromium on the loaded sample — the first view (which
// builds the per data version tables: key result × week series and the rules pass), then team and
// department changes (filters over those tables), each to painted. Beside them, from the same run,
// the floor: one round trip of a trivial query, and a full scan of the check-ins.
import { queryRows } from '@plumb/core';
// The bench page imports elements by path (@plumb/bench does not depend on @plumb/elements).
import '../../elements/src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../../elements/src/confidence-burndown/confidence-burndown.js';
import type { BenchScenario } from '../src/scenario.js';

/**
 * Week 7 of the sample's 2026 Q3 cycle (a fixed "today", so every run draws the same weeks). The all-views scenario's
 * burn-down draws as of the real today, after the cycle: all 13 weeks, so its build is ~1.5× this one's.
 */
const AS_OF = '2026-08-12';
const TEAM_CHANGES = 7;

/** Resolves when the element has drawn its current inputs (or fails with its error). */
async function drawn(el: PlumbConfidenceBurndown): Promise<void> {
  await el.settled();
  if (el.status === 'error') throw new Error(el.error?.message ?? 'burn-down failed');
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number): number => Math.round(x * 10) / 10;

const scenario: BenchScenario = {
  name: 'burndown',
  async run(ctx) {
    const out: Record<string, number> = {};
    await ctx.time('floor: SELECT 1 round trip (ms)', () => ctx.connector.query('SELECT 1'));
    await ctx.time('floor: scan of every check-in, count + max (ms)', () =>
      ctx.connector.query('SELECT count(*), max(confidence) FROM check_ins'),
    );
    const teams = await queryRows<{ team_id: string }>(
      ctx.connector,
      `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
        WHERE o.team_id IS NOT NULL GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`,
      [TEAM_CHANGES],
    );
    const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
    el.style.width = '1000px';
    el.asOf = AS_OF;
    el.by = 'cycle';
    el.connector = ctx.connector;
    // First view: builds the cycle's key result × week table and the rules pass (once per data version).
    await ctx.time('first view: organisation, from loaded data (ms)', async () => {
      ctx.container.append(el);
      await drawn(el);
      await ctx.nextFrame();
    });
    // A team (with its sub-teams) and back: filters over the built tables.
    const changes: number[] = [];
    for (const { team_id } of teams) {
      const t0 = performance.now();
      el.teamId = team_id;
      await drawn(el);
      await ctx.nextFrame();
      changes.push(performance.now() - t0);
    }
    out['team change → painted, median of 7 (ms)'] = round(median(changes));
    out['team change → painted, slowest of 7 (ms)'] = round(Math.max(...changes));
    el.teamId = undefined;
    await ctx.time('filter change: department Engineering (ms)', async () => {
      el.department = 'Engineering';
      await drawn(el);
      await ctx.nextFrame();
    });
    el.department = undefined;
    // Another threshold: one more rules pass over the built series (the series is not rebuilt).
    await ctx.time('threshold change: new rules pass + organisation (ms)', async () => {
      el.threshold = 0.55;
      await drawn(el);
      await ctx.nextFrame();
    });
    await ctx.time('small multiples by team (ms)', async () => {
      el.by = 'team';
      await drawn(el);
      await ctx.nextFrame();
    });
    out['key results'] = el.result?.key_results ?? 0;
    out['alerts'] = Object.values(el.result?.alert_counts ?? {}).reduce((a, b) => a + b, 0);
    el.remove();
    return out;
  },
};
export default scenario;
