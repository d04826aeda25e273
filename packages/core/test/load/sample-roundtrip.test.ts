import { afterAll, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, generateSample, loadSources, queryRows, sampleTableToText } from '../../src/index.js';
import { sharedDb } from './helpers.js';

const { db } = sharedDb();
afterAll(() => db.close());

describe("the sample organisation's own CSV export", () => {
  it('loads with every table inferred from its columns and name, every row placed, nothing to report', async () => {
    const sample = generateSample({ people: 120, seed: 7 });
    const sources = CANONICAL_TABLES.map((table) => ({ name: `${table}.csv`, data: [...sampleTableToText(sample.tables[table], 'csv')].join('') }));
    const expected = Object.fromEntries(sources.map((s) => [s.name.replace('.csv', ''), s.data.trimEnd().split('\n').length - 1]));
    const report = await loadSources(db, sources);
    expect(report.diagnostics).toEqual([]);
    expect(report.files.map((f) => f.table)).toEqual([...CANONICAL_TABLES]);
    expect(report.tables).toEqual(expected);
    expect(report.rejected_rows).toBe(0);
    // Hierarchies arrive whole: every manager and parent objective exists.
    const [orphans] = await queryRows<{ managers: number; parents: number }>(
      db,
      `SELECT (SELECT count(*) FROM people p WHERE manager_id IS NOT NULL AND manager_id NOT IN (SELECT person_id FROM people)) AS managers,
              (SELECT count(*) FROM objectives o WHERE parent_objective_id IS NOT NULL AND parent_objective_id NOT IN (SELECT objective_id FROM objectives)) AS parents`,
    );
    expect(orphans).toEqual({ managers: 0, parents: 0 });
  });
});
