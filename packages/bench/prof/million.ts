// The 1,000,000-person outcome (issue 10/13), in Node: what loadSources says about the whole sample
// (the in-browser memory check), and whether its own reader takes the 1M check_ins.parquet that
// `plumb sample` writes (one parquet-wasm read of it used to fail with "unreachable").
// Run: flock /tmp/plumb-heavy.lock pnpm exec tsx packages/bench/prof/million.ts <1M parquet dir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from 'parquet-wasm';
import { CANONICAL_TABLES, loadSources } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';

const dir = process.argv[2] ?? 'packages/bench/.data/1000000-s1/parquet';
const files = CANONICAL_TABLES.map((t) => ({ name: `${t}.parquet`, table: t, data: new Uint8Array(readFileSync(join(dir, `${t}.parquet`))) }));
const mb = files.reduce((a, f) => a + f.data.length, 0) / 1e6;

let t = performance.now();
const wasm = new NodeConnector();
await wasm.query('SELECT 1');
t = performance.now();
const refused = await loadSources(wasm, files).then(() => 'loaded (unexpected)', (e: Error) => e.message);
console.log(`DuckDB-WASM, all 12 files (${mb.toFixed(0)} MB): ${(performance.now() - t).toFixed(0)} ms → ${refused}`);
await wasm.close();

const checkIns = files.find((f) => f.table === 'check_ins')!;
t = performance.now();
try {
  readParquet(checkIns.data).free();
  console.log(`parquet-wasm, check_ins.parquet in one read: ok in ${(performance.now() - t).toFixed(0)} ms`);
} catch (error) {
  console.log(`parquet-wasm, check_ins.parquet in one read: ${(error as Error).message} after ${(performance.now() - t).toFixed(0)} ms`);
}

const native = new NativeConnector();
t = performance.now();
const report = await loadSources(native, [checkIns], { memoryLimit: Infinity });
console.log(
  `native DuckDB, loadSources(check_ins.parquet, ${(checkIns.data.length / 1e6).toFixed(0)} MB): ${(performance.now() - t).toFixed(0)} ms → ` +
    `ok=${report.ok}, input ${report.input_rows}, loaded ${report.loaded_rows}, rejected ${report.rejected_rows}`,
);
await native.close();
