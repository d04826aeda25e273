// A/B of the two ways a parameterised statement runs on the page's engine (Node, blocking DuckDB-WASM):
// bound parameters (prepare + run: DuckDB 1.4 plans a statement that reads a table at both) against the
// values in the connection's variable (parameters-variable.ts: one tiny prepared SET, then the statement
// planned once). Every parameterised statement of a department filter of both calibration views and of a
// session change is captured, then each replayed both ways, alternating, CPU time per statement (median).
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/params-ab.ts [people] [reps]
import { appendSessionEvents, calibrationReport, loadSample, nineBoxReport, openSession, queryRows, type SessionEvent, type SqlParam } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { paramsFromVariable, setParamsSql } from '../../core/src/parameters-variable.js';

const people = Number(process.argv[2] ?? 10000);
const reps = Number(process.argv[3] ?? 5);
const connector = new NodeConnector();
await loadSample(connector, { people, seed: 1 });
const captured: { sql: string; params: SqlParam[] }[] = [];
const query = connector.query.bind(connector);
connector.query = (sql, params) => {
  if (params?.length) captured.push({ sql, params: [...params] });
  return query(sql, params);
};
const { department } = (await queryRows<{ department: string }>(connector, 'SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))[0]!;
const cycle = (await queryRows<{ cycle: string }>(connector, "SELECT max(cycle_id) AS cycle FROM ratings WHERE stage = 'manager'"))[0]!.cycle;
await calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false });
await nineBoxReport(connector, { minGroup: 5, namesPerBox: 3 });
captured.length = 0;
await calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false, department });
await nineBoxReport(connector, { minGroup: 5, namesPerBox: 3, department });
const filterCount = captured.length;
await openSession(connector, { session_id: 's', cycle_id: cycle, scope: null, facilitator_id: 'p', opened_at: '2026-01-01T00:00:00Z', closed_at: null });
const views = () => Promise.all([
  calibrationReport(connector, { cycle, stage: 'calibrated', dimension: 'overall', minGroup: 5, changes: false }),
  nineBoxReport(connector, { cycle, stage: 'calibrated', minGroup: 5, namesPerBox: 3, compareStage: 'manager' }),
]);
await views();
const p = (await queryRows<{ employee_id: string }>(connector, "SELECT employee_id FROM ratings WHERE cycle_id = ? AND stage = 'manager' ORDER BY 1 LIMIT 1", [cycle]))[0]!;
const before = captured.length;
const e: SessionEvent = { session_id: 's', seq: 1, kind: 'rating', employee_id: p.employee_id, dimension: 'overall', from_rating: null, to_rating: 5, reason: 'x', by_id: 'p', at: '2026-01-01T00:00:01Z', undoes_seq: null };
await appendSessionEvents(connector, [e]);
await views();
const session = captured.slice(before);
const filter = captured.slice(0, filterCount);

const { db, conn } = await (connector as unknown as { start(): Promise<{ db: any; conn: number }> }).start();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sets = new Map<number, number>();
function bound(s: { sql: string; params: SqlParam[] }) {
  const stmt = db.createPrepared(conn, s.sql);
  try { db.runPrepared(conn, stmt, s.params); } finally { db.closePrepared(conn, stmt); }
}
function variable(s: { sql: string; params: SqlParam[] }) {
  const text = paramsFromVariable(s.sql, s.params.length);
  if (text === null) return bound(s);
  let set = sets.get(s.params.length);
  if (set === undefined) sets.set(s.params.length, (set = db.createPrepared(conn, setParamsSql(s.params.length))));
  db.runPrepared(conn, set, s.params);
  db.runQuery(conn, text);
}
for (const [label, list] of [['filter (department), both views', filter], ['session change, both views', session]] as const) {
  let a = 0, b = 0;
  console.log(`\n${label}: ${list.length} parameterised statements`);
  for (const s of list) {
    const ta: number[] = [], tb: number[] = [];
    for (let r = 0; r < reps; r++) {
      let t = cpu(); bound(s); ta.push(cpu() - t);
      t = cpu(); variable(s); tb.push(cpu() - t);
    }
    a += median(ta); b += median(tb);
    console.log(`${median(ta).toFixed(1).padStart(7)} → ${median(tb).toFixed(1).padStart(6)} ms${paramsFromVariable(s.sql, s.params.length) === null ? ' (no FROM: bound)' : ''}  ${s.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
  console.log(`total ${a.toFixed(0)} → ${b.toFixed(0)} ms CPU (bound → variable)`);
}
await connector.close();
