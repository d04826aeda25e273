// Node profile of a team selection: the four views' named queries with the options their elements send by
// default, for the busiest teams, after the pre-aggregate builds — each query's wall and CPU time, and with
// EACH=1 every statement's. Where "select a team → all views repainted" goes (all-views' per-view figures
// are settle times on one engine, so each includes the queries ahead of it).
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/selection-prof.ts [people] [teams]
import { buildPreAggregates, burndownQuery, calibrationReportQuery, cascadeQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import { timedSample } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 100000);
const teamCount = Number(process.argv[3] ?? 5);
const { connector, sql } = await timedSample(people);
const views: [NamedQuery<never, unknown>, object][] = [cascadeQuery, burndownQuery, calibrationReportQuery, nineBoxQuery].map((query) => [
  query as NamedQuery<never, unknown>,
  VIEW_OPTIONS[query.name as keyof typeof VIEW_OPTIONS],
]);
const built = await buildPreAggregates(connector, views.map(([q]) => q));
console.log(built.map((b) => `${b.query} build ${b.ms.toFixed(0)} ms`).join(', '));
const teams = (await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`, [teamCount])).map((r) => r.team_id);
const totals = new Map<string, number[]>();
for (const [round, filter] of [['unfiltered', {}], ...teams.map((t) => [`team ${t}`, { team_id: t }])] as [string, object][]) {
  for (const [query, options] of views) {
    sql.ms = 0;
    const t = performance.now();
    const cpu = process.cpuUsage();
    await query.run(connector, { ...options, ...filter } as never);
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - t;
    if (round !== 'unfiltered') totals.set(query.name, [...(totals.get(query.name) ?? []), ms]);
    console.log(`${round}: ${query.name} ${ms.toFixed(0)} ms (sql ${sql.ms.toFixed(0)}, cpu ${((used.user + used.system) / 1000).toFixed(0)})`);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
console.log(`team selection, median per query: ${[...totals].map(([n, v]) => `${n} ${median(v).toFixed(0)} ms`).join(', ')}`);
await connector.close();
