import { tableToIPC, Table, type Vector } from 'apache-arrow';
import { float64Vector, utf8Vector } from './arrow-build.js';
import type { Connector } from './connector.js';
import { SCHEMA, isSessionTable, type CanonicalRows, type CanonicalTable } from './schema.js';
import { quoteIdentifier } from './sql.js';
import { invalidateDerived, invalidateSession } from './queries/derived.js';

let stagingCounter = 0;

/**
 * An Arrow table built by another copy of apache-arrow than the one @plumb/core
 * imports is not `instanceof Table` here, and Arrow's IPC writer then writes an
 * empty stream: the table would load as zero rows with no error. Say so instead.
 */
export function assertOwnArrowTable(data: unknown, table: string): asserts data is Table {
  if (data instanceof Table) return;
  const looksLikeArrow = !!data && typeof data === 'object' && 'schema' in data && 'batches' in data && 'numRows' in data;
  if (!looksLikeArrow) throw new TypeError(`Rows for "${table}" must be an array of objects or an Apache Arrow Table.`);
  throw new TypeError(
    `The Arrow table for "${table}" was made by a different copy of apache-arrow than @plumb/core uses, ` +
      'so its rows cannot be read (two copies of apache-arrow are installed). Keep one apache-arrow ^17 in your app: ' +
      'npm dedupe; with pnpm, "pnpm": { "overrides": { "apache-arrow": "17.0.0" } }; with vite, resolve.dedupe: ["apache-arrow"] ' +
      '(the @plumb/elements/vite plugin sets it).',
  );
}

/**
 * Append plain rows to a canonical table. Rows go in as one Arrow IPC batch
 * (text for text and date columns, float64 for numbers) into a staging table,
 * then `INSERT … BY NAME` with DuckDB's casts; no value is spliced into SQL.
 * Missing keys are null.
 */
export async function insertRows<T extends CanonicalTable>(
  connector: Connector,
  table: T,
  rows: readonly Partial<CanonicalRows[T]>[],
  options: InsertOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const spec = SCHEMA[table];
  const columns: Record<string, Vector> = {};
  for (const col of spec.columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[col.name]);
    columns[col.name] =
      col.type === 'DOUBLE' || col.type === 'INTEGER'
        ? float64Vector(values.map((v) => (v === null || v === undefined ? null : Number(v))))
        : utf8Vector(values.map((v) => (v === null || v === undefined ? null : String(v))));
  }
  await insertArrowTable(connector, table, new Table(columns), options);
}

export interface InsertOptions {
  /**
   * The caller brings what was derived up to date itself (the session store applies appended events as a
   * delta): nothing is invalidated here.
   */
  keepDerived?: boolean;
}

/** Append an Arrow table whose column names are canonical column names (any subset). */
export async function insertArrowTable(connector: Connector, table: CanonicalTable, data: Table, options: InsertOptions = {}): Promise<void> {
  assertOwnArrowTable(data, table);
  const staging = `__plumb_staging_${++stagingCounter}`;
  await connector.insertArrowIPC(staging, tableToIPC(data, 'stream'), { create: true });
  try {
    const names = data.schema.fields.map((f) => quoteIdentifier(f.name)).join(', ');
    await connector.query(
      `INSERT INTO ${quoteIdentifier(table)} (${names}) SELECT ${names} FROM ${quoteIdentifier(staging)}`,
    );
  } finally {
    await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`);
    // A session's log only moves the calibrated stage: keep people, blocks and pseudonyms.
    if (!options.keepDerived) (isSessionTable(table) ? invalidateSession : invalidateDerived)(connector);
  }
}
