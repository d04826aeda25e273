/**
 * An OpenDocument spreadsheet (.ods: LibreOffice, OpenOffice; OASIS ODF 1.2/1.3, part 1 §9 "Tables") read as the CSV
 * text of each visible sheet with data, as load/xlsx.ts reads a workbook (load/workbooks.ts makes each a file):
 * - a cell's value is its typed value as saved, not the text a format shows: `office:value` of a float, percentage
 *   (its fraction) or currency cell, `office:date-value` of a date (`YYYY-MM-DD`, with the time when it has one),
 *   TRUE/FALSE of a boolean; a string cell (and a time, kept as shown) is its paragraphs' text, joined by line
 *   breaks, with `text:s` spaces, tabs and line breaks as written;
 * - repeated cells and rows (`table:number-columns-repeated`, `…-rows-repeated`) count as that many; a trailing run of
 *   empty rows (a million of them, as LibreOffice writes) costs nothing;
 * - row n of the sheet stays row n (a row without values is a blank line); a sheet whose table style says
 *   `table:display="false"` is hidden: named, not read. A formula's value is the one saved with it.
 */
import { archiveText, rowsToCsv, turns, WorkbookError, xmlText, type WorkbookText } from './sheet-text.js';

export async function odsSheets(bytes: Uint8Array): Promise<WorkbookText> {
  const text = archiveText(bytes);
  // An encrypted document keeps its manifest readable and says so there (ODF part 3, §4.8).
  if ((await text('META-INF/manifest.xml').catch(() => null))?.includes('encryption-data')) throw new WorkbookError('encrypted');
  const xml = await text('content.xml');
  if (xml === null) throw new WorkbookError('not-workbook');
  // Table styles that hide their sheet.
  const hiddenStyles = new Set<string>();
  for (const m of xml.matchAll(/<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g)) {
    if (/style:family="table"/.test(m[1]!) && /table:display="false"/.test(m[2]!)) hiddenStyles.add(/style:name="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
  }
  const book: WorkbookText = { sheets: [], hidden: [] };
  const clock = turns();
  let at = xml.indexOf('<table:table ');
  while (at >= 0) {
    const tagEnd = xml.indexOf('>', at);
    const tag = xml.slice(at, tagEnd);
    const end = xml.indexOf('</table:table>', tagEnd);
    const body = xml.slice(tagEnd + 1, end < 0 ? xml.length : end);
    const name = xmlText(/table:name="([^"]*)"/.exec(tag)?.[1] ?? '');
    const style = /table:style-name="([^"]*)"/.exec(tag)?.[1];
    const rows = await tableRows(body, clock);
    if (rows.some((row) => row.length > 0)) {
      if (style && hiddenStyles.has(style)) book.hidden.push(name);
      else book.sheets.push({ name, csv: rowsToCsv(rows), formulasWithoutValue: 0 });
    }
    at = end < 0 ? -1 : xml.indexOf('<table:table ', end);
  }
  if (book.sheets.length === 0) throw new WorkbookError('no-sheet');
  return book;
}

const ROWS_REPEATED = /table:number-rows-repeated="(\d+)"/;
const COLUMNS_REPEATED = /table:number-columns-repeated="(\d+)"/;
const VALUE = { type: /office:value-type="([^"]*)"/, value: /office:value="([^"]*)"/, date: /office:date-value="([^"]*)"/, boolean: /office:boolean-value="([^"]*)"/ };

/** How many times a row or cell stands (its repeat attribute; 1 when absent). */
function repeat(tag: string, pattern: RegExp): number {
  const m = pattern.exec(tag);
  return m ? Number(m[1]) : 1;
}

/** A sheet's rows of cell texts (row n at index n − 1; a row without values empty). */
async function tableRows(body: string, clock: ReturnType<typeof turns>): Promise<string[][]> {
  const rows: string[][] = [];
  let rowCount = 0;
  // Rows may sit in groups (table:table-row-group, table:table-header-rows): every row element, in order.
  const rowPattern = /<table:table-row\b([^>]*?)(\/>|>([\s\S]*?)<\/table:table-row>)/g;
  for (let m = rowPattern.exec(body); m; m = rowPattern.exec(body)) {
    if ((rowCount & 1023) === 0 && clock.due()) await clock.turn();
    const times = repeat(m[1]!, ROWS_REPEATED);
    const row = m[3] === undefined ? [] : rowCells(m[3]);
    if (row.some((cell) => cell !== '')) {
      for (let i = 0; i < times; i++) rows[rowCount + i] = i === 0 ? row : [...row];
    }
    rowCount += times;
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** A row's cell texts, repeated cells repeated; covered (merged-away) cells are empty. */
function rowCells(xml: string): string[] {
  const row: string[] = [];
  const cellPattern = /<table:(?:covered-)?table-cell\b([^>]*?)(\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g;
  for (let m = cellPattern.exec(xml); m; m = cellPattern.exec(xml)) {
    const times = repeat(m[1]!, COLUMNS_REPEATED);
    const value = cellValue(m[1]!, m[3] ?? '');
    // A run of empty cells (to the sheet's last column) only moves the column.
    if (value === '') row.length += times;
    else for (let i = 0; i < times; i++) row.push(value);
  }
  // Trailing empty cells (a row is written to the sheet's last column) are no cells; holes from `length +=` are empty.
  let end = row.length;
  while (end > 0 && (row[end - 1] ?? '') === '') end--;
  return Array.from(row.slice(0, end), (cell) => cell ?? '');
}

function cellValue(tag: string, inner: string): string {
  const type = VALUE.type.exec(tag)?.[1];
  if (!type) return '';
  const attr = (pattern: RegExp) => pattern.exec(tag)?.[1];
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency':
      return attr(VALUE.value) ?? paragraphs(inner);
    case 'date': {
      const date = attr(VALUE.date) ?? '';
      return date.replace(/T00:00:00(?:\.0+)?$/, '').replace('T', ' ').replace(/\.\d+$/, '');
    }
    case 'boolean':
      return attr(VALUE.boolean) === 'true' ? 'TRUE' : 'FALSE';
    default:
      // string, time (kept as shown), and any other: the text.
      return paragraphs(inner);
  }
}

/** A cell's paragraphs' text, joined by line breaks: `text:s` (c spaces), `text:tab`, `text:line-break` as written, other markup dropped. */
function paragraphs(inner: string): string {
  const out: string[] = [];
  // Annotations (comments) hold paragraphs of their own, no part of the value.
  const value = inner.includes('<office:annotation') ? inner.replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, '') : inner;
  for (const p of value.matchAll(/<text:(?:p|h)\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:(?:p|h)>)/g)) {
    const text = (p[1] ?? '')
      .replace(/<text:s\b([^>]*)\/>/g, (_m, attrs: string) => ' '.repeat(Number(/text:c="(\d+)"/.exec(attrs)?.[1] ?? 1)))
      .replace(/<text:tab\b[^>]*\/>/g, '\t')
      .replace(/<text:line-break\b[^>]*\/>/g, '\n')
      .replace(/<[^>]+>/g, '');
    out.push(xmlText(text));
  }
  return out.join('\n');
}
