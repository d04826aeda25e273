import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../src/node/index.js';
import { createSchema, queryRows, quoteIdentifier, CANONICAL_TABLES } from '../src/index.js';

describe('NodeConnector (real DuckDB-WASM, blocking build)', () => {
  const db = new NodeConnector();
  afterAll(() => db.close());

  it('shares one start-up between concurrent first calls and answers both', async () => {
    const [a, b] = await Promise.all([db.query('SELECT 1 AS x'), db.query('SELECT 2 AS x')]);
    expect(a.getChild('x')?.get(0)).toBe(1);
    expect(b.getChild('x')?.get(0)).toBe(2);
  });

  it('takes parameters as values, never as SQL', async () => {
    const hostile = "x'); DROP TABLE people; --";
    const rows = await queryRows<{ s: string; n: number }>(db, 'SELECT ? AS s, ? AS n', [hostile, 41.5]);
    expect(rows).toEqual([{ s: hostile, n: 41.5 }]);
    // A NUL character cannot be a literal: such text still goes as a bound parameter.
    expect(await queryRows(db, 'SELECT length(?) AS n', ['a\u0000b'])).toEqual([{ n: 3 }]);
  });

  it('reads parameters back exactly and typed as bound ones (numbers DOUBLE, text by its context)', async () => {
    const numbers = [0.1, 1 / 3, 1e-300, 2 ** 53 + 2, -5, 1e21, -2.5e-7];
    const rows = await queryRows<Record<string, unknown>>(
      db,
      `SELECT ${numbers.map((_, i) => `? AS n${i}`).join(', ')}, typeof(?) AS t, ? // 2 AS half, ? AS nothing, ? AS yes,
              DATE '2026-01-05' > ? AS later, ? AS nan, 10 - ? AS minus`,
      [...numbers, 7, 3, null, true, '2026-01-04', Number.NaN, -3],
    );
    expect(rows).toEqual([{ ...Object.fromEntries(numbers.map((n, i) => [`n${i}`, n])), t: 'DOUBLE', half: 1.5, nothing: null, yes: true, later: true, nan: null, minus: 13 }]);
  });

  it('leaves question marks and dollar signs in strings, quoted names and comments alone', async () => {
    // DuckDB refuses ? and $n in one statement, and so does the inlining.
    await expect(db.query(`SELECT ? AS a, $1 AS again`, ['x'])).rejects.toThrow(/mixes/);
    expect(await queryRows(db, `SELECT '?' || $1 AS "what?", 'it''s $1 ?' AS s, $1 || $2 AS both -- a comment? $3\n /* and ? here */`, ['x', 'y']))
      .toEqual([{ 'what?': '?x', s: "it's $1 ?", both: 'xy' }]);
    expect(await queryRows(db, `SELECT '?' || ? AS "what?", ? AS b -- more? \n /* ? */`, ['x', 2])).toEqual([{ 'what?': '?x', b: 2 }]);
    await expect(db.query('SELECT ? AS a, ? AS b', ['x'])).rejects.toThrow(/placeholders/);
  });

  it('creates the canonical schema and returns counts as numbers, dates as ISO text', async () => {
    await createSchema(db);
    const tables = await queryRows<{ name: string }>(db, 'SELECT table_name AS name FROM information_schema.tables ORDER BY 1');
    expect(tables.map((t) => t.name)).toEqual([...CANONICAL_TABLES].sort());
    await db.query(`INSERT INTO ${quoteIdentifier('cycles')} VALUES (?, ?, ?, ?::DATE, ?::DATE)`, ['2026-Q1', 'Q1', 'okr', '2026-01-01', '2026-03-31']);
    const rows = await queryRows(db, 'SELECT cycle_id, start_date, count(*) OVER () AS n FROM cycles');
    expect(rows).toEqual([{ cycle_id: '2026-Q1', start_date: '2026-01-01', n: 1 }]);
  });

  it('refuses to fetch extensions instead of hanging on the network', async () => {
    await expect(db.query("SELECT * FROM read_parquet('nowhere.parquet')")).rejects.toThrow();
  });

  it('rejects calls after close', async () => {
    const other = new NodeConnector();
    await other.query('SELECT 1');
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});

describe('insertRows', () => {
  const db = new NodeConnector();
  afterAll(() => db.close());

  it('appends plain rows to a canonical table with nulls and dates', async () => {
    const { insertRows } = await import('../src/insert.js');
    await createSchema(db);
    await insertRows(db, 'check_ins', [
      { key_result_id: 'kr1', checked_at: '2026-01-08', confidence: 0.7, note: "it's <b>fine</b>" },
      { key_result_id: 'kr1', checked_at: '2026-01-15', confidence: null },
    ]);
    const rows = await queryRows(db, 'SELECT key_result_id, checked_at, confidence, note, value FROM check_ins ORDER BY checked_at');
    expect(rows).toEqual([
      { key_result_id: 'kr1', checked_at: '2026-01-08', confidence: 0.7, note: "it's <b>fine</b>", value: null },
      { key_result_id: 'kr1', checked_at: '2026-01-15', confidence: null, note: null, value: null },
    ]);
  });
});
