// `plumb serve`'s engine (native DuckDB, 2 threads, 2 pooled connections) on a DuckDB FILE holding the bench's sample
// (1M people: ~2 GB), so a try of a statement at 1M costs seconds instead of the 3-minute start-up of serve-prof.ts:
// the canonical tables are loaded into the file once; the views' pre-aggregates are built as `plumb serve` builds them
// (sorted in read order, the unfiltered calibration plans decided), and with REUSE=1 a later run keeps every derived
// table the file already holds (a CREATE of an existing `plumb_` table is skipped: only after a change to the build's
// SQL is that wrong — rebuild those with FORCE=<table,…>, or everything without REUSE). Then each view's named query
// (through the connector's own path: values in the connection's variable) for no selection and a few teams:
// wall time and the process's CPU; EACH=1 each statement; OUT=<dir> the answers as JSON (to compare two trees);
// PROFILE=<view>-<team|all> DuckDB's JSON profile of that request's statements over 100 ms into /tmp/serve-replay-*.
// PREP=1: the start-up build's CPU and its 40 longest statements. ONLY=<view,…>: build and run only those.
// Run: NODE_OPTIONS=--conditions=plumb-source [REUSE=1] npx tsx packages/bench/prof/serve-replay.ts [people] [file]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPreAggregates, queryRows } from '@plumb/core';
import { NAMED_QUERIES } from '@plumb/core/queries';
import { NativeConnector, prepareServedViews } from '@plumb/core/node';
import { markServed } from '../../core/src/queries/derived.js';
import { loadCanonicalParquet } from '../src/http-run.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? `/tmp/plumb-serve-replay-${people}.duckdb`;
const fresh = !existsSync(path);
const connector = new NativeConnector({ path, config: { threads: '2', memory_limit: '10GB' } });
if (fresh) {
  const t = performance.now();
  await loadCanonicalParquet(connector, join(import.meta.dirname, '..', '.data', `${people}-s1`, 'parquet'));
  console.log(`loaded ${people} people into ${path}: ${(performance.now() - t).toFixed(0)} ms`);
}
const existing = new Set((await queryRows<{ t: string }>(connector, 'SELECT table_name AS t FROM duckdb_tables()')).map((r) => r.t));
const reuse = process.env.REUSE === '1';
const force = new Set((process.env.FORCE ?? '').split(','));
const statements: { ms: number; sql: string; params: unknown }[] = [];
let record = false;
const query = connector.query.bind(connector);
connector.query = async (text, params) => {
  const made = /^\s*CREATE (?:OR REPLACE )?TABLE "?(plumb_[A-Za-z0-9_]+)"?/.exec(text)?.[1];
  // A plan table is named per process (a counter): never reused.
  if (reuse && made && existing.has(made) && !made.startsWith('plumb_plan_') && !force.has(made)) return query('SELECT 1 AS skipped WHERE false');
  const s = performance.now();
  try {
    return await query(text, params);
  } finally {
    if (record) statements.push({ ms: performance.now() - s, sql: text, params });
  }
};

const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
const t = performance.now();
const cpu = process.cpuUsage();
record = !!process.env.PREP;
// As prepareServedViews marks a server's connector (it is called below only for every view).
markServed(connector);
const built = only
  ? (await Promise.all(only.map((q) => connector.runPooled(() => buildPreAggregates(connector, [NAMED_QUERIES[q]!], { minGroup: 5 }))))).flat()
  : await prepareServedViews(connector, { minGroup: 5 });
const usedAtStart = process.cpuUsage(cpu);
console.log(`start-up build ${(performance.now() - t).toFixed(0)} ms, CPU ${((usedAtStart.user + usedAtStart.system) / 1e3).toFixed(0)} ms (reuse ${reuse}): ${built.map((b) => `${b.query} ${b.ms.toFixed(0)}${b.error ? ` ERROR ${b.error}` : ''}`).join(', ')}`);
if (record) {
  for (const st of statements.sort((a, b) => b.ms - a.ms).slice(0, 40)) console.log(`  ${st.ms.toFixed(0).padStart(7)} ms ${st.sql.replace(/\s+/g, ' ').slice(0, 150)}`);
  statements.length = 0;
  record = false;
}

// The options the bench page's elements send.
const salt = 'prof';
const base = { anonymize: false, salt, minGroup: 5, pseudonymSalt: salt };
const views: [string, Record<string, unknown>][] = Object.entries(VIEW_OPTIONS);
const teams = (
  await queryRows<{ team_id: string }>(
    connector,
    `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
      WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
      GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`,
    [Number(process.env.TEAMS ?? 3)],
  )
).map((r) => r.team_id);
const out = process.env.OUT;
if (out) mkdirSync(out, { recursive: true });
for (let round = 0; round < Number(process.env.ROUNDS ?? 1); round++) {
  for (const team of [null, ...teams]) {
    for (const [name, options] of views) {
      if (only && !only.includes(name)) continue;
      statements.length = 0;
      record = true;
      const s = performance.now();
      const c = process.cpuUsage();
      const result = await connector.runPooled(() => NAMED_QUERIES[name]!.run(connector, { ...options, ...base, ...(team ? { team_id: team } : {}) } as never));
      const ran = performance.now() - s;
      const used = process.cpuUsage(c);
      record = false;
      console.log(`${(team ?? 'all').padEnd(8)} ${name.padEnd(20)} ${ran.toFixed(0).padStart(6)} ms, CPU ${((used.user + used.system) / 1e3).toFixed(0)} ms`);
      if (process.env.EACH) for (const st of statements) console.log(`      ${st.ms.toFixed(0).padStart(5)} ms ${st.sql.replace(/\s+/g, ' ').slice(0, 130)}`);
      if (round > 0) continue;
      if (out) writeFileSync(join(out, `${name}-${team ?? 'all'}.json`), JSON.stringify(result, null, 1));
      if (process.env.PROFILE === `${name}-${team ?? 'all'}`) {
        for (const st of statements.filter((x) => x.ms > 100)) {
          // On the main connection, profiled as one more run of the same statement with the same values.
          const file = `/tmp/serve-replay-${name}-${team ?? 'all'}-${Math.round(st.ms)}`;
          writeFileSync(`${file}.sql`, `${st.sql}\n${JSON.stringify(st.params)}`);
          await connector.query(`SET enable_profiling = 'json'`);
          await connector.query(`SET profiling_output = '${file}.json'`);
          await connector.query(st.sql, st.params as never);
          await connector.query(`SET enable_profiling = 'no_output'`);
        }
      }
    }
  }
}
await connector.close();
