import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector } from '../../src/node/index.js';
import { loadSample, namedQuery, queryRows, runBurndownQuery, type BurndownResult, type BurndownQueryOptions } from '../../src/index.js';

const K = 5;

/**
 * The burn-down's part of the one suppression plan (issue 17), as a property over the 600-person
 * sample with anonymize at min-group 5. Every figure the burn-down shows (a group's series, a
 * selection's total) is turned back into the set of key results it aggregates — here, from the rows,
 * with the filter's meaning walked in plain code — and:
 * - no two shown figures over nested sets differ by key results of 1..k−1 owners (a broader filter
 *   minus a narrower one, a total minus a group);
 * - the groups a view hides, together, have 0 or ≥ k owners (no total-minus-shown-groups recovery);
 * - no per-key-result line or alert belongs to a key result the cascade withholds, and the cascade
 *   withholds exactly the key results of small teams' objectives (one rule for both).
 */
describe('one suppression plan for the burn-down and the cascade', () => {
  // Native DuckDB (what `plumb serve` runs; named-queries.test.ts checks it answers as the wasm build does):
  // this sweep of filter states is several times faster on it.
  const db = new NativeConnector();
  type Kr = { key_result_id: string; owner_id: string | null; team_id: string | null; department: string | null; objective_team: string | null; level: string | null };
  let krs: Kr[] = [];
  let parent = new Map<string, string | null>();
  let teamSize = new Map<string, number>();
  let cycle = '';

  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
    cycle = (await runBurndownQuery(db, {})).cycle.cycle_id;
    krs = await queryRows<Kr>(
      db,
      `SELECT k.key_result_id, k.owner_id, coalesce(o.team_id, p.team_id) AS team_id, p.department, o.team_id AS objective_team, o.level
         FROM key_results k JOIN objectives o USING (objective_id) LEFT JOIN people p ON p.person_id = k.owner_id WHERE o.cycle_id = ?`,
      [cycle],
    );
    parent = new Map((await queryRows<{ id: string; p: string | null }>(db, `SELECT team_id AS id, parent_team_id AS p FROM teams`)).map((r) => [r.id, r.p]));
    teamSize = new Map((await queryRows<{ id: string; n: number }>(db, `SELECT team_id AS id, count(*)::INTEGER AS n FROM people WHERE team_id IS NOT NULL GROUP BY 1`)).map((r) => [r.id, r.n]));
  }, 120_000);
  afterAll(() => db.close());

  const under = (team: string | null, top: string) => {
    for (let at = team, steps = 0; at != null && steps < 100; at = parent.get(at) ?? null, steps++) if (at === top) return true;
    return false;
  };
  const owners = (set: readonly Kr[]) => new Set(set.map((k) => k.owner_id).filter((o) => o != null)).size;
  /** Key results of objectives of a team under min-group (not company level): the rule, restated here. */
  const withheld = () => new Set(krs.filter((k) => k.objective_team != null && k.level !== 'company' && (teamSize.get(k.objective_team) ?? 0) < K).map((k) => k.key_result_id));

  it('no shown figure subtracts from another to a group under min-group, and no line of a withheld key result is shown', async () => {
    const teams = [...parent.keys()].sort();
    const departments = [...new Set(krs.map((k) => k.department).filter((d): d is string => d != null))].sort();
    type State = Pick<BurndownQueryOptions, 'team_id' | 'department'>;
    const states: State[] = [{}, ...teams.map((team_id) => ({ team_id })), ...departments.map((department) => ({ department }))];
    const select = (s: State) => krs.filter((k) => (s.team_id === undefined || under(k.team_id, s.team_id)) && (s.department === undefined || k.department === s.department));
    const groupOf = (k: Kr, by: 'team' | 'department') => (by === 'team' ? k.team_id : k.department);

    const figures: { name: string; set: Kr[] }[] = [];
    const rule = withheld();
    let hidden = 0;
    let lines = 0;
    const leaks: string[] = [];
    for (const state of states) {
      const selected = select(state);
      for (const by of ['cycle', 'team', 'department'] as const) {
        const result: BurndownResult = await runBurndownQuery(db, { ...state, cycle, by, anonymize: true, minGroup: K, salt: 's', seriesLimit: 100_000 });
        const label = `${by} ${JSON.stringify(state)}`;
        expect(result.key_results, `${label}: the filter's key results`).toBe(selected.length);
        const shown: Kr[][] = [];
        for (const g of result.groups) {
          const set = by === 'cycle' ? selected : selected.filter((k) => groupOf(k, by) === g.group_id);
          if (g.suppressed) hidden++;
          else if (set.length) {
            shown.push(set);
            figures.push({ name: `${label} group ${g.group_id}`, set });
          }
        }
        // The groups this view hides, together: 0 or ≥ k owners.
        const shownIds = new Set(shown.flat().map((k) => k.key_result_id));
        const rest = selected.filter((k) => !shownIds.has(k.key_result_id));
        const restOwners = owners(rest);
        if (restOwners > 0 && restOwners < K && shown.length) leaks.push(`${label}: hidden groups have ${restOwners} owners`);
        for (const s of result.series ?? []) {
          lines++;
          if (rule.has(s.key_result_id)) leaks.push(`${label}: line of withheld ${s.key_result_id}`);
        }
        for (const a of result.alerts) if (rule.has(a.key_result_id)) leaks.push(`${label}: alert of withheld ${a.key_result_id}`);
      }
    }
    expect(hidden).toBeGreaterThan(0);
    expect(lines).toBeGreaterThan(0);
    // Pairs of nested shown figures.
    const ids = figures.map((f) => new Set(f.set.map((k) => k.key_result_id)));
    let pairs = 0;
    for (let a = 0; a < figures.length; a++) {
      for (let b = 0; b < figures.length; b++) {
        if (a === b || figures[a]!.set.length <= figures[b]!.set.length) continue;
        if (![...ids[b]!].every((id) => ids[a]!.has(id))) continue;
        pairs++;
        const diff = owners(figures[a]!.set.filter((k) => !ids[b]!.has(k.key_result_id)));
        if (diff > 0 && diff < K) leaks.push(`${figures[a]!.name} − ${figures[b]!.name} = key results of ${diff} owners`);
      }
    }
    expect(pairs).toBeGreaterThan(100);
    expect(leaks.slice(0, 20)).toEqual([]);
  }, 600_000);

  it('the cascade withholds exactly the key results the burn-down withholds', async () => {
    const rule = withheld();
    expect(rule.size).toBeGreaterThan(0);
    const cascade = (await namedQuery('cascade').run(db, { cycle, depth: 'all', anonymize: true, minGroup: K, salt: 's' } as never)) as {
      nodes: { kind: string; id: string; suppressed?: boolean; progress: number | null }[];
    };
    const krNodes = cascade.nodes.filter((n) => n.kind === 'key_result');
    expect(krNodes.length).toBe(krs.length);
    const cascadeWithheld = new Set(krNodes.filter((n) => n.suppressed).map((n) => n.id));
    expect([...cascadeWithheld].sort()).toEqual([...rule].sort());
  });
});
