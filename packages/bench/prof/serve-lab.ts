// A lab for `plumb serve`'s per-request statements on native DuckDB: the bench's Parquet sample loaded, the calibration
// pre-aggregates built as a server builds them (`markServed`), one team's rating distribution and nine-box run with
// every statement captured into <dir>/base-NN.sql, then every <name>.json ({ sql, params, times, check, explain })
// dropped into <dir> is timed (median wall; the statement's rows hashed with `check: true`): build-lab.ts for a server.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/serve-lab.ts <people> <dir>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPreAggregates, calibrationReportQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import { markServed } from '../../core/src/queries/derived.js';
import { NativeConnector } from '@plumb/core/node';
import { loadCanonicalParquet } from '../src/http-run.js';
import { textHash, watchFolder } from './watch-folder.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 100000);
const dir = process.argv[3] ?? '/tmp/serve-lab';
const connector = new NativeConnector({ config: { threads: '2', memory_limit: '10GB' } });
await loadCanonicalParquet(connector, join(import.meta.dirname, '..', '.data', `${people}-s1`, 'parquet'));
markServed(connector);
const views = [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[];
let t = performance.now();
await buildPreAggregates(connector, views, { minGroup: 5 });
console.log(`build ${(performance.now() - t).toFixed(0)} ms`);
const [busiest] = await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 1`);
const team = busiest!.team_id;
const query = connector.query.bind(connector);
let n = 0;
connector.query = async (sql, params) => {
  const s = performance.now();
  try {
    return await query(sql, params);
  } finally {
    writeFileSync(`${dir}/base-${String(n++).padStart(2, '0')}.sql`, `-- ${(performance.now() - s).toFixed(0)} ms\n${sql}\n-- params ${JSON.stringify(params ?? [])}\n`);
  }
};
const base = { anonymize: false, salt: 'lab', minGroup: 5, pseudonymSalt: 'lab', team_id: team };
for (const q of views) await q.run(connector, { ...VIEW_OPTIONS[q.name as keyof typeof VIEW_OPTIONS], ...base } as never);
connector.query = query;
console.log(`team ${team}: ${n} statements captured`);
await watchFolder(dir, async (spec, name) => {
  const { sql, params, check, times: repeat, explain } = spec as { sql: string; params?: unknown[]; check?: boolean; times?: number; explain?: boolean };
  if (explain) {
    const rows = await queryRows<Record<string, string>>(connector, `EXPLAIN ANALYZE ${sql}`, params as never);
    writeFileSync(`${dir}/${name}.plan`, rows.map((r) => Object.values(r).at(-1)).join('\n'));
  }
  const times: number[] = [];
  for (let i = 0; i < (repeat ?? 5); i++) {
    const s = performance.now();
    await connector.query(sql, params as never);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  let out = `median ${times[times.length >> 1]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, all ${times.map((x) => x.toFixed(0)).join(' ')})`;
  if (check) {
    const rows = await queryRows(connector, sql, params as never);
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
    out += `; check ${rows.length} rows, hash ${textHash(lines.join('\n'))}${rows.length <= 3 ? ` ${lines.join(' ')}` : ''}`;
  }
  return out;
});
