/**
 * Exports in the layouts of seven real products (written by
 * test/fixtures/make-tool-fixtures.mts, which cites each layout's source):
 * through the CLI (`plumb validate --json`; the views' commands `cascade`,
 * `burndown` and `stats` once each, the other views' figures from the same
 * queries on the opened files: every command loads the files again), with the
 * counts that must reconcile, the diagnostics each layout should raise, and
 * the rows that must end up joined.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { openFiles } from '@plumb/core/node';
import { burndown, calibrationReport, cascadeReport, queryRows, type LoadReport } from '@plumb/core';

const tool = (path: string) => fileURLToPath(new URL(`../../../core/test/fixtures/exports/tools/${path}`, import.meta.url));

async function plumb(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** `plumb validate --json`, its report and the counts checked to reconcile. */
async function validate(files: string[], options: string[] = []) {
  const { code, stdout, stderr } = await plumb('validate', '--json', ...options, ...files);
  expect(stderr).toBe('');
  const report = JSON.parse(stdout) as LoadReport;
  for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
  expect(report.input_rows).toBe(report.loaded_rows + report.rejected_rows);
  return { code, report };
}

const codes = (report: LoadReport, severity: 'error' | 'warning') =>
  [...new Set(report.diagnostics.filter((d) => d.severity === severity).map((d) => d.code))].sort();
const byFile = (report: LoadReport, name: string) => report.files.find((f) => f.file.endsWith(name))!;

/** Open the same files with the same options as the CLI, to look at the joined rows. */
const opened: { close(): Promise<void> }[] = [];
async function open(files: string[], options: Parameters<typeof openFiles>[1] = {}) {
  const { connector } = await openFiles(files, options);
  opened.push(connector);
  return connector;
}
afterAll(async () => {
  for (const c of opened) await c.close();
});

describe('exports from real tools load, reconcile, join and draw', () => {
  it('Tability: API check-ins (score, body, red/yellow/green) against an OKR sheet; score read as the measured value; cycle from the check-in dates', async () => {
    const files = [tool('tability/okrs.csv'), tool('tability/checkins.json')];
    const { code, report } = await validate(files);
    expect(code).toBe(0);
    expect(report.tables).toMatchObject({ objectives: 2, key_results: 3, check_ins: 12, cycles: 1 });
    expect(byFile(report, 'checkins.json')).toMatchObject({ table: 'check_ins', input_rows: 12, loaded_rows: 12, rejected_rows: 0 });
    expect(codes(report, 'warning')).toEqual(['confidence-scale-inferred', 'cycle-inferred', 'duplicate-column', 'unmapped-column', 'value-kind-inferred']);
    const checkins = byFile(report, 'checkins.json');
    expect(checkins.decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'value-kind', column: 'score', value: 'value', declared: false }),
        expect.objectContaining({ kind: 'confidence-scale', column: 'confidence', value: 'red-amber-green' }),
      ]),
    );
    expect(checkins.columns).toContainEqual(expect.objectContaining({ input: 'created_at', target: null, reason: 'checked_at is already filled by another column of this file' }));
    expect(checkins.columns).toContainEqual({ input: 'body', target: 'note', how: 'alias' });
    expect(checkins.columns).toContainEqual({ input: 'score', target: 'value', how: 'inferred' });
    const db = await open(files);
    // Every check-in hangs on its key result, with the score as its value (not divided by 100).
    expect(await queryRows(db, `SELECT count(*)::INTEGER AS n FROM check_ins c JOIN key_results k USING (key_result_id)`)).toEqual([{ n: 12 }]);
    expect(await queryRows(db, `SELECT k.title, max(c.value) AS top, max(c.progress) AS progress FROM check_ins c JOIN key_results k USING (key_result_id) GROUP BY 1 ORDER BY 1`)).toEqual([
      { title: 'Raise NPS from 30 to 50', top: 44, progress: null },
      { title: 'Reach $30k MRR', top: 26200, progress: null },
      { title: 'Sign 12 design partners', top: 7, progress: null },
    ]);
    expect(await queryRows(db, 'SELECT cycle_id, start_date, end_date FROM cycles')).toEqual([{ cycle_id: '2026 Q3', start_date: '2026-07-01', end_date: '2026-09-30' }]);
    // The views draw: the burn-down has the three key results, the cascade both objectives.
    expect(await burndown(db, { asOf: '2026-09-30' })).toMatchObject({ cycle: { cycle_id: '2026 Q3', start_date: '2026-07-01' }, key_results: 3 });
    expect(await cascadeReport(db)).toMatchObject({ cycle: '2026 Q3', objectives: 2, key_results: 3 });
  });

  it('Tability: an explicit mapping loads a column inference leaves out (the author email)', async () => {
    const files = [tool('tability/okrs.csv'), tool('tability/checkins.json')];
    const { report } = await validate(files, ['--map', 'membership.cached_email=author_id', '--map=score=value']);
    const checkins = byFile(report, 'checkins.json');
    expect(checkins.columns).toContainEqual({ input: 'membership.cached_email', target: 'author_id', how: 'declared' });
    expect(checkins.columns).toContainEqual({ input: 'score', target: 'value', how: 'declared' });
    // Declared, so no value-kind decision is made or reported.
    expect(codes(report, 'warning')).not.toContain('value-kind-inferred');
    const db = await open(files, { mapping: { 'membership.cached_email': 'author_id', score: 'value' } });
    expect(await queryRows(db, `SELECT DISTINCT author_id FROM check_ins`)).toEqual([{ author_id: 'julia@example.com' }]);
  });

  it('Quantive: sessions as cycles, goals aligned by parent id (whether g2 counts in g1 asked), 0–1 confidence in steps of 0.1, attainment as a share', async () => {
    const files = ['sessions.csv', 'goals.csv', 'metrics.csv', 'metric_checkins.csv'].map((f) => tool(`quantive/${f}`));
    // g1 has a key result of its own and g2 aligned to it: whether g2 counts in g1's progress is asked.
    const asked = await validate(files);
    expect(asked.code).toBe(1);
    expect(asked.report.questions.map((q) => q.candidates.map((c) => c.option))).toEqual([
      ['--answer link-type:goals.csv:parentgoalid=contributes', '--answer link-type:goals.csv:parentgoalid=supports'],
    ]);
    expect(byFile(asked.report, 'goals.csv')).toMatchObject({ loaded_rows: 0 });
    // Quantive's default: an objective's progress is the average of its key results (the answer "supports").
    const answer = ['--answer', 'link-type:goals.csv:parentgoalid=supports'];
    const { code, report } = await validate(files, answer);
    expect(code).toBe(0);
    expect(report.tables).toMatchObject({ cycles: 1, objectives: 2, key_results: 3, check_ins: 9 });
    expect(report.files.map((f) => f.table)).toEqual(['cycles', 'objectives', 'key_results', 'check_ins']);
    expect(codes(report, 'warning')).toEqual(['confidence-scale-inferred', 'unmapped-column']);
    expect(byFile(report, 'metrics.csv').decisions).toContainEqual(expect.objectContaining({ kind: 'value-kind', column: 'attainment', value: 'progress' }));
    const db = await open(files, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(await queryRows(db, `SELECT o.objective_id, o.parent_objective_id, o.link_type, c.name FROM objectives o JOIN cycles c USING (cycle_id) ORDER BY 1`)).toEqual([
      { objective_id: 'g1', parent_objective_id: null, link_type: null, name: 'Q3 2026' },
      { objective_id: 'g2', parent_objective_id: 'g1', link_type: 'supports', name: 'Q3 2026' },
    ]);
    expect(await queryRows(db, `SELECT key_result_id, progress, confidence FROM key_results ORDER BY 1`)).toEqual([
      { key_result_id: 'm1', progress: 0.36, confidence: 0.7 },
      { key_result_id: 'm2', progress: 0.42, confidence: 0.5 },
      { key_result_id: 'm3', progress: 0.6, confidence: 0.8 },
    ]);
    expect(await queryRows(db, `SELECT count(*)::INTEGER AS n FROM check_ins JOIN key_results USING (key_result_id)`)).toEqual([{ n: 9 }]);
    // The views draw through the CLI, with the answer given as an option.
    const cascade = JSON.parse((await plumb('cascade', '--json', ...answer, ...files)).stdout);
    expect(cascade.nodes.find((n: { id: string }) => n.id === 'g2')).toMatchObject({ parent_id: 'g1', kind: 'objective' });
    expect(await burndown(db, { asOf: '2026-09-30' })).toMatchObject({ cycle: { cycle_id: '64f1a2b3c4d5e6f708090a0b', start_date: '2026-07-01' }, key_results: 3 });
  });

  it('Perdoo: a one-row-per-result sheet with day.month dates; its Status (On track, Needs attention, Off track) read as confidence by its words; an Initiative is no key result', async () => {
    const files = [tool('perdoo/perdoo-okrs.csv')];
    const { code, report } = await validate(files);
    // The Initiative row is not loaded (Perdoo: initiatives count in no objective's progress), and says so.
    expect(code).toBe(1);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ code: 'row-kind', row: 3, column: 'Type' })]);
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'row-kind', column: 'Type', value: 'key_results' }));
    expect(report.tables).toMatchObject({ objectives: 3, key_results: 5, check_ins: 5, cycles: 1 });
    expect(report.files[0]).toMatchObject({ table: 'flat-okr', input_rows: 6, loaded_rows: 5, rejected_rows: 1 });
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'confidence-column', column: 'Status', value: 'key_result.confidence', declared: false }));
    expect(report.files[0]!.decisions).toContainEqual(expect.objectContaining({ kind: 'confidence-scale', column: 'Status', value: 'on-track' }));
    const db = await open(files);
    const rows = await queryRows<{ title: string; confidence: number; checked_at: string }>(
      db,
      `SELECT k.title, k.confidence, c.checked_at FROM key_results k JOIN check_ins c USING (key_result_id) ORDER BY k.title`,
    );
    expect(rows).toHaveLength(5);
    const of = (t: string) => rows.find((r) => r.title.startsWith(t))!;
    expect(of('Localise')).toBeUndefined(); // the Initiative
    expect(of('Close 20').confidence).toBeLessThan(of('CSAT').confidence); // Needs attention < On track
    expect(of('Reach 1,000').confidence).toBeLessThan(of('Close 20').confidence); // Off track < Needs attention
    expect(of('Close 20').checked_at).toBe('2026-08-14');
    expect(await burndown(db, { asOf: '2026-09-30' })).toMatchObject({ cycle: { cycle_id: 'Q3 2026', start_date: '2026-07-01', end_date: '2026-09-30' }, key_results: 5 });
  });

  it('Koan: reflections name the key result by title and rate confidence 1–10; "FY27 Q1" with an April fiscal year; a title two key results share is ambiguous, never guessed', async () => {
    const files = [tool('koan/goals.csv'), tool('koan/reflections.csv')];
    const { code, report } = await validate(files, ['--fiscal-year-start', 'april']);
    expect(code).toBe(1);
    expect(report.tables).toMatchObject({ objectives: 2, key_results: 4, check_ins: 8, cycles: 1 });
    expect(byFile(report, 'reflections.csv')).toMatchObject({ input_rows: 9, loaded_rows: 8, rejected_rows: 1 });
    const [ambiguous, ...others] = report.diagnostics.filter((d) => d.severity === 'error');
    expect(others).toEqual([]);
    expect(ambiguous).toMatchObject({ code: 'ambiguous-reference', row: 10, column: 'Key Result' });
    // Both candidates named.
    expect(ambiguous!.message).toContain('Make deploys boring / Ship weekly release notes');
    expect(ambiguous!.message).toContain('Turn trials into customers / Ship weekly release notes');
    expect(byFile(report, 'reflections.csv').decisions).toContainEqual(expect.objectContaining({ kind: 'confidence-scale', value: 'one-to-ten' }));
    const db = await open(files, { fiscalYearStart: 4 });
    expect(await queryRows(db, 'SELECT cycle_id, start_date, end_date FROM cycles')).toEqual([{ cycle_id: 'FY27 Q1', start_date: '2026-04-01', end_date: '2026-06-30' }]);
    // Every loaded reflection is attached to its key result (resolved from the title to the id).
    expect(await queryRows(db, `SELECT k.title, count(*)::INTEGER AS n, min(c.confidence) AS lo FROM check_ins c JOIN key_results k USING (key_result_id) GROUP BY 1 ORDER BY 1`)).toEqual([
      { title: 'Deploys per week from 5 to 25', n: 4, lo: 0.6 },
      { title: 'Trial conversion from 8% to 12%', n: 4, lo: 0.3 },
    ]);
    const drawn = await plumb('burndown', '--json', '--as-of', '2026-06-30', '--fiscal-year-start=4', ...files);
    expect(drawn.code).toBe(1); // the ambiguous row is an error in the data; the chart still draws
    expect(JSON.parse(drawn.stdout)).toMatchObject({ cycle: { cycle_id: 'FY27 Q1', start_date: '2026-04-01' }, key_results: 4 });
  });

  it('Lattice: a Windows-1252 calibration CSV (manager score and "Calibrated" column) with people named by name and email', async () => {
    const files = [tool('lattice/people.csv'), tool('lattice/calibration.csv')];
    const { code, report } = await validate(files);
    expect(code).toBe(0);
    expect(report.tables).toMatchObject({ people: 10, ratings: 16 });
    expect(byFile(report, 'calibration.csv')).toMatchObject({ table: 'ratings', input_rows: 8, loaded_rows: 8, rejected_rows: 0 });
    // The review cycle "H1 2026 Review" gets its dates from its name (reported), for the person review's overlap.
    expect(codes(report, 'warning')).toEqual(['cycle-inferred', 'encoding-inferred', 'unmapped-column']);
    expect(byFile(report, 'calibration.csv').decisions).toContainEqual(expect.objectContaining({ kind: 'cycle', value: '2026-01-01/2026-06-30' }));
    expect(byFile(report, 'people.csv').decisions).toContainEqual(expect.objectContaining({ kind: 'encoding', value: 'windows-1252', declared: false }));
    const db = await open(files);
    // Reviewee by name, manager by email: both resolved to person ids.
    expect(await queryRows(db, `SELECT r.stage, count(*)::INTEGER AS n, count(p.person_id)::INTEGER AS joined FROM ratings r LEFT JOIN people p ON p.person_id = r.employee_id GROUP BY 1 ORDER BY 1`)).toEqual([
      { stage: 'calibrated', n: 8, joined: 8 },
      { stage: 'manager', n: 8, joined: 8 },
    ]);
    expect(await queryRows(db, `SELECT p.name, r.rater_id FROM ratings r JOIN people p ON p.person_id = r.employee_id WHERE r.stage = 'manager' AND p.person_id = 'E101'`)).toEqual([
      { name: 'Zoë Martin', rater_id: 'E100' },
    ]);
    const stats = await plumb('stats', '--json', '--min-group', '3', ...files);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ org: { n: 8 }, changes: { before_stage: 'manager', after_stage: 'calibrated' } });
  });

  it('15Five: the documented calibration-session export (Original answer / Calibrated answer per question) becomes manager and calibrated ratings per dimension', async () => {
    const files = [tool('15five/calibration-session.csv')];
    const { code, report } = await validate(files);
    expect(code).toBe(0);
    expect(report.tables).toMatchObject({ ratings: 24 });
    expect(report.files[0]).toMatchObject({ table: 'ratings', input_rows: 12, loaded_rows: 12, rejected_rows: 0 });
    expect(report.files[0]!.columns).toContainEqual({ input: 'Calibrated answer', target: 'calibrated.rating', how: 'alias' });
    expect(report.files[0]!.columns).toContainEqual(expect.objectContaining({ input: 'Employee email', target: null, reason: 'employee_id is already filled by another column of this file' }));
    const db = await open(files);
    expect(await queryRows(db, `SELECT stage, dimension, count(*)::INTEGER AS n, count(DISTINCT rater_id)::INTEGER AS raters FROM ratings GROUP BY ALL ORDER BY 1, 2`)).toEqual([
      { stage: 'calibrated', dimension: 'Performance', n: 6, raters: 1 },
      { stage: 'calibrated', dimension: 'Potential', n: 6, raters: 1 },
      { stage: 'manager', dimension: 'Performance', n: 6, raters: 2 },
      { stage: 'manager', dimension: 'Potential', n: 6, raters: 2 },
    ]);
    expect(await calibrationReport(db, { dimension: 'Performance', minGroup: 3 })).toMatchObject({ org: { n: 6 } });
  });

  it('Jira: a data-pipeline issues export whose key_result field names key results by title (case and spacing aside)', async () => {
    const files = [tool('jira/okrs.csv'), tool('jira/issues.csv')];
    const { code, report } = await validate(files);
    expect(code).toBe(0);
    expect(report.tables).toMatchObject({ objectives: 2, key_results: 3, links: 6, cycles: 1 });
    expect(byFile(report, 'issues.csv').columns).toContainEqual({ input: 'key', target: 'external_id', how: 'alias' });
    const db = await open(files);
    expect(await queryRows(db, `SELECT k.title, string_agg(l.external_id, ' ' ORDER BY l.external_id) AS issues FROM links l JOIN key_results k USING (key_result_id) GROUP BY 1 ORDER BY 1`)).toEqual([
      { title: 'Crash-free sessions to 99.5%', issues: 'MOB-2 MOB-7' },
      { title: 'Public beta with 500 testers', issues: 'MOB-1 MOB-9' },
      { title: 'Zero P1 incidents for 8 weeks', issues: 'PLT-3 PLT-4' },
    ]);
    expect(await cascadeReport(db)).toMatchObject({ cycle: '2026 Q3', objectives: 2, key_results: 3 });
  });

  it('standard input and --version: `plumb validate -:check_ins` reads the pipe; `plumb --version` prints the package version', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(tool('quantive/metric_checkins.csv'));
    async function* stdin() {
      yield new Uint8Array(bytes);
    }
    const { connector, report } = await openFiles(['-:check_ins'], { stdin: stdin() });
    opened.push(connector);
    expect(report.files[0]).toMatchObject({ file: 'stdin', table: 'check_ins', input_rows: 9, loaded_rows: 9 });
    const version = await plumb('--version');
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^plumb \d+\.\d+\.\d+$/) });
  });
});
