// Node profile of a calibration session change: what the distribution and nine-box of a session run
// after one rating change (each SQL statement's time with EACH=1), beside the first (cold) run.
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/session-prof.ts [people] [changes]
import { appendSessionEvents, calibrationReport, nineBoxReport, openSession, queryRows, type SessionEvent } from '@plumb/core';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 10000);
const changes = Number(process.argv[3] ?? 3);
const { connector, sql } = await timedSample(people);
let t = performance.now();
const cycle = (await queryRows<{ cycle: string }>(connector, "SELECT max(cycle_id) AS cycle FROM ratings WHERE stage = 'manager'"))[0]!.cycle;
const persons = await queryRows<{ employee_id: string; rating: number }>(
  connector,
  `SELECT employee_id, any_value(rating) AS rating FROM ratings WHERE cycle_id = ? AND stage = 'manager' AND dimension = 'overall' GROUP BY 1 ORDER BY 1 LIMIT 50`,
  [cycle],
);
const views = () => Promise.all([
  calibrationReport(connector, { cycle, stage: 'calibrated', dimension: 'overall', minGroup: 5 }),
  nineBoxReport(connector, { cycle, stage: 'calibrated', minGroup: 5, namesPerBox: 8 }),
]);
await openSession(connector, { session_id: 's', cycle_id: cycle, scope: null, facilitator_id: 'p', opened_at: '2026-01-01T00:00:00Z', closed_at: null });
t = performance.now();
sql.ms = 0;
await views();
console.log(`open → views: ${(performance.now() - t).toFixed(0)} ms (sql ${sql.ms.toFixed(0)})`);
for (let i = 0; i < changes; i++) {
  const p = persons[i]!;
  const e: SessionEvent = { session_id: 's', seq: i + 1, kind: 'rating', employee_id: p.employee_id, dimension: 'overall', from_rating: p.rating, to_rating: p.rating === 5 ? 1 : 5, reason: 'x', by_id: 'p', at: `2026-01-01T00:00:0${i}Z`, undoes_seq: null };
  t = performance.now();
  sql.ms = 0;
  if (process.env.EACH) console.log('--- change');
  await appendSessionEvents(connector, [e]);
  const [report] = await views();
  console.log(`change ${i} → views: ${(performance.now() - t).toFixed(0)} ms (sql ${sql.ms.toFixed(0)}); org n ${report.org.n}`);
}
for (let i = 0; i < 2; i++) {
  t = performance.now();
  sql.ms = 0;
  if (process.env.EACH) console.log('--- warm, no change');
  await views();
  console.log(`warm (no change) → views: ${(performance.now() - t).toFixed(0)} ms (sql ${sql.ms.toFixed(0)})`);
}
await connector.close();
