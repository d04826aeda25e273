/**
 * The rules behind reading real exports, one at a time: period labels, the
 * value/progress/percent decision, the explicit mapping, references by title
 * and by email, cycles from check-in dates and declared cycles.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSources, queryRows, PlumbError, textIn } from '../../src/index.js';
import { parsePeriodLabel, parseFiscalYearStart } from '../../src/load/cycle-inference.js';
import { decideValueKind } from '../../src/load/value-kind.js';
import { parseMappingList } from '../../src/load/mapping.js';
import { expectReconciled, only, sharedDb } from './helpers.js';

const { db, reset } = sharedDb();
afterAll(() => db.close());
beforeEach(reset);

describe('period labels', () => {
  it.each([
    ['2026 Q3', 1, '2026-07-01', '2026-09-30'],
    ['Q3 2026', 1, '2026-07-01', '2026-09-30'],
    ['q1-26', 1, '2026-01-01', '2026-03-31'],
    ['2026-H1', 1, '2026-01-01', '2026-06-30'],
    ['H2 2026', 1, '2026-07-01', '2026-12-31'],
    ['2026', 1, '2026-01-01', '2026-12-31'],
    ['FY27 Q1', 4, '2026-04-01', '2026-06-30'],
    ['Q4 FY2027', 4, '2027-01-01', '2027-03-31'],
    ['FY27', 7, '2026-07-01', '2027-06-30'],
    ['FY27 Q1', 1, '2027-01-01', '2027-03-31'],
  ])('%s (fiscal year from month %i) → %s – %s', (label, fy, start, end) => {
    expect(parsePeriodLabel(label, fy)).toEqual({ start, end });
  });

  it.each(['Q5 2026', 'H3 2026', 'Summer push', ''])('"%s" is no period', (label) => {
    expect(parsePeriodLabel(label)).toBeNull();
  });

  it('fiscal-year starts as numbers or month names', () => {
    expect([parseFiscalYearStart('april'), parseFiscalYearStart('Jul'), parseFiscalYearStart('10'), parseFiscalYearStart('13'), parseFiscalYearStart('ma')]).toEqual([4, 7, 10, null, null]);
  });
});

describe('value, progress or percent (against each key result span)', () => {
  const evidence = { n: 10, with_span: 10, inside: 10, share_like: 0, percent_like: 0, median_width: 100, lo: 10, hi: 90 };
  it('numbers inside their key results spans are values, even when they look like percentages', () => {
    expect(decideValueKind({ ...evidence, percent_like: 10 }).kind).toBe('value');
  });
  it('shares of the way stay progress, even inside wide spans', () => {
    expect(decideValueKind({ ...evidence, share_like: 10, lo: 0.1, hi: 0.9 }).kind).toBe('progress');
  });
  it('0–100 numbers outside the spans are percentages; large ones outside them are still values', () => {
    expect(decideValueKind({ ...evidence, inside: 2, percent_like: 10 }).kind).toBe('percent');
    expect(decideValueKind({ ...evidence, inside: 2, percent_like: 3, hi: 25000 }).kind).toBe('value');
  });
  it('a narrow span holding shares reads them as values (0.22 → 0.35 is a rate key result)', () => {
    expect(decideValueKind({ ...evidence, share_like: 10, median_width: 0.13, lo: 0.23, hi: 0.3 }).kind).toBe('value');
  });

  it('loaded: a "Progress" column over 100 is the measured value of its key result, not 4,500 %', async () => {
    const report = await loadSources(db, [
      { name: 'krs.csv', data: 'key_result_id,objective_id,title,start,target\nK1,O1,Revenue,1000,9000\nK2,O1,Deals,0,40\n', table: 'key_results' },
      { name: 'checkins.csv', data: 'kr,date,progress\nK1,2026-07-06,4500\nK1,2026-07-20,5200\nK2,2026-07-06,12\nK2,2026-07-20,18\n', table: 'check_ins' },
      { name: 'pct.csv', data: 'kr,date,progress\nK1,2026-08-03,55\nK2,2026-08-03,90\n', table: 'check_ins' },
    ]);
    expectReconciled(report);
    expect(await queryRows(db, 'SELECT key_result_id, checked_at, value, progress FROM check_ins ORDER BY 1, 2')).toEqual([
      { key_result_id: 'K1', checked_at: '2026-07-06', value: 4500, progress: null },
      { key_result_id: 'K1', checked_at: '2026-07-20', value: 5200, progress: null },
      { key_result_id: 'K1', checked_at: '2026-08-03', value: null, progress: 0.55 },
      { key_result_id: 'K2', checked_at: '2026-07-06', value: 12, progress: null },
      { key_result_id: 'K2', checked_at: '2026-07-20', value: 18, progress: null },
      { key_result_id: 'K2', checked_at: '2026-08-03', value: null, progress: 0.9 },
    ]);
    expect(only(report, 'value-kind-inferred')).toEqual([expect.objectContaining({ file: 'checkins.csv', column: 'progress' })]);
    expect(only(report, 'percent-scale-inferred')).toEqual([expect.objectContaining({ file: 'pct.csv', column: 'progress' })]);
  });

  it('a large file: the span evidence is one row in k (a bounded sample), the move applies to every row', async () => {
    // 400 key results × 60 weekly-ish check-ins = 24,000 rows: over the 20,000-row sample, so every 2nd row is set
    // against its span; the values (1,000–8,999, inside 1,000 → 9,000) move to `value` on all 24,000.
    const krs = ['key_result_id,objective_id,title,start,target', ...Array.from({ length: 400 }, (_, i) => `K${i},O1,Result ${i},1000,9000`)].join('\n');
    const values: number[] = [];
    const rows = ['kr,date,progress'];
    for (let k = 0; k < 400; k++) {
      for (let d = 0; d < 60; d++) {
        const v = 1000 + ((k * 60 + d) * 37) % 8000;
        values.push(v);
        rows.push(`K${k},${new Date(Date.UTC(2026, 6, 1 + d)).toISOString().slice(0, 10)},${v}`);
      }
    }
    const report = await loadSources(db, [
      { name: 'krs.csv', data: krs, table: 'key_results' },
      { name: 'checkins.csv', data: rows.join('\n'), table: 'check_ins' },
    ]);
    expectReconciled(report);
    expect(report.files[1]).toMatchObject({ input_rows: 24_000, loaded_rows: 24_000 });
    const decision = report.files[1]!.decisions?.find((d) => d.kind === 'value-kind');
    expect(decision).toMatchObject({ column: 'progress', value: 'value' });
    expect(decision!.message).toContain('12000 of 12000 numbers of a sample (one row in 2)');
    const [sums] = await queryRows<{ n: number; total: number; progress: number }>(db, 'SELECT count(value)::INTEGER AS n, sum(value) AS total, count(progress)::INTEGER AS progress FROM check_ins');
    expect(sums).toEqual({ n: 24_000, total: values.reduce((a, b) => a + b, 0), progress: 0 });
  });
});

describe('explicit mapping', () => {
  it('parses "Column=target" lists, the last = splitting', () => {
    expect(parseMappingList('Key Result=key_result_id; a=b=ignore\nScore = check_ins.value')).toEqual({ 'Key Result': 'key_result_id', 'a=b': 'ignore', Score: 'check_ins.value' });
    expect(() => parseMappingList(['no equals sign'])).toThrow(PlumbError);
  });

  it('overrides inference, can ignore a column, and a wrong target is the caller\'s error', async () => {
    const data = 'Outcome,When,Reading,Notes\nK1,2026-07-06,12,first\n';
    const krs = { name: 'krs.csv', data: 'key_result_id,objective_id,title,start,target\nK1,O1,Deals,0,40\n' };
    const report = await loadSources(db, [krs, { name: 'x.csv', data }], { mapping: { Reading: 'value', When: 'checked_at', Notes: 'ignore' } });
    expect(report.files[1]).toMatchObject({ table: 'check_ins', loaded_rows: 1 });
    expect(report.files[1]!.columns).toEqual([
      { input: 'Outcome', target: 'key_result_id', how: 'alias' },
      { input: 'When', target: 'checked_at', how: 'declared' },
      { input: 'Reading', target: 'value', how: 'declared' },
      { input: 'Notes', target: null, how: 'declared', reason: 'ignored, as the mapping says', reasonText: { code: 'reason.ignored', params: {} } },
    ]);
    expect(await queryRows(db, 'SELECT key_result_id, value, note FROM check_ins')).toEqual([{ key_result_id: 'K1', value: 12, note: null }]);
    await expect(loadSources(db, [krs], { mapping: { Score: 'scores' } })).rejects.toThrow(/"scores" is no canonical column/);
  });
});

describe('references by title, name or email', () => {
  it('a check-in and a link name their key result by title; ratings name people by name or email; ambiguity lists both candidates', async () => {
    const report = await loadSources(db, [
      { name: 'people.csv', data: 'person_id,name,email\np1,Dana Whitfield,dana@example.com\np2,Sam Ortiz,sam@example.com\np3,Sam Ortiz,sam.o@example.com\n' },
      { name: 'krs.csv', data: 'key_result_id,objective_id,title,start,target\nK1,O1,Reach 40 customers,0,40\nK2,O1,Launch beta,0,1\n' },
      { name: 'checkins.csv', data: 'key result,date,value\n  reach 40   CUSTOMERS ,2026-07-06,12\nLaunch beta,2026-07-06,0\n', table: 'check_ins' },
      { name: 'links.csv', data: 'key result,issue key,summary\nLaunch beta,APP-1,Beta build\n', table: 'links' },
      { name: 'ratings.csv', data: 'employee,rater,rating,stage\ndana@example.com,Sam Ortiz,4,manager\nDana Whitfield,sam@example.com,3,self\n', table: 'ratings' },
    ]);
    expectReconciled(report);
    expect(await queryRows(db, 'SELECT key_result_id, value FROM check_ins ORDER BY 1')).toEqual([{ key_result_id: 'K1', value: 12 }, { key_result_id: 'K2', value: 0 }]);
    expect(await queryRows(db, 'SELECT key_result_id, external_id FROM links')).toEqual([{ key_result_id: 'K2', external_id: 'APP-1' }]);
    expect(await queryRows(db, 'SELECT employee_id, rater_id, stage FROM ratings ORDER BY stage')).toEqual([
      // "Sam Ortiz" is two people: kept as given (a rater is a lookup), with both candidates named.
      { employee_id: 'p1', rater_id: 'Sam Ortiz', stage: 'manager' },
      { employee_id: 'p1', rater_id: 'p2', stage: 'self' },
    ]);
    expect(only(report, 'ambiguous-reference')).toEqual([
      expect.objectContaining({ file: 'ratings.csv', row: 2, column: 'rater', severity: 'warning', message: expect.stringContaining('matches 2 persons by name or email (p2, p3)') }),
    ]);
  });
});

describe('cycles when there is no cycles table', () => {
  const objectives = { name: 'objectives.csv', data: 'objective_id,title\nO1,Grow\n' };
  const krs = { name: 'krs.csv', data: 'key_result_id,objective_id,title,start,target\nK1,O1,Deals,0,40\n' };
  const checkins = { name: 'checkins.csv', data: 'key_result_id,checked_at,value\nK1,2026-08-10,5\nK1,2026-10-05,9\n' };

  it('from the check-in dates: the calendar quarters holding them, with a warning', async () => {
    const report = await loadSources(db, [objectives, krs, checkins]);
    expect(await queryRows(db, 'SELECT cycle_id, kind, start_date, end_date FROM cycles')).toEqual([
      { cycle_id: '2026 Q3 – 2026 Q4', kind: 'okr', start_date: '2026-07-01', end_date: '2026-12-31' },
    ]);
    expect(await queryRows(db, 'SELECT cycle_id FROM objectives')).toEqual([{ cycle_id: '2026 Q3 – 2026 Q4' }]);
    expect(only(report, 'cycle-inferred')[0]!.message).toMatch(/from the 2 check-in dates \(2026-08-10 – 2026-10-05\)/);
  });

  it('declared dates win, silently; a half-declared cycle is the caller\'s error', async () => {
    const report = await loadSources(db, [objectives, krs, checkins], { cycleStart: '2026-07-01', cycleEnd: '2026-10-31' });
    expect(only(report, 'cycle-inferred')).toEqual([]);
    expect(await queryRows(db, 'SELECT start_date, end_date FROM cycles')).toEqual([{ start_date: '2026-07-01', end_date: '2026-10-31' }]);
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'cycle', declared: true }));
    await reset();
    await expect(loadSources(db, [objectives], { cycleStart: '2026-07-01' })).rejects.toThrow(/both cycleStart and cycleEnd/);
    // Coded like every load text: a page shows it in its language.
    const error = (await loadSources(db, [objectives], { cycleStart: '2026-10-31', cycleEnd: '2026-07-01' }).catch((e: unknown) => e)) as PlumbError;
    expect(error.message).toBe('cycleStart 2026-10-31 is after cycleEnd 2026-07-01');
    expect(textIn('de', error.text!)).toBe('cycleStart 2026-10-31 liegt nach cycleEnd 2026-07-01');
  });
});
