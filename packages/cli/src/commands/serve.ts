import { createServer as createNetServer } from 'node:net';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';
import { openForCommand } from '../load-files.js';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  LOOPBACK_HOSTS, NativeConnector, NodeConnector, ServerSessions, createAuthenticator, jsonLinesAudit, prepareServedViews, startHttpServer,
  type AuthConfig, type Authenticator, type RunningHttpServer,
} from '@plumb/core/node';
import type { Connector } from '@plumb/core/queries';
import { CANONICAL_TABLES } from '@plumb/core/queries';
import { createSchema } from '@plumb/core/load';
import { quoteIdentifier, quoteLiteral } from '@plumb/core/queries';
import { invalidateDerived } from '@plumb/core/queries';
import type { CliIO } from '../io.js';
import type { ReasonPolicy } from '@plumb/core/queries';
import { formatDiagnostic } from './validate.js';

export const summary = 'Serve files from a DuckDB over HTTP (Arrow IPC) for HttpConnector';

const HELP = `Usage: plumb serve FILE[:table]... [--port 4848] [--host 127.0.0.1] [--engine wasm|native] [auth] [limits]

Loads the files (as plumb validate does) into an in-memory DuckDB and serves
it over HTTP for HttpConnector (protocol: packages/core/src/http/README.md).
Without files it serves the empty canonical tables. Every request is
authenticated, every answer is filtered to what the caller may see, and
every request is written to the audit log.

  --port N               port to listen on (default 4848; 0 picks a free one)
  --host H               address to listen on (default 127.0.0.1, this machine only)
  --read-only            (default) accept only one SELECT, WITH, DESCRIBE or SUMMARIZE per request
  --writable             also accept any SQL, Arrow IPC inserts and files (administrators only)
  --allow-origin ORIGIN  the one web page origin (e.g. https://dash.example.com) that may call it
  --engine wasm|native   wasm (default): DuckDB-WASM, the engine the page runs, loopback only (it
                         cannot interrupt a statement); native: DuckDB 1.5 (@duckdb/node-api), with
                         time-outs, memory limits and a connection pool: use it beyond loopback
  --canonical DIR        also read DIR/<table>.parquet (or .csv) files already in Plumb's canonical
                         layout (as plumb sample writes them, or as a warehouse export) with DuckDB's
                         own readers, no mapping; implies --engine native

Who may ask (with none of these, a random token is made at start and printed once):
  --jwks URL|FILE        verify OIDC/JWT bearer tokens against this key set (needs the next two)
  --jwt-issuer ISS       the issuer (iss) the tokens must name
  --jwt-audience AUD     the audience (aud) the tokens must name
  --jwt-role-claim NAME  claim holding the role: admin (or hr), facilitator, manager, employee (default role)
  --jwt-person-claim NAME claim holding the person's id in the data (default person_id; else email or sub)
  --api-tokens FILE      static API tokens, one per line: sha256:<hex of the token> SUBJECT ROLE [PERSON_ID] [TEAM_ID]
  --trust-proxy ADDRS    comma-separated addresses of a reverse proxy that authenticates users...
  --proxy-user-header H  ...and names them in this header (e.g. x-forwarded-user)
  --proxy-role-header H  header the proxy puts the role in (default: every proxy user is an employee)
  --no-auth              no authentication (loopback only; everyone is an administrator)

What they see:
  --allow-sql            accept raw SQL from administrators (native engine only); default: named queries only
  --min-group N          smallest group any answer shows (default 5; a request may ask for more, never less)
  --anonymize            answer every named query in pseudonyms (the salt is the server's, random per start,
                         or PLUMB_PSEUDONYM_SALT from the environment for pseudonyms that survive a restart)

Calibration sessions (pages over HttpConnector record their changes here, with the caller's identity):
  --sessions DIR         keep sessions in DIR, one append-only file per session, each change on disk before
                         it is reported saved; replayed at start (without it, sessions are refused)
  --reason-required P    always, two-levels (default) or never: which moves need a reason

Limits (native engine):
  --timeout SECONDS      stop a SQL statement after this long (default 30)
  --named-timeout SECONDS stop a named query after this long (default 300: a first request for a new
                         cycle or date builds pre-aggregates, minutes at a million people)
  --max-rows N           most rows a SQL result may have (default 100000)
  --memory-limit SIZE    DuckDB's memory limit (default 2GB)
  --threads N            DuckDB's threads, and named queries answered side by side (default 2)
  --temp-dir DIR         where DuckDB may spill (default: a fresh folder under the system's temp folder)
  --max-temp-size SIZE   most it may spill (default 4GB)

  --audit-log FILE       append one JSON line per request here (default: standard error)
  --tls-cert FILE        serve HTTPS with this certificate chain (PEM)...
  --tls-key FILE         ...and this private key (PEM)

${LOAD_OPTIONS_HELP}

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
  memoryLimit: string;
  threads: number;
  tempDir?: string;
  maxTempSize: string;
  auth: AuthConfig[] | 'none';
  allowSql: boolean;
  minGroup: number;
  anonymize: boolean;
  timeoutMs: number;
  namedTimeoutMs: number;
  maxRows: number;
  auditLog?: string;
  tls?: { cert: string; key: string };
  sessions?: string;
  reasonRequired: ReasonPolicy;
}

const SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

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
    threads: { type: 'string' },
    'temp-dir': { type: 'string' },
    'max-temp-size': { type: 'string' },
    jwks: { type: 'string' },
    'jwt-issuer': { type: 'string' },
    'jwt-audience': { type: 'string' },
    'jwt-role-claim': { type: 'string' },
    'jwt-person-claim': { type: 'string' },
    'api-tokens': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'proxy-user-header': { type: 'string' },
    'proxy-role-header': { type: 'string' },
    'no-auth': { type: 'boolean' },
    'allow-sql': { type: 'boolean' },
    'min-group': { type: 'string' },
    anonymize: { type: 'boolean' },
    timeout: { type: 'string' },
    'named-timeout': { type: 'string' },
    'max-rows': { type: 'string' },
    'audit-log': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    sessions: { type: 'string' },
    'reason-required': { type: 'string' },
  });
  if (help) return 'help';
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const positive = (key: string, fallback: number, { integer = true, max = Number.MAX_SAFE_INTEGER } = {}): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${key} takes a ${integer ? 'whole ' : ''}number above 0${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, not ${raw}`);
    }
    return n;
  };
  const size = (key: string, fallback: string): string => {
    const raw = text(key) ?? fallback;
    if (!SIZE.test(raw)) throw new UsageError(`--${key} takes a size like 12GB, not ${raw}`);
    return raw;
  };
  const options: ServeOptions = {
    files: positionals,
    port: 4848,
    host: '127.0.0.1',
    readOnly: true,
    load,
    engine: 'wasm',
    memoryLimit: size('memory-limit', '2GB'),
    threads: positive('threads', 2, { max: 1024 }),
    maxTempSize: size('max-temp-size', '4GB'),
    auth: [],
    allowSql: values['allow-sql'] === true,
    minGroup: positive('min-group', 5, { max: 10_000 }),
    anonymize: values.anonymize === true,
    timeoutMs: Math.round(positive('timeout', 30, { integer: false, max: 86_400 }) * 1000),
    namedTimeoutMs: Math.round(positive('named-timeout', 300, { integer: false, max: 86_400 }) * 1000),
    maxRows: positive('max-rows', 100_000),
    reasonRequired: 'two-levels',
  };
  if (text('sessions')) options.sessions = resolve(text('sessions')!);
  const policy = text('reason-required');
  if (policy !== undefined) {
    if (policy !== 'always' && policy !== 'two-levels' && policy !== 'never') throw new UsageError(`--reason-required must be always, two-levels or never, not ${policy}`);
    options.reasonRequired = policy;
  }
  if (text('temp-dir')) options.tempDir = resolve(text('temp-dir')!);
  if (text('audit-log')) options.auditLog = resolve(text('audit-log')!);
  const cert = text('tls-cert');
  const key = text('tls-key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert && key) options.tls = { cert: resolve(cert), key: resolve(key) };
  options.auth = authConfigs(text, values['no-auth'] === true);
  if (values.engine !== undefined) {
    if (values.engine !== 'wasm' && values.engine !== 'native') throw new UsageError(`--engine must be wasm or native, not ${String(values.engine)}`);
    options.engine = values.engine;
  }
  if (values.canonical !== undefined) {
    options.canonical = resolve(values.canonical as string);
    if (values.engine === 'wasm') throw new UsageError('--canonical reads files with native DuckDB: it cannot go with --engine wasm');
    options.engine = 'native';
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
  const loopback = LOOPBACK_HOSTS.has(options.host);
  if (options.auth === 'none' && !loopback) {
    throw new UsageError(`--no-auth is for loopback only: on ${options.host} anyone who reaches the port would read everyone's ratings`);
  }
  if (options.engine === 'wasm' && !loopback) {
    throw new UsageError(`the wasm engine cannot interrupt a statement (it runs on the server's own thread, so one runaway query stops the server): serve ${options.host} with --engine native`);
  }
  if (options.engine === 'wasm' && options.allowSql) {
    throw new UsageError('--allow-sql needs --engine native: the wasm engine cannot interrupt a runaway statement');
  }
  return options;
}

/** The identity sources the flags name; none named: one random token (printed at start). */
function authConfigs(text: (key: string) => string | undefined, noAuth: boolean): AuthConfig[] | 'none' {
  const configs: AuthConfig[] = [];
  const jwks = text('jwks');
  const issuer = text('jwt-issuer');
  const audience = text('jwt-audience');
  if (jwks || issuer || audience) {
    if (!jwks || !issuer || !audience) throw new UsageError('--jwks, --jwt-issuer and --jwt-audience go together (a token is checked against all three)');
    configs.push({
      kind: 'jwt',
      jwks: /^https?:\/\//.test(jwks) ? jwks : resolve(jwks),
      issuer,
      audience,
      ...(text('jwt-role-claim') ? { roleClaim: text('jwt-role-claim')! } : {}),
      ...(text('jwt-person-claim') ? { personClaim: text('jwt-person-claim')! } : {}),
    });
  }
  const tokens = text('api-tokens');
  if (tokens) configs.push({ kind: 'tokens-file', path: resolve(tokens) });
  const proxy = text('trust-proxy');
  const userHeader = text('proxy-user-header');
  if (proxy || userHeader || text('proxy-role-header')) {
    if (!proxy || !userHeader) throw new UsageError('--trust-proxy and --proxy-user-header go together (the header is believed only from those addresses)');
    configs.push({
      kind: 'proxy',
      addresses: proxy.split(',').map((a) => a.trim()).filter(Boolean),
      header: userHeader,
      ...(text('proxy-role-header') ? { roleHeader: text('proxy-role-header')! } : {}),
    });
  }
  if (noAuth) {
    if (configs.length) throw new UsageError('--no-auth contradicts the authentication options given');
    return 'none';
  }
  return configs.length ? configs : [{ kind: 'token' }];
}

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
  let auth: Authenticator | 'none';
  let tls: { cert: Buffer; key: Buffer } | undefined;
  try {
    auth = options.auth === 'none' ? 'none' : await createAuthenticator(options.auth);
    if (options.tls) tls = { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) };
  } catch (error) {
    io.stderr(`plumb serve: ${(error as Error).message}`);
    return { code: 1 };
  }
  const connector: Connector =
    options.engine === 'native'
      ? new NativeConnector({
          // As many named queries side by side as DuckDB has threads.
          connections: options.threads,
          config: {
            memory_limit: options.memoryLimit,
            threads: String(options.threads),
            // Explicit, so DuckDB adds no <cwd>/.tmp of its own to what it may touch.
            temp_directory: options.tempDir ?? spillFolder(),
            max_temp_directory_size: options.maxTempSize,
          },
        })
      : new NodeConnector();
  if (options.canonical && !(await loadCanonical(connector, options.canonical, io))) {
    await connector.close();
    return { code: 1 };
  }
  if ((options.files.length > 0 || !options.canonical) && !(await loadFiles(connector, options, io))) {
    await connector.close();
    return { code: 1 };
  }
  let sessions: ServerSessions | undefined;
  if (options.sessions) {
    try {
      sessions = await ServerSessions.start(connector, { dir: options.sessions, reasonPolicy: options.reasonRequired, report: (line) => io.stderr(`plumb serve: ${line}`) });
      io.stderr(`calibration sessions in ${options.sessions}: ${sessions.size} loaded`);
    } catch (error) {
      io.stderr(`plumb serve: --sessions ${options.sessions}: ${(error as Error).message}`);
      await connector.close();
      return { code: 1 };
    }
  }
  // The views' pre-aggregates before the first request (the loads above invalidated what was derived).
  const start = performance.now();
  const builds = await prepareServedViews(connector, { minGroup: options.minGroup, anonymize: options.anonymize });
  io.stderr(`pre-aggregates for ${builds.filter((b) => !b.error).map((b) => b.query).join(', ') || 'no view'} built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  let server: RunningHttpServer;
  try {
    const auditFile = options.auditLog ? openSync(options.auditLog, 'a') : null;
    server = await startHttpServer({
      connector,
      port: options.port,
      host: options.host,
      readOnly: options.readOnly,
      auth,
      allowSql: options.allowSql,
      minGroup: options.minGroup,
      anonymize: options.anonymize,
      ...(process.env.PLUMB_PSEUDONYM_SALT ? { salt: process.env.PLUMB_PSEUDONYM_SALT } : {}),
      limits: { timeoutMs: options.timeoutMs, namedTimeoutMs: options.namedTimeoutMs, maxRows: options.maxRows },
      audit: jsonLinesAudit(auditFile === null ? (line) => io.stderr(line.trimEnd()) : (line) => writeSync(auditFile, line)),
      ...(tls ? { tls } : {}),
      ...(options.allowOrigin ? { allowOrigin: options.allowOrigin } : {}),
      ...(sessions ? { sessions } : {}),
    });
  } catch (error) {
    await connector.close();
    io.stderr(listenFailure(error as NodeJS.ErrnoException, options));
    return { code: 1 };
  }
  if (auth === 'none') {
    io.stderr('plumb serve: WARNING: --no-auth: every program and web page on this machine can read the data as an administrator');
  }
  if (!tls && !LOOPBACK_HOSTS.has(options.host)) {
    io.stderr(`plumb serve: listening on ${options.host} without TLS: put it behind a proxy that terminates TLS, or give --tls-cert and --tls-key`);
  }
  io.stdout(
    `plumb serve: ${server.url} (${server.readOnly ? 'read-only' : 'writable'}` +
      `${options.allowOrigin ? `, pages from ${options.allowOrigin}` : ', no browser origins'}` +
      `${auth === 'none' ? ', no authentication' : `, authenticated by ${auth.describe}`}` +
      `${options.allowSql ? ', raw SQL for administrators' : ', named queries only'}, min-group ${options.minGroup}). Ctrl+C stops.`,
  );
  if (server.token) {
    // Printed once, like Jupyter's: whoever holds it is an administrator of this server.
    io.stdout(`plumb serve: token (give it to HttpConnector as { token }): ${server.token}`);
  }
  return { server, connector };
}

/** A fresh folder for DuckDB to spill into, removed when the process ends. */
function spillFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-serve-spill-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
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
