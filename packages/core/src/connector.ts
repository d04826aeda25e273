import type { Table } from 'apache-arrow';
import type { SqlParam } from './sql.js';

/**
 * The one seam between Plumb and a database (after Mosaic's connectors):
 * run SQL, get Arrow. Implementations start lazily on first use and share
 * one start-up promise between concurrent first calls.
 */
export interface Connector {
  /** Run one SQL statement; `?` placeholders take `params` in order. */
  query(sql: string, params?: readonly SqlParam[]): Promise<Table>;
  /** Append (or create, when `create` is true) a table from Arrow IPC stream bytes. */
  insertArrowIPC(table: string, ipc: Uint8Array, options?: { create?: boolean }): Promise<void>;
  /** Make bytes readable by SQL (read_csv etc.) under a virtual file name. */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  /** Forget a file registered with `registerFile`. */
  dropFile(name: string): Promise<void>;
  /** Release the database (worker, memory). Further calls reject. */
  close(): Promise<void>;
  /**
   * Optional: run a named query where the data lives and return its plain result (HttpConnector
   * asks the server, which runs the same core function next to its DuckDB). Coordinators use it
   * when present instead of running the query's SQL over the wire one statement at a time.
   */
  runNamedQuery?(name: string, options: unknown): Promise<unknown>;
  /**
   * Optional: run a statement that reads NO table as a prepared statement kept per text, so DuckDB plans
   * it once (it keeps the plan of a prepared statement without a table scan; one that reads a table is
   * planned on every run, and a kept plan over a table would keep that table's statistics too: wrong
   * answers after the table changes). Values are bound as parameters.
   */
  queryKept?(sql: string, params: readonly SqlParam[]): Promise<Table>;
}

/** Options every DuckDB-WASM connector applies at start-up. */
export const DUCKDB_OPEN_CONFIG = {
  query: { castBigIntToDouble: true, castDecimalToDouble: true },
} as const;

/**
 * Statements run right after start-up. Autoloading extensions would fetch them
 * from DuckDB's extension host: offline that hangs, in a page it is a request
 * to a host the embedder never configured. Off, such a call fails clearly.
 */
export const STARTUP_SQL = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
] as const;

import { tableToRows, type PlainRow } from './arrow-rows.js';

/** Run a query and return plain rows (numbers, ISO date strings). */
export async function queryRows<T = PlainRow>(
  connector: Connector,
  sql: string,
  params?: readonly SqlParam[],
): Promise<T[]> {
  return tableToRows<T>(await connector.query(sql, params));
}

/**
 * `Connector.queryKept`'s prepared statements per text, at most `max` (the oldest is closed when one more
 * is made; a page keeps a few: one per statistics shape).
 */
export class KeptStatements<S> {
  private readonly byText = new Map<string, S>();
  constructor(private readonly close: (statement: Awaited<S>) => unknown, private readonly max = 16) {}

  get(sql: string, prepare: () => S): S {
    let statement = this.byText.get(sql);
    if (statement !== undefined) return statement;
    statement = prepare();
    this.byText.set(sql, statement);
    if (this.byText.size > this.max) {
      const [oldest, closing] = this.byText.entries().next().value!;
      this.byText.delete(oldest);
      void Promise.resolve(closing).then(this.close).catch(() => undefined);
    }
    return statement;
  }

  /** Forget a statement (preparing it failed). */
  drop(sql: string): void {
    this.byText.delete(sql);
  }
}
