// Why the first pre-aggregate build in a process is slower than later ones: the same builds, repeated,
// each statement's time; run under different V8 flags (NODE_OPTIONS) to test tiering.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS="--conditions=plumb-source <v8 flags>" npx tsx packages/bench/prof/first-build.ts [people] [repeats] [views]
import { invalidateDerived, loadSample, queryCascadeView } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { prepareBurndown } from '../../core/src/burndown/query.js';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 10000);
const repeats = Number(process.argv[3] ?? 3);
const views = (process.argv[4] ?? 'burndown,cascade').split(',');
if (process.env.WARM) {
  // Warm-up (WARM=<people>): the same builds once on a small sample in the same engine (a closed
  // NodeConnector's engine is reused by the next one), then the measured sample.
  const warm = new NodeConnector();
  const t = performance.now();
  await loadSample(warm, { people: Number(process.env.WARM), seed: 2 });
  const loaded = performance.now() - t;
  await prepareBurndown(warm);
  await queryCascadeView(warm, {});
  console.log(`warm-up on ${process.env.WARM} people: load ${loaded.toFixed(0)} ms, builds ${(performance.now() - t - loaded).toFixed(0)} ms`);
  await warm.close();
}
const { connector, sql } = await timedSample(people);
// The wasm heap's size (it only grows): HEAPU8 of the engine's module.
const heapMb = async () => {
  const engine = await (connector as unknown as { engine: Promise<{ db: { mod: { HEAPU8: Uint8Array } } }> }).engine;
  return (engine.db.mod.HEAPU8.byteLength / 2 ** 20).toFixed(0);
};
console.log(`heap after load ${await heapMb()} MB`);
if (process.env.PREGROW) {
  // Grow the heap by PREGROW MB of table data and free it again: the next builds start in a larger heap.
  await connector.query(`CREATE TEMP TABLE pregrow AS SELECT range AS a, range AS b FROM range(${Number(process.env.PREGROW) * 2 ** 20 / 16})`);
  await connector.query('DROP TABLE pregrow');
  console.log(`heap after pre-grow ${await heapMb()} MB`);
}
import { readFileSync, readdirSync } from 'node:fs';
/** CPU ms of the main thread (where the wasm engine runs) and of all other threads (V8's compile workers, GC). */
function threadCpu(): { main: number; others: number } {
  const tick = 10; // ms per clock tick (USER_HZ 100)
  let main = 0, others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * tick;
      if (Number(tid) === process.pid) main += ms; else others += ms;
    } catch { /* thread ended */ }
  }
  return { main, others };
}
const cpu0 = process.cpuUsage();
for (let r = 0; r < repeats; r++) {
  for (const view of views) {
    invalidateDerived(connector);
    sql.ms = 0;
    const t = performance.now();
    const c = process.cpuUsage();
    const th = threadCpu();
    if (view === 'burndown') await prepareBurndown(connector);
    else await queryCascadeView(connector, {});
    const u = process.cpuUsage(c);
    const th2 = threadCpu();
    console.log(`build ${r} ${view}: ${(performance.now() - t).toFixed(0)} ms wall, cpu ${((u.user + u.system) / 1000).toFixed(0)} ms: main thread ${th2.main - th.main}, other threads ${th2.others - th.others} (sql ${sql.ms.toFixed(0)}); heap ${await heapMb()} MB`);
  }
}
const u = process.cpuUsage(cpu0);
console.log(`process cpu over the builds ${((u.user + u.system) / 1000).toFixed(0)} ms`);
await connector.close();
