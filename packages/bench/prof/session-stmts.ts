// CPU time of each SQL statement of a session change → both views repainted (the engine's own calls
// timed, so the views' concurrent queries do not overlap in the figures, and a loaded machine
// inflates them less than wall time).
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/session-stmts.ts [people] [changes]
import { appendSessionEvents, calibrationReport, loadSample, nineBoxReport, openSession, queryRows, type SessionEvent } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const people = Number(process.argv[2] ?? 10000);
const changes = Number(process.argv[3] ?? 3);
const connector = new NodeConnector();
await loadSample(connector, { people, seed: 1 });
const cycle = (await queryRows<{ cycle: string }>(connector, "SELECT max(cycle_id) AS cycle FROM ratings WHERE stage = 'manager'"))[0]!.cycle;
const persons = await queryRows<{ employee_id: string; rating: number }>(
  connector,
  `SELECT employee_id, any_value(rating) AS rating FROM ratings WHERE cycle_id = ? AND stage = 'manager' AND dimension = 'overall' GROUP BY 1 ORDER BY 1 LIMIT 50`,
  [cycle],
);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const { db } = await (connector as unknown as { start(): Promise<{ db: Record<string, (...a: unknown[]) => unknown> }> }).start();
const log: { sql: string; ms: number }[] = [];
const prepared = new Map<unknown, string>();
for (const name of ['runQuery', 'createPrepared', 'runPrepared', 'insertArrowFromIPCStream']) {
  const orig = db[name]!.bind(db);
  db[name] = (...args: unknown[]) => {
    // SPLIT=1: a script's statements one by one (each timed), to see inside a session delta.
    if (process.env.SPLIT && name === 'runQuery' && String(args[1]).includes(';\n')) {
      let out: unknown;
      for (const part of String(args[1]).split(';\n')) out = db[name]!(args[0], part);
      return out;
    }
    const t = cpu();
    const out = orig(...args);
    const ms = cpu() - t;
    const sql = name === 'runPrepared' ? prepared.get(args[1]) ?? '(prepared before the timing began)' : name === 'insertArrowFromIPCStream' ? '(arrow insert)' : String(args[1]);
    if (name === 'createPrepared') prepared.set(out, sql);
    const last = log.at(-1);
    if (name === 'runPrepared' && last?.sql === sql) last.ms += ms;
    else log.push({ sql, ms });
    return out;
  };
}
// PAGE=1: the options the elements pass in a session (the distribution draws no moves; the nine-box
// compares with the manager stage); else those of the bench's DuckDB floor.
const views = () => Promise.all(process.env.PAGE ? [
  calibrationReport(connector, { cycle, stage: 'calibrated', dimension: 'overall', minGroup: 5, changes: false }),
  nineBoxReport(connector, { cycle, stage: 'calibrated', minGroup: 5, namesPerBox: 3, compareStage: 'manager' }),
] : [
  calibrationReport(connector, { cycle, stage: 'calibrated', dimension: 'overall', minGroup: 5 }),
  nineBoxReport(connector, { cycle, stage: 'calibrated', minGroup: 5 }),
]);
await openSession(connector, { session_id: 's', cycle_id: cycle, scope: null, facilitator_id: 'p', opened_at: '2026-01-01T00:00:00Z', closed_at: null });
await views();
// RESTORE=<n>: a session of n changes restored at once (the events' INSERT, then both views), as the page restores one.
if (process.env.RESTORE) {
  const n = Number(process.env.RESTORE);
  const events: SessionEvent[] = Array.from({ length: n }, (_, i) => {
    const p = persons[i % persons.length]!;
    return { session_id: 's', seq: i + 1, kind: 'rating', employee_id: p.employee_id, dimension: 'overall', from_rating: p.rating, to_rating: ((p.rating + i) % 5) + 1, reason: 'x', by_id: 'p', at: '2026-01-01T00:00:00Z', undoes_seq: null };
  });
  log.length = 0;
  const c0 = cpu();
  await appendSessionEvents(connector, events);
  const written = log.length;
  await views();
  console.log(`restore ${n}: ${(cpu() - c0).toFixed(0)} ms cpu (write ${log.slice(0, written).reduce((s, x) => s + x.ms, 0).toFixed(0)}), ${log.length} calls`);
  for (const s of log) console.log(`${s.ms.toFixed(1).padStart(7)} ms: ${s.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
  process.exit(0);
}
for (let i = 0; i < changes; i++) {
  const p = persons[i]!;
  const e: SessionEvent = { session_id: 's', seq: i + 1, kind: 'rating', employee_id: p.employee_id, dimension: 'overall', from_rating: p.rating, to_rating: p.rating === 5 ? 1 : 5, reason: 'x', by_id: 'p', at: `2026-01-01T00:00:0${i}Z`, undoes_seq: null };
  log.length = 0;
  const t = performance.now();
  const c0 = cpu();
  await appendSessionEvents(connector, [e]);
  const written = log.length;
  await views();
  const sql = log.reduce((s, x) => s + x.ms, 0);
  console.log(`change ${i}: ${(performance.now() - t).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu (sql ${sql.toFixed(0)}: write ${log.slice(0, written).reduce((s, x) => s + x.ms, 0).toFixed(0)}), ${log.length} calls`);
}
for (const s of log) console.log(`${s.ms.toFixed(1).padStart(7)} ms: ${s.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
await connector.close();
