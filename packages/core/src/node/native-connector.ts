import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, Table, Type, Utf8, tableFromIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { Connector } from '../connector.js';
import { STARTUP_SQL } from '../connector.js';
import { quoteIdentifier, quoteLiteral, type SqlParam } from '../sql.js';
import { tableToRows } from '../arrow-rows.js';
import { float64Vector, utf8Vector } from '../arrow-build.js';
import { paramType, paramsFromVariable, setParamsSql } from '../parameters-variable.js';

type NodeApi = typeof import('@duckdb/node-api');
type Connection = import('@duckdb/node-api').DuckDBConnection;
type Instance = import('@duckdb/node-api').DuckDBInstance;
type Prepared = import('@duckdb/node-api').DuckDBPreparedStatement;
type Reader = import('@duckdb/node-api').DuckDBResultReader;

interface Engine {
  api: NodeApi;
  instance: Instance;
  connection: Connection;
  /** Where `registerFile` puts bytes; DuckDB finds them there by bare name (`file_search_path`). */
  files: string;
}

export interface NativeConnectorOptions {
  /** DuckDB database file (default: in memory). */
  path?: string;
  /** e.g. `{ memory_limit: '8GB', threads: '2' }`. */
  config?: Record<string, string>;
  /**
   * Connections beside the main one for `queryWithin` (default 4): one slow statement holds one
   * of them, not the database.
   */
  readers?: number;
  /**
   * Connections beside the main one that statements run on side by side inside `runPooled` (default 2):
   * a server answers several named queries at once instead of one statement after another. The derived
   * tables they read are ordinary tables, seen from every connection.
   */
  connections?: number;
}

/** What `runPooled` gives the statements run inside it. */
interface PooledRun {
  connector: NativeConnector;
  /** Aborted (time-out, client gone): the statement running for this work is interrupted. */
  signal?: AbortSignal;
}

const pooledRun = new AsyncLocalStorage<PooledRun>();

/** How `queryWithin` bounds a statement. */
export interface StatementLimits {
  /** Abort (time-out, client gone): the running statement is interrupted. */
  signal?: AbortSignal;
  /** Rows read at most; a result with more is refused (`ResultTooLargeError`) without reading the rest. */
  maxRows?: number;
}

export class ResultTooLargeError extends Error {}

/** Every reader connection is busy: the caller answers "try again" instead of queueing. */
export class BusyError extends Error {}

/** How often an aborted statement is interrupted again until it has stopped. */
const INTERRUPT_REPEAT_MS = 50;

/**
 * Connections beside the main one, opened on demand up to `max`, each running one statement at a time.
 * When all are busy a caller waits its turn (first come first served) or, with `whenFull`, is refused.
 */
class ConnectionPool {
  private readonly free: Connection[] = [];
  private open = 0;
  private readonly waiting: { resolve: (connection: Connection) => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly max: number,
    private readonly whenFull?: () => Error,
  ) {}

  /** Connections running a statement now. */
  get busy(): number {
    return this.open - this.free.length;
  }

  /** A free connection; a caller waiting for one leaves the queue when `signal` aborts (a time-out, a departed client). */
  async acquire(instance: Instance, signal?: AbortSignal): Promise<Connection> {
    const idle = this.free.pop();
    if (idle) return idle;
    if (this.open < this.max) {
      this.open++;
      try {
        return await instance.connect();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    if (this.whenFull) throw this.whenFull();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (connection: Connection) => {
          signal?.removeEventListener('abort', leave);
          resolve(connection);
        },
        reject,
      };
      const leave = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Back to the pool, or to the next caller waiting; closed when the connector is (`closed`). */
  release(connection: Connection, closed: boolean): void {
    if (closed) {
      connection.closeSync();
      for (const w of this.waiting.splice(0)) w.reject(new Error('connector is closed'));
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(connection);
    else this.free.push(connection);
  }

  /** Close the connections not running a statement (the others close on release). */
  closeIdle(): void {
    for (const connection of this.free.splice(0)) connection.closeSync();
  }
}

/**
 * Connector to native DuckDB (`@duckdb/node-api`, DuckDB 1.5 with parquet and json built in): for
 * `plumb serve` past what the wasm heap holds (a million people and more) and for a warehouse-side
 * DuckDB. Results come back as Arrow tables like every connector's, numbers as doubles (the same
 * casts the wasm connectors apply), so the named queries run unchanged. Node only; the native
 * package is loaded on first use.
 */
export class NativeConnector implements Connector {
  private engine: Promise<Engine> | null = null;
  private closed = false;
  private staging = 0;
  /** `queryWithin`'s connections: a caller finding them all busy is refused (`BusyError`), not queued. */
  private readonly readers: ConnectionPool;
  /** Per connection, the prepared `SET VARIABLE` statement per list of the values' types (see parameters-variable.ts). */
  private readonly setParams = new WeakMap<Connection, Map<string, Promise<Prepared>>>();
  /**
   * The main connection's last piece of work. Callers share that connection, and DuckDB runs one statement
   * per connection: a statement started while another is still being read closes the other's pending
   * result ("Attempting to execute an unsuccessful or closed pending query result"). So each statement (or
   * values-then-statement pair, or staged append) waits for the one before.
   */
  private mainTurn: Promise<unknown> = Promise.resolve();
  /** `runPooled`'s connections: a statement finding them all busy waits its turn. */
  private readonly pooled: ConnectionPool;

  constructor(private readonly options: NativeConnectorOptions = {}) {
    const readers = options.readers ?? 4;
    this.readers = new ConnectionPool(readers, () => new BusyError(`all ${readers} reader connections are busy`));
    this.pooled = new ConnectionPool(Math.max(1, Math.floor(options.connections ?? 2)));
  }

  /** Reader connections running a statement now (`queryWithin`): for health checks, and tests that must know a statement started. */
  get busyReaders(): number {
    return this.readers.busy;
  }

  /** Interrupt whatever the main connection runs now (work outside `runPooled` past its time). */
  interrupt(): void {
    void this.engine?.then((e) => e.connection.interrupt(), () => undefined);
  }

  /**
   * Run `work` (a named query: many statements, some side by side) with its statements on the pooled
   * connections: another `runPooled` runs beside it rather than after it. Outside, every statement runs
   * on the main connection (loads and session writes keep their order and their TEMP tables). A table
   * made inside must be an ordinary one for the next statement to see it (it may run on another connection).
   * When `signal` aborts, the statement running for `work` is interrupted.
   */
  runPooled<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return pooledRun.run({ connector: this, ...(signal ? { signal } : {}) }, work);
  }

  /**
   * One statement on a reader connection of its own, interrupted when `limits.signal` aborts
   * (DuckDB stops it within a vector or so), and streamed: at most `maxRows + 1` rows are produced.
   */
  async queryWithin(sql: string, params: readonly SqlParam[], limits: StatementLimits = {}): Promise<Table> {
    const target = limits.maxRows === undefined ? undefined : limits.maxRows + 1;
    return this.onPool(this.readers, limits.signal, async (engine, connection) => {
      const reader = await this.read(engine.api, connection, sql, params, (text, values) =>
        target === undefined ? connection.runAndReadAll(text, values) : connection.streamAndReadUntil(text, target, values),
      );
      limits.signal?.throwIfAborted();
      if (limits.maxRows !== undefined && reader.currentRowCount > limits.maxRows) {
        throw new ResultTooLargeError(`the result has more than ${limits.maxRows} rows`);
      }
      return readerTable(engine.api, reader);
    });
  }

  /**
   * `work` on a connection of `pool`'s own, the statement it runs interrupted when `signal` aborts. The connection
   * is this call's alone: no other values come between setting them and the statement (parameters-variable.ts).
   */
  private async onPool<T>(pool: ConnectionPool, signal: AbortSignal | undefined, work: (engine: Engine, connection: Connection) => Promise<T>): Promise<T> {
    const engine = await this.start();
    signal?.throwIfAborted();
    const connection = await pool.acquire(engine.instance, signal);
    let repeating: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      connection.interrupt();
      // An interrupt that comes before DuckDB has begun the statement is lost (a statement starts uninterrupted):
      // repeat it until the work ends.
      repeating = setInterval(() => connection.interrupt(), INTERRUPT_REPEAT_MS);
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      signal?.throwIfAborted();
      return await work(engine, connection);
    } finally {
      signal?.removeEventListener('abort', stop);
      clearInterval(repeating);
      pool.release(connection, this.closed);
    }
  }

  private start(): Promise<Engine> {
    if (this.closed) return Promise.reject(new Error('connector is closed'));
    this.engine ??= (async () => {
      const api = (await import('@duckdb/node-api')) as NodeApi;
      const instance = await api.DuckDBInstance.create(this.options.path ?? ':memory:', this.options.config ?? {});
      const connection = await instance.connect();
      for (const sql of STARTUP_SQL) await connection.run(sql);
      const files = mkdtempSync(join(tmpdir(), 'plumb-native-'));
      // For every connection (the pooled and reader ones too).
      await connection.run(`SET GLOBAL file_search_path = ${quoteLiteral(files)}`);
      return { api, instance, connection, files };
    })();
    return this.engine;
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    const run = pooledRun.getStore();
    if (run?.connector === this) return this.pooledQuery(sql, params, run.signal);
    const { api } = await this.start();
    return readerTable(api, await this.onMain(({ connection }) => this.read(api, connection, sql, params, (text, values) => connection.runAndReadAll(text, values))));
  }

  /** `work` on the main connection once the work before it is done (see `mainTurn`). */
  private async onMain<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const engine = await this.start();
    const turn = this.mainTurn.then(() => work(engine));
    this.mainTurn = turn.catch(() => undefined);
    return turn;
  }

  /** `sql` on a pooled connection of its own (waiting for one when all are busy), interrupted when `signal` aborts. */
  private pooledQuery(sql: string, params: readonly SqlParam[], signal?: AbortSignal): Promise<Table> {
    return this.onPool(this.pooled, signal, async (engine, connection) =>
      readerTable(engine.api, await this.read(engine.api, connection, sql, params, (text, values) => connection.runAndReadAll(text, values))),
    );
  }

  /**
   * `sql` run by `run`, its values in the connection's variable when that plans it once (see
   * parameters-variable.ts), else bound as parameters. The caller keeps other pairs off the connection meanwhile.
   */
  private async read(
    api: NodeApi,
    connection: Connection,
    sql: string,
    params: readonly SqlParam[],
    run: (sql: string, values?: SqlParam[]) => Promise<Reader>,
  ): Promise<Reader> {
    const planOnce = paramsFromVariable(sql, params.length);
    if (planOnce === null) return run(sql, params.length ? [...params] : undefined);
    let byTypes = this.setParams.get(connection);
    if (!byTypes) this.setParams.set(connection, (byTypes = new Map()));
    const types = params.map(paramType);
    const key = types.join(',');
    let prepared = byTypes.get(key);
    if (!prepared) {
      byTypes.set(key, (prepared = connection.prepare(setParamsSql(params.length, types))));
      prepared.catch(() => byTypes.delete(key));
    }
    const set = await prepared;
    // The types the wasm connectors bind (every number a DOUBLE, null a VARCHAR null), so a statement
    // behaves the same on both engines.
    set.bind([...params], types.map((t) => api[t]));
    await set.run();
    return run(planOnce);
  }

  /** Append Arrow IPC rows (or create the table from them): staged as text, numbers and booleans, then cast by DuckDB. */
  insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    return this.onMain(({ connection }) => this.appendStaged(connection, table, ipc, options));
  }

  private async appendStaged(connection: Connection, table: string, ipc: Uint8Array, options: { create?: boolean }): Promise<void> {
    const data = tableFromIPC(ipc);
    const fields = data.schema.fields;
    const kinds = fields.map((f) => stagedKind(f.type));
    const staging = `__plumb_native_staging_${++this.staging}`;
    const ddl = fields.map((f, i) => `${quoteIdentifier(f.name)} ${kinds[i]}`).join(', ');
    await connection.run(`CREATE TEMP TABLE ${quoteIdentifier(staging)} (${ddl})`);
    try {
      const appender = await connection.createAppender(staging);
      for (const row of tableToRows<Record<string, unknown>>(data)) {
        fields.forEach((f, i) => {
          const value = row[f.name];
          if (value === null || value === undefined) appender.appendNull();
          else if (kinds[i] === 'DOUBLE') appender.appendDouble(Number(value));
          else if (kinds[i] === 'BOOLEAN') appender.appendBoolean(Boolean(value));
          else appender.appendVarchar(String(value));
        });
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      const target = quoteIdentifier(table);
      if (options.create) await connection.run(`CREATE TABLE ${target} AS SELECT * FROM ${quoteIdentifier(staging)}`);
      else await connection.run(`INSERT INTO ${target} BY NAME SELECT * FROM ${quoteIdentifier(staging)}`);
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`);
    }
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<void> {
    const { files } = await this.start();
    writeFileSync(join(files, safeFileName(name)), bytes);
  }

  async dropFile(name: string): Promise<void> {
    const { files } = await this.start();
    try {
      unlinkSync(join(files, safeFileName(name)));
    } catch {
      // already gone
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const engine = await this.engine?.catch(() => null);
    if (!engine) return;
    this.readers.closeIdle();
    this.pooled.closeIdle();
    engine.connection.closeSync();
    engine.instance.closeSync();
    rmSync(engine.files, { recursive: true, force: true });
  }
}

/**
 * The result as an Arrow table. DuckDB's own values (`getColumns`) are taken as they are where they already
 * are what the wasm connectors give (numbers, bigints, text, booleans): the library's JS conversion calls a
 * converter per value, seconds for a 50,000-row answer of 37 columns; only other types go through it.
 */
function readerTable(api: NodeApi, reader: import('@duckdb/node-api').DuckDBResultReader): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumns();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    const type = types[i]!;
    const values = columns[i] ?? [];
    const plain = plainTypes(api).has(type.typeId);
    vectors[uniqueName(vectors, name)] = toVector(api, type.typeId, plain ? values : values.map((v) => api.JSDuckDBValueConverter(v, type, api.JSDuckDBValueConverter)));
  });
  return new Table(vectors);
}

/** Types whose DuckDB value is the JS value the library's conversion would give (or a bigint `toVector` makes a number). */
let plainTypeIds: ReadonlySet<number> | null = null;
function plainTypes(api: NodeApi): ReadonlySet<number> {
  const T = api.DuckDBTypeId;
  plainTypeIds ??= new Set([
    T.BOOLEAN, T.TINYINT, T.SMALLINT, T.INTEGER, T.BIGINT, T.UTINYINT, T.USMALLINT, T.UINTEGER, T.UBIGINT, T.HUGEINT, T.UHUGEINT, T.FLOAT, T.DOUBLE, T.VARCHAR,
  ]);
  return plainTypeIds;
}

/** A registered name is a file name in our folder, never a path out of it. */
function safeFileName(name: string): string {
  if (!name || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\u0000')) {
    throw new Error(`NativeConnector: ${JSON.stringify(name)} is not a plain file name`);
  }
  return name;
}

function uniqueName(existing: Record<string, unknown>, name: string): string {
  if (!(name in existing)) return name;
  let i = 2;
  while (`${name}_${i}` in existing) i++;
  return `${name}_${i}`;
}

function stagedKind(type: DataType): 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' {
  if (type.typeId === Type.Float || type.typeId === Type.Int || type.typeId === Type.Decimal) return 'DOUBLE';
  if (type.typeId === Type.Bool) return 'BOOLEAN';
  return 'VARCHAR';
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** One result column as an Arrow vector with the types the wasm connectors give: doubles, text, booleans, ISO dates. */
function toVector(api: NodeApi, typeId: number, values: readonly unknown[]): Vector {
  const T = api.DuckDBTypeId;
  switch (typeId) {
    case T.BOOLEAN:
      return vectorFromArray(values.map((v) => (v === null || v === undefined ? null : Boolean(v))), new Bool());
    case T.TINYINT:
    case T.SMALLINT:
    case T.INTEGER:
    case T.BIGINT:
    case T.UTINYINT:
    case T.USMALLINT:
    case T.UINTEGER:
    case T.UBIGINT:
    case T.HUGEINT:
    case T.UHUGEINT:
    case T.FLOAT:
    case T.DOUBLE:
    case T.DECIMAL:
      // DOUBLE and FLOAT arrive as numbers (or null); other numeric types as bigints or from the converter.
      return float64Vector(
        typeId === T.DOUBLE || typeId === T.FLOAT ? (values as readonly (number | null)[]) : values.map((v) => (v === null || v === undefined ? null : Number(v))),
        { nanIsNull: false },
      );
    case T.DATE:
      return vectorFromArray(values.map((v) => (v instanceof Date ? isoDay(v) : v === null || v === undefined ? null : String(v))), new Utf8());
    case T.TIMESTAMP:
    case T.TIMESTAMP_S:
    case T.TIMESTAMP_MS:
    case T.TIMESTAMP_NS:
    case T.TIMESTAMP_TZ:
      return vectorFromArray(values.map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v))), new Utf8());
    case T.VARCHAR:
    case T.ENUM:
    case T.UUID:
      return utf8Vector(typeId === T.VARCHAR ? (values as (string | null)[]) : values.map((v) => (v === null || v === undefined ? null : String(v))));
    default:
      // Lists and structs: Arrow infers the nested type from the JS values.
      return vectorFromArray(values.map(plainNumbers) as unknown[]);
  }
}

/** Nested values with bigints as numbers and dates as ISO days, like the wasm connectors' casts. */
function plainNumbers(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plainNumbers);
  if (v instanceof Date) return isoDay(v);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainNumbers(x)]));
  return v;
}

function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
