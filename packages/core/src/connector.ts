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
}

/** Options every DuckDB-WASM connector applies at start-up. */
export const DUCKDB_OPEN_CONFIG = {
  query: { castBigIntToDouble: true, castDecimalToDouble: true },
} as const;

/**
 * Statements run right after start-up. Autoloading extensions would fetch them
 * from DuckDB's extension host: offline that hangs, in a page it is a request
 * to a host the embedder never configured. Off, such a call fails clearly.
 * A join whose build side holds up to 1,000 values hands them to the other
 * side's scan, which skips the row groups holding none of them (DuckDB's
 * default is 50): a team's cascade rows fetched by node number from a server's
 * 2M-row display table, 73 → 37 ms at 1M people. GLOBAL: a plain SET of it
 * stays on the one connection, and a server's named queries run on others.
 */
export const STARTUP_SQL = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  'SET GLOBAL dynamic_or_filter_threshold = 1000',
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
