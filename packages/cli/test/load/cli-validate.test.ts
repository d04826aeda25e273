import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/commands/validate.js';

const at = (path: string) => fileURLToPath(new URL(`../../../core/test/fixtures/${path}`, import.meta.url));

async function validate(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('plumb validate', () => {
  it('--json prints one object with the counts, tables and diagnostics; exit 0 without errors', async () => {
    const { code, stdout } = await validate(
      '--json',
      at('exports/normalised/objectives.csv'),
      at('exports/normalised/key_results.csv'),
      `${at('exports/normalised/checkins.csv')}:check_ins`,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['ok', 'input_rows', 'loaded_rows', 'rejected_rows', 'tables', 'diagnostics', 'files', 'questions']);
    expect(report).toMatchObject({ ok: true, input_rows: 19, loaded_rows: 19, rejected_rows: 0, tables: { objectives: 4, key_results: 5, check_ins: 10 } });
    expect(report.diagnostics.map((d: { code: string }) => d.code).sort()).toEqual(['confidence-scale-inferred', 'confidence-scale-inferred', 'cycle-inferred']);
  });

  it('--lang de|fr prints the load\'s words from core\'s German and French catalogues (the page\'s): diagnostics, questions, their answers', async () => {
    const file = at('bad/unparseable-values.csv');
    const de = await validate('--lang', 'de', `${file}:check_ins`);
    expect(de.stdout.split('\n')).toContain(`${file}:4:value error unparseable keine Zahl: „about twelve“`);
    // A question (Quantive's aligned goal) and its candidates, in French, the options unchanged.
    const goals = ['sessions.csv', 'goals.csv', 'metrics.csv'].map((f) => at(`exports/tools/quantive/${f}`));
    const fr = await validate('--lang=fr', ...goals);
    expect(fr.code).toBe(1);
    expect(fr.stdout).toMatch(/question link-type:goals\.csv:parentgoalid: .*« Cut payment latency » sous « Become the fastest checkout in Europe »/);
    expect(fr.stdout).toContain('--answer link-type:goals.csv:parentgoalid=supports    (« Become the fastest checkout in Europe » n’agrège que ses propres résultats clés ; « Cut payment latency » est affiché sous lui)');
    expect(await validate('--lang', 'xx', file)).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang must be one of en, de, fr; got "xx"') });
  });

  it('lists diagnostics as file:row:column severity code message and exits 1 on errors', async () => {
    const file = at('bad/unparseable-values.csv');
    const { code, stdout } = await validate(`${file}:check_ins`);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain(`${file}:4:value error unparseable not a number: "about twelve"`);
    expect(lines.filter((l) => l.includes(' error ')).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      `${file}:3:checked_at error unparseable`,
      `${file}:4:value error unparseable`,
      `${file}:5:checked_at error unparseable`,
    ]);
    expect(lines.at(-1)).toBe('4 input rows: 1 loaded, 3 rejected (check_ins 1); 3 errors, 1 warning');
  });

  it('declared scale and date order are options', async () => {
    const { code, stdout } = await validate('--json', '--date-order', 'mdy', `${at('bad/ambiguous-dates.csv')}:check_ins`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).diagnostics).toEqual([]);
  });

  it.each([
    [[], /no files given/],
    [['--bogus', 'x.csv'], /unknown option --bogus/],
    [['--confidence-scale', 'stars', 'x.csv'], /--confidence-scale must be one of/],
    [['x.csv:nonsense'], /Unknown table "nonsense"/],
  ])('usage error %j exits 2', async (argv, message) => {
    const { code, stderr } = await validate(...(argv as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('reads standard input as - (and -:table), and prints the mapping report before the diagnostics (real process)', async () => {
    const bin = fileURLToPath(new URL('../../bin/plumb.mjs', import.meta.url));
    const { readFileSync } = await import('node:fs');
    const input = readFileSync(at('exports/tools/quantive/metric_checkins.csv'));
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [bin, 'validate', '-:check_ins', '--confidence-scale=unit'], { env: { ...process.env, NODE_NO_WARNINGS: '1' } }, (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
      child.stdin!.end(input);
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('stdin → check_ins (csv, 9 rows: 9 loaded, 0 rejected)');
    expect(lines).toContain('  metricid → key_result_id (alias)');
    expect(lines).toContain('  confidence-scale of "confidence": unit (declared)');
    expect(lines.at(-1)).toBe('9 input rows: 9 loaded, 0 rejected (check_ins 9); 0 errors, 0 warnings');
  });

  it('garbage, an empty file, a missing file and a folder are error lines, never a stack trace (real process)', async () => {
    const bin = fileURLToPath(new URL('../../bin/plumb.mjs', import.meta.url));
    const args = [bin, 'validate', at('bad/garbage.csv'), at('bad/empty.csv'), at('bad/utf16-no-bom.csv'), '/nonexistent/okr.csv', at('bad')];
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { env: { ...process.env, NODE_NO_WARNINGS: '1' } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
    // Diagnostic lines (the mapping report's lines are indented or name a table with →).
    const diagnosticLine = /^\S*:\d*:\S* (error|warning) /;
    const codes = result.stdout.trim().split('\n').filter((l) => diagnosticLine.test(l)).map((l) => l.split(' ').slice(1, 3).join(' '));
    expect(codes.sort()).toEqual(['error empty-file', 'error encoding', 'error encoding', 'error unreadable', 'error unreadable']);
    expect(result.stdout).toContain('/nonexistent/okr.csv does not exist');
  });
});
