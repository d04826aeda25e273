// Progressive loading's first check (FINDINGS, 17th session): do two `loadSources` calls (the calibration views'
// tables first, then the rest, into the same engine) place the same rows and say the same things as one call over
// every file? Per canonical table: schema, row count and the sha1 of its rows in table order; then the diagnostics and
// decisions of both, as sets, with what differs printed.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/two-phase-load.ts <data dir> [csv|parquet]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TABLES, createSchema, loadSources, quoteIdentifier, type CanonicalTable, type LoadReport } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const dir = process.argv[2] ?? 'packages/bench/.data/600-s1/csv';
const format = (process.argv[3] ?? 'csv') as 'csv' | 'parquet';
const FIRST: CanonicalTable[] = ['people', 'teams', 'cycles', 'ratings', 'rating_scale', 'person_attributes'];
const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
const source = (table: CanonicalTable) => ({ name: `${table}.${format}`, data: new Uint8Array(readFileSync(join(dir, `${table}.${format}`))), table, format });

async function tables(connector: NodeConnector): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of CANONICAL_TABLES) {
    const schema = (await connector.query(`DESCRIBE ${quoteIdentifier(table)}`)).toArray().map((r) => `${r.column_name}:${r.column_type}`);
    const rows = (await connector.query(`SELECT * FROM ${quoteIdentifier(table)}`)).toArray();
    const hash = createHash('sha1');
    for (const row of rows) hash.update(json(row.toJSON())).update('\n');
    out[table] = `${schema.join(',')} · ${rows.length} rows · ${hash.digest('hex').slice(0, 12)}`;
  }
  return out;
}
const said = (reports: LoadReport[]) =>
  new Set(reports.flatMap((r) => [
    ...r.diagnostics.map((d) => `diagnostic ${d.file}:${d.row ?? ''}:${d.column ?? ''} ${d.severity} ${d.code} ${d.message}`),
    ...r.files.flatMap((f) => (f.decisions ?? []).map((d) => `decision ${f.file} ${json(d)}`)),
    ...r.questions.map((q) => `question ${q.id}`),
  ]));

const one = new NodeConnector();
await createSchema(one);
let t = performance.now();
const whole = await loadSources(one, CANONICAL_TABLES.map(source));
const oneMs = performance.now() - t;
const two = new NodeConnector();
await createSchema(two);
t = performance.now();
const first = await loadSources(two, FIRST.map(source));
const firstMs = performance.now() - t;
const second = await loadSources(two, CANONICAL_TABLES.filter((x) => !FIRST.includes(x)).map(source));
const twoMs = performance.now() - t;
const [a, b] = [await tables(one), await tables(two)];
let same = true;
for (const table of CANONICAL_TABLES) {
  if (a[table] !== b[table]) {
    same = false;
    console.log(`${table}: one call ${a[table]}\n${' '.repeat(table.length)}  two calls ${b[table]}`);
  }
}
const [x, y] = [said([whole]), said([first, second])];
const onlyOne = [...x].filter((s) => !y.has(s));
const onlyTwo = [...y].filter((s) => !x.has(s));
for (const s of onlyOne.slice(0, 10)) console.log(`only in one call:  ${s.slice(0, 240)}`);
for (const s of onlyTwo.slice(0, 10)) console.log(`only in two calls: ${s.slice(0, 240)}`);
console.log(`${dir} ${format}: tables ${same ? 'identical' : 'DIFFER'}; diagnostics and decisions ${onlyOne.length + onlyTwo.length === 0 ? 'identical' : `differ (${onlyOne.length} / ${onlyTwo.length})`}; rows ${whole.loaded_rows} / ${first.loaded_rows + second.loaded_rows}; one call ${oneMs.toFixed(0)} ms, two calls ${twoMs.toFixed(0)} ms (the first ${firstMs.toFixed(0)} ms)`);
await one.close();
await two.close();
