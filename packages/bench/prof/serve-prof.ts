// `plumb serve`'s engine (native DuckDB) holding the bench's Parquet sample: the start-up build per named
// query, then each view's named query for a few team selections as the server runs it — wall time, time
// inside SQL statements, the CPU it kept busy (cores), and the JSON answer's size and serialisation. EACH=1 prints
// every statement. Then the same four views for other teams side by side, each on the server's pooled
// connections (as `plumb serve` answers a page's requests): the wall time of all four against the sum alone.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/serve-prof.ts 100000
import { join } from 'node:path';
import { buildPreAggregates, invalidateDerived, queryRows } from '@plumb/core';
import { NAMED_QUERIES } from '@plumb/core/queries';
import { NativeConnector, prepareServedViews } from '@plumb/core/node';
import { loadCanonicalParquet } from '../src/http-run.js';
import { timeStatements } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 100000);
const dir = join(import.meta.dirname, '..', '.data', `${people}-s1`, 'parquet');
const connector = new NativeConnector({ config: { threads: '2', memory_limit: '10GB' } });
const sql = timeStatements(connector);
let t = performance.now();
await loadCanonicalParquet(connector, dir);
console.log(`load ${people}: ${(performance.now() - t).toFixed(0)} ms`);
// The start-up build as plumb serve makes it (every view's build side by side on the pooled connections);
// BUILDS=ab: first one after another on the main connection (as before), then side by side, then in turn again.
const builds = process.env.BUILDS === 'ab' ? ['in turn', 'side by side', 'in turn'] : ['side by side'];
for (const how of builds) {
  invalidateDerived(connector);
  const cpu = process.cpuUsage();
  t = performance.now();
  const done = how === 'in turn' ? await buildPreAggregates(connector, Object.values(NAMED_QUERIES), { minGroup: 5 }) : await prepareServedViews(connector, { minGroup: 5 });
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  for (const b of done) console.log(`  prepare ${b.query}: ${b.ms.toFixed(0)} ms${b.error ? ` ERROR ${b.error}` : ''}`);
  console.log(`prepare total (${how}) ${wall.toFixed(0)} ms, CPU ${((used.user + used.system) / 1e3 / wall).toFixed(2)} cores`);
}

const salt = 'prof';
const base = { anonymize: false, salt, minGroup: 5, pseudonymSalt: salt };
const views: [string, Record<string, unknown>][] = [
  ...Object.entries(VIEW_OPTIONS),
  ['filter-description', {}],
];
const teams = (
  await queryRows<{ team_id: string }>(
    connector,
    `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
      WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
      GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 8`,
  )
).map((r) => r.team_id);
for (const team of [null, ...teams.slice(0, 4), null]) {
  console.log(`-- ${team ?? 'no selection'}`);
  for (const [name, options] of views) {
    if (name === 'filter-description' && !team) continue;
    const q = NAMED_QUERIES[name]!;
    const before = { ...sql };
    const s = performance.now();
    const cpu = process.cpuUsage();
    const result = await q.run(connector, { ...options, ...base, ...(team ? { team_id: team } : {}) } as never);
    const ran = performance.now() - s;
    // The process's CPU (DuckDB's threads and JS) over the wall time: near 2 on this 2-core machine means the
    // engine already uses both cores; near 1, a second connection could run another view's query beside it.
    const used = process.cpuUsage(cpu);
    const cores = (used.user + used.system) / 1e3 / ran;
    const j = performance.now();
    const text = JSON.stringify(result);
    const json = performance.now() - j;
    console.log(`  ${name.padEnd(20)} ${ran.toFixed(0).padStart(6)} ms (SQL ${(sql.ms - before.ms).toFixed(0)} ms in ${sql.n - before.n}, CPU ${cores.toFixed(2)} cores) json ${(text.length / 1e3).toFixed(0)} kB in ${json.toFixed(0)} ms`);
  }
}
// Teams not asked above (a plan table is kept per filter): all four views at once, as a page's selection asks.
for (const team of teams.slice(4)) {
  const cpu = process.cpuUsage();
  const s = performance.now();
  const each = await Promise.all(
    views.filter(([name]) => name !== 'filter-description').map(async ([name, options]) => {
      const t0 = performance.now();
      await connector.runPooled(() => NAMED_QUERIES[name]!.run(connector, { ...options, ...base, team_id: team } as never));
      return `${name} ${(performance.now() - t0).toFixed(0)}`;
    }),
  );
  const wall = performance.now() - s;
  const used = process.cpuUsage(cpu);
  console.log(`-- ${team} side by side: ${wall.toFixed(0)} ms (CPU ${((used.user + used.system) / 1e3 / wall).toFixed(2)} cores): ${each.join(', ')} ms`);
}
await connector.close();
