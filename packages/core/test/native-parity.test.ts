// The same answers from native DuckDB (`plumb serve`, the CLI) as from DuckDB-WASM (a page): every named query under a
// dozen option sets, compared as JSON. What it found: a null parameter typed INTEGER on native (an empty list of raters
// failed to bind), and the cascade's open nodes in the order native DuckDB's threads returned them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector, NodeConnector } from '../src/node/index.js';
import { calibrationReport, loadSample, NAMED_QUERIES, POOLED_RATER_ID, queryCascadeView, queryRows } from '../src/index.js';

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

  it('answers every named query the same under a dozen option sets', async () => {
    const one = async <T>(sql: string) => (await queryRows<{ v: T }>(wasm, sql))[0]!.v;
    const team = await one<string>('SELECT team_id AS v FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    const person = await one<string>('SELECT person_id AS v FROM people ORDER BY 1 LIMIT 1');
    const objective = await one<string>('SELECT objective_id AS v FROM key_results JOIN recognitions USING (key_result_id) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    const variants: Record<string, object> = {
      none: {}, team: { team_id: team }, 'min-group 1': { minGroup: 1 }, 'min-group 10': { minGroup: 10 }, 'empty lists': { expanded: [], key_result_ids: [] },
      person: { person_id: person }, anonymized: { anonymize: true, salt: 's' }, 'no cycle': { cycle: null }, 'as of': { asOf: '2026-08-01' },
      'unknown department': { department: 'Nowhere' }, 'changes by rater': { changesByRater: true, minGroup: 10 },
    };
    // What each query needs to answer at all.
    const needs: Record<string, object> = {
      'person-evidence': { person_id: person }, 'cascade-children': { parents: [`objective:${objective}`] }, 'cascade-search': { text: 'a' },
      'cascade-recognitions': { key: `objective:${objective}` },
    };
    const answer = async (db: NativeConnector | NodeConnector, name: string, options: object) => {
      try {
        return JSON.stringify(await NAMED_QUERIES[name]!.run(db, options as never), (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v));
      } catch (error) {
        return `error: ${(error as Error).message.split('\n')[0]}`;
      }
    };
    for (const name of Object.keys(NAMED_QUERIES)) {
      for (const [label, variant] of Object.entries(variants)) {
        const options = { ...needs[name], ...variant };
        const [a, b] = [await answer(native, name, options), await answer(wasm, name, options)];
        expect(a, `${name}, ${label}: native`).toBe(b);
        expect(a, `${name}, ${label}`).not.toMatch(/^error: .*(Binder|Conversion) Error/);
      }
    }
  }, 60_000);

  it('lists the cascade\'s open nodes in outline order, unfiltered and for a team (native DuckDB\'s threads once shuffled them)', async () => {
    const [team] = await queryRows<{ t: string }>(wasm, 'SELECT team_id AS t FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    for (const options of [{}, { team_id: team!.t }]) {
      const [fromNative, fromWasm] = await Promise.all([queryCascadeView(native, options), queryCascadeView(wasm, options)]);
      expect(fromNative.open.length).toBeGreaterThan(3);
      expect(JSON.stringify(fromNative)).toBe(JSON.stringify(fromWasm));
    }
  });
});
