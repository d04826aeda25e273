import { afterEach, expect, it } from 'vitest';
import { queryRows } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbErrorDetail, PlumbLoadDetail, PlumbProgressDetail } from '../src/plumb-data/plumb-data.js';

// How <plumb-data> fails in a real page, and recovers without the page being reloaded.
// Time bounds: an engine folder without DuckDB's files ends in an error within 10 s (it used to hang for
// minutes on "Loading…"); a data URL that never answers, within its fetch-timeout plus 10 s.
const url = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;

afterEach(() => document.body.replaceChildren());

function nextEvent<T>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve((e as CustomEvent<T>).detail), { once: true }));
}

function statusText(data: PlumbData): string {
  return data.shadowRoot!.querySelector('[part=status]')?.textContent ?? '';
}

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

it.each([
  ['a folder whose files are all 404', '/__plumb_test/missing/', /answers HTTP 404/],
  ['a folder the server answers with its home page', '/no-duckdb-here/', /is a web page, not the engine|answers HTTP 404|could not start/],
])('asset-base at %s ends quickly in a readable error; setting the assets then loads', async (_what, base, reason) => {
  const data = document.createElement('plumb-data');
  data.setAttribute('asset-base', base);
  data.src = `${url('people-a.csv')}:people`;
  const failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
  document.body.append(data);
  const detail = await within(10_000, 'plumb-error', failed);
  expect(detail.message).toMatch(reason);
  expect(detail.message).toContain('asset-base');
  await data.updateComplete;
  expect(data.status).toBe('error');
  expect(statusText(data)).toMatch(/^Could not load the data: .*asset-base/);

  const loaded = nextEvent<PlumbLoadDetail>(data, 'plumb-load');
  data.removeAttribute('asset-base');
  data.assets = testAssets;
  const { report } = await within(30_000, 'plumb-load after the fix', loaded);
  expect(report.tables.people).toBe(2);
  expect(data.status).toBe('ready');
});

it('a data URL that 404s, then one that never answers, are errors naming the file; reload() and a new src recover', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  data.fetchTimeout = 1500;
  data.src = `/__plumb_test/missing/people.csv:people`;
  let failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
  document.body.append(data);
  let detail = await within(20_000, 'plumb-error for the 404', failed);
  expect(JSON.stringify(detail.diagnostics)).toMatch(/people\.csv could not be read: could not fetch .*HTTP 404/);

  failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
  const started = performance.now();
  data.src = `/__plumb_test/never/slow.csv:people`;
  detail = await within(11_500, 'plumb-error for the timeout', failed);
  expect(performance.now() - started).toBeGreaterThan(1400);
  expect(JSON.stringify(detail.diagnostics)).toContain('slow.csv could not be read: could not fetch');
  expect(JSON.stringify(detail.diagnostics)).toContain('no complete answer within 1.5 s');
  await data.updateComplete;
  const table = data.shadowRoot!.querySelector('plumb-data-table')!;
  await table.updateComplete;
  const cells = [...table.shadowRoot!.querySelectorAll('tbody td')].map((td) => td.textContent!.trim());
  expect(cells.slice(0, 2)).toEqual(['✖ error', 'slow.csv']);

  // The same URL again: reload() retries it (and fails the same way, within the bound) …
  failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
  void data.reload();
  await within(11_500, 'plumb-error after reload()', failed);
  // … and a working src loads, in the same page.
  const loaded = nextEvent<PlumbLoadDetail>(data, 'plumb-load');
  data.src = `${url('people-b.csv')}:people`;
  const { report } = await within(30_000, 'plumb-load', loaded);
  expect(report.ok).toBe(true);
  expect(report.tables.people).toBeGreaterThan(0);
});

it('a worker that dies after the load puts <plumb-data> in its error state (plumb-error); reload() starts a new database', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  data.src = `${url('people-a.csv')}:people`;
  const loaded = nextEvent<PlumbLoadDetail>(data, 'plumb-load');
  document.body.append(data);
  await within(30_000, 'plumb-load', loaded);
  const first = data.source!.connector as WasmConnector;
  expect(first).toBeInstanceOf(WasmConnector);

  // What a crash looks like from the page: the worker fires `error` and never answers again.
  const worker = (await (first as unknown as { engine: Promise<{ worker: Worker }> }).engine).worker;
  const failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
  worker.dispatchEvent(new ErrorEvent('error', { message: 'RuntimeError: memory access out of bounds' }));
  const detail = await within(5_000, 'plumb-error after the crash', failed);
  expect(detail.message).toContain('the DuckDB worker stopped (RuntimeError: memory access out of bounds)');
  await data.updateComplete;
  expect(data.status).toBe('error');
  // Views see the error rather than a dead database.
  expect(data.source?.connector ?? null).toBeNull();
  expect(JSON.stringify(data.source ?? {})).toContain('the DuckDB worker stopped');
  await expect(first.query('SELECT 1')).rejects.toThrow('the DuckDB worker stopped');

  const reloaded = nextEvent<PlumbLoadDetail>(data, 'plumb-load');
  void data.reload();
  await within(30_000, 'plumb-load after reload()', reloaded);
  expect(data.source!.connector).not.toBe(first);
  expect(await queryRows(data.source!.connector!, 'SELECT count(*) AS n FROM people')).toEqual([{ n: 2 }]);
});

it('plumb-progress reports bytes and rows while a load runs, and changing src mid-load never draws the old files', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  const progress: PlumbProgressDetail[] = [];
  data.addEventListener('plumb-progress', (e) => progress.push((e as CustomEvent<PlumbProgressDetail>).detail));
  const loads: PlumbLoadDetail[] = [];
  data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail));
  data.src = `${url('people-a.csv')}:people ${url('teams.csv')}`;
  document.body.append(data);
  // Superseded as soon as its first file is read.
  await within(30_000, 'first progress', new Promise<void>((resolve) => data.addEventListener('plumb-progress', () => resolve(), { once: true })));
  data.src = `${url('people-c.csv')}:people`;
  await within(30_000, 'the load of the new src', new Promise<void>((resolve) => data.addEventListener('plumb-load', () => resolve(), { once: true })));
  await new Promise((r) => setTimeout(r, 500)); // a stale load would report by now
  expect(loads).toHaveLength(1);
  expect(loads[0]!.report.files.map((f) => f.file)).toEqual(['people-c.csv']);
  const rows = await queryRows<{ name: string }>(data.source!.connector!, 'SELECT name FROM people ORDER BY name');
  expect(rows.map((r) => r.name)).toEqual(['Claude', 'Cleve', 'Corrado']);
  const last = progress.at(-1)!;
  expect(last).toMatchObject({ phase: 'done', filesDone: 1, filesTotal: 1, rowsDone: 3 });
  expect(last.bytesDone).toBeGreaterThan(0);
  expect(progress.some((p) => p.phase === 'read' && p.file === 'people-c.csv')).toBe(true);
});
