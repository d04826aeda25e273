import { afterAll, expect, it } from 'vitest';
import { CANONICAL_TABLES, quoteIdentifier, type LoadReport, type SourceInput } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { CORPUS, ROW_CODES, type CorpusEntry } from '../../core/test/fixtures/bad-corpus.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbErrorDetail, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';

// The bad-input corpus through <plumb-data> in real Chromium: each file ends within its bound
// in a report whose counts reconcile, the diagnostics panel names file, row and column, nothing
// from the data runs as markup, and the same element then loads a good file (the page stays usable).
// One database for the whole corpus (emptied between files): a worker per file would measure start-ups.
const connector = new WasmConnector({ assets: testAssets });
afterAll(() => connector.close());

const data = document.createElement('plumb-data') as PlumbData;
data.connector = connector;
document.body.append(data);

async function bytesOf(entry: CorpusEntry): Promise<Uint8Array> {
  if (entry.fixture) return new Uint8Array(await (await fetch(new URL(`../../core/test/fixtures/bad/${entry.fixture}`, import.meta.url))).arrayBuffer());
  const made = entry.make!();
  return typeof made === 'string' ? new TextEncoder().encode(made) : made;
}

type Outcome = { load?: PlumbLoadDetail; error?: PlumbErrorDetail };

function settled(): Promise<Outcome> {
  return new Promise((resolve) => {
    let load: PlumbLoadDetail | undefined;
    const onLoad = (e: Event) => {
      load = (e as CustomEvent<PlumbLoadDetail>).detail;
      // A load with errors is followed by plumb-error at once; wait a tick for it.
      setTimeout(() => finish(), 0);
    };
    const onError = (e: Event) => finish((e as CustomEvent<PlumbErrorDetail>).detail);
    const finish = (error?: PlumbErrorDetail) => {
      data.removeEventListener('plumb-load', onLoad);
      data.removeEventListener('plumb-error', onError);
      resolve({ ...(load ? { load } : {}), ...(error ? { error } : {}) });
    };
    data.addEventListener('plumb-load', onLoad);
    data.addEventListener('plumb-error', onError);
  });
}

/** The diagnostics panel's rows, by column heading (File, Row, Column, Message …). */
async function panelRows(): Promise<Record<string, string>[]> {
  await data.updateComplete;
  const table = data.shadowRoot!.querySelector('plumb-data-table');
  if (!table) return [];
  await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  const headings = [...table.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
  return [...table.shadowRoot!.querySelectorAll('tbody tr')].map((tr) =>
    Object.fromEntries([...tr.querySelectorAll('th, td')].map((cell, i) => [headings[i] ?? String(i), cell.textContent!.trim()])),
  );
}

it.each(CORPUS.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
  for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
  const bytes = await bytesOf(entry);
  const source: SourceInput = { name: entry.name, data: new Blob([bytes as Uint8Array<ArrayBuffer>]), ...(entry.table ? { table: entry.table as SourceInput['table'] } : {}) };
  const scale = entry.argv?.[entry.argv.indexOf('--confidence-scale') + 1];
  data.confidenceScale = entry.argv?.includes('--confidence-scale') ? (scale as PlumbData['confidenceScale']) : '';
  const started = performance.now();
  const outcome = settled();
  data.files = [source];
  const { load, error } = await outcome;
  expect(performance.now() - started).toBeLessThan(entry.boundMs);
  expect(data.status).not.toBe('loading');
  const report: LoadReport | undefined = load?.report;
  if (report) {
    expect(report.input_rows).toBe(report.loaded_rows + report.rejected_rows);
    for (const f of report.files) expect(f.input_rows).toBe(f.loaded_rows + f.rejected_rows);
    const codes = new Set(report.diagnostics.map((d) => d.code));
    for (const expected of entry.expectCodes ?? []) expect(codes, `codes: ${[...codes].join(', ')}`).toContain(expected);
  } else {
    // Refused whole (thrown): an error state with a message.
    expect(error?.message).toBeTruthy();
    expect(data.status).toBe('error');
  }
  // The panel: file in every row, the row number where a row is at fault, the column where one is named.
  const rows = await panelRows();
  const diagnostics = report?.diagnostics ?? error?.diagnostics ?? [];
  expect(rows.length).toBe(Math.min(diagnostics.length, 200));
  for (const [i, d] of diagnostics.slice(0, 200).entries()) {
    const shown = rows.find((r) => r.Details === d.message && (d.row === undefined || r.Row === d.row.toLocaleString('en')));
    expect(shown, `panel row for ${d.code}: ${d.message} among ${JSON.stringify(rows.slice(0, 2))}`).toBeTruthy();
    expect(shown!.File).toBe(d.file ?? '');
    if (d.column) expect(shown!.Column).toBe(d.column);
    void i;
  }
  for (const expected of (entry.expectCodes ?? []).filter((c) => ROW_CODES.has(c) && c !== 'unparseable' && c !== 'extra-cells')) {
    expect(diagnostics.some((d) => d.code === expected && d.row !== undefined), `${expected} names its row`).toBe(true);
  }
  expect((globalThis as { __plumbPwned?: unknown }).__plumbPwned).toBeUndefined();
});

it('after the whole corpus the same element loads a good file: the page stays usable', async () => {
  for (const t of CANONICAL_TABLES) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
  const outcome = settled();
  data.confidenceScale = '';
  data.files = [{ name: 'people.csv', data: new Blob(['person_id,name\np1,Ada\np2,Grace\n']), table: 'people' }];
  const { load, error } = await outcome;
  expect(error).toBeUndefined();
  expect(load!.report).toMatchObject({ ok: true, loaded_rows: 2 });
  await data.updateComplete;
  expect(data.shadowRoot!.querySelector('[part=status]')!.textContent).toContain('Loaded 2 people from 1 file.');
});
