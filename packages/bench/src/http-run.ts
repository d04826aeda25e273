// The server side of the bench's `http` scenarios: native DuckDB (`@duckdb/node-api`) holding the
// sample at a size the browser cannot hold (1,000,000 people), behind `plumb serve`'s HTTP handler,
// for a page whose views use HttpConnector. The canonical Parquet files `plumb sample` writes go in
// with DuckDB's own read_parquet: the data as a warehouse would already hold it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TABLES, createSchema, quoteIdentifier, quoteLiteral, tableRowCounts } from '@plumb/core';
import { NativeConnector, jsonLinesAudit, prepareServedViews, startHttpServer, type RunningHttpServer } from '@plumb/core/node';

export interface BenchHttpServer {
  url: string;
  loadMs: number;
  /** The views' pre-aggregates built at start-up, before listening (as `plumb serve` does). */
  prepareMs: number;
  rows: Record<string, number>;
  close(): Promise<void>;
}

/** The canonical tables from `plumb sample`'s Parquet files, read by DuckDB itself. */
export async function loadCanonicalParquet(connector: NativeConnector, parquetDir: string): Promise<void> {
  await createSchema(connector);
  for (const table of CANONICAL_TABLES) {
    const file = join(parquetDir, `${table}.parquet`);
    await connector.query(`INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM read_parquet(${quoteLiteral(file)})`);
  }
}

export async function startBenchHttpServer(parquetDir: string, allowOrigin: string): Promise<BenchHttpServer> {
  const connector = new NativeConnector({ config: { threads: '2', memory_limit: '10GB' } });
  const t = performance.now();
  await loadCanonicalParquet(connector, parquetDir);
  const rows = await tableRowCounts(connector);
  const loadMs = performance.now() - t;
  // As `plumb serve`: every view's pre-aggregates are built at start-up, never on a first request.
  const p = performance.now();
  const builds = await prepareServedViews(connector);
  const failed = builds.filter((b) => b.error);
  if (failed.length) {
    await connector.close();
    throw new Error(`pre-aggregates at start-up: ${failed.map((b) => `${b.query}: ${b.error}`).join('; ')}`);
  }
  const prepareMs = performance.now() - p;
  let server: RunningHttpServer;
  try {
    // A loopback bench: no authentication (the page under test holds no token), raw SQL on for the
    // scenario's own set-up queries (the views ask named queries only); the first build of a
    // pre-aggregate at a million people takes longer than a served request normally may.
    // PLUMB_BENCH_AUDIT=<file>: the server's audit lines (each request's query, options, ms, bytes) for profiling.
    const auditFile = process.env.PLUMB_BENCH_AUDIT;
    const audit = auditFile ? jsonLinesAudit((line) => appendFileSync(auditFile, line)) : undefined;
    server = await startHttpServer({ connector, port: 0, allowOrigin, auth: 'none', allowSql: true, limits: { namedTimeoutMs: 600_000 }, ...(audit ? { audit } : {}) });
  } catch (error) {
    await connector.close();
    throw error;
  }
  return {
    url: server.url,
    loadMs,
    prepareMs,
    rows,
    async close() {
      await server.close();
      await connector.close();
    },
  };
}
