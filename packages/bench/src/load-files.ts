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

type LoadSourcesFn = (
  connector: Connector,
  sources: { name: string; data: Uint8Array; table?: CanonicalTable; format?: BenchFormat }[],
) => Promise<{ ok: boolean; loaded_rows: number; diagnostics: { severity: string; message: string }[] }>;

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

/** Run the aggregate; returns the number of (team, week) groups. */
export async function runAggregate(connector: Connector): Promise<number> {
  const rows = await queryRows<{ n: number }>(connector, `SELECT count(*) AS n FROM (${AGGREGATE_SQL})`);
  return rows[0]?.n ?? 0;
}
