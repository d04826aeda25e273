// A lab for `plumb serve`'s per-request statements on native DuckDB: the bench's Parquet sample loaded, the calibration
// pre-aggregates built as a server builds them (`markServed`), one team's rating distribution and nine-box (or cascade) run with
// every statement captured into <dir>/base-NN.sql, then every <name>.json ({ sql, params, times, check, explain })
// dropped into <dir> is timed (median wall; the statement's rows hashed with `check: true`): build-lab.ts for a server.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/serve-lab.ts <people> <dir>
import { join } from 'node:path';
import { buildPreAggregates, calibrationReportQuery, cascadeQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import { markServed } from '../../core/src/queries/derived.js';
import { NativeConnector } from '@plumb/core/node';
import { loadCanonicalParquet } from '../src/http-run.js';
import { captureStatements, watchVariants } from './watch-folder.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 100000);
const dir = process.argv[3] ?? '/tmp/serve-lab';
const connector = new NativeConnector({ config: { threads: '2', memory_limit: '10GB' } });
await loadCanonicalParquet(connector, join(import.meta.dirname, '..', '.data', `${people}-s1`, 'parquet'));
markServed(connector);
// VIEWS=cascade for the cascade's instead of the calibration views'.
const views = (process.env.VIEWS === 'cascade' ? [cascadeQuery] : [calibrationReportQuery, nineBoxQuery]) as NamedQuery<never, unknown>[];
let t = performance.now();
await buildPreAggregates(connector, views, { minGroup: 5 });
console.log(`build ${(performance.now() - t).toFixed(0)} ms`);
const [busiest] = await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 1`);
const team = busiest!.team_id;
const clock = { unit: 'ms', now: () => performance.now() };
const stopCapture = captureStatements(dir, connector, clock);
const base = { anonymize: false, salt: 'lab', minGroup: 5, pseudonymSalt: 'lab', team_id: team };
for (const q of views) await q.run(connector, { ...VIEW_OPTIONS[q.name as keyof typeof VIEW_OPTIONS], ...base } as never);
console.log(`team ${team}: ${stopCapture()} statements captured`);
await watchVariants(dir, connector, clock);
