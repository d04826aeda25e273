import { afterAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '../src/wasm/index.js';
import { queryRows } from '../src/index.js';
import { testAssets } from './duckdb-assets.browser.js';

describe('WasmConnector in real Chromium', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('starts lazily once, loads a CSV file and queries it with parameters', async () => {
    const csv = 'person_id,name,rating\np1,Ada,4\np2,Grace,5\np3,"Lin, Jr.",3\n';
    await Promise.all([db.ready(), db.ready()]);
    await db.registerFile('people.csv', new TextEncoder().encode(csv));
    await db.query("CREATE TABLE t AS SELECT * FROM read_csv('people.csv', header = true)");
    const rows = await queryRows<{ name: string; rating: number }>(
      db,
      'SELECT name, rating FROM t WHERE rating >= ? ORDER BY rating',
      [4],
    );
    expect(rows).toEqual([
      { name: 'Ada', rating: 4 },
      { name: 'Grace', rating: 5 },
    ]);
  });

  it('answers overlapping parameterised calls each with its own values', async () => {
    // Each call sets the connection's variable and then reads it: the pairs must not interleave.
    const names = ['Ada', 'Grace', 'Lin, Jr.', 'Grace', 'Ada', 'Lin, Jr.'];
    const answers = await Promise.all(
      names.map((name, i) => queryRows<{ name: string; n: number }>(db, 'SELECT name, ? AS n FROM t WHERE name = ?', [i, name])),
    );
    expect(answers).toEqual(names.map((name, n) => [{ name, n }]));
  });
});
