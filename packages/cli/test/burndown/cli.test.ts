import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '@plumb/core/node';
import { burndownReport, formatBurndown, parseBurndownArgs, run } from '../../src/commands/burndown.js';
import { AS_OF, loadQuarter } from '../../../core/test/burndown/fixture.js';

describe('plumb burndown', () => {
  const db = new NodeConnector();
  beforeAll(() => loadQuarter(db));
  afterAll(() => db.close());

  it('parses its flags and rejects bad ones', () => {
    expect(parseBurndownArgs(['a.csv', 'b.csv', '--json', '--by', 'team', '--id=T1', '--cycle', 'C1', '--rule-week', '5'])).toEqual({
      files: ['a.csv', 'b.csv'],
      json: true,
      options: { by: 'team', id: 'T1', cycle: 'C1', ruleWeek: 5 },
      load: {},
    });
    // The load options every command shares (issue 10), --x=v or --x v.
    expect(parseBurndownArgs(['a.csv', '--cycle-start=2026-07-01', '--cycle-end', '2026-09-30', '--encoding=latin1']).load).toEqual({
      cycleStart: '2026-07-01', cycleEnd: '2026-09-30', encoding: 'latin-1',
    });
    expect(() => parseBurndownArgs(['a.csv', '--cycle-start=2026-07-01'])).toThrow(/--cycle-start\/--cycle-end: declare both/);
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

  it('loads files and prints the JSON report; a bad row is reported on stderr and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-burndown-'));
    try {
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const files = [
        file('cycles.csv', 'cycle_id,name,kind,start_date,end_date\nC1,Q1 2026,okr,2026-01-05,2026-04-05\n') + ':cycles',
        file('objectives.csv', 'objective_id,cycle_id,title,team_id\nO1,C1,Ship,T1\n') + ':objectives',
        file('key_results.csv', 'key_result_id,objective_id,title,start_value,target_value\nK1,O1,Latency,0,100\n') + ':key_results',
        // K1: .7 in week 1, .4 in week 4 (a drop of .3, below the midpoint in rule week 4).
        file('check_ins.csv', 'key_result_id,checked_at,confidence,value\nK1,2026-01-06,0.7,10\nK1,2026-01-27,0.4,20\n') + ':check_ins',
      ];
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
      expect(await run([...files, '--json', '--as-of', '2026-02-10', '--by', 'key_result'], io)).toBe(0);
      const report = JSON.parse(out.join(''));
      expect(report.cycle.weeks).toHaveLength(13);
      expect(report.series[0].points.map((p: { confidence: number }) => p.confidence)).toEqual([0.7, 0.7, 0.7, 0.4, 0.4, 0.4]);
      expect(report.alerts.map((a: { rule: string; week: number }) => [a.rule, a.week])).toEqual([
        ['below-threshold', 4],
        ['confidence-drop', 4],
      ]);
      const bad = file('bad.csv', 'key_result_id,checked_at,confidence\nK1,not a date,0.5\n') + ':check_ins';
      out.length = 0;
      expect(await run([...files, bad, '--as-of', '2026-02-10'], io)).toBe(1);
      expect(err.join('\n')).toContain('bad.csv');
      expect(out.join('')).toContain('Cycle C1 (Q1 2026)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
