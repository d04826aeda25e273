import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { queryRows, type Connector } from '../connector.js';
import {
  ARROW_STREAM_TYPE,
  CREATE_HEADER,
  FILE_HEADER,
  HTTP_PROTOCOL_VERSION,
  JSON_TYPE,
  OCTET_STREAM_TYPE,
  TABLE_HEADER,
  isWireParam,
  type ServerInfo,
} from '../http/protocol.js';
import { readOnlyRefusal } from '../http/read-only.js';
import { schemaDDL } from '../schema.js';
import { NAMED_QUERIES } from '../queries/named.js';
import { invalidateDerived } from '../queries/derived.js';
import { buildPreAggregates, type PreAggregateBuild } from '../queries/pre-aggregates.js';
import type { SqlParam } from '../sql.js';

export interface HttpHandlerOptions {
  /** Refuse everything but one SELECT / WITH / DESCRIBE / SUMMARIZE statement (default true). */
  readOnly?: boolean;
  /** The one origin a browser page may call from; without it cross-origin requests are refused. */
  allowOrigin?: string;
  /** Largest request body accepted, in bytes (default 256 MiB). */
  maxBodyBytes?: number;
}

export interface HttpServerOptions extends HttpHandlerOptions {
  /** The database served; the caller keeps ownership (close it after the server). */
  connector: Connector;
  /** Default 4848; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
}

export interface RunningHttpServer {
  /** Where the server answers, e.g. `http://127.0.0.1:4848/`: give it to `HttpConnector`. */
  url: string;
  readOnly: boolean;
  /** Stop listening and drop open connections (the connector stays open). */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, `${JSON_TYPE}; charset=utf-8`, JSON.stringify(value));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
    chunks.push(chunk);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

function headerText(req: IncomingMessage, name: string): string {
  const raw = req.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) throw new HttpError(400, `missing ${name} header`);
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, `${name} header is not percent-encoded text`);
  }
}

type ParsedRequest =
  | { kind: 'arrow'; sql: string; params: SqlParam[] }
  | { kind: 'drop-file'; name: string }
  | { kind: 'named'; name: string; options: unknown };

function parseQuery(body: Uint8Array): ParsedRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
  const request = (parsed ?? {}) as Record<string, unknown>;
  if (request.type === 'arrow') {
    if (typeof request.sql !== 'string') throw new HttpError(400, '"sql" must be a string');
    const params = request.params ?? [];
    if (!Array.isArray(params) || !params.every(isWireParam)) {
      throw new HttpError(400, '"params" must be an array of strings, finite numbers, booleans or nulls');
    }
    return { kind: 'arrow', sql: request.sql, params };
  }
  if (request.type === 'drop-file') {
    if (typeof request.name !== 'string') throw new HttpError(400, '"name" must be a string');
    return { kind: 'drop-file', name: request.name };
  }
  if (request.type === 'named') {
    if (typeof request.name !== 'string' || !Object.hasOwn(NAMED_QUERIES, request.name)) {
      throw new HttpError(400, `unknown named query ${JSON.stringify(request.name)} (known: ${Object.keys(NAMED_QUERIES).sort().join(', ')})`);
    }
    const options = request.options ?? {};
    if (typeof options !== 'object' || Array.isArray(options)) throw new HttpError(400, '"options" must be an object');
    return { kind: 'named', name: request.name, options };
  }
  throw new HttpError(400, `unknown request type ${JSON.stringify(request.type)} (expected "arrow", "named" or "drop-file")`);
}

// `createSchema` over a connector (what `<plumb-data .connector>` does first)
// sends exactly these CREATE TABLE IF NOT EXISTS statements. The server made
// the canonical tables before serving, so they change nothing: let them pass.
// `createSchema` on a connector to this server: each canonical CREATE TABLE IF NOT EXISTS, or all of
// them in the one batch createSchema sends (exactly core's text, so nothing else rides along).
const CANONICAL_DDL = new Set([...schemaDDL(), schemaDDL().join(';\n')]);

const READ_ONLY_WRITE = 'this server is read-only: start it with --writable to allow inserts and files';

/**
 * The request listener behind `startHttpServer`, for mounting the protocol
 * in a server of your own. Serves `/` only: `GET` describes the server,
 * `POST` runs the protocol of src/http/README.md against `connector`.
 * Read-only here is the statement guard only: call `lockDown(connector)` too.
 */
export function createHttpHandler(connector: Connector, options: HttpHandlerOptions = {}): RequestListener {
  const readOnly = options.readOnly ?? true;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const allowOrigin = options.allowOrigin;
  // A write (writable servers only) is a data change: what was derived from the data is forgotten,
  // and the views' pre-aggregates are rebuilt once the writes pause, not on the next view's request.
  let rebuild: ReturnType<typeof setTimeout> | null = null;
  const dataChanged = () => {
    invalidateDerived(connector);
    if (rebuild) clearTimeout(rebuild);
    rebuild = setTimeout(() => void prepareServedViews(connector), REBUILD_AFTER_WRITES_MS);
    rebuild.unref?.();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A browser always names the calling page's origin; refusing unknown ones
    // (before running anything) also stops DNS-rebinding pages and no-preflight
    // "simple" cross-origin POSTs.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (origin !== allowOrigin) throw new HttpError(403, `origin ${origin} is not allowed${allowOrigin ? '' : ' (start the server with --allow-origin)'}`);
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    if (path !== '/') throw new HttpError(404, `nothing at ${path}: the protocol is served at /`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (req.method === 'GET') {
      const info: ServerInfo = { service: 'plumb', protocol: HTTP_PROTOCOL_VERSION, readOnly };
      sendJson(res, 200, info);
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, `method ${req.method} is not allowed (use POST)`);

    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = await readBody(req, limit);
    if (contentType === JSON_TYPE) {
      const request = parseQuery(body);
      if (request.kind === 'named') {
        // Core's own code next to the data: read-only servers answer these too (they only read the
        // canonical tables, and build their pre-aggregates in the server's memory).
        const result = await asClientError(() => NAMED_QUERIES[request.name]!.run(connector, request.options as never));
        sendJson(res, 200, result);
        return;
      }
      if (request.kind === 'arrow') {
        const refusal = readOnly && !CANONICAL_DDL.has(request.sql) ? readOnlyRefusal(request.sql) : null;
        if (refusal) throw new HttpError(403, `read-only server: ${refusal}`);
        const table = await asClientError(() => connector.query(request.sql, request.params));
        if (!readOnly && readOnlyRefusal(request.sql) !== null) dataChanged();
        send(res, 200, ARROW_STREAM_TYPE, tableToIPC(table, 'stream'));
        return;
      }
      if (readOnly) throw new HttpError(403, READ_ONLY_WRITE);
      await asClientError(() => connector.dropFile(request.name));
    } else if (contentType === ARROW_STREAM_TYPE) {
      if (readOnly) throw new HttpError(403, READ_ONLY_WRITE);
      const table = headerText(req, TABLE_HEADER);
      const create = req.headers[CREATE_HEADER] === 'true';
      assertArrowStream(body);
      await asClientError(() => connector.insertArrowIPC(table, body, { create }));
      dataChanged();
    } else if (contentType === OCTET_STREAM_TYPE) {
      if (readOnly) throw new HttpError(403, READ_ONLY_WRITE);
      const name = headerText(req, FILE_HEADER);
      await asClientError(() => connector.registerFile(name, body));
    } else {
      throw new HttpError(415, `content type ${contentType || '(none)'} is not accepted (${JSON_TYPE}, ${ARROW_STREAM_TYPE} or ${OCTET_STREAM_TYPE})`);
    }
    res.writeHead(204);
    res.end();
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: message });
    });
  };
}

/** Quiet time after the last write before a writable server rebuilds its pre-aggregates. */
const REBUILD_AFTER_WRITES_MS = 1000;

/**
 * Build the pre-aggregates of every named query this server answers (`buildPreAggregates`): at
 * start-up, before listening (`plumb serve`), and after each data change — never on a first request.
 */
export function prepareServedViews(connector: Connector): Promise<PreAggregateBuild[]> {
  return buildPreAggregates(connector, Object.values(NAMED_QUERIES));
}

/** DuckDB-WASM takes bytes that are not Arrow IPC without a word (and inserts nothing): check first. */
function assertArrowStream(body: Uint8Array): void {
  let columns = 0;
  try {
    columns = tableFromIPC(body).schema.fields.length;
  } catch {
    // reported below
  }
  if (columns === 0) throw new HttpError(400, 'request body is not an Arrow IPC stream with at least one column');
}

/** A database error is the caller's (bad SQL, missing table): 400 with DuckDB's own message. */
async function asClientError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new HttpError(400, error instanceof Error ? error.message : String(error));
  }
}

/**
 * No file access and no configuration change from here on, for good:
 * what `startHttpServer` does before serving read-only (call it yourself
 * when you mount `createHttpHandler` read-only). Idempotent.
 */
export async function lockDown(connector: Connector): Promise<void> {
  const [locked] = await queryRows<{ locked: boolean }>(connector, "SELECT current_setting('lock_configuration') AS locked");
  if (locked?.locked) {
    const [external] = await queryRows<{ on: boolean }>(connector, "SELECT current_setting('enable_external_access') AS on");
    if (external?.on) throw new Error('cannot serve read-only: the database configuration is locked with external access enabled');
    return;
  }
  await connector.query('SET enable_external_access = false');
  await connector.query('SET lock_configuration = true');
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

/**
 * Serve `connector` over HTTP (the protocol `HttpConnector` speaks), on
 * loopback by default. Read-only by default; then the database's file access
 * and configuration are locked first (`enable_external_access = false`,
 * `lock_configuration = true`), for good: do the loading before.
 * A guard for a trusted network, not a sandbox: no authentication, no TLS.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { connector, port = 4848, host = '127.0.0.1' } = options;
  const readOnly = options.readOnly ?? true;
  if (readOnly) await lockDown(connector);
  const server = createServer(createHttpHandler(connector, { ...options, readOnly }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: urlOf(server.address() as AddressInfo),
    readOnly,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
