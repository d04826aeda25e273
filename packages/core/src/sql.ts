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

/**
 * A parameter as a literal that DuckDB types exactly as it types the parameter: text as a string literal
 * (typed by its context, like a parameter: `d > '2026-01-03'` compares dates), a number as a DOUBLE
 * literal in exponent form (DuckDB-WASM passes every number as a DOUBLE: `range(0, ?)` fails either way),
 * NULL for null and for a non-finite number (which reaches the engine as JSON null).
 */
function paramLiteral(value: SqlParam): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'NULL';
    // toExponential() without digits is the shortest text that reads back as the same double.
    return `(${value.toExponential()})`;
  }
  return quoteLiteral(value);
}

/**
 * `sql` with its `?` and `$n` placeholders replaced by the parameters as literals (`paramLiteral`),
 * skipping string literals, quoted identifiers and comments. DuckDB-WASM 1.4 binds and plans a prepared
 * statement that reads a table again when it runs, so a parameterised query planned twice; inlined it
 * is planned once and costs one call to the worker instead of two. Throws when the count of
 * placeholders and parameters differ (as the engine would).
 */
export function inlineParams(sql: string, params: readonly SqlParam[]): string {
  let out = '';
  let next = 0;
  let numbered = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '?') {
      if (next >= params.length) throw new Error(`the query has more placeholders than its ${params.length} parameters`);
      out += paramLiteral(params[next++]!);
      i++;
    } else if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql[j]!)) j++;
      const index = Number(sql.slice(i + 1, j)) - 1;
      if (index < 0 || index >= params.length) throw new Error(`the query names parameter $${index + 1} but has ${params.length}`);
      numbered = true;
      out += paramLiteral(params[index]!);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  if (numbered && next > 0) throw new Error('the query mixes ? and $n placeholders');
  if (!numbered && next !== params.length) throw new Error(`the query has ${next} placeholders for ${params.length} parameters`);
  return out;
}

/** Whether `inlineParams` can write every parameter as a literal (no text holds a NUL character). */
export function inlinable(params: readonly SqlParam[]): boolean {
  return params.every((p) => typeof p !== 'string' || !p.includes('\u0000'));
}
