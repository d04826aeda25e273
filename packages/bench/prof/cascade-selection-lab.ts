// The cascade's answer to a team selection, statement by statement (Node CPU), for the busiest teams, after the
// cascade's pre-aggregate is built: where the ~150 ms of a selection at 100k go.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source [BASE=<commit>] npx tsx packages/bench/prof/cascade-selection-lab.ts [people] [teams] [rounds]
import { writeFileSync } from 'node:fs';
import { buildPreAggregates, cascadeQuery, queryRows, type NamedQuery } from '@plumb/core';
import { importAtCommit } from './code-at-commit.js';
import { timedSample } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';
import { textHash, watchFolder } from './watch-folder.js';

const people = Number(process.argv[2] ?? 100000);
const teamCount = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 3);
const { connector } = await timedSample(people);
const query = cascadeQuery as NamedQuery<never, unknown>;
await buildPreAggregates(connector, [query]);
const teams = (await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`, [teamCount])).map((r) => r.team_id);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const run = connector.query.bind(connector);
const log: { sql: string; ms: number; full: string; params: unknown }[] = [];
connector.query = async (text, params) => {
  const c = cpu();
  try { return await run(text, params); } finally { log.push({ sql: text.replace(/\s+/g, ' ').slice(0, 150), ms: cpu() - c, full: text, params }); }
};
// BASE=<commit>: that commit's view-query.ts beside this tree's, alternated per team, on this tree's pre-aggregate
// (the derived cache hands both sides the one aggregate; its node table holds every column the old code reads).
const sides: [string, (options: object) => Promise<unknown>][] = [['new', (o) => query.run(connector, o as never)]];
if (process.env.BASE) {
  const [viewOld] = (await importAtCommit('cascade', process.env.BASE, ['view-query.ts'])) as [typeof import('../../core/src/cascade/view-query.js')];
  sides.unshift(['old', (o) => viewOld.queryCascadeView(connector, o)]);
}
const bySide = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const team of teams) for (const [side, view] of sides) {
    log.length = 0;
    const c = cpu();
    await view(process.env.UNFILTERED ? { ...VIEW_OPTIONS.cascade } : { ...VIEW_OPTIONS.cascade, team_id: team });
    const ms = cpu() - c;
    bySide.set(side, [...(bySide.get(side) ?? []), ms]);
    if (r === rounds - 1 && team === teams[0]) {
      for (const s of log) console.log(`  ${s.ms.toFixed(1).padStart(7)} ms: ${s.sql}`);
      if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(log, null, 1));
    }
    console.log(`round ${r} team ${team} ${side}: ${ms.toFixed(0)} ms cpu, ${log.length} statements (sql ${log.reduce((s, x) => s + x.ms, 0).toFixed(0)})`);
  }
}
for (const [side, ms] of bySide) console.log(`${side}: median ${[...ms].sort((a, b) => a - b)[ms.length >> 1]!.toFixed(0)} ms cpu over ${ms.length}`);
// WATCH=<dir>: keep the engine and run every <name>.json ({ sql, params }) dropped there (5 times, median CPU, rows and a
// fingerprint of the answer into <name>.out): statement variants tried in seconds instead of a minute's load and build.
if (process.env.WATCH) {
  const dir = process.env.WATCH;
  await watchFolder(dir, async (spec, name) => {
    const { sql, params, show } = spec as { sql: string; params: unknown[]; show?: boolean };
    const times: number[] = [];
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const c = cpu();
      rows = await queryRows(connector, sql, params as never);
      times.push(cpu() - c);
    }
    times.sort((a, b) => a - b);
    const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    if (show) writeFileSync(`${dir}/${name}.rows`, text);
    return `median ${times[2]!.toFixed(1)} ms cpu (min ${times[0]!.toFixed(1)}), ${rows.length} rows, hash ${textHash(text)}`;
  });
}
await connector.close();
