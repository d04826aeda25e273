// The loader old vs new alternated in one process (Node CPU): `loadSources` of packages/core/src/load at <base>
// (copied for the run into packages/core/src/.load-base/) and of this tree, each into a fresh engine, the raw
// floor (read_csv auto-detect, or parquet-wasm → Arrow IPC → insert) beside them. Wall and process CPU per load, and
// its connector calls (statements and Arrow inserts + files registered or dropped).
// Run: flock /tmp/plumb-heavy.lock node --conditions=plumb-source --import tsx packages/bench/prof/load-ab.ts <data dir> <csv|parquet> <base> [rounds]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from 'parquet-wasm';
import { CANONICAL_TABLES, createSchema, quoteIdentifier, quoteLiteral } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import * as loadNew from '../../core/src/load/index.js';
import { importAtCommit } from './code-at-commit.js';

const dir = process.argv[2]!;
const format = (process.argv[3] ?? 'parquet') as 'csv' | 'parquet';
const base = process.argv[4] ?? 'HEAD';
const rounds = Number(process.argv[5] ?? 3);
const [loadOld] = (await importAtCommit('load', base, ['index.ts'])) as [typeof loadNew];
const files = CANONICAL_TABLES.map((table) => ({ table, bytes: new Uint8Array(readFileSync(join(dir, `${table}.${format}`))) }));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function measure(run: (db: NodeConnector) => Promise<unknown>): Promise<{ ms: number; cpu: number; calls: { sql: number; files: number } }> {
  const db = new NodeConnector();
  await db.query('SELECT 1');
  await createSchema(db);
  // Connector calls (in a page, each is a message to DuckDB's worker and back): statements and Arrow inserts, and
  // files registered or dropped (counted apart: a loader may send those without waiting for their answer).
  const calls = { sql: 0, files: 0 };
  for (const method of ['query', 'insertArrowIPC', 'registerFile', 'dropFile'] as const) {
    const original = (db[method] as (...a: unknown[]) => Promise<unknown>).bind(db);
    (db as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls[method === 'query' || method === 'insertArrowIPC' ? 'sql' : 'files']++;
      return original(...args);
    };
  }
  const c = cpuMs();
  const t = performance.now();
  await run(db);
  const out = { ms: performance.now() - t, cpu: cpuMs() - c, calls };
  await db.close();
  return out;
}
const floor = (db: NodeConnector) =>
  (async () => {
    for (const f of files) {
      const name = `raw_${f.table}`;
      if (format === 'csv') {
        await db.registerFile(`${name}.csv`, f.bytes);
        await db.query(`CREATE TABLE ${quoteIdentifier(name)} AS SELECT * FROM read_csv(${quoteLiteral(`${name}.csv`)})`);
        await db.dropFile(`${name}.csv`);
      } else await db.insertArrowIPC(name, readParquet(f.bytes).intoIPCStream(), { create: true });
    }
  })();
const sources = () => files.map((f) => ({ name: `${f.table}.${format}`, data: f.bytes, table: f.table, format }));
const sums: Record<string, number[]> = { floor: [], old: [], new: [] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
  const line: string[] = [];
  const f = await measure(floor);
  sums.floor!.push(f.cpu);
  line.push(`floor ${f.ms.toFixed(0)} ms (cpu ${f.cpu.toFixed(0)})`);
  for (const label of order) {
    const m = await measure(async (db) => {
      const report = await (label === 'old' ? loadOld : loadNew).loadSources(db, sources());
      if (!report.ok) throw new Error(`${label}: load not ok`);
    });
    sums[label]!.push(m.cpu);
    line.push(`${label} ${m.ms.toFixed(0)} ms (cpu ${m.cpu.toFixed(0)}, ${m.calls.sql} + ${m.calls.files} file calls)`);
  }
  console.log(`round ${r + 1}: ${line.join(', ')}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`median cpu: floor ${median(sums.floor!).toFixed(0)}, old ${median(sums.old!).toFixed(0)}, new ${median(sums.new!).toFixed(0)} ms`);
