/**
 * Five more products' export layouts (test/fixtures/exports/tools/make_vendor_fixtures.py; each folder's
 * README cites the vendor's pages) against numbers computed WITHOUT Plumb (tools/ground_truth.py →
 * <vendor>/expected.json), through the CLI as a user runs it. Where a layout needs a decision the data
 * cannot settle, the run without the answer must stop with a question naming it, and load nothing of
 * that file; the run with the answer must give the ground truth to 1e-9.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { openFiles } from '@plumb/core/node';
import { personEvidence, queryRows, type FeedbackGroupItem, type LoadReport } from '@plumb/core';

const dir = (vendor: string) => fileURLToPath(new URL(`../../../core/test/fixtures/exports/tools/${vendor}/`, import.meta.url));
const files = (vendor: string) => readdirSync(dir(vendor)).filter((f) => f.endsWith('.csv')).sort().map((f) => dir(vendor) + f);
const expected = (vendor: string) => JSON.parse(readFileSync(dir(vendor) + 'expected.json', 'utf8'));

async function plumb(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function validate(vendor: string, options: string[] = []) {
  const { code, stdout } = await plumb('validate', '--json', ...options, ...files(vendor));
  const report = JSON.parse(stdout) as LoadReport;
  for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
  return { code, report };
}

interface RaterTruth { raters: Record<string, { n: number; mean: number }>; org: { n: number; mean: number }; kruskal_wallis_h: number | null }

/** `plumb stats --json --stage S` equals the ground truth: every rater's n and mean, the organisation, Kruskal–Wallis H. */
async function expectStats(vendor: string, stage: string, truth: RaterTruth, options: string[] = []) {
  const { code, stdout } = await plumb('stats', '--json', '--min-group', '1', '--stage', stage, ...options, ...files(vendor));
  expect(code).toBe(0);
  const stats = JSON.parse(stdout);
  const raters = Object.fromEntries(stats.raters.map((r: { rater_id: string; n: number; mean: number }) => [r.rater_id, r]));
  expect(Object.keys(raters).sort()).toEqual(Object.keys(truth.raters).sort());
  for (const [id, t] of Object.entries(truth.raters)) {
    expect(raters[id].n, id).toBe(t.n);
    expect(Math.abs(raters[id].mean - t.mean), id).toBeLessThan(1e-9);
  }
  expect(stats.org.n).toBe(truth.org.n);
  expect(Math.abs(stats.org.mean - truth.org.mean)).toBeLessThan(1e-9);
  expect(Math.abs(stats.kruskal_wallis.h - truth.kruskal_wallis_h!)).toBeLessThan(1e-9);
  return stats;
}

/** The run without the answer: one question, on that column, offering the answer; the file's rows all held back. */
function expectQuestion(report: LoadReport, column: string, option: string) {
  expect(report.questions).toHaveLength(1);
  expect(report.questions[0]).toMatchObject({ column, tables: ['ratings'] });
  expect(report.questions[0]!.candidates.map((c) => c.option)).toContain(option);
  expect(report.diagnostics.filter((d) => d.code === 'question')).toHaveLength(1);
  expect(report.tables.ratings ?? 0).toBe(0);
}

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const c of opened) await c.close();
});

describe.concurrent('vendor layouts against ground truth computed without Plumb', () => {
  it('Workday calibration export: before/after as words; asks the scale size, then one rating per stage and the moves the room made', async () => {
    const truth = expected('workday');
    const asked = await validate('workday');
    expect(asked.code).toBe(1);
    expectQuestion(asked.report, truth.question_column, truth.answer_option);
    // Not a second people table: the calibration file is ratings, the workers file people.
    expect(asked.report.tables.people).toBe(truth.tables.people);

    const answered = await validate('workday', truth.answer);
    expect(answered.code).toBe(0);
    expect(answered.report.tables).toMatchObject(truth.tables);
    expect(answered.report.questions).toEqual([]);
    expect(answered.report.diagnostics.filter((d) => d.code === 'not-rated').map((d) => d.row)).toHaveLength(2 * truth.not_rated);
    const stats = await expectStats('workday', 'manager', truth.manager, truth.answer);
    expect(stats.changes).toMatchObject({ before_stage: 'manager', after_stage: 'calibrated', ...truth.moves });
  });

  it('SAP SuccessFactors (German tenant): labels of the scale file read case-, accent- and spacing-insensitively; semicolons, BOM, "17,5 %"', async () => {
    const truth = expected('successfactors');
    const { code, report } = await validate('successfactors');
    expect(code).toBe(0);
    expect(report.tables).toMatchObject(truth.tables);
    // The user data file: two header rows and two id-like columns, both told by structure and named.
    const udf = report.files.find((f) => f.file.endsWith('Benutzerdaten.csv'))!;
    expect(udf).toMatchObject({ table: 'people', input_rows: 32, loaded_rows: 32 });
    expect(udf.decisions?.find((d) => d.kind === 'header-rows')?.message).toMatch(/row 1 holds system keys.*data from row 3/);
    expect(udf.decisions?.find((d) => d.kind === 'id-column')).toMatchObject({ column: 'USERID', message: expect.stringMatching(/"Employee Id" holds no value a reference names and "USERID" holds .*5 of people\.manager_id, 27 of ratings\.employee_id/) });
    expect(report.diagnostics.filter((d) => d.code === 'dangling-reference')).toEqual([]);
    const stats = await expectStats('successfactors', 'manager', truth.manager);
    expect(Math.abs(stats.guideline_chi_square.statistic - truth.manager.guideline_chi_square)).toBeLessThan(1e-9);
    expect(stats.changes).toMatchObject({ before_stage: 'manager', after_stage: 'calibrated', ...truth.moves });
  });

  it('Leapsome: the score summary gives a manager and a self rating per reviewee ("n/a" counted); the answers export is 360 feedback, not ratings', async () => {
    const truth = expected('leapsome');
    const { code, report } = await validate('leapsome');
    expect(code).toBe(0);
    expect(report.tables).toMatchObject(truth.tables);
    expect(report.files.map((f) => f.table).sort()).toEqual(['feedback', 'flat-okr', 'people', 'ratings']);
    expect(report.diagnostics.filter((d) => d.code === 'not-rated')).toHaveLength(truth.not_rated);
    await expectStats('leapsome', 'manager', truth.manager);
    const { connector } = await openFiles(files('leapsome'));
    opened.push(connector);
    expect(await queryRows(connector, `SELECT count(*)::INTEGER AS n, avg(rating) AS mean FROM ratings WHERE stage = 'self' AND rater_id = employee_id`)).toEqual([
      { n: truth.self.n, mean: expect.closeTo(truth.self.mean, 9) },
    ]);
    const feedback = await queryRows<{ relationship: string; n: number; scores: number; texts: number; mean_score: number }>(
      connector,
      `SELECT relationship, count(*)::INTEGER AS n, count(score)::INTEGER AS scores, count(text)::INTEGER AS texts, avg(score) AS mean_score FROM feedback GROUP BY 1 ORDER BY 1`,
    );
    expect(Object.fromEntries(feedback.map(({ relationship, ...rest }) => [relationship, rest]))).toEqual(
      Object.fromEntries(Object.entries(truth.feedback as Record<string, { mean_score: number }>).map(([k, v]) => [k, { ...v, mean_score: expect.closeTo(v.mean_score, 9) }])),
    );
    // The Q3 goals roll up (cascade), and the "H2 2026" review overlapping Q3 is evidence for them in the person review.
    const cascade = JSON.parse((await plumb('cascade', '--json', ...files('leapsome'))).stdout);
    expect(cascade).toMatchObject({ cycle: 'Q3 2026', objectives: truth.tables.objectives, key_results: truth.tables.key_results });
    for (const [title, progress] of Object.entries(truth.rollups as Record<string, number>)) {
      const node = cascade.nodes.find((n: { kind: string; title: string }) => n.kind === 'objective' && n.title === title);
      expect(Math.abs(node.progress - progress), title).toBeLessThan(1e-9);
    }
    const review = truth.person_review;
    const evidence = await personEvidence(connector, { person: review.person, minGroup: 1 });
    expect(evidence.cycle.cycle_id).toBe(review.okr_cycle);
    expect(evidence.review_cycles).toContain(review.review_cycle);
    const groups = evidence.items.filter((i): i is FeedbackGroupItem => i.kind === 'feedback_group');
    expect(groups.map((g) => g.relationship).sort()).toEqual(Object.keys(review.feedback).sort());
    for (const g of groups) {
      const t = review.feedback[g.relationship] as { givers: number; mean_score: number };
      expect(g.givers, g.relationship).toBe(t.givers);
      // The review states a mean to two decimals.
      expect(Math.abs(g.mean_score! - t.mean_score), g.relationship).toBeLessThanOrEqual(0.005);
    }
  });

  it('Culture Amp (French): words on the five-choice scale; asks whose ratings they are, then per-rater figures through the people file (by e-mail)', async () => {
    const truth = expected('cultureamp');
    const asked = await validate('cultureamp');
    expect(asked.code).toBe(1);
    expectQuestion(asked.report, truth.question_column, truth.answer_option);
    const answered = await validate('cultureamp', truth.answer);
    expect(answered.code).toBe(0);
    expect(answered.report.tables).toMatchObject(truth.tables);
    await expectStats('cultureamp', 'manager', truth.manager, truth.answer);
  });

  it('Betterworks: goals and milestones interleaved in one sheet; whether an aligned goal counts in its parent is asked, then the roll-ups are the truth', async () => {
    const truth = expected('betterworks');
    const asked = await validate('betterworks');
    expect(asked.code).toBe(1);
    expect(asked.report.questions).toHaveLength(1);
    const question = asked.report.questions[0]!;
    expect(question).toMatchObject({ kind: 'link-type', column: truth.question_column });
    expect(question.ask).toMatch(/"Grow expansion revenue" under "Win the mid-market"/);
    expect(question.candidates.map((c) => c.option)).toEqual([truth.answer_option.replace('=supports', '=contributes'), truth.answer_option]);
    expect(asked.report.tables.objectives ?? 0).toBe(0);
    // The row kinds are evidence, named; the answer is the one decision left.
    expect(asked.report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'row-kind', column: 'type', declared: false }));
    const { code, stdout } = await plumb('cascade', '--json', ...truth.answer, ...files('betterworks'));
    expect(code).toBe(0);
    const cascade = JSON.parse(stdout);
    expect(cascade).toMatchObject({ objectives: truth.tables.objectives, key_results: truth.tables.key_results });
    for (const [title, progress] of Object.entries(truth.rollups as Record<string, number>)) {
      const node = cascade.nodes.find((n: { kind: string; title: string }) => n.kind === 'objective' && n.title === title);
      expect(Math.abs(node.progress - progress), title).toBeLessThan(1e-9);
    }
  });
});
