/**
 * An Excel workbook (.xlsx, ECMA-376 SpreadsheetML) read as the CSV text Excel's "Save as CSV UTF-8" would give of
 * each visible sheet with data, so the loader reads each as it reads every CSV (load/workbooks.ts): the same inference,
 * diagnostics and row numbers (row n of the sheet is row n of the text; an empty row is a blank line). What Excel
 * shows and the CSV must not lose:
 * - a date cell (a number with a date format) is its date, `YYYY-MM-DD` (with `HH:MM:SS` when it has a time), in the
 *   workbook's date system (1900, with Excel's 29 February 1900, or 1904);
 * - a number is its full stored value (not the rounded one a format shows); a percentage its fraction (45 % → 0.45);
 * - a shared or inline string is its text (rich-text runs joined, phonetic runs left out, `_x000D_` escapes decoded);
 * - a formula cell is its value as last saved; one with none saved loads empty, and the caller is told how many;
 * - TRUE/FALSE and error values (#N/A) as Excel writes them in a CSV.
 * Every visible sheet with a value is read; hidden ones are named to the caller (the loader warns): nothing is dropped
 * unannounced.
 */
import { archiveText, rowsToCsv, turns, WorkbookError, xmlText, type WorkbookText } from './sheet-text.js';

/** Every visible sheet with a value, as CSV text; hidden sheets with a value named. */
export async function xlsxSheets(bytes: Uint8Array): Promise<WorkbookText> {
  const text = archiveText(bytes);
  const workbook = await text('xl/workbook.xml');
  if (workbook === null) throw new WorkbookError('not-workbook');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook);
  const targets = relationshipTargets((await text('xl/_rels/workbook.xml.rels')) ?? '', 'xl/');
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)].map((m) => ({
    name: xmlText(attribute(m[1]!, 'name') ?? ''),
    hidden: /^(hidden|veryHidden)$/.test(attribute(m[1]!, 'state') ?? ''),
    // The relationship id, under whatever prefix the writer gave the relationships namespace (usually r:).
    path: targets.get(attribute(m[1]!, '*:id') ?? '') ?? null,
  }));
  const shared = sharedStrings((await text('xl/sharedStrings.xml')) ?? '');
  const dateStyles = dateStyleIndexes((await text('xl/styles.xml')) ?? '');
  const book: WorkbookText = { sheets: [], hidden: [] };
  for (const sheet of sheets) {
    const xml = sheet.path ? await text(sheet.path) : null;
    if (xml === null) continue;
    // A hidden sheet is only named (a value in it is enough to tell).
    if (sheet.hidden) {
      if (/<(?:\w+:)?(?:v|is)\b[^>]*>/.test(xml)) book.hidden.push(sheet.name);
      continue;
    }
    const cells = await sheetCells(xml, shared, dateStyles, date1904);
    if (!cells.rows.some((row) => row.length > 0)) continue;
    book.sheets.push({
      name: sheet.name,
      csv: rowsToCsv(cells.rows),
      formulasWithoutValue: cells.formulasWithoutValue,
    });
  }
  if (book.sheets.length === 0) throw new WorkbookError('no-sheet');
  return book;
}

const attributePatterns = new Map<string, RegExp>();

/** An attribute's raw value; `*:id` matches `id` under any namespace prefix. */
function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name.replace('*:', '(?:[\\w.-]+:)')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Relationship id → part path, resolved against `base` (targets are relative to it, or absolute from the package root). */
function relationshipTargets(xml: string, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    const id = attribute(m[1]!, 'Id');
    const target = attribute(m[1]!, 'Target');
    if (!id || !target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `${base}${target}`;
    // Resolve "a/../b" segments.
    const parts: string[] = [];
    for (const part of path.split('/')) part === '..' ? parts.pop() : part !== '.' && parts.push(part);
    targets.set(id, parts.join('/'));
  }
  return targets;
}

/** The shared strings table: each `<si>`'s text runs joined, phonetic guides (`<rPh>`) left out. */
function sharedStrings(xml: string): string[] {
  const strings: string[] = [];
  // An empty entry (`<si/>`) first: the other alternative would run on into the next entry.
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?\/>|<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>/g)) strings.push(runsText(m[1] ?? ''));
  return strings;
}

function runsText(xml: string): string {
  // One plain <t> (most cells): no run to join, no phonetic guide to leave out.
  const t = xml.indexOf('<t');
  if (t >= 0 && xml.indexOf('<', t + 2) === xml.lastIndexOf('</t>') && (xml.charCodeAt(t + 2) === 62 || xml.charCodeAt(t + 2) === 32)) {
    return xmlText(xml.slice(xml.indexOf('>', t) + 1, xml.lastIndexOf('</t>')));
  }
  // Phonetic guides and empty runs (`<t/>`, which the run pattern would read on into the next run) hold no text.
  const withoutPhonetic = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>|<(?:\w+:)?t\b[^>]*?\/>/g, '');
  let out = '';
  for (const t of withoutPhonetic.matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += xmlText(t[1]!);
  return out;
}

/** Excel's built-in date and time formats (ECMA-376 18.8.30; 27–36 and 50–58 are the East Asian dates). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a custom number format shows a date: a d or y outside quotes, escapes and [colour]/[$-locale]/[h] brackets,
 * in its first section (positive numbers). A time or duration alone ("[h]:mm", "hh:mm") stays the number it is.
 */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dy]/i.test(bare.split(';')[0]!);
}

/** The cell style indexes (`s`) whose number format is a date or time. */
function dateStyleIndexes(xml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attribute(m[1]!, 'numFmtId'));
    custom.set(id, xmlText(attribute(m[1]!, 'formatCode') ?? ''));
  }
  const dates = new Set<number>();
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  let index = 0;
  for (const m of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attribute(m[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATES.has(id)) dates.add(index);
    index++;
  }
  return dates;
}

/** Column number (0-based) of a cell reference like "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

const DAY_MS = 86_400_000;

/**
 * An Excel serial date as text. 1900 system: day 1 is 1 January 1900 and day 60 the 29 February 1900 Excel counts
 * (it did not exist: Lotus 1-2-3's error, kept), so from day 61 on the serial is days since 30 December 1899. 1904
 * system: days since 1 January 1904. A time of day (the fraction, to the second) follows when there is one.
 */
export function excelDate(serial: number, date1904: boolean): string {
  const whole = Math.floor(serial);
  const seconds = Math.round((serial - whole) * 86_400);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  if (!date1904 && whole === 60) return seconds ? `1900-02-29 ${clock(seconds)}` : '1900-02-29';
  const day = new Date(epoch + whole * DAY_MS + Math.min(seconds, 86_399) * 1000).toISOString();
  return seconds ? `${day.slice(0, 10)} ${day.slice(11, 19)}` : day.slice(0, 10);
}

function clock(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** The value of attribute `name` in a start tag's text (`tag`), or undefined; names are matched whole. */
function tagAttribute(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}="`);
  // Not there at all (most cells lack t or s): no pattern run; written otherwise (other white space, single quotes): the general one.
  if (at < 0) return tag.includes(`${name}=`) ? attribute(tag, name) : undefined;
  const start = at + name.length + 3;
  return tag.slice(start, tag.indexOf('"', start));
}

/** The text inside element `<p + name>` … `</p + name>` of `body` from `from`, or undefined when there is none. */
function elementText(body: string, open: string, close: string): string | undefined {
  const at = body.indexOf(open);
  if (at < 0) return undefined;
  const next = body.charCodeAt(at + open.length);
  // `<v>` or `<v xml:space="…">`, not `<vm…>`; `<v/>` is empty.
  if (next !== 62 && next !== 32) return next === 47 ? '' : undefined;
  const start = body.indexOf('>', at) + 1;
  const end = body.indexOf(close, start);
  return end < 0 ? undefined : body.slice(start, end);
}

/**
 * A sheet's cells as text rows (row n at index n − 1; cells by their column). A scan with indexOf, not regular
 * expressions over the whole sheet: 100,000 rows of ten cells in ~1.2 s instead of ~3 s. Elements carry the prefix
 * the sheet's own `sheetData` has (usually none).
 */
async function sheetCells(xml: string, shared: readonly string[], dateStyles: ReadonlySet<number>, date1904: boolean): Promise<{ rows: string[][]; formulasWithoutValue: number }> {
  const rows: string[][] = [];
  let formulasWithoutValue = 0;
  const opening = /<(\w+:)?sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!opening || opening[2] === '/') return { rows, formulasWithoutValue };
  const p = opening[1] ?? '';
  const end = xml.indexOf(`</${p}sheetData>`, opening.index);
  const data = xml.slice(opening.index + opening[0].length, end < 0 ? xml.length : end);
  const [rowOpen, rowClose, cellOpen, cellClose] = [`<${p}row`, `</${p}row>`, `<${p}c`, `</${p}c>`];
  const [vOpen, vClose, isOpen, isClose, fOpen] = [`<${p}v`, `</${p}v>`, `<${p}is`, `</${p}is>`, `<${p}f`];
  const isNameEnd = (code: number) => code === 32 || code === 62 || code === 47 || code === 10 || code === 13 || code === 9;
  let rowNumber = 0;
  let at = data.indexOf(rowOpen);
  const clock = turns();
  while (at >= 0) {
    if ((rowNumber & 1023) === 0 && clock.due()) await clock.turn();
    if (!isNameEnd(data.charCodeAt(at + rowOpen.length))) {
      at = data.indexOf(rowOpen, at + 1);
      continue;
    }
    const tagEnd = data.indexOf('>', at);
    const rowTag = data.slice(at, tagEnd);
    const declared = Number(tagAttribute(rowTag, 'r'));
    rowNumber = Number.isInteger(declared) && declared > rowNumber ? declared : rowNumber + 1;
    const selfClosing = data.charCodeAt(tagEnd - 1) === 47;
    const rowEnd = selfClosing ? tagEnd : data.indexOf(rowClose, tagEnd);
    const body = selfClosing ? '' : data.slice(tagEnd + 1, rowEnd < 0 ? data.length : rowEnd);
    const row: string[] = [];
    let column = -1;
    let c = body.indexOf(cellOpen);
    while (c >= 0) {
      if (!isNameEnd(body.charCodeAt(c + cellOpen.length))) {
        c = body.indexOf(cellOpen, c + 1);
        continue;
      }
      const cellTagEnd = body.indexOf('>', c);
      const tag = body.slice(c, cellTagEnd);
      const empty = body.charCodeAt(cellTagEnd - 1) === 47;
      const cellEnd = empty ? cellTagEnd : body.indexOf(cellClose, cellTagEnd);
      const inner = empty ? '' : body.slice(cellTagEnd + 1, cellEnd < 0 ? body.length : cellEnd);
      const ref = tagAttribute(tag, 'r');
      column = ref ? columnOf(ref) : column + 1;
      const type = tagAttribute(tag, 't') ?? 'n';
      const v = elementText(inner, vOpen, vClose);
      let value = '';
      if (type === 'inlineStr') value = runsText(elementText(inner, isOpen, isClose) ?? '');
      else if (v === undefined) {
        if (inner.includes(fOpen)) formulasWithoutValue++;
      } else if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'b') value = v.trim() === '1' ? 'TRUE' : 'FALSE';
      else if (type === 'str' || type === 'e') value = xmlText(v);
      // An ISO 8601 date cell (t="d", written by some programs): its date, with its time when it has one.
      else if (type === 'd') value = v.replace(/T00:00(?::00(?:\.0+)?)?Z?$/, '').replace('T', ' ').replace(/(\.\d+)?Z$/, '');
      else {
        const number = Number(v);
        const style = Number(tagAttribute(tag, 's') ?? 0);
        // Excel's dates end at 31 December 9999 (serial 2,958,465).
        value = dateStyles.has(style) && number >= 0 && number < 2_958_466 ? excelDate(number, date1904) : v.trim();
      }
      while (row.length < column) row.push('');
      row[column] = value;
      c = empty || cellEnd < 0 ? body.indexOf(cellOpen, cellTagEnd) : body.indexOf(cellOpen, cellEnd);
    }
    while (rows.length < rowNumber - 1) rows.push([]);
    // A row with no value (formatting only) is a blank line, as a row the file does not list: the loader skips both.
    rows[rowNumber - 1] = row.some((cell) => cell !== '') ? row : [];
    at = rowEnd < 0 ? -1 : data.indexOf(rowOpen, selfClosing ? tagEnd : rowEnd);
  }
  return { rows, formulasWithoutValue };
}
