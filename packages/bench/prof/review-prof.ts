// Node profile of one person's review (personEvidence + the default draft): every statement's time, per person.
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/review-prof.ts [people]   (EACH=1 lists statements;
// LOADER=csv|parquet loads through loadSources instead of the bench's direct read_csv)
import { readFileSync } from 'node:fs';
import { CANONICAL_TABLES, SCHEMA, createSchema, loadSources, draftAssessment, personEvidence, quoteIdentifier, quoteLiteral } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { reviewPicks } from '../scenarios/review.bench.js';

const people = Number(process.argv[2] ?? 10000);
const dir = `packages/bench/.data/${people}-s1/csv`;
const connector = new NodeConnector();
await createSchema(connector);
let t = performance.now();
const format = process.env.LOADER === 'parquet' ? 'parquet' : 'csv';
// LOADER=csv|parquet: through loadSources, as a page loads (else the bench's direct read_csv path).
if (process.env.LOADER) await loadSources(connector, CANONICAL_TABLES.map((table) => ({ name: `${table}.${format}`, table, format, data: new Uint8Array(readFileSync(`packages/bench/.data/${people}-s1/${format}/${table}.${format}`)) })));
else for (const table of CANONICAL_TABLES) {
  // The bench's direct path: read_csv with the schema's types, in file order.
  await connector.registerFile(`${table}.csv`, new Uint8Array(readFileSync(`${dir}/${table}.csv`)));
  const columns = SCHEMA[table].columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
  await connector.query(`INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM read_csv(${quoteLiteral(`${table}.csv`)}, header = true, columns = {${columns}})`);
  await connector.dropFile(`${table}.csv`);
}
console.log(`load ${people}: ${(performance.now() - t).toFixed(0)} ms`);
if (process.env.AFTER) await connector.query(process.env.AFTER);
const picks = await reviewPicks(connector);
const query = connector.query.bind(connector);
let log: { sql: string; ms: number; cpu: number }[] = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// One statement at a time (the engine is synchronous anyway), so each is timed alone.
let queue: Promise<unknown> = Promise.resolve();
connector.query = (sql, params) => {
  const run = queue.then(async () => {
    if (process.env.EXPLAIN) {
      const plan = String((await query(`EXPLAIN ANALYZE ${sql}`, params)).getChildAt(1)?.get(0));
      console.log(`    EXPLAIN ANALYZE: ${plan.match(/Total Time: [0-9.]+s/)?.[0]}`);
      if (process.env.EXPLAIN === 'full') console.log(plan);
    }
    const s = performance.now();
    const c = cpuMs();
    try {
      return await query(sql, params);
    } finally {
      log.push({ sql: sql.replace(/\s+/g, ' '), ms: performance.now() - s, cpu: cpuMs() - c });
    }
  });
  queue = run.catch(() => undefined);
  return run;
};
await draftAssessment(await personEvidence(connector, { person: picks[0]!.person_id }));
for (const { person_id } of picks) {
  log = [];
  t = performance.now();
  const c = cpuMs();
  const evidence = await personEvidence(connector, { person: person_id });
  await draftAssessment(evidence);
  const ms = performance.now() - t;
  console.log(`${person_id}: ${ms.toFixed(0)} ms (cpu ${(cpuMs() - c).toFixed(0)}), ${log.length} statements, ${log.reduce((a, l) => a + l.ms, 0).toFixed(0)} ms in them (cpu ${log.reduce((a, l) => a + l.cpu, 0).toFixed(0)}), ${evidence.items.length} items`);
  if (process.env.EACH) for (const l of log) console.log(`  ${l.ms.toFixed(0).padStart(5)} ms ${l.cpu.toFixed(0).padStart(5)} cpu  ${l.sql.slice(0, 150)}`);
}
