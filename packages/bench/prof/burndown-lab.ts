// Lab (issue 20): variants of the burn-down build's parts over the sample's built tables, alternated in one process,
// main-thread CPU ms per variant and round — to see what a part costs before changing the build. Groups (ONLY=a,b,…):
// - weekly aggregate: `w0` the pre-4f9787f weekly statement; `conly`/`ponly`/`eonly` one measure's quantile_cont alone;
//   `cnt` the weekly counts; `chist`/`phist`/`ehist` GROUP BY week, value (what a quantile from counts would read);
// - the series' write: `all11`/`nine`/`seven`/`two` copies of the series with fewer columns, `scan` a read of all;
// - the check-in projection: `cJoin` join only, `cWeek` + week, `cProg` + progress (CASE clamp), `cAll` both,
//   `cProg2` greatest/least, `cProg3` the share in (0, 1) tested first (progress-sql.ts since 21c9781);
// - the time-ordered window: `winPart` partitioned by key result, `winOne` one sort by (key result, time) with the
//   neighbours of another key result masked, `winNone` no window;
// - others: `cycles`/`cycles2` the cycle list (correlated count vs grouped join), `shape`/`shapeCounts` carriedShape's
//   query with and without its min/max finiteness checks.
// Run: [ONLY=…] node --conditions=plumb-source --import tsx packages/bench/prof/burndown-lab.ts <people> <rounds>
import { readFileSync } from 'node:fs';
import { invalidateDerived, loadSample, queryRows } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { prepareBurndown } from '../../core/src/burndown/query.js';

/** CPU ms of this process's main thread (the wasm engine runs on it): 10 ms ticks. */
const mainCpu = (): number => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
const people = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 3);
const c = new NodeConnector();
await loadSample(c, { people, seed: 1 });
invalidateDerived(c);
await prepareBurndown(c);
const tables = (await queryRows<{ t: string }>(c, `SELECT table_name t FROM duckdb_tables() WHERE table_name LIKE 'plumb_agg_burndown_%'`)).map((r) => r.t);
const series = `"${tables.find((t) => t.endsWith('_series'))!}"`;
const krs = `"${tables.find((t) => t.endsWith('_krs'))!}"`;
// The sample's OKR cycle starts on a fixed date (its weeks are counted from it).
const [{ start }] = await queryRows<{ start: string }>(c, `SELECT CAST(min(start_date) AS VARCHAR) AS start FROM cycles WHERE kind = 'okr'`) as [{ start: string }];
const share = (v: string) => `((${v} - k.start_value) / k.progress_span)`;
const prog = (v: string) => `(CASE WHEN NOT isfinite(${v}) THEN NULL WHEN ${share(v)} <= 0.0 THEN 0.0 WHEN ${share(v)} >= 1.0 THEN 1.0 ELSE ${share(v)} END)`;
const prog2 = (v: string) => `(CASE WHEN NOT isfinite(${v}) THEN NULL ELSE least(greatest(${share(v)}, 0.0), 1.0) END)`;
const prog3 = (v: string) => `(CASE WHEN ${share(v)} > 0.0 AND ${share(v)} < 1.0 THEN ${share(v)} WHEN NOT isfinite(${v}) THEN NULL WHEN ${share(v)} <= 0.0 THEN 0.0 WHEN ${share(v)} >= 1.0 THEN 1.0 ELSE ${share(v)} END)`;
const week = `CASE WHEN c.checked_at < DATE '${start}' THEN 0 ELSE CAST((c.checked_at - DATE '${start}') // 7 AS INTEGER) + 1 END`;
const from = `FROM check_ins c JOIN ${krs} k ON k.key_result_id = c.key_result_id`;
const raw = `sum(c.value), sum(c.progress), sum(c.planned_value), sum(k.start_value), sum(k.progress_span)`;
const cw = `(SELECT k.kr_index, c.checked_at, ${week} AS week, c.rowid AS check_in, c.confidence, c.progress, c.planned_value AS planned ${from})`;
const variants: Record<string, string> = {
  w0: `CREATE OR REPLACE TABLE lab_w0 AS SELECT week, quantile_cont(confidence, [0.25, 0.5, 0.75]) AS cq, quantile_cont(progress, [0.25, 0.5, 0.75]) AS pq, median(expected) AS expected_median FROM ${series} GROUP BY week`,
  conly: `CREATE OR REPLACE TABLE lab_c AS SELECT week, quantile_cont(confidence, [0.25, 0.5, 0.75]) AS cq FROM ${series} GROUP BY week`,
  ponly: `CREATE OR REPLACE TABLE lab_p AS SELECT week, quantile_cont(progress, [0.25, 0.5, 0.75]) AS pq FROM ${series} GROUP BY week`,
  eonly: `CREATE OR REPLACE TABLE lab_e AS SELECT week, median(expected) AS em FROM ${series} GROUP BY week`,
  cnt: `CREATE OR REPLACE TABLE lab_cnt AS SELECT week, count(*) AS n, count(confidence), count(progress), count(*) FILTER (WHERE progress < expected), count(*) FILTER (WHERE checked) FROM ${series} GROUP BY week`,
  chist: `CREATE OR REPLACE TABLE lab_ch AS SELECT week, confidence, count(*) n FROM ${series} GROUP BY ALL`,
  phist: `CREATE OR REPLACE TABLE lab_ph AS SELECT week, progress, count(*) n FROM ${series} GROUP BY ALL`,
  ehist: `CREATE OR REPLACE TABLE lab_eh AS SELECT week, expected, count(*) n FROM ${series} GROUP BY ALL`,
  all11: `CREATE OR REPLACE TABLE lab_a AS SELECT * FROM ${series}`,
  nine: `CREATE OR REPLACE TABLE lab_9 AS SELECT * EXCLUDE (checked, expected_planned) FROM ${series}`,
  seven: `CREATE OR REPLACE TABLE lab_7 AS SELECT * EXCLUDE (checked, expected_planned, drop_from, drop_to) FROM ${series}`,
  two: `CREATE OR REPLACE TABLE lab_2 AS SELECT kr_index, week FROM ${series}`,
  scan: `SELECT sum(kr_index), sum(week), sum(confidence), sum(label_row), sum(progress), sum(expected), sum(silent_weeks), sum(drop_from), count(checked), count(expected_planned) FROM ${series}`,
  cJoin: `SELECT sum(k.kr_index), count(c.checked_at), count(c.rowid), sum(c.confidence), ${raw} ${from}`,
  cWeek: `SELECT sum(k.kr_index), sum(${week}), count(c.rowid), sum(c.confidence), ${raw} ${from}`,
  cProg: `SELECT sum(k.kr_index), count(c.checked_at), count(c.rowid), sum(c.confidence), sum(coalesce(${prog('c.value')}, c.progress)), sum(${prog('c.planned_value')}) ${from}`,
  cProg2: `SELECT sum(k.kr_index), count(c.checked_at), count(c.rowid), sum(c.confidence), sum(coalesce(${prog2('c.value')}, c.progress)), sum(${prog2('c.planned_value')}) ${from}`,
  cProg3: `SELECT sum(k.kr_index), count(c.checked_at), count(c.rowid), sum(c.confidence), sum(coalesce(${prog3('c.value')}, c.progress)), sum(${prog3('c.planned_value')}) ${from}`,
  cAll: `SELECT sum(k.kr_index), sum(${week}), count(c.rowid), sum(c.confidence), sum(coalesce(${prog('c.value')}, c.progress)), sum(${prog('c.planned_value')}) ${from}`,
  winPart: `CREATE OR REPLACE TABLE lab_wp AS SELECT kr_index, week, checked_at, confidence AS own, lag(confidence) OVER byt AS previous, lead(week) OVER byt AS next_week, lag(week) OVER byt AS prev_week, check_in, progress, planned FROM ${cw} WINDOW byt AS (PARTITION BY kr_index ORDER BY checked_at)`,
  winOne: `CREATE OR REPLACE TABLE lab_wo AS SELECT kr_index, week, checked_at, confidence AS own, CASE WHEN lag(kr_index) OVER t = kr_index THEN lag(confidence) OVER t END AS previous, CASE WHEN lead(kr_index) OVER t = kr_index THEN lead(week) OVER t END AS next_week, CASE WHEN lag(kr_index) OVER t = kr_index THEN lag(week) OVER t END AS prev_week, check_in, progress, planned FROM ${cw} WINDOW t AS (ORDER BY kr_index, checked_at)`,
  winNone: `CREATE OR REPLACE TABLE lab_wn AS SELECT kr_index, week, checked_at, confidence AS own, check_in, progress, planned FROM ${cw}`,
  cycles: `SELECT c.cycle_id, c.name, c.kind, c.start_date, c.end_date, (SELECT count(*) FROM key_results kr JOIN objectives o ON o.objective_id = kr.objective_id WHERE o.cycle_id = c.cycle_id)::DOUBLE AS key_results FROM cycles c WHERE c.kind IS NULL OR c.kind = 'okr' ORDER BY c.start_date DESC NULLS LAST, c.cycle_id`,
  cycles2: `SELECT c.cycle_id, c.name, c.kind, c.start_date, c.end_date, coalesce(n.k, 0)::DOUBLE AS key_results FROM cycles c LEFT JOIN (SELECT o.cycle_id, count(*) AS k FROM key_results kr JOIN objectives o ON o.objective_id = kr.objective_id GROUP BY o.cycle_id) n ON n.cycle_id = c.cycle_id WHERE c.kind IS NULL OR c.kind = 'okr' ORDER BY c.start_date DESC NULLS LAST, c.cycle_id`,
  shape: `SELECT count(*)::DOUBLE AS n, count(confidence)::DOUBLE AS confidence, count(confidence_raw)::DOUBLE AS raw, count(confidence_scale)::DOUBLE AS scale, count(progress)::DOUBLE AS stated, count(value)::DOUBLE AS value, coalesce(isfinite(min(value)) AND isfinite(max(value)), false) AS value_finite, count(planned_value)::DOUBLE AS planned, coalesce(isfinite(min(planned_value)) AND isfinite(max(planned_value)), false) AS planned_finite, (SELECT count(*) = count(progress_span) FROM ${krs}) AS spans FROM check_ins`,
  shapeCounts: `SELECT count(*)::DOUBLE AS n, count(confidence)::DOUBLE AS confidence, count(confidence_raw)::DOUBLE AS raw, count(confidence_scale)::DOUBLE AS scale, count(progress)::DOUBLE AS stated, count(value)::DOUBLE AS value, count(planned_value)::DOUBLE AS planned FROM check_ins`,
};
const only = process.env.ONLY?.split(',');
const times: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, sql] of Object.entries(variants)) {
    if (only && !only.includes(name)) continue;
    const t = mainCpu();
    await c.query(sql);
    (times[name] ??= []).push(mainCpu() - t);
  }
}
for (const [name, xs] of Object.entries(times)) console.log(`${name}: ${xs.join(' / ')} ms`);
await c.close();
