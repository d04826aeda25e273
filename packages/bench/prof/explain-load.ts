// EXPLAIN ANALYZE of the loader's statements that match PATTERN (a regular expression), run just before each
// (SELECTs only: they are run twice). Run: NODE_OPTIONS=--conditions=plumb-source PATTERN='^WITH r AS' pnpm exec tsx packages/bench/prof/explain-load.ts <dir> [csv|parquet]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TABLES, loadSources } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const dir = process.argv[2] ?? 'packages/bench/.data/10000-s1/csv';
const format = (process.argv[3] ?? 'csv') as 'csv' | 'parquet';
const pattern = new RegExp(process.env.PATTERN ?? '^WITH r AS');
const connector = new NodeConnector();
const query = connector.query.bind(connector);
connector.query = async (sql, params) => {
  if (pattern.test(sql.trim())) {
    const plan = await query(`EXPLAIN ANALYZE ${sql}`, params);
    console.log(sql.replace(/\s+/g, ' ').slice(0, 300));
    console.log(String(plan.getChildAt(1)?.get(0)));
  }
  return query(sql, params);
};
await loadSources(connector, CANONICAL_TABLES.map((table) => ({ name: `${table}.${format}`, data: new Uint8Array(readFileSync(join(dir, `${table}.${format}`))), table, format })));
