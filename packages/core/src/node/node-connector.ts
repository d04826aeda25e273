import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { Connector } from '../connector.js';
import { KeptStatements } from '../connector.js';
import { DUCKDB_OPEN_CONFIG, STARTUP_SQL } from '../connector.js';
import type { SqlParam } from '../sql.js';
import { paramsFromVariable, setParamsSql } from '../parameters-variable.js';

// The blocking Node build of DuckDB-WASM: the same engine (and the same
// loading code paths) as the browser, synchronous, no worker. Its CJS build
// requires its own Arrow copy, so results cross as IPC bytes and are decoded
// with ours (two Arrow copies fail silently otherwise; TOOLCHAIN.md).
type Bindings = import('@duckdb/duckdb-wasm/blocking').DuckDBBindings;

const require = createRequire(import.meta.url);

interface Engine {
  db: Bindings;
  conn: number;
  /** The prepared `SET VARIABLE` statement per number of values (see parameters-variable.ts). */
  setParams: Map<number, number>;
  /** `queryKept`'s statements. */
  kept: KeptStatements<number>;
}

/**
 * Engines whose connector closed, kept for the next connector of this process: instantiating the
 * wasm module costs about a second (most of a small CLI run or test), opening a new in-memory
 * database in an instantiated one a few milliseconds. Bounded, so a burst of connectors does not
 * keep their heaps.
 */
const idleEngines: Bindings[] = [];
const MAX_IDLE_ENGINES = 2;

function openDatabase(db: Bindings): Engine {
  db.open({ ...DUCKDB_OPEN_CONFIG });
  const conn = db.connect().useUnsafe((_b, id) => id);
  for (const sql of STARTUP_SQL) db.runQuery(conn, sql);
  return { db, conn, setParams: new Map(), kept: new KeptStatements((id) => db.closePrepared(conn, id)) };
}

async function startEngine(): Promise<Engine> {
  const idle = idleEngines.pop();
  if (idle) return openDatabase(idle);
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  return openDatabase(db);
}

/**
 * Connector for Node (tests, the CLI, benchmarks) on the blocking DuckDB-WASM
 * build. Starts on first use; concurrent first calls share one start-up.
 */
export class NodeConnector implements Connector {
  private engine: Promise<Engine> | null = null;
  private closed = false;

  private start(): Promise<Engine> {
    if (this.closed) return Promise.reject(new Error('connector is closed'));
    this.engine ??= startEngine();
    return this.engine;
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    const { db, conn, setParams } = await this.start();
    if (params.length === 0) return tableFromIPC(db.runQuery(conn, sql));
    const planOnce = paramsFromVariable(sql, params.length);
    if (planOnce !== null) {
      let set = setParams.get(params.length);
      if (set === undefined) setParams.set(params.length, (set = db.createPrepared(conn, setParamsSql(params.length))));
      // Synchronous: nothing runs between setting the values and the statement that reads them.
      db.runPrepared(conn, set, [...params]);
      return tableFromIPC(db.runQuery(conn, planOnce));
    }
    const stmt = db.createPrepared(conn, sql);
    try {
      return tableFromIPC(db.runPrepared(conn, stmt, [...params]));
    } finally {
      db.closePrepared(conn, stmt);
    }
  }

  async queryKept(sql: string, params: readonly SqlParam[]): Promise<Table> {
    const { db, conn, kept } = await this.start();
    return tableFromIPC(db.runPrepared(conn, kept.get(sql, () => db.createPrepared(conn, sql)), [...params]));
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    const { db, conn } = await this.start();
    db.insertArrowFromIPCStream(conn, ipc, { name: table, create: options.create ?? false });
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<void> {
    const { db } = await this.start();
    db.registerFileBuffer(name, bytes);
  }

  async dropFile(name: string): Promise<void> {
    const { db } = await this.start();
    db.dropFile(name);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const engine = this.engine;
    this.engine = null;
    if (engine) {
      const { db, conn } = await engine;
      db.disconnect(conn);
      db.dropFiles(); // registered files outlive a reset
      db.reset(); // drops the database and its settings: the next open starts clean
      if (idleEngines.length < MAX_IDLE_ENGINES) idleEngines.push(db);
    }
  }
}
