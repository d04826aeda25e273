// The four views (and the person review when present) under one <plumb-data> on a connector that
// already holds the sample: first render of all of them together, then "select a team → every view
// repainted" and "clear → every view repainted", 10 times each on different teams. "Repainted" is
// what `<plumb-data>.select()` promises (every affected view has drawn its new result) plus two
// animation frames (it is on screen). Shared by all-views.bench.ts (DuckDB-WASM in the page) and
// all-views-http.bench.ts (HttpConnector to native DuckDB, to 1,000,000 people).
// "First render of all": from handing <plumb-data> the connector (nothing built yet: every view's
// pre-aggregate build is inside) until every view has drawn its first result, plus a frame. "First render:
// <view> drawn": from the same start until that view drew its first result (its build and those of the
// views before it, which run first, are inside). Over HTTP the server built them at start-up.
// Goals (issue 9, 100k people): select/clear median ≤ 50 ms, slowest of 10 ≤ 100 ms, first render ≤ 1 s.
import { queryRows, type Connector } from '@plumb/core';
import '../../elements/src/index.js';
import type { PlumbData } from '../../elements/src/plumb-data/plumb-data.js';
import type { PlumbView } from '../../elements/src/view/plumb-view.js';
import type { BenchContext } from '../src/scenario.js';

const TAGS = ['plumb-cascade-tree', 'plumb-confidence-burndown', 'plumb-rating-distribution', 'plumb-nine-box'];
const REPETITIONS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Teams with key results and at least 5 people: a selection that changes every view. */
async function busyTeams(connector: Connector): Promise<string[]> {
  const rows = await queryRows<{ team_id: string }>(
    connector,
    `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
      WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
      GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`,
    [REPETITIONS * 2],
  );
  return rows.map((r) => r.team_id);
}

export async function runAllViews(ctx: BenchContext): Promise<Record<string, number>> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.hideDiagnostics = true;
  data.classList.add('bench-grid');
  const views = TAGS.map((tag) => document.createElement(tag) as PlumbView<object, unknown>);
  data.append(...views);
  const failed = () => views.filter((v) => v.status === 'error').map((v) => `${v.localName}: ${v.error?.message}`);
  const painted = async () => {
    await Promise.all(views.map((v) => v.settled()));
    await ctx.nextFrame();
    const errors = failed();
    if (errors.length) throw new Error(errors.join('; '));
  };

  // When each view first drew, from the same start: the pre-aggregate builds run one after another (one engine),
  // the one reading the fewest rows first (the calibration views', then the burn-down's, then the cascade's), so the
  // first of them draws after its own build, the last after all of them. The burn-down draws as of today: every week
  // of the sample's cycle (it ended 2026-09-27), where the burndown scenario draws as of its week 7 — a series about
  // half as long (Chromium, 100k: the series statement ~0.8–1.1 s of CPU against ~1.2–1.5 s, prof/first-render-chromium.ts
  // with VIEWS=burndown and VIEWS=burndown-today): its build here is not the burndown scenario's first view's.
  const firstDrawn = new Map<string, number>();
  let start = 0;
  for (const v of views) {
    v.addEventListener('plumb-rendered', () => firstDrawn.set(v.localName, performance.now() - start), { once: true });
  }
  await ctx.time(`first render of all ${views.length} views (ms)`, async () => {
    start = performance.now();
    const loaded = new Promise<void>((resolve, reject) => {
      data.addEventListener('plumb-load', () => resolve(), { once: true });
      data.addEventListener('plumb-error', (e) => reject(new Error(e.detail.message)), { once: true });
    });
    data.connector = ctx.connector;
    ctx.container.append(data);
    await loaded;
    await painted();
  });
  // Each pre-aggregate build's own time (none over HTTP: the server built them at start-up): what the first render waits for.
  const builds = await data.coordinator.preAggregates;
  const notDrawn = views.filter((v) => v.result === undefined || !firstDrawn.has(v.localName)).map((v) => v.localName);
  if (notDrawn.length) throw new Error(`nothing drawn after the first render: ${notDrawn.join(', ')}`);

  /** `data.select(selection)`, then every view repainted; each view's own time to settle goes into `perView`. */
  const perView = new Map<string, number[]>();
  const selectAndPaint = async (selection: Parameters<PlumbData['select']>[0], round: string): Promise<number> => {
    const t0 = performance.now();
    const selected = data.select(selection);
    const each = views.map((v) => v.settled().then(() => {
      const key = `${round}: ${v.localName.replace(/^plumb-/, '')} settled, median (ms)`;
      perView.set(key, [...(perView.get(key) ?? []), performance.now() - t0]);
    }));
    await selected;
    await Promise.all(each);
    await painted();
    return performance.now() - t0;
  };

  const busy = await busyTeams(ctx.connector);
  // The first REPETITIONS for the selections; the next ones, not selected before, for those rested on first.
  const teams = busy.slice(0, REPETITIONS);
  const restedTeams = busy.slice(REPETITIONS);
  if (teams.length === 0) throw new Error('no team with key results and people');
  const select: number[] = [];
  const clear: number[] = [];
  const queriesBefore = data.coordinator.stats.queries;
  for (const team of teams) {
    select.push(await selectAndPaint({ kind: 'team', id: team, filter: { team_id: team } }, 'select'));
    const unchanged = views.filter((v) => v.linkedFilter.filter.team_id !== team).map((v) => v.localName);
    if (unchanged.length) throw new Error(`not filtered by the team: ${unchanged.join(', ')}`);
    clear.push(await selectAndPaint(null, 'clear'));
  }
  const selectionQueries = data.coordinator.stats.queries - queriesBefore;
  // A second round on the same teams: answered from the coordinator's cache.
  const again: number[] = [];
  const queriesBeforeAgain = data.coordinator.stats.queries;
  for (const team of teams) {
    again.push(await selectAndPaint({ kind: 'team', id: team, filter: { team_id: team } }, 'select again'));
    await selectAndPaint(null, 'clear again');
  }
  const cachedRoundQueries = data.coordinator.stats.queries - queriesBeforeAgain;
  // A team rested on before the click (what a view's `anticipate` asks after 150 ms on a row): every view's answer for
  // its selection prefetched, then selected. In-page engines only (a server is never sent prefetches).
  const rested: Record<string, number> = {};
  if (restedTeams.length && !data.coordinator.connector?.runNamedQuery) {
    const prefetched: number[] = [];
    const afterRest: number[] = [];
    for (const team of restedTeams) {
      const clause = { kind: 'team' as const, id: team, filter: { team_id: team } };
      const t0 = performance.now();
      await data.coordinator.prefetchSelection(data, clause);
      prefetched.push(performance.now() - t0);
      afterRest.push(await selectAndPaint(clause, 'select after resting'));
      await selectAndPaint(null, 'clear after resting');
    }
    rested['team rested on → its selection prefetched, median (ms)'] = round(median(prefetched));
    rested['select team after resting on it → all views repainted, median (ms)'] = round(median(afterRest));
    rested['select team after resting on it, slowest (ms)'] = round(Math.max(...afterRest));
  }
  data.remove();
  return {
    'select team → all views repainted, median (ms)': round(median(select)),
    'select team, slowest of 10 (ms)': round(Math.max(...select)),
    'clear → all views repainted, median (ms)': round(median(clear)),
    'clear, slowest of 10 (ms)': round(Math.max(...clear)),
    'select again (cached), median (ms)': round(median(again)),
    'queries run for the selections': selectionQueries,
    'queries run for the second round (cached)': cachedRoundQueries,
    ...rested,
    ...Object.fromEntries(views.map((v) => [`first render: ${v.localName.replace(/^plumb-/, '')} drawn (ms)`, round(firstDrawn.get(v.localName)!)])),
    ...Object.fromEntries(builds.map((b) => [`first render: ${b.query} build (ms)`, round(b.ms)])),
    ...Object.fromEntries([...perView].filter(([k]) => k.startsWith('select') && !k.startsWith('select after')).map(([k, v]) => [k, round(median(v))])),
    teams: teams.length,
  };
}
