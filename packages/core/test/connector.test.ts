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

  it('binds parameters instead of splicing them into SQL', async () => {
    const hostile = "x'); DROP TABLE people; --";
    const rows = await queryRows<{ s: string; n: number }>(db, 'SELECT ? AS s, ? AS n', [hostile, 41.5]);
    expect(rows).toEqual([{ s: hostile, n: 41.5 }]);
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
