/**
 * Two header rows (system keys, then labels) and several id-like columns in one people file: each decided by
 * structure with its evidence named, or asked; rows keep their file row numbers. One DuckDB for the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { loadSources, withAnswer, type LoadOptions, type LoadReport } from '@plumb/core';
import { expectReconciled, sharedDb } from '../../../core/test/load/helpers.js';

const shared = sharedDb();
const dir = mkdtempSync(join(tmpdir(), 'plumb-headers-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return shared.db.close();
});

async function load(files: Record<string, string>, options: LoadOptions = {}): Promise<LoadReport> {
  await shared.reset();
  const report = await loadSources(shared.db, Object.entries(files).map(([name, text]) => ({ name, data: text })), options);
  expectReconciled(report);
  return report;
}

const people = async () => (await shared.db.query('SELECT person_id, manager_id FROM people ORDER BY person_id')).toArray().map((r) => r.toJSON());

describe('two header rows', () => {
  it('keys over labels: decided by structure, the label row is no person, and errors name the file row', async () => {
    const report = await load({
      'users.csv': 'STATUS,USERID,USERNAME,MANAGER,HIREDATE\nSTATUS,USERID,Username,Manager,Hire Date\nactive,u1,anna,NO_MANAGER,2020-01-05\nactive,u2,ben,u1,2021-02-06\nactive,u3,carl,u1,not a date\n',
    });
    const file = report.files[0]!;
    expect(file).toMatchObject({ table: 'people', input_rows: 3, loaded_rows: 2, rejected_rows: 1 });
    expect(file.decisions?.find((d) => d.kind === 'header-rows')).toMatchObject({
      value: '2',
      declared: false,
      message: expect.stringMatching(/restate the keys above them \("STATUS" \/ "STATUS", "USERID" \/ "USERID", "USERNAME" \/ "Username" and 2 more\), row 2 has text where every row below has a number, date or id \("USERID"\),? and row 1 holds system keys/),
    });
    expect(report.diagnostics.find((d) => d.code === 'unparseable')).toMatchObject({ row: 5, column: 'Hire Date' });
    expect(await people()).toEqual([{ person_id: 'u1', manager_id: null }, { person_id: 'u2', manager_id: 'u1' }]);
  });

  it('a second row that reads like headers with nothing below to tell: asked; either answer loads', async () => {
    // Row 1 is no set of keys (a space), row 2 restates nothing, and every column below is text.
    const files = { 'org.csv': 'Who,Reports to,Unit\nPerson ID,Manager,Department\nanna,,Sales\nben,anna,Sales\n' };
    const asked = await load(files);
    expect(asked.questions).toHaveLength(1);
    const question = asked.questions[0]!;
    expect(question).toMatchObject({ kind: 'header-rows', id: 'header-rows:org.csv' });
    expect(question.candidates.map((c) => [c.value, c.option])).toEqual([
      ['2', '--answer header-rows:org.csv=2'],
      ['1', '--answer header-rows:org.csv=1'],
    ]);
    expect(asked.files[0]).toMatchObject({ input_rows: 3, loaded_rows: 0 });
    expect(asked.tables.people ?? 0).toBe(0);
    const answered = await load(files, withAnswer({}, question.candidates[0]!.patch));
    expect(answered.questions).toEqual([]);
    expect(answered.files[0]).toMatchObject({ table: 'people', input_rows: 2, loaded_rows: 2 });
    expect(answered.files[0]!.decisions?.find((d) => d.kind === 'header-rows')).toMatchObject({ value: '2', declared: true });
  });

  it('an ordinary file whose second row is data is read as before', async () => {
    const report = await load({ 'people.csv': 'person_id,name,manager_id\np1,Name,\np2,Manager,p1\n' });
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 2 });
    expect(report.files[0]!.decisions?.some((d) => d.kind === 'header-rows')).toBe(false);
  });
});

describe('several id-like columns', () => {
  const workers = 'Employee ID,Worker ID,Name,Manager\nE1,W1,Anna Keller,\nE2,W2,Ben Moreau,Anna Keller\nE3,W3,Chloé Farouk,Anna Keller\n';

  it('the column other files reference is the id, by evidence; the name-chosen one is reported as not loaded', async () => {
    const report = await load({
      'workers.csv': workers,
      'ratings.csv': 'Employee,Rater,Stage,Rating\nW2,W1,manager,3\nW3,W1,manager,4\n',
    });
    expect(report.questions).toEqual([]);
    const file = report.files[0]!;
    expect(file.decisions?.find((d) => d.kind === 'id-column')).toMatchObject({
      column: 'Worker ID',
      message: '"Worker ID" is the id: "Employee ID" holds no value a reference names and "Worker ID" holds the values references name (2 of ratings.employee_id and 1 of ratings.rater_id)',
    });
    expect(file.mapped_columns).toMatchObject({ 'Worker ID': 'person_id' });
    expect(file.columns?.find((c) => c.input === 'Employee ID')).toMatchObject({ target: null });
    expect(report.diagnostics.filter((d) => d.code === 'dangling-reference')).toEqual([]);
    expect(report.tables).toMatchObject({ people: 3, ratings: 2 });
    expect(await people()).toEqual([
      { person_id: 'W1', manager_id: null },
      { person_id: 'W2', manager_id: 'W1' },
      { person_id: 'W3', manager_id: 'W1' },
    ]);
  });

  it('a person without a value in the chosen id column is rejected, naming the row and column', async () => {
    const report = await load({
      'workers.csv': workers + 'E4,,Dario Petrov,Anna Keller\n',
      'ratings.csv': 'Employee,Rater,Stage,Rating\nW2,W1,manager,3\n',
    });
    expect(report.diagnostics.find((d) => d.code === 'missing-value')).toMatchObject({ file: 'workers.csv', row: 5, column: 'Worker ID' });
    expect(report.files[0]).toMatchObject({ loaded_rows: 3, rejected_rows: 1 });
  });

  it('nothing references either: kept by its name, and said', async () => {
    const report = await load({ 'workers.csv': workers });
    expect(report.files[0]!.decisions?.find((d) => d.kind === 'id-column')?.message).toMatch(/no reference in the data names any of them, so "Employee ID" is kept/);
    expect(report.tables.people).toBe(3);
  });

  it('a tie is asked through the CLI (exit 1, the --map that answers it); the answer loads', async () => {
    const path = join(dir, 'tie.csv');
    // One manager link names an Employee ID, another a Worker ID: as many references each.
    writeFileSync(path, 'Employee ID,Worker ID,Name,Manager ID\nE1,W1,Anna,\nE2,W2,Ben,E1\nE3,W3,Carl,W1\n');
    const out: string[] = [];
    const code = await main(['validate', '--json', path], { stdout: (t) => out.push(t), stderr: () => undefined });
    const report = JSON.parse(out.join('\n')) as LoadReport;
    expect(code).toBe(1);
    expect(report.questions[0]).toMatchObject({ kind: 'id-column', file: path, tables: ['people'] });
    expect(report.questions[0]!.candidates.map((c) => c.option)).toEqual([
      '--map "tie.csv:Employee ID=people.person_id"',
      '--map "tie.csv:Worker ID=people.person_id"',
    ]);
    expect(report.files[0]).toMatchObject({ input_rows: 3, loaded_rows: 0 });
    expect(report.tables.people ?? 0).toBe(0);
    const answered = await load({ 'tie.csv': 'Employee ID,Worker ID,Name,Manager ID\nE1,W1,Anna,\nE2,W2,Ben,E1\nE3,W3,Carl,W1\n' }, withAnswer({}, report.questions[0]!.candidates[1]!.patch));
    expect(answered.questions).toEqual([]);
    expect(answered.files[0]!.mapped_columns).toMatchObject({ 'Worker ID': 'person_id' });
    expect(await people()).toEqual([
      { person_id: 'W1', manager_id: null },
      { person_id: 'W2', manager_id: null },
      { person_id: 'W3', manager_id: 'W1' },
    ]);
  });
});
