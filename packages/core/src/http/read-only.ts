/**
 * The read-only guard of `plumb serve`: accept one SELECT, WITH, DESCRIBE or
 * SUMMARIZE statement and nothing else. It is a guard against mistakes on a
 * trusted network, not a sandbox: it parses conservatively (refusing what it
 * does not understand) and the server adds DuckDB's own locks on top
 * (`enable_external_access = false`, `lock_configuration = true`).
 */

const ALLOWED_FIRST_WORDS = new Set(['SELECT', 'WITH', 'DESCRIBE', 'SUMMARIZE']);

// Words that only appear in statements that change something (or the session).
// `WITH … INSERT` is valid DuckDB, so a leading WITH alone proves nothing.
const WRITE_WORDS = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'UPSERT', 'MERGE', 'TRUNCATE', 'CREATE', 'DROP', 'ALTER', 'COPY',
  'ATTACH', 'DETACH', 'USE', 'PRAGMA', 'SET', 'RESET', 'INSTALL', 'LOAD', 'FORCE', 'EXPORT', 'IMPORT',
  'CALL', 'CHECKPOINT', 'VACUUM', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'BEGIN', 'COMMIT', 'ROLLBACK',
  'ABORT', 'TRANSACTION', 'GRANT', 'REVOKE', 'COMMENT',
]);

const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The statement with comments removed and every string literal and quoted
 * identifier replaced by a neutral token, or a refusal reason. Anything
 * ambiguous (prefixed or dollar-quoted strings, nested or unterminated
 * comments and quotes) is refused rather than guessed at.
 */
function codeOnly(sql: string): { code: string } | { refusal: string } {
  let code = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      if (c === "'" && i > 0 && WORD_CHAR.test(sql[i - 1]!)) {
        return { refusal: "prefixed string literals (E'…', X'…') are not accepted by a read-only server" };
      }
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return { refusal: `unterminated ${c === "'" ? 'string literal' : 'quoted identifier'}` };
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2; // doubled quote: an escaped quote inside
          else break;
        } else j++;
      }
      code += c === "'" ? " '' " : ' _quoted_identifier_ ';
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      code += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return { refusal: 'unterminated block comment' };
      if (sql.slice(i + 2, end).includes('/*')) return { refusal: 'nested block comments are not accepted' };
      i = end + 2;
      code += ' ';
    } else if (c === '$') {
      return { refusal: 'dollar-quoted strings and $n parameters are not accepted (use ? parameters)' };
    } else {
      code += c;
      i++;
    }
  }
  return { code };
}

/**
 * Why a read-only server refuses `sql`, or null when it is one SELECT, WITH,
 * DESCRIBE or SUMMARIZE statement that names no writing keyword.
 */
export function readOnlyRefusal(sql: string): string | null {
  const scanned = codeOnly(sql);
  if ('refusal' in scanned) return scanned.refusal;
  const code = scanned.code.trim().replace(/;\s*$/, '');
  if (code.includes(';')) return 'only one statement per request (no ";"-separated statements)';
  const first = /^[A-Za-z_]+/.exec(code)?.[0]?.toUpperCase();
  if (!first || !ALLOWED_FIRST_WORDS.has(first)) {
    return `only SELECT, WITH, DESCRIBE or SUMMARIZE statements are allowed, not ${first ? first : JSON.stringify(code.slice(0, 20))}`;
  }
  for (const word of code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    const upper = word.toUpperCase();
    if (WRITE_WORDS.has(upper)) return `the keyword ${upper} is not allowed`;
  }
  return null;
}
