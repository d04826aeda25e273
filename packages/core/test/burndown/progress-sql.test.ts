import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { keyResultProgress, queryRows } from '../../src/index.js';
import { keyResultProgressSql } from '../../src/burndown/progress-sql.js';

describe('keyResultProgressSql is keyResultProgress inside DuckDB', () => {
  const db = new NodeConnector();
  afterAll(() => db.close());
  const cases: [number | null, number | null, number | null][] = [
    [0, 200, 50], [10, 20, 15], [40, 10, 31], [0, 10, 12], [0, 10, -3], [5, 5, 5], [0, 10, null], [null, 10, 3], [0, null, 3], [100, 0, 100],
  ];
  it('gives the same answer on every case', async () => {
    for (const [s, t, c] of cases) {
      const [row] = await queryRows<{ p: number | null }>(
        db,
        `SELECT ${keyResultProgressSql('s', 't', 'c')} AS p FROM (SELECT CAST(? AS DOUBLE) AS s, CAST(? AS DOUBLE) AS t, CAST(? AS DOUBLE) AS c)`,
        [s, t, c],
      );
      const expected = keyResultProgress(s, t, c);
      if (expected === null) expect(row!.p, `${s},${t},${c}`).toBeNull();
      else expect(row!.p, `${s},${t},${c}`).toBeCloseTo(expected, 12);
    }
  });
});
