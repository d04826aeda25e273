// Where the burn-down build's statements spend their time: EXPLAIN ANALYZE of each build statement
// (warm engine: after two builds), operator timings as DuckDB reports them.
// EXTRA=1 prints each operator's details (join conditions, filters, projections).
// Run: flock /tmp/plumb-heavy.lock node --conditions=plumb-source --import tsx packages/bench/prof/explain-burndown.ts [people]
import { invalidateDerived, loadSample, type SqlParam } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { prepareBurndown } from '../../core/src/burndown/query.js';

interface Node { operator_name?: string; operator_timing?: number; operator_cardinality?: number; latency: number; planner?: number; physical_planner?: number; extra_info?: Record<string, unknown>; children: Node[] }
function print(node: Node, depth: number): void {
  if (node.operator_name) {
    const extra = process.env.EXTRA && node.extra_info ? ` ${JSON.stringify(node.extra_info).slice(0, 300)}` : '';
    console.log(`${'  '.repeat(depth)}${node.operator_name} ${((node.operator_timing ?? 0) * 1000).toFixed(1)} ms, ${node.operator_cardinality} rows${extra}`);
  }
  for (const c of node.children ?? []) print(c, depth + 1);
}
const people = Number(process.argv[2] ?? 10000);
const connector = new NodeConnector();
await loadSample(connector, { people, seed: 1 });
const seen: { sql: string; params: readonly SqlParam[] }[] = [];
const query = connector.query.bind(connector);
connector.query = async (sql, params = []) => {
  seen.push({ sql, params });
  return query(sql, params);
};
for (let r = 0; r < 3; r++) {
  invalidateDerived(connector);
  seen.length = 0;
  await prepareBurndown(connector);
}
connector.query = query;
for (const { sql, params } of seen) {
  if (!/^\s*CREATE (TEMP )?TABLE/.test(sql)) continue;
  const renamed = sql.replace(/CREATE (TEMP )?TABLE ("[^"]+")/, "CREATE TEMP TABLE \"explain_x\"");
  const t = performance.now();
  const out = await query(`EXPLAIN (ANALYZE, FORMAT json) ${renamed}`, params);
  const ms = performance.now() - t;
  await query('DROP TABLE IF EXISTS "explain_x"');
  console.log(`==== ${ms.toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 100)}`);
  const rows = out.toArray().map((r) => r.toJSON() as Record<string, string>);
  const tree = JSON.parse(rows[0]!.explain_value!) as Node;
  console.log(`  total ${(tree.latency * 1000).toFixed(0)} ms (planner ${((tree.planner ?? 0) * 1000).toFixed(0)}, physical planner ${((tree.physical_planner ?? 0) * 1000).toFixed(0)})`);
  print(tree, 1);
}
await connector.close();
