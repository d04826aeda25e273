// Shared by the Node runner and the Chromium page: no DOM, no node: imports.
import * as core from '@plumb/core';
import { CANONICAL_TABLES, SCHEMA, quoteIdentifier, quoteLiteral, queryRows, type CanonicalTable, type Connector } from '@plumb/core';

export type BenchFormat = 'csv' | 'parquet';
export const BENCH_FORMATS: readonly BenchFormat[] = ['csv', 'parquet'];

export const TABLES: readonly CanonicalTable[] = CANONICAL_TABLES;

/** Parquet bytes → Arrow IPC stream bytes (parquet-wasm; initialised by the caller for its runtime). */
export type ParquetToIPC = (bytes: Uint8Array) => Uint8Array;

/** The representative aggregate the table reports: median confidence per team per week. */
export const AGGREGATE_SQL = `
  SELECT o.team_id, date_trunc('week', c.checked_at) AS week, median(c.confidence) AS median_confidence, count(*) AS check_ins
  FROM check_ins c JOIN key_results k USING (key_result_id) JOIN objectives o USING (objective_id)
  GROUP BY ALL`;

/** Options passed to the loader (the page gives parquet-wasm's self-hosted .wasm URL). */
export interface BenchLoaderOptions {
  parquetWasm?: string;
}

type LoadSourcesFn = (
  connector: Connector,
  sources: { name: string; data: Uint8Array; table?: CanonicalTable; format?: BenchFormat }[],
  options?: BenchLoaderOptions,
) => Promise<{
  ok: boolean;
  input_rows: number;
  loaded_rows: number;
  rejected_rows: number;
  diagnostics: { severity: string; message: string }[];
}>;

/** The loader of @plumb/core once it has landed; until then the bench inserts directly. */
const loadSources = (core as Record<string, unknown>).loadSources as LoadSourcesFn | undefined;
export const LOADER = loadSources ? 'loadSources' : 'direct (read_csv / parquet-wasm → Arrow IPC)';

let staging = 0;

/** Load one table's file into the canonical table; returns the rows now in it. */
export async function loadTableFile(
  connector: Connector,
  table: CanonicalTable,
  format: BenchFormat,
  bytes: Uint8Array,
  parquetToIPC: ParquetToIPC,
): Promise<number> {
  const name = `${table}.${format}`;
  if (loadSources) {
    const report = await loadSources(connector, [{ name, data: bytes, table, format }]);
    const error = report.diagnostics.find((d) => d.severity === 'error');
    if (!report.ok && error) throw new Error(`${name}: ${error.message}`);
  } else if (format === 'csv') {
    await connector.registerFile(name, bytes);
    try {
      const columns = SCHEMA[table].columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
      await connector.query(
        `INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM read_csv(${quoteLiteral(name)}, header = true, quote = '"', escape = '"', columns = {${columns}})`,
      );
    } finally {
      await connector.dropFile(name);
    }
  } else {
    const temp = `__bench_parquet_${++staging}`;
    await connector.insertArrowIPC(temp, parquetToIPC(bytes), { create: true });
    try {
      await connector.query(`INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM ${quoteIdentifier(temp)}`);
    } finally {
      await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(temp)}`);
    }
  }
  const [row] = await queryRows<{ n: number }>(connector, `SELECT count(*) AS n FROM ${quoteIdentifier(table)}`);
  return row?.n ?? 0;
}

/**
 * The raw floor for the same files: what DuckDB itself does with them and nothing more
 * (CSV: `read_csv` with auto-detect; Parquet: parquet-wasm → Arrow IPC → insert), into
 * tables of its own that are dropped afterwards (not timed). The loader's goal is ≤ 1.3 × this.
 */
export async function loadFloor(
  connector: Connector,
  format: BenchFormat,
  files: readonly { table: CanonicalTable; bytes: Uint8Array }[],
  parquetToIPC: ParquetToIPC,
): Promise<number> {
  const t = performance.now();
  for (const f of files) {
    const name = `__bench_floor_${f.table}`;
    if (format === 'csv') {
      await connector.registerFile(`${name}.csv`, f.bytes.slice());
      await connector.query(`CREATE TABLE ${quoteIdentifier(name)} AS SELECT * FROM read_csv(${quoteLiteral(`${name}.csv`)})`);
      await connector.dropFile(`${name}.csv`);
    } else await connector.insertArrowIPC(name, parquetToIPC(f.bytes), { create: true });
  }
  const ms = performance.now() - t;
  for (const f of files) await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(`__bench_floor_${f.table}`)}`);
  return ms;
}

/** Run the aggregate; returns the number of (team, week) groups. */
export async function runAggregate(connector: Connector): Promise<number> {
  const rows = await queryRows<{ n: number }>(connector, `SELECT count(*) AS n FROM (${AGGREGATE_SQL})`);
  return rows[0]?.n ?? 0;
}

export interface BenchLoadResult {
  /** Rows in check_ins after the load. */
  checkIns: number;
  /** Rows the loader rejected (0 on the direct path), and its first error, if any. */
  rejected: number;
  firstError?: string;
}

/**
 * Load every table file, the way a user would: one `loadSources` call with all
 * files when the loader exists (it checks references across them), else table
 * by table on the direct path.
 */
export async function loadAllFiles(
  connector: Connector,
  format: BenchFormat,
  files: readonly { table: CanonicalTable; bytes: Uint8Array }[],
  parquetToIPC: ParquetToIPC,
  loaderOptions: BenchLoaderOptions = {},
): Promise<BenchLoadResult> {
  let rejected = 0;
  let firstError: string | undefined;
  if (loadSources) {
    const report = await loadSources(
      connector,
      files.map((f) => ({ name: `${f.table}.${format}`, data: f.bytes, table: f.table, format })),
      loaderOptions,
    );
    rejected = report.rejected_rows;
    firstError = report.diagnostics.find((d) => d.severity === 'error')?.message;
  } else {
    for (const f of files) await loadTableFile(connector, f.table, format, f.bytes, parquetToIPC);
  }
  const [row] = await queryRows<{ n: number }>(connector, 'SELECT count(*) AS n FROM check_ins');
  return { checkIns: row?.n ?? 0, rejected, ...(firstError ? { firstError } : {}) };
}
