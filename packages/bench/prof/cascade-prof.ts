// Node profile of the cascade: the full-tree path (SQL, Arrow → rows, roll-up) beside the open-only
// path the element uses (pre-aggregate build once per data version, first render, expand, search).
// Run: flock /tmp/plumb-heavy.lock pnpm exec tsx packages/bench/prof/cascade-prof.ts [people] [repeats]
//      (EACH=1 prints every SQL statement's time)
import {
  buildCascade, invalidateDerived, queryCascadeChildren, queryCascadeRows, queryCascadeSearch, queryCascadeView,
} from '@plumb/core';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 30000);
const repeats = Number(process.argv[3] ?? 3);
const { connector, sql } = await timedSample(people);
let t = performance.now();

const ms = (since: number) => (performance.now() - since).toFixed(0);
for (let r = 0; r < repeats; r++) {
  sql.ms = 0;
  t = performance.now();
  const rows = await queryCascadeRows(connector, {});
  const total = performance.now() - t;
  t = performance.now();
  const tree = buildCascade(rows);
  const build = performance.now() - t;
  console.log(`full tree ${r}: sql ${sql.ms.toFixed(0)} ms, arrow→rows ${(total - sql.ms).toFixed(0)} ms, build ${build.toFixed(0)} ms; ` +
    `${rows.objectives.length} objectives, ${rows.key_results.length} KRs, ${tree.nodes.length} nodes`);
}
for (let r = 0; r < repeats; r++) {
  invalidateDerived(connector);
  t = performance.now();
  const cold = await queryCascadeView(connector, {});
  const coldMs = ms(t);
  t = performance.now();
  const warm = await queryCascadeView(connector, {});
  const warmMs = ms(t);
  const closed = warm.nodes.filter((n) => n.child_count > 0 && !warm.open.includes(n.key)).sort((a, b) => b.descendants - a.descendants)[0];
  t = performance.now();
  const kids = closed ? await queryCascadeChildren(connector, { parents: [closed.key] }) : { nodes: [] };
  const expandMs = ms(t);
  t = performance.now();
  const found = await queryCascadeSearch(connector, { text: 'revenue' });
  console.log(`open-only ${r}: first render cold (build) ${coldMs} ms, warm ${warmMs} ms (${warm.nodes.length} rows); ` +
    `expand ${expandMs} ms (${kids.nodes.length} rows); search ${ms(t)} ms (${found.total} matches)`);
}
await connector.close();
