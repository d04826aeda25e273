import { PlumbError } from '../diagnostics.js';
import { text } from '../text.js';
import { english, say } from './text.js';
import type { SourceFormat } from './types.js';

/**
 * What DuckDB-WASM can hold: its heap is 4 GB at most and DuckDB stops at about 3.1 GiB
 * ("Out of Memory … 3.1 GiB/3.1 GiB used"). Measured on the sample: 100,000 people
 * (255 MB of CSV, 29 MB of Parquet) load; 1,000,000 people (2.6 GB / 295 MB) do not.
 */
export const WASM_MEMORY_LIMIT = 3.1 * 2 ** 30;

/**
 * Memory a file needs while it loads, per byte of file: the bytes themselves in the wasm
 * heap, the text table they are staged into and the typed rows. Parquet is compressed
 * about ninefold against the same rows as CSV.
 */
// A spreadsheet (Excel, OpenDocument) is read as CSV text about four times its size (its sheets' XML compresses ~20-fold, and holds
// ~5 times the CSV's characters): the CSV's need for that text.
const BYTES_PER_FILE_BYTE: Record<SourceFormat, number> = { csv: 3, tsv: 3, json: 3, ndjson: 3, arrow: 2, parquet: 25, xlsx: 12, ods: 12 };

export function isOutOfMemory(error: unknown): boolean {
  return /out of memory|could not allocate|allocation failure/i.test(String((error as Error)?.message ?? error));
}

export function estimatedNeed(files: readonly { size: number; format: SourceFormat | undefined }[]): number {
  return files.reduce((sum, f) => sum + f.size * BYTES_PER_FILE_BYTE[f.format ?? 'csv'], 0);
}

/** Refuse, before staging, files whose estimated need exceeds the limit. */
export function checkMemory(files: readonly { name: string; size: number; format: SourceFormat | undefined }[], limit: number): void {
  if (!Number.isFinite(limit)) return;
  const need = estimatedNeed(files);
  if (need <= limit) return;
  const total = files.reduce((a, f) => a + f.size, 0);
  const t = text('error.too-large', { mb: total / 1e6, need: need / 2 ** 30, limit: limit / 2 ** 30, advice: text('error.serve-advice') });
  throw new PlumbError(english(t), [{ severity: 'error', code: 'too-large', ...say('diag.too-large', { need: need / 2 ** 30, limit: limit / 2 ** 30 }), file: files[files.length - 1]!.name }], t);
}

/** DuckDB's own out-of-memory error ("… SET temp_directory …") as a message a person can act on; null for other errors. */
export function outOfMemory(error: unknown, files: readonly { name: string; size: number; format: SourceFormat | undefined }[], setting: string | null): PlumbError | null {
  if (!isOutOfMemory(error)) return null;
  const last = files[files.length - 1]?.name;
  const t = text('error.out-of-memory', { file: last ?? null, setting, advice: text('error.serve-advice') });
  return new PlumbError(english(t), [{ severity: 'error', code: 'out-of-memory', ...say('diag.out-of-memory'), ...(last ? { file: last } : {}) }], t);
}
