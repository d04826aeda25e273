import type { Connector } from '@plumb/core';

/**
 * What a scenario gets, in the Chromium page, after the sample organisation
 * at `people` has been loaded into `connector`.
 */
export interface BenchContext {
  /** A WasmConnector holding every canonical table of the sample at `people`. */
  connector: Connector;
  people: number;
  /** An empty element sized 1280×800, attached to the document. */
  container: HTMLElement;
  /** Run `fn`, return how long it took in ms; also recorded under `label` in the results. */
  time(label: string, fn: () => unknown): Promise<number>;
  /** Resolves after two animation frames: what was rendered before has been painted. */
  nextFrame(): Promise<void>;
}

/** A measurement other helpers add as `packages/bench/scenarios/<name>.bench.ts` (default export). */
export interface BenchScenario {
  name: string;
  /** Sizes (people) to run at; default: every size of the run. */
  sizes?: number[];
  /**
   * `wasm` (default): after the Parquet load into DuckDB-WASM in the page. `http`: `ctx.connector` is an
   * HttpConnector to native DuckDB in the bench process (`plumb serve`'s handler), holding the same files;
   * no load in the page, so it runs at 1,000,000 people.
   */
  runtime?: 'wasm' | 'http';
  /** Timings (ms) or other numbers to print; merged over what `ctx.time` recorded. */
  run(ctx: BenchContext): Promise<Record<string, number>>;
}
