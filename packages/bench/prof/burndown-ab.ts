// A/B of the burn-down build's statements (issue 20), in one process on one sample: the statements of
// `prepareBurndown` as captured from each side (CAPTURE=<file> writes this tree's), run alternately,
// tables compared (EXCEPT ALL both ways) and timed per statement.
// VIEW=1 with CAPTURE: also the statements of the first view after the build (the organisation, default options), timed
// as `view` (its SELECTs run after the side's own tables are built).
// Run: node --conditions=plumb-source --import tsx packages/bench/prof/burndown-ab.ts <people> <rounds> a.json b.json
//      CAPTURE=/tmp/x.json [VIEW=1] node … burndown-ab.ts <people>
import { readFileSync, writeFileSync } from 'node:fs';
/** CPU ms of this process's main thread (the wasm engine runs on it; not V8's compile threads): 10 ms ticks. */
const mainCpu = (): number => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
import { invalidateDerived, loadSample, type SqlParam } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { burndown, prepareBurndown } from '../../core/src/burndown/query.js';

type Stmt = { sql: string; params: SqlParam[] };
const people = Number(process.argv[2] ?? 3000);
const connector = new NodeConnector();
await loadSample(connector, { people, seed: 1 });
if (process.env.CAPTURE) {
  const seen: Stmt[] = [];
  const query = connector.query.bind(connector);
  connector.query = async (sql, params = []) => {
    if (/^\s*CREATE (TEMP )?TABLE/.test(sql) || view) seen.push({ sql, params: [...params] });
    return query(sql, params);
  };
  let view = false;
  invalidateDerived(connector);
  await prepareBurndown(connector);
  if (process.env.VIEW) {
    view = true;
    await burndown(connector);
  }
  writeFileSync(process.env.CAPTURE, JSON.stringify(seen, null, 1));
  console.log(`captured ${seen.length} statements`);
  process.exit(0);
}
const rounds = Number(process.argv[3] ?? 3);
const sides = process.argv.slice(4).map((f) => ({ file: f, stmts: JSON.parse(readFileSync(f, 'utf8')) as Stmt[] }));
/** Rename every plumb_agg_burndown_N_part table to side_part, so both sides' tables live side by side. */
const rename = (sql: string, side: number) => sql.replace(/"plumb_agg_burndown_\d+_(\w+)"/g, `"ab${side}_$1"`);
const totals = sides.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) {
  for (let s = 0; s < sides.length; s++) {
    const times: string[] = [];
    let total = 0;
    for (const st of sides[s]!.stmts) {
      const sql = rename(st.sql, s);
      const created = /CREATE (?:TEMP )?TABLE "(\w+)"/.exec(sql);
      const name = created ? created[1]! + (sql.startsWith("EXPLAIN") ? "_explain" : "") : 'view';
      if (created) await connector.query(`DROP TABLE IF EXISTS "${name}"`);
      const t = mainCpu();
      await connector.query(sql, st.params);
      const ms = mainCpu() - t;
      total += ms;
      const label = name.replace(/^ab\d+_/, '');
      const last = times.length ? times[times.length - 1]!.split(' ') : [];
      if (label === 'view' && last[0] === 'view') times[times.length - 1] = `view ${Number(last[1]) + ms}`;
      else times.push(`${label} ${ms.toFixed(0)}`);
    }
    totals[s]!.push(total);
    console.log(`round ${r} ${sides[s]!.file}: ${total.toFixed(0)} ms main-thread CPU (${times.join(', ')})`);
  }
}
// Same tables on every side: compare each table of side s with side 0's (columns by name, in side 0's order).
for (let s = 1; s < sides.length; s++) {
  for (const part of ['krs', 'series', 'weeks', 'hits']) {
    // The columns both sides have (a side may carry a column in another form); the others are named.
    const columnsOf = async (side: number) => (await connector.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'ab${side}_${part}' ORDER BY ordinal_position`))
      .toArray().map((r) => String(r.toJSON().column_name));
    const [mine, theirs] = [await columnsOf(0), await columnsOf(s)];
    const only = [...mine.filter((c) => !theirs.includes(c)).map((c) => `${c} (${sides[0]!.file} only)`), ...theirs.filter((c) => !mine.includes(c)).map((c) => `${c} (${sides[s]!.file} only)`)];
    if (only.length) console.log(`${part}: not compared: ${only.join(', ')}`);
    const cols = mine.filter((c) => theirs.includes(c)).map((c) => `"${c}"`).join(', ');
    const diff = await connector.query(
      `SELECT (SELECT count(*) FROM (SELECT ${cols} FROM ab0_${part} EXCEPT ALL SELECT ${cols} FROM ab${s}_${part}))::INTEGER AS a,
              (SELECT count(*) FROM (SELECT ${cols} FROM ab${s}_${part} EXCEPT ALL SELECT ${cols} FROM ab0_${part}))::INTEGER AS b,
              (SELECT count(*) FROM ab0_${part})::INTEGER AS n`);
    const row = diff.toArray()[0]!.toJSON();
    console.log(`${part}: ${row.n} rows; only in ${sides[0]!.file}: ${row.a}, only in ${sides[s]!.file}: ${row.b}`);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
sides.forEach((side, s) => console.log(`median ${side.file}: ${med(totals[s]!).toFixed(0)} ms`));
await connector.close();
