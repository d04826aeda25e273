import type { SourceData, SourceFormat } from './types.js';
import type { Text, TextParams } from '../text.js';
import { say } from './text.js';
import { isOds, isXlsx } from './spreadsheet.js';

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

/**
 * The first `max` bytes of a source or more (all of it when shorter: `whole`), to tell its table before it loads
 * (load/peek.ts), and its size when known (a URL's from its Content-Length). A URL's body is read until it has them and
 * then cancelled.
 */
export async function readSourceHead(
  data: SourceData,
  fetchImpl: typeof fetch | undefined,
  signal: AbortSignal | undefined,
  max: number,
  timeoutMs = DEFAULT_FETCH_TIMEOUT,
): Promise<{ bytes: Uint8Array; whole: boolean; size: number | null }> {
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return { bytes: new Uint8Array(await data.slice(0, max).arrayBuffer()), whole: data.size <= max, size: data.size };
  }
  if (!(data instanceof URL)) {
    const { bytes } = await readSourceBytes(data, fetchImpl, signal);
    return { bytes: bytes.subarray(0, max), whole: bytes.length <= max, size: bytes.length };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  // Not stored: the file's whole read that follows must not wait on a cache entry this cancelled read began.
  const response = await (fetchImpl ?? globalThis.fetch)(data.href, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, cache: 'no-store' });
  if (!response.ok) throw new Error(`could not fetch ${data.href}: HTTP ${response.status} ${response.statusText}`);
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes: bytes.subarray(0, max), whole: bytes.length <= max, size: bytes.length };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let whole = false;
  while (size < max) {
    const next = await reader.read();
    if (next.done) {
      whole = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  if (!whole) await reader.cancel();
  return { bytes: joinChunks(chunks, size), whole, size: whole ? size : Number.isFinite(length) && length > 0 ? length : null };
}

/** Chunks of a body, `size` bytes in all, as one array. */
function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
  return joinChunks(chunks, done);
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
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  ods: 'ods',
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
  if (isXlsx(bytes)) return 'xlsx';
  if (isOds(bytes)) return 'ods';
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
  // Checked on the bytes (the same answer as decoding every chunk with a fatal decoder and looking for NUL in
  // each, in the same order: the chunk a decoder would stop at first decides), so only the text kept is decoded —
  // at 100k people the check-ins CSV's 170 MB as strings cost ~1 s of decoding, NUL search and collection.
  const bad = utf8ErrorAt(body);
  const nul = body.indexOf(0);
  const chunkOf = (at: number) => Math.floor(Math.max(0, Math.min(at, body.length - 1)) / CHUNK);
  if (bad >= 0 && (nul < 0 || chunkOf(bad) <= chunkOf(nul))) {
    const at = firstInvalidUtf8(body);
    let line = 1;
    for (let i = 0; i < at; i++) if (body[i] === 0x0a) line++;
    return {
      ok: false,
      ...problem('encoding.not-utf8', { line, at }),
    };
  }
  if (nul >= 0) {
    return {
      ok: false,
      ...problem('encoding.nul'),
    };
  }
  // The whole text, or the first chunk's (as a decoder fed chunk by chunk gives it: a character cut at its end waits).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = options.whole ? decoder.decode(body) : decoder.decode(body.subarray(0, CHUNK), { stream: CHUNK < body.length });
  return { ok: true, text, encoding: bom ? 'utf-8-bom' : 'utf-8', utf8: body };
}

/**
 * Where a fatal UTF-8 decoder (WHATWG Encoding: well-formed sequences as in Unicode's table 3-7, no overlong
 * form, no surrogate, nothing past U+10FFFF) stops: the position of the byte that breaks a sequence, or the
 * length when the text ends inside one; -1 when every byte is read. ASCII is skipped four bytes at a time.
 */
export function utf8ErrorAt(bytes: Uint8Array): number {
  const n = bytes.length;
  const skew = (4 - (bytes.byteOffset & 3)) & 3;
  const words = n > skew ? new Uint32Array(bytes.buffer, bytes.byteOffset + skew, (n - skew) >> 2) : new Uint32Array(0);
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (i >= skew && ((i - skew) & 3) === 0) {
        let w = (i - skew) >> 2;
        while (w < words.length && (words[w]! & 0x80808080) === 0) w++;
        const next = skew + w * 4;
        if (next > i) {
          i = next;
          continue;
        }
      }
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) (need = 2), (lo = 0xa0);
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
    else if (b === 0xed) (need = 2), (hi = 0x9f);
    else if (b === 0xf0) (need = 3), (lo = 0x90);
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) (need = 3), (hi = 0x8f);
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return n;
      const c = bytes[i + k]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i + k;
    }
    i += need + 1;
  }
  return -1;
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
