import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/commands/session.js';
import { openFiles } from '@plumb/core/node';
import { queryRows } from '@plumb/core';

// The data of the elements' session page: manager ratings (C1, overall) e01–e12 = 3 4 2 3 5 3 1 3 4 2 3 4.
const DATA = resolve(__dirname, '../../../elements/test/session-page');
const files = ['people.csv', 'ratings.csv', 'rating_scale.csv', 'cycles.csv'].map((f) => join(DATA, f));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('plumb session', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-session-cli-'));

  it('validate names the row and column of each refused change', async () => {
    const changes = join(dir, 'bad.csv');
    writeFileSync(
      changes,
      'employee_id,dimension,before,after,reason,by,at\n' +
        'e01,overall,3,4,,fac,2026-12-06T01:00:00Z\n' + // fine
        'nobody,overall,3,4,,fac,\n' + // unknown employee
        'e02,overall,3,2,,fac,\n' + // e02 is 4, not 3
        'e03,overall,2,5,,fac,\n' + // three levels, no reason
        'e04,overall,3,9,why,fac,\n', // 9 is not on the scale
    );
    const t = io();
    expect(await run(['validate', changes, ...files], t.io)).toBe(1);
    const lines = t.err.join('\n');
    expect(lines).toContain(`${changes}:3:employee_id error`);
    expect(lines).toContain(`${changes}:4:before error`);
    expect(lines).toContain(`${changes}:5:reason error`);
    expect(lines).toContain(`${changes}:6:after error`);
    expect(lines).not.toContain(`${changes}:2:`);
    // apply refuses the same file and writes nothing.
    const out = join(dir, 'refused');
    expect(await run(['apply', changes, ...files, '--out', out], io().io)).toBe(1);
    expect(() => readFileSync(join(out, 'ratings.csv'))).toThrow();
  });

  it('apply writes ratings.csv with the calibrated stage; loaded back, the calibrated stage is those changes', async () => {
    const changes = join(dir, 'changes.csv');
    writeFileSync(
      changes,
      'cycle_id,employee_id,dimension,before,after,reason,by,at\n' +
        'C1,e01,overall,3,4,,fac,2026-12-06T01:00:00Z\n' +
        'C1,e07,overall,1,3,"Shipped the billing rewrite, early",fac,2026-12-06T01:01:00Z\n' +
        'C1,e01,overall,4,5,,fac,2026-12-06T01:02:00Z\n', // a second move of e01 starts from the first
    );
    const t = io();
    const out = join(dir, 'out');
    expect(await run(['apply', changes, ...files, '--out', out], t.io), t.err.join('\n')).toBe(0);
    const { connector } = await openFiles([join(out, 'ratings.csv'), join(DATA, 'people.csv')]);
    try {
      const rows = await queryRows<{ employee_id: string; rating: number; reason: string | null }>(
        connector,
        "SELECT employee_id, rating, reason FROM ratings WHERE cycle_id = 'C1' AND stage = 'calibrated' AND dimension = 'overall' ORDER BY employee_id",
      );
      const manager = [3, 4, 2, 3, 5, 3, 1, 3, 4, 2, 3, 4];
      const expected = manager.map((r, i) => ({ employee_id: `e${String(i + 1).padStart(2, '0')}`, rating: i === 0 ? 5 : i === 6 ? 3 : r }));
      expect(rows.map(({ employee_id, rating }) => ({ employee_id, rating }))).toEqual(expected);
      expect(rows.find((r) => r.employee_id === 'e07')?.reason).toBe('Shipped the billing rewrite, early');
      // Every other row of the input is there unchanged (36 input rows + 12 calibrated ones).
      const [{ n }] = (await queryRows<{ n: number }>(connector, "SELECT count(*) AS n FROM ratings WHERE stage <> 'calibrated'")) as [{ n: number }];
      expect(n).toBe(36);
    } finally {
      await connector.close();
    }
  });
});
