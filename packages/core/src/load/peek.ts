/**
 * A file's table told before it loads, from its head (header row and row 2), so a load can take the calibration views'
 * files first when the caller did not declare their tables (load/phases.ts). Told only when loading the whole file is
 * certain to decide the same: the headers decide the table (`tableFromHeaders`, as the loader itself asks it), unless
 * row 2 reads like a second header row (then the rows below decide, or it is asked) or the file is no CSV or TSV. What
 * the head cannot see (a row-kind column further down makes a flat OKR sheet) is checked after each step: a file that
 * turned out to feed the other step's tables starts the load again in one pass.
 */
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { TABLE_LAYOUTS, inferTable } from '../normalise/index.js';
import { decodeTextAs } from '../normalise/encoding.js';
import type { CanonicalTable } from '../schema.js';
import type { TargetTable } from './convert.js';
import { labelRowCandidate } from './header-rows.js';
import { headersForInference } from './mapping.js';
import { questionId } from './questions.js';
import { formatFromBytes, formatFromName, knownSize, readSourceHead } from './read.js';
import { csvHeader, leadingRecords } from './stage.js';
import type { FileReport, LoadOptions, SourceFormat, SourceInput } from './types.js';

/** Bytes of a file's head read to tell its table: its header row and row 2, with room for long rows. */
export const HEAD_BYTES = 64 * 1024;

/** The table a file with these headers feeds when its headers alone tell it (an answer, or inference without a tie). */
export function tableFromHeaders(headers: string[], name: string, options: LoadOptions): TargetTable | null {
  const answered = options.answers?.[questionId('table', name)];
  if (answered && (TABLE_LAYOUTS as readonly string[]).includes(answered)) return answered as TargetTable;
  return inferTable(headersForInference(headers, options.mapping, name), name).table;
}

/** A file's table (declared, or told from its head) and its size in bytes when known before it loads. */
export interface FilePlan {
  table: TargetTable;
  size: number | null;
}

/** Every file's table, declared or told from its head, and its size; null when a table cannot be told for certain. */
export async function planFiles(sources: readonly SourceInput[], options: LoadOptions): Promise<FilePlan[] | null> {
  // Side by side: a URL's head is one short request.
  const plans = await Promise.all(
    sources.map(async (source): Promise<FilePlan | null> => {
      const head = (max: number) => readSourceHead(source.data, options.fetch, options.signal, max, options.fetchTimeout).catch(() => null);
      if (source.table) {
        // A declared OKR file's size decides between one pass and two steps (load/phases.ts): a URL's is its
        // Content-Length, the request cancelled before any of its body is read.
        const okrUrl = source.data instanceof URL && !CALIBRATION_TABLES.includes(source.table as CanonicalTable);
        return { table: source.table, size: okrUrl ? ((await head(0))?.size ?? null) : knownSize(source.data) };
      }
      const read = await head(HEAD_BYTES);
      const table = read ? tableFromHead(source, read, options) : null;
      return table ? { table, size: read!.size } : null;
    }),
  );
  return plans.every((p) => p !== null) ? plans : null;
}

/** The table a CSV or TSV file feeds, told from its first bytes (`whole`: they are the file), or null when they cannot tell it for certain. */
export function tableFromHead(source: SourceInput, head: { bytes: Uint8Array; whole: boolean }, options: LoadOptions): TargetTable | null {
  let bytes = head.bytes;
  if (!head.whole) {
    // UTF-16 is cut at a code unit, not at a byte: read whole only.
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
    // Up to the last line end: no character is cut (a UTF-8 sequence never holds byte 0x0a).
    const end = bytes.lastIndexOf(0x0a);
    if (end < 0) return null;
    bytes = bytes.subarray(0, end + 1);
  }
  // The format as the loader tells it (load/stage.ts stageFile).
  const format = source.format ?? formatFromName(source.name) ?? formatFromBytes(bytes);
  if (format !== undefined && format !== 'csv' && format !== 'tsv') return null;
  const decoded = decodeTextAs(bytes, { whole: true, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!decoded.ok) return null;
  const textFormat = format ?? formatFromBytes(bytes, decoded.text) ?? 'csv';
  if (textFormat !== 'csv' && textFormat !== 'tsv') return null;
  const table = tableOfText(decoded.text, textFormat, source.name, options);
  // A head that is UTF-8 may belong to a file read as Windows-1252 (a byte further on is not UTF-8): a header with
  // other letters than ASCII must tell the same table read either way.
  if (table && !head.whole && !options.encoding && decoded.encoding === 'utf-8' && /[^\x00-\x7f]/.test(decoded.text.slice(0, decoded.text.search(/\r?\n|$/)))) {
    const legacy = decodeTextAs(bytes, { whole: true, encoding: 'windows-1252' });
    if (!legacy.ok || tableOfText(legacy.text, textFormat, source.name, options) !== table) return null;
  }
  return table;
}

function tableOfText(text: string, format: SourceFormat, name: string, options: LoadOptions): TargetTable | null {
  const { delimiter, headerCells, width } = csvHeader(text, format);
  const headers = headerCells.slice(0, width).map((h) => h.trim());
  const [, second] = leadingRecords(text, delimiter, 2);
  if (second && headers.length >= 2 && labelRowCandidate(headers, headers.map((_, i) => (second[i] ?? '').trim()))) return null;
  return tableFromHeaders(headers, name, options);
}

/**
 * Whether every file a step loaded was read as feeding that step's side: the calibration views' tables (`calibration`)
 * or the others. A file whose table is told from its head may turn out otherwise once read whole; a file that fed
 * nothing (unreadable, held by a question) fits either.
 */
export function stepAgrees(reports: readonly FileReport[], calibration: boolean): boolean {
  return reports.every((r) => r.table === null || CALIBRATION_TABLES.includes(r.table as CanonicalTable) === calibration);
}
