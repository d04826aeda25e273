import { afterAll, describe, expect, it } from 'vitest';
// Test/app-side asset URLs served by vite; the library never inlines them.
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import checkinsParquet from './fixtures/exports/normalised/checkins.parquet?url';
import checkinsCsv from './fixtures/exports/normalised/checkins.csv?raw';
import keyResultsCsv from './fixtures/exports/normalised/key_results.csv?raw';
import { WasmConnector } from '../src/wasm/index.js';
import { loadSources, queryRows } from '../src/index.js';
import { testAssets } from './duckdb-assets.browser.js';

describe('loadSources in real Chromium on DuckDB-WASM', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('loads a CSV File and a Parquet ArrayBuffer, then answers queries over both', async () => {
    const parquetBytes = await (await fetch(checkinsParquet)).arrayBuffer();
    const report = await loadSources(
      db,
      [
        { name: 'key_results.csv', data: new File([keyResultsCsv], 'key_results.csv', { type: 'text/csv' }) },
        { name: 'checkins.parquet', data: parquetBytes },
      ],
      { parquetWasm, confidenceScale: 'one-to-ten' },
    );
    expect(report).toMatchObject({ ok: true, input_rows: 15, loaded_rows: 15, rejected_rows: 0 });
    expect(report.files.map((f) => [f.table, f.format])).toEqual([['key_results', 'csv'], ['check_ins', 'parquet']]);
    const rows = await queryRows(
      db,
      `SELECT k.key_result_id, count(*) AS check_ins, max(c.checked_at) AS last, round(min(c.confidence), 2) AS lowest
       FROM key_results k JOIN check_ins c USING (key_result_id) GROUP BY ALL ORDER BY 1`,
    );
    expect(rows).toEqual([
      { key_result_id: 'KR1', check_ins: 3, last: '2026-02-06', lowest: 0.7 },
      { key_result_id: 'KR2', check_ins: 2, last: '2026-02-06', lowest: 0.6 },
      { key_result_id: 'KR3', check_ins: 2, last: '2026-02-13', lowest: 0.5 },
      { key_result_id: 'KR4', check_ins: 1, last: '2026-01-30', lowest: 0.8 },
      { key_result_id: 'KR5', check_ins: 2, last: '2026-02-13', lowest: 0.4 },
    ]);
    // Caller's buffers are not handed over to the worker (DuckDB-WASM would detach them).
    expect(parquetBytes.byteLength).toBeGreaterThan(0);
    // Comma decimals in the CSV read as numbers.
    expect(await queryRows(db, "SELECT start_value FROM key_results WHERE key_result_id = 'KR2'")).toEqual([{ start_value: 98.5 }]);
  });

  it("a CSV given as the caller's ArrayBuffer loads and the buffer stays whole", async () => {
    const csv = 'objective_id,title\nO1,Grow revenue\n';
    const buffer = new TextEncoder().encode(csv).buffer;
    const report = await loadSources(db, [{ name: 'objectives.csv', data: buffer }]);
    expect(report.tables.objectives).toBe(1);
    expect(buffer.byteLength).toBe(csv.length);
    expect(new TextDecoder().decode(buffer)).toBe(csv);
  });

  it('a CSV string with a bad row and garbage bytes come back as diagnostics, not exceptions', async () => {
    const report = await loadSources(db, [
      { name: 'more-checkins.csv', data: checkinsCsv.replace('KR2;2026-02-06;101,2', 'KR2;someday;101,2'), table: 'check_ins' },
      { name: 'photo.csv', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1]).buffer },
    ]);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(({ code, file, row, column }) => ({ code, file, row, column }))).toEqual([
      { code: 'encoding', file: 'photo.csv', row: undefined, column: undefined },
      // Row 6's date is garbled (rows as a spreadsheet numbers them: the header is row 1); the other nine repeat check-ins the first test loaded.
      ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((row) =>
        row === 6
          ? { code: 'unparseable', file: 'more-checkins.csv', row, column: 'checked_at' }
          : { code: 'duplicate-id', file: 'more-checkins.csv', row, column: 'key_result_id' },
      ),
    ]);
  });
});
