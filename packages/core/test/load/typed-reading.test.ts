// Typed reading (load/stage.ts): a CSV file's number and date columns are read typed where every value
// parses, checked by the read itself over every row; a column with a value that does not parse past the
// sampled first rows is read as text again, so that value is still named with its file, row and column.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Table as ParquetTable, writeParquet } from 'parquet-wasm';
import { SCHEMA, loadSources, queryRows, type Connector } from '../../src/index.js';
import { ADOPT_MIN_ROWS } from '../../src/load/reconcile.js';
import { expectReconciled, only, sharedDb } from './helpers.js';

const { db, reset } = sharedDb();
afterAll(() => db.close());
beforeEach(reset);

/** The statements a load ran (to see which columns it read typed). */
function recorded(): { connector: Connector; statements: string[] } {
  const statements: string[] = [];
  const connector = Object.create(db) as Connector;
  connector.query = (sql, params) => {
    statements.push(sql.replace(/\s+/g, ' '));
    return db.query(sql, params);
  };
  return { connector, statements };
}

const ROWS = 3000; // more than the 2,048 rows the typed read samples
const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 90))).toISOString().slice(0, 10);
/** 3,000 check-ins; `bad` replaces a row's cells (row = spreadsheet row, the header is row 1). */
function checkIns(bad: Record<number, { checked_at?: string; value?: string; progress?: string }> = {}): string {
  const lines = ['key_result_id,checked_at,value,progress,note'];
  for (let i = 0; i < ROWS; i++) {
    const b = bad[i + 2] ?? {};
    lines.push(`kr-${i},${b.checked_at ?? day(i)},${b.value ?? String(i * 2.5)},${b.progress ?? (i % 100) / 100},"note ${i}, with a comma"`);
  }
  return lines.join('\n') + '\n';
}
/** Σ value, computed here from the same numbers (not by Plumb). */
const valueSum = (skip: number[]) => Array.from({ length: ROWS }, (_, i) => i).filter((i) => !skip.includes(i + 2)).reduce((a, i) => a + i * 2.5, 0);

describe('typed reading of CSV', () => {
  it('a clean file is read typed in one pass: every number and date as written', async () => {
    const { connector, statements } = recorded();
    const report = await loadSources(connector, [{ name: 'check_ins.csv', data: checkIns(), table: 'check_ins' }]);
    expect(report.ok).toBe(true);
    expectReconciled(report);
    expect(report.files[0]).toMatchObject({ input_rows: ROWS, loaded_rows: ROWS });
    const reads = statements.filter((s) => s.includes('read_csv('));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toContain(`'t1': 'DATE', 't2': 'DOUBLE', 't3': 'DOUBLE'`);
    const [sum] = await queryRows<{ v: number; p: number; first: string; last: string; notes: number }>(
      db,
      `SELECT sum(value) AS v, sum(progress) AS p, min(checked_at)::VARCHAR AS first, max(checked_at)::VARCHAR AS last, count(DISTINCT note) AS notes FROM check_ins`,
    );
    expect(sum).toEqual({ v: valueSum([]), p: Array.from({ length: ROWS }, (_, i) => (i % 100) / 100).reduce((a, b) => a + b, 0), first: '2026-01-01', last: '2026-03-31', notes: ROWS });
  });

  it('a value past the sample that does not parse: that column is read as text and the cell named', async () => {
    const { connector, statements } = recorded();
    const report = await loadSources(connector, [
      { name: 'check_ins.csv', data: checkIns({ 2600: { value: 'n/a' }, 2700: { progress: 'inf' }, 2800: { checked_at: '2026-02-30' } }), table: 'check_ins' },
    ]);
    expectReconciled(report);
    expect(report.files[0]).toMatchObject({ input_rows: ROWS, loaded_rows: ROWS - 3, rejected_rows: 3 });
    expect(only(report, 'unparseable').map((d) => [d.file, d.row, d.column, d.severity])).toEqual([
      ['check_ins.csv', 2600, 'value', 'error'],
      ['check_ins.csv', 2700, 'progress', 'error'],
      ['check_ins.csv', 2800, 'checked_at', 'error'],
    ]);
    // Two reads: the second with the columns that failed as text (Infinity is found after the read).
    const reads = statements.filter((s) => s.includes('read_csv('));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const [sum] = await queryRows<{ v: number; n: number }>(db, 'SELECT sum(value) AS v, count(*) AS n FROM check_ins');
    expect(sum).toEqual({ v: valueSum([2600, 2700, 2800]), n: ROWS - 3 });
  });

  it('a date with a time past the sample is read as the text path reads it (its day)', async () => {
    const report = await loadSources(db, [{ name: 'check_ins.csv', data: checkIns({ 2500: { checked_at: '2026-01-05T10:30:00Z' } }), table: 'check_ins' }]);
    expect(report.ok).toBe(true);
    expectReconciled(report);
    const rows = await queryRows<{ d: string }>(db, `SELECT checked_at::VARCHAR AS d FROM check_ins WHERE value = ${2498 * 2.5}`);
    expect(rows).toEqual([{ d: '2026-01-05' }]);
  });

  it('comma decimals in the sample: read as text, with the separator inferred as before', async () => {
    const csv = 'key_result_id,checked_at,value\n' + Array.from({ length: 10 }, (_, i) => `kr-1,${day(i)},"${i},5"`).join('\n') + '\n';
    const report = await loadSources(db, [{ name: 'ci.csv', data: csv, table: 'check_ins' }]);
    expect(report.ok).toBe(true);
    expect(await queryRows(db, 'SELECT sum(value) AS v FROM check_ins')).toEqual([{ v: 50 }]);
  });
});

// A typed stage table (Arrow, Parquet, a CSV read typed) whose every value is placed as read, or as a function of
// its own cell, becomes the candidate table instead of being copied (reconcile.ts `adoptStaged`, from ADOPT_MIN_ROWS
// rows): the rows, their row numbers and the findings must be what the copy gives. Expected values written out by hand.
describe('a typed file taken as the candidate rows', () => {
  const columns = ['key_result_id', 'kind', 'external_id', 'title', 'due_date', 'status'] as const;
  const special = [
    ['kr-1', 'milestone', 'X-1', 'Launch', '2026-03-01', 'open'],
    ['kr-1', 'Milestone', 'X-2', '', '2026-03-02', ''], // a capital off the list's spelling, two empty texts
    ['kr-2', 'sprint', 'X-1', 'Sprint 4', '', 'done'], // no date
    ['kr-1', 'milestone', 'X-1', 'Launch again', '2026-03-04', 'open'], // the key of row 1 again
  ];
  const FILLER = ADOPT_MIN_ROWS; // enough rows to be taken rather than copied
  const rows = [...special, ...Array.from({ length: FILLER }, (_, i) => ['kr-9', 'project', `P-${i}`, `Task ${i}`, day(i), 'open'])];
  const arrowFile = (order: readonly (typeof columns)[number][]) =>
    tableToIPC(tableFromArrays(Object.fromEntries(order.map((c) => [c, rows.map((r) => r[columns.indexOf(c)]!)]))), 'file');
  const expected = [
    { key_result_id: 'kr-1', kind: 'milestone', external_id: 'X-1', title: 'Launch', due_date: '2026-03-01', status: 'open' },
    { key_result_id: 'kr-1', kind: 'milestone', external_id: 'X-2', title: null, due_date: '2026-03-02', status: null },
    { key_result_id: 'kr-2', kind: 'sprint', external_id: 'X-1', title: 'Sprint 4', due_date: null, status: 'done' },
  ];
  const read = () => queryRows(db, `SELECT key_result_id, kind, external_id, title, due_date::VARCHAR AS due_date, status FROM links WHERE key_result_id <> 'kr-9'`);

  for (const [label, order, adopted] of [
    ['in the canonical order: taken as it is, its cells rewritten where they differ', columns, true],
    ['in another order: copied, with the same rows', ['title', ...columns.filter((c) => c !== 'title')], false],
  ] as const) {
    it(label, async () => {
      const { connector, statements } = recorded();
      const report = await loadSources(connector, [{ name: 'links.arrow', data: arrowFile(order), table: 'links' }]);
      expectReconciled(report);
      expect(statements.some((s) => s.includes('RENAME TO "__plumb_load'))).toBe(adopted);
      expect(report.files[0]).toMatchObject({ input_rows: 4 + FILLER, loaded_rows: 3 + FILLER, rejected_rows: 1 });
      // The row number is the record's position in the file: the fourth.
      expect(only(report, 'duplicate-id')).toEqual([expect.objectContaining({ severity: 'error', file: 'links.arrow', row: 4, column: 'key_result_id' })]);
      expect(await read()).toEqual(expected);
      const [filler] = await queryRows<{ n: number; tasks: number; first: string; last: string }>(
        db,
        `SELECT count(*) AS n, count(DISTINCT title) AS tasks, min(due_date)::VARCHAR AS first, max(due_date)::VARCHAR AS last FROM links WHERE key_result_id = 'kr-9' AND kind = 'project' AND status = 'open'`,
      );
      expect(filler).toEqual({ n: FILLER, tasks: FILLER, first: '2026-01-01', last: '2026-03-31' });
      const types = await queryRows<{ column_name: string; column_type: string }>(db, 'SELECT column_name, column_type FROM (DESCRIBE links)');
      expect(types).toEqual(SCHEMA.links.columns.map((c) => ({ column_name: c.name, column_type: c.type })));
    });
  }
});

describe('a typed Parquet or Arrow number column with Infinity or NaN', () => {
  it('is read as text, so each such cell is named; a finite column stays typed', async () => {
    const { connector, statements } = recorded();
    const data = tableToIPC(
      tableFromArrays({
        key_result_id: ['kr-1', 'kr-2', 'kr-3', 'kr-4', 'kr-5'],
        checked_at: ['2026-01-05', '2026-01-05', '2026-01-05', '2026-01-05', '2026-01-05'],
        value: Float64Array.from([1.5, Number.NaN, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
        planned_value: Float64Array.from([1, 2, 3, 4, 5]),
      }),
      'file',
    );
    const report = await loadSources(connector, [{ name: 'check_ins.arrow', data, table: 'check_ins' }]);
    expectReconciled(report);
    // Records 2, 4 and 5 (the first record is row 1).
    expect(only(report, 'unparseable').map((d) => [d.row, d.column, d.severity])).toEqual([
      [2, 'value', 'error'],
      [4, 'value', 'error'],
      [5, 'value', 'error'],
    ]);
    const view = statements.find((s) => s.startsWith('CREATE VIEW') && s.includes('"planned_value"'))!;
    expect(view).toContain('CAST("planned_value" AS DOUBLE) AS "t3"');
    expect(view).not.toContain('CAST("value" AS DOUBLE)');
    expect(await queryRows(db, 'SELECT key_result_id, value, planned_value FROM check_ins ORDER BY key_result_id')).toEqual([
      { key_result_id: 'kr-1', value: 1.5, planned_value: 1 },
      { key_result_id: 'kr-3', value: 2, planned_value: 3 },
    ]);
  });
});

// Small Parquet files in memory are staged before the first file's turn and described together (load/stage.ts
// `prestageParquet`): two statements for all of them instead of two per file, with what each file gives alone.
describe('Parquet files in memory, staged before their turns', () => {
  const parquetOf = (columns: Record<string, string[] | Float64Array>) =>
    writeParquet(ParquetTable.fromIPCStream(tableToIPC(tableFromArrays(columns), 'stream')));
  const checkInsFile = (ids: string[], values: number[]) =>
    parquetOf({ key_result_id: ids, checked_at: ids.map(() => '2026-01-05'), value: Float64Array.from(values) });
  const files = [
    { name: 'a.parquet', data: checkInsFile(['kr-1', 'kr-2'], [1, 2]), table: 'check_ins' as const },
    { name: 'broken.parquet', data: checkInsFile(['kr-3'], [3]).slice(0, 40), table: 'check_ins' as const },
    { name: 'b.parquet', data: checkInsFile(['kr-4', 'kr-5', 'kr-6'], [4, Number.NaN, 6]), table: 'check_ins' as const },
  ];

  it('are described in one statement and checked for Infinity/NaN in one; a file that does not read fails at its turn', async () => {
    const { connector, statements } = recorded();
    const report = await loadSources(connector, files);
    expectReconciled(report);
    expect(statements.join('\n').match(/\(DESCRIBE /g)).toHaveLength(2);
    expect(statements.filter((s) => s.includes('(DESCRIBE '))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('isfinite('))).toHaveLength(1);
    expect(report.files.map((f) => [f.file, f.input_rows, f.loaded_rows, f.rejected_rows])).toEqual([
      ['a.parquet', 2, 2, 0],
      ['broken.parquet', 0, 0, 0],
      ['b.parquet', 3, 2, 1],
    ]);
    expect(only(report, 'unparseable').map((d) => [d.file, d.row ?? null, d.column ?? null])).toEqual([
      ['broken.parquet', null, null],
      ['b.parquet', 2, 'value'],
    ]);
    expect(await queryRows(db, 'SELECT key_result_id, value FROM check_ins ORDER BY key_result_id')).toEqual([
      { key_result_id: 'kr-1', value: 1 },
      { key_result_id: 'kr-2', value: 2 },
      { key_result_id: 'kr-4', value: 4 },
      { key_result_id: 'kr-6', value: 6 },
    ]);
  });

  it('say what each says loaded alone', async () => {
    const together = await loadSources(db, files);
    const alone = [];
    for (const file of files) {
      await reset();
      alone.push(await loadSources(db, [file]));
    }
    expect(together.files).toEqual(alone.map((r) => r.files[0]));
    expect(together.diagnostics).toEqual(alone.flatMap((r) => r.diagnostics));
  });
});

describe('a CSV file read typed brings its first row with its row count', () => {
  const firstRowQueries = (statements: string[]) => statements.filter((s) => /SELECT __row, "c0" AS r0\b[^;]* FROM "__plumb_load\d+_stage\d+" LIMIT 1/.test(s));

  it('so the two-header-rows check decides from it, with no query of its own (keys over labels, the date cell of the label row empty)', async () => {
    const { connector, statements } = recorded();
    const csv = 'USERID,FULLNAME,HIREDATE\nUser ID,Name,\nu1,anna,2020-01-05\nu2,ben,2021-02-06\n';
    const report = await loadSources(connector, [{ name: 'users.csv', data: csv, table: 'people' }]);
    expectReconciled(report);
    expect(statements.some((s) => s.includes('read_csv') && s.includes("'t2': 'DATE'"))).toBe(true);
    expect(firstRowQueries(statements)).toEqual([]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 2, rejected_rows: 0 });
    expect(report.files[0]!.decisions?.find((d) => d.kind === 'header-rows')).toMatchObject({ value: '2', declared: false });
    expect(await queryRows(db, 'SELECT person_id, name, hire_date::VARCHAR AS hire_date FROM people ORDER BY person_id')).toEqual([
      { person_id: 'u1', name: 'anna', hire_date: '2020-01-05' },
      { person_id: 'u2', name: 'ben', hire_date: '2021-02-06' },
    ]);
  });

  it('and a file whose second row is data is read as before', async () => {
    const { connector, statements } = recorded();
    const report = await loadSources(connector, [{ name: 'people.csv', data: 'person_id,name,hire_date\np1,Anna,2020-01-05\np2,Ben,\n', table: 'people' }]);
    expectReconciled(report);
    expect(firstRowQueries(statements)).toEqual([]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 2 });
    expect(report.files[0]!.decisions?.some((d) => d.kind === 'header-rows')).toBe(false);
  });
});

describe("a CSV file's registration and drop", () => {
  /** The connector with registerFile/dropFile answering a moment late (as a worker's answer comes), calls logged. */
  function lateFiles(register: (name: string, bytes: Uint8Array) => Promise<void> = (name, bytes) => db.registerFile(name, bytes)) {
    const log: string[] = [];
    const connector = Object.create(db) as Connector;
    const late = (what: string, work: Promise<void>) => {
      log.push(`${what} sent`);
      return work.then(() => new Promise<void>((resolve) => setTimeout(() => (log.push(`${what} answered`), resolve()), 20)));
    };
    connector.registerFile = (name, bytes) => late('register', register(name, bytes));
    connector.dropFile = (name) => late('drop', db.dropFile(name));
    connector.query = (sql, params) => (log.push('query'), db.query(sql, params));
    return { connector, log };
  }

  it('are not waited for: the read goes right behind the registration, the next statement right behind the drop', async () => {
    const { connector, log } = lateFiles();
    const report = await loadSources(connector, [{ name: 'ci.csv', data: checkIns(), table: 'check_ins' }]);
    expectReconciled(report);
    expect(log.slice(log.indexOf('register sent'), log.indexOf('register sent') + 2)).toEqual(['register sent', 'query']);
    expect(log.slice(log.indexOf('drop sent'), log.indexOf('drop sent') + 2)).toEqual(['drop sent', 'query']);
  });

  it('a registration that fails is the error, not the read that found no file', async () => {
    const { connector } = lateFiles(() => Promise.reject(new Error('no room for the file')));
    await expect(loadSources(connector, [{ name: 'ci.csv', data: checkIns(), table: 'check_ins' }])).rejects.toThrow('no room for the file');
  });
});

describe("a typed progress column's largest value", () => {
  it('comes with the first scan (no second scan for a clean typed file), and still tells a 0–100 scale', async () => {
    const { connector, statements } = recorded();
    const data = tableToIPC(
      tableFromArrays({ objective_id: ['o-1', 'o-2'], title: ['Grow', 'Keep'], stated_progress: Float64Array.from([40, 75]) }),
      'file',
    );
    const report = await loadSources(connector, [{ name: 'objectives.arrow', data, table: 'objectives' }]);
    expectReconciled(report);
    expect(statements.filter((s) => /AS col, NULL::VARCHAR AS sc, CAST\(max\(/.test(s))).toEqual([]);
    expect(only(report, 'percent-scale-inferred')).toEqual([expect.objectContaining({ severity: 'warning', column: 'stated_progress' })]);
    expect(await queryRows(db, 'SELECT objective_id, stated_progress FROM objectives ORDER BY objective_id')).toEqual([
      { objective_id: 'o-1', stated_progress: 0.4 },
      { objective_id: 'o-2', stated_progress: 0.75 },
    ]);
  });
});
