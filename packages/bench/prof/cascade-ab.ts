// The cascade's cold build (pre-aggregate + first render) and its warm reads, old code vs this tree alternated in one
// process on one engine: wall and process CPU per build; EACH=1 prints every statement (wall, CPU).
// The old code is `packages/core/src/cascade` of <base>, copied for the run into packages/core/src/.cascade-base/.
// Run: flock /tmp/plumb-heavy.lock node --conditions=plumb-source --import tsx packages/bench/prof/cascade-ab.ts <people> <base> [rounds]
import { invalidateDerived, loadSample, type SqlParam } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import * as viewNew from '../../core/src/cascade/view-query.js';
import { importAtCommit } from './code-at-commit.js';

const people = Number(process.argv[2] ?? 10000);
const base = process.argv[3] ?? 'HEAD';
const rounds = Number(process.argv[4] ?? 3);
const [viewOld] = (await importAtCommit('cascade', base, ['view-query.ts'])) as [typeof viewNew];
const db = new NodeConnector();
await loadSample(db, { people, seed: 1 });
const query = db.query.bind(db);
let log: { sql: string; ms: number; cpu: number }[] = [];
const timed = async <T>(sql: string, run: () => Promise<T>) => {
  const s = performance.now();
  const c = process.cpuUsage();
  try { return await run(); } finally { const d = process.cpuUsage(c); log.push({ sql, ms: performance.now() - s, cpu: (d.user + d.system) / 1000 }); }
};
db.query = (sql: string, params: readonly SqlParam[] = []) => timed(sql, () => query(sql, params));
const insert = db.insertArrowIPC.bind(db);
db.insertArrowIPC = (...a: Parameters<typeof insert>) => timed(`insertArrowIPC ${a[0]}`, () => insert(...a));
const sum: Record<string, number[]> = { old: [], new: [] };
for (let r = 0; r < rounds; r++) {
  for (const [label, v] of [['old', viewOld], ['new', viewNew]] as const) {
    invalidateDerived(db);
    log = [];
    const cpu = process.cpuUsage();
    let t = performance.now();
    const first = await v.queryCascadeView(db, {});
    const cold = performance.now() - t;
    const c = process.cpuUsage(cpu);
    const statements = log.slice();
    t = performance.now(); await v.queryCascadeView(db, {}); const warm = performance.now() - t;
    t = performance.now(); await v.queryCascadeChildren(db, { parents: ['group:unaligned'] }); const group = performance.now() - t;
    t = performance.now(); await v.queryCascadeSearch(db, { text: 'revenue' }); const search = performance.now() - t;
    t = performance.now(); await v.queryCascadeView(db, { team_id: first.nodes.find((n) => n.team_id)?.team_id ?? undefined }); const team = performance.now() - t;
    // Another roll-up variant than the default (`own`): its first read (status counts over every objective, and the rows).
    t = performance.now(); await v.queryCascadeView(db, { rollup: 'krs' }); const krs = performance.now() - t;
    const sql = statements.reduce((s, x) => s + x.ms, 0);
    sum[label]!.push((c.user + c.system) / 1000);
    console.log(`${label} ${r}: cold ${cold.toFixed(0)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)}, statements ${sql.toFixed(0)}, outside ${(cold - sql).toFixed(0)}) | warm ${warm.toFixed(0)} | group ${group.toFixed(0)} | search ${search.toFixed(0)} | team ${team.toFixed(0)} | rollup krs ${krs.toFixed(0)} | rows ${first.nodes.length} | load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
    if (process.env.EACH) for (const s of statements) console.log(`   ${s.ms.toFixed(0).padStart(5)} cpu ${s.cpu.toFixed(0).padStart(5)} ${s.sql.replace(/\s+/g, ' ').slice(0, 90)}`);
  }
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
console.log(`cold build CPU median: old ${median(sum.old!).toFixed(0)} ms, new ${median(sum.new!).toFixed(0)} ms (${people} people, ${rounds} rounds)`);
await db.close();
