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
