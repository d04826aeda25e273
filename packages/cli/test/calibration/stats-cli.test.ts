import { describe, expect, it } from 'vitest';
import { NodeConnector } from '@plumb/core/node';
import { parseStatsArgs, runStats } from '../../src/commands/stats.js';
import { loadFixture } from '../../../core/test/calibration/fixture.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('plumb stats', () => {
  it('prints exactly the documented JSON shape', async () => {
    const { io, out } = capture();
    const code = await runStats(['ratings.csv', '--json', '--stage', 'manager', '--min-group', '5'], io, async () => {
      const db = new NodeConnector();
      await loadFixture(db);
      return db;
    });
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(Object.keys(json)).toEqual(['raters', 'org', 'kruskal_wallis', 'guideline_chi_square', 'changes']);
    expect(Object.keys(json.raters[0])).toEqual(['rater_id', 'n', 'mean', 'sd', 'effect', 'shrunk_effect', 'ci_low', 'ci_high', 'flags', 'counts']);
    expect(Object.keys(json.org)).toEqual(['n', 'mean', 'sd', 'counts']);
    expect(Object.keys(json.kruskal_wallis)).toEqual(['h', 'df', 'p']);
    expect(Object.keys(json.guideline_chi_square)).toEqual(['statistic', 'df', 'p']);
    expect(json.raters[0]).toMatchObject({ rater_id: 'm-lenient', flags: ['lenient'] });
    expect(json.org.counts).toHaveProperty('3');
    expect(json.changes).toMatchObject({ before_stage: 'manager', after_stage: 'calibrated' });
  });

  it('rejects bad options with exit code 2 and says which', async () => {
    expect(parseStatsArgs(['f.csv', '--stage', 'sideways'])).toMatch(/--stage must be one of/);
    expect(parseStatsArgs(['f.csv', '--min-group', '0'])).toMatch(/--min-group/);
    expect(parseStatsArgs(['--json'])).toMatch(/FILE/);
    expect(parseStatsArgs(['f.csv', '--cycle'])).toMatch(/--cycle needs a value/);
    const { io, err } = capture();
    expect(await runStats(['--json'], io, async () => new NodeConnector())).toBe(2);
    expect(err.join('')).toMatch(/give at least one FILE/);
  });
});

describe('plumb stats on files (the shared loader)', () => {
  it('loads CSV files and prints the statistics; a missing file is an error naming it', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { run } = await import('../../src/commands/stats.js');
    const dir = await mkdtemp(join(tmpdir(), 'plumb-stats-'));
    const rows = ['cycle_id,employee_id,rater_id,stage,dimension,rating'];
    for (let i = 0; i < 12; i++) rows.push(`C1,a${i},ann,manager,overall,${i % 3 === 0 ? 5 : 4}`);
    for (let i = 0; i < 12; i++) rows.push(`C1,b${i},bob,manager,overall,${i % 4 === 0 ? 1 : 2}`);
    await writeFile(join(dir, 'ratings.csv'), rows.join('\n') + '\n');
    const ok = capture();
    expect(await run([join(dir, 'ratings.csv'), '--json'], ok.io)).toBe(0);
    const json = JSON.parse(ok.out.join(''));
    expect(json.org.n).toBe(24);
    expect(json.raters.map((r: { rater_id: string }) => r.rater_id)).toEqual(['ann', 'bob']);
    // Two groups of 12 with no overlap: H = 17.28 before ties; tie-corrected it is larger, p tiny.
    expect(json.kruskal_wallis.df).toBe(1);
    expect(json.kruskal_wallis.p).toBeLessThan(0.001);

    const missing = capture();
    expect(await run([join(dir, 'nope.csv'), '--json'], missing.io)).toBe(1);
    expect(missing.err.join('\n')).toContain('nope.csv');
  });
});
