// Every named query on native DuckDB (`plumb serve`, the CLI) and on DuckDB-WASM (a page), 60 people, under a dozen
// option sets (a team, min-group 1 and 10, empty lists, a person, anonymized, no cycle, as-of, an unknown department,
// changes by rater): the answers as JSON must be equal. Found: a null parameter typed INTEGER on native (`6294101`), the
// cascade's open nodes in the engine's order (17th session).
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/engine-parity.ts
import { loadSample, NAMED_QUERIES, queryRows } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';
const native = new NativeConnector();
const wasm = new NodeConnector();
await Promise.all([loadSample(native, { people: 60, seed: 1 }), loadSample(wasm, { people: 60, seed: 1 })]);
const [team] = await queryRows<{ t: string }>(wasm, `SELECT team_id AS t FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
const [person] = await queryRows<{ p: string }>(wasm, `SELECT person_id AS p FROM people LIMIT 1`);
const [objective] = await queryRows<{ o: string }>(wasm, `SELECT objective_id AS o FROM key_results k JOIN recognitions r USING (key_result_id) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const variants: Record<string, object> = {
  none: {}, team: { team_id: team!.t }, k10: { minGroup: 10 }, k1: { minGroup: 1 }, empty_expanded: { expanded: [] }, krs_empty: { key_result_ids: [] },
  person: { person_id: person!.p }, anon: { anonymize: true, salt: 's' }, nocycle: { cycle: null }, asof: { asOf: '2026-08-01' },
  dept_unknown: { department: 'Nowhere' }, changes: { changesByRater: true, minGroup: 10 },
};
const norm = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v));
for (const [name, q] of Object.entries(NAMED_QUERIES)) {
  for (const [vn, v] of Object.entries(variants)) {
    const opts = { ...(name === 'person-evidence' ? { person_id: person!.p } : {}), ...(name === 'cascade-children' ? { parents: [] } : {}), ...(name === 'cascade-search' ? { text: 'a' } : {}), ...(name === 'cascade-recognitions' ? { key: `objective:${objective!.o}` } : {}), ...v };
    let a: string, b: string;
    try { a = norm(await q.run(native, opts as never)); } catch (e) { a = 'ERR ' + String(e).split('\n')[0]; }
    try { b = norm(await q.run(wasm, opts as never)); } catch (e) { b = 'ERR ' + String(e).split('\n')[0]; }
    if (a !== b) { let i = 0; while (i < a.length && a[i] === b[i]) i++; console.log(`${name} ${vn}: DIFFER at ${i}\n  native ${a.slice(Math.max(0, i - 150), i + 150)}\n  wasm   ${b.slice(Math.max(0, i - 150), i + 150)}`); }
    else if (a.startsWith('ERR')) console.log(`${name} ${vn}: both ${a.slice(0, 150)}`);
  }
}
console.log('done');
await Promise.all([native.close(), wasm.close()]);
