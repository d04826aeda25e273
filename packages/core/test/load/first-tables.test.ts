// A load asked for the calibration views' tables early (`onTablesReady`) loads those files first and the rest after:
// it must place every row and say everything exactly as one pass over the same files does, on a vendor's exports
// and on the sample, and hold the first tables final when it says they are.
import { afterAll, describe, expect, it } from 'vitest';
import {
  CALIBRATION_TABLES,
  CANONICAL_TABLES,
  derived,
  generateSample,
  loadSources,
  quoteIdentifier,
  queryRows,
  sampleTableToText,
  type CanonicalTable,
  type LoadOptions,
  type LoadReport,
  type SourceInput,
} from '../../src/index.js';
import { NodeConnector } from '../../src/node/index.js';
import { fixture } from './helpers.js';

const dbs: NodeConnector[] = [];
afterAll(() => Promise.all(dbs.map((db) => db.close())));

/** Every canonical table's rows in table order, as JSON. */
async function contents(db: NodeConnector): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of CANONICAL_TABLES) out[t] = JSON.stringify(await queryRows(db, `SELECT * FROM ${quoteIdentifier(t)}`), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return out;
}
const said = (r: LoadReport) => [...r.diagnostics.map((d) => JSON.stringify(d)), ...r.questions.map((q) => JSON.stringify(q))].sort();

/** The same files loaded in one pass and with `onTablesReady`, each into a fresh database. */
async function both(sources: SourceInput[], options: LoadOptions = {}) {
  const one = new NodeConnector();
  const two = new NodeConnector();
  dbs.push(one, two);
  const whole = await loadSources(one, sources, options);
  const calls: { tables: readonly CanonicalTable[]; rows: Record<string, number> }[] = [];
  const split = await loadSources(two, sources, {
    ...options,
    onTablesReady: async (tables) => {
      const rows = Object.fromEntries((await queryRows<{ t: string; n: number }>(two, CANONICAL_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM ${quoteIdentifier(t)}`).join(' UNION ALL '))).map((r) => [r.t, r.n]));
      calls.push({ tables, rows });
      // What a view drawn meanwhile derives: from the calibration tables alone (it says so), and from everything.
      await derived(two, 'test:ratings', () => queryRows(two, 'SELECT count(*) AS n FROM ratings'), { reads: CALIBRATION_TABLES });
      await derived(two, 'test:everything', () => queryRows(two, 'SELECT count(*) AS n FROM check_ins'));
    },
  });
  return { whole, split, calls, one, two };
}

/** Which of the entries derived mid-load are built again after it. */
async function rebuilt(db: NodeConnector): Promise<string[]> {
  const again: string[] = [];
  for (const key of ['test:ratings', 'test:everything']) await derived(db, key, async () => again.push(key));
  return again;
}

const tool = (path: string, table: CanonicalTable): SourceInput => ({ name: path.split('/').pop()!, data: fixture(`exports/tools/${path}`), table });

describe('loading the calibration views’ tables first', () => {
  it('places and reports a vendor’s exports (Lattice people and calibration, Quantive OKRs) exactly as one pass does', async () => {
    // The OKR files first and between the others: the split reorders them, the report keeps the caller's order.
    const sources = [
      tool('quantive/goals.csv', 'objectives'),
      tool('lattice/people.csv', 'people'),
      tool('quantive/metrics.csv', 'key_results'),
      tool('quantive/sessions.csv', 'cycles'),
      tool('lattice/calibration.csv', 'ratings'),
      tool('quantive/metric_checkins.csv', 'check_ins'),
    ];
    const { whole, split, calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
    // When it is called, the first tables hold what they hold at the end, the OKR tables nothing yet.
    expect(calls[0]!.rows).toMatchObject({ people: whole.tables.people, ratings: whole.tables.ratings, cycles: whole.tables.cycles, objectives: 0, check_ins: 0 });
    expect(whole.tables.ratings).toBeGreaterThan(0);
    expect(whole.tables.check_ins).toBeGreaterThan(0);
    // Lattice's review cycle is not among Quantive's sessions: both add it, from the ratings.
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
    expect(split.files.map((f) => [f.file, f.table, f.input_rows, f.loaded_rows, f.rejected_rows])).toEqual(whole.files.map((f) => [f.file, f.table, f.input_rows, f.loaded_rows, f.rejected_rows]));
    expect(split.files).toEqual(whole.files);
    expect(said(split)).toEqual(said(whole));
    expect(said(whole).length).toBeGreaterThan(0);
    expect({ ...split, diagnostics: [], questions: [] }).toEqual({ ...whole, diagnostics: [], questions: [] });
    // Nothing the second step did changed the first tables: what was derived from them alone stays, the rest is built again.
    expect(await rebuilt(two)).toEqual(['test:everything']);
  });

  it('does the same on the sample organisation, every table declared', async () => {
    const sample = generateSample({ people: 120, seed: 11 });
    const sources = CANONICAL_TABLES.map((table) => ({ name: `${table}.csv`, data: [...sampleTableToText(sample.tables[table], 'csv')].join(''), table }));
    const { whole, split, calls, one, two } = await both(sources);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.rows.check_ins).toBe(0);
    expect(calls[0]!.rows.ratings).toBe(whole.tables.ratings);
    expect(await contents(two)).toEqual(await contents(one));
    expect(split).toEqual({ ...whole, diagnostics: split.diagnostics, questions: split.questions });
    expect(said(split)).toEqual(said(whole));
  });

  it('invalidates what was derived from the first tables when the OKR files add a cycle to them', async () => {
    // A cycles file of the review only: Quantive's goals name a session it lacks, which the second step adds (its dates
    // declared: the session's id names no period).
    const cycles: SourceInput = { name: 'cycles.csv', data: 'cycle_id,name,kind,start_date,end_date\nH1 2026 Review,H1 2026 Review,review,2026-01-01,2026-06-30\n', table: 'cycles' };
    const sources = [cycles, tool('lattice/people.csv', 'people'), tool('lattice/calibration.csv', 'ratings'), tool('quantive/goals.csv', 'objectives'), tool('quantive/metrics.csv', 'key_results')];
    const { whole, calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' }, cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
    expect(calls[0]!.rows.cycles).toBe(1);
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
    expect(await rebuilt(two)).toEqual(['test:ratings', 'test:everything']);
  });

  it('loads in one pass when a table is told from the headers, or without a cycles file', async () => {
    for (const sources of [
      [tool('lattice/people.csv', 'people'), { ...tool('lattice/calibration.csv', 'ratings'), table: undefined }, tool('quantive/sessions.csv', 'cycles'), tool('quantive/goals.csv', 'objectives')],
      [tool('lattice/people.csv', 'people'), tool('lattice/calibration.csv', 'ratings'), tool('quantive/goals.csv', 'objectives')],
    ] as SourceInput[][]) {
      const { calls } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
      expect(calls).toEqual([]);
    }
  });
});
