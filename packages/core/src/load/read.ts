import type { SourceData, SourceFormat } from './types.js';
import type { Text, TextParams } from '../text.js';
import { say } from './text.js';

/** A decoding problem in English and as a text (load/messages.en.ts). */
function problem(code: string, params: TextParams = {}): { message: string; messageText: Text } {
  const said = say(code, params);
  return { message: said.message, messageText: said.text };
}

/**
 * The bytes of any `SourceData` form. A URL is fetched with the given fetch,
 * and nothing else is. `shared` says the bytes are the caller's own memory,
 * which must be copied before DuckDB-WASM takes it (it transfers buffers to
 * its worker, which would empty the caller's ArrayBuffer).
 */
export async function readSourceBytes(
  data: SourceData,
  fetchImpl: typeof fetch | undefined,
  signal?: AbortSignal,
  options: { timeout?: number; onBytes?: (done: number, total: number | null) => void } = {},
): Promise<{ bytes: Uint8Array; shared: boolean }> {
  const own = (bytes: Uint8Array) => ({ bytes, shared: false });
  if (typeof data === 'string') return own(new TextEncoder().encode(data));
  if (data instanceof Uint8Array) return { bytes: data, shared: true };
  if (data instanceof ArrayBuffer) return { bytes: new Uint8Array(data), shared: true };
  if (data instanceof URL) {
    const doFetch = fetchImpl ?? globalThis.fetch;
    const timeout = options.timeout ?? DEFAULT_FETCH_TIMEOUT;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new Error(`no complete answer within ${timeout < 10_000 ? (timeout / 1000).toFixed(1) : Math.round(timeout / 1000)} s`)), timeout);
    const both = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const response = await doFetch(data.href, { signal: both });
      if (!response.ok) throw new Error(`could not fetch ${data.href}: HTTP ${response.status} ${response.statusText}`);
      return own(await readBody(response, options.onBytes));
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (timer.signal.aborted) throw new Error(`could not fetch ${data.href}: ${(timer.signal.reason as Error).message}`);
      throw error;
    } finally {
      clearTimeout(handle);
    }
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) return own(new Uint8Array(await data.arrayBuffer()));
  throw new Error('unsupported source data (expected string, ArrayBuffer, Uint8Array, Blob or URL)');
}

/** How long a data URL may take to arrive in full. */
export const DEFAULT_FETCH_TIMEOUT = 120_000;

/** The size of a source when it is known before reading it (a URL's is not). */
export function knownSize(data: SourceData): number | null {
  if (typeof data === 'string') return data.length;
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return null;
}

/** A response body, read chunk by chunk so progress can be told (into one buffer when the length is known). */
async function readBody(response: Response, onBytes?: (done: number, total: number | null) => void): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body || !onBytes) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  let buffer = total ? new Uint8Array(total) : null;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    const chunk = next.value;
    if (buffer && done + chunk.length <= buffer.length) buffer.set(chunk, done);
    else {
      if (buffer) chunks.push(buffer.subarray(0, done));
      buffer = null;
      chunks.push(chunk);
    }
    done += chunk.length;
    onBytes(done, total);
  }
  if (buffer) return done === buffer.length ? buffer : buffer.subarray(0, done);
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const EXTENSION_FORMATS: Record<string, SourceFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  arrows: 'arrow',
  ipc: 'arrow',
  feather: 'arrow',
};

/** Format from the file name's extension, when it names one. */
export function formatFromName(name: string): SourceFormat | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(name.replace(/[?#].*$/, ''));
  return match ? EXTENSION_FORMATS[match[1]!.toLowerCase()] : undefined;
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1
const ARROW_FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

export function isParquet(bytes: Uint8Array): boolean {
  return startsWith(bytes, PARQUET_MAGIC) && startsWith(bytes, PARQUET_MAGIC, bytes.length - 4);
}

export function isArrowFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, ARROW_FILE_MAGIC);
}

/** An Arrow IPC stream starts with a continuation marker (0xFFFFFFFF) then a schema message. */
export function isArrowStream(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xff, 0xff, 0xff]) && bytes.length >= 8;
}

/** Format from the bytes: binary magic numbers first, then the first non-blank text character. */
export function formatFromBytes(bytes: Uint8Array, text?: string): SourceFormat | undefined {
  if (isParquet(bytes)) return 'parquet';
  if (isArrowFile(bytes) || isArrowStream(bytes)) return 'arrow';
  if (text === undefined) return undefined;
  const first = /\S/.exec(text.slice(0, 4096));
  if (!first) return undefined;
  if (first[0] === '[') return 'json';
  if (first[0] === '{') return 'ndjson';
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : 4096);
  return (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? 'tsv' : 'csv';
}

export type DecodedText =
  | {
      ok: true;
      /** The whole text, or only its first megabyte or so when `whole` was false. */
      text: string;
      encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
      /** The text as UTF-8 without BOM, ready for DuckDB's CSV reader. */
      utf8: Uint8Array;
    }
  | { ok: false; message: string; messageText: Text };

const CHUNK = 1 << 20;

/**
 * Text of a text file: UTF-8 (with or without BOM) or UTF-16 LE/BE with a BOM.
 * Anything else — invalid UTF-8, NUL bytes (binary, or UTF-16 without a BOM) —
 * is refused with a message a person can act on. UTF-8 is checked in chunks so
 * a large CSV is validated without holding a second copy as a string.
 */
export function decodeText(bytes: Uint8Array, options: { whole: boolean }): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const nulMessage = nulBytesMessage(body.subarray(0, 4096));
  if (nulMessage) return { ok: false, ...nulMessage };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let offset = 0;
  do {
    const end = Math.min(body.length, offset + CHUNK);
    let part: string;
    try {
      part = decoder.decode(body.subarray(offset, end), { stream: end < body.length });
    } catch {
      const at = firstInvalidUtf8(body);
      let line = 1;
      for (let i = 0; i < at; i++) if (body[i] === 0x0a) line++;
      return {
        ok: false,
        ...problem('encoding.not-utf8', { line, at }),
      };
    }
    const nul = part.indexOf('\u0000');
    if (nul >= 0) {
      return {
        ok: false,
        ...problem('encoding.nul'),
      };
    }
    if (options.whole || parts.length === 0) parts.push(part);
    offset = end;
  } while (offset < body.length);
  return { ok: true, text: parts.join(''), encoding: bom ? 'utf-8-bom' : 'utf-8', utf8: body };
}

/** UTF-16 without a BOM has a NUL in every other byte of ASCII text; binary files have NULs anywhere. */
function nulBytesMessage(head: Uint8Array): { message: string; messageText: Text } | null {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) (i % 2 === 0 ? even++ : odd++);
  if (even + odd === 0) return null;
  const half = head.length / 2;
  if (odd > half * 0.3 && even < odd / 10) return problem('encoding.utf16-no-bom', { endian: 'little-endian' });
  if (even > half * 0.3 && odd < even / 10) return problem('encoding.utf16-no-bom', { endian: 'big-endian' });
  return problem('encoding.binary');
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
    if (text.includes('\u0000')) return { ok: false, ...problem('encoding.utf16-nul', { encoding: encoding.toUpperCase() }) };
    return { ok: true, text, encoding, utf8: new TextEncoder().encode(text) };
  } catch {
    return { ok: false, ...problem('encoding.bad-bom', { encoding: encoding.toUpperCase() }) };
  }
}

/** Byte offset of the first invalid UTF-8 sequence (for the message). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}
