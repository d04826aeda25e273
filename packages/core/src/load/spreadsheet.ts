/**
 * Spreadsheet files told by their bytes — Excel workbooks and OpenDocument spreadsheets, which the loader reads
 * (their readers imported when one comes), and the old binary .xls, which it names so the message says what to save
 * instead — and the reading of a workbook's sheets.
 */
import type { WorkbookError, WorkbookText } from './sheet-text.js';
import { isZip, zipEntries } from './zip.js';

const decoder = new TextDecoder();

/** Whether the bytes are an Office Open XML workbook (a ZIP archive holding `xl/workbook.xml`). */
export function isXlsx(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  try {
    return zipEntries(bytes).has('xl/workbook.xml');
  } catch {
    return false;
  }
}

/** An encrypted Office file (and the old binary .xls) is an OLE2 compound file: D0 CF 11 E0 A1 B1 1A E1. */
export function isOle2(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

/** An OpenDocument spreadsheet (.ods): a ZIP archive whose `mimetype` entry says so. */
export function isOds(bytes: Uint8Array): boolean {
  return isZip(bytes) && decoder.decode(bytes.subarray(30, 120)).includes('application/vnd.oasis.opendocument.spreadsheet');
}

/**
 * A workbook's sheets as CSV text, read by its format's reader, imported now (load/xlsx.ts, load/ods.ts); or why it
 * does not read.
 */
export async function readSpreadsheet(bytes: Uint8Array): Promise<{ book: WorkbookText } | { unreadable: WorkbookError['reason'] }> {
  const [{ WorkbookError }, read] = await Promise.all([
    import('./sheet-text.js'),
    isOds(bytes) ? import('./ods.js').then((m) => m.odsSheets) : import('./xlsx.js').then((m) => m.xlsxSheets),
  ]);
  try {
    return { book: await read(bytes) };
  } catch (error) {
    if (error instanceof WorkbookError) return { unreadable: error.reason };
    throw error;
  }
}
