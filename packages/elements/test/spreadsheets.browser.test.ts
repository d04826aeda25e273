/**
 * Spreadsheets dropped on <plumb-data> (File objects, as a drop or a file input gives them), in a German page: each
 * sheet that is a table loads as its own file, and the status panel's findings say in German which sheet was not read.
 * (Through `src` URLs, and to the layouts' ground truth: vendor-corpus.browser.test.ts, tools/*-excel, *-ods.)
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, quoteIdentifier, type LoadReport } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

const TOOLS = '/packages/core/test/fixtures/exports/tools/';
// One engine for the file, emptied between drops (its start-up is most of a drop's time).
const connector = new WasmConnector({ assets: testAssets });
afterAll(() => connector.close());

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
});

async function drop(folder: string, name: string): Promise<{ report: LoadReport; panel: string }> {
  const bytes = await (await fetch(`${TOOLS}${folder}/${encodeURIComponent(name)}`)).arrayBuffer();
  for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
  const data = document.createElement('plumb-data') as PlumbData;
  data.connector = connector;
  const loaded = new Promise<LoadReport>((resolve) => data.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail.report), { once: true }));
  data.files = [new File([bytes], name)];
  document.body.append(data);
  const report = await loaded;
  await until(() => data.status !== 'loading', `${name} settles`);
  await data.updateComplete;
  // The findings table of <plumb-data>'s status panel, opened as a reader opens it.
  data.shadowRoot!.querySelector<HTMLElement>('[part=diagnostics] summary')!.click();
  const table = data.shadowRoot!.querySelector('[part=diagnostics-table]')!;
  await until(() => (table.shadowRoot?.textContent ?? '').includes('Befunde'), 'the findings open');
  return { report, panel: table.shadowRoot!.textContent!.replace(/\s+/g, ' ') };
}

describe('spreadsheets dropped on <plumb-data>', () => {
  for (const [folder, name, format] of [['lattice-excel', 'Lattice export.xlsx', 'xlsx'], ['lattice-ods', 'Lattice export.ods', 'ods']] as const) {
    it(`loads each table sheet of ${name} as its own file and names the others, in German`, async () => {
      document.documentElement.lang = 'de';
      const { report, panel } = await drop(folder, name);
      expect(report.files.map((f) => [f.file, f.format, f.table, f.loaded_rows])).toEqual([
        [`${name} › People`, format, 'people', 10],
        [`${name} › Calibration`, format, 'ratings', 8],
      ]);
      expect(report.tables).toMatchObject({ people: 10, ratings: 16 });
      expect(panel).toContain(`${name}: das Blatt „About“ wurde nicht gelesen: Plumb kennt keine Tabelle mit solchen Spalten`);
    });
  }
});
