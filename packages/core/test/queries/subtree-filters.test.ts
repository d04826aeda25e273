import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import {
  calibrationReport,
  createSchema,
  FOCUS_LIMIT,
  insertRows,
  loadSample,
  managerHierarchy,
  namedQuery,
  nineBoxReport,
  queryRows,
  runBurndownQuery,
} from '../../src/index.js';

/**
 * "A team in a filter means the team and everything under it; a manager means their direct and
 * indirect reports" — in every named query, on the 600-person sample. The expected sets are
 * computed here with a plain walk over the rows (no SQL recursion, no Plumb helper), and every
 * view is run at min-group 1 so that the privacy plan leaves every person in.
 */
describe('a team or a manager in a filter means its subtree, in every query', () => {
  const db = new NodeConnector();
  let people: { person_id: string; manager_id: string | null; team_id: string | null }[] = [];
  let teams: { team_id: string; name: string | null; parent_team_id: string | null }[] = [];
  /** Ratings of the latest cycle at the manager stage. */
  let ratings: { employee_id: string; dimension: string; stage: string }[] = [];
  let cycle = '';

  const walk = (start: string, children: (id: string) => string[]): Set<string> => {
    const out = new Set<string>();
    const stack = [...children(start)];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...children(id));
    }
    return out;
  };
  const teamSubtree = (team: string) => new Set([team, ...walk(team, (t) => teams.filter((x) => x.parent_team_id === t).map((x) => x.team_id))]);
  const peopleOfTeam = (team: string) => {
    const sub = teamSubtree(team);
    return new Set(people.filter((p) => p.team_id != null && sub.has(p.team_id)).map((p) => p.person_id));
  };
  const reportsOf = (manager: string) => walk(manager, (m) => people.filter((p) => p.manager_id === m).map((p) => p.person_id));
  const rated = (set: Set<string>, stage: string, dimension: string) =>
    new Set(ratings.filter((r) => r.stage === stage && r.dimension === dimension && set.has(r.employee_id)).map((r) => r.employee_id)).size;
  const nineBoxed = (set: Set<string>, stage: string) => {
    const perf = new Set(ratings.filter((r) => r.stage === stage && r.dimension === 'overall' && set.has(r.employee_id)).map((r) => r.employee_id));
    const pot = new Set(ratings.filter((r) => r.dimension === 'potential' && set.has(r.employee_id)).map((r) => r.employee_id));
    return [...perf].filter((p) => pot.has(p)).length;
  };

  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
    people = await queryRows(db, `SELECT person_id, manager_id, team_id FROM people`);
    teams = await queryRows(db, `SELECT team_id, name, parent_team_id FROM teams`);
    cycle = (await queryRows<{ cycle: string }>(db, `SELECT max(cycle_id) AS cycle FROM ratings`))[0]!.cycle;
    ratings = await queryRows(db, `SELECT employee_id, dimension, stage FROM ratings WHERE cycle_id = ? AND rating IS NOT NULL`, [cycle]);
  }, 120_000);
  afterAll(() => db.close());

  /** Teams with sub-teams (where "the team alone" and "its subtree" differ), and a leaf. */
  const teamCases = () => {
    const parents = teams.filter((t) => teams.some((c) => c.parent_team_id === t.team_id));
    const leaf = teams.find((t) => !parents.includes(t) && peopleOfTeam(t.team_id).size > 0)!;
    return [...parents.slice(0, 4), leaf];
  };
  const managerCases = () => {
    const managers = [...new Set(people.map((p) => p.manager_id).filter((m): m is string => m != null))];
    const bySize = managers.map((m) => ({ m, n: reportsOf(m).size })).sort((a, b) => b.n - a.n);
    // The top of the chain, a middle manager with indirect reports, and one with direct reports only.
    const middle = bySize.find((x) => x.n < 100 && people.some((p) => p.manager_id && people.find((q) => q.person_id === p.manager_id)?.manager_id === x.m))!;
    return [bySize[0]!.m, middle.m, bySize.at(-1)!.m];
  };

  it('the sample has a team tree and a manager chain deep enough to test', () => {
    expect(teamCases().length).toBeGreaterThanOrEqual(3);
    for (const t of teamCases().slice(0, -1)) expect(peopleOfTeam(t.team_id).size).toBeGreaterThan(people.filter((p) => p.team_id === t.team_id).length);
  });

  it('calibration views (distribution and nine-box) count the subtree of a team', async () => {
    for (const t of teamCases()) {
      const set = peopleOfTeam(t.team_id);
      const dist = await calibrationReport(db, { cycle, team_id: t.team_id, stage: 'manager', dimension: 'overall', minGroup: 1, halo: false, changes: false });
      expect(dist.privacy.suppressed, t.name ?? t.team_id).toBe(false);
      expect(dist.org.n, `${t.name}: distribution`).toBe(rated(set, 'manager', 'overall'));
      const nine = await nineBoxReport(db, { cycle, team_id: t.team_id, stage: 'manager', minGroup: 1 });
      expect(nine.n, `${t.name}: nine-box`).toBe(nineBoxed(set, 'manager'));
    }
  });

  it('calibration views count the direct and indirect reports of a manager, not the manager', async () => {
    for (const m of managerCases()) {
      const set = reportsOf(m);
      expect(set.has(m)).toBe(false);
      const dist = await calibrationReport(db, { cycle, manager_id: m, stage: 'manager', dimension: 'overall', minGroup: 1, halo: false, changes: false });
      expect(dist.org.n, `${m}: distribution`).toBe(rated(set, 'manager', 'overall'));
      const nine = await nineBoxReport(db, { cycle, manager_id: m, stage: 'manager', minGroup: 1 });
      expect(nine.n, `${m}: nine-box`).toBe(nineBoxed(set, 'manager'));
    }
  });

  it('the burn-down and the cascade count the same subtree', async () => {
    const krs = await queryRows<{ key_result_id: string; owner_id: string | null; team_id: string | null; cycle_id: string }>(
      db,
      `SELECT k.key_result_id, k.owner_id, o.team_id, o.cycle_id FROM key_results k JOIN objectives o USING (objective_id)`,
    );
    const objectives = await queryRows<{ objective_id: string; team_id: string | null; cycle_id: string }>(db, `SELECT objective_id, team_id, cycle_id FROM objectives`);
    const burndownCycle = (await runBurndownQuery(db, {})).cycle.cycle_id;
    const owners = new Map(people.map((p) => [p.person_id, p.team_id]));
    for (const t of teamCases()) {
      const sub = teamSubtree(t.team_id);
      const result = await runBurndownQuery(db, { cycle: burndownCycle, team_id: t.team_id });
      // The burn-down's team of a key result is its objective's team, else its owner's.
      const expected = krs.filter((k) => k.cycle_id === burndownCycle && sub.has((k.team_id ?? owners.get(k.owner_id ?? '')) ?? '')).length;
      expect(result.key_results, `${t.name}: burn-down`).toBe(expected);
      const cascade = await namedQuery('cascade').run(db, { cycle: burndownCycle, team_id: t.team_id } as never) as { focus: string[] };
      const focused = objectives.filter((o) => o.cycle_id === burndownCycle && o.team_id != null && sub.has(o.team_id)).length;
      expect(cascade.focus.length, `${t.name}: cascade focus`).toBe(Math.min(focused, FOCUS_LIMIT));
    }
    for (const m of managerCases()) {
      const set = reportsOf(m);
      const result = await runBurndownQuery(db, { cycle: burndownCycle, manager_id: m });
      expect(result.key_results, `${m}: burn-down`).toBe(krs.filter((k) => k.cycle_id === burndownCycle && set.has(k.owner_id ?? '')).length);
    }
  });

  it('a manager cycle is reported and never looped on', async () => {
    const small = new NodeConnector();
    try {
      await createSchema(small);
      await insertRows(small, 'people', [
        { person_id: 'a', name: 'A', manager_id: 'c' },
        { person_id: 'b', name: 'B', manager_id: 'a' },
        { person_id: 'c', name: 'C', manager_id: 'b' },
        { person_id: 'd', name: 'D', manager_id: 'c' },
      ]);
      const tree = await managerHierarchy(small);
      expect(tree.cycles).toEqual([['a', 'c', 'b']]);
      const rows = await queryRows<{ person_id: string }>(small, `SELECT person_id FROM ${tree.table} WHERE manager_id = 'b' ORDER BY 1`);
      expect(rows.map((r) => r.person_id)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await small.close();
    }
  });
});
