/**
 * What the spreadsheet readers share (load/xlsx.ts, load/ods.ts; imported with them, when a workbook comes): a sheet
 * as the CSV text the loader reads, the workbook's sheets, why one does not read, XML text, and the page's turns.
 */

import { zipEntries, zipEntryBytes, ZipError, type ZipEntry } from './zip.js';

const decoder = new TextDecoder();

/** A spreadsheet's parts (ZIP entries) as text, by path, null when absent; a damaged or encrypted archive is a WorkbookError. */
export function archiveText(bytes: Uint8Array): (path: string) => Promise<string | null> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(bytes);
  } catch (error) {
    throw new WorkbookError(error instanceof ZipError && error.reason === 'encrypted' ? 'encrypted' : 'damaged');
  }
  return async (path) => {
    const entry = entries.get(path);
    if (!entry) return null;
    try {
      return decoder.decode(await zipEntryBytes(bytes, entry));
    } catch {
      throw new WorkbookError('damaged');
    }
  };
}

/** One sheet read: its cells as CSV (comma, RFC 4180 quoting, `\n` line ends), header first. */
export interface SheetText {
  name: string;
  csv: string;
  /** Formula cells with no value saved in the file (they load empty). */
  formulasWithoutValue: number;
}

export interface WorkbookText {
  /** Every visible sheet holding a value, in the workbook's order. */
  sheets: SheetText[];
  /** Hidden sheets holding a value: not read. */
  hidden: string[];
}

/** Why a workbook cannot be read: a code the loader words (`workbook.*` messages). */
export class WorkbookError extends Error {
  constructor(readonly reason: 'not-workbook' | 'encrypted' | 'no-sheet' | 'damaged') {
    super(`spreadsheet: ${reason}`);
  }
}

/** Rows of cell texts (row n at index n − 1; an empty row is a blank line) as CSV, every row as wide as the widest, trailing blank rows left out. */
export function rowsToCsv(rows: string[][]): string {
  let end = rows.length;
  while (end > 0 && rows[end - 1]!.length === 0) end--;
  let width = 0;
  for (let i = 0; i < end; i++) width = Math.max(width, rows[i]!.length);
  const lines: string[] = new Array(end);
  for (let i = 0; i < end; i++) {
    const row = rows[i]!;
    if (row.length === 0) {
      lines[i] = '';
      continue;
    }
    while (row.length < width) row.push('');
    lines[i] = row.map(csvField).join(',');
  }
  return `${lines.join('\n')}\n`;
}

/** A CSV field as Excel writes it: quoted when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** XML character data as text: entities, character references, and OOXML's `_xHHHH_` escapes of control characters. */
export function xmlText(raw: string): string {
  if (!raw.includes('&') && !raw.includes('_x')) return raw;
  return raw
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name!.toLowerCase()]!,
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A clock for long scans: `due()` says when 50 ms have passed since the last turn; `turn()` gives the event loop one
 * (a page stays responsive while a 100,000-row sheet is read, ~1 s in Chromium).
 */
export function turns(): { due: () => boolean; turn: () => Promise<void> } {
  let last = performance.now();
  return {
    due: () => performance.now() - last > 50,
    turn: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    },
  };
}
