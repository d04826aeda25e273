// What a load produced, as fingerprints to compare two versions of the loader byte for byte (issue 20: a faster
// load must place the same rows and say the same things): the sha1 of the whole LoadReport JSON, and per canonical
// table its schema, row count and the sha1 of every row as JSON in table order (row order included).
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/load-fingerprint.ts <data dir> [csv|parquet] > a.json
// in each worktree, then `diff a.json b.json` (10,000 people or more: under flock /tmp/plumb-heavy.lock).
// ENGINE=native loads into native DuckDB (`plumb serve --engine native`) instead of DuckDB-WASM.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TABLES, createSchema, loadSources, quoteIdentifier } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';

const dir = process.argv[2] ?? 'packages/bench/.data/600-s1/csv';
const format = (process.argv[3] ?? 'csv') as 'csv' | 'parquet';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));

const connector = process.env.ENGINE === 'native' ? new NativeConnector() : new NodeConnector();
await createSchema(connector);
const report = await loadSources(
  connector,
  CANONICAL_TABLES.map((table) => ({ name: `${table}.${format}`, data: new Uint8Array(readFileSync(join(dir, `${table}.${format}`))), table, format })),
);
const out: Record<string, unknown> = { report: sha1(json(report)), ok: report.ok, input: report.input_rows, loaded: report.loaded_rows, rejected: report.rejected_rows };
for (const table of CANONICAL_TABLES) {
  const schema = (await connector.query(`DESCRIBE ${quoteIdentifier(table)}`)).toArray().map((r) => `${r.column_name}:${r.column_type}:${r.null}`);
  const rows = (await connector.query(`SELECT * FROM ${quoteIdentifier(table)}`)).toArray();
  const hash = createHash('sha1');
  for (const row of rows) hash.update(json(row.toJSON())).update('\n');
  out[table] = { schema: schema.join(', '), rows: rows.length, sha1: hash.digest('hex') };
}
console.log(JSON.stringify(out, null, 1));
await connector.close();
