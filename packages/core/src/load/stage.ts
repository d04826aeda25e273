import { Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { quoteIdentifier, quoteLiteral } from '../sql.js';
import { tableToRows } from '../arrow-rows.js';
import type { LoadContext } from './context.js';
import { formatFromBytes, formatFromName, isArrowFile } from './read.js';
import { decodeTextAs } from '../normalise/encoding.js';
import type { LoadOptions, SourceFormat, TextEncodingName } from './types.js';

/**
 * A file staged as text: `__row` (1-based data row; the header is row 0)
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
}

export interface StageOptions {
  fileIndex: number;
  name: string;
  /** The bytes are the caller's: copy before handing them to DuckDB (which may transfer them). */
  shared: boolean;
  format?: SourceFormat;
  parquetWasm?: ParquetWasmSource;
  /** Declared text encoding (LoadOptions.encoding). */
  encoding?: TextEncodingName;
}

/** Where parquet-wasm's .wasm comes from in a browser (URL, bytes or a compiled module). */
export type ParquetWasmSource = NonNullable<LoadOptions['parquetWasm']>;

/** `null` when the file could not be staged at all (a file diagnostic says why). */
export async function stageFile(ctx: LoadContext, bytes: Uint8Array, options: StageOptions): Promise<StagedFile | null> {
  const { name, fileIndex } = options;
  if (bytes.length === 0 || (bytes.length < 4096 && /^\s*$/.test(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')))) {
    ctx.fileDiagnostic({ severity: 'error', code: 'empty-file', message: `${name} is empty`, file: name });
    return null;
  }
  let format = options.format ?? formatFromName(name) ?? formatFromBytes(bytes);
  if (format === 'parquet' || format === 'arrow') {
    try {
      return format === 'parquet'
        ? await stageArrow(ctx, await parquetToIPC(bytes, options.parquetWasm), 'parquet', fileIndex)
        : await stageArrow(ctx, arrowToStream(options.shared ? bytes.slice() : bytes), 'arrow', fileIndex);
    } catch (error) {
      ctx.fileDiagnostic({
        severity: 'error',
        code: 'unparseable',
        message: `${name} could not be read as ${format === 'parquet' ? 'Parquet' : 'Arrow IPC'}: ${(error as Error).message ?? error}`,
        file: name,
      });
      return null;
    }
  }
  const isJson = format === 'json' || format === 'ndjson';
  // Reading real exports: a declared or detected Windows-1252/Latin-1 file is transcoded (normalise/encoding.ts).
  const decoded = decodeTextAs(bytes, { whole: isJson || format === undefined, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!decoded.ok) {
    ctx.fileDiagnostic({ severity: 'error', code: 'encoding', message: `${name} ${decoded.message}`, file: name });
    return null;
  }
  if (decoded.encoding === 'windows-1252' && decoded.inferred) {
    ctx.fileDiagnostic({ severity: 'warning', code: 'encoding-inferred', message: `${name} ${decoded.message}`, file: name });
  }
  format ??= formatFromBytes(bytes, decoded.text) ?? 'csv';
  if (format === 'json' || format === 'ndjson') {
    const text = decoded.text.length === decoded.utf8.length || isJson ? decoded.text : new TextDecoder().decode(decoded.utf8);
    return stageJson(ctx, text, format, options);
  }
  return stageCsv(ctx, decoded.utf8, decoded.text, format, options);
}

// ---------------------------------------------------------------- CSV / TSV

/** Fields of the first record (quote-aware), to know how many columns to read. */
export function firstRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
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
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field);
  return fields;
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

async function stageCsv(
  ctx: LoadContext,
  utf8: Uint8Array,
  head: string,
  format: SourceFormat,
  { fileIndex, shared }: StageOptions,
): Promise<StagedFile> {
  const delimiter = sniffDelimiter(head, format);
  const width = firstRecord(head, delimiter).length;
  const file = ctx.fileName(`f${fileIndex}.csv`);
  await ctx.connector.registerFile(file, shared ? utf8.slice() : utf8);
  const raw = ctx.table(`raw${fileIndex}`);
  const rejects = ctx.table(`csvrej${fileIndex}`);
  const scans = ctx.table(`csvscan${fileIndex}`);
  const columns = Array.from({ length: width }, (_, i) => `${quoteLiteral(`c${i}`)}: 'VARCHAR'`).join(', ');
  // parallel=false: DuckDB refuses null_padding with quoted newlines in parallel mode.
  await ctx.connector.query(
    `CREATE TABLE ${raw} AS SELECT * FROM read_csv(${quoteLiteral(file)},
      header = false, all_varchar = true, auto_detect = false, columns = {${columns}},
      delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', null_padding = true, parallel = false,
      ignore_errors = true, store_rejects = true,
      rejects_table = ${quoteLiteral(unquote(rejects))}, rejects_scan = ${quoteLiteral(unquote(scans))})`,
  );
  // DuckDB tables keep insertion order in rowid: record k of the file (1 = header) is rowid k - 1,
  // counting only records the reader kept. Record numbers of those it rejected, in order:
  const rejected = tableToRows(
    await ctx.connector.query(
      `SELECT line::INTEGER AS line, min(error_type) AS error_type, min(error_message) AS message FROM ${rejects} GROUP BY line ORDER BY line`,
    ),
  ) as { line: number; error_type: string; message: string }[];
  const headerRow = tableToRows(await ctx.connector.query(`SELECT * FROM ${raw} WHERE rowid = 0`))[0] ?? {};
  const headers = Array.from({ length: width }, (_, i) => String(headerRow[`c${i}`] ?? '').trim());
  const stage = rejected.length === 0 ? ctx.view(`stage${fileIndex}`) : ctx.table(`stage${fileIndex}`);
  const cols = headers.map((_, i) => quoteIdentifier(`c${i}`)).join(', ');
  if (rejected.length === 0) {
    // A view: no second copy of a large file.
    await ctx.connector.query(`CREATE VIEW ${stage} AS SELECT rowid::INTEGER AS __row, ${cols} FROM ${raw} WHERE rowid > 0`);
  } else {
    // The k-th record read is the k-th record number not among the rejected ones:
    // shift k by the count of rejected records r_j with r_j - j <= k (j 0-based).
    const shifts = ctx.table(`shift${fileIndex}`);
    await ctx.connector.insertArrowIPC(
      unquote(shifts),
      tableToIPC(new Table({ t: vectorFromArray(rejected.map((r, j) => r.line - j), new Int32()) }), 'stream'),
      { create: true },
    );
    await ctx.connector.query(
      `CREATE TABLE ${stage} AS SELECT (r.rowid + (SELECT count(*) FROM ${shifts} x WHERE x.t <= r.rowid + 1))::INTEGER AS __row, ${cols}
       FROM ${raw} r WHERE r.rowid > 0`,
    );
    await ctx.addRowFindings(
      `SELECT ?, line - 1, 'error', 'malformed-row', NULL, 'the CSV reader could not read this row (' || lower(min(error_type)) || ': ' || min(error_message) || ')', true
       FROM ${rejects} WHERE line > 1 GROUP BY line`,
      [fileIndex],
    );
  }
  await ctx.dropFile(file);
  await ctx.drop(rejects, scans);
  const count = Number((await ctx.connector.query(`SELECT count(*) AS n FROM ${stage}`)).getChild('n')?.get(0) ?? 0);
  return { stage, headers, format, inputRows: count + rejected.filter((r) => r.line > 1).length, workTables: [stage, raw] };
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
  const malformed: { row: number; message: string }[] = [];
  const trimmed = text.trimStart();
  if (format === 'json' || (format !== 'ndjson' && trimmed.startsWith('['))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      ctx.fileDiagnostic({ severity: 'error', code: 'unparseable', message: `${name} is not valid JSON: ${(error as Error).message}`, file: name });
      return null;
    }
    const list = Array.isArray(parsed) ? parsed : firstArrayIn(parsed);
    if (!list) {
      ctx.fileDiagnostic({ severity: 'error', code: 'unparseable', message: `${name} is JSON but holds no array of records`, file: name });
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
        malformed.push({ row: i + 1, message: `this line is not valid JSON (${(error as Error).message})` });
      }
    });
  }
  const headers: string[] = [];
  const index = new Map<string, number>();
  const good: { row: number; value: Record<string, unknown> }[] = [];
  for (const r of records) {
    if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
      malformed.push({ row: r.row, message: 'this record is not a JSON object' });
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
  for (const m of malformed) {
    await ctx.addRowFindings(`SELECT ?, ?, 'error', 'malformed-row', NULL, ?, true`, [fileIndex, m.row, m.message]);
  }
  if (records.length === 0 && malformed.length === 0) {
    ctx.fileDiagnostic({ severity: 'error', code: 'empty-file', message: `${name} holds no records`, file: name });
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

async function parquetToIPC(bytes: Uint8Array, source: ParquetWasmSource | undefined): Promise<Uint8Array> {
  const parquet = await loadParquetWasm(source);
  const table = parquet.readParquet(bytes);
  return table.intoIPCStream();
}

/** Arrow IPC file format → stream format (DuckDB takes streams). */
function arrowToStream(bytes: Uint8Array): Uint8Array {
  if (!isArrowFile(bytes)) return bytes;
  return tableToIPC(tableFromIPC(bytes), 'stream');
}

async function stageArrow(ctx: LoadContext, ipc: Uint8Array, format: SourceFormat, fileIndex: number): Promise<StagedFile> {
  const raw = ctx.table(`raw${fileIndex}`);
  await ctx.connector.insertArrowIPC(unquote(raw), ipc, { create: true });
  const described = tableToRows<{ column_name: string; column_type: string }>(await ctx.connector.query(`DESCRIBE ${raw}`));
  const headers = described.map((d) => d.column_name);
  const stage = ctx.table(`stage${fileIndex}`);
  // Whole floats as integers ("8", not "8.0"): the text is kept as confidence_raw.
  const asText = (h: string, type: string) => {
    const c = quoteIdentifier(h);
    return /^(FLOAT|DOUBLE|REAL)$/.test(type)
      ? `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`
      : `CAST(${c} AS VARCHAR)`;
  };
  const cols = described.map((d, i) => `${asText(d.column_name, d.column_type)} AS ${quoteIdentifier(`c${i}`)}`).join(', ');
  await ctx.connector.query(
    `CREATE TABLE ${stage} AS SELECT (rowid + 1)::INTEGER AS __row${cols ? ', ' + cols : ''} FROM ${raw}`,
  );
  await ctx.drop(raw);
  const count = Number((await ctx.connector.query(`SELECT count(*) AS n FROM ${stage}`)).getChild('n')?.get(0) ?? 0);
  return { stage, headers, format, inputRows: count, workTables: [stage] };
}

// ---------------------------------------------------------------- helpers

/** The bare name inside a quoted identifier (for APIs that take a name, not SQL). */
export function unquote(quoted: string): string {
  return quoted.slice(1, -1).replaceAll('""', '"');
}
