/**
 * Parameters carried in a session variable instead of bound to the statement, so DuckDB plans a
 * statement once instead of twice.
 *
 * Why: DuckDB 1.4 never reuses the plan of a prepared statement that reads a table (its
 * `CanCachePlan` is false for a plan with a table scan; duckdb/duckdb#17237), so `prepare` plans it
 * and `run` plans it again — for Plumb's large statements tens of milliseconds each time. Instead the
 * values are bound to one tiny prepared statement, `SET VARIABLE plumb_params = {'p1': ?, …}`
 * (prepared once per number of values and kept), and the statement itself runs without parameters,
 * each placeholder rewritten to `getvariable('plumb_params').p1`. No value ever enters SQL text: the
 * text rewritten is the caller's, placeholder by placeholder.
 *
 * The catch: a bound parameter takes its type from its context (`d > ?` against a DATE compares
 * dates), a field of the variable has its value's type (text is VARCHAR, every number DOUBLE, null a
 * VARCHAR null), so a placeholder whose context is not text, number or boolean needs an explicit
 * cast in the statement: `CAST(? AS DATE)`, `?::DATE[]`.
 */

import type { SqlParam } from './sql.js';

/** The connection's variable the values ride in. */
export const PARAMS_VARIABLE = 'plumb_params';

/** The SQL type a value rides in the variable as: every number a DOUBLE, a boolean a BOOLEAN, text and null VARCHAR. */
export type ParamType = 'VARCHAR' | 'DOUBLE' | 'BOOLEAN';

export function paramType(value: SqlParam): ParamType {
  return typeof value === 'number' ? 'DOUBLE' : typeof value === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
}

/**
 * The statement binding values into the variable (prepare it once per count, or per list of `types`, and run it with
 * the values). With `types`, each field is cast to its type: native DuckDB types an untyped null field INTEGER, and a
 * null then fails against text (`string_split(INTEGER, …)`, or a text column cast to INTEGER for IS NOT DISTINCT FROM).
 */
export function setParamsSql(count: number, types?: readonly ParamType[]): string {
  const fields = Array.from({ length: count }, (_, i) => `'p${i + 1}': ?${types ? `::${types[i]}` : ''}`);
  return `SET VARIABLE ${PARAMS_VARIABLE} = {${fields.join(', ')}}`;
}

/**
 * `sql` with its placeholders (`?` in order, or `$1`…`$n`) read from the variable, or null when the
 * statement is better run as a prepared statement: it reads no table (no FROM — its plan is reused,
 * as in `INSERT … VALUES (?, ?)` or `SELECT ?::DATE`), its placeholders do not match `count` values,
 * or it mixes `?` with `$n`. Placeholders inside string literals, quoted identifiers and comments are
 * not placeholders and stay as they are.
 */
export function paramsFromVariable(sql: string, count: number): string | null {
  if (count === 0) return null;
  const found = scanPlaceholders(sql);
  if (!found.readsTable || found.placeholders.length === 0) return null;
  const positional = found.placeholders.filter((p) => p.number === null).length;
  if (positional > 0 && positional < found.placeholders.length) return null;
  const numbers = found.placeholders.map((p, i) => p.number ?? i + 1);
  if (positional > 0 ? positional !== count : Math.max(...numbers) !== count || new Set(numbers).size !== count) return null;
  let out = '';
  let at = 0;
  found.placeholders.forEach((p, i) => {
    // Spaces around: the reference never joins a neighbouring word (`IN?` or `-?`).
    out += `${sql.slice(at, p.start)} getvariable('${PARAMS_VARIABLE}').p${numbers[i]} `;
    at = p.end;
  });
  return out + sql.slice(at);
}

interface Placeholder {
  start: number;
  end: number;
  /** n of `$n`; null for `?`. */
  number: number | null;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * The placeholders of a DuckDB statement and whether a FROM keyword occurs, skipping string literals
 * (`'…'` with `''`, `E'…'` with backslash escapes, `$tag$…$tag$`), quoted identifiers (`"…"`) and
 * comments (`-- …`, nested `/* … *\/`).
 */
export function scanPlaceholders(sql: string): { placeholders: Placeholder[]; readsTable: boolean } {
  const placeholders: Placeholder[] = [];
  let readsTable = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'") {
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && (i < 2 || !WORD.test(sql[i - 2]!));
      i = endOfQuoted(sql, i, "'", escapes);
    } else if (c === '"') {
      i = endOfQuoted(sql, i, '"', false);
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; }
        else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
    } else if (c === '?') {
      placeholders.push({ start: i, end: i + 1, number: null });
      i++;
    } else if (c === '$' && (i === 0 || !WORD.test(sql[i - 1]!))) {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      const tag = digits ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (digits) {
        placeholders.push({ start: i, end: i + digits[0].length, number: Number(digits[1]) });
        i += digits[0].length;
      } else if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else i++;
    } else if (WORD.test(c)) {
      let j = i + 1;
      while (j < n && WORD.test(sql[j]!)) j++;
      if (j - i === 4 && sql.slice(i, j).toLowerCase() === 'from') readsTable = true;
      i = j;
    } else i++;
  }
  return { placeholders, readsTable };
}

/** The index just past the quoted run opening at `start` (doubled quotes, and backslashes when `escapes`, stay inside). */
function endOfQuoted(sql: string, start: number, quote: string, escapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (escapes && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
