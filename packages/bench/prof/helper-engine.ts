// Experiment (issue 20): what a second in-page engine would cost to build the burn-down beside the first. The sample in
// engine A (DuckDB-WASM, Node); the tables the burn-down reads copied to engine B as Arrow IPC; B builds; B's burn-down
// tables copied back into A. Each step's CPU, against A building it itself.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/helper-engine.ts [people]
import { tableToIPC } from 'apache-arrow';
import { queryRows, invalidateDerived } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { prepareBurndown } from '../../core/src/burndown/query.js';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 100000);
const { connector: a } = await timedSample(people);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const c = cpu();
  const w = performance.now();
  const out = await work();
  console.log(`${label}: ${(cpu() - c).toFixed(0)} ms cpu, ${(performance.now() - w).toFixed(0)} ms wall`);
  return out;
};
const b = new NodeConnector();
await b.query('SELECT 1');
const reads = ['key_results', 'objectives', 'check_ins', 'people', 'teams', 'cycles'];
let bytes = 0;
const ipcs: Record<string, Uint8Array> = {};
await timed('A: export inputs', async () => {
  for (const t of reads) {
    ipcs[t] = tableToIPC(await a.query(`SELECT * FROM ${t}`), 'stream');
    bytes += ipcs[t]!.byteLength;
  }
});
console.log(`  ${(bytes / 1e6).toFixed(0)} MB`);
await timed('B: import inputs', async () => {
  for (const t of reads) await b.insertArrowIPC(t, ipcs[t]!, { create: true });
});
await timed('B: build burn-down (first)', () => prepareBurndown(b));
const names = (await queryRows<{ name: string }>(b, `SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'plumb_agg_burndown%'`)).map((r) => r.name);
const out: Record<string, Uint8Array> = {};
let outBytes = 0;
await timed('B: export built tables', async () => {
  for (const t of names) {
    out[t] = tableToIPC(await b.query(`SELECT * FROM "${t}"`), 'stream');
    outBytes += out[t]!.byteLength;
  }
});
console.log(`  ${names.length} tables, ${(outBytes / 1e6).toFixed(0)} MB: ${names.join(', ')}`);
await timed('A: import built tables', async () => {
  for (const t of names) await a.insertArrowIPC(`copy_${t}`, out[t]!, { create: true });
});
await timed('A: build burn-down itself (first)', () => prepareBurndown(a));
invalidateDerived(a);
await timed('A: build burn-down itself (second)', () => prepareBurndown(a));
await a.close();
await b.close();
