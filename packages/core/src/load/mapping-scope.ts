/** Which entries of a declared mapping apply to one file: `--map "Column=target"` to all, `--map "file.csv:Column=target"` to one. */
import { normaliseHeader } from '../normalise/index.js';

/** A mapping key scoped to one file: `file.csv:Column` (the file named with its extension, or exactly as loaded). */
const SCOPED_KEY = /^(.+?\.(?:csv|tsv|txt|json|ndjson|jsonl|parquet|arrow|feather|ipc|xlsx|xlsm|ods)):(.+)$/i;

/** Between a workbook's name and a sheet's in the name of the file a sheet becomes (load/workbooks.ts): `book.xlsx › Ratings`. */
export const SHEET_SEPARATOR = ' › ';

/** The file a mapping key is scoped to and its header (file null: every file). */
export function splitMappingKey(key: string, fileName?: string): { file: string | null; header: string } {
  if (fileName && key.startsWith(`${fileName}:`)) return { file: fileName, header: key.slice(fileName.length + 1) };
  const m = SCOPED_KEY.exec(key);
  return m ? { file: m[1]!, header: m[2]! } : { file: null, header: key };
}

/** A file's name without its folders: what a scoped `--map` and a question's id name it by, wherever it was loaded from. */
export function fileBaseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop()!;
}

/** Whether a scoped key's file is this file: the same name, or the same base name; a workbook's name scopes each of its sheets. */
function sameFile(scope: string, fileName: string): boolean {
  const same = (name: string) => scope === name || fileBaseName(scope).toLowerCase() === fileBaseName(name).toLowerCase();
  const sheet = fileName.indexOf(SHEET_SEPARATOR);
  return same(fileName) || (sheet > 0 && same(fileName.slice(0, sheet)));
}

/**
 * The mapping that applies to one file: entries for every file, then the
 * entries scoped to this one (`file.csv:Column=target`), which win.
 */
export function mappingForFile(mapping: Record<string, string> | undefined, fileName: string | undefined): Record<string, string> | undefined {
  if (!mapping) return undefined;
  const global: Record<string, string> = {};
  const own: Record<string, string> = {};
  for (const [key, target] of Object.entries(mapping)) {
    const { file, header } = splitMappingKey(key, fileName);
    if (file === null) global[header] = target;
    else if (fileName && sameFile(file, fileName)) own[header] = target;
  }
  // A scoped entry replaces a global one for the same header (compared as headers are).
  for (const h of Object.keys(own)) for (const g of Object.keys(global)) if (normaliseHeader(g) === normaliseHeader(h)) delete global[g];
  return { ...own, ...global };
}

