import { createServer as createNetServer } from 'node:net';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';
import { openForCommand } from '../load-files.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NativeConnector, NodeConnector, openFiles, prepareServedViews, startHttpServer, type RunningHttpServer } from '../../node/index.js';
import type { Connector } from '../../connector.js';
import { CANONICAL_TABLES } from '../../schema.js';
import { createSchema } from '../../database.js';
import { quoteIdentifier, quoteLiteral } from '../../sql.js';
import { invalidateDerived } from '../../queries/derived.js';
import type { CliIO } from '../io.js';
import { formatDiagnostic } from './validate.js';

export const summary = 'Serve files from a DuckDB over HTTP (Arrow IPC) for HttpConnector';

const HELP = `Usage: plumb serve FILE[:table]... [--port 4848] [--host 127.0.0.1] [--writable] [--allow-origin ORIGIN] [--engine wasm|native] [--canonical DIR]

Loads the files (as plumb validate does) into an in-memory DuckDB and serves
it over HTTP for HttpConnector (protocol: packages/core/src/http/README.md).
Without files it serves the empty canonical tables.

  --port N               port to listen on (default 4848; 0 picks a free one)
  --host H               address to listen on (default 127.0.0.1, this machine only)
  --read-only            (default) accept only one SELECT, WITH, DESCRIBE or SUMMARIZE per request
  --writable             also accept any SQL, Arrow IPC inserts and files
  --allow-origin ORIGIN  the one web page origin (e.g. https://dash.example.com) that may call it
  --engine wasm|native   wasm (default): DuckDB-WASM, the engine the page runs; native: DuckDB 1.5
                         (@duckdb/node-api), for data past the wasm heap (a million people and more)
  --canonical DIR        also read DIR/<table>.parquet (or .csv) files already in Plumb's canonical
                         layout (as plumb sample writes them, or as a warehouse export) with DuckDB's
                         own readers, no mapping; implies --engine native
  --memory-limit SIZE    DuckDB's memory limit for the native engine (e.g. 12GB)

${LOAD_OPTIONS_HELP}

No authentication, no TLS, and read-only is a guard, not a sandbox: serve on
a network you trust, or behind a proxy that authenticates.
Problems in the files are reported (file:row:column) and the rows that
loaded are served; a file that cannot be read stops it.
Stops on Ctrl+C. Exit status: 0 stopped, 1 could not start, 2 usage error.`;


export interface ServeOptions {
  files: string[];
  port: number;
  host: string;
  readOnly: boolean;
  allowOrigin?: string;
  load: CliLoadOptions;
  engine: 'wasm' | 'native';
  canonical?: string;
  memoryLimit?: string;
}

/** Parse `plumb serve` arguments; throws UsageError with what is wrong. */
export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  const { values, positionals, load, help } = parseCommandLine(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'read-only': { type: 'boolean' },
    writable: { type: 'boolean' },
    'allow-origin': { type: 'string' },
    engine: { type: 'string' },
    canonical: { type: 'string' },
    'memory-limit': { type: 'string' },
  });
  if (help) return 'help';
  const options: ServeOptions = { files: positionals, port: 4848, host: '127.0.0.1', readOnly: true, load, engine: 'wasm' };
  if (values.engine !== undefined) {
    if (values.engine !== 'wasm' && values.engine !== 'native') throw new UsageError(`--engine must be wasm or native, not ${String(values.engine)}`);
    options.engine = values.engine;
  }
  if (values.canonical !== undefined) {
    options.canonical = resolve(values.canonical as string);
    if (values.engine === 'wasm') throw new UsageError('--canonical reads files with native DuckDB: it cannot go with --engine wasm');
    options.engine = 'native';
  }
  if (values['memory-limit'] !== undefined) {
    const limit = values['memory-limit'] as string;
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) throw new UsageError(`--memory-limit takes a size like 12GB, not ${limit}`);
    options.memoryLimit = limit;
  }
  if (values.port !== undefined) {
    const text = values.port as string;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${text}`);
    options.port = port;
  }
  if (values.host !== undefined) options.host = values.host as string;
  if (values['allow-origin'] !== undefined) {
    const origin = values['allow-origin'] as string;
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin) {
      throw new UsageError(`--allow-origin takes an origin like https://dash.example.com (scheme, host, port; no path), not ${origin}`);
    }
    options.allowOrigin = origin;
  }
  if (values['read-only'] && values.writable) throw new UsageError('--read-only and --writable contradict each other');
  options.readOnly = values.writable !== true;
  return options;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Load the files and start serving. Returns the running server and its
 * database (the caller closes both), or an exit code when it could not start.
 */
export async function startServe(
  argv: string[],
  io: CliIO,
): Promise<{ server: RunningHttpServer; connector: Connector } | { code: number }> {
  let options: ServeOptions | 'help';
  try {
    options = parseServeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`plumb serve: ${error.message}\n\n${HELP}`);
    return { code: 2 };
  }
  if (options === 'help') {
    io.stdout(HELP);
    return { code: 0 };
  }
  // Learn about a taken port before a long load, not after (listen below still checks).
  const portError = options.port === 0 ? null : await probePort(options.port, options.host);
  if (portError) {
    io.stderr(listenFailure(portError, options));
    return { code: 1 };
  }
  const connector: Connector =
    options.engine === 'native'
      ? new NativeConnector({ config: options.memoryLimit ? { memory_limit: options.memoryLimit } : {} })
      : new NodeConnector();
  if (options.canonical && !(await loadCanonical(connector, options.canonical, io))) {
    await connector.close();
    return { code: 1 };
  }
  if ((options.files.length > 0 || !options.canonical) && !(await loadFiles(connector, options, io))) {
    await connector.close();
    return { code: 1 };
  }
  // The views' pre-aggregates before the first request (the loads above invalidated what was derived).
  const start = performance.now();
  const builds = await prepareServedViews(connector);
  io.stderr(`pre-aggregates for ${builds.filter((b) => !b.error).map((b) => b.query).join(', ') || 'no view'} built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  let server: RunningHttpServer;
  try {
    server = await startHttpServer({
      connector,
      port: options.port,
      host: options.host,
      readOnly: options.readOnly,
      ...(options.allowOrigin ? { allowOrigin: options.allowOrigin } : {}),
    });
  } catch (error) {
    await connector.close();
    io.stderr(listenFailure(error as NodeJS.ErrnoException, options));
    return { code: 1 };
  }
  if (!LOOPBACK.has(options.host)) {
    io.stderr(`plumb serve: listening on ${options.host}, not loopback: anyone who can reach it can read the data (no authentication, no TLS)`);
  }
  io.stdout(
    `plumb serve: ${server.url} (${server.readOnly ? 'read-only' : 'writable'}` +
      `${options.allowOrigin ? `, pages from ${options.allowOrigin}` : ', no browser origins'}). Ctrl+C stops.`,
  );
  return { server, connector };
}

function listenFailure(error: NodeJS.ErrnoException, options: ServeOptions): string {
  return error.code === 'EADDRINUSE'
    ? `plumb serve: port ${options.port} on ${options.host} is in use; pick another with --port`
    : `plumb serve: could not listen on ${options.host}:${options.port}: ${error.message}`;
}

/** Listen and let go at once: the error listening would give, or null. */
function probePort(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

const SHOWN_DIAGNOSTICS = 20;

/**
 * Fill the database: the canonical tables, then the files, reporting every
 * problem. False (do not serve) when a file cannot be read or nothing loaded.
 */
/**
 * Canonical files (one per table, Plumb's column names) read by native DuckDB itself: the path for
 * data that is already clean, at sizes the page cannot hold. Columns are matched by name; a missing
 * table is an empty table, a file that DuckDB cannot read stops the server.
 */
async function loadCanonical(connector: Connector, dir: string, io: CliIO): Promise<boolean> {
  await createSchema(connector);
  const loaded: string[] = [];
  for (const table of CANONICAL_TABLES) {
    const parquet = join(dir, `${table}.parquet`);
    const csv = join(dir, `${table}.csv`);
    const reader = existsSync(parquet) ? `read_parquet(${quoteLiteral(parquet)})` : existsSync(csv) ? `read_csv(${quoteLiteral(csv)}, header = true, all_varchar = true)` : null;
    if (!reader) continue;
    try {
      await connector.query(`INSERT INTO ${quoteIdentifier(table)} BY NAME SELECT * FROM ${reader}`);
    } catch (error) {
      io.stderr(`plumb serve: ${existsSync(parquet) ? parquet : csv}: ${(error as Error).message.split('\n')[0]}`);
      return false;
    }
    const [row] = (await connector.query(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`)).toArray() as { n: number }[];
    loaded.push(`${table} ${Number(row?.n ?? 0)}`);
  }
  invalidateDerived(connector);
  if (loaded.length === 0) {
    io.stderr(`plumb serve: no canonical table files (<table>.parquet or .csv) in ${dir}`);
    return false;
  }
  io.stderr(`canonical tables from ${dir}: ${loaded.join(', ')}`);
  return true;
}

async function loadFiles(connector: Connector, options: ServeOptions, io: CliIO): Promise<boolean> {
  const { report } = await openForCommand(options.files, options.load, io, { connector });
  const lines = report.diagnostics.slice(0, SHOWN_DIAGNOSTICS).map(formatDiagnostic);
  if (report.diagnostics.length > SHOWN_DIAGNOSTICS) {
    lines.push(`… and ${report.diagnostics.length - SHOWN_DIAGNOSTICS} more (plumb validate lists them all)`);
  }
  const tables = Object.entries(report.tables)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  if (options.files.length > 0) {
    lines.push(`${report.input_rows} input rows: ${report.loaded_rows} loaded, ${report.rejected_rows} rejected${tables ? ` (${tables})` : ''}`);
  }
  if (lines.length > 0) io.stderr(lines.join('\n'));
  if (report.diagnostics.some((d) => d.code === 'unreadable')) {
    io.stderr('plumb serve: not serving: a file could not be read');
    return false;
  }
  if (options.files.length > 0 && report.loaded_rows === 0) {
    io.stderr('plumb serve: not serving: no row loaded');
    return false;
  }
  return true;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const started = await startServe(argv, io);
  if ('code' in started) return started.code;
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr(`plumb serve: ${signal}, stopping`);
  await started.server.close();
  await started.connector.close();
  return 0;
}
