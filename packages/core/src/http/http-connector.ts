import { tableFromIPC, type Table } from 'apache-arrow';
import type { Connector } from '../connector.js';
import type { SqlParam } from '../sql.js';
import {
  ARROW_STREAM_TYPE,
  CREATE_HEADER,
  FILE_HEADER,
  JSON_TYPE,
  OCTET_STREAM_TYPE,
  TABLE_HEADER,
  isWireParam,
  type JsonRequest,
  type SessionAnswer,
  type SessionExportAnswer,
  type SessionEventInput,
  type SessionRequest,
} from './protocol.js';
import type { CalibrationEventRow } from '../schema.js';
import { HttpRequestError } from './request-error.js';

export interface HttpConnectorOptions {
  /** The server's URL (e.g. what `plumb serve` prints). Every request goes here and nowhere else. */
  url: string | URL;
  /** Sent with every request (e.g. a header a proxy in front of the server wants). */
  headers?: Record<string, string>;
  /**
   * The bearer token the server authenticates (what `plumb serve` printed, an API token, or an
   * OIDC access token). A function is asked before every request, so a token that expires can be
   * refreshed; it is never written anywhere but the `authorization` header.
   */
  token?: string | (() => string | Promise<string>);
  /**
   * The fetch to use (default: the global one). A hook for sign-in flows that add credentials
   * themselves (cookies through a proxy, a refreshed token) and for tests.
   */
  fetch?: typeof fetch;
}

/**
 * Connector to a DuckDB behind HTTP (`plumb serve`, or any server speaking
 * the protocol in README.md): SQL goes out as JSON, results come back as
 * Arrow IPC streams. For data past what one browser holds; the elements and
 * named queries stay the same. Makes no request before the first call.
 */
export class HttpConnector implements Connector {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly token: HttpConnectorOptions['token'];
  private closed = false;

  constructor(options: HttpConnectorOptions) {
    this.url = String(options.url);
    this.headers = { ...options.headers };
    this.fetchImpl = options.fetch;
    this.token = options.token;
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    params.forEach((value, index) => {
      if (!isWireParam(value)) throw new Error(`HttpConnector: parameter ${index + 1} (${String(value)}) cannot be sent: use a finite number, a string, a boolean or null`);
    });
    const body: JsonRequest = { type: 'arrow', sql, params: [...params] };
    const response = await this.post(JSON.stringify(body), { 'content-type': JSON_TYPE, accept: ARROW_STREAM_TYPE });
    return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
  }

  /** Run a named query on the server, next to its data: one request, a plain JSON answer. */
  async runNamedQuery(name: string, options: unknown): Promise<unknown> {
    const body: JsonRequest = { type: 'named', name, options };
    const response = await this.post(JSON.stringify(body), { 'content-type': JSON_TYPE, accept: JSON_TYPE });
    return response.json();
  }

  /**
   * A calibration session kept by the server (`plumb serve --sessions DIR`): open, append an event,
   * read the log after a seq (long-polling up to `wait_ms`), close. A refusal rejects with an
   * `HttpRequestError` (409 and `body.current` for a stale `from_rating`; 403 outside the caller's scope).
   */
  session(request: Extract<SessionRequest, { op: 'append' }>, signal?: AbortSignal): Promise<{ event: CalibrationEventRow }>;
  session(request: Extract<SessionRequest, { op: 'export' }>, signal?: AbortSignal): Promise<SessionExportAnswer>;
  session(request: Exclude<SessionRequest, { op: 'append' | 'export' }>, signal?: AbortSignal): Promise<SessionAnswer>;
  async session(request: SessionRequest, signal?: AbortSignal): Promise<SessionAnswer | SessionExportAnswer | { event: CalibrationEventRow }> {
    const body: JsonRequest = { type: 'session', ...request };
    const response = await this.post(JSON.stringify(body), { 'content-type': JSON_TYPE, accept: JSON_TYPE }, signal);
    return response.json() as Promise<SessionAnswer | SessionExportAnswer | { event: CalibrationEventRow }>;
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    await this.post(ipc, {
      'content-type': ARROW_STREAM_TYPE,
      [TABLE_HEADER]: encodeURIComponent(table),
      [CREATE_HEADER]: options.create ? 'true' : 'false',
    });
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<void> {
    await this.post(bytes, { 'content-type': OCTET_STREAM_TYPE, [FILE_HEADER]: encodeURIComponent(name) });
  }

  async dropFile(name: string): Promise<void> {
    const body: JsonRequest = { type: 'drop-file', name };
    await this.post(JSON.stringify(body), { 'content-type': JSON_TYPE });
  }

  /** Stop using the server; the server's database stays (it is not ours). Further calls reject. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async post(body: string | Uint8Array, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    if (this.closed) throw new Error('connector is closed');
    // Looked up per call so a global fetch installed after construction (tests, polyfills) is used.
    const fetchImpl = this.fetchImpl ?? globalThis.fetch.bind(globalThis);
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let response: Response;
    try {
      response = await fetchImpl(this.url, {
        method: 'POST',
        headers: { ...this.headers, ...auth, ...headers },
        body: body as BodyInit,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new Error(`HttpConnector: could not reach ${this.url}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) {
      const { message, body } = await errorOf(response);
      throw new HttpRequestError(message, response.status, body);
    }
    return response;
  }
}


/** The server's `{error}` message and body, or what the status says when the body is not ours (a proxy's page). */
async function errorOf(response: Response): Promise<{ message: string; body: Record<string, unknown> }> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
      return { message: (parsed as { error: string }).error, body: parsed as Record<string, unknown> };
    }
  } catch {
    // not JSON: fall through
  }
  const snippet = text.trim().slice(0, 200);
  return { message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${snippet ? `: ${snippet}` : ''}`, body: {} };
}
