// The same answers from native DuckDB (`plumb serve`, the CLI) as from DuckDB-WASM (a page), where a
// parameter is null: an empty list of raters is a null list parameter, which native DuckDB once typed INTEGER.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector, NodeConnector } from '../src/node/index.js';
import { calibrationReport, loadSample, POOLED_RATER_ID, queryCascadeView, queryRows } from '../src/index.js';

describe('answers on native DuckDB and on DuckDB-WASM', () => {
  const native = new NativeConnector();
  const wasm = new NodeConnector();
  beforeAll(async () => {
    await Promise.all([loadSample(native, { people: 60, seed: 1 }), loadSample(wasm, { people: 60, seed: 1 })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([native.close(), wasm.close()]);
  });

  it('breaks the moves down by the pool when every rater drawn is pooled (no rater of its own to list)', async () => {
    // Min-group 10 on 60 people: every rater's team is below it, so the rows drawn are the pool alone.
    const options = { changesByRater: true, minGroup: 10 };
    const [fromNative, fromWasm] = await Promise.all([calibrationReport(native, options), calibrationReport(wasm, options)]);
    expect(fromWasm.raters.map((r) => r.rater_id)).toEqual([POOLED_RATER_ID]);
    expect(fromNative.changes?.by_rater?.map((r) => r.rater_id)).toEqual([POOLED_RATER_ID]);
    expect(fromNative.changes?.by_rater?.[0]?.up ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(fromNative)).toBe(JSON.stringify(fromWasm));
  });

  it('lists the cascade\'s open nodes in outline order, unfiltered and for a team (native DuckDB\'s threads once shuffled them)', async () => {
    const [team] = await queryRows<{ t: string }>(wasm, 'SELECT team_id AS t FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    for (const options of [{}, { team_id: team!.t }]) {
      const [fromNative, fromWasm] = await Promise.all([queryCascadeView(native, options), queryCascadeView(wasm, options)]);
      expect(fromNative.open.length).toBeGreaterThan(3);
      expect(JSON.stringify(fromNative)).toBe(JSON.stringify(fromWasm));
    }
  });
});
