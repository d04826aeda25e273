// Node profile of the burn-down query path: first view (series build + rules) and later views.
// Run: flock /tmp/plumb-heavy.lock pnpm exec tsx packages/bench/prof/burndown-prof.ts [people] [repeats]
//      (EACH=1 prints every SQL statement's time)
import { burndown, type BurndownOptions } from '@plumb/core';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 10000);
const repeats = Number(process.argv[3] ?? 2);
const asOf = '2026-08-20';
const { connector, sql } = await timedSample(people);
let t = performance.now();

const [team] = (await connector.query(
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IS NOT NULL GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 1`,
)).toArray().map((r) => r.toJSON() as { team_id: string });
const views: [string, BurndownOptions][] = [
  ['org first view', { asOf, cacheKey: 1 }],
  ['org view, threshold 0.55', { asOf, cacheKey: 1, threshold: 0.55 }],
  ['by team', { asOf, cacheKey: 1, by: 'team' }],
  ['one team, per key result', { asOf, cacheKey: 1, team_id: team!.team_id, seriesLimit: 200 }],
  ['department Engineering', { asOf, cacheKey: 1, department: 'Engineering' }],
];
for (let r = 0; r < repeats; r++) {
  for (const [label, options] of views) {
    sql.ms = 0;
    t = performance.now();
    const result = await burndown(connector, options);
    const total = performance.now() - t;
    console.log(`run ${r} ${label}: ${total.toFixed(0)} ms (sql ${sql.ms.toFixed(0)}); ${result.key_results} KRs, ${result.alerts.length} alerts`);
  }
}
await connector.close();
