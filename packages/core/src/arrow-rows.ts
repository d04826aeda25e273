import { Type, type Table, type Field } from 'apache-arrow';

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

/**
 * Arrow table → plain objects, column-wise (much faster than `table.toArray()`
 * proxies): BigInt becomes number, dates become ISO strings.
 */
export function tableToRows<T = PlainRow>(table: Table): T[] {
  const n = table.numRows;
  const rows: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name);
    if (!column) continue;
    let i = 0;
    for (const v of column) {
      rows[i]![field.name] = convert(field, v);
      i++;
    }
  }
  return rows as T[];
}
