import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { createSchema, dataVersion, derived, insertRows, invalidateDerived, pseudonymIndex } from '../../src/index.js';

const db = new NodeConnector();
afterAll(() => db.close());

describe('derived (per data version)', () => {
  it('builds once per version, shares concurrent callers, rebuilds after a write', async () => {
    await createSchema(db);
    let builds = 0;
    const build = async () => ++builds;
    const [a, b] = await Promise.all([derived(db, 'k', build), derived(db, 'k', build)]);
    expect([a, b, builds]).toEqual([1, 1, 1]);
    const before = dataVersion(db);
    await insertRows(db, 'people', [{ person_id: 'p1', name: 'Ada' }]);
    expect(dataVersion(db)).toBeGreaterThan(before);
    expect(await derived(db, 'k', build)).toBe(2);
  });

  it('forgets a failed build so the next call retries', async () => {
    invalidateDerived(db);
    let calls = 0;
    const failing = async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return 'ok';
    };
    await expect(derived(db, 'f', failing)).rejects.toThrow('boom');
    expect(await derived(db, 'f', failing)).toBe('ok');
  });
});

describe('pseudonymIndex', () => {
  it('gives every person one code across tables, resolves codes back, and depends on the salt', async () => {
    await createSchema(db);
    await insertRows(db, 'people', [
      { person_id: 'p2', name: 'Grace', manager_id: 'm9' },
      { person_id: 'p3', name: 'Linus' },
    ]);
    await insertRows(db, 'ratings', [{ employee_id: 'p2', rater_id: 'r-outside', rating: 3 }]);
    const index = await pseudonymIndex(db, 'salt-1');
    expect(index.size).toBe(5); // p1 (earlier test), p2, p3, m9, r-outside
    const code = index.code('p2');
    expect(code).toMatch(/^[A-Z2-9]{4}(-\d+)?$/);
    expect(index.label('p2', 'Manager')).toBe(`Manager ${code}`);
    expect(index.resolve(code)).toBe('p2');
    expect(index.resolve('r-outside')).toBe('r-outside');
    expect(index.resolve('NOPE')).toBeNull();
    const other = await pseudonymIndex(db, 'salt-2');
    expect(['p1', 'p2', 'p3', 'm9'].some((id) => other.code(id) !== index.code(id))).toBe(true);
  });
});
