// The first-run goals of issue 10, in one page, with the floor measured beside them:
// - <plumb-data> ready (schema created) ≤ DuckDB-WASM instantiation + 100 ms;
// - the 600-person sample dropped as files → first chart drawn ≤ 1.2 × (instantiation + raw read_csv of the same files).
// Each part starts a fresh DuckDB-WASM worker, as a page does.
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { CANONICAL_TABLES, quoteIdentifier, quoteLiteral } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import '../../elements/src/plumb-data/plumb-data.define.js';
import '../../elements/src/rating-distribution/rating-distribution.define.js';
import type { BenchScenario } from '../src/scenario.js';

const assets = { mvp: { mainModule: mvpModule, mainWorker: mvpWorker }, eh: { mainModule: ehModule, mainWorker: ehWorker } };

async function sampleFiles(people: number): Promise<File[]> {
  return Promise.all(
    CANONICAL_TABLES.map(async (t) => new File([await (await fetch(`/data/${people}-s1/csv/${t}.csv`)).arrayBuffer()], `${t}.csv`)),
  );
}

const scenario: BenchScenario = {
  name: 'plumb-data-ready',
  sizes: [600],
  async run(ctx) {
    const files = await sampleFiles(ctx.people);
    // Floor: instantiation alone, then raw read_csv (auto-detect) of every file, in a fresh worker.
    let t = performance.now();
    const raw = new WasmConnector({ assets });
    await raw.ready();
    const instantiate = performance.now() - t;
    t = performance.now();
    for (const f of files) {
      const name = `floor_${f.name}`;
      await raw.registerFile(name, new Uint8Array(await f.arrayBuffer()));
      await raw.query(`CREATE TABLE ${quoteIdentifier(name.replace('.csv', ''))} AS SELECT * FROM read_csv(${quoteLiteral(name)})`);
    }
    const readCsv = performance.now() - t;
    await raw.close();

    // <plumb-data> ready: schema created (its `prepare` hook runs right after), no files.
    const ready = document.createElement('plumb-data');
    ready.assets = assets;
    t = performance.now();
    const readyMs = await new Promise<number>((resolve) => {
      ready.prepare = async () => resolve(performance.now() - t);
      ctx.container.append(ready);
    });
    ready.remove();

    // The sample dropped as files → the rating distribution drawn.
    const data = document.createElement('plumb-data');
    data.assets = assets;
    const chart = document.createElement('plumb-rating-distribution');
    data.append(chart);
    t = performance.now();
    const firstChart = await new Promise<number>((resolve) => {
      chart.addEventListener('plumb-rendered', () => resolve(performance.now() - t), { once: true });
      data.files = files;
      ctx.container.append(data);
    });
    data.remove();
    return {
      'DuckDB-WASM instantiation (ms)': instantiate,
      'raw read_csv of the 12 files (ms)': readCsv,
      '<plumb-data> ready, schema created (ms)': readyMs,
      'ready − instantiation (goal ≤ 100) (ms)': readyMs - instantiate,
      'files dropped → first chart (ms)': firstChart,
      'first chart ÷ (instantiation + read_csv) (goal ≤ 1.2)': firstChart / (instantiate + readCsv),
    };
  },
};
export default scenario;
