import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import {
  createSchema,
  insertRows,
  loadSample,
  queryCascade,
  queryCascadeChildren,
  queryCascadeRecognitions,
  queryCascadeSearch,
  queryCascadeView,
  type CascadeTree,
  type CascadeViewNode,
  type CascadeViewOptions,
  type Connector,
  type RollupMode,
} from '../../src/index.js';
import { invalidateDerived } from '../../src/queries/derived.js';
import { GROUP_OPEN_LIMIT } from '../../src/cascade/aggregate.js';
import { loadHandMadeCascade } from './fixture.js';

/** Every node through the open-only queries: the first render with everything open. */
async function allNodes(db: Connector, options: CascadeViewOptions): Promise<CascadeViewNode[]> {
  return (await queryCascadeView(db, { ...options, depth: 'all' })).nodes;
}

/** The full tree's nodes in outline order (what `plumb cascade --json` lists, plus the group). */
function outline(tree: CascadeTree): number[] {
  const out: number[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const i = stack.pop()!;
    out.push(i);
    const n = tree.nodes[i]!;
    for (let c = n.children.length - 1; c >= 0; c--) stack.push(n.children[c]!);
  }
  return out;
}

const close = (a: number | null, b: number | null) => (a == null || b == null ? a === b : Math.abs(a - b) < 1e-9);

/** The pre-aggregate answers what the full tree answers, node for node, in the same order. */
async function expectSameAsFullTree(db: Connector, options: { cycle?: string; rollup?: RollupMode | null; asOf?: string | null }) {
  const tree = await queryCascade(db, options);
  const view = await allNodes(db, options);
  const order = outline(tree);
  expect(view.map((n) => n.key)).toEqual(order.map((i) => tree.nodes[i]!.key));
  const mismatches: string[] = [];
  view.forEach((v, at) => {
    const n = tree.nodes[order[at]!]!;
    const parent = n.parent === -1 ? null : tree.nodes[n.parent]!.key;
    const checks: [string, boolean][] = [
      ['progress', close(v.progress, n.progress)],
      ['confidence', close(v.confidence, n.confidence)],
      ['coverage', close(v.coverage, n.coverage)],
      ['stated', close(v.stated_progress, n.stated_progress)],
      ['status', v.status === n.status],
      ['depth', v.depth === n.depth],
      ['descendants', v.descendants === n.descendants],
      ['children', v.child_count === n.children.length],
      ['parent', v.parent_key === parent && v.parent_id === n.parent_id && v.parent_kind === n.parent_kind],
      ['owner', v.owner_id === n.owner_id && v.owner_name === n.owner_name && v.team_id === n.team_id],
      ['value', close(v.current_value, n.current_value) && v.value_source === n.value_source && v.checked_at === n.checked_at],
      ['rollup', v.rollup === n.rollup || (n.kind !== 'objective' && v.rollup === null)],
      ['links', JSON.stringify(v.links) === JSON.stringify(n.links)],
      ['in_cycle', v.in_cycle === n.in_cycle],
    ];
    for (const [what, ok] of checks) if (!ok) mismatches.push(`${n.key} ${what}`);
  });
  expect(mismatches.slice(0, 20)).toEqual([]);
  const result = await queryCascadeView(db, options);
  const sorted = (ds: { code: string; message: string }[]) => ds.map((d) => `${d.code} ${d.message}`).sort();
  expect(sorted(result.diagnostics)).toEqual(sorted(tree.diagnostics));
  expect(result.objectives).toBe(tree.objectives);
  expect(result.key_results).toBe(tree.key_results);
  expect(result.unaligned).toBe(tree.unaligned.length);
  expect(result.reference_date).toBe(tree.reference_date);
  const counts = { done: 0, 'on-track': 0, 'at-risk': 0, 'off-track': 0, 'no-data': 0, withheld: 0 };
  for (const n of tree.nodes) if (n.kind === 'objective') counts[n.status]++;
  expect(result.status_counts).toEqual(counts);
}

describe('cascade pre-aggregate on a real DuckDB: the same answers as the full tree', () => {
  const db = new NodeConnector();
  beforeAll(() => loadHandMadeCascade(db));
  afterAll(() => db.close());

  for (const rollup of [null, 'krs', 'children', 'both'] as const) {
    it(`hand-made cycle, roll-up ${rollup ?? 'own'}, latest and as of a date`, async () => {
      await expectSameAsFullTree(db, { cycle: 'Q1', rollup });
      await expectSameAsFullTree(db, { cycle: 'Q1', rollup, asOf: '2026-02-10' });
    });
  }
});

describe('cascade pre-aggregate on the seeded sample', () => {
  const db = new NodeConnector();
  beforeAll(() => loadSample(db, { people: 600, seed: 1 }), 60_000);
  afterAll(() => db.close());

  it('matches the full tree for every roll-up mode and a replay date', async () => {
    for (const rollup of [null, 'krs', 'children', 'both'] as const) await expectSameAsFullTree(db, { rollup });
    await expectSameAsFullTree(db, { asOf: '2026-02-01' });
  }, 60_000);

  it('opens the top levels only, and gives the children of a node on expand', async () => {
    const first = await queryCascadeView(db, {});
    const total = first.objectives + first.key_results;
    expect(first.nodes.length).toBeLessThan(total / 2);
    expect(first.depth).toBe(first.auto_depth);
    // Every open node's children are there; no other node's are.
    const keys = new Set(first.nodes.map((n) => n.key));
    for (const key of first.open) {
      const n = first.nodes.find((x) => x.key === key)!;
      expect(first.nodes.filter((c) => c.parent_key === key)).toHaveLength(n.child_count);
    }
    const closed = first.nodes.find((n) => n.child_count > 0 && !first.open.includes(n.key) && n.kind === 'objective')!;
    expect(first.nodes.some((c) => c.parent_key === closed.key)).toBe(false);
    const { nodes } = await queryCascadeChildren(db, { parents: [closed.key] });
    const children = nodes.filter((c) => c.parent_key === closed.key);
    expect(children).toHaveLength(closed.child_count);
    expect(children.map((c) => c.position)).toEqual(children.map((_, i) => i + 1));
    for (const c of children) expect(keys.has(c.key)).toBe(false);
  });

  it('finds nodes by title on the server and gives the path that reveals each', async () => {
    const tree = await queryCascade(db, {});
    const target = tree.nodes.find((n) => n.kind === 'key_result' && n.depth >= 3)!;
    const word = target.title.split(' ').slice(0, 3).join(' ');
    const found = await queryCascadeSearch(db, { text: word });
    const hit = found.matches.find((m) => m.key === target.key)!;
    expect(hit).toBeDefined();
    const ancestors: string[] = [];
    for (let p = target.parent; p !== -1; p = tree.nodes[p]!.parent) ancestors.unshift(tree.nodes[p]!.key);
    expect(hit.ancestors).toEqual(ancestors);
    expect(found.total).toBeGreaterThanOrEqual(found.matches.length);
    expect((await queryCascadeSearch(db, { text: 'zzqx no such words' })).matches).toEqual([]);
  });

  it('opens the path to what the linked filter names', async () => {
    const tree = await queryCascade(db, {});
    const deep = tree.nodes.find((n) => n.kind === 'objective' && n.level === 'individual' && n.team_id)!;
    const result = await queryCascadeView(db, { objective_id: deep.id });
    expect(result.focus).toEqual([deep.key]);
    expect(result.nodes.some((n) => n.key === deep.key)).toBe(true);
    const team = await queryCascadeView(db, { team_id: deep.team_id! });
    expect(team.focus.length).toBeGreaterThan(0);
    for (const key of team.focus) expect(tree.nodes[tree.index.get(key)!]!.team_id).toBe(deep.team_id);
  });

  it('with anonymize shows owners as the pseudonym index codes and labels, resolves codes in filters, and never matches a name', async () => {
    const plain = await queryCascadeView(db, { depth: 'all' });
    const anon = await queryCascadeView(db, { depth: 'all', anonymize: true, salt: 's1', minGroup: 1 });
    const names = (await db.query('SELECT name FROM people')).toArray().map((r) => String(r.name));
    const ids = (await db.query('SELECT person_id FROM people')).toArray().map((r) => String(r.person_id));
    const text = JSON.stringify(anon);
    const leaked = [...names.filter((n) => text.includes(`"${n}"`)), ...ids.filter((id) => text.includes(`"${id}"`))];
    expect(leaked).toEqual([]);
    const owned = anon.nodes.find((n) => n.owner_id)!;
    expect(owned.owner_name).toBe(`Owner ${owned.owner_id}`);
    const real = plain.nodes.find((n) => n.key === owned.key)!;
    const byCode = await queryCascadeView(db, { person_id: owned.owner_id!, anonymize: true, salt: 's1', minGroup: 1 });
    const byId = await queryCascadeView(db, { person_id: real.owner_id! });
    expect(byCode.focus).toEqual(byId.focus);
    const byName = await queryCascadeSearch(db, { text: real.owner_name!, anonymize: true, salt: 's1' });
    expect(byName.matches).toEqual([]);
    const byOwnerCode = await queryCascadeSearch(db, { text: owned.owner_id!, anonymize: true, salt: 's1' });
    expect(byOwnerCode.matches.length).toBeGreaterThan(0);
  });

  it('with anonymize withholds the numbers of teams under the minimum group size', async () => {
    const [{ small }] = (await db.query(
      `SELECT min(n) AS small FROM (SELECT team_id, count(*) AS n FROM people WHERE team_id IS NOT NULL GROUP BY team_id)`,
    )).toArray() as [{ small: number }];
    const minGroup = Number(small) + 1;
    const anon = await queryCascadeView(db, { depth: 'all', anonymize: true, minGroup });
    const sizes = new Map(
      (await db.query('SELECT team_id, count(*) AS n FROM people GROUP BY team_id')).toArray().map((r) => [String(r.team_id), Number(r.n)]),
    );
    const hidden = anon.nodes.filter((n) => n.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const n of hidden) {
      expect(sizes.get(n.team_id!)! < minGroup).toBe(true);
      expect([n.progress, n.confidence, n.stated_progress, n.current_value]).toEqual([null, null, null, null]);
      expect(n.status).toBe('withheld');
    }
    // A key result follows its objective's level (the rule shared with the burn-down, privacy/okr-plan.ts).
    const levelOf = new Map(anon.nodes.map((n) => [n.key, n.level]));
    const level = (n: (typeof anon.nodes)[number]) => (n.kind === 'key_result' ? levelOf.get(n.parent_key!) : n.level);
    for (const n of anon.nodes) if (n.kind !== 'group' && n.team_id) expect(n.suppressed, n.key).toBe(level(n) !== 'company' && sizes.get(n.team_id)! < minGroup);
    // Without anonymize nothing is withheld.
    const plain = await queryCascadeView(db, { depth: 'all', minGroup });
    expect(plain.nodes.some((n) => n.suppressed)).toBe(false);
    // Anonymize replaces identities, never figures: a node keeps its status or says "withheld", never
    // "no data", and the counts keep their meaning (no-data counts only nodes without data).
    // (A shown parent leaves its withheld parts out of its roll-up — the next test — so its figure and
    // status may move; every node whose figures are unchanged keeps its status.)
    const before = new Map(plain.nodes.map((n) => [n.key, n]));
    for (const n of anon.nodes) {
      const p = before.get(n.key)!;
      const same = n.progress === p.progress && n.confidence === p.confidence;
      if (n.suppressed) expect(n.status, n.key).toBe('withheld');
      else if (same) expect(n.status, n.key).toBe(p.status);
      else expect(n.status, n.key).not.toBe('no-data');
    }
    expect(anon.status_counts['no-data']).toBeLessThanOrEqual(plain.status_counts['no-data']);
    expect(anon.status_counts.withheld).toBe(anon.nodes.filter((n) => n.kind === 'objective' && n.suppressed).length);
  });

  it('counts recognitions per key result and objective, and lists who and when (pseudonyms with anonymize)', async () => {
    const all = await allNodes(db, {});
    const node = all.filter((n) => n.kind === 'key_result').sort((a, b) => b.recognitions.count! - a.recognitions.count!)[0]!;
    const [kr] = (await db.query(`SELECT count(*) AS n FROM recognitions WHERE key_result_id = ?`, [node.id])).toArray() as { n: number }[];
    expect(Number(kr!.n)).toBeGreaterThan(0);
    expect(node.recognitions.count).toBe(Number(kr!.n));
    const parent = all.find((n) => n.key === node.parent_key)!;
    const siblings = all.filter((n) => n.parent_key === parent.key && n.kind === 'key_result');
    expect(parent.recognitions.count).toBe(siblings.reduce((s, n) => s + (n.recognitions.count ?? 0), 0));
    const list = await queryCascadeRecognitions(db, { key: node.key });
    expect(list.total).toBe(Number(kr!.n));
    expect(list.recognitions[0]!.person_name).toBeTruthy();
    const anon = await queryCascadeRecognitions(db, { key: node.key, anonymize: true, salt: 'x', minGroup: 1 });
    expect(anon.recognitions[0]!.person_name).toMatch(/^Person /);
    expect(anon.recognitions[0]!.message).toBeNull();
    const small = await queryCascadeRecognitions(db, { key: node.key, anonymize: true, salt: 'x', minGroup: 1000 });
    expect(small.suppressed).toBe(true);
    expect(small.recognitions).toEqual([]);
  });

  it('takes hostile filter and search text as values, never as SQL', async () => {
    const hostile = `x' OR 1=1; DROP TABLE objectives; --`;
    const result = await queryCascadeView(db, { team_id: hostile, objective_id: hostile });
    expect(result.focus).toEqual([]);
    expect((await queryCascadeSearch(db, { text: hostile })).matches).toEqual([]);
    expect((await queryCascadeChildren(db, { parents: [hostile] })).nodes).toEqual([]);
    expect((await queryCascade(db, {})).objectives).toBe(result.objectives);
  });

  // Late in this block: it changes the data inside a transaction and rolls it back.
  it('opens the large "not aligned" group for a focus path with only the children on that path; the rest on request', async () => {
    await db.query('BEGIN TRANSACTION');
    try {
      // Ten more objectives aligned to nothing: the group passes the size the opening keeps closed.
      await db.query(
        `UPDATE objectives SET parent_objective_id = NULL, parent_key_result_id = NULL WHERE objective_id IN
           (SELECT objective_id FROM objectives WHERE level = 'individual' AND team_id IS NOT NULL
             AND (parent_objective_id IS NOT NULL OR parent_key_result_id IS NOT NULL) ORDER BY objective_id LIMIT 10)`,
      );
      invalidateDerived(db);
      const group = (await queryCascadeView(db, {})).nodes.find((n) => n.kind === 'group')!;
      expect(group.child_count).toBeGreaterThan(GROUP_OPEN_LIMIT);
      const all = (await queryCascadeChildren(db, { parents: [group.key] })).nodes.filter((n) => n.parent_key === group.key);
      expect(all).toHaveLength(group.child_count);
      // A team owning one of the group's objectives: the team's path goes through the group.
      const member = all.find((n) => n.team_id)!;
      const result = await queryCascadeView(db, { team_id: member.team_id! });
      expect(result.open).toContain(group.key);
      const under = result.nodes.filter((n) => n.parent_key === group.key);
      // Exactly the group's objectives of that team (or on the way to one), not the whole group.
      const onPath = all.map((n) => n.key).filter((key) => result.focus.includes(key) || result.open.includes(key));
      expect(under.map((n) => n.key).sort()).toEqual(onPath.sort());
      expect(under.map((n) => n.key)).toContain(member.key);
      expect(under.length).toBeLessThan(group.child_count);
      expect(result.nodes.find((n) => n.key === group.key)!.child_count).toBe(group.child_count);
      // Opened by the reader, the group comes whole.
      const opened = await queryCascadeView(db, { team_id: member.team_id!, expanded: [group.key] });
      expect(opened.nodes.filter((n) => n.parent_key === group.key)).toHaveLength(group.child_count);
    } finally {
      await db.query('ROLLBACK');
      invalidateDerived(db);
    }
  });

  // Last in this block: it changes the data inside a transaction and rolls it back.
  it('with anonymize no shown figure depends on a withheld key result (nothing to subtract back)', async () => {
    const [{ small }] = (await db.query(
      `SELECT min(n) AS small FROM (SELECT team_id, count(*) AS n FROM people WHERE team_id IS NOT NULL GROUP BY team_id)`,
    )).toArray() as [{ small: number }];
    const options: CascadeViewOptions = { depth: 'all', anonymize: true, salt: 's', minGroup: Number(small) + 1 };
    const figures = (nodes: CascadeViewNode[]) =>
      new Map(nodes.filter((n) => !n.suppressed && n.kind === 'objective').map((n) => [n.key, [n.progress, n.confidence, n.coverage]]));
    const before = await queryCascadeView(db, options);
    const plainBefore = await queryCascadeView(db, { depth: 'all' });
    const withheld = before.nodes.filter((n) => n.kind === 'key_result' && n.suppressed).map((n) => n.id);
    expect(withheld.length).toBeGreaterThan(0);
    // Erase every number of the withheld key results: a shown figure that moves would have given them away.
    await db.query('BEGIN TRANSACTION');
    try {
      const list = withheld.map((_, i) => `$${i + 1}`).join(', ');
      await db.query(`DELETE FROM check_ins WHERE key_result_id IN (${list})`, withheld);
      await db.query(`UPDATE key_results SET current_value = NULL, progress = NULL, confidence = NULL WHERE key_result_id IN (${list})`, withheld);
      invalidateDerived(db);
      const after = await queryCascadeView(db, options);
      expect(figures(after.nodes)).toEqual(figures(before.nodes));
      // The erasure is real: without anonymize, shown parents' figures do move.
      const plainAfter = await queryCascadeView(db, { depth: 'all' });
      const moved = [...figures(plainAfter.nodes)].filter(([key, f]) => JSON.stringify(f) !== JSON.stringify(figures(plainBefore.nodes).get(key)));
      expect(moved.length).toBeGreaterThan(0);
    } finally {
      await db.query('ROLLBACK');
      invalidateDerived(db);
    }
  });
});

describe('cascade pre-aggregate: alignment cycles and bad references', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
    await createSchema(db);
    await insertRows(db, 'cycles', [{ cycle_id: 'Q', name: 'Q', start_date: '2026-01-01', end_date: '2026-03-31' }]);
    const o = (objective_id: string, extra: Record<string, unknown> = {}) => ({ objective_id, cycle_id: 'Q', title: objective_id, level: 'team' as const, ...extra });
    await insertRows(db, 'objectives', [
      o('R', { level: 'company' }),
      o('A', { parent_objective_id: 'C' }),
      o('B', { parent_key_result_id: 'kA' }),
      o('C', { parent_objective_id: 'B' }),
      o('D', { parent_objective_id: 'A' }),
      o('S', { parent_objective_id: 'S' }),
      o('X', { parent_objective_id: 'elsewhere' }),
      o('R', { level: 'company', title: 'duplicate' }),
    ]);
    await insertRows(db, 'key_results', [
      { key_result_id: 'kA', objective_id: 'A', title: 'kA', start_value: 0, target_value: 10 },
      { key_result_id: 'kD', objective_id: 'D', title: 'kD', start_value: 0, target_value: 10 },
    ]);
    await insertRows(db, 'check_ins', [{ key_result_id: 'kD', checked_at: '2026-02-01', value: 5 }]);
  });
  afterAll(() => db.close());

  it('cuts a cycle at its smallest objective id and reports it, as the full tree does', async () => {
    await expectSameAsFullTree(db, {});
    const result = await queryCascadeView(db, { depth: 'all' });
    expect(result.diagnostics.filter((d) => d.code === 'cycle' && d.severity === 'error')).toHaveLength(1);
    expect(result.nodes.find((n) => n.key === 'objective:A')!.in_cycle).toBe(true);
  });
});

describe('cascade pre-aggregate: a repeated person or team id', () => {
  const db = new NodeConnector();
  beforeAll(async () => {
    await createSchema(db);
    await insertRows(db, 'cycles', [{ cycle_id: 'Q', name: 'Q', start_date: '2026-01-01', end_date: '2026-03-31' }]);
    // An export that repeats ids: the first row of each id names it, an empty name too (a later name is not borrowed).
    await insertRows(db, 'people', [
      { person_id: 'p1', name: 'First' },
      { person_id: 'p1', name: 'Second' },
      { person_id: 'p2', name: null },
      { person_id: 'p2', name: 'Later' },
    ]);
    await insertRows(db, 'teams', [{ team_id: 't1', name: 'Team one' }, { team_id: 't1', name: 'Team again' }]);
    await insertRows(db, 'objectives', [
      { objective_id: 'A', cycle_id: 'Q', title: 'A', level: 'company', owner_id: 'p1', team_id: 't1' },
      { objective_id: 'B', cycle_id: 'Q', title: 'B', level: 'team', owner_id: 'p2', parent_objective_id: 'A' },
    ]);
    await insertRows(db, 'key_results', [{ key_result_id: 'kB', objective_id: 'B', title: 'kB', owner_id: 'p1', start_value: 0, target_value: 10 }]);
  });
  afterAll(() => db.close());

  it('names each by its first row', async () => {
    const nodes = await allNodes(db, {});
    const named = Object.fromEntries(nodes.map((n) => [n.key, [n.owner_name, n.team_name]]));
    expect(named['objective:A']).toEqual(['First', 'Team one']);
    expect(named['objective:B']).toEqual([null, null]);
    expect(named['key_result:kB']).toEqual(['First', null]);
  });
});
