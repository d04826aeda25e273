import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { keyResultProgress, queryRows } from '../../src/index.js';
import { keyResultProgressSql, progressOfSpanSql, progressSpanSql } from '../../src/burndown/progress-sql.js';

describe('keyResultProgressSql is keyResultProgress inside DuckDB', () => {
  const db = new NodeConnector();
  afterAll(() => db.close());
  // Numbers as text, so that infinities reach DuckDB as doubles ('inf', '-inf', 'nan').
  const cases: [string | null, string | null, string | null][] = [
    ['0', '200', '50'], ['10', '20', '15'], ['40', '10', '31'], ['0', '10', '12'], ['0', '10', '-3'], ['5', '5', '5'], ['0', '10', null],
    [null, '10', '3'], ['0', null, '3'], ['100', '0', '100'], ['40', '10', '40'], ['40', '10', '45'], ['0', '3', '1'], ['0', '0.3', '0.1'],
    ['0', '10', 'inf'], ['0', '10', '-inf'], ['0', 'inf', '3'], ['-inf', '10', '3'], ['0', '10', 'nan'], ['nan', '10', '3'], ['0', '10', '10'],
  ];
  it('gives the same answer on every case, to the bit (0, not −0, where the value sits at start of a decreasing key result)', async () => {
    const asNumber = (x: string | null) => (x === null ? null : Number(x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x));
    for (const [s, t, c] of cases) {
      const [row] = await queryRows<{ p: number | null; split: number | null }>(
        db,
        `SELECT ${keyResultProgressSql('s', 't', 'c')} AS p, ${progressOfSpanSql('s', 'span', 'c')} AS split
        FROM (SELECT *, ${progressSpanSql('s', 't')} AS span
          FROM (SELECT CAST(CAST(? AS VARCHAR) AS DOUBLE) AS s, CAST(CAST(? AS VARCHAR) AS DOUBLE) AS t, CAST(CAST(? AS VARCHAR) AS DOUBLE) AS c))`,
        [s, t, c],
      );
      const expected = keyResultProgress(asNumber(s), asNumber(t), asNumber(c));
      expect(row!.p, `${s},${t},${c}`).toBe(expected);
      expect(row!.split, `${s},${t},${c} (span once)`).toBe(expected);
    }
  });
});
