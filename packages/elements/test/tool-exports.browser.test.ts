/**
 * The seven real-tool layouts of packages/core/test/fixtures/exports/tools (written and cited by
 * make-tool-fixtures.mts), loaded by <plumb-data src> in Chromium with the option attributes a
 * page would set: counts reconcile, rows join, the views' core queries draw; and the panel's
 * mapping report corrects a mapping and reloads without leaving the page.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { burndown, calibrationReport, cascadeReport, CANONICAL_TABLES, queryRows, quoteIdentifier, type LoadReport } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

// Served from the workspace root by the test server (core's fixtures, not copies).
const TOOLS = new URL('/packages/core/test/fixtures/exports/tools/', location.origin).href;
const tool = (path: string) => TOOLS + path;

afterEach(() => document.body.replaceChildren());
// One engine for the file, emptied before each load: a new one per test was most of the file's time (~3 s each).
const connector = new WasmConnector({ assets: testAssets });
afterAll(() => connector.close());

/** A <plumb-data> with these files and attributes; resolves with every plumb-load it reports. */
async function load(files: string[], attributes: Record<string, string> = {}, answers?: Record<string, string>, ownEngine = false) {
  const data = document.createElement('plumb-data');
  if (ownEngine) {
    // Its own engine, as a page without a connector has: a reload starts from an empty database.
    data.assets = testAssets;
  } else {
    for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
    data.connector = connector;
  }
  if (answers) data.answers = answers;
  for (const [k, v] of Object.entries(attributes)) data.setAttribute(k, v);
  const loads: LoadReport[] = [];
  data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail.report));
  data.setAttribute('src', files.map(tool).join(' '));
  document.body.append(data);
  await until(() => loads.length > 0, `loading ${files.join(', ')}`);
  const report = loads[0]!;
  for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
  return { data, loads, report, db: data.source!.connector! };
}

describe('<plumb-data> reads exports from real tools', () => {
  it('Tability: every API check-in joins its key result, score read as the value; the cycle from the check-in dates; burn-down and cascade draw', async () => {
    const { report, db } = await load(['tability/okrs.csv', 'tability/checkins.json']);
    expect(report.tables).toMatchObject({ objectives: 2, key_results: 3, check_ins: 12, cycles: 1 });
    expect(await queryRows(db, 'SELECT count(*)::INTEGER AS n, max(value) AS top FROM check_ins JOIN key_results USING (key_result_id)')).toEqual([{ n: 12, top: 26200 }]);
    expect((await burndown(db, { asOf: '2026-09-30' })).key_results).toBe(3);
    expect(await cascadeReport(db)).toMatchObject({ cycle: '2026 Q3', objectives: 2, key_results: 3 });
  });

  it('Quantive: sessions, goals, metrics and their check-ins; 0–1 confidence; whether g2 counts in g1 answered', async () => {
    const { report, db } = await load(['quantive/sessions.csv', 'quantive/goals.csv', 'quantive/metrics.csv', 'quantive/metric_checkins.csv'], {}, { 'link-type:goals.csv:parentgoalid': 'supports' });
    expect(report.tables).toMatchObject({ cycles: 1, objectives: 2, key_results: 3, check_ins: 9 });
    expect(await queryRows(db, 'SELECT count(*)::INTEGER AS n, max(c.confidence) AS top FROM check_ins c JOIN key_results USING (key_result_id)')).toEqual([{ n: 9, top: 0.9 }]);
    expect((await burndown(db, { asOf: '2026-09-30' })).key_results).toBe(3);
  });

  it('Perdoo, with the mapping attribute: Status read as confidence on the on-track scale; the Initiative is no key result', async () => {
    const { report, db } = await load(['perdoo/perdoo-okrs.csv'], { mapping: 'Status=key_result.confidence' });
    expect(report.files[0]).toMatchObject({ table: 'flat-okr', input_rows: 6, loaded_rows: 5, rejected_rows: 1 });
    expect(await queryRows(db, "SELECT confidence FROM key_results WHERE title LIKE 'Close 20%'")).toEqual([{ confidence: 0.5 }]);
    expect((await burndown(db, { asOf: '2026-09-30' })).cycle).toMatchObject({ cycle_id: 'Q3 2026', start_date: '2026-07-01' });
  });

  it('Koan, with fiscal-year-start="4": reflections join by title; the shared title is reported with both candidates', async () => {
    const { report, db } = await load(['koan/goals.csv', 'koan/reflections.csv'], { 'fiscal-year-start': '4' });
    expect(report.files[1]).toMatchObject({ input_rows: 9, loaded_rows: 8, rejected_rows: 1 });
    const ambiguous = report.diagnostics.find((d) => d.code === 'ambiguous-reference')!;
    expect(ambiguous.message).toMatch(/Make deploys boring \/ Ship weekly release notes, Turn trials into customers \/ Ship weekly release notes/);
    expect(await queryRows(db, 'SELECT start_date, end_date FROM cycles')).toEqual([{ start_date: '2026-04-01', end_date: '2026-06-30' }]);
    expect(await queryRows(db, 'SELECT count(*)::INTEGER AS n FROM check_ins JOIN key_results USING (key_result_id)')).toEqual([{ n: 8 }]);
  });

  it('Lattice: Windows-1252 people and calibration sheets; reviewees by name, managers by email; calibration draws', async () => {
    const { report, db } = await load(['lattice/people.csv', 'lattice/calibration.csv']);
    expect(report.tables).toMatchObject({ people: 10, ratings: 16 });
    expect(report.diagnostics.filter((d) => d.code === 'encoding-inferred')).toHaveLength(2);
    expect(await queryRows(db, "SELECT p.name FROM ratings r JOIN people p ON p.person_id = r.employee_id WHERE r.employee_id = 'E101' AND r.stage = 'calibrated'")).toEqual([{ name: 'Zoë Martin' }]);
    const calibration = await calibrationReport(db, { minGroup: 3 });
    expect(calibration.org.n).toBe(8);
    expect(calibration.changes).toMatchObject({ before_stage: 'manager', after_stage: 'calibrated' });
  });

  it('15Five: original and calibrated answers per question', async () => {
    const { report, db } = await load(['15five/calibration-session.csv']);
    expect(report.files[0]).toMatchObject({ table: 'ratings', input_rows: 12, loaded_rows: 12 });
    expect(await queryRows(db, 'SELECT stage, count(*)::INTEGER AS n FROM ratings GROUP BY 1 ORDER BY 1')).toEqual([{ stage: 'calibrated', n: 12 }, { stage: 'manager', n: 12 }]);
    expect((await calibrationReport(db, { minGroup: 3, dimension: 'Potential' })).org.n).toBe(6);
  });

  it('Jira, with cycle-start/cycle-end: issues link to key results named by title; the declared cycle wins over the label', async () => {
    const { report, db } = await load(['jira/okrs.csv', 'jira/issues.csv'], { 'cycle-start': '2026-07-06', 'cycle-end': '2026-10-04' });
    expect(report.diagnostics.filter((d) => d.code === 'cycle-inferred')).toEqual([]);
    expect(await queryRows(db, 'SELECT cycle_id, start_date, end_date FROM cycles')).toEqual([{ cycle_id: '2026 Q3', start_date: '2026-07-06', end_date: '2026-10-04' }]);
    expect(report.tables).toMatchObject({ key_results: 3, links: 6 });
    expect(await queryRows(db, 'SELECT count(*)::INTEGER AS n FROM links JOIN key_results USING (key_result_id)')).toEqual([{ n: 6 }]);
    expect(await cascadeReport(db)).toMatchObject({ objectives: 2, key_results: 3 });
  });
});

describe("<plumb-data>'s mapping report", () => {
  it('shows each column and what it became, and a corrected mapping reloads from the keyboard', async () => {
    const { data, loads, db } = await load(['perdoo/perdoo-okrs.csv'], {}, undefined, true);
    // Status holds only status words: read as the key results' confidence (inferred, named).
    expect(await queryRows(db, 'SELECT count(confidence)::INTEGER AS n FROM key_results')).toEqual([{ n: 5 }]);
    await data.updateComplete;
    const panel = data.shadowRoot!.querySelector('plumb-load-report')!;
    await panel.updateComplete;
    const root = panel.shadowRoot!;
    const rowOf = (input: string) => [...root.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')!.textContent === input)!;
    expect(rowOf('Status').querySelector('select')!.selectedOptions[0]!.textContent).toContain('key_result.confidence');
    expect(rowOf('Objective status').textContent).toMatch(/matches no flat-okr column/);
    // The decision names its kind as a label ("Cycle: …") and its evidence.
    expect(root.querySelector('[part=decisions]')!.textContent!.replace(/\s+/g, ' ')).toMatch(/Cycle: 2026-07-01\/2026-09-30 — inferred: no cycles table describes cycle "Q3 2026"/);

    // Open the report, pick "not loaded" for Status (a person who holds it for no confidence), then reload — by keyboard.
    root.querySelector('summary')!.focus();
    await userEvent.keyboard('{Enter}');
    const select = rowOf('Status').querySelector('select')!;
    select.focus();
    select.value = 'ignore';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await panel.updateComplete;
    expect(root.querySelector('[role=status]')!.textContent).toBe('1 correction not applied yet.');
    (root.querySelector('button[type=submit]') as HTMLButtonElement).focus();
    await userEvent.keyboard('{Enter}');
    await until(() => loads.length === 2, 'the reload');
    expect(data.mapping).toEqual({ Status: 'ignore' });
    const reloaded = data.source!.connector!;
    expect(await queryRows(reloaded, 'SELECT count(confidence)::INTEGER AS n FROM key_results')).toEqual([{ n: 0 }]);
    await data.updateComplete;
    const after = data.shadowRoot!.querySelector('plumb-load-report')!;
    await after.updateComplete;
    const status = [...after.shadowRoot!.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')!.textContent === 'Status')!;
    // Left out, as declared: the row says so and its menu keeps the choice.
    expect(status.querySelector('td.left-out')).not.toBeNull();
    expect(status.querySelector('select')!.value).toBe('ignore');
  });

  it('speaks German under lang="de"', async () => {
    document.documentElement.lang = 'de';
    try {
      const { data } = await load(['jira/okrs.csv', 'jira/issues.csv']);
      await data.updateComplete;
      const panel = data.shadowRoot!.querySelector('plumb-load-report')!;
      await panel.updateComplete;
      expect(panel.shadowRoot!.querySelector('summary')!.textContent).toBe('Spalten und Einstellungen');
      expect(panel.shadowRoot!.querySelector('button[type=submit]')!.textContent).toBe('Mit diesen Einstellungen neu laden');
    } finally {
      document.documentElement.lang = 'en';
    }
  });
});
