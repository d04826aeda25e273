// Node profile of the cascade query path: SQL alone, Arrow → rows, roll-up.
// Run: pnpm exec tsx packages/bench/prof/cascade-prof.ts [people] [repeats]   (EACH=1 prints every SQL statement's time)
import { buildCascade, queryCascadeRows, loadSample } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const people = Number(process.argv[2] ?? 30000);
const repeats = Number(process.argv[3] ?? 3);
const connector = new NodeConnector();
let t = performance.now();
await loadSample(connector, { people, seed: 1 });
console.log(`load ${people} people: ${(performance.now() - t).toFixed(0)} ms`);

let sqlMs = 0;
const query = connector.query.bind(connector);
connector.query = async (sql, params) => {
  const s = performance.now();
  try {
    return await query(sql, params);
  } finally {
    const d = performance.now() - s;
    sqlMs += d;
    if (process.env.EACH) console.log(`    ${d.toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 60)}`);
  }
};
for (let r = 0; r < repeats; r++) {
  sqlMs = 0;
  t = performance.now();
  const rows = await queryCascadeRows(connector, {});
  const total = performance.now() - t;
  t = performance.now();
  const tree = buildCascade(rows);
  const build = performance.now() - t;
  console.log(`run ${r}: sql ${sqlMs.toFixed(0)} ms, arrow→rows ${(total - sqlMs).toFixed(0)} ms, build ${build.toFixed(0)} ms; ` +
    `${rows.objectives.length} objectives, ${rows.key_results.length} KRs, ${tree.nodes.length} nodes`);
}
await connector.close();
