// The Chromium side of the bench: playwright calls window.plumbBench step by step
// (each step under its own timeout), so a step that dies is reported, not hung on.
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import initParquet, { readParquet } from 'parquet-wasm/esm';
import { burndownQuery, calibrationReportQuery, cascadeQuery, createSchema, draftAssessment, nineBoxQuery, personEvidence, startPreAggregates, type NamedQuery } from '@plumb/core';
import { reviewPicks } from '../scenarios/review.bench.js';
import { WasmConnector } from '@plumb/core/wasm';
import { LOADER, TABLES, loadAllFiles, loadFloor, loadTableFile, runAggregate, type BenchFormat, type BenchLoadResult } from '../src/load-files.js';
import type { BenchContext, BenchScenario } from '../src/scenario.js';

const scenarioModules = import.meta.glob<{ default: BenchScenario }>('../scenarios/*.bench.ts');

let connector: WasmConnector | null = null;
let parquetReady: Promise<unknown> | null = null;

function heapMB(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 1e6 : null;
}

const bench = {
  loader: LOADER,
  /** DuckDB-WASM instantiated, then the schema created: both times, so "ready" can be set against instantiation. */
  async start(options: { plainFetch?: boolean } = {}): Promise<{ ms: number; instantiateMs: number }> {
    const t = performance.now();
    const abs = (u: string) => new URL(u, location.href).href;
    // Experiment (issue 20): a worker without TransformStream makes DuckDB-WASM compile from fetch()'s own response.
    const ehMain = options.plainFetch
      ? URL.createObjectURL(new Blob([`self.TransformStream = undefined; importScripts(${JSON.stringify(abs(ehWorker))});`], { type: 'text/javascript' }))
      : ehWorker;
    connector = new WasmConnector({
      assets: { mvp: { mainModule: abs(mvpModule), mainWorker: mvpWorker }, eh: { mainModule: abs(ehModule), mainWorker: ehMain } },
    });
    await connector.ready();
    const instantiateMs = performance.now() - t;
    await createSchema(connector);
    return { ms: performance.now() - t, instantiateMs };
  },
  /** Fetch every table file and read it with DuckDB alone (the raw floor); the time includes the fetches. */
  async loadFloor(format: BenchFormat, urls: Record<string, string>): Promise<number> {
    if (!connector) throw new Error('start() first');
    if (format === 'parquet') parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
    await parquetReady;
    const t = performance.now();
    const files = await fetchTables(urls);
    const fetched = performance.now() - t;
    return fetched + (await loadFloor(connector, format, files, (b) => readParquet(b).intoIPCStream()));
  },
  /** Fetch and load one table file; returns the rows in the table and the load time (fetch included). */
  async loadTable(table: (typeof TABLES)[number], format: BenchFormat, url: string): Promise<{ ms: number; rows: number }> {
    if (!connector) throw new Error('start() first');
    if (format === 'parquet') parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
    await parquetReady;
    const t = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const rows = await loadTableFile(connector, table, format, bytes, (b) => readParquet(b).intoIPCStream());
    return { ms: performance.now() - t, rows };
  },
  /** Fetch every table file and load them in one go; the time includes the fetches. */
  async loadAll(format: BenchFormat, urls: Record<string, string>): Promise<BenchLoadResult & { ms: number }> {
    if (!connector) throw new Error('start() first');
    if (format === 'parquet') parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
    await parquetReady;
    const t = performance.now();
    const files = await fetchTables(urls);
    const result = await loadAllFiles(connector, format, files, (b) => readParquet(b).intoIPCStream(), { parquetWasm: parquetWasmUrl });
    return { ...result, ms: performance.now() - t };
  },
  /**
   * `loadAll` with every connector call timed (prof/load-prof-chromium.ts): the calls, the time spent
   * waiting on the worker, and the whole load, so fixed per-call costs show beside the SQL's own.
   */
  async profileLoad(format: BenchFormat, urls: Record<string, string>): Promise<{ ms: number; calls: { sql: string; ms: number }[] }> {
    if (!connector) throw new Error('start() first');
    const calls: { sql: string; ms: number }[] = [];
    const target = connector as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const originals = new Map<string, (...a: unknown[]) => Promise<unknown>>();
    for (const method of ['query', 'insertArrowIPC', 'registerFile', 'dropFile']) {
      const original = target[method]!.bind(connector);
      originals.set(method, target[method]!);
      target[method] = async (...args: unknown[]) => {
        const s = performance.now();
        try {
          return await original(...args);
        } finally {
          calls.push({ sql: `${method === 'query' ? '' : `${method} `}${String(args[0]).replace(/\s+/g, ' ')}${Array.isArray(args[1]) && args[1].length ? ' [params]' : ''}`, ms: performance.now() - s });
        }
      };
    }
    try {
      const loaded = await this.loadAll(format, urls);
      return { ms: loaded.ms, calls };
    } finally {
      for (const [method, original] of originals) target[method] = original;
    }
  },
  /**
   * One person's review (evidence + default draft) for each of the review scenario's people, `rounds` times,
   * with every connector call timed (prof/review-prof-chromium.ts): the first round is the cold one.
   */
  async profileReview(rounds: number): Promise<{ person: string; round: number; ms: number; calls: { sql: string; ms: number }[] }[]> {
    if (!connector) throw new Error('start() first');
    const inner = connector;
    let calls: { sql: string; ms: number }[] = [];
    const timed = new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key !== 'query' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (sql: string, params?: unknown[]) => {
          const s = performance.now();
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).call(target, sql, params);
          } finally {
            calls.push({ sql: sql.replace(/\s+/g, ' ') + (params?.length ? ' [params]' : ''), ms: performance.now() - s });
          }
        };
      },
    });
    const picks = await reviewPicks(inner);
    const out = [];
    for (let round = 0; round < rounds; round++) {
      for (const { person_id } of picks) {
        calls = [];
        const t = performance.now();
        await draftAssessment(await personEvidence(timed, { person: person_id }));
        out.push({ person: person_id, round, ms: performance.now() - t, calls });
      }
    }
    return out;
  },
  /** Load files given as base64 (a tiny set, to warm the engine), then drop everything again. */
  async loadGiven(format: BenchFormat, given: Record<string, string>): Promise<number> {
    if (!connector) throw new Error('start() first');
    if (format === 'parquet') parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
    await parquetReady;
    const t = performance.now();
    const files = TABLES.map((table) => ({ table, bytes: Uint8Array.from(atob(given[table]!), (c) => c.charCodeAt(0)) }));
    await loadAllFiles(connector, format, files, (b) => readParquet(b).intoIPCStream(), { parquetWasm: parquetWasmUrl });
    await this.reset();
    return performance.now() - t;
  },
  /** Drop every table and create the empty schema again (a profile's second load into the same warm engine). */
  async reset(): Promise<void> {
    if (!connector) throw new Error('start() first');
    const tables = await connector.query("SELECT table_name FROM duckdb_tables() WHERE NOT internal");
    for (const name of tables.getChild('table_name')!.toArray() as string[]) await connector.query(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
    await createSchema(connector);
  },
  async query(): Promise<{ ms: number; groups: number }> {
    if (!connector) throw new Error('start() first');
    const t = performance.now();
    const groups = await runAggregate(connector);
    return { ms: performance.now() - t, groups };
  },
  /**
   * The burn-down's and the cascade's builds from scratch, `rounds` times each in turn (prof/code-cache.ts):
   * the first build in a page beside later ones, ms per build.
   */
  async repeatBuilds(rounds: number): Promise<Record<string, number>> {
    if (!connector) throw new Error('start() first');
    const { invalidateDerived, queryCascadeView } = await import('@plumb/core');
    const { prepareBurndown } = await import('../../core/src/burndown/query.js');
    const out: Record<string, number> = {};
    for (let r = 0; r < rounds; r++) {
      for (const [name, build] of [['burn-down', () => prepareBurndown(connector!)], ['cascade', () => queryCascadeView(connector!, {})]] as const) {
        invalidateDerived(connector);
        const t = performance.now();
        await build();
        out[`build ${r} ${name}`] = performance.now() - t;
      }
    }
    return out;
  },
  /** `createSchema` on the loaded data, `n` times (ms each): what <plumb-data> sends first when handed a connector. */
  async timeSchema(n: number): Promise<number[]> {
    if (!connector) throw new Error('start() first');
    const out = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await createSchema(connector);
      out.push(performance.now() - t);
    }
    return out;
  },
  /**
   * The four views' first render under one <plumb-data> (the all-views scenario's first step) with every message to and
   * from the DuckDB worker logged (prof/first-render-chromium.ts sets it against a Chromium trace): what was posted when,
   * when its answer's handling ended on the main thread, when each view first drew, each build's own time.
   */
  async profileFirstRender(which: 'all-views' | 'burndown' | 'burndown-today' | 'cascade+burndown' = 'all-views', order?: string[]): Promise<{
    t0: number;
    posts: { id: number; type: string; sql: string; t: number }[];
    answers: { id: number; t: number }[];
    drawn: Record<string, number>;
    builds: { query: string; ms: number }[];
    total: number;
  }> {
    if (!connector) throw new Error('start() first');
    await import('../../elements/src/index.js');
    const { worker } = await (connector as unknown as { engine: Promise<{ worker: Worker }> }).engine;
    const posts: { id: number; type: string; sql: string; t: number }[] = [];
    const answers: { id: number; t: number }[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = ((message: { messageId: number; type: string; data: unknown }, transfer?: Transferable[]) => {
      const data = message.data;
      const sql = Array.isArray(data) ? data.map((d) => (typeof d === 'string' ? d : typeof d === 'number' ? String(d) : '')).join(' ') : '';
      posts.push({ id: message.messageId, type: message.type, sql: sql.replace(/\s+/g, ' ').slice(0, 200), t: performance.now() });
      post(message, transfer ?? []);
    }) as Worker['postMessage'];
    const onAnswer = (event: MessageEvent<{ requestId: number }>) => answers.push({ id: event.data.requestId, t: performance.now() });
    worker.addEventListener('message', onAnswer);
    const container = document.getElementById('container')!;
    container.replaceChildren();
    type View = HTMLElement & { settled(): Promise<void>; connector: unknown; asOf?: string; by?: string; coordinator?: { preAggregates: Promise<{ query: string; ms: number }[]> } };
    const data = document.createElement('plumb-data') as HTMLElement & { connector: unknown; hideDiagnostics: boolean; coordinator: { preAggregates: Promise<{ query: string; ms: number }[]> } };
    data.hideDiagnostics = true;
    data.classList.add('bench-grid');
    // 'burndown': the burn-down scenario's first view (its own connector, as of week 7, by cycle).
    const tags = order ? order.map((t) => `plumb-${t}`) : which === 'burndown' || which === 'burndown-today' ? ['plumb-confidence-burndown'] : which === 'cascade+burndown' ? ['plumb-cascade-tree', 'plumb-confidence-burndown'] : ['plumb-cascade-tree', 'plumb-confidence-burndown', 'plumb-rating-distribution', 'plumb-nine-box'];
    const views = tags.map((tag) => document.createElement(tag) as View);
    const drawn: Record<string, number> = {};
    performance.mark('plumb-t0');
    const t0 = performance.now();
    for (const v of views) v.addEventListener('plumb-rendered', () => { drawn[v.localName] = performance.now() - t0; performance.mark(`drawn ${v.localName}`); }, { once: true });
    if (which !== 'all-views') {
      // Each view on its own connector, one after another (the cascade's build first, then the burn-down's).
      for (const el of views) {
        // 'burndown-today': as all-views draws it (no as-of: today, after the sample's cycle, so all its weeks).
        if (el.localName === 'plumb-confidence-burndown' && which !== 'burndown-today') {
          el.style.width = '1000px';
          el.asOf = '2026-08-12';
          el.by = 'cycle';
        }
        el.connector = connector;
        container.append(el);
        await el.settled();
      }
    } else {
      data.append(...views);
      const loaded = new Promise<void>((resolve) => data.addEventListener('plumb-load', () => resolve(), { once: true }));
      data.connector = connector;
      container.append(data);
      await loaded;
    }
    await Promise.all(views.map((v) => v.settled()));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const total = performance.now() - t0;
    const builds = which !== 'all-views' ? [] : await data.coordinator.preAggregates;
    worker.postMessage = post;
    worker.removeEventListener('message', onAnswer);
    container.replaceChildren();
    return { t0, posts: posts.map((p) => ({ ...p, t: p.t - t0 })), answers: answers.map((a) => ({ ...a, t: a.t - t0 })), drawn, builds, total };
  },
  /**
   * Engines side by side (prof/two-engines.ts): `engines` DuckDB-WASM workers each fetch and load the same files at once,
   * then the four views' pre-aggregates are built — with two engines the calibration views' on the first and the
   * burn-down's and cascade's on the second, at once; with one, all four on it in turn. Times from the start of the loads.
   */
  async profileEngines(format: BenchFormat, urls: Record<string, string>, engines: 1 | 2): Promise<{ loaded: number[]; built: Record<string, number>; total: number }> {
    if (format === 'parquet') parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
    await parquetReady;
    const abs = (u: string) => new URL(u, location.href).href;
    const make = async () => {
      const c = new WasmConnector({ assets: { mvp: { mainModule: abs(mvpModule), mainWorker: mvpWorker }, eh: { mainModule: abs(ehModule), mainWorker: ehWorker } } });
      await c.ready();
      await createSchema(c);
      return c;
    };
    const engineList = await Promise.all(Array.from({ length: engines }, make));
    const t0 = performance.now();
    const loaded: number[] = [];
    await Promise.all(engineList.map(async (c) => {
      const files = await fetchTables(urls);
      await loadAllFiles(c, format, files, (b) => readParquet(b).intoIPCStream(), { parquetWasm: parquetWasmUrl });
      loaded.push(performance.now() - t0);
    }));
    const calibration = [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[];
    const okr = [burndownQuery, cascadeQuery] as NamedQuery<never, unknown>[];
    const split = engines === 2 ? [calibration, okr] : [[...calibration, ...okr]];
    const built: Record<string, number> = {};
    await Promise.all(split.map(async (queries, i) => {
      for (const build of startPreAggregates(engineList[i]!, queries).values()) {
        const b = await build;
        if (b.error) throw new Error(`${b.query}: ${b.error}`);
        built[b.query] = performance.now() - t0;
      }
    }));
    const total = performance.now() - t0;
    for (const c of engineList) await c.close();
    return { loaded, built, total };
  },
  /** Run `scenarios/<file>.bench.ts`; null when its `sizes` leave this size out. */
  async runScenario(file: string, people: number): Promise<{ name: string; metrics: Record<string, number> } | null> {
    if (!connector) throw new Error('start() first');
    for (const [path, load] of Object.entries(scenarioModules)) {
      if (path !== `../scenarios/${file}.bench.ts`) continue;
      const scenario = (await load()).default;
      if (scenario.sizes && !scenario.sizes.includes(people)) return null;
      const container = document.getElementById('container')!;
      container.replaceChildren();
      const recorded: Record<string, number> = {};
      const ctx: BenchContext = {
        connector,
        people,
        container,
        async time(label, fn) {
          const t = performance.now();
          await fn();
          const ms = performance.now() - t;
          recorded[label] = ms;
          return ms;
        },
        nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      };
      const result = await scenario.run(ctx);
      container.replaceChildren();
      return { name: scenario.name, metrics: { ...recorded, ...result } };
    }
    throw new Error(`no scenario file ${file}.bench.ts`);
  },
  /** For `http` scenarios: query native DuckDB in the bench process through plumb serve's protocol. */
  async useHttp(url: string): Promise<void> {
    const { HttpConnector } = await import('@plumb/core');
    connector = new HttpConnector({ url }) as unknown as WasmConnector;
  },
  heapMB,
  async close(): Promise<void> {
    await connector?.close();
    connector = null;
  },
};

declare global {
  interface Window {
    plumbBench: typeof bench;
  }
}
window.plumbBench = bench;
document.title = 'Plumb bench: ready';

/** Every table file's bytes, fetched one after another (the load's and the floor's times include the fetches). */
async function fetchTables(urls: Record<string, string>): Promise<{ table: (typeof TABLES)[number]; bytes: Uint8Array }[]> {
  const files = [];
  for (const table of TABLES) {
    const response = await fetch(urls[table]!);
    if (!response.ok) throw new Error(`${urls[table]}: HTTP ${response.status}`);
    files.push({ table, bytes: new Uint8Array(await response.arrayBuffer()) });
  }
  return files;
}
