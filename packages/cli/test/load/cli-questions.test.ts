import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'plumb-questions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function plumb(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

// Both dates read either way (day and month ≤ 12): nothing in the file decides the order.
const checkIns = file('updates.csv', 'key_result_id,checked_at,value\nkr1,03/04/2026,5\nkr1,05/06/2026,6\n');
// The same header "Ref" is the key result in one file and a note in the other.
const krs = file('krs.csv', 'Ref,objective_id,title,start_value,target_value\nkr1,o1,Ship it,0,10\n');
const objectives = file('objectives.csv', 'objective_id,title\no1,Ship\n');

describe('questions on the command line', () => {
  it('an open question: exit 1, the question and each answer\'s option printed, the file not loaded', async () => {
    const { code, stdout } = await plumb('validate', `${checkIns}:check_ins`);
    expect(code).toBe(1);
    expect(stdout).toContain('question date-order:');
    expect(stdout).toMatch(/--date-order dmy +\("03\/04\/2026" is 3 April 2026\)/);
    expect(stdout).toMatch(/--date-order mdy +\("03\/04\/2026" is 4 March 2026\)/);
    expect(stdout).toMatch(/2 input rows: 0 loaded, 2 rejected/);
  });

  it('--save-mapping writes the answers; --mapping reuses them; the command line wins over the file', async () => {
    const saved = join(dir, 'answers.json');
    const first = await plumb('validate', '--json', '--date-order', 'dmy', '--map', 'krs.csv:Ref=key_result_id', '--save-mapping', saved, `${checkIns}:check_ins`, krs, objectives);
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({ plumb: 'mapping', version: 1, dateOrder: 'dmy', mapping: { 'krs.csv:Ref': 'key_result_id' } });
    const again = await plumb('validate', '--json', '--mapping', saved, `${checkIns}:check_ins`, krs, objectives);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ questions: [], tables: { check_ins: 2, key_results: 1, objectives: 1 } });
    const over = await plumb('validate', '--json', '--mapping', saved, '--date-order', 'mdy', `${checkIns}:check_ins`, krs, objectives);
    expect(JSON.parse(over.stdout).files[0].decisions).toContainEqual(expect.objectContaining({ kind: 'date-order', value: 'mdy', declared: true }));
  });

  it('a --map scoped to one file leaves the same header of another file alone', async () => {
    const notes = file('notes.csv', 'key_result_id,checked_at,value,Ref\nkr1,2026-04-03,5,see Ref\n');
    const { code, stdout } = await plumb('validate', '--json', '--map', 'krs.csv:Ref=key_result_id', krs, objectives, `${notes}:check_ins`);
    const report = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(report.files.find((f: { file: string }) => f.file.endsWith('krs.csv')).mapped_columns).toMatchObject({ Ref: 'key_result_id' });
    expect(report.files.find((f: { file: string }) => f.file.endsWith('notes.csv')).mapped_columns).not.toHaveProperty('Ref');
  });

  it.each(['review', 'draft'])('plumb %s takes every load option and names an open question', async (command) => {
    const { code, stderr } = await plumb(command, 'p1', '--map', 'krs.csv:Ref=key_result_id', `${checkIns}:check_ins`, krs, objectives);
    expect(stderr).not.toMatch(/unknown option/);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--date-order dmy/);
    const answered = await plumb(command, 'p1', '--date-order=dmy', '--map', 'krs.csv:Ref=key_result_id', `${checkIns}:check_ins`, krs, objectives);
    expect(answered.stderr).not.toMatch(/question date-order/);
    expect(answered.stderr).toMatch(/no person "p1"/);
  });

  it('a mapping file that is not one is a usage error naming it', async () => {
    const bad = file('bad.json', '{"dateOrder": "dmy"}');
    const { code, stderr } = await plumb('validate', '--mapping', bad, krs);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json is not a Plumb mapping file/);
  });
});
