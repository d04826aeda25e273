// The cascade pre-aggregate's JS pass alone (forest.ts `layoutForest` and the Arrow table it becomes), on the input of
// a real build: the input is captured once per size (CAPTURE=1 loads the sample and writes it as Arrow IPC to
// /tmp/plumb-forest-<people>.arrow; do that under the heavy lock at 100k), then every run reads the file and times
// the pass N times (CPU, no engine), old code (<base>) and this tree alternated.
// Run: [CAPTURE=1] node --conditions=plumb-source --import tsx packages/bench/prof/forest-js.ts <people> [base] [rounds]
import { readFileSync, writeFileSync } from 'node:fs';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { importAtCommit } from './code-at-commit.js';
import * as forestNew from '../../core/src/cascade/forest.js';

const people = Number(process.argv[2] ?? 10000);
const base = process.argv[3] ?? 'HEAD';
const rounds = Number(process.argv[4] ?? 5);
const file = `/tmp/plumb-forest-${people}.arrow`;
if (process.env.CAPTURE) {
  const { loadSample } = await import('@plumb/core');
  const { NodeConnector } = await import('@plumb/core/node');
  const agg = await import('../../core/src/cascade/aggregate.js');
  const db = new NodeConnector();
  await loadSample(db, { people, seed: 1 });
  const query = db.query.bind(db);
  let captured: Table | null = null;
  db.query = async (sql, params) => {
    const t = await query(sql, params);
    if (sql.includes('AS root_class')) captured = t;
    return t;
  };
  await agg.cascadeAggregate(db, {});
  writeFileSync(file, tableToIPC(captured!, 'stream'));
  console.log(`captured ${captured!.numRows} nodes to ${file}`);
  await db.close();
}
const [forestOld] = (await importAtCommit('cascade', base, ['forest.ts'])) as [typeof forestNew];
const columns = tableFromIPC(readFileSync(file));
/** As aggregate.ts reads the answer: columns by node number. */
function input(): forestNew.ForestInput {
  const nid = Float64Array.from(columns.getChild('nid')!.toArray() as Float64Array);
  const col = (name: string) => {
    const values = columns.getChild(name)!.toArray() as Float64Array;
    const out = new Float64Array(nid.length);
    for (let j = 0; j < nid.length; j++) out[nid[j]!] = values[j]!;
    return out;
  };
  return {
    parent: col('parent'), kind: col('kind'), siblingOrder: nid, rootClass: col('root_class'), weight: col('weight'),
    supports: col('supports'), mode: col('mode'), progress: col('progress'), confidence: col('confidence'),
  };
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times: Record<string, number[]> = { old: [], new: [] };
let reference: unknown = null;
for (let r = 0; r < rounds; r++) {
  for (const [label, f] of [['old', forestOld], ['new', forestNew]] as const) {
    const inp = input();
    const c = cpu();
    const out = f.layoutForest(inp, f.cutCycles([]).cuts);
    const ms = cpu() - c;
    times[label]!.push(ms);
    // Same output every time (old and new): the typed arrays compared as bytes.
    const bytes = JSON.stringify(Object.entries(out).map(([k, v]) => [k, v instanceof Float64Array ? Buffer.from(v.buffer).toString('base64') : Object.entries(v as object).map(([vk, vv]) => [vk, Object.values(vv as object).map((a) => Buffer.from((a as Float64Array).buffer).toString('base64'))])]));
    if (reference === null) reference = bytes;
    else if (reference !== bytes) throw new Error(`${label} ${r}: output differs`);
  }
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
console.log(`${columns.numRows} nodes, layoutForest CPU ms: old ${times.old!.map((x) => x.toFixed(0)).join(' ')} (median ${median(times.old!).toFixed(0)}), new ${times.new!.map((x) => x.toFixed(0)).join(' ')} (median ${median(times.new!).toFixed(0)})`);
