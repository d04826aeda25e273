import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { parseCascadeArgs, printCascade, type CascadeArgs } from '../../src/cli/commands/cascade.js';
import { loadHandMadeCascade } from './fixture.js';

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
      files: ['a.csv'], json: true, cycle: 'Q1', rollup: 'krs', asOf: '2026-01-31',
    });
    expect(parseCascadeArgs(['a.csv', '--rollup', 'average'])).toEqual({ error: expect.stringMatching(/krs, children or both/) });
    expect(parseCascadeArgs(['a.csv', '--as-of', '2026-02-30'])).toEqual({ error: expect.stringMatching(/YYYY-MM-DD/) });
    expect(parseCascadeArgs(['--json'])).toEqual({ error: 'no files given' });
    expect(parseCascadeArgs(['a.csv', '--bogus'])).toEqual({ error: 'unknown option --bogus' });
  });

  it('prints nodes (id, kind, title, parent_id, progress, status, confidence) and the unaligned ids as JSON', async () => {
    const { io, out } = capture();
    const args: CascadeArgs = { files: ['x'], json: true, cycle: 'Q1', rollup: 'krs', asOf: '2026-01-31' };
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
    expect(await printCascade(db, { files: ['x'], json: false, cycle: 'Q1', rollup: 'krs', asOf: null }, io)).toBe(0);
    const text = out.join('\n');
    // 35 % with 67 % of the cycle gone (32 points behind): off track.
    expect(text).toContain('◆ Grow revenue — 35 %, off-track, confidence 54 %');
    expect(text).toContain('Not aligned to a company objective (2):\n  ◆ U1 — 0 %');
    expect(text).toContain('    ◆ I1 — 25 %');
    expect(text).toContain('• K1c — no data, no-data');
  });
});
