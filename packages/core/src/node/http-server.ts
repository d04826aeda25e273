import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
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
import { tableRowCountsSql } from '../database.js';
import { NAMED_QUERIES } from '../queries/named.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';
import { dataVersion, dropEvicted, invalidateDerived, limitDerived, markServed } from '../queries/derived.js';
import { buildPreAggregates, type PreAggregateBuild } from '../queries/pre-aggregates.js';
import type { PrepareOptions } from '../queries/registry.js';
import type { SqlParam } from '../sql.js';
import { AuthError, createAuthenticator, normaliseAddress, type Authenticator } from './auth.js';
import type { Identity, Role } from './identity.js';
import { computeScope, scopeOptions, ScopeError, type Scope } from './scope.js';
import { BusyError, ResultTooLargeError } from './native-connector.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import { stableKey } from '../queries/registry.js';
import { AnswerCache, type Answer, type AnswerEncoding } from './answer-cache.js';
import { SESSION_QUERIES } from '../session/session-queries.js';
import { SessionRequestError, ServerSessions, scopeSessionLog, type SessionCaller } from './session-server.js';
import type { CalibrationLogResult } from '../calibration/session-log.js';
import { calibrationOverview } from '../calibration/queries.js';
import type { CalibrationReport } from '../calibration/report.js';
import type { SessionRequest } from '../http/protocol.js';

export interface ServerLimits {
  /** A SQL statement running longer is interrupted (native engine) and answered 503 (default 30 s). */
  timeoutMs?: number;
  /**
   * The same for a named query (default: `timeoutMs`). Its first run for a new cycle or date builds
   * pre-aggregates, which takes longer than a bounded statement should.
   */
  namedTimeoutMs?: number;
  /**
   * Rows a SQL result may have (default 100,000); more is refused without reading them. Also the most raters a
   * calibration report asked without `maxRaters` may list.
   */
  maxRows?: number;
  /** Bytes a result may have (default 64 MiB). */
  maxResultBytes?: number;
  /** Largest JSON request body (default 1 MiB), refused before it is read. */
  maxJsonBodyBytes?: number;
  /** Largest text in a named query's options (default 1,000 characters), list (1,000 items), nesting (4). */
  maxOptionText?: number;
  /** Pre-aggregate entries kept (default 64); older ones are dropped with their tables. */
  derivedEntries?: number;
  /**
   * Bytes of named-query answers kept (default 256 MiB; 0 keeps none): an answer is kept by the query,
   * its options as run (after scope and privacy) and the state of the data, until the data or a
   * calibration session changes, or the day ends.
   */
  answerCacheBytes?: number;
}

export interface HttpHandlerOptions {
  /** Refuse everything but one SELECT / WITH / DESCRIBE / SUMMARIZE statement (default true). */
  readOnly?: boolean;
  /** The one origin a browser page may call from; without it cross-origin requests are refused. */
  allowOrigin?: string;
  /** Largest Arrow or file body of a writable server, in bytes (default 256 MiB). */
  maxBodyBytes?: number;
  /**
   * Who may ask: an authenticator (`createAuthenticator`), or `'none'` (everyone is an
   * administrator: only for a server on loopback, see `startHttpServer`).
   */
  auth: Authenticator | 'none';
  /** Accept raw SQL requests (from administrators only). Default false: named queries only. */
  allowSql?: boolean;
  /** The server's minimum group: a request's `minGroup` is raised to it, never lowered (default 5). */
  minGroup?: number;
  /** Salt of every pseudonym this server gives (a client's salt is ignored). Default: random per start. */
  salt?: string;
  /** Answer every named query anonymized. */
  anonymize?: boolean;
  limits?: ServerLimits;
  /** One entry per request (default: none). `jsonLinesAudit` writes them as JSON lines. */
  audit?: (entry: AuditEntry) => void;
  /**
   * Calibration sessions kept by this server (`ServerSessions.start`, `plumb serve --sessions DIR`).
   * Without them a session request is refused with what to do.
   */
  sessions?: ServerSessions;
}

export interface HttpServerOptions extends Omit<HttpHandlerOptions, 'auth'> {
  /** The database served; the caller keeps ownership (close it after the server). */
  connector: Connector;
  /** Default 4848; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /**
   * Default: a random token made at start (`RunningHttpServer.token`, administrator).
   * `'none'` is refused unless `host` is loopback.
   */
  auth?: Authenticator | 'none';
  /** Serve HTTPS with this certificate chain and private key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningHttpServer {
  /** Where the server answers, e.g. `http://127.0.0.1:4848/`: give it to `HttpConnector`. */
  url: string;
  readOnly: boolean;
  /** The token made at start when no authentication was configured (give it to `HttpConnector`). */
  token?: string;
  /** Stop listening and drop open connections (the connector stays open). */
  close(): Promise<void>;
}

/** One line of the audit log: who asked what and how it went; never a data value. */
export interface AuditEntry {
  time: string;
  request_id: string;
  remote: string;
  subject: string | null;
  role: Role | null;
  method: string;
  kind: 'info' | 'named' | 'sql' | 'insert' | 'file' | 'drop-file' | 'session' | null;
  /** The named query, or the session request (`session:open|append|events|close`). */
  query?: string;
  /** The named query's options as run (after scope and privacy). */
  options?: Record<string, unknown>;
  /** Raw SQL (administrators only), cut at 500 characters. */
  sql?: string;
  /** A named query answered from the answer cache (the same query with the same options as run, on the same data). */
  cached?: boolean;
  rows?: number | null;
  bytes?: number;
  /** Bytes sent when the answer went compressed (`bytes` is its size before). */
  sent_bytes?: number;
  ms: number;
  status: number;
  outcome: 'ok' | 'refused' | 'unauthenticated' | 'timeout' | 'cancelled' | 'too-large' | 'busy' | 'conflict' | 'error';
  /** What went wrong, in full (the client got a generic message). */
  detail?: string;
}

/** An audit writer appending one JSON line per request to `write` (a file stream, stderr). */
export function jsonLinesAudit(write: (line: string) => void): (entry: AuditEntry) => void {
  return (entry) => write(`${JSON.stringify(entry)}\n`);
}

const DEFAULT_MAX_BODY = 256 * 1024 * 1024;
const DEFAULT_LIMITS: Omit<Required<ServerLimits>, 'namedTimeoutMs'> = {
  timeoutMs: 30_000,
  maxRows: 100_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxJsonBodyBytes: 1024 * 1024,
  maxOptionText: 1000,
  derivedEntries: 64,
  answerCacheBytes: 256 * 1024 * 1024,
};

/** Who a server without authentication (`--no-auth`, loopback only) takes every caller for. */
const LOCAL_ADMIN: Identity = { subject: 'local', role: 'admin' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly outcome: AuditEntry['outcome'] = status === 401 ? 'unauthenticated' : status === 403 ? 'refused' : status === 413 ? 'too-large' : 'error',
    /** Logged, never sent. */
    readonly detail?: string,
    /** More fields of the answer's body (a conflict's rating in force). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Answers smaller than this are sent as they are (a few packets: compressing saves nothing). */
const COMPRESS_FROM_BYTES = 2048;

/**
 * A named query's answer, compressed when the client accepts it: brotli at quality 4 (browsers offer it over
 * HTTPS), else gzip at level 1 — both about 10× smaller for these answers at 80–300 MB/s of one core, off the
 * event loop (zlib's thread pool). Compressed once per answer and encoding: a kept answer keeps its compressed
 * bytes (`keep`). Compression cannot expose one answer through another's size (BREACH): a page of another
 * origin cannot make a caller's browser send its bearer token, nor a JSON request unpreflighted.
 */
async function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer, audit: AuditEntry, keep: (encoding: AnswerEncoding, body: Uint8Array) => void): Promise<void> {
  const accepts = String(req.headers['accept-encoding'] ?? '').toLowerCase();
  const encoding = answer.bytes < COMPRESS_FROM_BYTES ? null : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  const headers = { 'content-type': `${JSON_TYPE}; charset=utf-8`, 'cache-control': 'no-store', vary: 'accept-encoding' };
  if (!encoding) {
    res.writeHead(200, headers);
    res.end(answer.text);
    return;
  }
  let body = answer.encoded.get(encoding);
  if (!body) {
    body = encoding === 'br'
      ? await brotli(answer.text, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: answer.bytes, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } })
      : await gzipped(answer.text, { level: 1 });
    keep(encoding, body);
  }
  audit.sent_bytes = body.byteLength;
  res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.byteLength });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, `${JSON_TYPE}; charset=utf-8`, JSON.stringify(value));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // let the rest go by unread
    throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
    }
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
  | { kind: 'named'; name: string; options: Record<string, unknown> }
  | { kind: 'session'; request: SessionRequest };

/** Options small enough to run: short texts, short lists, shallow nesting (checked before any query work). */
function checkOptionSize(value: unknown, maxText: number, depth = 0): void {
  if (depth > 4) throw new HttpError(400, 'options are nested too deeply');
  if (typeof value === 'string') {
    if (value.length > maxText) throw new HttpError(413, `an option text is longer than ${maxText} characters`);
  } else if (Array.isArray(value)) {
    if (value.length > 1000) throw new HttpError(413, 'an option list has more than 1000 items');
    for (const v of value) checkOptionSize(v, maxText, depth + 1);
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > 64) throw new HttpError(413, 'options have more than 64 fields');
    for (const [, v] of entries) checkOptionSize(v, maxText, depth + 1);
  }
}

function parseQuery(body: Uint8Array, maxText: number): ParsedRequest {
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
      throw new HttpError(400, `unknown named query ${JSON.stringify(request.name).slice(0, 80)} (known: ${Object.keys(NAMED_QUERIES).sort().join(', ')})`);
    }
    const options = request.options ?? {};
    if (typeof options !== 'object' || Array.isArray(options)) throw new HttpError(400, '"options" must be an object');
    checkOptionSize(options, maxText);
    return { kind: 'named', name: request.name, options: options as Record<string, unknown> };
  }
  if (request.type === 'session') {
    if (!['open', 'append', 'events', 'close', 'export'].includes(request.op as string)) {
      throw new HttpError(400, `unknown session request ${JSON.stringify(request.op)?.slice(0, 40)} (open, append, events, close or export)`);
    }
    return { kind: 'session', request: request as unknown as SessionRequest };
  }
  throw new HttpError(400, `unknown request type ${JSON.stringify(request.type)?.slice(0, 40)} (expected "arrow", "named", "session" or "drop-file")`);
}

// `createSchema` over a connector (what `<plumb-data .connector>` does first) sends each canonical
// CREATE TABLE IF NOT EXISTS, or all of them in one batch: exactly core's text, so nothing else rides
// along. The server made the canonical tables before serving, so they change nothing. Then the page
// counts the rows of each table (`tableRowCounts`). Both are let through for every caller.
const PAGE_START_SQL = new Set([...schemaDDL(), schemaDDL().join(';\n'), tableRowCountsSql()]);

const READ_ONLY_WRITE = 'this server is read-only: start it with --writable to allow inserts and files';

/** A connector that can stop what it runs (native DuckDB): timeouts and departed clients interrupt it. */
interface Interruptible {
  interrupt(): void;
  queryWithin(sql: string, params: readonly SqlParam[], limits: { signal?: AbortSignal; maxRows?: number }): Promise<Table>;
  /** Run a named query's statements on pooled connections, beside other named queries (`NativeConnector.runPooled`). */
  runPooled?<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Named queries run side by side (pooled connections); a write of the data or of a calibration session
 * runs alone: it waits for the named queries running and holds new ones back until it is done, so no
 * answer reads a half-applied write (on one connection a write's statements never interleaved with theirs).
 */
class WriteGate {
  private reading = 0;
  private drained: (() => void) | null = null;
  private writing: Promise<unknown> = Promise.resolve();
  private writers = 0;

  async read<T>(work: () => Promise<T>): Promise<T> {
    while (this.writers > 0) await this.writing;
    this.reading++;
    try {
      return await work();
    } finally {
      if (--this.reading === 0) this.drained?.();
    }
  }

  write<T>(work: () => Promise<T>): Promise<T> {
    this.writers++;
    const run = this.writing.then(async () => {
      if (this.reading > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      return work();
    });
    this.writing = run.catch(() => undefined).finally(() => this.writers--);
    return run;
  }
}
function interruptible(connector: Connector): (Connector & Interruptible) | null {
  const c = connector as Partial<Interruptible>;
  return typeof c.interrupt === 'function' && typeof c.queryWithin === 'function' ? (connector as Connector & Interruptible) : null;
}

/** The first line of an error, absolute paths replaced: what a client may read of a database error. */
function clientText(message: string): string {
  return message.split('\n')[0]!.replace(/(?:[A-Za-z]:)?[\\/](?:[^\s"'\\/]+[\\/])+[^\s"']*/g, '<path>').slice(0, 300);
}

const DATABASE_ERROR = /^[A-Z][A-Za-z ]* Error: /;

/**
 * The request listener behind `startHttpServer`, for mounting the protocol
 * in a server of your own. Serves `/` only: `GET` describes the server,
 * `POST` runs the protocol of src/http/README.md against `connector`.
 * Read-only here is the statement guard only: call `lockDown(connector)` too.
 */
export function createHttpHandler(connector: Connector, options: HttpHandlerOptions): RequestListener {
  const readOnly = options.readOnly ?? true;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowOrigin = options.allowOrigin;
  const auth = options.auth;
  const serverMinGroup = Math.max(1, Math.floor(options.minGroup ?? DEFAULT_MIN_GROUP));
  const salt = options.salt ?? randomBytes(16).toString('base64url');
  const engine = interruptible(connector);
  limitDerived(connector, limits.derivedEntries);
  // Named queries running now: evicted pre-aggregates are dropped only when none is (one may hold a name).
  let namedRunning = 0;
  const gate = new WriteGate();
  // A write (writable servers only) is a data change: what was derived from the data is forgotten,
  // and the views' pre-aggregates are rebuilt once the writes pause, not on the next view's request.
  let rebuild: ReturnType<typeof setTimeout> | null = null;
  // Named queries' answers as sent: a selection another caller (or this one, after a reload) made before
  // costs a lookup. The log is left out (what it shows depends on who asks, not only on its options).
  const answers = new AnswerCache(limits.answerCacheBytes);
  const cacheable = (name: string) => limits.answerCacheBytes > 0 && name !== 'calibration-log';
  const dataChanged = () => {
    answers.clear();
    invalidateDerived(connector);
    if (rebuild) clearTimeout(rebuild);
    rebuild = setTimeout(() => void prepareServedViews(connector, { minGroup: serverMinGroup, anonymize: options.anonymize === true }), REBUILD_AFTER_WRITES_MS);
    rebuild.unref?.();
  };
  const scopes = new Map<string, { version: number; scope: Promise<Scope> }>();
  const sessions = options.sessions ?? null;
  // After each session write the calibration pre-aggregates are brought up to date in the background,
  // so the views' next requests (this laptop's and the others') find them built.
  let sessionRebuild: Promise<void> | null = null;
  let rebuildAgain = false;
  const sessionWritten = (): Promise<void> => {
    if (sessionRebuild) {
      rebuildAgain = true;
      return sessionRebuild;
    }
    sessionRebuild = (async () => {
      do {
        rebuildAgain = false;
        for (const name of SESSION_QUERIES) await NAMED_QUERIES[name]?.prepare?.(connector, { minGroup: serverMinGroup })?.catch(() => undefined);
      } while (rebuildAgain);
    })().finally(() => {
      sessionRebuild = null;
    });
    return sessionRebuild;
  };
  sessions?.afterWrite(sessionWritten);

  function scopeOf(identity: Identity): Promise<Scope> {
    const key = JSON.stringify([identity.subject, identity.role, identity.person_id ?? null, identity.team_id ?? null]);
    const version = dataVersion(connector);
    const cached = scopes.get(key);
    if (cached && cached.version === version) return cached.scope;
    const scope = computeScope(connector, identity);
    if (scopes.size >= 1000) scopes.delete(scopes.keys().next().value as string);
    scopes.set(key, { version, scope });
    scope.catch(() => scopes.delete(key));
    return scope;
  }

  /** The options a named query runs with: the server's privacy settings over the client's, then the caller's scope. */
  async function serverOptions(identity: Identity, requested: Record<string, unknown>): Promise<Record<string, unknown>> {
    const asked = requested.minGroup;
    if (asked !== undefined && (typeof asked !== 'number' || !Number.isFinite(asked) || asked < 0 || asked > 10_000)) {
      throw new HttpError(400, 'minGroup must be a number from 0 to 10000');
    }
    const own: Record<string, unknown> = {
      ...requested,
      minGroup: Math.max(serverMinGroup, Math.floor((asked as number | undefined) ?? 0)),
      salt,
      pseudonymSalt: salt,
    };
    if (options.anonymize) own.anonymize = true;
    return scopeOptions({ connector, scope: await scopeOf(identity), salt }, own);
  }

  /**
   * Run `work` under the time limit and the client's presence; interrupt the engine when either ends. The
   * refusal goes out once the work has stopped (DuckDB ends an interrupted statement within a vector or so; at
   * most STOP_WAIT_MS): "was stopped" is then true, and a client retrying at once finds its connection free
   * rather than all readers busy.
   */
  async function bounded<T>(signal: AbortSignal, ms: number, work: (signal: AbortSignal) => Promise<T>, onAbort?: () => void): Promise<T> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new HttpError(503, `the request took longer than ${ms} ms and was stopped`, 'timeout')), ms);
    const both = AbortSignal.any([signal, timer.signal]);
    const stop = () => onAbort?.();
    both.addEventListener('abort', stop, { once: true });
    try {
      return await new Promise<T>((resolve, reject) => {
        const running = work(both);
        let aborted = false;
        both.addEventListener('abort', () => {
          aborted = true;
          const stopped = running.then(() => undefined, () => undefined);
          let wait: ReturnType<typeof setTimeout> | undefined;
          const cap = new Promise<void>((done) => (wait = setTimeout(done, STOP_WAIT_MS)));
          void Promise.race([stopped, cap]).then(() => {
            clearTimeout(wait);
            reject(both.reason);
          });
        }, { once: true });
        // After an abort the answer is the abort's (time-out or departed client), not the interrupted statement's error.
        running.then(resolve, (error: unknown) => {
          if (!aborted) reject(error);
        });
      });
    } finally {
      clearTimeout(timeout);
      both.removeEventListener('abort', stop);
    }
  }

  /**
   * A calibration report asked without `maxRaters` lists every rater: when the data has more ratings than `maxRows`
   * (so possibly more raters), it is run with `raterListLimit: maxRows` — the list drawn only when it fits — and a
   * longer one is refused without its rows ever being read, converted and written. At 1M people the whole list
   * (~150,000 raters, ~100 MB of JSON) took 11.7 s before the size limit refused it. One run: the answer that fits
   * is the unbounded one (its filter echoes what was asked).
   */
  async function runReport(options: Record<string, unknown>): Promise<unknown> {
    const report = NAMED_QUERIES['calibration-report']!;
    if ((options.maxRaters !== undefined && options.maxRaters !== null) || !(await calibrationOverview(connector)).some((r) => r.n > limits.maxRows)) {
      return report.run(connector, options as never);
    }
    const answer = (await report.run(connector, { ...options, raterListLimit: limits.maxRows } as never)) as CalibrationReport;
    const rows = answer.shown_raters;
    if (rows > limits.maxRows) {
      throw new HttpError(413, `the report would list ${rows} raters, more than this server's limit of ${limits.maxRows} rows: ask for fewer with maxRaters`, 'too-large');
    }
    return answer;
  }

  /** One session request of an authenticated caller; refusals become HTTP errors (403, 404, 409) and are audited. */
  async function sessionRequest(identity: Identity, request: SessionRequest, gone: AbortSignal, audit: AuditEntry): Promise<unknown> {
    const store = sessions!;
    let scope: Scope;
    try {
      scope = await scopeOf(identity);
    } catch (error) {
      if (error instanceof ScopeError) throw new HttpError(403, error.message);
      throw error;
    }
    const anonymize = options.anonymize === true || request.anonymize === true;
    const caller: SessionCaller = { identity, scope, index: anonymize ? await pseudonymIndex(connector, salt) : null };
    const sessionId = 'session_id' in request ? request.session_id : undefined;
    audit.options = { ...(typeof sessionId === 'string' ? { session_id: sessionId.slice(0, 80) } : {}) };
    try {
      switch (request.op) {
        case 'open':
          return await store.open(caller, { cycle: typeof request.cycle === 'string' ? request.cycle : null, scope: request.scope ?? null });
        case 'append': {
          const event = await store.append(caller, request.session_id, request.event);
          audit.options.seq = event.seq;
          audit.options.event = event.kind;
          return { event };
        }
        case 'events': {
          const after = Number(request.after ?? 0);
          const wait = Number(request.wait_ms ?? 0);
          if (!Number.isFinite(after) || !Number.isFinite(wait)) throw new HttpError(400, 'after and wait_ms must be numbers');
          return await store.events(caller, request.session_id, after, wait, gone);
        }
        case 'close':
          return await store.close(caller, request.session_id);
        case 'export':
          // Real ids leave only a server that shows them: one anonymizing for everyone keeps them.
          if (options.anonymize === true) throw new HttpError(403, 'this server shows pseudonyms only (--anonymize): a session export with real ids is refused');
          audit.options.what = String(request.what).slice(0, 20);
          return await store.export(caller, request.session_id, request.what);
      }
    } catch (error) {
      if (error instanceof SessionRequestError) {
        const outcome = error.status === 409 ? 'conflict' : error.status === 403 ? 'refused' : 'error';
        throw new HttpError(error.status, error.message, outcome, undefined, error.extra);
      }
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, audit: AuditEntry, gone: AbortSignal): Promise<void> {
    // A browser always names the calling page's origin; refusing unknown ones
    // (before running anything) also stops DNS-rebinding pages and no-preflight
    // "simple" cross-origin POSTs.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (origin !== allowOrigin) throw new HttpError(403, `origin ${origin.slice(0, 200)} is not allowed${allowOrigin ? '' : ' (start the server with --allow-origin)'}`);
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    if (path !== '/') throw new HttpError(404, 'nothing here: the protocol is served at /');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, authorization, x-plumb-table, x-plumb-create, x-plumb-file',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (req.method === 'GET') {
      audit.kind = 'info';
      const info: ServerInfo = { service: 'plumb', protocol: HTTP_PROTOCOL_VERSION, readOnly, sessions: sessions !== null };
      sendJson(res, 200, info);
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, `method ${req.method} is not allowed (use POST)`);

    // Who asks, before reading a byte of the body.
    let identity: Identity;
    try {
      identity = auth === 'none' ? LOCAL_ADMIN : await auth.authenticate(req);
    } catch (error) {
      req.resume();
      if (error instanceof AuthError) {
        res.setHeader('www-authenticate', 'Bearer');
        throw new HttpError(401, 'authentication required: send a valid bearer token', 'unauthenticated', error.message);
      }
      throw error;
    }
    audit.subject = identity.subject;
    audit.role = identity.role;
    const admin = identity.role === 'admin';

    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType === JSON_TYPE) {
      const request = parseQuery(await readBody(req, limits.maxJsonBodyBytes), limits.maxOptionText);
      if (request.kind === 'session') {
        audit.kind = 'session';
        audit.query = `session:${request.request.op}`;
        if (!sessions) throw new HttpError(501, 'this server keeps no calibration sessions: start plumb serve with --sessions DIR');
        // A write changes what the calibration queries answer: no answer from before it is served after it.
        const writes = request.request.op === 'open' || request.request.op === 'append' || request.request.op === 'close';
        if (writes) answers.clear();
        let answer: unknown;
        try {
          answer = writes ? await gate.write(() => sessionRequest(identity, request.request, gone, audit)) : await sessionRequest(identity, request.request, gone, audit);
        } finally {
          if (writes) answers.clear();
        }
        sendJson(res, 200, answer);
        return;
      }
      if (request.kind === 'named') {
        audit.kind = 'named';
        audit.query = request.name;
        let runOptions: Record<string, unknown>;
        try {
          runOptions = await serverOptions(identity, request.options);
        } catch (error) {
          if (error instanceof ScopeError) throw new HttpError(403, error.message);
          throw error;
        }
        audit.options = runOptions;
        // The session log names people and reasons: facilitators and administrators only (checked before running).
        if (request.name === 'calibration-log' && identity.role !== 'admin' && identity.role !== 'facilitator') {
          throw new HttpError(403, 'the session log is for facilitators and administrators');
        }
        // What determines the answer: the query, its options as run (scope and privacy applied), the data and
        // the day (a roll-up "as of today" moves at midnight). Answers of an earlier data state are cleared.
        const key = cacheable(request.name) ? stableKey([request.name, runOptions, dataVersion(connector), new Date().toISOString().slice(0, 10)]) : null;
        const kept = key === null ? undefined : answers.get(key);
        if (kept !== undefined) {
          audit.cached = true;
          audit.bytes = kept.bytes;
          await sendAnswer(req, res, kept, audit, (encoding, body) => answers.encoded(key!, kept, encoding, body));
          return;
        }
        const since = answers.generation;
        const query = NAMED_QUERIES[request.name]!;
        namedRunning++;
        let result: unknown;
        try {
          const ms = limits.namedTimeoutMs ?? limits.timeoutMs;
          const run = () => (request.name === 'calibration-report' ? runReport(runOptions) : query.run(connector, runOptions as never));
          result = await asClientError(() => gate.read(() =>
            engine?.runPooled
              ? bounded(gone, ms, (signal) => engine.runPooled!(run, signal))
              : bounded(gone, ms, run, () => engine?.interrupt())), true);
        } finally {
          if (--namedRunning === 0) void dropEvicted(connector).catch(() => undefined);
        }
        if (request.name === 'calibration-log') {
          // The log is the whole session's: entries about people outside the caller's scope are left out.
          const scope = await scopeOf(identity);
          const index = runOptions.anonymize === true ? await pseudonymIndex(connector, salt) : null;
          result = scopeSessionLog(result as CalibrationLogResult, { identity, scope, index });
        }
        // A query that echoes its options (calibration-report's `filter`) would hand out the salt. The answer is
        // written without a replacer (one call per value: seconds for a 40 MB answer) and again with it only
        // when the salt is in it (a value equal to the salt is written exactly as JSON.stringify(salt)).
        const plain = JSON.stringify(result);
        const text = plain.includes(JSON.stringify(salt))
          ? JSON.stringify(result, (key, value: unknown) => ((key === 'salt' || key === 'pseudonymSalt') && value === salt ? undefined : value))
          : plain;
        audit.rows = Array.isArray(result) ? result.length : null;
        const bytes = Buffer.byteLength(text);
        if (bytes > limits.maxResultBytes) throw new HttpError(413, `the result is larger than this server's limit of ${limits.maxResultBytes} bytes: narrow the request`, 'too-large');
        audit.bytes = bytes;
        const answer: Answer = { text, bytes, encoded: new Map() };
        if (key !== null) answers.set(key, answer, since);
        await sendAnswer(req, res, answer, audit, (encoding, body) => key !== null && answers.encoded(key, answer, encoding, body));
        return;
      }
      if (request.kind === 'arrow') {
        audit.kind = 'sql';
        audit.sql = request.sql.slice(0, 500);
        const pageStart = PAGE_START_SQL.has(request.sql);
        if (!pageStart) {
          if (!options.allowSql) throw new HttpError(403, 'this server answers named queries only (raw SQL is off unless started with --allow-sql)');
          if (!admin) throw new HttpError(403, 'raw SQL is for administrators only');
          const refusal = readOnly ? readOnlyRefusal(request.sql) : null;
          if (refusal) throw new HttpError(403, `read-only server: ${refusal}`);
        }
        const table = await asClientError(() =>
          bounded(gone, limits.timeoutMs, (signal) =>
            engine ? engine.queryWithin(request.sql, request.params, { signal, maxRows: limits.maxRows }) : connector.query(request.sql, request.params),
          ),
        );
        if (!readOnly && readOnlyRefusal(request.sql) !== null) dataChanged();
        audit.rows = table.numRows;
        if (table.numRows > limits.maxRows) throw new HttpError(413, `the result has more than ${limits.maxRows} rows: narrow the query`, 'too-large');
        const ipc = tableToIPC(table, 'stream');
        if (ipc.byteLength > limits.maxResultBytes) throw new HttpError(413, `the result is larger than this server's limit of ${limits.maxResultBytes} bytes`, 'too-large');
        audit.bytes = ipc.byteLength;
        send(res, 200, ARROW_STREAM_TYPE, ipc);
        return;
      }
      audit.kind = 'drop-file';
      if (readOnly) throw new HttpError(403, READ_ONLY_WRITE);
      if (!admin) throw new HttpError(403, 'changing data is for administrators only');
      await asClientError(() => connector.dropFile(request.name));
    } else if (contentType === ARROW_STREAM_TYPE || contentType === OCTET_STREAM_TYPE) {
      audit.kind = contentType === ARROW_STREAM_TYPE ? 'insert' : 'file';
      if (readOnly) throw new HttpError(403, READ_ONLY_WRITE);
      if (!admin) throw new HttpError(403, 'changing data is for administrators only');
      const body = await readBody(req, limit);
      if (contentType === ARROW_STREAM_TYPE) {
        const table = headerText(req, TABLE_HEADER);
        const create = req.headers[CREATE_HEADER] === 'true';
        assertArrowStream(body);
        await asClientError(() => gate.write(() => connector.insertArrowIPC(table, body, { create })));
        dataChanged();
      } else {
        const name = headerText(req, FILE_HEADER);
        await asClientError(() => connector.registerFile(name, body));
      }
    } else {
      throw new HttpError(415, `content type ${contentType.slice(0, 80) || '(none)'} is not accepted (${JSON_TYPE}, ${ARROW_STREAM_TYPE} or ${OCTET_STREAM_TYPE})`);
    }
    res.writeHead(204);
    res.end();
  }

  return (req, res) => {
    const started = performance.now();
    const audit: AuditEntry = {
      time: new Date().toISOString(),
      request_id: randomBytes(6).toString('hex'),
      remote: normaliseAddress(req.socket.remoteAddress),
      subject: null,
      role: null,
      method: req.method ?? '',
      kind: null,
      ms: 0,
      status: 200,
      outcome: 'ok',
    };
    // A client that leaves before its answer: stop its work.
    const left = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) left.abort(new HttpError(499, 'the client went away', 'cancelled'));
    });
    handle(req, res, audit, left.signal)
      .catch((error: unknown) => {
        const known = error instanceof HttpError ? error : null;
        const status = known?.status ?? 500;
        audit.status = status;
        audit.outcome = known?.outcome ?? 'error';
        audit.detail = known?.detail ?? (error instanceof Error ? error.message : String(error));
        if (res.headersSent || res.destroyed) res.destroy();
        else sendJson(res, status, { ...known?.extra, error: known ? known.message : `the server could not answer (request ${audit.request_id})` });
      })
      .finally(() => {
        if (audit.status === 200 && res.statusCode !== 200) audit.status = res.statusCode;
        audit.ms = Math.round(performance.now() - started);
        options.audit?.(audit);
      });
  };
}

/** Longest wait, after a time-out or a departed client, for the interrupted work to stop before answering. */
const STOP_WAIT_MS = 5000;

/** Quiet time after the last write before a writable server rebuilds its pre-aggregates. */
const REBUILD_AFTER_WRITES_MS = 1000;

/**
 * Build the pre-aggregates of every named query this server answers (`buildPreAggregates`): at
 * start-up, before listening (`plumb serve`), and after each data change — never on a first request.
 */
export async function prepareServedViews(connector: Connector, options: PrepareOptions = {}): Promise<PreAggregateBuild[]> {
  const queries = Object.values(NAMED_QUERIES);
  // Tables sorted as read and the unfiltered calibration plans decided at the build (before listening, on no view's path).
  markServed(connector);
  const engine = interruptible(connector);
  if (!engine?.runPooled) return buildPreAggregates(connector, queries, options);
  // No view waits to draw here: every build at once, their statements side by side on the pooled connections.
  const builds = await Promise.all(queries.map((query) => engine.runPooled!(() => buildPreAggregates(connector, [query], options))));
  return builds.flat();
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

/**
 * A failure while running: the client gets its first line with paths removed (a database's own
 * "Catalog Error: …" for the caller's SQL; core's own message for a named query, but never a database
 * error from inside one: that names internal SQL and tables); the audit log gets the whole message. A time-out, a departed client, a busy pool keep their own answers.
 */
async function asClientError<T>(work: () => Promise<T>, internal = false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BusyError) throw new HttpError(503, 'the server is busy: try again in a moment', 'busy', message);
    if (error instanceof ResultTooLargeError) throw new HttpError(413, `${message}: narrow the query`, 'too-large');
    if (/^INTERRUPT Error/.test(message)) throw new HttpError(503, 'the request was stopped', 'timeout', message);
    if (/Out of Memory Error|could not allocate|max_temp_directory_size/i.test(message)) {
      throw new HttpError(503, "the request needs more memory than this server's limit", 'too-large', message);
    }
    const line = clientText(message);
    // A database error inside a named query would show its internal SQL ("LINE 1: …") and table names.
    const text = internal && DATABASE_ERROR.test(line) ? 'the query failed on the server' : line;
    throw new HttpError(400, text, 'error', message);
  }
}

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

function urlOf(address: AddressInfo, scheme: 'http' | 'https'): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}/`;
}

/** Addresses of this machine only. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Serve `connector` over HTTP(S) (the protocol `HttpConnector` speaks), on loopback by default.
 * Authenticated always: with no `auth`, a random token is made (`token` of the result), and
 * `auth: 'none'` is refused beyond loopback. Read-only by default; then the database's file access
 * and configuration are locked first (`enable_external_access = false`, `lock_configuration = true`),
 * for good: do the loading before. An engine that cannot interrupt a statement (DuckDB-WASM) is
 * refused beyond loopback: a runaway query there would stop the whole server.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { connector, port = 4848, host = '127.0.0.1' } = options;
  const loopback = LOOPBACK_HOSTS.has(host);
  if (options.auth === 'none' && !loopback) throw new Error(`refusing to serve ${host} without authentication: only loopback may go without`);
  if (!loopback && !interruptible(connector)) {
    throw new Error(`refusing to serve ${host} with an engine that cannot interrupt a statement (DuckDB-WASM runs on the server's own thread): use the native engine`);
  }
  const auth = options.auth ?? (await createAuthenticator([{ kind: 'token' }]));
  const readOnly = options.readOnly ?? true;
  if (readOnly) await lockDown(connector);
  const listener = createHttpHandler(connector, { ...options, auth, readOnly });
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
  // Slow senders cannot hold sockets open for ever (a body trickled byte by byte).
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: urlOf(server.address() as AddressInfo, options.tls ? 'https' : 'http'),
    readOnly,
    ...(auth !== 'none' && auth.generatedToken ? { token: auth.generatedToken } : {}),
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      // What the last session writes started runs on the database the caller closes next.
      await options.sessions?.settled();
    },
  };
}
