/**
 * OKR shapes real tools export, read by structure (not by one vendor's header names), against numbers
 * computed without Plumb (fixtures/exports/shapes/<shape>/expected.py → expected.json):
 * - interleaved: objectives and key results as rows of one sheet, a type column telling them apart, the
 *   parent by id or title; status words as the only confidence (on track > behind > at risk > off track);
 * - shared-title: check-ins naming a key result by a title two objectives share, the objective beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { openFiles, type NodeConnector } from '@plumb/core/node';
import { queryRows, type LoadReport } from '@plumb/core';

const shape = (path: string) => fileURLToPath(new URL(`../../../core/test/fixtures/exports/shapes/${path}`, import.meta.url));
const expected = (dir: string) => JSON.parse(readFileSync(shape(`${dir}/expected.json`), 'utf8'));

async function plumb(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** O-1 has key results of its own and aligned objectives: whether they count in its progress is asked (one answer). */
const ALIGNED = 'link-type:okrs.csv:Parent';

describe('one sheet, objectives and key results interleaved (type column, parent by id or title)', () => {
  const truth = expected('interleaved');
  let db: NodeConnector;
  let report: LoadReport;
  beforeAll(async () => {
    ({ connector: db, report } = await openFiles([shape('interleaved/okrs.csv')], { answers: { [ALIGNED]: 'contributes' } }));
  });
  afterAll(() => db?.close());

  it('objective rows are objectives, key-result rows key results; the other kind is rejected and named', async () => {
    expect(report.tables).toMatchObject({ objectives: truth.objectives, key_results: truth.key_results });
    expect(report.rejected_rows).toBe(truth.rejected_rows);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'row-kind', row: 9, column: 'Type', message: expect.stringContaining('"Initiative"') }),
    ]);
    // The evidence is named in the report.
    expect(report.files[0]!.decisions).toContainEqual(
      expect.objectContaining({ kind: 'row-kind', column: 'Type', declared: false, message: expect.stringMatching(/"Objective" \(4 rows\) are objectives, "Key Result" \(8 rows\) key results/) }),
    );
    expect(report.questions).toEqual([]);
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'link-type', column: 'Parent', value: 'contributes', declared: true }));
  });

  it('every objective aligned to its parent, every key result under its objective (ids and titles alike)', async () => {
    const parents = await queryRows<{ objective_id: string; parent_objective_id: string | null }>(db, 'SELECT objective_id, parent_objective_id FROM objectives ORDER BY 1');
    expect(Object.fromEntries(parents.map((p) => [p.objective_id, p.parent_objective_id]))).toEqual(truth.parents);
    expect(parents.filter((p) => p.parent_objective_id).length).toBe(truth.aligned_objectives);
    const krs = await queryRows<{ key_result_id: string; objective_id: string }>(db, 'SELECT key_result_id, objective_id FROM key_results ORDER BY 1');
    expect(Object.fromEntries(krs.map((k) => [k.key_result_id, k.objective_id]))).toEqual(truth.key_result_objective);
  });

  it('progress from start, target and current, and the objectives\' mean, to 1e-9', async () => {
    const rows = await queryRows<{ key_result_id: string; p: number }>(
      db,
      'SELECT key_result_id, (current_value - start_value) / (target_value - start_value) AS p FROM key_results ORDER BY 1',
    );
    for (const r of rows) expect(r.p).toBeCloseTo(truth.key_result_progress[r.key_result_id], 9);
    const means = await queryRows<{ objective_id: string; m: number }>(
      db,
      'SELECT objective_id, avg((current_value - start_value) / (target_value - start_value)) AS m FROM key_results GROUP BY 1 ORDER BY 1',
    );
    for (const m of means) expect(m.m).toBeCloseTo(truth.objective_mean_progress[m.objective_id], 9);
  });

  it('status words are the confidence, in the documented order; at risk is below the midpoint', async () => {
    const rows = await queryRows<{ key_result_id: string; confidence: number }>(db, 'SELECT key_result_id, confidence FROM key_results ORDER BY 1');
    for (const r of rows) expect(r.confidence).toBeCloseTo(truth.key_result_confidence[r.key_result_id], 9);
    expect(rows.filter((r) => r.confidence < 0.5).length).toBe(truth.below_midpoint);
    // The words it read, named in one order on every run (sorted, not the hash table's order).
    expect(report.files[0]!.decisions).toContainEqual(
      expect.objectContaining({ kind: 'confidence-column', column: 'Status', text: expect.objectContaining({ params: { column: 'Status', values: '"At risk", "Behind", "Off track", "On track"' } }) }),
    );
  });

  it('the same through the CLI: plumb validate and plumb cascade', async () => {
    const validate = await plumb('validate', '--json', shape('interleaved/okrs.csv'));
    expect(validate.code).toBe(1); // asked: does an aligned objective count in its parent's progress?
    expect(JSON.parse(validate.stdout).questions.map((q: { id: string }) => q.id)).toEqual([ALIGNED]);
    const answered = await plumb('validate', '--json', '--answer', `${ALIGNED}=contributes`, shape('interleaved/okrs.csv'));
    expect(answered.code).toBe(1); // the Initiative row is an error, named
    expect(JSON.parse(answered.stdout).tables).toMatchObject({ objectives: truth.objectives, key_results: truth.key_results });
    const cascade = await plumb('cascade', '--json', '--answer', `${ALIGNED}=contributes`, shape('interleaved/okrs.csv'));
    const tree = JSON.parse(cascade.stdout);
    expect(tree).toMatchObject({ objectives: truth.objectives, key_results: truth.key_results });
  });
});

describe('a key result named by a title two objectives share, the objective in the column beside it', () => {
  const truth = expected('shared-title');
  const files = [shape('shared-title/objectives.csv'), shape('shared-title/key_results.csv'), `${shape('shared-title/checkins.csv')}:check_ins`];
  let db: NodeConnector;
  let report: LoadReport;
  beforeAll(async () => {
    ({ connector: db, report } = await openFiles(files));
  });
  afterAll(() => db?.close());

  it('the objective on the row tells the two apart; a row naming neither stays ambiguous and is rejected', async () => {
    expect(report.tables).toMatchObject({ check_ins: truth.check_ins });
    const checkIns = report.files.find((f) => f.file.endsWith('checkins.csv'))!;
    const rejected = report.diagnostics.filter((d) => d.severity === 'error' && d.file?.endsWith('checkins.csv')).map((d) => d.row);
    expect([...new Set(rejected)].sort()).toEqual(truth.rejected_rows);
    expect(checkIns.decisions).toContainEqual(
      expect.objectContaining({ kind: 'reference', column: 'Objective', message: expect.stringMatching(new RegExp(`^${truth.resolved_by_objective} rows name their key result by a title`)) }),
    );
    const rows = await queryRows<{ key_result_id: string; n: number; latest: number }>(
      db,
      'SELECT key_result_id, count(*)::INTEGER AS n, arg_max(value, checked_at) AS latest FROM check_ins GROUP BY 1 ORDER BY 1',
    );
    expect(Object.fromEntries(rows.map((r) => [r.key_result_id, r.n]))).toEqual(truth.per_key_result);
    for (const r of rows) expect(r.latest).toBeCloseTo(truth.latest_value[r.key_result_id], 9);
  });

  it('the same through plumb validate', async () => {
    const { stdout } = await plumb('validate', '--json', ...files);
    expect(JSON.parse(stdout).tables).toMatchObject({ check_ins: truth.check_ins });
  });
});
