// Node profile of `loadSources`: where the time goes, statement by statement, beside the raw floor
// (DuckDB `read_csv` auto-detect, or parquet-wasm → Arrow IPC → insert) for the same files in the same process.
// Run: pnpm exec tsx packages/bench/prof/load-prof.ts <data dir> [csv|parquet]   (TOP=N lists the N slowest statements,
// ALL=1 every statement in order, DUMP=file writes every statement in full with its time)
// 10,000 people or more: flock /tmp/plumb-heavy.lock pnpm exec tsx …
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from 'parquet-wasm';
import { CANONICAL_TABLES, createSchema, loadSources, quoteIdentifier, quoteLiteral } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const dir = process.argv[2] ?? 'packages/bench/.data/600-s1/csv';
const format = (process.argv[3] ?? 'csv') as 'csv' | 'parquet';
const top = Number(process.env.TOP ?? 15);
const files = CANONICAL_TABLES.map((table) => ({ table, bytes: new Uint8Array(readFileSync(join(dir, `${table}.${format}`))) }));

/** CPU time of this process (the blocking engine runs on this thread): steadier than wall time on a shared machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const c = cpuMs();
  const out = await fn();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms (cpu ${(cpuMs() - c).toFixed(0)} ms)`);
  return out;
}

// Raw floor, in its own database.
const raw = new NodeConnector();
await raw.query('SELECT 1');
await timed('raw floor', async () => {
  for (const f of files) {
    const name = `raw_${f.table}`;
    if (format === 'csv') {
      await raw.registerFile(`${name}.csv`, f.bytes);
      await raw.query(`CREATE TABLE ${quoteIdentifier(name)} AS SELECT * FROM read_csv(${quoteLiteral(`${name}.csv`)})`);
      await raw.dropFile(`${name}.csv`);
    } else await raw.insertArrowIPC(name, readParquet(f.bytes).intoIPCStream(), { create: true });
  }
});
await raw.close();

const connector = new NodeConnector();
await connector.query('SELECT 1');
await createSchema(connector);
const stats: { sql: string; ms: number; cpu: number }[] = [];
for (const method of ['query', 'insertArrowIPC', 'registerFile'] as const) {
  const original = (connector[method] as (...a: unknown[]) => Promise<unknown>).bind(connector);
  (connector as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const s = performance.now();
    const c = cpuMs();
    try {
      return await original(...args);
    } finally {
      stats.push({ sql: `${method === 'query' ? '' : `${method} `}${String(args[0]).replace(/\s+/g, ' ')}`, ms: performance.now() - s, cpu: cpuMs() - c });
    }
  };
}
const report = await timed('loadSources', () => loadSources(connector, files.map((f) => ({ name: `${f.table}.${format}`, data: f.bytes, table: f.table, format }))));
if (process.env.DUMP) writeFileSync(process.env.DUMP, stats.map((s) => `-- ${s.ms.toFixed(0)} ms (cpu ${s.cpu.toFixed(0)})\n${s.sql};\n`).join('\n'));
const sqlMs = stats.reduce((a, s) => a + s.ms, 0);
console.log(`  ${stats.length} calls, ${sqlMs.toFixed(0)} ms in DuckDB (cpu ${stats.reduce((a, s) => a + s.cpu, 0).toFixed(0)} ms); ok=${report.ok} input ${report.input_rows} loaded ${report.loaded_rows} rejected ${report.rejected_rows}`);
const line = (s: (typeof stats)[number], width: number) => `  ${s.ms.toFixed(0).padStart(6)} ms ${s.cpu.toFixed(0).padStart(6)} cpu  ${s.sql.slice(0, width)}`;
if (process.env.ALL) for (const s of stats) console.log(line(s, 110));
for (const s of [...stats].sort((a, b) => b.cpu - a.cpu).slice(0, top)) console.log(line(s, 150));
await connector.close();
