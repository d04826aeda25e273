import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { burndownReport, formatBurndown, parseBurndownArgs, run } from '../../src/cli/commands/burndown.js';
import { AS_OF, loadQuarter } from './fixture.js';

describe('plumb burndown', () => {
  const db = new NodeConnector();
  beforeAll(() => loadQuarter(db));
  afterAll(() => db.close());

  it('parses its flags and rejects bad ones', () => {
    expect(parseBurndownArgs(['a.csv', 'b.csv', '--json', '--by', 'team', '--id=T1', '--cycle', 'C1', '--rule-week', '5'])).toEqual({
      files: ['a.csv', 'b.csv'],
      json: true,
      options: { by: 'team', id: 'T1', cycle: 'C1', ruleWeek: 5 },
    });
    expect(() => parseBurndownArgs(['--by', 'person'])).toThrow(/--by must be one of/);
    expect(() => parseBurndownArgs(['--threshold', 'high'])).toThrow(/needs a number/);
  });

  it('reports one team: its weeks, series and alerts', async () => {
    const r = await burndownReport(db, { by: 'team', id: 'T1', asOf: AS_OF });
    expect(r.key_results).toBe(3);
    expect(r.groups.map((g) => g.group_name)).toEqual(['Platform']);
    expect(new Set(r.alerts.map((a) => a.key_result_id))).toEqual(new Set(['A', 'B', 'F']));
    const text = formatBurndown(r);
    expect(text).toContain('Cycle C1 (Q1 2026): 2026-01-05 – 2026-04-05, 13 weeks; as of 2026-02-10 (week 6).');
    // Week 4 of Platform: A .5, B .45, F .9 → median 50%, 1 of 3 below.
    expect(text).toMatch(/\n {3}4 {2}.*50%.*1\/3/);
    expect(text).toContain('Confidence 45% is below 50% in week 4');
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const err: string[] = [];
    const code = await run(['--by', 'nope', 'x.csv'], { stdout: () => undefined, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('')).toContain('--by must be one of');
  });
});
