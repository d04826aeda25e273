import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { NAMED_QUERIES, burndown, burndownQuery, insertRows, pseudonymIndex, type BurndownResult, type Connector } from '../../src/index.js';
import { AS_OF, loadQuarter } from './fixture.js';

/** The quarter plus a sub-team of Platform (T1): T3 "Platform Data", objective O3, key result H owned by Cy. */
async function loadWithSubTeam(db: Connector): Promise<void> {
  await loadQuarter(db);
  await insertRows(db, 'teams', [{ team_id: 'T3', name: 'Platform Data', parent_team_id: 'T1' }]);
  await insertRows(db, 'people', [{ person_id: 'p3', name: 'Cy', team_id: 'T3', department: 'Engineering' }]);
  await insertRows(db, 'objectives', [{ objective_id: 'O3', cycle_id: 'C1', title: 'Trust the data', team_id: 'T3', owner_id: 'p3' }]);
  await insertRows(db, 'key_results', [{ key_result_id: 'H', objective_id: 'O3', title: 'KR H', owner_id: 'p3', start_value: 0, target_value: 10 }]);
  await insertRows(db, 'check_ins', [{ key_result_id: 'H', checked_at: '2026-01-06', confidence: 0.6, value: 2 }]);
}

/** Count the statements a call runs, and how many of them build tables. */
function counting(db: Connector): { statements: number; builds: number; reset(): void } {
  const counter = { statements: 0, builds: 0, reset: () => { counter.statements = 0; counter.builds = 0; } };
  const query = db.query.bind(db);
  db.query = (sql, params) => {
    counter.statements++;
    if (/CREATE (OR REPLACE )?(TEMP )?TABLE/i.test(sql)) counter.builds++;
    return query(sql, params);
  };
  return counter;
}

const REAL = ['p1', 'p2', 'p3', 'Ada', 'Bo', 'Cy'];

function ownerFields(r: BurndownResult): string[] {
  return [...(r.series ?? []), ...r.alerts].flatMap((x) => [x.owner_id ?? '', x.owner_name ?? '']);
}

describe('the burndown named query', () => {
  const db = new NodeConnector();
  const calls = counting(db);
  beforeAll(() => loadWithSubTeam(db));
  afterAll(() => db.close());

  it('is registered under its name and answers like burndown() for the same filter', async () => {
    expect(NAMED_QUERIES.burndown).toBe(burndownQuery);
    const named = await burndownQuery.run(db, { asOf: AS_OF, department: 'Sales', by: 'key_result' });
    const direct = await burndown(db, { asOf: AS_OF, department: 'Sales', by: 'key_result' });
    expect(named).toEqual(direct);
    expect(named.series!.map((s) => s.key_result_id)).toEqual(['C', 'D', 'E', 'G']);
  });

  it('selects a team with its sub-teams; burndown({team_id}) keeps the exact team', async () => {
    const withSub = await burndownQuery.run(db, { asOf: AS_OF, team_id: 'T1', by: 'key_result' });
    expect(withSub.series!.map((s) => s.key_result_id)).toEqual(['A', 'B', 'F', 'H']);
    expect(withSub.alerts.some((a) => a.key_result_id === 'H')).toBe(true); // H goes stale in week 4
    const exact = await burndown(db, { asOf: AS_OF, team_id: 'T1', by: 'key_result' });
    expect(exact.series!.map((s) => s.key_result_id)).toEqual(['A', 'B', 'F']);
    const sub = await burndownQuery.run(db, { asOf: AS_OF, team_id: 'T3' });
    expect(sub.key_results).toBe(1);
  });

  it('filters by owner, objective and key result', async () => {
    expect((await burndownQuery.run(db, { asOf: AS_OF, person_id: 'p2' })).key_results).toBe(4);
    expect((await burndownQuery.run(db, { asOf: AS_OF, objective_id: 'O1' })).key_results).toBe(3);
    expect((await burndownQuery.run(db, { asOf: AS_OF, key_result_id: 'E', by: 'key_result' })).series!.map((s) => s.key_result_id)).toEqual(['E']);
  });

  it('builds the series and the rules pass once per data version: a team change only filters', async () => {
    await burndownQuery.run(db, { asOf: AS_OF });
    calls.reset();
    const t2 = await burndownQuery.run(db, { asOf: AS_OF, team_id: 'T2' });
    expect(calls.builds).toBe(0);
    expect(calls.statements).toBeLessThanOrEqual(5);
    expect(t2.key_results).toBe(4);
    // New data: the next call builds afresh and sees it.
    await insertRows(db, 'check_ins', [{ key_result_id: 'D', checked_at: '2026-02-09', confidence: 0.1 }]);
    calls.reset();
    const after = await burndownQuery.run(db, { asOf: AS_OF, team_id: 'T2', by: 'key_result' });
    expect(calls.builds).toBeGreaterThan(0);
    expect(after.series!.find((s) => s.key_result_id === 'D')!.points[5]!.confidence).toBe(0.1);
  });

  it('with anonymize, owners are the data set pseudonyms in series and alerts, and a code filters by owner', async () => {
    const salt = 'test-salt';
    const index = await pseudonymIndex(db, salt);
    const r = await burndownQuery.run(db, { asOf: AS_OF, by: 'key_result', anonymize: true, salt, minGroup: 1 });
    const fields = ownerFields(r);
    expect(fields.length).toBeGreaterThan(0);
    for (const real of REAL) expect(fields).not.toContain(real);
    const json = JSON.stringify({ series: r.series, alerts: r.alerts });
    for (const name of ['Ada', 'Bo', 'Cy']) expect(json).not.toContain(name);
    const a = r.series!.find((s) => s.key_result_id === 'A')!;
    expect(a.owner_id).toBe(index.code('p1'));
    expect(a.owner_name).toBe(`Owner ${index.code('p1')}`);
    expect(r.alerts.find((x) => x.key_result_id === 'A')!.owner_id).toBe(index.code('p1'));
    const mine = await burndownQuery.run(db, { asOf: AS_OF, anonymize: true, salt, person_id: index.code('p2'), minGroup: 1 });
    expect(mine.key_results).toBe(4);
    const nobody = await burndownQuery.run(db, { asOf: AS_OF, anonymize: true, salt, person_id: 'NOT-A-CODE' });
    expect(nobody.key_results).toBe(0);
  });

  it('with anonymize, a team or department aggregate over fewer owners than min-group is suppressed', async () => {
    const byTeam = await burndownQuery.run(db, { asOf: AS_OF, by: 'team', anonymize: true, salt: 's', minGroup: 2 });
    // Every team's key results have one owner each.
    expect(byTeam.groups.map((g) => [g.group_id, g.suppressed, g.weeks.length])).toEqual([
      ['T2', true, 0],
      ['T1', true, 0],
      ['T3', true, 0],
    ]);
    const org = await burndownQuery.run(db, { asOf: AS_OF, anonymize: true, salt: 's', minGroup: 3 });
    expect(org.groups[0]!.suppressed).toBeUndefined(); // p1, p2, p3
    expect(org.groups[0]!.weeks).toHaveLength(6);
    const platform = await burndownQuery.run(db, { asOf: AS_OF, team_id: 'T1', anonymize: true, salt: 's', minGroup: 3 });
    expect(platform.groups[0]!.suppressed).toBe(true); // p1 and p3 only
    const shown = await burndownQuery.run(db, { asOf: AS_OF, by: 'team', minGroup: 2 });
    expect(shown.groups.every((g) => g.suppressed === undefined && g.weeks.length > 0)).toBe(true);
  });
});
