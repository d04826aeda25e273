import { Precision, Type, type Data, type Table, type Field, type Vector } from 'apache-arrow';

/** A plain row: what elements and layouts consume. */
export type PlainRow = Record<string, string | number | boolean | null>;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** ISO date (YYYY-MM-DD) of a UTC epoch in milliseconds. */
export function isoDateFromEpochMs(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function convert(field: Field, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (field.type.typeId) {
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond: {
      const ms = value instanceof Date ? value.getTime() : Number(value);
      return isoDateFromEpochMs(ms);
    }
    case Type.Timestamp:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond:
    case Type.TimestampSecond: {
      const ms = value instanceof Date ? value.getTime() : Number(value);
      return new Date(ms).toISOString();
    }
    default:
      break;
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  // Decimals and other wrappers: their primitive form.
  const prim = (value as { valueOf(): unknown }).valueOf();
  if (typeof prim === 'number' || typeof prim === 'string') return prim;
  if (typeof prim === 'bigint') return Number(prim);
  return String(value);
}

type Cell = string | number | boolean | null;

const utf8 = new TextDecoder();

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount <= 0 || !bitmap) return true;
  const pos = data.offset + i;
  return (bitmap[pos >> 3]! & (1 << (pos & 7))) !== 0;
}

/**
 * A UTF-8 column chunk as strings: one decode for the whole chunk, then
 * slices at each value's UTF-16 offset (computed from the bytes in one walk),
 * instead of one `TextDecoder` call per value.
 */
function utf8Strings(data: Data, out: Cell[], at: number): void {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const n = data.length;
  if (n === 0) return;
  const first = offsets[0]!;
  const last = offsets[n]!;
  const whole = utf8.decode(bytes.subarray(first, last));
  // UTF-16 position of every value boundary: each non-continuation byte starts
  // a code point; a 4-byte sequence is two UTF-16 units.
  const starts = new Int32Array(n + 1);
  let unit = 0;
  let b = first;
  for (let i = 0; i <= n; i++) {
    const end = offsets[i]!;
    for (; b < end; b++) {
      const byte = bytes[b]!;
      if ((byte & 0xc0) !== 0x80) unit += byte >= 0xf0 ? 2 : 1;
    }
    starts[i] = unit;
  }
  if (unit !== whole.length) {
    // Not valid UTF-8 (the decoder substituted characters): decode value by value, as Arrow does.
    for (let i = 0; i < n; i++) {
      out[at + i] = isValid(data, i) ? utf8.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!)) : null;
    }
    return;
  }
  for (let i = 0; i < n; i++) out[at + i] = isValid(data, i) ? whole.slice(starts[i]!, starts[i + 1]!) : null;
}

/** One column's cells, read straight from its buffers for the common types; null when there is no fast path. */
function fastColumn(field: Field, column: Vector, length: number): Cell[] | null {
  const type = field.type;
  const typeId = type.typeId as Type;
  const fast =
    typeId === Type.Utf8 ||
    typeId === Type.Int ||
    typeId === Type.Bool ||
    (typeId === Type.Float && (type as { precision: Precision }).precision !== Precision.HALF) ||
    (typeId === Type.Date && (type as { unit: number }).unit === 0 /* DateUnit.DAY */);
  if (!fast) return null;
  const out: Cell[] = new Array(length);
  let at = 0;
  for (const data of column.data) {
    const n = data.length;
    if (typeId === Type.Utf8) {
      utf8Strings(data, out, at);
    } else if (typeId === Type.Bool) {
      const bits = data.values as Uint8Array;
      for (let i = 0; i < n; i++) {
        const pos = data.offset + i;
        out[at + i] = isValid(data, i) ? (bits[pos >> 3]! & (1 << (pos & 7))) !== 0 : null;
      }
    } else if (typeId === Type.Date) {
      // Days since the epoch; dates repeat a lot, so format each distinct day once.
      const days = data.values as Int32Array;
      const seen = new Map<number, string>();
      for (let i = 0; i < n; i++) {
        if (!isValid(data, i)) {
          out[at + i] = null;
          continue;
        }
        const day = days[i]!;
        let iso = seen.get(day);
        if (iso === undefined) seen.set(day, (iso = isoDateFromEpochMs(86400000 * day)));
        out[at + i] = iso;
      }
    } else {
      // Int (64-bit ones as BigInt, made numbers) and Float.
      const values = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < n; i++) {
        if (!isValid(data, i)) {
          out[at + i] = null;
          continue;
        }
        const v = values[i]!;
        out[at + i] = typeof v === 'bigint' ? Number(v) : v;
      }
    }
    at += n;
  }
  return out;
}

/**
 * Arrow table → plain objects, column-wise (much faster than `table.toArray()`
 * proxies): BigInt becomes number, dates become ISO strings. Strings, numbers,
 * booleans and day dates are read from the column buffers directly; other
 * types go through Arrow's own accessors.
 */
export function tableToRows<T = PlainRow>(table: Table): T[] {
  const n = table.numRows;
  const names: string[] = [];
  const columns: Cell[][] = [];
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name);
    if (!column) continue;
    let cells = fastColumn(field, column, n);
    if (!cells) {
      cells = new Array(n);
      let i = 0;
      for (const v of column) cells[i++] = convert(field, v);
    }
    names.push(field.name);
    columns.push(cells);
  }
  // Row by row from a template with every key: each row starts with the
  // final shape (no property-by-property growth), and stores stay local.
  const template: Record<string, Cell> = {};
  for (const name of names) template[name] = null;
  const plainKeys = names.every((name) => name !== '__proto__');
  const rows: Record<string, Cell>[] = new Array(n);
  const width = names.length;
  for (let i = 0; i < n; i++) {
    const row: Record<string, Cell> = plainKeys ? { ...template } : {};
    for (let c = 0; c < width; c++) row[names[c]!] = columns[c]![i]!;
    rows[i] = row;
  }
  return rows as T[];
}
