/**
 * Spreadsheets among a load's sources (Excel .xlsx, OpenDocument .ods) become CSV sources, one per sheet, before
 * anything else looks at them (the tables' planning in load/peek.ts, the staging in load/stage.ts): a sheet is then a
 * file like any other, its table inferred from its columns, its rows reported by their row in the sheet, loaded early
 * or late as a CSV file is. A workbook read as one sheet keeps its name; read as several, each is `book.xlsx › Sheet`.
 * Which sheets: the first visible sheet with data always; each other one when its columns tell a table (report
 * parameters or notes do not); only the first when the source declares its table. The others, and hidden sheets,
 * are named in a warning, not loaded.
 */
import type { Diagnostic } from '../diagnostics.js';
import { text } from '../text.js';
import { SHEET_SEPARATOR } from './mapping-scope.js';
import { tableFromHeaders } from './peek.js';
import { formatFromName, readSourceBytes } from './read.js';
import { csvHeader } from './stage.js';
import { say } from './text.js';
import type { LoadOptions, SourceInput } from './types.js';
import { isOds, isXlsx, readSpreadsheet } from './spreadsheet.js';
import { isZip } from './zip.js';

/**
 * Whether a source may be a workbook: declared, named so, or, when its name says no format, bytes that start as a ZIP
 * archive does. A file named .csv is taken at its word as the loader takes it (no read of a dropped file's head).
 */
async function mayBeWorkbook(source: SourceInput): Promise<boolean> {
  const format = source.format ?? formatFromName(source.name);
  if (format !== undefined) return format === 'xlsx' || format === 'ods';
  const data = source.data;
  if (data instanceof Uint8Array) return isZip(data);
  if (data instanceof ArrayBuffer) return isZip(new Uint8Array(data));
  if (typeof Blob !== 'undefined' && data instanceof Blob) return isZip(new Uint8Array(await data.slice(0, 22).arrayBuffer()));
  return false;
}

/** The sources with every workbook's sheets as CSV sources, and what the load must say about sheets not loaded. */
export async function expandWorkbooks(sources: readonly SourceInput[], options: LoadOptions): Promise<{ sources: SourceInput[]; said: Diagnostic[]; sheets: Map<string, 'xlsx' | 'ods'> }> {
  const out: SourceInput[] = [];
  const said: Diagnostic[] = [];
  /** The sources that are a workbook's sheets, and its format (their report says `xlsx` or `ods`). */
  const sheetSources = new Map<string, 'xlsx' | 'ods'>();
  for (const source of sources) {
    if (!(await mayBeWorkbook(source))) {
      out.push(source);
      continue;
    }
    // Read once: what is not a workbook after all goes on as its bytes (staged as their format says, not fetched again).
    let bytes: Uint8Array;
    try {
      ({ bytes } = await readSourceBytes(source.data, options.fetch, options.signal, options.fetchTimeout !== undefined ? { timeout: options.fetchTimeout } : {}));
    } catch {
      out.push(source); // the load reports the failure where it reads the file
      continue;
    }
    const spreadsheet = isXlsx(bytes) || isOds(bytes) ? await readSpreadsheet(bytes) : null;
    // Not a spreadsheet, or one that does not read: staged as is, where the loader says why.
    if (!spreadsheet || !('book' in spreadsheet)) {
      out.push({ ...source, data: bytes });
      continue;
    }
    const { book } = spreadsheet;
    const format = isOds(bytes) ? 'ods' : 'xlsx';
    const [first, ...rest] = book.sheets;
    const others = source.table ? [] : rest.filter((sheet) => tellsTable(sheet.csv, `${source.name}${SHEET_SEPARATOR}${sheet.name}`, options));
    const unread = rest.filter((sheet) => !others.includes(sheet)).map((sheet) => sheet.name);
    const read = [first!, ...others];
    for (const sheet of read) {
      const name = read.length > 1 ? `${source.name}${SHEET_SEPARATOR}${sheet.name}` : source.name;
      out.push({ name, data: sheet.csv, format: 'csv', ...(source.table ? { table: source.table } : {}) });
      sheetSources.set(name, format);
      if (sheet.formulasWithoutValue > 0) {
        said.push({ severity: 'warning', code: 'workbook-formulas', ...say('diag.workbook-formulas', { file: name, count: sheet.formulasWithoutValue }), file: name });
      }
    }
    const sheets = (names: string[]) => names.map((n) => text('sheet-name', { name: n }));
    if (unread.length > 0) {
      const reason = source.table ? 'workbook.unread.declared' : 'workbook.unread.no-table';
      said.push({ severity: 'warning', code: 'workbook-sheets', ...say('diag.workbook-unread', { file: source.name, count: unread.length, sheets: sheets(unread), reason: text(reason, { table: source.table ?? '' }) }), file: source.name });
    }
    if (book.hidden.length > 0) {
      said.push({ severity: 'warning', code: 'workbook-sheets', ...say('diag.workbook-unread', { file: source.name, count: book.hidden.length, sheets: sheets(book.hidden), reason: text('workbook.unread.hidden') }), file: source.name });
    }
  }
  return { sources: out, said, sheets: sheetSources };
}

/** Whether a sheet's header row tells a table (as a CSV file's does when the loader infers it). */
function tellsTable(csv: string, name: string, options: LoadOptions): boolean {
  const { headerCells, width } = csvHeader(csv, 'csv');
  return tableFromHeaders(headerCells.slice(0, width).map((h) => h.trim()), name, options) !== null;
}
