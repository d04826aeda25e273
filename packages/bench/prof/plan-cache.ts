// Does DuckDB-WASM keep the plan of a table-free statement (SQL PREPARE / EXECUTE), does getvariable() inside it see the
// variable's value at EXECUTE time, and does a statement with a parameter keep its plan? (FINDINGS, 17th session: kept /
// no, folded at PREPARE: a stale answer / no, planned again at every EXECUTE.)
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/plan-cache.ts
import { NodeConnector } from '@plumb/core/node';
import { tableToRows } from '../../core/src/arrow-rows.js';
import { normalUpperTailSql } from '../../core/src/calibration/rater-statistics.js';

const c = new NodeConnector();
const q = async (sql: string) => tableToRows<Record<string, unknown>>(await c.query(sql));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
// A statement of the statistics' weight: the normal tail of 8 columns, over rows from a list variable.
const cols = Array.from({ length: 8 }, (_, i) => `${normalUpperTailSql(`abs(r.x${i})`)} AS p${i}`).join(',\n');
const body = `SELECT sum(p0 + p1 + p2 + p3 + p4 + p5 + p6 + p7) AS s FROM (SELECT ${cols} FROM (SELECT ${Array.from({ length: 8 }, (_, i) => `x * ${i + 1} AS x${i}`).join(', ')} FROM unnest(getvariable('rows')) t(x)) r)`;
await q(`SET VARIABLE rows = [0.5, 1.0, 1.5]`);
const direct: number[] = [];
for (let i = 0; i < 5; i++) { const t = cpu(); await q(body); direct.push(cpu() - t); }
let t = cpu();
await q(`PREPARE stats AS ${body}`);
const prep = cpu() - t;
const exec: number[] = [];
for (let i = 0; i < 5; i++) { t = cpu(); await q(`EXECUTE stats`); exec.push(cpu() - t); }
const a = await q(`EXECUTE stats`);
await q(`SET VARIABLE rows = [2.0, 3.0]`);
const b = await q(`EXECUTE stats`);
const d = await q(body);
const body2 = body.replace("getvariable('rows')", '$1::DOUBLE[]');
t = cpu();
await q(`PREPARE stats2 AS ${body2}`);
const prep2 = cpu() - t;
const exec2: number[] = [];
for (let i = 0; i < 5; i++) { t = cpu(); await q(`EXECUTE stats2([0.5, 1.0, 1.5])`); exec2.push(cpu() - t); }
const e = await q(`EXECUTE stats2([2.0, 3.0])`);
// Through the connector's own parameters (the variable path rewrites them: planned each time).
const viaConnector: number[] = [];
for (let i = 0; i < 3; i++) { t = cpu(); await c.query(body2, [JSON.stringify([2.0, 3.0]) as never]).catch((x) => console.log(String(x).slice(0, 200))); viaConnector.push(cpu() - t); }
console.log({ prepare2: prep2.toFixed(1), execute2: exec2.map((x) => x.toFixed(1)), withParamAfterChange: e[0], viaConnector: viaConnector.map((x) => x.toFixed(1)) });
console.log({ direct: direct.map((x) => x.toFixed(1)), prepare: prep.toFixed(1), execute: exec.map((x) => x.toFixed(1)), before: a[0], afterChange: b[0], directAfterChange: d[0] });
await c.close();
