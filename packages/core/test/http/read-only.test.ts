import { describe, expect, it } from 'vitest';
import { readOnlyRefusal } from '../../src/http/read-only.js';

describe('readOnlyRefusal (the read-only guard of plumb serve)', () => {
  it.each([
    'SELECT 1',
    'select * from people where name = ?;',
    '  WITH t AS (SELECT 1 AS x) SELECT x FROM t  ;  ',
    'DESCRIBE people',
    'SUMMARIZE key_results',
    "SELECT 'DROP TABLE people; --' AS s, \"delete\" FROM \"my;table\"",
    "SELECT 'it''s' -- trailing comment; DROP TABLE people\n",
    'SELECT /* a comment; with ; semicolons */ 1',
    'SELECT updated_at, settings, droplets FROM t',
  ])('accepts %j', (sql) => {
    expect(readOnlyRefusal(sql)).toBeNull();
  });

  it.each([
    ['DROP TABLE people', /only SELECT, WITH, DESCRIBE or SUMMARIZE .* not DROP/],
    ['INSERT INTO people VALUES (1)', /not INSERT/],
    ['SELECT 1; DROP TABLE people', /only one statement/],
    ['SELECT 1;; ', /only one statement/],
    ['WITH x AS (SELECT 1) INSERT INTO people SELECT * FROM x', /INSERT is not allowed/],
    ["SELECT * FROM read_csv('x.csv'); COPY people TO 'out.csv'", /only one statement/],
    ['SELECT 1 /* unterminated', /unterminated block comment/],
    ['SELECT 1 /* /* nested */ ; DROP TABLE people */', /nested block comments/],
    ["SELECT 'unterminated", /unterminated string literal/],
    ['SELECT "unterminated', /unterminated quoted identifier/],
    // DuckDB reads these as two statements; a scanner unaware of dollar quotes or
    // backslash escapes would see one string. Both forms are refused outright.
    ["SELECT $$'$$; DROP TABLE people; SELECT $$'$$", /dollar-quoted/],
    ["SELECT E'\\''; DROP TABLE people; SELECT ''''", /prefixed string literals/],
    ['PRAGMA database_list', /not PRAGMA/],
    ['SET enable_external_access = true', /not SET/],
    ['(SELECT 1)', /only SELECT/],
    ['', /only SELECT/],
  ])('refuses %j', (sql, reason) => {
    expect(readOnlyRefusal(sql)).toMatch(reason);
  });
});
