/**
 * The whole export corpus (packages/core/test/fixtures/exports: the real tools' layouts, the OKR shapes and the
 * canonical-ish exports) through <plumb-data src> in Chromium, with the attributes a page would set: a layout that
 * needs an answer is asked first (a `question` naming it, nothing of that file loaded, the status line saying the
 * rows wait), then loads with the answer — an attribute, or the `answers` property the load report's panel sets —
 * and every number equals the ground truth computed without Plumb (tools/ground_truth.py, expected.py), to 1e-9:
 * the same comparison as the Node corpus test (fixtures/exports/truth.ts).
 * Spreadsheets dropped as File objects (a drop, a file input) in a German page close it.
 * One database for the whole corpus, emptied between layouts, so the file measures loads, not DuckDB start-ups.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, quoteIdentifier, type LoadReport } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { expectTruth, type Truth } from '../../core/test/fixtures/exports/truth.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

const EXPORTS = new URL('/packages/core/test/fixtures/exports/', location.origin).href;
const truths = import.meta.glob<Truth>('../../core/test/fixtures/exports/**/expected.json', { eager: true, import: 'default' });
const layouts = Object.entries(truths)
  .map(([path, truth]) => [path.replace(/^.*\/exports\//, '').replace(/\/expected\.json$/, ''), truth] as const)
  .sort(([a], [b]) => a.localeCompare(b));

const connector = new WasmConnector({ assets: testAssets });
afterAll(() => connector.close());
const data = document.createElement('plumb-data') as PlumbData;
data.connector = connector;
document.body.append(data);

/** Load a layout's files with these load options (as attributes, or `answers`); the report of that load. */
async function load(layout: string, truth: Truth, answer: string[] | undefined): Promise<LoadReport> {
  for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
  const loaded = new Promise<LoadReport>((resolve) =>
    data.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail.report), { once: true }),
  );
  for (const a of ['mapping', 'rating-points', 'fiscal-year-start']) data.removeAttribute(a);
  data.answers = {};
  for (let i = 0; answer && i < answer.length; i += 2) {
    const [option, value] = [answer[i]!.replace(/^--/, ''), answer[i + 1]!];
    if (option === 'answer') data.answers = { ...data.answers, [value.slice(0, value.lastIndexOf('='))]: value.slice(value.lastIndexOf('=') + 1) };
    else data.setAttribute(option === 'map' ? 'mapping' : option, value);
  }
  // `dir/file.csv:table` names the table, as the CLI's argument does.
  data.setAttribute('src', truth.files!.map((spec) => {
    const [file, table] = spec.split(':');
    return `${EXPORTS}${layout}/${encodeURIComponent(file!)}${table ? `:${table}` : ''}`;
  }).join(' '));
  const report = await loaded;
  for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
  await until(() => data.status !== 'loading', `${layout} settles`);
  await data.updateComplete;
  return report;
}

describe('<plumb-data> reads every layout of the export corpus to its ground truth', () => {
  it('covers every layout', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(18);
    for (const [layout, truth] of layouts) expect(truth.files, layout).toBeTruthy();
  });

  it.each(layouts)('%s', async (layout, truth) => {
    if (truth.question_column) {
      const report = await load(layout, truth, undefined);
      expect(report.questions.map((q) => q.column), layout).toEqual([truth.question_column]);
      const question = report.questions[0]!;
      expect(question.candidates.map((c) => c.option), layout).toContain(truth.answer_option);
      const held = report.files.find((f) => f.file === question.file)!;
      expect(held.loaded_rows, layout).toBe(0);
      // The held file's rows wait for the answer; the status line does not call them rejected.
      const status = data.shadowRoot!.querySelector('[part="status"]')?.textContent ?? '';
      expect(status, layout).toContain(`${held.input_rows} rows wait for an answer`);
    }
    const report = await load(layout, truth, truth.answer);
    expect(report.questions, layout).toEqual([]);
    expect(report.tables, layout).toMatchObject(truth.tables);
    expect(report.rejected_rows, layout).toBe(truth.rejected ?? 0);
    await expectTruth(connector, layout, truth, report);
  });

  it('loads spreadsheets dropped as files (File objects): each table sheet its own file, the others named in German', async () => {
    document.documentElement.lang = 'de';
    try {
      for (const [folder, name, format] of [['lattice-excel', 'Lattice export.xlsx', 'xlsx'], ['lattice-ods', 'Lattice export.ods', 'ods']] as const) {
        for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
        for (const a of ['src', 'mapping', 'rating-points', 'fiscal-year-start']) data.removeAttribute(a);
        data.answers = {};
        const bytes = await (await fetch(`${EXPORTS}tools/${folder}/${encodeURIComponent(name)}`)).arrayBuffer();
        const loaded = new Promise<LoadReport>((resolve) => data.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail.report), { once: true }));
        data.files = [new File([bytes], name)];
        const report = await loaded;
        await until(() => data.status !== 'loading', `${name} settles`);
        expect(report.files.map((f) => [f.file, f.format, f.table, f.loaded_rows])).toEqual([
          [`${name} › People`, format, 'people', 10],
          [`${name} › Calibration`, format, 'ratings', 8],
        ]);
        // The findings of the status panel, opened as a reader opens them.
        await data.updateComplete;
        data.shadowRoot!.querySelector<HTMLElement>('[part=diagnostics] summary')!.click();
        const table = data.shadowRoot!.querySelector('[part=diagnostics-table]')!;
        await until(() => (table.shadowRoot?.textContent ?? '').includes('Befunde'), 'the findings open');
        expect(table.shadowRoot!.textContent!.replace(/\s+/g, ' ')).toContain(`${name}: das Blatt „About“ wurde nicht gelesen: Plumb kennt keine Tabelle mit solchen Spalten`);
        data.files = null;
      }
    } finally {
      document.documentElement.lang = 'en';
    }
  });
});
