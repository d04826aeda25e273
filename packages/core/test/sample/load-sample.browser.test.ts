import { afterAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '../../src/wasm/index.js';
import { queryRows } from '../../src/index.js';
import { generateSample, loadSample, sampleRows } from '../../src/sample/index.js';
import { testAssets } from '../duckdb-assets.browser.js';

describe('loadSample in real Chromium (what the demo does)', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('generates 600 people in the page and loads every table into DuckDB-WASM', async () => {
    const { rows } = await loadSample(db, { people: 600, seed: 1 });
    const expected = generateSample({ people: 600, seed: 1 });
    const counts = await queryRows<{ people: number; check_ins: number; ratings: number }>(db, `
      SELECT (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM check_ins) AS check_ins, (SELECT count(*) FROM ratings) AS ratings`);
    expect(counts).toEqual([{ people: 600, check_ins: rows.check_ins, ratings: rows.ratings }]);
    expect(rows.check_ins).toBe(sampleRows(expected.tables.check_ins).length);
    // Same organisation as in Node: the CEO's name and a falling company key result's 4th check-in.
    const [ceo] = await queryRows<{ name: string }>(db, "SELECT name FROM people WHERE manager_id IS NULL");
    expect(ceo!.name).toBe('Ömer Jørgensen');
    const [week4] = await queryRows<{ confidence: number }>(db, `
      SELECT confidence FROM check_ins WHERE key_result_id = 'kr-c1-2' ORDER BY checked_at LIMIT 1 OFFSET 3`);
    expect(week4!.confidence).toBeLessThan(0.5);
  });
});
