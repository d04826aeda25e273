// The cascade's answers, old code vs this tree: the node table as a multiset of rows (EXCEPT ALL both ways, on the
// columns both trees have; parent numbers resolved to keys) for a default, an as-of and an anonymized (k = 5) build,
// and the views' answers deep-equal (Object.is on numbers): first render under 13 option sets (depths, key results
// hidden, roll-up modes, team / manager / person filters, anonymized, as-of, expanded), children (3 option sets),
// 7 searches, recognitions (plain, anonymized). The old code is `packages/core/src/cascade` of <base> (a commit),
// copied for the run into packages/core/src/.cascade-base/ (removed after); each side on its own engine.
// Run: [ENGINE=native] [SERVED=1] [TABLES_ONLY=1] node --conditions=plumb-source --import tsx packages/bench/prof/cascade-same-answers.ts <people> <base>
import { deepStrictEqual } from 'node:assert';
import { loadSample, queryRows, type Connector } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';
import { markServed } from '../../core/src/queries/derived.js';
import * as viewNew from '../../core/src/cascade/view-query.js';
import * as aggNew from '../../core/src/cascade/aggregate.js';
import * as buildNew from '../../core/src/cascade/build.js';
import * as explainNew from '../../core/src/cascade/explain.js';
import { queryCascadeRows } from '../../core/src/cascade/query.js';
import { importAtCommit } from './code-at-commit.js';

const people = Number(process.argv[2] ?? 600);
const base = process.argv[3] ?? 'HEAD';
const [viewOld, aggOld, buildOld, explainOld] = (await importAtCommit('cascade', base, ['view-query.ts', 'aggregate.ts', 'build.ts', 'explain.ts'])) as
  [typeof viewNew, typeof aggNew, typeof buildNew, typeof explainNew];
// ENGINE=native: both sides on the native engine (`plumb serve`'s), which runs the same SQL.
const engine = () => (process.env.ENGINE === 'native' ? new NativeConnector() : new NodeConnector());
const a = engine();
const b = engine();
await Promise.all([loadSample(a, { people, seed: 1 }), loadSample(b, { people, seed: 1 })]);
// SERVED=1: both engines as a server's (`markServed`: its tables and reads as plumb serve has them), with ENGINE=native.
if (process.env.SERVED) for (const db of [a, b]) markServed(db);

const pick = async (sql: string) => (await queryRows<Record<string, string>>(a, sql))[0];
const team = (await pick(`SELECT team_id FROM objectives WHERE team_id IS NOT NULL GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1 OFFSET 3`))!.team_id;
const manager = (await pick(`SELECT manager_id FROM people WHERE manager_id IS NOT NULL GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1 OFFSET 2`))!.manager_id;
const owner = (await pick(`SELECT owner_id FROM objectives WHERE owner_id IS NOT NULL ORDER BY owner_id LIMIT 1 OFFSET 7`))!.owner_id;
const asOf = String((await pick(`SELECT (CAST(min(checked_at) AS DATE) + CAST((CAST(max(checked_at) AS DATE) - CAST(min(checked_at) AS DATE)) / 2 AS INTEGER))::VARCHAR AS d FROM check_ins`))!.d);
const obj = (await pick(`SELECT k.objective_id FROM recognitions r JOIN key_results k USING (key_result_id) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`))?.objective_id ?? null;

let checks = 0;
const same = async (label: string, run: (v: typeof viewNew, db: Connector) => Promise<unknown>) => {
  const x = await run(viewOld, a);
  const y = await run(viewNew, b);
  deepStrictEqual(y, x, label);
  checks++;
};
const cases: [string, viewNew.CascadeViewOptions][] = [
  ['default', {}], ['all', { depth: 'all' }], ['nokr', { showKeyResults: false }], ['nokr-all', { showKeyResults: false, depth: 'all' }],
  ['krs', { rollup: 'krs' }], ['children', { rollup: 'children', depth: 3 }], ['team', { team_id: team }], ['manager', { manager_id: manager }],
  ['person', { person_id: owner }], ['anon', { anonymize: true, minGroup: 5, depth: 'all' }], ['anon-team', { anonymize: true, minGroup: 8, team_id: team }],
  ['asof', { asOf, depth: 'all' }], ['expanded', { expanded: ['group:unaligned'] }],
];
// The open set may name a key more than once (a UNION inside WITH RECURSIVE); the element reads it as a set.
const openAsSet = (r: viewNew.CascadeViewResult) => ({ ...r, open: [...new Set(r.open)].sort() });
// TABLES_ONLY=1 (for 100k people: the whole tree twice does not fit the wasm heaps): the node tables, the meta and the
// first renders that draw a few hundred rows only.
const tablesOnly = process.env.TABLES_ONLY === '1';
for (const [name, o] of cases) {
  if (tablesOnly && !['default', 'krs', 'children', 'team', 'anon-team', 'expanded'].includes(name)) continue;
  await same(`view:${name}`, async (v, db) => openAsSet(await v.queryCascadeView(db, o)));
}
if (!tablesOnly) {
  const all = await viewNew.queryCascadeView(b, { depth: 'all' });
  const objs = all.nodes.filter((n) => n.kind === 'objective' && n.child_count > 0).slice(0, 5).map((n) => n.key);
  await same('children', (v, db) => v.queryCascadeChildren(db, { parents: ['group:unaligned', ...objs] }));
  await same('children-anon', (v, db) => v.queryCascadeChildren(db, { parents: objs, anonymize: true, minGroup: 5 }));
  await same('children-asof', (v, db) => v.queryCascadeChildren(db, { parents: objs, asOf }));
  for (const text of ['revenue', 'o1', 'team', 'a b']) await same(`search:${text}`, (v, db) => v.queryCascadeSearch(db, { text }));
  await same('search:anon', (v, db) => v.queryCascadeSearch(db, { text: 'revenue', anonymize: true, minGroup: 5 }));
  await same('search:keys', (v, db) => v.queryCascadeSearch(db, { text: '', keys: all.nodes.slice(-20).map((n) => n.key) }));
  await same('search:nokr', (v, db) => v.queryCascadeSearch(db, { text: 'revenue', showKeyResults: false, limit: 7 }));
  if (obj) {
    await same('rec:obj', (v, db) => v.queryCascadeRecognitions(db, { key: `objective:${obj}` }));
    await same('rec:obj-anon', (v, db) => v.queryCascadeRecognitions(db, { key: `objective:${obj}`, anonymize: true, minGroup: 3 }));
}

// The full tree (buildCascade, the CLI's path) under every roll-up mode, latest and as of a date, and `explain` of its
// first 300 objectives.
for (const date of [null, asOf]) {
  const rows = await queryCascadeRows(b, { asOf: date });
  for (const rollup of [null, 'krs', 'children', 'both'] as const) {
    const x = buildOld.buildCascade(rows, { rollup });
    const y = buildNew.buildCascade(rows, { rollup });
    // The index's class is each tree's own (types.ts of either side): compare its maps.
    const plain = (t: typeof y) => ({ ...t, index: [t.index.objectives, t.index.keyResults, t.index.groups] });
    deepStrictEqual(plain(y), plain(x), `buildCascade ${rollup} ${date}`);
    const keys = y.nodes.filter((n) => n.kind === 'objective').slice(0, 300).map((n) => n.key);
    deepStrictEqual(keys.map((k) => explainNew.explainCascadeNode(y, k)), keys.map((k) => explainOld.explainCascadeNode(x, k)), `explain ${rollup} ${date}`);
    checks += 2;
  }
}

}

// The node table: every row of the columns both trees write, as a multiset (EXCEPT ALL both ways).
const columnsOf = async (db: Connector, table: string) => (await queryRows<{ column_name: string }>(db, `SELECT column_name FROM (DESCRIBE ${table})`)).map((c) => c.column_name);
const json = (r: unknown) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v));
for (const [label, o] of [['default', {}], ['as-of', { asOf }], ['anonymized', { withheldUnder: 5 }]] as const) {
  const x = await aggOld.cascadeAggregate(a, o);
  const y = await aggNew.cascadeAggregate(b, o);
  // A node's roll-up variants other than `own` may live in a table of their own (`variants`, by nid): read with it.
  const nodes = (agg: { table: string; variants?: string }) => agg.variants ? `(SELECT * FROM ${agg.table} JOIN ${agg.variants} USING (nid))` : agg.table;
  const cx = await columnsOf(a, nodes(x));
  const cy = await columnsOf(b, nodes(y));
  // Node numbers (nid and the forest table's parent_nid / rparent_nid) are a build's own identities: a streaming
  // row_number, in any order on a multi-threaded engine (ENGINE=native). Parents are compared by key (parent, rparent).
  const shared = cx.filter((c) => cy.includes(c) && !['nid', 'parent_nid', 'rparent_nid'].includes(c));
  const rows = async (db: Connector, table: string) => {
    const counts = new Map<string, number>();
    for (const r of await queryRows(db, `SELECT ${shared.map((c) => `"${c}"`).join(', ')} FROM ${table}`)) counts.set(json(r), (counts.get(json(r)) ?? 0) + 1);
    return counts;
  };
  const rx = await rows(a, nodes(x));
  const ry = await rows(b, nodes(y));
  const minus = (p: Map<string, number>, q: Map<string, number>) => [...p].reduce((s, [k, n]) => s + Math.max(0, n - (q.get(k) ?? 0)), 0);
  const [oldNotNew, newNotOld] = [minus(rx, ry), minus(ry, rx)];
  console.log(`node table ${label}: ${[...rx.values()].reduce((s, n) => s + n, 0)} rows, ${shared.length} columns` +
    `${cx.length - 1 > shared.length ? ` (old only: ${cx.filter((c) => !shared.includes(c) && c !== 'nid').join(', ')})` : ''}` +
    `${cy.length - 1 > shared.length ? ` (new only: ${cy.filter((c) => !shared.includes(c) && c !== 'nid').join(', ')})` : ''}; ` +
    `old EXCEPT ALL new ${oldNotNew}, new EXCEPT ALL old ${newNotOld}`);
  if (oldNotNew || newNotOld) throw new Error(`node table ${label} differs`);
  const { table: _t, display: _d, ...metaX } = x as unknown as Record<string, unknown>;
  const { table: _u, display: _e, ...metaY } = y as unknown as Record<string, unknown>;
  for (const k of ['objectiveTable', 'keyResultTable', 'variants']) { delete metaX[k]; delete metaY[k]; }
  // A field only one side's code has (added since <base>) is no answer to compare.
  for (const k of Object.keys(metaY)) if (!(k in metaX)) delete metaY[k];
  for (const k of Object.keys(metaX)) if (!(k in metaY)) delete metaX[k];
  deepStrictEqual(metaY, metaX, `meta ${label}`);
  checks++;
}
console.log(`${people} people, base ${base}: ${checks} answers equal${tablesOnly ? ' (TABLES_ONLY)' : ''}`);
await Promise.all([a.close(), b.close()]);
