import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSources, queryRows } from '../../src/index.js';
import { expectReconciled, loadFixtures, only, sharedDb } from './helpers.js';

const { db, reset } = sharedDb();
afterAll(() => db.close());
beforeEach(reset);

describe('bad inputs: each is reported with its file, row and column, nothing silently dropped', () => {
  it('an empty file is an error naming the file', async () => {
    const report = await loadFixtures(db, ['bad/empty.csv:objectives']);
    expect(report.ok).toBe(false);
    expect(only(report, 'empty-file')).toEqual([
      { severity: 'error', code: 'empty-file', message: 'empty.csv is empty', text: { code: 'diag.empty', params: { file: 'empty.csv' } }, file: 'empty.csv' },
    ]);
    expectReconciled(report);
  });

  it('text cells lose the spaces at their ends (Unicode spaces too, not tabs); a cell of spaces is empty', async () => {
    // Expected by hand: DuckDB's trim strips the Unicode space separators (Zs) at both ends, nothing else.
    const csv = [
      'person_id,name,department',
      ' p1 ,Ana ,Sales',
      'p2,\u00a0Ben\u00a0,Sales ',
      'p3,\u3000Cy\u2005\u3000,\u00a0',
      'p4,Dee\t,Ops',
      'p5,Émile Zoë ,Ops',
      'p6,x,y',
      '\u2005 ,Nobody,Ops',
    ].join('\n');
    const report = await loadSources(db, [{ name: 'people.csv', data: csv, table: 'people' }]);
    expectReconciled(report);
    expect(report.files[0]).toMatchObject({ input_rows: 7, loaded_rows: 6, rejected_rows: 1 });
    expect(only(report, 'missing-value')).toMatchObject([{ file: 'people.csv', row: 8, column: 'person_id' }]);
    const rows = await queryRows<{ person_id: string; name: string; department: string | null }>(db, 'SELECT person_id, name, department FROM people ORDER BY person_id');
    expect(rows).toEqual([
      { person_id: 'p1', name: 'Ana', department: 'Sales' },
      { person_id: 'p2', name: 'Ben', department: 'Sales' },
      { person_id: 'p3', name: 'Cy', department: null },
      { person_id: 'p4', name: 'Dee\t', department: 'Ops' },
      { person_id: 'p5', name: 'Émile Zoë', department: 'Ops' },
      { person_id: 'p6', name: 'x', department: 'y' },
    ]);
  });

  it('a header without rows is a warning, not an error', async () => {
    const report = await loadFixtures(db, ['bad/header-only.csv:objectives']);
    expect(report.ok).toBe(true);
    expect(only(report, 'empty-file')[0]).toMatchObject({ severity: 'warning', file: 'header-only.csv' });
  });

  it('binary garbage is an encoding error, not a stack trace', async () => {
    const report = await loadFixtures(db, ['bad/garbage.csv']);
    expect(report.ok).toBe(false);
    const [d] = only(report, 'encoding');
    expect(d).toMatchObject({ severity: 'error', file: 'garbage.csv' });
    expect(d!.message).toMatch(/NUL bytes: binary data/);
  });

  it('Windows-1252 text loads with a warning giving the byte offset of the first non-UTF-8 byte (issue 10)', async () => {
    const report = await loadFixtures(db, ['bad/windows-1252.csv:people']);
    expect(only(report, 'encoding')).toEqual([]);
    const [d] = only(report, 'encoding-inferred');
    expect(d).toMatchObject({ severity: 'warning', file: 'windows-1252.csv' });
    expect(d!.message).toMatch(/line 2, byte offset 19\b/);
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'encoding', value: 'windows-1252', declared: false }));
    expect(await queryRows(db, 'SELECT name FROM people')).toEqual([{ name: 'Jürgen Müller' }]);
  });

  it('a declared encoding reads Latin-1 without a warning; declared UTF-8 refuses the same bytes', async () => {
    const latin = await loadFixtures(db, ['bad/windows-1252.csv:people'], { encoding: 'latin-1' });
    expect(latin.diagnostics).toEqual([]);
    expect(await queryRows(db, 'SELECT name FROM people')).toEqual([{ name: 'Jürgen Müller' }]);
    await reset();
    const utf8 = await loadFixtures(db, ['bad/windows-1252.csv:people'], { encoding: 'utf-8' });
    expect(only(utf8, 'encoding')[0]).toMatchObject({ severity: 'error', file: 'windows-1252.csv' });
  });

  it('UTF-16 without a byte-order mark is refused (NUL bytes), with the fix in the message', async () => {
    const report = await loadFixtures(db, ['bad/utf16-no-bom.csv:people']);
    const [d] = only(report, 'encoding');
    expect(d).toMatchObject({ severity: 'error', file: 'utf16-no-bom.csv' });
    expect(d!.message).toMatch(/UTF-16 \(little-endian\) text without a byte-order mark/);
  });

  it.each(['utf16le-bom.csv', 'utf16be-bom.csv', 'utf8-bom.csv'])('%s loads with its non-ASCII names intact', async (file) => {
    const report = await loadFixtures(db, [`bad/${file}:people`]);
    expect(report.diagnostics).toEqual([]);
    expect(report.files[0]!.mapped_columns).toHaveProperty('person_id', 'person_id');
    const rows = await queryRows(db, 'SELECT person_id, name, manager_id FROM people ORDER BY person_id');
    expect(rows).toEqual([
      { person_id: 'p1', name: 'Zoë Ångström', manager_id: null },
      { person_id: 'p2', name: 'Łukasz Żółw', manager_id: 'p1' },
      { person_id: 'p3', name: 'Ines Muñoz', manager_id: 'p1' },
    ]);
  });

  it('quoted newlines stay inside their cell and row numbers count records, not lines', async () => {
    const report = await loadFixtures(db, ['bad/quoted-newlines.csv:check_ins']);
    const notes = await queryRows<{ note: string }>(db, 'SELECT note FROM check_ins ORDER BY checked_at');
    expect(notes.map((n) => n.note)).toEqual(['Line one\nline two, with a comma', 'He said "ship it"\nand we did']);
    expect(only(report, 'unparseable')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'quoted-newlines.csv', row: 4, column: 'value' }),
    ]);
    expect(report.files[0]).toMatchObject({ input_rows: 3, loaded_rows: 2, rejected_rows: 1 });
  });

  it('a duplicate id rejects the later row and points at the first', async () => {
    const report = await loadFixtures(db, ['bad/duplicate-ids.csv:objectives']);
    expect(only(report, 'duplicate-id')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'duplicate-ids.csv', row: 4, column: 'objective_id' }),
    ]);
    expect(only(report, 'duplicate-id')[0]!.message).toMatch(/"O2".*first in duplicate-ids\.csv row 3/);
    const titles = await queryRows<{ title: string }>(db, "SELECT title FROM objectives WHERE objective_id = 'O2'");
    expect(titles).toEqual([{ title: 'Delight customers' }]);
    expect(report.files[0]).toMatchObject({ input_rows: 4, loaded_rows: 3, rejected_rows: 1 });
  });

  it('dangling references: a parent link is removed, a key result or check-in without its owner is rejected', async () => {
    const report = await loadFixtures(db, [
      'bad/dangling-objectives.csv:objectives',
      'bad/dangling-key-results.csv:key_results',
      'bad/dangling-checkins.csv:check_ins',
    ]);
    const dangling = only(report, 'dangling-reference');
    expect(dangling).toEqual([
      expect.objectContaining({ severity: 'error', file: 'dangling-objectives.csv', row: 4, column: 'parent_objective_id' }),
      expect.objectContaining({ severity: 'error', file: 'dangling-key-results.csv', row: 3, column: 'objective_id' }),
      expect.objectContaining({ severity: 'error', file: 'dangling-checkins.csv', row: 3, column: 'key_result_id' }),
    ]);
    expect(dangling[0]!.message).toMatch(/"O9"/);
    // O3 loads as a root; KR2 and the KR9 check-in do not load.
    expect(await queryRows(db, "SELECT parent_objective_id FROM objectives WHERE objective_id = 'O3'")).toEqual([{ parent_objective_id: null }]);
    expect(report.tables).toMatchObject({ objectives: 3, key_results: 1, check_ins: 1 });
    expect(report).toMatchObject({ input_rows: 7, loaded_rows: 5, rejected_rows: 2 });
  });

  it.each([
    ['objective-cycle.csv', 'objectives', 'objective alignment', 'O1 → O3 → O2 → O1', 'parent_objective_id', 5],
    ['manager-cycle.csv', 'people', 'manager chain', 'm1 → m3 → m2 → m1', 'manager_id', 5],
    ['team-cycle.csv', 'teams', 'team tree', 't1 → t2 → t1', 'parent_team_id', 4],
  ])('%s: the cycle is reported with its ids and cut once', async (file, table, name, path, column, row) => {
    const report = await loadFixtures(db, [`bad/${file}:${table}`]);
    const cycles = only(report, 'cycle');
    expect(cycles).toEqual([expect.objectContaining({ severity: 'error', file, row, column })]);
    expect(cycles[0]!.message).toContain(`the ${name} has a cycle: ${path}`);
    expect(report.loaded_rows).toBe(report.input_rows); // rows stay; the link closing the cycle goes
    const roots = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table} WHERE ${column} IS NULL`);
    expect(roots).toEqual([{ n: 2 }]);
  });

  it('target equal to start is a warning: the key result loads, its progress is undefined', async () => {
    const report = await loadFixtures(db, ['bad/target-equals-start.csv:key_results']);
    expect(only(report, 'target-equals-start')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'target-equals-start.csv', row: 2, column: 'target_value' }),
    ]);
    expect(report.ok).toBe(true);
    expect(await queryRows(db, 'SELECT key_result_id, direction FROM key_results ORDER BY 1')).toEqual([
      { key_result_id: 'KR1', direction: null },
      { key_result_id: 'KR2', direction: 'decrease' },
    ]);
  });

  it('a confidence off its scale rejects that check-in only', async () => {
    const report = await loadFixtures(db, ['bad/out-of-range-confidence.csv:check_ins']);
    expect(only(report, 'out-of-range')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'out-of-range-confidence.csv', row: 3, column: 'confidence' }),
    ]);
    expect(await queryRows(db, 'SELECT confidence, confidence_raw, confidence_scale FROM check_ins ORDER BY checked_at')).toEqual([
      { confidence: 0.45, confidence_raw: '45%', confidence_scale: 'percent' },
      { confidence: 0.6, confidence_raw: '60%', confidence_scale: 'percent' },
    ]);
    expectReconciled(report);
  });

  it('a confidence beside its raw text and scale (a Plumb export) keeps them as read: spaces trimmed, the scale in lower case, a blank blank', async () => {
    // Expected by hand. The first file's cells are already what they read as; the second's are not, row by row.
    const header = 'key_result_id,checked_at,confidence,confidence_raw,confidence_scale';
    const load = (rows: string[]) => loadSources(db, [{ name: 'check_ins.csv', data: [header, ...rows].join('\n'), table: 'check_ins' }]);
    const read = () => queryRows(db, 'SELECT checked_at::VARCHAR AS d, confidence, confidence_raw, confidence_scale FROM check_ins ORDER BY checked_at');
    const clean = await load(['KR1,2026-01-05,0.7,0.7,unit', 'KR1,2026-01-12,0.65,0.65,unit', 'KR1,2026-01-19,,,']);
    expectReconciled(clean);
    expect(clean.ok).toBe(true);
    expect(await read()).toEqual([
      { d: '2026-01-05', confidence: 0.7, confidence_raw: '0.7', confidence_scale: 'unit' },
      { d: '2026-01-12', confidence: 0.65, confidence_raw: '0.65', confidence_scale: 'unit' },
      { d: '2026-01-19', confidence: null, confidence_raw: null, confidence_scale: null },
    ]);
    await reset();
    const mixed = await load(['KR1,2026-01-05,0.7,0.7,unit', 'KR1,2026-01-12,0.65, 0.65 ,unit', 'KR1,2026-01-19,0.8,0.8,UNIT', 'KR1,2026-01-26,0.7,7,one-to-ten']);
    expectReconciled(mixed);
    expect(mixed.ok).toBe(true);
    expect(await read()).toEqual([
      { d: '2026-01-05', confidence: 0.7, confidence_raw: '0.7', confidence_scale: 'unit' },
      { d: '2026-01-12', confidence: 0.65, confidence_raw: '0.65', confidence_scale: 'unit' },
      { d: '2026-01-19', confidence: 0.8, confidence_raw: '0.8', confidence_scale: 'unit' },
      { d: '2026-01-26', confidence: 0.7, confidence_raw: '7', confidence_scale: 'one-to-ten' },
    ]);
  });

  it('unparseable numbers and dates (including 30 February) reject their rows with the cell named', async () => {
    const report = await loadFixtures(db, ['bad/unparseable-values.csv:check_ins']);
    expect(only(report, 'unparseable').map(({ row, column, file }) => ({ row, column, file }))).toEqual([
      { row: 3, column: 'checked_at', file: 'unparseable-values.csv' },
      { row: 4, column: 'value', file: 'unparseable-values.csv' },
      { row: 5, column: 'checked_at', file: 'unparseable-values.csv' },
    ]);
    expect(report.files[0]).toMatchObject({ input_rows: 4, loaded_rows: 1, rejected_rows: 3 });
  });

  it('a missing required column rejects the file with the column named', async () => {
    const report = await loadFixtures(db, ['bad/missing-column.csv:check_ins']);
    expect(only(report, 'missing-column')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'missing-column.csv', column: 'checked_at' }),
    ]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 0, rejected_rows: 2 });
    expect(report.tables.check_ins).toBe(0);
  });

  it('a row with too many cells is rejected; the rows around it load with their own numbers', async () => {
    const report = await loadFixtures(db, ['bad/malformed-row.csv:objectives']);
    expect(only(report, 'extra-cells')).toEqual([expect.objectContaining({ severity: 'error', file: 'malformed-row.csv', row: 3 })]);
    expect(await queryRows(db, 'SELECT objective_id FROM objectives ORDER BY 1')).toEqual([{ objective_id: 'O1' }, { objective_id: 'O3' }]);
    expect(report.files[0]).toMatchObject({ input_rows: 3, loaded_rows: 2, rejected_rows: 1 });
  });

  it('ambiguous day/month dates are asked, not guessed: the file waits; the answer (option or answers[id]) reads them', async () => {
    const report = await loadFixtures(db, ['bad/ambiguous-dates.csv:check_ins']);
    expect(report.questions).toEqual([
      expect.objectContaining({
        id: 'date-order:ambiguous-dates.csv:checked_at',
        kind: 'date-order',
        file: 'ambiguous-dates.csv',
        column: 'checked_at',
        tables: ['check_ins'],
        candidates: [
          expect.objectContaining({ value: 'dmy', option: '--date-order dmy', implies: expect.stringMatching(/April/) }),
          expect.objectContaining({ value: 'mdy', option: '--date-order mdy', implies: expect.stringMatching(/March/) }),
        ],
      }),
    ]);
    expect(only(report, 'question')).toEqual([expect.objectContaining({ severity: 'error', file: 'ambiguous-dates.csv' })]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 0, rejected_rows: 2 });
    expect(await queryRows(db, 'SELECT count(*)::INTEGER AS n FROM check_ins')).toEqual([{ n: 0 }]);
    await reset();
    const declared = await loadFixtures(db, ['bad/ambiguous-dates.csv:check_ins'], { dateOrder: 'mdy' });
    expect(declared.questions).toEqual([]);
    expect(await queryRows(db, 'SELECT checked_at FROM check_ins ORDER BY 1')).toEqual([{ checked_at: '2026-03-04' }, { checked_at: '2026-05-06' }]);
    await reset();
    const answered = await loadFixtures(db, ['bad/ambiguous-dates.csv:check_ins'], { answers: { 'date-order:ambiguous-dates.csv:checked_at': 'dmy' } });
    expect(answered.questions).toEqual([]);
    expect(answered.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'date-order', column: 'checked_at', value: 'dmy', declared: true }));
    expect(await queryRows(db, 'SELECT checked_at FROM check_ins ORDER BY 1')).toEqual([{ checked_at: '2026-04-03' }, { checked_at: '2026-06-05' }]);
  });

  it('JSON that does not parse is an error naming the file', async () => {
    const report = await loadFixtures(db, ['bad/not-json.json:objectives']);
    expect(only(report, 'unparseable')).toEqual([expect.objectContaining({ severity: 'error', file: 'not-json.json' })]);
  });

  it('NDJSON: a bad line or a non-object is rejected by line number, the rest loads', async () => {
    const report = await loadFixtures(db, ['bad/ndjson-bad-line.ndjson:objectives']);
    expect(only(report, 'malformed-row').map((d) => d.row)).toEqual([2, 3]);
    expect(report.files[0]).toMatchObject({ input_rows: 4, loaded_rows: 2, rejected_rows: 2 });
  });

  it('a 5,000-deep manager chain loads without recursion; closing it into a cycle is reported once', async () => {
    const depth = 5000;
    const lines = ['person_id,manager_id'];
    for (let i = 0; i < depth; i++) lines.push(`p${i},${i === 0 ? '' : `p${i - 1}`}`);
    const chain = await loadSources(db, [{ name: 'chain.csv', data: lines.join('\n'), table: 'people' }]);
    expect(chain.diagnostics).toEqual([]);
    expect(chain.tables.people).toBe(depth);
    await reset();
    lines[1] = `p0,p${depth - 1}`;
    const cyclic = await loadSources(db, [{ name: 'chain.csv', data: lines.join('\n'), table: 'people' }]);
    const cycles = only(cyclic, 'cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toContain(`(${depth} ids)`);
    expect(cycles[0]).toMatchObject({ file: 'chain.csv', row: depth + 1, column: 'manager_id' });
  });

  it('a parent given by a title two objectives share is ambiguous: reported (in any letter case), link removed; an id still resolves', async () => {
    const report = await loadFixtures(db, ['bad/ambiguous-parent.csv:objectives']);
    expect(only(report, 'ambiguous-reference')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'ambiguous-parent.csv', row: 4, column: 'parent_objective_id' }),
      expect.objectContaining({ severity: 'error', file: 'ambiguous-parent.csv', row: 5, column: 'parent_objective_id' }),
    ]);
    expect(only(report, 'ambiguous-reference')[0]!.message).toMatch(/matches 2 objectives by title \(O1, O2\)/);
    expect(await queryRows(db, 'SELECT objective_id, parent_objective_id FROM objectives ORDER BY 1')).toEqual([
      { objective_id: 'O1', parent_objective_id: null },
      { objective_id: 'O2', parent_objective_id: null },
      { objective_id: 'O3', parent_objective_id: null },
      { objective_id: 'O4', parent_objective_id: null },
      { objective_id: 'O5', parent_objective_id: 'O1' },
    ]);
  });

  it('a flat sheet whose repeated objective columns disagree: warned per row, first value kept; a row without objective rejected', async () => {
    const report = await loadFixtures(db, ['bad/flat-conflicts.csv']);
    expect(report.files[0]).toMatchObject({ table: 'flat-okr', input_rows: 4, loaded_rows: 3, rejected_rows: 1 });
    expect(only(report, 'conflicting-value').map(({ row, column, severity }) => ({ row, column, severity }))).toEqual([
      { row: 3, column: 'Quarter', severity: 'warning' },
      { row: 4, column: 'Objective Owner', severity: 'warning' },
    ]);
    expect(only(report, 'missing-value')).toEqual([expect.objectContaining({ severity: 'error', row: 5, column: 'Objective' })]);
    expect(await queryRows(db, 'SELECT objective_id, owner_id, cycle_id FROM objectives')).toEqual([
      { objective_id: 'Grow revenue', owner_id: 'Dana', cycle_id: 'Q1 2026' },
    ]);
    expect(report.tables.key_results).toBe(3);
  });

  it('ratings: an unknown employee rejects the rating, an unknown rater is a warning (people loaded)', async () => {
    const report = await loadFixtures(db, ['bad/people.csv:people', 'bad/ratings-unknown-people.csv:ratings']);
    expect(only(report, 'dangling-reference').map(({ severity, row, column, file }) => ({ severity, row, column, file }))).toEqual([
      { severity: 'warning', row: 3, column: 'rater_id', file: 'ratings-unknown-people.csv' },
      { severity: 'error', row: 4, column: 'employee_id', file: 'ratings-unknown-people.csv' },
    ]);
    expect(report.tables.ratings).toBe(3);
    expect(report.files[1]).toMatchObject({ input_rows: 4, loaded_rows: 3, rejected_rows: 1 });
  });

  it('ratings alone (no people loaded) are not dangling', async () => {
    const report = await loadFixtures(db, ['bad/ratings-unknown-people.csv:ratings']);
    expect(only(report, 'dangling-reference')).toEqual([]);
    expect(report.tables.ratings).toBe(4);
  });

  it('a file whose columns fit no table is an unknown-table error, all its rows rejected', async () => {
    const report = await loadFixtures(db, ['bad/unknown-table.csv']);
    expect(only(report, 'unknown-table')).toEqual([expect.objectContaining({ severity: 'error', file: 'unknown-table.csv' })]);
    expect(only(report, 'unknown-table')[0]!.message).toMatch(/unknown-table\.csv:<table>/);
    expect(report).toMatchObject({ input_rows: 1, loaded_rows: 0, rejected_rows: 1 });
  });

  it('a header repeated: the first column is loaded, the repeat is reported', async () => {
    const report = await loadFixtures(db, ['bad/duplicate-header.csv:objectives']);
    expect(only(report, 'duplicate-column')).toEqual([expect.objectContaining({ severity: 'warning', file: 'duplicate-header.csv', column: 'title' })]);
    expect(await queryRows(db, 'SELECT title FROM objectives')).toEqual([{ title: 'Grow revenue' }]);
  });
});

describe('row accounting: every physical CSV record is loaded or rejected with its spreadsheet row (header = row 1)', () => {
  /** 600 people; the record on spreadsheet row `short` has 2 cells, the one on row `open` opens a quote that never closes. */
  function people600(opts: { short?: number; open?: number } = {}): string {
    const lines = ['person_id,name,manager_id,team_id'];
    for (let i = 1; i <= 600; i++) {
      const row = i + 1;
      if (row === opts.short) lines.push(`p${i},Only two`);
      else if (row === opts.open) lines.push(`p${i},"Broken name,p1,t1`);
      else lines.push(`p${i},Person ${i},${i > 1 ? 'p1' : ''},t1`);
    }
    return `${lines.join('\n')}\n`;
  }

  it('a 600-row people file with a 2-cell row 30 and an unterminated quote at row 50 is not "50 people, ok"', async () => {
    const report = await loadSources(db, [{ name: 'people.csv', data: people600({ short: 30, open: 50 }), table: 'people' }]);
    expect(report.ok).toBe(false);
    expect(report.files[0]).toMatchObject({ input_rows: 600, loaded_rows: 47, rejected_rows: 553 });
    expect(only(report, 'short-row')).toEqual([expect.objectContaining({ severity: 'error', file: 'people.csv', row: 30 })]);
    expect(only(report, 'short-row')[0]!.message).toContain('2 cells where the header has 4: no "manager_id", "team_id"');
    const [open] = only(report, 'unclosed-quote');
    expect(open).toMatchObject({ severity: 'error', file: 'people.csv', row: 50 });
    expect(open!.message).toContain('the 551 lines after it (rows 51–601)');
    expect(report.tables.people).toBe(47);
    expectReconciled(report);
  });

  it('a row with more cells than the header: extra empty cells are ignored with a warning, filled ones name the cells and reject the row', async () => {
    const csv = 'objective_id,title\nO1,Grow revenue,,\nO2,Delight customers,extra,cells\nO3,Hire well\n';
    const report = await loadSources(db, [{ name: 'wide.csv', data: csv, table: 'objectives' }]);
    const extra = only(report, 'extra-cells');
    expect(extra).toEqual([
      expect.objectContaining({ severity: 'warning', row: 2 }),
      expect.objectContaining({ severity: 'error', row: 3 }),
    ]);
    expect(extra[1]!.message).toContain('cells 3–4 ("extra", "cells") are under no header');
    expect(await queryRows(db, 'SELECT objective_id FROM objectives ORDER BY 1')).toEqual([{ objective_id: 'O1' }, { objective_id: 'O3' }]);
    expect(report.files[0]).toMatchObject({ input_rows: 3, loaded_rows: 2, rejected_rows: 1 });
  });

  it('a trailing delimiter on every line is one warning, and every row loads', async () => {
    const csv = 'objective_id,title,\nO1,Grow revenue,\nO2,Delight customers,\n';
    const report = await loadSources(db, [{ name: 'trailing.csv', data: csv, table: 'objectives' }]);
    expect(only(report, 'extra-cells')).toEqual([expect.objectContaining({ severity: 'warning', code: 'extra-cells', file: 'trailing.csv' })]);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 2, rejected_rows: 0 });
  });

  it('blank lines take a row number but are no record: rows after them keep the number a spreadsheet shows', async () => {
    const csv = 'objective_id,title\nO1,Grow revenue\n\nO1,Again\n';
    const report = await loadSources(db, [{ name: 'blank.csv', data: csv, table: 'objectives' }]);
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 1, rejected_rows: 1 });
    expect(only(report, 'duplicate-id')).toEqual([expect.objectContaining({ row: 4, column: 'objective_id' })]);
    expect(only(report, 'duplicate-id')[0]!.message).toContain('first in blank.csv row 2');
  });

  it('confidence beside an empty confidence_raw column: every confidence is read from confidence', async () => {
    const csv = 'key_result_id,checked_at,value,confidence,confidence_raw\nKR1,2026-01-09,5,0.8,\nKR1,2026-01-16,6,0.7,7\n';
    const report = await loadSources(db, [{ name: 'ci.csv', data: csv, table: 'check_ins' }], { confidenceScale: 'unit' });
    expect(report.files[0]).toMatchObject({ input_rows: 2, loaded_rows: 1, rejected_rows: 1 });
    // Row 3's raw "7" is off the declared unit scale: the raw text wins where a row has it, and is reported.
    expect(only(report, 'out-of-range')).toEqual([expect.objectContaining({ row: 3 })]);
    expect(await queryRows(db, 'SELECT confidence FROM check_ins')).toEqual([{ confidence: 0.8 }]);
  });
});
