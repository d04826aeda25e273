// Reads the 1M check_ins.parquet through the loader's own Parquet reader (load/stage.ts parquetToIPC:
// files over 32 MB 250,000 rows at a time) and counts the rows of every chunk: no database involved.
// Run: flock /tmp/plumb-heavy.lock pnpm exec tsx packages/bench/prof/million-parquet.ts <1M parquet dir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetToIPC } from '../../core/src/load/stage.js';

const dir = process.argv[2] ?? 'packages/bench/.data/1000000-s1/parquet';
const bytes = new Uint8Array(readFileSync(join(dir, 'check_ins.parquet')));
const t = performance.now();
let rows = 0;
let chunks = 0;
for await (const ipc of parquetToIPC(bytes, undefined)) {
  rows += tableFromIPC(ipc).numRows;
  chunks++;
}
console.log(`check_ins.parquet (${(bytes.length / 1e6).toFixed(0)} MB): ${rows.toLocaleString('en')} rows in ${chunks} chunks, ${((performance.now() - t) / 1000).toFixed(0)} s`);
