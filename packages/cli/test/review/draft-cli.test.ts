// `plumb review` and `plumb draft` (moved from packages/core/test/review/draft.test.ts with the CLI).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, sampleTableToText, type PersonEvidence } from '@plumb/core';
import { main as run } from '../../src/main.js';

describe('plumb review and plumb draft', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-review-'));
  const files: string[] = [];
  beforeAll(() => {
    const sample = generateSample({ people: 120, seed: 1 });
    for (const table of ['people', 'teams', 'cycles', 'objectives', 'key_results', 'check_ins', 'links', 'feedback', 'recognitions', 'rating_scale'] as const) {
      const file = join(dir, `${table}.csv`);
      writeFileSync(file, [...sampleTableToText(sample.tables[table], 'csv')].join(''));
      files.push(`${file}:${table}`);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await run(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  };

  it('prints the evidence bundle as JSON and as a readable brief', async () => {
    const json = await cli('review', 'p0005', ...files, '--json', '--min-group', '3');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const bundle = JSON.parse(json.stdout) as PersonEvidence;
    expect(bundle.person.id).toBe('p0005');
    expect(bundle.min_group).toBe(3);
    const brief = await cli('review', 'p0005', ...files);
    expect(brief.stdout).toContain('context for the conversation, not a score');
    for (const i of bundle.items.slice(0, 5)) expect(brief.stdout).toContain(i.id);
  });

  it('prints the default draft with citations, and fails clearly on bad use', async () => {
    const out = await cli('draft', 'p0005', ...files);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^# Review draft: /);
    expect(out.stdout).toContain('Ratings are the manager\'s');
    expect(out.stdout).toMatch(/— `kr:kr-\d+`/);
    expect((await cli('review')).code).toBe(2);
    expect((await cli('review', 'p0005', ...files, '--min-group', '0')).stderr).toMatch(/--min-group needs a whole number/);
    const missing = await cli('review', 'nobody', ...files);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no person "nobody"/);
  });
});
