import { afterAll, describe, expect, it } from 'vitest';
import checkinsParquet from './fixtures/exports/normalised/checkins.parquet?url';
import { WasmConnector } from '../src/wasm/index.js';
import { loadSources, queryRows } from '../src/index.js';
import { testAssets } from './duckdb-assets.browser.js';

// A file of its own: parquet-wasm initialises once per page, and this page must
// start it with no `parquetWasm` option, from the .wasm beside its module.
describe('Parquet in the browser with the default (self-hosted) parquet-wasm location', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('loads a Parquet Blob without being told where the .wasm is, fetching only same-origin URLs', async () => {
    const blob = new Blob([await (await fetch(checkinsParquet)).arrayBuffer()]);
    const report = await loadSources(db, [{ name: 'checkins.parquet', data: blob }], { confidenceScale: 'one-to-ten' });
    expect(report).toMatchObject({ ok: true, input_rows: 10, loaded_rows: 10 });
    expect(await queryRows(db, "SELECT value, confidence FROM check_ins WHERE key_result_id = 'KR4'")).toEqual([{ value: 0.27, confidence: 0.8 }]);
    const foreign = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => new URL(url).origin !== location.origin);
    expect(foreign).toEqual([]);
  });
});
