import { Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { quoteIdentifier, quoteLiteral } from '../sql.js';
import { tableToRows } from '../arrow-rows.js';
import type { LoadContext, RowFinding } from './context.js';
import { scanCsvRecords, type CsvRecordScan } from './csv-records.js';
import { formatFromBytes, formatFromName, isArrowFile } from './read.js';
import { decodeTextAs, type DecodedLegacyText } from '../normalise/encoding.js';
import type { LoadOptions, SourceFormat, TextEncodingName } from './types.js';
import { text as textOf, type Text } from '../text.js';
import { say, textSql } from './text.js';
import { isOds, isOle2, readSpreadsheet } from './spreadsheet.js';
import { isZip } from './zip.js';
import type { SheetText } from './sheet-text.js';

/**
 * A file staged as text: `__row` (the row as a spreadsheet shows it: a CSV's header is row 1;
 * NDJSON: the line; JSON, Parquet, Arrow: the record, first = 1)
 * and one VARCHAR column `c<i>` per source column, named `headers[i]`.
 * Every value is still the text the file had; typing happens in SQL next.
 */
export interface StagedFile {
  stage: string; // quoted table name
  headers: string[];
  format: SourceFormat;
  /** Rows in the file, including those the reader had to reject. */
  inputRows: number;
  /** Work tables/views behind the stage, dropped once the file is placed. */
  workTables: string[];
  /**
   * Columns read typed (load/stage.ts "typed reading"): source column i is also `t<i>` of this type, and
   * `c<i>` is its text. Only the columns the file's mapping reads as numbers or dates, and only where
   * every value parsed.
   */
  typed?: ReadonlyMap<number, TypedColumn>;
  /** A typed CSV column's values with a "." or "," from the bounded sample (the decimal separator's evidence). */
  decimalSamples?: ReadonlyMap<number, readonly string[]>;
  /**
   * Source columns whose text `c<i>` is computed from a typed value, also given as that value `k<i>` (Parquet,
   * Arrow): the same value always has the same text (`text` of the value's SQL), so distinct combinations and
   * joins can be taken over `k<i>` and the text computed once per combination, not per row.
   */
  keys?: ReadonlyMap<number, (value: string) => string>;
  /** The stage's first row as `firstRowOf` reads it, when it was read with the file (`null`: the stage has no rows). */
  firstRow?: Record<string, unknown> | null;
  /**
   * The typed table behind the stage (Parquet, Arrow, a CSV read typed): the stage columns that are its own columns
   * unchanged (`c<i>`, `k<i>` or `t<i>` → the table's column and type), and row k of the table (0-based) is the
   * stage's `__row` k + `rowOffset`. A file whose every value is placed as read takes this table as its candidate
   * rows instead of a copy (reconcile.ts `adoptStaged`).
   */
  raw?: StagedTable;
}

export interface StagedTable {
  table: string;
  /** The table's columns in order (quoted). */
  columns: readonly string[];
  cells: ReadonlyMap<string, { column: string; type: string }>;
  rowOffset: number;
}

/** A staged table's columns as a target table's (each target's expression over the stage alone): see reconcile.ts `adoptStaged`. */
export interface OwnColumns {
  stage: string;
  raw: StagedTable;
  /** `differs`: the rows whose value is not the cell's, where the first scan counted them. */
  columns: { target: string; expr: string; differs?: number }[];
}

/** How a column may be read typed: as a number or as a date. */
export type TypedColumn = 'DOUBLE' | 'DATE';

export interface StageOptions {
  fileIndex: number;
  name: string;
  /** The bytes are the caller's: copy before handing them to DuckDB (which may transfer them). */
  shared: boolean;
  format?: SourceFormat;
  parquetWasm?: ParquetWasmSource;
  /** Declared text encoding (LoadOptions.encoding). */
  encoding?: TextEncodingName;
  /** The columns (by index) the mapping of a file with these headers reads as numbers or dates: read typed where they parse. */
  expectedTypes?: (headers: string[]) => ReadonlyMap<number, TypedColumn>;
  /** This file read ahead of its turn (`readAhead`); taken by one stageFile call only (DuckDB-WASM takes an IPC buffer). */
  ahead?: Promise<FileAhead> | null;
  /** This file staged before its turn (`prestageParquet`). */
  prestaged?: StagedFile;
}

/** Where parquet-wasm's .wasm comes from in a browser (URL, bytes or a compiled module). */
export type ParquetWasmSource = NonNullable<LoadOptions['parquetWasm']>;

/** `null` when the file could not be staged at all (a file diagnostic says why). */
export async function stageFile(ctx: LoadContext, bytes: Uint8Array, options: StageOptions): Promise<StagedFile | null> {
  const { name, fileIndex } = options;
  if (options.prestaged) return options.prestaged;
  if (isBlank(bytes)) {
    ctx.fileDiagnostic({ severity: 'error', code: 'empty-file', ...say('diag.empty', { file: name }), file: name });
    return null;
  }
  let format = options.format ?? formatFromName(name) ?? formatFromBytes(bytes);
  // Named .xlsx or .ods but not a ZIP archive (tools save CSV or HTML under spreadsheets' names): what its bytes are.
  if ((format === 'xlsx' || format === 'ods') && !options.format && !isZip(bytes)) format = formatFromBytes(bytes);
  // A spreadsheet: read as the CSV text of its first sheet with data (load/xlsx.ts, load/ods.ts); the old binary .xls
  // is named, with what to save it as.
  if (format === 'xlsx' || format === 'ods' || isOle2(bytes) || isOds(bytes)) {
    const sheet = await workbookText(ctx, bytes, name);
    if (!sheet) return null;
    const utf8 = new TextEncoder().encode(sheet.csv);
    const staged = await stageCsv(ctx, utf8, sheet.csv, 'csv', { ...options, shared: false });
    return { ...staged, format: isOds(bytes) ? 'ods' : 'xlsx' };
  }
  if (format === 'parquet' || format === 'arrow') {
    try {
      const ahead = format === 'parquet' ? await options.ahead : null;
      return format === 'parquet'
        ? await stageArrow(ctx, ahead && 'ipc' in ahead ? oneChunk(ahead.ipc) : parquetToIPC(bytes, options.parquetWasm), 'parquet', options)
        : await stageArrow(ctx, oneChunk(arrowToStream(options.shared ? bytes.slice() : bytes)), 'arrow', options);
    } catch (error) {
      ctx.fileDiagnostic({
        severity: 'error',
        code: 'unparseable',
        ...say('diag.unreadable-as', { file: name, format: format === 'parquet' ? 'Parquet' : 'Arrow IPC', error: String((error as Error).message ?? error) }),
        file: name,
      });
      return null;
    }
  }
  const isJson = format === 'json' || format === 'ndjson';
  // Reading real exports: a declared or detected Windows-1252/Latin-1 file is transcoded (normalise/encoding.ts).
  const ahead = await options.ahead;
  const decoded = ahead && 'decoded' in ahead ? ahead.decoded : decodeTextAs(bytes, { whole: isJson || format === undefined, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!decoded.ok) {
    ctx.fileDiagnostic({ severity: 'error', code: 'encoding', ...say('diag.encoding', { file: name, problem: decoded.messageText }), file: name });
    return null;
  }
  if (decoded.encoding === 'windows-1252' && decoded.inferred) {
    ctx.fileDiagnostic({ severity: 'warning', code: 'encoding-inferred', ...say('diag.encoding', { file: name, problem: decoded.messageText }), file: name });
  }
  format ??= formatFromBytes(bytes, decoded.text) ?? 'csv';
  if (format === 'json' || format === 'ndjson') {
    const text = decoded.text.length === decoded.utf8.length || isJson ? decoded.text : new TextDecoder().decode(decoded.utf8);
    return stageJson(ctx, text, format, options);
  }
  return stageCsv(ctx, decoded.utf8, decoded.text, format, options, ahead && 'scan' in ahead ? ahead.scan : null);
}

/**
 * A workbook's first sheet with data as CSV text (null, and why, when it does not read). The load turns a workbook
 * it knows for one into a file per sheet before this (load/workbooks.ts); one only its bytes tell (a URL not named
 * .xlsx) comes here: its other sheets are named, not read.
 */
async function workbookText(ctx: LoadContext, bytes: Uint8Array, name: string): Promise<SheetText | null> {
  const unreadable = (reason: string) => {
    ctx.fileDiagnostic({ severity: 'error', code: 'unparseable', ...say('diag.workbook-unreadable', { file: name, reason: textOf(`workbook.${reason}`) }), file: name });
    return null;
  };
  if (isOle2(bytes)) return unreadable('old-excel');
  const read = await readSpreadsheet(bytes);
  if ('unreadable' in read) return unreadable(read.unreadable);
  const [first, ...rest] = read.book.sheets;
  const unread = [...rest.map((s) => s.name), ...read.book.hidden];
  if (unread.length > 0) {
    ctx.fileDiagnostic({
      severity: 'warning',
      code: 'workbook-sheets',
      ...say('diag.workbook-unread', { file: name, count: unread.length, sheets: unread.map((n) => textOf('sheet-name', { name: n })), reason: textOf('workbook.unread.unnamed') }),
      file: name,
    });
  }
  if (first!.formulasWithoutValue > 0) {
    ctx.fileDiagnostic({ severity: 'warning', code: 'workbook-formulas', ...say('diag.workbook-formulas', { file: name, count: first!.formulasWithoutValue }), file: name });
  }
  return first!;
}

/**
 * SQL for a stage's first row: its `__row` and each column `c<i>` as `r<i>` (`from`: the stage, or a subquery with its
 * columns). The two-header-rows check reads it (load/header-rows.ts); a CSV read typed gets it with its row count.
 */
export function firstRowOf(width: number, from: string): string {
  return `SELECT __row${Array.from({ length: width }, (_, i) => `, ${quoteIdentifier(`c${i}`)} AS r${i}`).join('')} FROM ${from} LIMIT 1`;
}

/** A query's answer once the file it reads was registered too: a failed registration is the error it gives. */
async function registeredAnd<T>(registered: Promise<void>, query: Promise<T>): Promise<T> {
  const [answer] = await Promise.all([query, registered]);
  return answer;
}

/** No bytes, or only white space (a BOM at most): an empty file. */
function isBlank(bytes: Uint8Array): boolean {
  return bytes.length === 0 || (bytes.length < 4096 && /^\s*$/.test(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')));
}

// ---------------------------------------------------------------- CSV / TSV

/** Fields of the first record (quote-aware), to know how many columns to read. */
export function firstRecord(text: string, delimiter: string): string[] {
  return leadingRecords(text, delimiter, 1)[0] ?? [''];
}

/**
 * The first `max` records of a CSV text (quote-aware; a quoted cell may hold newlines). A record cut
 * off by the end of the text (the head of a larger file) is left out, unless it is the only one.
 */
export function leadingRecords(text: string, delimiter: string, max: number): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  for (; i < text.length && records.length < max; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
      // Blank lines are no records (DuckDB's reader skips them too).
      while (text[i + 1] === '\n' || text[i + 1] === '\r') i++;
    } else field += ch;
  }
  if (records.length === 0) records.push([...fields, field]);
  return records;
}

/** A CSV text's delimiter, header cells and width (a trailing delimiter on the header is no column: its empty cells count as extra cells). */
export function csvHeader(head: string, format: SourceFormat): { delimiter: string; headerCells: string[]; width: number } {
  const delimiter = sniffDelimiter(head, format);
  const headerCells = firstRecord(head, delimiter);
  let width = headerCells.length;
  while (width > 1 && headerCells[width - 1]!.trim() === '') width--;
  return { delimiter, headerCells, width };
}

/** The delimiter a header line uses most: comma, tab, semicolon or pipe. */
export function sniffDelimiter(text: string, format: SourceFormat): string {
  if (format === 'tsv') return '\t';
  const line = text.slice(0, Math.max(0, text.search(/\r?\n/)) || 4096).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const count = line.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Cells read past the header's width, so a row with a few more cells is reported cell by cell, not refused whole. */
const EXTRA_CELLS = 8;
/** DuckDB's null string for CSV: a character no export writes, so an empty cell reads as '' and a missing one as NULL. */
const NO_NULL_STRING = '\u0001';

async function stageCsv(
  ctx: LoadContext,
  utf8: Uint8Array,
  head: string,
  format: SourceFormat,
  { fileIndex, shared, name, expectedTypes }: StageOptions,
  scanned: { delimiter: string; records: CsvRecordScan } | null = null,
): Promise<StagedFile> {
  const { delimiter, headerCells, width } = csvHeader(head, format);
  const trailingDelimiter = width < headerCells.length;
  const scan = scanned?.delimiter === delimiter ? scanned.records : scanCsvRecords(utf8, delimiter);
  const file = ctx.fileName(`f${fileIndex}.csv`);
  // Not waited for: DuckDB takes calls in order, so the file is there when the read below runs, and the read's answer
  // waits for both (a failed registration is then the error, not the read's "no such file").
  const registered = ctx.connector.registerFile(file, shared ? utf8.slice() : utf8);
  registered.catch(() => undefined);
  // Typed reading first: a file whose every row reads cleanly needs no text staging (see stageCsvTyped).
  const expected = expectedTypes && !trailingDelimiter && scan.blankRows.length === 0 && scan.openQuote === null
    ? expectedTypes(headerCells.slice(0, width).map((h) => h.trim()))
    : null;
  if (expected?.size) {
    const typed = await stageCsvTyped(ctx, file, registered, headerCells.slice(0, width).map((h) => h.trim()), head, delimiter, expected, scan.rows - 1, format, fileIndex);
    if (typed) {
      ctx.dropFile(file);
      return typed;
    }
  }
  const raw = ctx.table(`raw${fileIndex}`);
  const rejects = ctx.table(`csvrej${fileIndex}`);
  const scans = ctx.table(`csvscan${fileIndex}`);
  const cellNames = [...Array.from({ length: width }, (_, i) => `c${i}`), ...Array.from({ length: EXTRA_CELLS }, (_, i) => `x${i}`)];
  const columns = cellNames.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
  // parallel=false: DuckDB refuses null_padding with quoted newlines in parallel mode. Sent with the query below, in its
  // round trip (the file is dropped after it).
  ctx.defer([
    `CREATE TABLE ${raw} AS SELECT * FROM read_csv(${quoteLiteral(file)},
      header = false, all_varchar = true, auto_detect = false, columns = {${columns}},
      delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', null_padding = true, nullstr = ${quoteLiteral(NO_NULL_STRING)},
      parallel = false, ignore_errors = true, store_rejects = true,
      rejects_table = ${quoteLiteral(unquote(rejects))}, rejects_scan = ${quoteLiteral(unquote(scans))})`,
  ]);
  // One round trip: the read, the header row, the rows kept, and the rows the reader rejected (DuckDB numbers them as we do).
  const [first] = tableToRows<Record<string, unknown> & { __kept: number; __misshapen: number; __rejected: string | null }>(
    await registeredAnd(registered, ctx.connector.query(
      `SELECT (SELECT count(*) FROM ${raw}) AS __kept,
              (SELECT count(*) FROM ${raw} WHERE rowid > 0 AND (${quoteIdentifier(`c${width - 1}`)} IS NULL OR x0 IS NOT NULL)) AS __misshapen,
              (SELECT string_agg(line || chr(31) || error_type || chr(31) || message, chr(30) ORDER BY line)
               FROM (SELECT line::INTEGER AS line, min(error_type) AS error_type, min(error_message) AS message FROM ${rejects} GROUP BY line)) AS __rejected,
              h.*
       FROM (SELECT 1) LEFT JOIN (SELECT * FROM ${raw} WHERE rowid = 0) h ON true`,
    )),
  );
  ctx.dropFile(file);
  const rejected = (first?.__rejected ? first.__rejected.split('\u001e') : []).map((r) => {
    const [row, type, message] = r.split('\u001f') as [string, string, string];
    return { row: Number(row), type, message };
  });
  const headers = Array.from({ length: width }, (_, i) => String(first?.[`c${i}`] ?? headerCells[i] ?? '').trim());
  const openRow = scan.openQuote?.row ?? Infinity;
  // Rows without a record in `raw`: blank lines and rows the reader rejected, in row order.
  const skipped = [...new Set([...scan.blankRows, ...rejected.map((r) => r.row)])].filter((r) => r < openRow).sort((a, b) => a - b);
  const cols = headers.map((_, i) => quoteIdentifier(`c${i}`)).join(', ');
  const extras = Array.from({ length: EXTRA_CELLS }, (_, i) => quoteIdentifier(`x${i}`)).join(', ');
  const simple = skipped.length === 0 && scan.openQuote === null;
  const stage = ctx.view(`stage${fileIndex}`);
  const cells = simple ? ctx.view(`rows${fileIndex}`) : ctx.table(`rows${fileIndex}`);
  const views: string[] = [];
  if (simple) {
    // A view: no second copy of a large file. Row k of `raw` (0 = header) is the file's row k + 1.
    views.push(`CREATE VIEW ${cells} AS SELECT (rowid + 1)::INTEGER AS __row, ${cols}, ${extras} FROM ${raw} WHERE rowid > 0`);
  } else {
    // The k-th record kept is the k-th row number not skipped: shift k by the count of skipped rows s_j with s_j - j <= k (j 0-based).
    const shifts = ctx.table(`shift${fileIndex}`);
    await ctx.connector.insertArrowIPC(
      unquote(shifts),
      tableToIPC(new Table({ t: vectorFromArray(skipped.map((r, j) => r - j), new Int32()) }), 'stream'),
      { create: true },
    );
    views.push(
      `CREATE TABLE ${cells} AS SELECT * FROM (
         SELECT (r.rowid + 1 + (SELECT count(*) FROM ${shifts} x WHERE x.t <= r.rowid + 1))::INTEGER AS __row, ${cols}, ${extras} FROM ${raw} r)
       WHERE __row > 1 AND __row < ${Number.isFinite(openRow) ? openRow : 2147483647}`,
      `DROP TABLE ${shifts}`,
    );
  }
  views.push(`CREATE VIEW ${stage} AS SELECT __row, ${cols} FROM ${cells}`);
  ctx.defer(views);
  await ctx.drop(rejects, scans);
  // Rows with fewer cells than the header, or more: one statement, usually finding nothing.
  // The missing headers' names are data: parameters, one per possible count of cells present.
  const present = `len(list_filter([${cols}], v -> v IS NOT NULL))`;
  const missingNames = Array.from({ length: width - 1 }, (_, k) => `"${headers.slice(k + 1).join('", "')}"`);
  const extraList = `list_filter([${extras}], v -> v IS NOT NULL)`;
  const filled = `list_bool_or(list_transform(${extraList}, v -> trim(v) <> ''))`;
  const last = quoteIdentifier(`c${width - 1}`);
  if (first?.__misshapen) await ctx.addRowFindings(
    `SELECT ${fileIndex}, __row, severity, code, NULL, text, severity = 'error' FROM (
       SELECT __row, 'error' AS severity, 'short-row' AS code,
         ${textSql('row.short', { present: { number: present }, width: { value: width }, missing: `CASE ${present} ${missingNames.map((_, k) => `WHEN ${k + 1} THEN ?`).join(' ')} END` })} AS text
       FROM ${cells} WHERE ${last} IS NULL
       UNION ALL
       SELECT __row, CASE WHEN ${filled} THEN 'error' ELSE 'warning' END, 'extra-cells',
         CASE WHEN ${filled}
              THEN ${textSql('row.extra-cells', { cells: { number: `${width} + len(${extraList})` }, width: { value: width }, extra: { number: `len(${extraList})` }, values: `'"' || array_to_string(${extraList}, '", "') || '"'` })}
              ELSE ${textSql('row.extra-empty', { cells: { number: `${width} + len(${extraList})` }, width: { value: width } })} END
       FROM ${cells} WHERE x0 IS NOT NULL ${trailingDelimiter ? `AND ${filled}` : ''})`,
    missingNames,
    fileIndex,
  );
  if (trailingDelimiter) {
    ctx.fileDiagnostic({
      severity: 'warning',
      code: 'extra-cells',
      ...say('diag.trailing-delimiter', { file: name, header: headers[width - 1]! }),
      file: name,
    });
  }
  // Rows the reader rejected (a wider row than it reads, a bad quote …), and a quote that never closes.
  const readerRejects = rejected.filter((r) => r.row > 1 && r.row < openRow);
  const findings: RowFinding[] = readerRejects.map((r) => ({
    row: r.row,
    code: 'malformed-row',
    text:
      r.type === 'TOO MANY COLUMNS'
        ? textOf('row.too-many-cells', { cells: width + EXTRA_CELLS, width })
        : textOf('row.reader', { type: r.type.toLowerCase(), error: r.message }),
  }));
  let unread = 0;
  if (scan.openQuote) {
    const { row, linesAfter } = scan.openQuote;
    unread = linesAfter;
    findings.push({
      row,
      code: 'unclosed-quote',
      text: textOf('row.unclosed-quote', { after: linesAfter, from: row + 1, to: row + linesAfter }),
    });
    ctx.unreadRows.set(fileIndex, unread);
  }
  await ctx.addRejects(fileIndex, findings);
  const rowsBeforeOpen = (Number.isFinite(openRow) ? openRow - 1 : scan.rows) - 1 - scan.blankRows.filter((r) => r < openRow).length;
  const kept = Math.max(0, (first?.__kept ?? 1) - 1);
  const inputRows = rowsBeforeOpen + (scan.openQuote ? 1 + unread : 0);
  if (kept + readerRejects.length < rowsBeforeOpen && !scan.openQuote) {
    ctx.fileDiagnostic({
      severity: 'error',
      code: 'unreconciled-rows',
      ...say('diag.reader-count', { file: name, records: rowsBeforeOpen, returned: kept + readerRejects.length }),
      file: name,
    });
  }
  return { stage, headers, format, inputRows, workTables: [stage, cells, raw] };
}

/** Rows of a CSV file read to choose the columns read typed (a bounded sample: the read itself checks every row). */
const TYPE_SAMPLE_ROWS = 2048;
/** Values with a "." or "," per column the decimal separator is told from (as convert.ts samples a text column). */
const DECIMAL_SAMPLE_VALUES = 500;
/** A plain number with a "." decimal, and an ISO date: the only text a typed column is read from. */
export const PLAIN_NUMBER = String.raw`[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?`;
const PLAIN_DATE = String.raw`\d{4}-\d{2}-\d{2}`;

/**
 * Typed reading of a CSV file: the columns the mapping reads as numbers or dates are read by DuckDB's
 * typed CSV reader, the rest as text, in one pass. Chosen from a bounded sample (the first rows: a
 * column whose sampled values are not all plain numbers or ISO dates stays text), then checked by the
 * read itself over every row: a value that does not parse is a reader reject naming its column, and
 * that column is read as text (one more read); any other reject (a row of another width, a bad quote)
 * returns null, and the file takes the text path, which reports it row by row. So row accounting, the
 * named rejection of bad cells, inference and questions stay as they are, while a clean file is read
 * once, typed, with no text scan or cast after it.
 */
async function stageCsvTyped(
  ctx: LoadContext,
  file: string,
  registered: Promise<void>,
  headers: string[],
  head: string,
  delimiter: string,
  expected: ReadonlyMap<number, TypedColumn>,
  dataRows: number,
  format: SourceFormat,
  fileIndex: number,
): Promise<StagedFile | null> {
  const dialect = `delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', header = true, auto_detect = false, parallel = false`;
  const candidates = [...expected.keys()];
  const col = (i: number) => quoteIdentifier(`c${i}`);
  // The sample: the first records of the text already decoded (the file's first megabyte or so), header left out.
  const records = leadingRecords(head, delimiter, TYPE_SAMPLE_ROWS + 1).slice(1);
  const patterns = { DATE: new RegExp(`^${PLAIN_DATE}$`), DOUBLE: new RegExp(`^${PLAIN_NUMBER}$`) };
  const fits = (i: number) => records.every((r) => {
    const v = (r[i] ?? '').trim();
    return v === '' || patterns[expected.get(i)!].test(v);
  });
  const decimalSamples = new Map(
    candidates.map((i) => [i, records.map((r) => r[i] ?? '').filter((v) => v.includes(',') || v.includes('.')).slice(0, DECIMAL_SAMPLE_VALUES)] as const),
  );
  const types = new Map(candidates.filter(fits).map((i) => [i, expected.get(i)!] as const));
  const raw = ctx.table(`raw${fileIndex}`);
  const rejects = ctx.table(`csvrej${fileIndex}`);
  const scans = ctx.table(`csvscan${fileIndex}`);
  // At most two reads: the second with the columns that did not parse as text.
  for (let attempt = 0; attempt < 2 && types.size > 0; attempt++) {
    const columns = headers.map((_, i) => `${quoteLiteral(types.has(i) ? `t${i}` : `c${i}`)}: ${quoteLiteral(types.get(i) ?? 'VARCHAR')}`).join(', ');
    // An empty cell is NULL, in a text column too: every reading of a text cell takes '' and NULL alike (blank,
    // NULLIF(…, '')), and a read that kept '' left a large file's typed table to be rewritten cell by cell before it
    // could be taken as candidate rows (reconcile.ts `adoptStaged`). A row with a cell missing never reads typed.
    // Sent with the check below, in its round trip.
    ctx.defer([
      `CREATE OR REPLACE TABLE ${raw} AS SELECT * FROM read_csv(${quoteLiteral(file)}, ${dialect}, columns = {${columns}},
        nullstr = '', dateformat = '%Y-%m-%d',
        ignore_errors = true, store_rejects = true, rejects_table = ${quoteLiteral(unquote(rejects))}, rejects_scan = ${quoteLiteral(unquote(scans))})`,
    ]);
    const doubles = [...types].filter(([, t]) => t === 'DOUBLE').map(([i]) => i);
    // The stage's columns (as its view below makes them): its first row comes with the check, for the two-header-rows
    // check (load/header-rows.ts), which would otherwise ask for it in a round trip of its own.
    const cols = headers.map((_, i) => (types.has(i) ? `${typedText(quoteIdentifier(`t${i}`), types.get(i)!)} AS ${col(i)}, t${i}` : col(i)));
    const [check] = tableToRows<Record<string, unknown> & { kept: number; failed: string | null }>(
      await registeredAnd(registered, ctx.connector.query(
        `SELECT * FROM (
           SELECT count(*) AS kept, ${doubles.map((i) => `${nonFiniteCount(`t${i}`)} AS f${i}`).join(', ')}${doubles.length ? ',' : ''}
                  (SELECT string_agg(DISTINCT CASE WHEN error_type = 'CAST' THEN column_name ELSE '*' END, ',') FROM ${rejects}) AS failed
           FROM ${raw}) LEFT JOIN (${firstRowOf(headers.length, `(SELECT (rowid + 2)::INTEGER AS __row${cols.length ? ', ' + cols.join(', ') : ''} FROM ${raw})`)}) ON true`,
      )),
    );
    const failed = check?.failed ? check.failed.split(',') : [];
    // Infinity and NaN are no numbers an export means: the text path names them.
    const notFinite = doubles.filter((i) => Number(check?.[`f${i}`] ?? 0) > 0);
    await ctx.drop(rejects, scans);
    if (failed.includes('*')) break;
    if (failed.length === 0 && notFinite.length === 0 && Number(check?.kept) === dataRows) {
      const stage = ctx.view(`stage${fileIndex}`);
      // Row k of `raw` is the file's row k + 2 (the header is row 1).
      ctx.defer([`CREATE VIEW ${stage} AS SELECT (rowid + 2)::INTEGER AS __row${cols.length ? ', ' + cols.join(', ') : ''} FROM ${raw}`]);
      const columns = headers.map((_, i) => quoteIdentifier(types.has(i) ? `t${i}` : `c${i}`));
      const cells = new Map(headers.map((_, i) => (types.has(i) ? [`t${i}`, { column: columns[i]!, type: types.get(i)! }] : [`c${i}`, { column: columns[i]!, type: 'VARCHAR' }])));
      const firstRow = check && check.__row !== null ? Object.fromEntries([['__row', check.__row], ...headers.map((_, i) => [`r${i}`, check[`r${i}`]] as const)]) : null;
      return { stage, headers, format, inputRows: dataRows, workTables: [stage, raw], typed: types, decimalSamples, raw: { table: raw, columns, cells, rowOffset: 2 }, firstRow };
    }
    for (const name of failed) types.delete(Number(name.slice(1)));
    for (const i of notFinite) types.delete(i);
  }
  await ctx.drop(raw, rejects, scans);
  return null;
}

/**
 * SQL aggregate: the cells of a DOUBLE column that are Infinity or NaN. `count_if(NOT isfinite(…))` costs less than
 * half of `count(*) FILTER (WHERE isinf(…) OR isnan(…))` (and of min/max) over 1.75 M check-ins.
 */
function nonFiniteCount(column: string): string {
  return `count_if(NOT isfinite(${column}))`;
}

/** A typed value's text (`c`: its SQL), as the text path would have it (whole numbers without ".0"). */
function typedText(c: string, type: string): string {
  return /^(FLOAT|DOUBLE|REAL)$/.test(type)
    ? `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`
    : `CAST(${c} AS VARCHAR)`;
}

// ---------------------------------------------------------------- JSON / NDJSON

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

async function stageJson(ctx: LoadContext, text: string, format: SourceFormat, { fileIndex, name }: StageOptions): Promise<StagedFile | null> {
  const records: { row: number; value: unknown }[] = [];
  const malformed: { row: number; text: Text }[] = [];
  const trimmed = text.trimStart();
  if (format === 'json' || (format !== 'ndjson' && trimmed.startsWith('['))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      ctx.fileDiagnostic({ severity: 'error', code: 'unparseable', ...say('diag.bad-json', { file: name, error: (error as Error).message }), file: name });
      return null;
    }
    const list = Array.isArray(parsed) ? parsed : firstArrayIn(parsed);
    if (!list) {
      ctx.fileDiagnostic({ severity: 'error', code: 'unparseable', ...say('diag.json-no-records', { file: name }), file: name });
      return null;
    }
    list.forEach((value, i) => records.push({ row: i + 1, value }));
  } else {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        records.push({ row: i + 1, value: JSON.parse(line) });
      } catch (error) {
        malformed.push({ row: i + 1, text: textOf('row.bad-json-line', { error: (error as Error).message }) });
      }
    });
  }
  const headers: string[] = [];
  const index = new Map<string, number>();
  const good: { row: number; value: Record<string, unknown> }[] = [];
  for (const r of records) {
    if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
      malformed.push({ row: r.row, text: textOf('row.not-an-object') });
      continue;
    }
    const obj = flattenRecord(r.value as Record<string, unknown>);
    for (const key of Object.keys(obj)) {
      if (!index.has(key)) {
        index.set(key, headers.length);
        headers.push(key);
      }
    }
    good.push({ row: r.row, value: obj });
  }
  const vectors: Record<string, Vector> = { __row: vectorFromArray(good.map((r) => r.row), new Int32()) };
  headers.forEach((h, i) => {
    vectors[`c${i}`] = vectorFromArray(good.map((r) => cellText(r.value[h])), new Utf8());
  });
  const stage = ctx.table(`stage${fileIndex}`);
  await ctx.connector.insertArrowIPC(unquote(stage), tableToIPC(new Table(vectors), 'stream'), { create: true });
  await ctx.addRejects(fileIndex, malformed.map((m) => ({ row: m.row, code: 'malformed-row', text: m.text })));
  if (records.length === 0 && malformed.length === 0) {
    ctx.fileDiagnostic({ severity: 'error', code: 'empty-file', ...say('diag.no-records', { file: name }), file: name });
    return null;
  }
  return {
    stage,
    headers,
    format: format === 'ndjson' || !trimmed.startsWith('[') ? 'ndjson' : 'json',
    inputRows: good.length + malformed.length,
    workTables: [stage],
  };
}

/** Nested objects become dotted columns (`{"owner": {"id": 1}}` → `owner.id`); arrays stay JSON text. */
function flattenRecord(record: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix + key;
    if (value && typeof value === 'object' && !Array.isArray(value) && prefix.split('.').length < 4) {
      flattenRecord(value as Record<string, unknown>, `${name}.`, out);
    } else out[name] = value;
  }
  return out;
}

/** `{"objectives": [...]}`-style wrappers: the first array-valued property. */
function firstArrayIn(value: unknown): unknown[] | null {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) if (Array.isArray(v)) return v;
  }
  return null;
}

// ---------------------------------------------------------------- Parquet / Arrow

let parquetModule: Promise<typeof import('parquet-wasm')> | null = null;

/** parquet-wasm, loaded on first use. In Node its own build reads the .wasm from disk; in a browser the
 * ESM build fetches it from `source` (default: the file beside the module, i.e. self-hosted). */
async function loadParquetWasm(source: ParquetWasmSource | undefined): Promise<typeof import('parquet-wasm')> {
  parquetModule ??= (async () => {
    const mod = await import('parquet-wasm');
    const init = (mod as unknown as { default?: unknown }).default;
    if (typeof init === 'function') {
      await (init as (arg?: { module_or_path: unknown }) => Promise<unknown>)(
        source === undefined ? undefined : { module_or_path: source },
      );
    }
    return mod;
  })();
  try {
    return await parquetModule;
  } catch (error) {
    parquetModule = null;
    throw error;
  }
}

/**
 * How Parquet is read: files up to `oneReadBytes` in one go (the common case), larger ones
 * `chunkRows` rows at a time — one read of a million-person check-ins file overflows
 * parquet-wasm's heap ("unreachable"). Exported for tests.
 */
export const PARQUET_READ = { chunkRows: 250_000, oneReadBytes: 32 << 20 };

/** Arrow IPC streams of a Parquet file: one for a small file, a chunk of rows at a time for a large one. */
export async function* parquetToIPC(bytes: Uint8Array, source: ParquetWasmSource | undefined): AsyncGenerator<Uint8Array> {
  const parquet = await loadParquetWasm(source);
  if (bytes.length <= PARQUET_READ.oneReadBytes) {
    yield parquet.readParquet(bytes).intoIPCStream();
    return;
  }
  for (let offset = 0; ; offset += PARQUET_READ.chunkRows) {
    const table = parquet.readParquet(bytes, { offset, limit: PARQUET_READ.chunkRows });
    let rows = 0;
    for (let i = 0; i < table.numBatches; i++) rows += table.recordBatch(i)?.numRows ?? 0;
    if (rows === 0 && offset > 0) {
      table.free();
      return;
    }
    yield table.intoIPCStream();
    if (rows < PARQUET_READ.chunkRows) return;
  }
}

/** A file's reading done ahead of its turn: a Parquet file's Arrow IPC; a CSV/TSV file's text checked and its records counted. */
export type FileAhead = { ipc: Uint8Array } | { decoded: DecodedLegacyText; scan: { delimiter: string; records: CsvRecordScan } | null };

/**
 * The JavaScript part of reading a file — a Parquet file (read in one go) decoded into Arrow IPC, or a CSV/TSV
 * file's text checked (encoding, NUL bytes) and its records counted — done ahead of the file's turn, at the
 * calling thread's next idle moment: in a page that is while DuckDB's worker places the file before it, so this
 * work and the worker's SQL run side by side instead of taking turns. The same work as in the file's turn, only
 * earlier; a file that does not read fails where it is staged, as before. Null when there is nothing to do ahead
 * (other formats; a Parquet file read in chunks, kept to one chunk in memory at a time).
 */
export function readAhead(
  bytes: Uint8Array,
  format: SourceFormat | undefined,
  options: { parquetWasm?: ParquetWasmSource; encoding?: TextEncodingName },
  signal?: AbortSignal,
): Promise<FileAhead> | null {
  if (bytes.length === 0) return null;
  if (format !== 'parquet' && format !== 'csv' && format !== 'tsv') return null;
  if (format === 'parquet' && bytes.length > PARQUET_READ.oneReadBytes) return null;
  const kind = format;
  const ahead = new Promise<FileAhead>((resolve, reject) => {
    setTimeout(() => {
      if (signal?.aborted) return reject(signal.reason as Error);
      if (kind === 'parquet') {
        loadParquetWasm(options.parquetWasm)
          .then((parquet) => ({ ipc: parquet.readParquet(bytes).intoIPCStream() }))
          .then(resolve, reject);
        return;
      }
      try {
        // As stageFile decodes a CSV/TSV file, and stageCsv scans it.
        const decoded = decodeTextAs(bytes, { whole: false, ...(options.encoding ? { encoding: options.encoding } : {}) });
        const delimiter = decoded.ok ? sniffDelimiter(decoded.text, kind) : '';
        resolve({ decoded, scan: decoded.ok ? { delimiter, records: scanCsvRecords(decoded.utf8, delimiter) } : null });
      } catch (error) {
        reject(error as Error);
      }
    }, 0);
  });
  // A load that stops before this file's turn never asks for it.
  ahead.catch(() => undefined);
  return ahead;
}

async function* oneChunk(ipc: Uint8Array): AsyncGenerator<Uint8Array> {
  yield ipc;
}

/** Arrow IPC file format → stream format (DuckDB takes streams). */
function arrowToStream(bytes: Uint8Array): Uint8Array {
  if (!isArrowFile(bytes)) return bytes;
  return tableToIPC(tableFromIPC(bytes), 'stream');
}

/** Arrow types a column is read typed from: exactly the number or date its text would parse to. */
const ARROW_TYPED: Record<TypedColumn, RegExp> = { DOUBLE: /^(DOUBLE|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/, DATE: /^(DATE|TIMESTAMP)$/ };

/**
 * Parquet and Arrow keep their types: the stage is a view over the inserted table, each column's
 * text (`c<i>`, what the text path reads) computed where a statement asks for it, and the columns
 * the mapping reads as numbers or dates also as `t<i>`, typed, where their Arrow type says so
 * (FLOAT and DECIMAL stay text: their text, not their binary value, is what a person wrote).
 */
async function stageArrow(ctx: LoadContext, chunks: AsyncIterable<Uint8Array>, format: SourceFormat, { fileIndex, expectedTypes }: StageOptions): Promise<StagedFile> {
  const raw = ctx.table(`raw${fileIndex}`);
  let first = true;
  for await (const ipc of chunks) {
    ctx.checkAborted();
    await ctx.connector.insertArrowIPC(unquote(raw), ipc, { create: first });
    first = false;
  }
  const [staged] = await describeStaged(ctx, [{ fileIndex, raw, format, ...(expectedTypes ? { expectedTypes } : {}) }]);
  return staged!;
}

/** A Parquet file in memory, for `prestageParquet`. */
export interface ParquetAhead {
  fileIndex: number;
  bytes: Uint8Array;
  expectedTypes?: StageOptions['expectedTypes'];
}

/**
 * Small Parquet files already in memory, staged before the first file's turn and described together: the columns
 * and row counts of all of them in one statement, and the Infinity/NaN check of all their typed DOUBLE columns in
 * one more (instead of two round trips per file, each planned on its own). Each file's stage is what
 * `stageFile` makes of it alone. A file that does not read is left out: it fails at its turn, as before. At most
 * `PARQUET_READ.oneReadBytes` of files together (what one read in one go may hold), so the extra memory of tables
 * staged before their turn stays bounded.
 */
export async function prestageParquet(ctx: LoadContext, files: readonly ParquetAhead[], parquetWasm: ParquetWasmSource | undefined): Promise<Map<number, StagedFile>> {
  const staged: ArrowToDescribe[] = [];
  let bytesTaken = 0;
  for (const file of files) {
    if (isBlank(file.bytes) || bytesTaken + file.bytes.length > PARQUET_READ.oneReadBytes) continue;
    let ipc: Uint8Array;
    try {
      ipc = (await loadParquetWasm(parquetWasm)).readParquet(file.bytes).intoIPCStream();
    } catch {
      continue;
    }
    ctx.checkAborted();
    bytesTaken += file.bytes.length;
    const raw = ctx.table(`raw${file.fileIndex}`);
    await ctx.connector.insertArrowIPC(unquote(raw), ipc, { create: true });
    staged.push({ fileIndex: file.fileIndex, raw, format: 'parquet', ...(file.expectedTypes ? { expectedTypes: file.expectedTypes } : {}) });
  }
  if (staged.length === 0) return new Map();
  return new Map((await describeStaged(ctx, staged)).map((s, i) => [staged[i]!.fileIndex, s]));
}

interface ArrowToDescribe {
  fileIndex: number;
  raw: string;
  format: SourceFormat;
  expectedTypes?: StageOptions['expectedTypes'];
}

/**
 * The stages of inserted Arrow tables: their columns (in order, with DuckDB's own type names) and row counts in one
 * statement, whatever the number of tables, and whether the DOUBLE columns read typed hold Infinity or NaN (the text
 * path names those) in one more, where there is one and its file has rows.
 */
async function describeStaged(ctx: LoadContext, tables: readonly ArrowToDescribe[]): Promise<StagedFile[]> {
  // DESCRIBE lists a table's columns in order, and a UNION ALL keeps its parts' order (insertion order is preserved).
  const rows = tableToRows<{ f: number; n: number; column_name: string; column_type: string }>(
    await ctx.connector.query(
      tables.map((t, f) => `SELECT ${f} AS f, column_name, column_type, (SELECT count(*) FROM ${t.raw}) AS n FROM (DESCRIBE ${t.raw})`).join(' UNION ALL '),
    ),
  );
  const described = tables.map((t, f) => {
    const columns = rows.filter((r) => Number(r.f) === f);
    return { ...t, columns, headers: columns.map((d) => d.column_name), rows: Number(columns[0]?.n ?? 0) };
  });
  const typed = described.map((d) => {
    const expected = d.expectedTypes?.(d.headers) ?? new Map<number, TypedColumn>();
    const types = new Map([...expected].filter(([i, t]) => ARROW_TYPED[t].test(d.columns[i]!.column_type)));
    return { types, doubles: d.rows > 0 ? [...types.keys()].filter((i) => d.columns[i]!.column_type === 'DOUBLE') : [] };
  });
  const scans = described.flatMap((d, f) =>
    typed[f]!.doubles.length
      ? [`(SELECT ${typed[f]!.doubles.map((i) => `${nonFiniteCount(quoteIdentifier(d.headers[i]!))} AS ${quoteIdentifier(`f${f}_${i}`)}`).join(', ')} FROM ${d.raw})`]
      : [],
  );
  const [counted] = scans.length ? tableToRows<Record<string, unknown>>(await ctx.connector.query(`SELECT * FROM ${scans.join(', ')}`)) : [];
  return described.map((d, f) => {
    const { types, doubles } = typed[f]!;
    for (const i of doubles) if (Number(counted?.[`f${f}_${i}`] ?? 0) > 0) types.delete(i);
    return arrowStage(ctx, d.fileIndex, d.raw, d.format, d.columns, d.rows, types);
  });
}

/** The stage view over an inserted Arrow table (created with the next statement). */
function arrowStage(
  ctx: LoadContext,
  fileIndex: number,
  raw: string,
  format: SourceFormat,
  described: readonly { column_name: string; column_type: string }[],
  inputRows: number,
  types: Map<number, TypedColumn>,
): StagedFile {
  const headers = described.map((d) => d.column_name);
  const stage = ctx.view(`stage${fileIndex}`);
  // Whole floats as integers ("8", not "8.0"): the text is kept as confidence_raw.
  const keys = new Map<number, (value: string) => string>();
  const cols = described.map((d, i) => {
    const column = quoteIdentifier(d.column_name);
    let text = `${typedText(column, d.column_type)} AS ${quoteIdentifier(`c${i}`)}`;
    if (d.column_type !== 'VARCHAR') {
      keys.set(i, (value) => typedText(value, d.column_type));
      text += `, ${column} AS ${quoteIdentifier(`k${i}`)}`;
    }
    const typed = types.get(i);
    return typed ? `${text}, CAST(${column} AS ${typed}) AS ${quoteIdentifier(`t${i}`)}` : text;
  });
  ctx.defer([`CREATE VIEW ${stage} AS SELECT (rowid + 1)::INTEGER AS __row${cols.length ? ', ' + cols.join(', ') : ''} FROM ${raw}`]);
  // A typed number's text is DuckDB's, not a person's: it says nothing about the file's decimal separator (an
  // integer has none, a DOUBLE is always written with "."), so it is no evidence, and no column is scanned for it.
  const decimalSamples = new Map([...types.keys()].map((i) => [i, []] as const));
  const cells = new Map<string, { column: string; type: string }>();
  described.forEach((d, i) => {
    const column = { column: quoteIdentifier(d.column_name), type: d.column_type };
    cells.set(d.column_type === 'VARCHAR' ? `c${i}` : `k${i}`, column);
    if (types.get(i) === d.column_type) cells.set(`t${i}`, column);
  });
  const table: StagedTable = { table: raw, columns: described.map((d) => quoteIdentifier(d.column_name)), cells, rowOffset: 1 };
  return { stage, headers, format, inputRows, workTables: [stage, raw], typed: types, decimalSamples, keys, raw: table };
}

// ---------------------------------------------------------------- helpers

/** The bare name inside a quoted identifier (for APIs that take a name, not SQL). */
export function unquote(quoted: string): string {
  return quoted.slice(1, -1).replaceAll('""', '"');
}
