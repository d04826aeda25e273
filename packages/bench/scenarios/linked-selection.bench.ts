// Bench (issue 6): linked selection across the three views under one
// <plumb-data> sharing the already-loaded connector. Measures the first render
// of all three, then "select a team → all three repainted" and "clear → all
// three repainted" (median of a few repetitions, each on another team), and the
// same for a team rested on before the click (its selection prefetched).
// Aim: under 50 ms at 100k people.
//
// "Alone": one view follows the selection (the other opts out), on teams not selected before, so its
// queries run (the floor round re-selects the first teams: every answer comes from the cache).
//
// "Repainted" = the promise `<plumb-data>.select()` returns (it settles when every
// affected view has answered its query and drawn) and then ctx.nextFrame() (two
// animation frames: the DOM has been painted). The
// rating distribution's `plumb-rendered` event is also counted, to check that
// each selection really produced a newly drawn report.
import { queryRows } from '@plumb/core';
// The bench page imports elements by path (@plumb/bench does not depend on @plumb/elements).
import '../../elements/src/plumb-data/plumb-data.define.js';
import '../../elements/src/cascade-tree/cascade-tree.define.js';
import '../../elements/src/confidence-burndown/confidence-burndown.define.js';
import '../../elements/src/rating-distribution/rating-distribution.define.js';
import type { PlumbData } from '../../elements/src/plumb-data/plumb-data.js';
import type { PlumbCascadeTree } from '../../elements/src/cascade-tree/cascade-tree.js';
import type { PlumbConfidenceBurndown } from '../../elements/src/confidence-burndown/confidence-burndown.js';
import type { PlumbRatingDistribution } from '../../elements/src/rating-distribution/rating-distribution.js';
import type { BenchScenario } from '../src/scenario.js';

const REPETITIONS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** An element's error panel text, if it shows one (a failed query must fail the scenario, not time as fast). */
function errorOf(el: Element): string | null {
  const panel = el.shadowRoot?.querySelector('[data-state=error]');
  return panel?.textContent?.trim() || null;
}

const scenario: BenchScenario = {
  name: 'linked-selection',
  sizes: [600, 10_000, 100_000],
  async run(ctx) {
    const data = document.createElement('plumb-data') as PlumbData;
    data.hideDiagnostics = true;
    data.style.cssText = 'display:grid;grid-template-columns:1fr 1fr;gap:8px;width:1280px;';
    const cascade = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
    cascade.style.height = '400px';
    const burndown = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
    const ratings = document.createElement('plumb-rating-distribution') as PlumbRatingDistribution;
    data.append(cascade, burndown, ratings);
    const views = [cascade, burndown, ratings];

    let rendered = 0;
    ratings.addEventListener('plumb-rendered', () => rendered++);

    /** `change` (a selection, or a view opting in or out) has settled in every view, then painted. */
    const repainted = async (change?: Promise<void>) => {
      await change;
      await Promise.all(views.map((v) => v.updateComplete));
      await Promise.all(views.map((v) => v.settled()));
      await ctx.nextFrame();
      for (const v of views) {
        const error = errorOf(v);
        if (error) throw new Error(`${v.localName}: ${error}`);
      }
    };

    // First render: <plumb-data> adopts the connector (schema check + row counts), publishes, and the three views query and draw.
    await ctx.time('first render of all three (ms)', async () => {
      const loaded = new Promise<void>((resolve, reject) => {
        data.addEventListener('plumb-load', () => resolve(), { once: true });
        data.addEventListener('plumb-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)), { once: true });
      });
      data.connector = ctx.connector;
      ctx.container.append(data);
      await loaded;
      await repainted();
    });
    if (!cascade.tree || !burndown.result || !ratings.report) throw new Error('a view has nothing drawn after the first render');
    const orgRated = ratings.report.org.n;

    // Teams that have both key results (burn-down) and rated people (distribution): a click that changes all of them.
    // The first REPETITIONS for the three views; the next ones for "one view alone", so those rounds ask the
    // database too (on the same teams again they would be answers from the coordinator's cache).
    const picked = await queryRows<{ team_id: string }>(
      ctx.connector,
      `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
        WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
        GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ${REPETITIONS * 4}`,
    );
    const teams = picked.slice(0, REPETITIONS);
    if (teams.length === 0) throw new Error('no team with key results and people');
    const freshTeams = [picked.slice(REPETITIONS, REPETITIONS * 2), picked.slice(REPETITIONS * 2, REPETITIONS * 3)];
    const restedTeams = picked.slice(REPETITIONS * 3);

    const select: number[] = [];
    const clear: number[] = [];
    const renderedBefore = rendered;
    let filteredRated = 0;
    for (const { team_id } of teams) {
      // As a team click does: the source's select(), made by the cascade (so the cascade itself does not filter).
      let t0 = performance.now();
      await repainted(data.select({ kind: 'team', id: team_id, filter: { team_id }, source: cascade }));
      select.push(performance.now() - t0);
      filteredRated = ratings.report?.org.n ?? 0;
      if (burndown.result?.key_results === undefined) throw new Error('burn-down has no result after the selection');

      t0 = performance.now();
      await repainted(data.select(null));
      clear.push(performance.now() - t0);
    }
    // Each select and each clear must have drawn a new distribution; otherwise the timing measured nothing.
    if (rendered - renderedBefore < teams.length * 2) {
      throw new Error(`rating distribution redrew ${rendered - renderedBefore} times for ${teams.length * 2} selection changes`);
    }

    // A team the pointer (or focus) rested on before the click: what the cascade's `anticipate` asks after 150 ms on a
    // row, the other views' answers for its selection prefetched, then the click. Teams not selected before.
    const anticipated: Record<string, number> = {};
    if (restedTeams.length) {
      const prefetched: number[] = [];
      const afterRest: number[] = [];
      for (const { team_id } of restedTeams) {
        const clause = { kind: 'team' as const, id: team_id, filter: { team_id } };
        let t0 = performance.now();
        await data.coordinator.prefetchSelection(cascade, clause);
        prefetched.push(performance.now() - t0);
        t0 = performance.now();
        await repainted(data.select({ ...clause, source: cascade }));
        afterRest.push(performance.now() - t0);
        await repainted(data.select(null));
      }
      anticipated['team rested on → its selection prefetched, median (ms)'] = round(median(prefetched));
      anticipated['select team after resting on it → 3 views repainted, median (ms)'] = round(median(afterRest));
      anticipated['select team after resting on it, max (ms)'] = round(Math.max(...afterRest));
    }

    // Where the time goes: the same select/clear with only one view following the selection
    // (the other opts out: `unlinked`).
    const alone: Record<string, number> = {};
    for (const [i, [name, only]] of ([['burn-down', burndown], ['rating distribution', ratings]] as const).entries()) {
      burndown.unlinked = only !== burndown;
      ratings.unlinked = only !== ratings;
      await repainted();
      const times: number[] = [];
      // Teams not selected before (a small sample has too few: then the same teams, from the cache, and it says so).
      const aloneTeams = freshTeams[i]!.length ? freshTeams[i]! : teams;
      alone[`${name} alone: teams not selected before`] = freshTeams[i]!.length;
      for (const { team_id } of aloneTeams) {
        const t0 = performance.now();
        await repainted(data.select({ kind: 'team', id: team_id, filter: { team_id }, source: cascade }));
        times.push(performance.now() - t0);
        await repainted(data.select(null));
      }
      alone[`select team → ${name} alone repainted, median (ms)`] = round(median(times));
    }
    // Nothing follows: the cost of the selection round trip itself (context update, three re-renders, two frames;
    // the teams of the first round: every answer in the cache).
    burndown.unlinked = true;
    ratings.unlinked = true;
    await repainted();
    const idle: number[] = [];
    for (const { team_id } of teams) {
      const t0 = performance.now();
      await repainted(data.select({ kind: 'team', id: team_id, filter: { team_id }, source: cascade }));
      idle.push(performance.now() - t0);
      await repainted(data.select(null));
    }
    alone['select team, no view filtering (floor), median (ms)'] = round(median(idle));

    data.remove();
    return {
      'select team → 3 views repainted, median (ms)': round(median(select)),
      'select team, max (ms)': round(Math.max(...select)),
      'clear → 3 views repainted, median (ms)': round(median(clear)),
      'clear, max (ms)': round(Math.max(...clear)),
      ...anticipated,
      repetitions: teams.length,
      'rated people, org': orgRated,
      ...alone,
      'rated people, last team': filteredRated,
    };
  },
};
export default scenario;
