import { describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { parseStatsArgs, runStats } from '../../src/cli/commands/stats.js';
import { loadFixture } from './fixture.js';

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
