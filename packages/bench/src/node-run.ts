// One Node measurement in its own process, so peak RSS (maxRSS) belongs to it alone.
// argv: <dataDir> <format>; prints one JSON line: NodeRunResult.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from 'parquet-wasm';
import { createSchema } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import type { LoadMeasurement } from './report.js';
import { LOADER, TABLES, loadAllFiles, loadFloor, loadTableFile, runAggregate, type BenchFormat } from './load-files.js';

export interface NodeRunResult extends LoadMeasurement {
  loader: string;
}

const [dataDir = '', format = 'csv'] = process.argv.slice(2) as [string, BenchFormat];
const result: NodeRunResult = { peakMB: 0, loader: LOADER };
const connector = new NodeConnector();
let step = 'start-up';
try {
  let t = performance.now();
  await connector.query('SELECT 1');
  await createSchema(connector);
  result.startupMs = performance.now() - t;
  step = 'load';
  t = performance.now();
  const toIPC = (b: Uint8Array) => readParquet(b).intoIPCStream();
  if (LOADER === 'loadSources') {
    // The loader takes every file in one call (it checks references across them).
    const files = TABLES.map((table) => ({ table, bytes: new Uint8Array(readFileSync(join(dataDir, `${table}.${format}`))) }));
    step = 'raw floor';
    result.floorMs = await loadFloor(connector, format, files, toIPC);
    step = 'load';
    t = performance.now();
    const loaded = await loadAllFiles(connector, format, files, toIPC);
    result.checkIns = loaded.checkIns;
    result.rejected = loaded.rejected;
    if (loaded.firstError) result.rejectedWhy = loaded.firstError;
  } else {
    // Direct path: one file in memory at a time.
    for (const table of TABLES) {
      step = `load ${table}.${format}`;
      const bytes = new Uint8Array(readFileSync(join(dataDir, `${table}.${format}`)));
      const rows = await loadTableFile(connector, table, format, bytes, toIPC);
      if (table === 'check_ins') result.checkIns = rows;
    }
  }
  result.loadMs = performance.now() - t;
  step = 'query';
  t = performance.now();
  result.groups = await runAggregate(connector);
  result.queryMs = performance.now() - t;
} catch (error) {
  result.error = `${step}: ${String((error as Error).message ?? error).split('\n')[0]}`;
}
result.peakMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);
await connector.close().catch(() => undefined);
process.exit(0);
