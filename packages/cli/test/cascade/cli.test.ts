import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '@plumb/core/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCascadeArgs, printCascade, run, type CascadeArgs } from '../../src/commands/cascade.js';
import { loadHandMadeCascade } from '../../../core/test/cascade/fixture.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('plumb cascade', () => {
  const db = new NodeConnector();
  beforeAll(() => loadHandMadeCascade(db));
  afterAll(() => db.close());

  it('parses its options and rejects bad ones with a message', () => {
    expect(parseCascadeArgs(['a.csv', '--json', '--cycle', 'Q1', '--rollup=krs', '--as-of', '2026-01-31'])).toEqual({
      files: ['a.csv'], json: true, cycle: 'Q1', rollup: 'krs', asOf: '2026-01-31', load: {},
    });
    // The load options every command shares (issue 10).
    expect(parseCascadeArgs(['a.csv', '--confidence-scale=one-to-ten', '--date-order', 'mdy', '--map', 'Outcome=key_result_id'])).toMatchObject({
      load: { confidenceScale: 'one-to-ten', dateOrder: 'mdy', mapping: { Outcome: 'key_result_id' } },
    });
    expect(parseCascadeArgs(['a.csv', '--rollup', 'average'])).toEqual({ error: expect.stringMatching(/krs, children or both/) });
    expect(parseCascadeArgs(['a.csv', '--as-of', '2026-02-30'])).toEqual({ error: expect.stringMatching(/YYYY-MM-DD/) });
    expect(parseCascadeArgs(['--json'])).toEqual({ error: 'no files given' });
    expect(parseCascadeArgs(['a.csv', '--bogus'])).toEqual({ error: 'unknown option --bogus' });
  });

  it('prints nodes (id, kind, title, parent_id, progress, status, confidence) and the unaligned ids as JSON', async () => {
    const { io, out } = capture();
    const args: CascadeArgs = { files: ['x'], json: true, cycle: 'Q1', rollup: 'krs', asOf: '2026-01-31', load: {} };
    expect(await printCascade(db, args, io)).toBe(0);
    const report = JSON.parse(out.join(''));
    expect(report.unaligned.sort()).toEqual(['U1', 'U2']);
    const k1a = report.nodes.find((n: { id: string }) => n.id === 'K1a');
    expect(k1a).toMatchObject({ kind: 'key_result', parent_id: 'C1', status: 'on-track', confidence: 0.8 });
    expect(k1a.progress).toBeCloseTo(0.2, 10);
    expect(report.nodes.find((n: { id: string }) => n.id === 'K1b').progress).toBeNull();
  });

  it('prints a readable outline without --json', async () => {
    const { io, out } = capture();
    expect(await printCascade(db, { files: ['x'], json: false, cycle: 'Q1', rollup: 'krs', asOf: null, load: {} }, io)).toBe(0);
    const text = out.join('\n');
    // 35 % with 67 % of the cycle gone (32 points behind): off track.
    expect(text).toContain('◆ Grow revenue — 35 %, off-track, confidence 54 %');
    expect(text).toContain('Not aligned to a company objective (2):\n  ◆ U1 — 0 %');
    expect(text).toContain('    ◆ I1 — 25 %');
    expect(text).toContain('• K1c — no data, no-data');
  });

  it('loads files and prints the cascade (exit 0), says what is wrong otherwise (1, 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-cascade-'));
    writeFileSync(join(dir, 'cycles.csv'), 'cycle_id,name,kind,start_date,end_date\nQ1,Q1 2026,okr,2026-01-01,2026-03-31\n');
    writeFileSync(join(dir, 'objectives.csv'), 'objective_id,cycle_id,title,level,parent_objective_id\nC,Q1,Company goal,company,\nT,Q1,Team goal,team,C\nL,Q1,Lonely goal,team,\n');
    // T's key result: 40 → 10 (decreasing), 31 on 2026-02-01 → 0.3; C rolls up T: 0.3.
    writeFileSync(join(dir, 'key_results.csv'), 'key_result_id,objective_id,title,start_value,target_value\nk,T,Cut lead time,40,10\n');
    writeFileSync(join(dir, 'check_ins.csv'), 'key_result_id,checked_at,value,confidence\nk,2026-02-01,31,0.8\n');
    const files = ['cycles', 'objectives', 'key_results', 'check_ins'].map((f) => join(dir, `${f}.csv`));
    const { io, out } = capture();
    expect(await run([...files, '--json'], io)).toBe(0);
    const report = JSON.parse(out.join(''));
    expect(report.unaligned).toEqual(['L']);
    const c = report.nodes.find((n: { id: string }) => n.id === 'C');
    expect(c.progress).toBeCloseTo(0.3, 10);
    const missing = capture();
    expect(await run([join(dir, 'nope.csv')], missing.io)).toBe(1);
    expect(missing.err.join('\n')).toContain('nope.csv does not exist');
    const usage = capture();
    expect(await run([files[0]!, '--rollup', 'mean'], usage.io)).toBe(2);
  });
});
