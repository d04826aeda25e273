/**
 * Spreadsheet files told by their bytes: an Excel workbook the loader reads (load/xlsx.ts, imported when one comes),
 * and the kinds it cannot read but can name, so the message says what to save instead.
 */
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

