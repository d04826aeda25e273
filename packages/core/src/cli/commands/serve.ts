import { createSchema } from '../../database.js';
import { NodeConnector, startHttpServer, type RunningHttpServer } from '../../node/index.js';
import type { CliIO } from '../main.js';

export const summary = 'Serve files from a DuckDB over HTTP (Arrow IPC) for HttpConnector';

const HELP = `Usage: plumb serve FILE[:table]... [--port 4848] [--host 127.0.0.1] [--writable] [--allow-origin ORIGIN]

Loads the files into an in-memory DuckDB and serves it over HTTP for
HttpConnector (protocol: packages/core/src/http/README.md).

  --port N               port to listen on (default 4848; 0 picks a free one)
  --host H               address to listen on (default 127.0.0.1, this machine only)
  --read-only            (default) accept only one SELECT, WITH, DESCRIBE or SUMMARIZE per request
  --writable             also accept any SQL, Arrow IPC inserts and files
  --allow-origin ORIGIN  the one web page origin (e.g. https://dash.example.com) that may call it

No authentication, no TLS, and read-only is a guard, not a sandbox: serve on
a network you trust, or behind a proxy that authenticates.
Stops on Ctrl+C. Exit status: 0 stopped, 1 could not start, 2 usage error.`;

class UsageError extends Error {}

export interface ServeOptions {
  files: string[];
  port: number;
  host: string;
  readOnly: boolean;
  allowOrigin?: string;
}

/** Parse `plumb serve` arguments; throws UsageError with what is wrong. */
export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  const options: ServeOptions = { files: [], port: 4848, host: '127.0.0.1', readOnly: true };
  let readOnlyFlag = false;
  let writableFlag = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${text}`);
      options.port = port;
    } else if (arg === '--host') options.host = value();
    else if (arg === '--read-only') readOnlyFlag = true;
    else if (arg === '--writable') writableFlag = true;
    else if (arg === '--allow-origin') {
      const origin = value();
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
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.files.push(arg);
  }
  if (readOnlyFlag && writableFlag) throw new UsageError('--read-only and --writable contradict each other');
  options.readOnly = !writableFlag;
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
): Promise<{ server: RunningHttpServer; connector: NodeConnector } | { code: number }> {
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
  const connector = new NodeConnector();
  const loaded = await loadFiles(connector, options.files, io);
  if (!loaded) {
    await connector.close();
    return { code: 1 };
  }
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
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(
      code === 'EADDRINUSE'
        ? `plumb serve: port ${options.port} on ${options.host} is in use; pick another with --port`
        : `plumb serve: could not listen on ${options.host}:${options.port}: ${(error as Error).message}`,
    );
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

/** Fill the database: the canonical tables, then the files. False when a file could not be loaded at all. */
async function loadFiles(connector: NodeConnector, files: string[], io: CliIO): Promise<boolean> {
  await createSchema(connector);
  if (files.length > 0) {
    io.stderr('plumb serve: loading files is not wired yet (needs openFiles); serving empty tables');
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
