/**
 * The one quoting helper. Values reach SQL as prepared-statement parameters
 * wherever DuckDB allows them; identifiers (table and column names, which
 * cannot be parameters) and the rare literal in DDL go through these two
 * functions and nowhere else.
 */

/** Quote an identifier (table or column name) for DuckDB: `"a""b"`. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error(`identifier contains a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for DuckDB: `'it''s'`. Prefer parameters; use this only where DuckDB takes no parameter (file names in read_csv, DDL). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error(`literal contains a NUL character: ${JSON.stringify(value)}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** Values a query may take as parameters. */
export type SqlParam = string | number | boolean | null;

/** The separator `listParam` joins with (U+001F, the unit separator): never part of an id. */
export const LIST_SEPARATOR = '\u001f';

/**
 * A list of text values bound as ONE parameter (DuckDB-WASM's prepared statements take no arrays, and
 * the json extension is not built in): bind `listParam(values)` and write `inList('?')` where the list
 * goes, e.g. `WHERE key_result_id IN ${inList('?')}`. An empty list matches nothing.
 */
export function listParam(values: readonly string[]): string | null {
  for (const v of values) {
    if (v.includes(LIST_SEPARATOR)) throw new Error(`value contains the list separator U+001F: ${JSON.stringify(v)}`);
  }
  return values.length === 0 ? null : values.join(LIST_SEPARATOR);
}

/** The SQL subquery that unpacks a `listParam` placeholder (`?` or `$n`). */
export function inList(placeholder: string): string {
  return `(SELECT unnest(string_split(${placeholder}, chr(31))))`;
}

/** `inList` for a list of whole numbers (`listParam(numbers.map(String))`): the values as INTEGER. */
export function inIntegerList(placeholder: string): string {
  return `(SELECT CAST(p AS INTEGER) FROM unnest(string_split(${placeholder}, chr(31))) AS u(p))`;
}
