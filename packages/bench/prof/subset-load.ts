// The calibration views' tables alone (issue 20, progressive loading): how long does loading only ratings, people, teams,
// the scale, attributes and cycles take, and building the calibration pre-aggregates on them, against the whole load?
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/subset-load.ts <table>... (100k Parquet sample)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchema, loadSources, buildPreAggregates, calibrationReportQuery, nineBoxQuery, type CanonicalTable, type NamedQuery } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
const dir = '/work/main/packages/bench/.data/100000-s1/parquet';
const tables = process.argv.slice(2) as CanonicalTable[];
const c = new NodeConnector();
await createSchema(c);
let t = performance.now();
const report = await loadSources(c, tables.map((table) => ({ name: `${table}.parquet`, data: new Uint8Array(readFileSync(join(dir, `${table}.parquet`))), table, format: 'parquet' as const })));
const load = performance.now() - t;
t = performance.now();
const b = await buildPreAggregates(c, [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[]);
console.log(`${tables.join(',')}: load ${load.toFixed(0)} ms (${report.loaded_rows} rows, ${report.diagnostics.length} diagnostics), calibration builds ${(performance.now() - t).toFixed(0)} ms ${b.map((x) => x.error ?? '').join(' ')}`);
await c.close();
