import * as duckdb from '@duckdb/duckdb-wasm';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { Connector } from '../connector.js';
import { KeptStatements } from '../connector.js';
import { DUCKDB_OPEN_CONFIG, STARTUP_SQL } from '../connector.js';
import type { SqlParam } from '../sql.js';
import { paramsFromVariable, setParamsSql } from '../parameters-variable.js';

/** Where the DuckDB-WASM worker and wasm files are served from. */
export interface DuckDBAssets {
  mvp: { mainModule: string; mainWorker: string };
  eh?: { mainModule: string; mainWorker: string };
}

export interface WasmConnectorOptions {
  /**
   * Explicit asset URLs (e.g. from a bundler's `?url` imports in an app).
   * Takes precedence over `assetBase`.
   */
  assets?: DuckDBAssets;
  /**
   * Folder (URL) holding `duckdb-mvp.wasm`, `duckdb-eh.wasm`,
   * `duckdb-browser-mvp.worker.js`, `duckdb-browser-eh.worker.js`.
   * Default: `./duckdb/` beside this module — self-hosted, never a CDN.
   */
  assetBase?: string | URL;
  /** Log DuckDB's messages to the console. */
  debug?: boolean;
}

/** The asset set found in one folder, as the standalone build lays it out. */
export function assetsAt(base: string | URL): DuckDBAssets {
  const at = (file: string) => new URL(file, base).href;
  return {
    mvp: { mainModule: at('duckdb-mvp.wasm'), mainWorker: at('duckdb-browser-mvp.worker.js') },
    eh: { mainModule: at('duckdb-eh.wasm'), mainWorker: at('duckdb-browser-eh.worker.js') },
  };
}

interface Engine {
  db: duckdb.AsyncDuckDB;
  worker: Worker;
  conn: number;
}

/**
 * The embedded default: DuckDB-WASM in a worker, loaded on first use. Every
 * request goes to the configured asset URLs and nowhere else.
 */
export class WasmConnector implements Connector {
  private engine: Promise<Engine> | null = null;
  private closed = false;
  /** The worker of a start-up still in progress, so `close()` can end it at once. */
  private startingWorker: Worker | null = null;
  /** Rejects when `close()` is called: a start-up in progress gives up instead of hanging. */
  private readonly closing = new AbortController();
  /** The prepared `SET VARIABLE` statement per number of values (see parameters-variable.ts). */
  private readonly setParams = new Map<number, Promise<number>>();
  /** `queryKept`'s prepared statements (made on first use: they need the engine). */
  private kept: KeptStatements<Promise<number>> | null = null;
  /** Set when the worker failed (missing or blocked asset, crash, out of memory): every call then rejects with it. */
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private fail: (error: Error) => void = () => undefined;

  constructor(private readonly options: WasmConnectorOptions = {}) {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = (error) => {
        if (this.failure) return;
        this.failure = error;
        reject(error);
      };
    });
    this.failed.catch(() => undefined);
  }

  /** Resolves with the error when the worker fails after start-up (a crash): the embedder can show it and reload. */
  whenFailed(): Promise<Error> {
    return this.failed.catch((error: Error) => error);
  }

  /** Resolves once DuckDB is running (starting it if needed). */
  ready(): Promise<void> {
    return this.start().then(() => undefined);
  }

  private start(): Promise<Engine> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('connector is closed'));
    this.engine ??= this.startEngine();
    return this.engine;
  }

  private async startEngine(): Promise<Engine> {
    const assets =
      this.options.assets ?? assetsAt(this.options.assetBase ?? new URL(/* @vite-ignore */ './duckdb/', import.meta.url));
    const bundle = await duckdb.selectBundle(assets as duckdb.DuckDBBundles);
    if (this.closed) throw new Error('connector is closed');
    const worker = new Worker(bundle.mainWorker!);
    this.startingWorker = worker;
    // A worker that cannot load (404, CSP) or dies later fires `error`; DuckDB-WASM itself never answers then.
    worker.addEventListener('error', (event) => {
      const detail = (event as ErrorEvent).message;
      this.fail(
        new Error(
          this.startingWorker === worker
            ? `the DuckDB worker could not start from ${bundle.mainWorker}${detail ? ` (${detail})` : ''}: check that asset-base names the folder holding duckdb-browser-eh.worker.js and duckdb-eh.wasm, and that the page's CSP allows them`
            : `the DuckDB worker stopped${detail ? ` (${detail})` : ''}, perhaps out of memory; load the data again`,
        ),
      );
    });
    // A missing wasm file makes the worker fail without an error event: ask for both files at once, beside the start-up.
    void checkAsset(bundle.mainModule).then((problem) => problem && this.fail(new Error(problem)));
    const logger = this.options.debug ? new duckdb.ConsoleLogger() : new duckdb.VoidLogger();
    const db = new duckdb.AsyncDuckDB(logger, worker);
    // A terminated worker never answers, so every step also races `close()`.
    const closed = new Promise<never>((_, reject) => {
      const fail = () => reject(new Error('connector is closed'));
      if (this.closing.signal.aborted) fail();
      else this.closing.signal.addEventListener('abort', fail, { once: true });
    });
    closed.catch(() => undefined);
    const step = <T>(p: Promise<T>) => Promise.race([p, closed, this.failed]);
    try {
      await step(db.instantiate(bundle.mainModule, bundle.pthreadWorker));
      await step(db.open({ ...DUCKDB_OPEN_CONFIG }));
      const conn = await step(db.connectInternal());
      for (const sql of STARTUP_SQL) await step(db.runQuery(conn, sql));
      this.startingWorker = null;
      return { db, worker, conn };
    } catch (error) {
      this.startingWorker = null;
      worker.terminate();
      if (this.closed) throw new Error('connector is closed');
      if (error === this.failure) throw error;
      throw new Error(
        `DuckDB-WASM could not start from ${bundle.mainModule}: ${(error as Error).message ?? error}`,
        { cause: error },
      );
    }
  }

  /** A call to the worker that rejects at once if the worker fails meanwhile (it would never answer). */
  private live<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.failed]);
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    const { db, conn } = await this.start();
    if (params.length === 0) return tableFromIPC(await this.live(db.runQuery(conn, sql)));
    const planOnce = paramsFromVariable(sql, params.length);
    if (planOnce !== null) {
      let prepared = this.setParams.get(params.length);
      if (!prepared) {
        this.setParams.set(params.length, (prepared = db.createPrepared(conn, setParamsSql(params.length))));
        prepared.catch(() => this.setParams.delete(params.length));
      }
      const set = await this.live(prepared);
      // Both messages posted in one turn: the worker runs them back to back, so no other query's values
      // come between (and the answer costs one round trip, not the two of prepare-then-run).
      const setting = this.live(db.runPrepared(conn, set, [...params]));
      const running = this.live(db.runQuery(conn, planOnce));
      running.catch(() => undefined);
      await setting;
      return tableFromIPC(await running);
    }
    const stmt = await this.live(db.createPrepared(conn, sql));
    try {
      return tableFromIPC(await this.live(db.runPrepared(conn, stmt, [...params])));
    } finally {
      // Not waited for: the worker takes messages in order, so the statement is closed before any later
      // call runs, and the answer is not held back by a third round trip (a session change's repaint
      // runs a dozen parameterised queries).
      if (!this.failure) db.closePrepared(conn, stmt).catch(() => undefined);
    }
  }

  async queryKept(sql: string, params: readonly SqlParam[]): Promise<Table> {
    const { db, conn } = await this.start();
    const kept = (this.kept ??= new KeptStatements((id) => db.closePrepared(conn, id)));
    const prepared = kept.get(sql, () => {
      const made = db.createPrepared(conn, sql);
      made.catch(() => kept.drop(sql));
      return made;
    });
    // One message binds and runs: another call's values never come between.
    return tableFromIPC(await this.live(db.runPrepared(conn, await this.live(prepared), [...params])));
  }

  /**
   * The running AsyncDuckDB, for a library that shares this database through its own connection
   * (the bench draws Mosaic's peer figures from the very tables Plumb loaded).
   */
  async asyncDuckDB(): Promise<duckdb.AsyncDuckDB> {
    return (await this.start()).db;
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    const { db, conn } = await this.start();
    await this.live(db.insertArrowFromIPCStream(conn, ipc, { name: table, create: options.create ?? false }));
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<void> {
    const { db } = await this.start();
    await this.live(db.registerFileBuffer(name, bytes));
  }

  async dropFile(name: string): Promise<void> {
    const { db } = await this.start();
    await this.live(db.dropFile(name));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const engine = this.engine;
    this.engine = null;
    if (!engine) return;
    if (this.startingWorker) {
      // Still starting: end the worker now rather than wait for a database nobody will use.
      this.startingWorker.terminate();
      this.startingWorker = null;
      this.closing.abort();
      await engine.catch(() => undefined);
      return;
    }
    this.closing.abort();
    try {
      const { db, worker, conn } = await engine;
      await db.disconnect(conn).catch(() => undefined);
      await db.terminate();
      worker.terminate();
    } catch {
      // Start-up failed; nothing left to release.
    }
  }
}

/** Why an engine file cannot be had (HTTP status, network), or null when it answers. */
async function checkAsset(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    const advice = 'check that asset-base names the folder holding duckdb-eh.wasm and duckdb-browser-eh.worker.js';
    if (!response.ok) return `the DuckDB engine file ${url} answers HTTP ${response.status}: ${advice}`;
    // A server that answers every unknown path with its home page (a single-page-app fallback).
    if (/text\/html/i.test(response.headers.get('content-type') ?? '')) return `the DuckDB engine file ${url} is a web page, not the engine: ${advice}`;
    return null;
  } catch {
    // A network or CSP refusal of this probe says nothing certain about the worker's own fetch: let it tell.
    return null;
  }
}
