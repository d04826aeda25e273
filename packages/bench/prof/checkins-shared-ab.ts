// Issue 20, measured and NOT taken: one pass over check_ins shared by the cascade's latest check-ins (K) and the
// burn-down's series. "today" = the cascade's latest-check-in aggregate as aggregate.ts writes it (text key, semi-join
// on the cycle's key results) + this tree's burn-down series statement (captured from prepareBurndown); "shared" =
// a key-result index (first rowid per id), the check-ins joined to it once with their neighbours in (key result, time)
// order (lag/lead, the previous confidence), the cascade's aggregate grouped by that integer, and the series reading
// the shared table instead of joining check_ins by text and running its own window. Main-thread CPU per statement,
// alternated in one process; the two series compared (EXCEPT ALL both ways) and the two latest-check-in tables too.
// The shared series is written for the sample's shape only (every carried column its own latest value, see
// series-table.ts carriedShape): the script stops if this tree's statement is of another shape.
// Run: flock /tmp/plumb-heavy.lock node --conditions=plumb-source --import tsx packages/bench/prof/checkins-shared-ab.ts <people> [rounds]
import { readFileSync } from 'node:fs';
import { invalidateDerived, loadSample, type SqlParam } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { prepareBurndown } from '../../core/src/burndown/query.js';

/** CPU ms of this process's main thread (the wasm engine runs on it): 10 ms ticks. */
const mainCpu = (): number => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
const people = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 3);
const db = new NodeConnector();
await loadSample(db, { people, seed: 1 });

// This tree's burn-down statements (the key results, then the series).
const captured: { sql: string; params: SqlParam[] }[] = [];
const query = db.query.bind(db);
db.query = async (sql, params = []) => {
  if (/^\s*CREATE TABLE "plumb_agg_burndown_\d+_(krs|series)"/.test(sql)) captured.push({ sql, params: [...params] });
  return query(sql, params);
};
invalidateDerived(db);
await prepareBurndown(db);
db.query = query;
const [krsStmt, seriesStmt] = captured;
const krsName = /CREATE TABLE ("plumb_agg_burndown_\d+_krs")/.exec(krsStmt!.sql)![1]!;
const seriesName = /CREATE TABLE ("plumb_agg_burndown_\d+_series")/.exec(seriesStmt!.sql)![1]!;
for (const own of ['lag(confidence) OVER byt AS previous', 'confidence AS confidence', 'check_in AS label_row', 'progress AS progress', 'planned AS planned']) {
  if (!seriesStmt!.sql.includes(own)) throw new Error(`the series is not of the sample's shape (no "${own}"): the shared variant is written for that shape only`);
}
// Parameters of the series: [cycle start, cycle start, last day, as of, last week + 1 (×3), weeks].
const [start, , lastDay, asOf, ...rest] = seriesStmt!.params as SqlParam[];
const week = (d: string) => `CASE WHEN ${d} < CAST($1 AS DATE) THEN 0 ELSE CAST((${d} - CAST($1 AS DATE)) // 7 AS INTEGER) + 1 END`;
const cFrom = seriesStmt!.sql.indexOf('WITH c AS (');
const wkFrom = seriesStmt!.sql.indexOf('wk AS (');
const progress = /coalesce\(\(CASE WHEN NOT isfinite\(c\.value\)[\s\S]*?\) AS progress,\s*(\(CASE WHEN NOT isfinite\(c\.planned_value\)[\s\S]*?\)) AS planned/.exec(seriesStmt!.sql);
if (cFrom < 0 || wkFrom < 0 || !progress) throw new Error('the series statement changed: update this script');
let n = 3;
const sharedSeries = seriesStmt!.sql.slice(0, cFrom).replace(seriesName, '"shared_series"') +
  `WITH r AS MATERIALIZED (
        SELECT k.kr_index, c.checked_at, ${week('c.checked_at')} AS week,
          CASE WHEN c.next_at <= CAST($2 AS DATE) AND c.next_at <= CAST($3 AS DATE) THEN ${week('c.next_at')} END AS next_week,
          ${week('c.prev_at')} AS prev_week,
          c.confidence AS own, c.prev_confidence AS previous, c.confidence, c.check_in AS label_row,
          ${progress[0]}
        FROM shared_checkins c JOIN shared_krs k ON k.kr_row = c.kr_row
        WHERE c.checked_at <= CAST($2 AS DATE) AND c.checked_at <= CAST($3 AS DATE)),
      ` + seriesStmt!.sql.slice(wkFrom).replaceAll(krsName, 'shared_krs').replace(/\?/g, () => `$${++n}`);
const sharedParams = [start, lastDay, asOf, ...rest] as SqlParam[];
const cycleKrs = `(SELECT key_result_id FROM key_results WHERE objective_id IN (SELECT objective_id FROM objectives WHERE cycle_id = (SELECT cycle_id FROM ${krsName} JOIN objectives USING (objective_id) LIMIT 1)))`;
const latest = (from: string, key: string) => `SELECT ${key}, arg_max(c.value, c.checked_at) AS checkin_value, arg_max(c.progress, c.checked_at) AS checkin_progress,
    arg_max(c.confidence, c.checked_at) AS checkin_confidence, max(c.checked_at) AS checked_at, count(*) AS checkins_total FROM ${from} GROUP BY ${key}`;
const sides: Record<string, [string, string, SqlParam[]][]> = {
  today: [
    ['latest check-ins (text key, semi-join)', `CREATE TABLE today_latest AS ${latest(`check_ins c WHERE c.key_result_id IN ${cycleKrs}`, 'c.key_result_id')}`, []],
    ['series (text join + window)', seriesStmt!.sql.replace(seriesName, '"today_series"'), seriesStmt!.params],
  ],
  shared: [
    ['key-result index', `CREATE TABLE shared_index AS SELECT key_result_id, min(rowid)::INTEGER AS kr_row FROM key_results GROUP BY key_result_id`, []],
    ['shared check-ins (join + window)', `CREATE TABLE shared_checkins AS
      SELECT i.kr_row, c.rowid AS check_in, c.checked_at, lag(c.checked_at) OVER w AS prev_at, lead(c.checked_at) OVER w AS next_at,
        c.value, c.progress, c.confidence, lag(c.confidence) OVER w AS prev_confidence, c.planned_value
      FROM check_ins c JOIN shared_index i USING (key_result_id) WINDOW w AS (PARTITION BY i.kr_row ORDER BY c.checked_at, c.rowid)`, []],
    ['latest check-ins (integer key)', `CREATE TABLE shared_latest AS ${latest(`shared_checkins c WHERE c.kr_row IN (SELECT kr_row FROM shared_index WHERE key_result_id IN ${cycleKrs})`, 'c.kr_row')}`, []],
    ['key results + index', `CREATE TABLE shared_krs AS SELECT k.*, i.kr_row FROM ${krsName} k LEFT JOIN shared_index i USING (key_result_id)`, []],
    ['series (shared table, no window)', sharedSeries, sharedParams],
  ],
};
const totals: Record<string, number[]> = { today: [], shared: [] };
for (let r = 0; r < rounds; r++) {
  for (const [side, statements] of Object.entries(sides)) {
    for (const t of ['latest', 'series', 'index', 'checkins', 'krs']) await db.query(`DROP TABLE IF EXISTS ${side}_${t}`);
    const times: string[] = [];
    let total = 0;
    for (const [label, sql, params] of statements) {
      const t = mainCpu();
      await db.query(sql, params);
      const ms = mainCpu() - t;
      total += ms;
      times.push(`${label} ${ms}`);
    }
    totals[side]!.push(total);
    console.log(`round ${r} ${side}: ${total} ms main-thread CPU (${times.join(', ')})`);
  }
}
const one = async (sql: string) => Object.values((await db.query(sql)).toArray()[0]!.toJSON()).map(Number);
const [a, b, rows] = await one(`SELECT (SELECT count(*) FROM (SELECT * FROM today_series EXCEPT ALL SELECT * FROM shared_series))::INTEGER,
  (SELECT count(*) FROM (SELECT * FROM shared_series EXCEPT ALL SELECT * FROM today_series))::INTEGER, (SELECT count(*) FROM today_series)::INTEGER`);
console.log(`series: ${rows} rows; only today ${a}, only shared ${b}`);
const cols = 'checkin_value, checkin_progress, checkin_confidence, checked_at, checkins_total';
const [c, d, krs] = await one(`SELECT (SELECT count(*) FROM (SELECT key_result_id, ${cols} FROM today_latest EXCEPT ALL SELECT i.key_result_id, ${cols} FROM shared_latest JOIN shared_index i USING (kr_row)))::INTEGER,
  (SELECT count(*) FROM (SELECT i.key_result_id, ${cols} FROM shared_latest JOIN shared_index i USING (kr_row) EXCEPT ALL SELECT key_result_id, ${cols} FROM today_latest))::INTEGER, (SELECT count(*) FROM today_latest)::INTEGER`);
console.log(`latest check-ins: ${krs} key results; only today ${c}, only shared ${d}`);
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
console.log(`median: today ${median(totals.today!)} ms, shared ${median(totals.shared!)} ms (${people} people, ${rounds} rounds)`);
await db.close();
