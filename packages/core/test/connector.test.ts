import { afterAll, describe, expect, it } from 'vitest';
import { BusyError, NativeConnector, NodeConnector } from '../src/node/index.js';
import type { Connector } from '../src/index.js';
import { createSchema, inList, listParam, queryRows, quoteIdentifier, CANONICAL_TABLES } from '../src/index.js';
import { paramsFromVariable } from '../src/parameters-variable.js';
import { tableToRows } from '../src/arrow-rows.js';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

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

  it('runs a statement that reads a table with its values in a variable: same rows as bound parameters', () => sameRowsBothWays(db));

  it('does the same on native DuckDB, overlapping calls on its one main connection included', async () => {
    const native = new NativeConnector();
    try {
      await sameRowsBothWays(native);
    } finally {
      await native.close();
    }
  });

  it('rewrites placeholders only, outside literals, identifiers and comments', () => {
    const v = (n: number) => ` getvariable('plumb_params').p${n} `;
    expect(paramsFromVariable("SELECT '?', E'\\'?', $$ ? $$, \"a?\", a$1 FROM t WHERE x = ? /* ? /* ? */ ? */ -- ?", 1))
      .toBe(`SELECT '?', E'\\'?', $$ ? $$, "a?", a$1 FROM t WHERE x = ${v(1)} /* ? /* ? */ ? */ -- ?`);
    expect(paramsFromVariable('SELECT $2 - $1 FROM t', 2)).toBe(`SELECT ${v(2)} - ${v(1)} FROM t`);
    expect(paramsFromVariable('SELECT ?::DATE', 1)).toBeNull(); // reads no table: its plan is reused
    expect(paramsFromVariable('SELECT ? FROM t', 2)).toBeNull(); // miscounted: DuckDB says so
    expect(paramsFromVariable('SELECT ?, $1 FROM t', 2)).toBeNull();
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

describe("NativeConnector's connections beside the main one", () => {
  it('refuses a statement when every reader is busy, and takes the reader back once its statement is interrupted', async () => {
    const native = new NativeConnector({ readers: 1 });
    try {
      const stop = new AbortController();
      const runaway = native.queryWithin('SELECT sum(i) FROM range(100000000000) t(i)', [], { signal: stop.signal });
      await new Promise((r) => setTimeout(r, 200));
      await expect(native.queryWithin('SELECT 1 AS n', [])).rejects.toBeInstanceOf(BusyError);
      stop.abort();
      await expect(runaway).rejects.toThrow();
      expect(tableToRows(await native.queryWithin('SELECT 2 AS n', []))).toEqual([{ n: 2 }]);
    } finally {
      await native.close();
    }
  });

  it('stops a statement whose client left just as it was handed to DuckDB (the interrupt is not lost)', async () => {
    const native = new NativeConnector({ readers: 1 });
    try {
      await native.queryWithin('SELECT 1', []);
      for (let round = 0; round < 30; round++) {
        const stop = new AbortController();
        const runaway = native.queryWithin('SELECT sum(i) FROM range(100000000000) t(i)', [], { signal: stop.signal });
        // Abort in the turn the statement is handed over: before DuckDB has begun it.
        await Promise.resolve();
        await Promise.resolve();
        stop.abort();
        const ended = await Promise.race([runaway.then(() => 'finished', () => 'stopped'), new Promise((r) => setTimeout(() => r('still running'), 3000))]);
        expect(ended, `round ${round}`).toBe('stopped');
      }
    } finally {
      await native.close();
    }
  });

  it('runs overlapping statements and appends on its main connection one after another, none closing another one\'s result', async () => {
    // A session write appends its event while a background rebuild runs statements with values: an append
    // flushed between a prepared statement's start and its execution closed that statement's result
    // ("Attempting to execute an unsuccessful or closed pending query result"), about one round in four.
    const native = new NativeConnector();
    try {
      await native.query('CREATE TABLE t AS SELECT i FROM range(100000) r(i); CREATE TABLE ev (a VARCHAR, b DOUBLE)');
      const ipc = tableToIPC(tableFromArrays({ a: Array.from({ length: 200 }, (_, i) => `x${i}`), b: Float64Array.from({ length: 200 }, (_, i) => i) }));
      const counted: number[] = [];
      for (let round = 0; round < 15; round++) {
        const work = Array.from({ length: 30 }, (_, k) =>
          k % 3 === 0 ? queryRows<{ n: number }>(native, 'SELECT count(*)::INTEGER AS n FROM t WHERE i % 7 = ?', [k % 7]).then((rows) => void counted.push(rows[0]!.n)) : native.insertArrowIPC('ev', ipc),
        );
        await Promise.all(work);
      }
      expect(counted.slice(0, 10)).toEqual([0, 3, 6, 2, 5, 1, 4, 0, 3, 6].map((r) => Math.floor((100000 - 1 - r) / 7) + 1));
      expect(await queryRows(native, 'SELECT count(*)::INTEGER AS n FROM ev')).toEqual([{ n: 15 * 20 * 200 }]);
    } finally {
      await native.close();
    }
  });

  it('queues named-query statements for a pooled connection instead of refusing them', async () => {
    const native = new NativeConnector({ connections: 1 });
    try {
      const answers = await Promise.all([1, 2, 3].map((n) => native.runPooled(() => queryRows<{ n: number }>(native, 'SELECT ? AS n FROM range(1)', [n]))));
      expect(answers).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    } finally {
      await native.close();
    }
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

/** One statement with its values in every kind and place, on `db`: the rows counted by hand. */
async function sameRowsBothWays(db: Connector): Promise<void> {
  await db.query(`CREATE TABLE params_t AS SELECT * FROM (VALUES
    ('a', 1.5, true, DATE '2026-01-05', 'it''s'), ('b', 2.0, false, DATE '2026-02-01', NULL), ('c', NULL, NULL, NULL, '?')) v(k, x, ok, d, note)`);
  // Text, DOUBLE, BOOLEAN, NULL, a date through an explicit cast, `$n` used twice, and a `?` in a literal,
  // a comment and a quoted identifier that must stay what they are.
  const sql = `SELECT k, x * $2 AS y, note = '?' AS asks, 1 AS "why?" /* $1 ? */ FROM params_t -- ?
    WHERE (k <> $1 OR $1 IS NULL) AND (ok = $3 OR $3 IS NULL) AND (d >= CAST($4 AS DATE) OR $4 IS NULL) ORDER BY k`;
  expect(paramsFromVariable(sql, 4)).not.toBeNull();
  const expected = (rows: string[], factor: number) =>
    [{ k: 'a', x: 1.5 }, { k: 'b', x: 2 }, { k: 'c', x: null }]
      .filter((r) => rows.includes(r.k))
      .map((r) => ({ k: r.k, y: r.x === null ? null : r.x * factor, asks: r.k === 'c' ? true : r.k === 'a' ? false : null, 'why?': 1 }));
  expect(await queryRows(db, sql, ['b', 2, null, null])).toEqual(expected(['a', 'c'], 2));
  expect(await queryRows(db, sql, [null, 10, true, null])).toEqual(expected(['a'], 10));
  expect(await queryRows(db, sql, [null, 1, null, '2026-01-10'])).toEqual(expected(['b'], 1));
  expect(await queryRows(db, 'SELECT count(*) AS n FROM params_t WHERE note = ?', ["it's"])).toEqual([{ n: 1 }]);
  // A null value is a text null, as a bound parameter is against a text column: the shapes core writes for "no cycle"
  // (`cycle_id IS NOT DISTINCT FROM ?`) and for an empty list (`listParam([])` is null, unpacked by `inList`).
  expect(await queryRows(db, 'SELECT k FROM params_t WHERE note IS NOT DISTINCT FROM ? ORDER BY k', [null])).toEqual([{ k: 'b' }]);
  expect(await queryRows(db, `SELECT count(*) AS n FROM params_t WHERE k IN ${inList('?')}`, [listParam([])])).toEqual([{ n: 0 }]);
  expect(await queryRows(db, `SELECT count(*) AS n FROM params_t WHERE k IN ${inList('?')} AND note IS NOT DISTINCT FROM ?`, [listParam(['a', 'b']), null])).toEqual([{ n: 1 }]);
  // Every answer of overlapping calls carries its own values.
  const keys = ['a', 'b', 'c', 'a', 'c'];
  const answers = await Promise.all(keys.map((k) => queryRows<{ k: string }>(db, 'SELECT k FROM params_t WHERE k = ?', [k])));
  expect(answers.map((r) => r[0]?.k)).toEqual(keys);
}
