import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA, loadSources, queryRows } from '../../src/index.js';
import { expectReconciled, fixture, loadFixtures, only, sharedDb } from './helpers.js';
import { PARQUET_READ } from '../../src/load/stage.js';

const { db, reset } = sharedDb();
afterAll(() => db.close());
beforeEach(reset);

const CHECK_INS = 'SELECT key_result_id, checked_at, value, confidence, confidence_raw, confidence_scale, note FROM check_ins ORDER BY key_result_id, checked_at';

describe('real-looking exports in three layouts', () => {
  it('a flat sheet (one row per key result, RAG confidence, "38%" progress, day/month dates) splits into objectives, key results and check-ins', async () => {
    // "Aligned To" names parents with key results of their own: whether an aligned objective counts in its parent is
    // asked (vendor-corpus.test.ts checks the question); answered here.
    const report = await loadFixtures(db, ['exports/flat-sheet/okr-export-q1.csv'], { answers: { 'link-type:okr-export-q1.csv:Aligned To': 'contributes' } });
    expectReconciled(report);
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'link-type', column: 'Aligned To', value: 'contributes', declared: true }));
    expect(report.files[0]).toMatchObject({ table: 'flat-okr', input_rows: 8, loaded_rows: 8, rejected_rows: 0 });
    expect(report.ok).toBe(true);
    expect(report.tables).toMatchObject({ objectives: 4, key_results: 8, check_ins: 8 });
    // The scale was inferred, and said so.
    expect(only(report, 'confidence-scale-inferred')).toEqual([expect.objectContaining({ severity: 'warning', column: 'Confidence' })]);
    // Parents given by title resolve to the objective.
    const objectives = await queryRows(db, 'SELECT objective_id, parent_objective_id, link_type, owner_id, cycle_id FROM objectives ORDER BY objective_id');
    expect(objectives).toEqual([
      { objective_id: 'Grow recurring revenue', parent_objective_id: null, link_type: null, owner_id: 'Dana Whitfield', cycle_id: 'Q1 2026' },
      { objective_id: 'Reduce churn in the long tail', parent_objective_id: 'Win the mid-market segment', link_type: 'contributes', owner_id: 'Amara Okafor', cycle_id: 'Q1 2026' },
      { objective_id: 'Ship self-serve onboarding', parent_objective_id: 'Grow recurring revenue', link_type: 'contributes', owner_id: 'Mei Chen', cycle_id: 'Q1 2026' },
      { objective_id: 'Win the mid-market segment', parent_objective_id: 'Grow recurring revenue', link_type: 'contributes', owner_id: 'Priya Raman', cycle_id: 'Q1 2026' },
    ]);
    const churn = await queryRows(
      db,
      "SELECT title, start_value, target_value, current_value, progress, direction, confidence_raw, confidence_scale FROM key_results WHERE title LIKE 'Monthly logo churn%'",
    );
    expect(churn).toEqual([
      { title: 'Monthly logo churn (%)', start_value: 3.4, target_value: 2, current_value: 3.1, progress: 0.21, direction: 'decrease', confidence_raw: 'Red', confidence_scale: 'red-amber-green' },
    ]);
    // "22%" → 0.22; the quoted comma and newline stay in their cells.
    expect(await queryRows(db, "SELECT start_value, target_value FROM key_results WHERE title = 'Activation rate'")).toEqual([{ start_value: 0.22, target_value: 0.35 }]);
    expect(await queryRows(db, "SELECT checked_at, note FROM check_ins WHERE key_result_id LIKE '%Gross margin, blended'")).toEqual([
      { checked_at: '2026-01-30', note: 'Hosting renegotiation\nsigned in January' },
    ]);
    // RAG words keep their order on the 0–1 scale.
    const [red, amber, green] = await queryRows<{ confidence: number }>(
      db,
      "SELECT confidence FROM key_results WHERE confidence_raw IN ('Red', 'Amber', 'Green') GROUP BY confidence ORDER BY confidence",
    );
    expect(red!.confidence).toBeLessThan(amber!.confidence);
    expect(amber!.confidence).toBeLessThan(green!.confidence);
  });

  it('a normalised set (semicolons, comma decimals, 1–10 confidence, parent by title) loads with every number right', async () => {
    const report = await loadFixtures(db, ['exports/normalised/objectives.csv', 'exports/normalised/key_results.csv', 'exports/normalised/checkins.csv']);
    expectReconciled(report);
    expect(report.files.map((f) => f.table)).toEqual(['objectives', 'key_results', 'check_ins']);
    expect(report).toMatchObject({ ok: true, input_rows: 19, loaded_rows: 19, rejected_rows: 0 });
    expect(await queryRows(db, "SELECT parent_objective_id FROM objectives WHERE objective_id = 'O3'")).toEqual([{ parent_objective_id: 'O1' }]);
    expect(await queryRows(db, 'SELECT key_result_id, start_value, target_value, current_value, direction, confidence FROM key_results ORDER BY 1')).toEqual([
      { key_result_id: 'KR1', start_value: 0, target_value: 1200000, current_value: 450000, direction: 'increase', confidence: 0.7 },
      { key_result_id: 'KR2', start_value: 98.5, target_value: 110, current_value: 101.2, direction: 'increase', confidence: 0.6 },
      { key_result_id: 'KR3', start_value: 0, target_value: 40, current_value: 12, direction: 'increase', confidence: 0.5 },
      { key_result_id: 'KR4', start_value: 0.22, target_value: 0.35, current_value: 0.27, direction: 'increase', confidence: 0.8 },
      { key_result_id: 'KR5', start_value: 3.4, target_value: 2, current_value: 3.1, direction: 'decrease', confidence: 0.4 },
    ]);
    const checkIns = await queryRows(db, CHECK_INS);
    expect(checkIns).toHaveLength(10);
    expect(checkIns[2]).toEqual({
      key_result_id: 'KR1', checked_at: '2026-02-06', value: 450000, confidence: 0.7, confidence_raw: '7', confidence_scale: 'one-to-ten',
      note: 'Two renewals slipped;\nmoved to March',
    });
  });

  it('a declared confidence scale is used and not reported as inferred', async () => {
    const report = await loadFixtures(db, ['exports/normalised/checkins.csv'], { confidenceScale: 'zero-to-ten' });
    expect(only(report, 'confidence-scale-inferred')).toEqual([]);
    expect(await queryRows(db, "SELECT DISTINCT confidence_scale FROM check_ins")).toEqual([{ confidence_scale: 'zero-to-ten' }]);
  });

  it('a JSON + NDJSON export with camelCase keys maps onto the schema', async () => {
    const report = await loadFixtures(db, ['exports/json-export/objectives.json', 'exports/json-export/keyResults.json', 'exports/json-export/checkIns.ndjson'], {
      answers: { 'link-type:objectives.json:parentObjectiveId': 'supports' },
    });
    expectReconciled(report);
    expect(report.files.map((f) => [f.table, f.format])).toEqual([['objectives', 'json'], ['key_results', 'json'], ['check_ins', 'ndjson']]);
    // No cycles table: the cycle "2026-H1" is read from its name, and the loader says so (issue 10).
    expect(report.diagnostics.filter((d) => d.code !== 'confidence-scale-inferred')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'cycle-inferred', file: 'objectives.json', message: expect.stringContaining('2026-01-01 – 2026-06-30') }),
    ]);
    expect(await queryRows(db, 'SELECT cycle_id, kind, start_date, end_date FROM cycles')).toEqual([
      { cycle_id: '2026-H1', kind: 'okr', start_date: '2026-01-01', end_date: '2026-06-30' },
    ]);
    expect(await queryRows(db, 'SELECT objective_id, title, level, parent_objective_id, link_type FROM objectives ORDER BY 1')).toEqual([
      { objective_id: 'obj-100', title: 'Make hiring predictable', level: 'company', parent_objective_id: null, link_type: null },
      { objective_id: 'obj-110', title: 'Fill engineering roles on plan', level: 'team', parent_objective_id: 'obj-100', link_type: 'supports' },
      { objective_id: 'obj-111', title: 'Shorten time to offer', level: 'individual', parent_objective_id: 'obj-110', link_type: 'supports' },
    ]);
    // NDJSON: the blank line is not a row; the nested author object becomes author.id.
    expect(report.files[2]).toMatchObject({ input_rows: 7, loaded_rows: 7 });
    expect(await queryRows(db, "SELECT author_id, value FROM check_ins WHERE checked_at = '2026-02-12' AND key_result_id = 'kr-111-1'")).toEqual([
      { author_id: 'k.ali', value: 33 },
    ]);
  });

  it('Parquet and Arrow IPC versions of the check-ins load the same rows as the CSV', async () => {
    await loadFixtures(db, ['exports/normalised/checkins.csv'], { confidenceScale: 'one-to-ten' });
    const fromCsv = await queryRows(db, CHECK_INS);
    for (const file of ['exports/normalised/checkins.parquet', 'exports/normalised/checkins.arrow']) {
      await reset();
      const report = await loadFixtures(db, [file], { confidenceScale: 'one-to-ten' });
      expect(report.files[0]).toMatchObject({ table: 'check_ins', format: file.endsWith('parquet') ? 'parquet' : 'arrow', input_rows: 10, loaded_rows: 10 });
      expect(await queryRows(db, CHECK_INS)).toEqual(fromCsv);
    }
  });

  it('a Parquet file after another file is decoded ahead, while the one before it is placed: same rows, and a broken one is named as before', async () => {
    await loadFixtures(db, ['exports/normalised/key_results.csv', 'exports/normalised/checkins.csv'], { confidenceScale: 'one-to-ten' });
    const fromCsv = await queryRows(db, CHECK_INS);
    await reset();
    const report = await loadFixtures(db, ['exports/normalised/key_results.csv', 'exports/normalised/checkins.parquet'], { confidenceScale: 'one-to-ten' });
    expect(report.files[1]).toMatchObject({ table: 'check_ins', format: 'parquet', input_rows: 10, loaded_rows: 10 });
    expect(await queryRows(db, CHECK_INS)).toEqual(fromCsv);
    await reset();
    const truncated = fixture('exports/normalised/checkins.parquet').subarray(0, 200);
    const broken = await loadSources(db, [
      { name: 'key_results.csv', data: fixture('exports/normalised/key_results.csv') },
      { name: 'checkins.parquet', data: truncated, table: 'check_ins' },
    ]);
    expect(broken.files[0]).toMatchObject({ table: 'key_results', rejected_rows: 0 });
    expect(only(broken, 'unparseable')).toEqual([expect.objectContaining({ severity: 'error', file: 'checkins.parquet' })]);
    expect(only(broken, 'unparseable')[0]!.message).toMatch(/checkins\.parquet/);
  });

  it('a large Parquet file is read a chunk of rows at a time (as a 1,000,000-person check-ins file must be), with the same rows', async () => {
    await loadFixtures(db, ['exports/normalised/checkins.parquet'], { confidenceScale: 'one-to-ten' });
    const whole = await queryRows(db, CHECK_INS);
    const saved = { ...PARQUET_READ };
    Object.assign(PARQUET_READ, { oneReadBytes: 0, chunkRows: 3 });
    try {
      await reset();
      const report = await loadFixtures(db, ['exports/normalised/checkins.parquet'], { confidenceScale: 'one-to-ten' });
      expect(report.files[0]).toMatchObject({ input_rows: 10, loaded_rows: 10 });
      expect(await queryRows(db, CHECK_INS)).toEqual(whole);
    } finally {
      Object.assign(PARQUET_READ, saved);
    }
  });

  it('every source form reads the same: string, ArrayBuffer, Uint8Array, Blob, URL (through the given fetch only)', async () => {
    const bytes = new Uint8Array(fixture('exports/normalised/objectives.csv')) as Uint8Array<ArrayBuffer>;
    const text = new TextDecoder().decode(bytes);
    const fetched: string[] = [];
    const fakeFetch = (async (url: string) => {
      fetched.push(String(url));
      return new Response(bytes);
    }) as typeof fetch;
    const forms = [
      text,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      bytes,
      new Blob([bytes]),
      new URL('https://intranet.example/okr/objectives.csv'),
    ];
    for (const data of forms) {
      await reset();
      const report = await loadSources(db, [{ name: 'objectives.csv', data }], { fetch: fakeFetch });
      expect(report.tables.objectives).toBe(4);
    }
    expect(fetched).toEqual(['https://intranet.example/okr/objectives.csv']);
  });

  it('a URL that answers 404 is an error naming the file, not an exception', async () => {
    const report = await loadSources(db, [{ name: 'okr.csv', data: new URL('https://intranet.example/okr.csv') }], {
      fetch: (async () => new Response('missing', { status: 404, statusText: 'Not Found' })) as typeof fetch,
    });
    expect(report.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'unreadable', file: 'okr.csv' })]);
    expect(report.diagnostics[0]!.message).toMatch(/HTTP 404/);
  });

  it('a second load appends, and a key already loaded is a duplicate', async () => {
    await loadFixtures(db, ['exports/normalised/objectives.csv']);
    const again = await loadFixtures(db, ['exports/normalised/objectives.csv']);
    expect(only(again, 'duplicate-id')).toHaveLength(4);
    expect(only(again, 'duplicate-id')[0]!.message).toMatch(/earlier load/);
    expect(again.tables.objectives).toBe(4);
  });

  it('the loaded tables keep the canonical columns and types, and take further rows', async () => {
    await loadFixtures(db, ['exports/normalised/key_results.csv']);
    const columns = await queryRows<{ name: string; type: string }>(
      db,
      "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = 'key_results' ORDER BY ordinal_position",
    );
    expect(columns).toEqual(SCHEMA.key_results.columns.map((c) => ({ name: c.name, type: c.type })));
    await loadSources(db, [{ name: 'more.csv', data: 'key_result_id,objective_id\nKR9,O1\n', table: 'key_results' }]);
    expect(await queryRows(db, 'SELECT count(*) AS n FROM key_results')).toEqual([{ n: 6 }]);
  });

  it('leaves no work tables behind', async () => {
    await loadFixtures(db, ['exports/flat-sheet/okr-export-q1.csv', 'bad/malformed-row.csv:objectives']);
    const tables = await queryRows<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE '__plumb%'");
    expect(tables).toEqual([]);
  });
});
