import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../src/node/index.js';
import { queryRows, tableToRows } from '../src/index.js';

// tableToRows reads common column types straight from Arrow buffers (one UTF-8
// decode per chunk, sliced per value); these pin what every view receives.
describe('tableToRows on real DuckDB results', () => {
  const db = new NodeConnector();
  afterAll(() => db.close());
  const sql = `SELECT * FROM (VALUES
      (1, 'plain', 10::BIGINT, 1.5::DOUBLE, true, DATE '2026-01-31', TIMESTAMP '2026-01-31 12:34:56', 1.25::DECIMAL(6,2)),
      (2, 'Zoë Ångström — 東京', NULL, NULL, NULL, NULL, NULL, NULL),
      (3, '', -3::BIGINT, -0.25::DOUBLE, false, DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00', -7.5::DECIMAL(6,2)),
      (4, NULL, 9007199254740991::BIGINT, 1e300::DOUBLE, true, DATE '2026-01-31', NULL, 0::DECIMAL(6,2)),
      (5, 'emoji 🎯 after', 0::BIGINT, 0::DOUBLE, NULL, DATE '2000-02-29', NULL, NULL)
    ) AS t(id, title, big, num, flag, day, stamp, amount) ORDER BY id`;
  const expected = [
    { id: 1, title: 'plain', big: 10, num: 1.5, flag: true, day: '2026-01-31', stamp: '2026-01-31T12:34:56.000Z', amount: 1.25 },
    { id: 2, title: 'Zoë Ångström — 東京', big: null, num: null, flag: null, day: null, stamp: null, amount: null },
    { id: 3, title: '', big: -3, num: -0.25, flag: false, day: '1969-12-31', stamp: '1970-01-01T00:00:00.000Z', amount: -7.5 },
    { id: 4, title: null, big: 9007199254740991, num: 1e300, flag: true, day: '2026-01-31', stamp: null, amount: 0 },
    { id: 5, title: 'emoji 🎯 after', big: 0, num: 0, flag: null, day: '2000-02-29', stamp: null, amount: null },
  ];

  it('turns strings (multi-byte and emoji), integers, doubles, booleans, dates, timestamps and decimals into plain values, nulls kept', async () => {
    const rows = await queryRows(db, sql);
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'title', 'big', 'num', 'flag', 'day', 'stamp', 'amount']);
  });

  it('reads sliced tables (chunks starting mid-buffer) the same way', async () => {
    const table = await db.query(sql);
    expect(tableToRows(table.slice(1, 4))).toEqual(expected.slice(1, 4));
    expect(tableToRows(table.slice(3))).toEqual(expected.slice(3));
  });
});
