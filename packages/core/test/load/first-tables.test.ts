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
import { fixture, sharedDb } from './helpers.js';
import { splitFirstTables } from '../../src/load/phases.js';

// Two databases for every case (one pass, two steps), emptied between cases: starting one costs about a second.
const one = sharedDb();
const two = sharedDb();
afterAll(() => Promise.all([one.db.close(), two.db.close()]));

/** Every canonical table's rows in table order, as JSON. */
async function contents(db: NodeConnector): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of CANONICAL_TABLES) out[t] = JSON.stringify(await queryRows(db, `SELECT * FROM ${quoteIdentifier(t)}`), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return out;
}
/**
 * The files' reports, each file's decisions as a set: a review cycle inferred in the second step from a first-step
 * ratings file is said on that file after the first step's own decisions (one pass says it before those it derives
 * from diagnostics).
 */
const files = (r: LoadReport) => r.files.map((f) => ({ ...f, decisions: (f.decisions ?? []).map((d) => JSON.stringify(d)).sort() }));
const said = (r: LoadReport) => [...r.diagnostics.map((d) => JSON.stringify(d)), ...r.questions.map((q) => JSON.stringify(q))].sort();

/** The same files loaded in one pass and with `onTablesReady`, each into a fresh database. */
async function both(sources: SourceInput[], options: LoadOptions = {}) {
  await Promise.all([one.reset(), two.reset()]);
  return bothIn(one.db, two.db, sources, options);
}

async function bothIn(one: NodeConnector, two: NodeConnector, sources: SourceInput[], options: LoadOptions) {
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

const tool = (path: string, table: CanonicalTable | 'flat-okr'): SourceInput => ({ name: path.split('/').pop()!, data: fixture(`exports/tools/${path}`), table });

describe('loading the calibration views’ tables first', () => {
  /** Lattice's people and calibration, Quantive's OKRs and sessions, and the embedder's own cycles file naming Lattice's review cycle. */
  const latticeAndQuantive = (reviewCycle: boolean) => [
    // The OKR files first and between the others: the split reorders them, the report keeps the caller's order.
    tool('quantive/goals.csv', 'objectives'),
    tool('lattice/people.csv', 'people'),
    tool('quantive/metrics.csv', 'key_results'),
    tool('quantive/sessions.csv', 'cycles'),
    ...(reviewCycle ? [{ name: 'review-cycles.csv', data: 'cycle_id,name,kind,start_date,end_date\nH1 2026 Review,H1 2026 Review,review,2026-01-01,2026-06-30\n', table: 'cycles' } as SourceInput] : []),
    tool('lattice/calibration.csv', 'ratings'),
    tool('quantive/metric_checkins.csv', 'check_ins'),
  ];

  it('places and reports a vendor’s exports (Lattice people and calibration, Quantive OKRs) exactly as one pass does', async () => {
    const { whole, split, calls, one, two } = await both(latticeAndQuantive(true), { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
    // When it is called, the first tables hold what they hold at the end, the OKR tables nothing yet.
    expect(calls[0]!.rows).toMatchObject({ people: whole.tables.people, ratings: whole.tables.ratings, cycles: whole.tables.cycles, objectives: 0, check_ins: 0 });
    expect(whole.tables.ratings).toBeGreaterThan(0);
    expect(whole.tables.check_ins).toBeGreaterThan(0);
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
    expect(split.files.map((f) => [f.file, f.table, f.input_rows, f.loaded_rows, f.rejected_rows])).toEqual(whole.files.map((f) => [f.file, f.table, f.input_rows, f.loaded_rows, f.rejected_rows]));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
    expect(said(whole).length).toBeGreaterThan(0);
    expect({ ...split, diagnostics: [], questions: [], files: [] }).toEqual({ ...whole, diagnostics: [], questions: [], files: [] });
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
    expect({ ...split, files: files(split) }).toEqual({ ...whole, files: files(whole), diagnostics: split.diagnostics, questions: split.questions });
    expect(said(split)).toEqual(said(whole));
  });

  it('without a cycles row for a rating’s cycle, draws nothing early: that cycle is inferred once the OKR files are in, as one pass does', async () => {
    // Lattice's review cycle is not among Quantive's sessions: inferred from the ratings' label, after the OKR cycles.
    const { whole, split, calls, one, two } = await both(latticeAndQuantive(false), { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(calls).toEqual([]);
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
  });

  it('gives a cycle that the ratings and the objectives both name, and no cycles row describes, the kind one pass gives it', async () => {
    // One pass infers OKR cycles first: "Q1 2026" becomes an OKR cycle (the burn-down lists it), not a review's.
    const objectives: SourceInput = { name: 'objectives.csv', data: 'objective_id,title,cycle_id\no1,Grow,Q1 2026\n', table: 'objectives' };
    const ratings: SourceInput = { name: 'ratings.csv', data: 'employee_id,rater_id,stage,rating,cycle_id\nE101,E100,manager,4,Q1 2026\nE102,E100,manager,3,Q1 2026\n', table: 'ratings' };
    const sources = [tool('quantive/sessions.csv', 'cycles'), tool('lattice/people.csv', 'people'), ratings, objectives];
    const { whole, calls, one, two } = await both(sources);
    expect(calls).toEqual([]);
    expect(await queryRows(one, "SELECT kind FROM cycles WHERE cycle_id = 'Q1 2026'")).toEqual([{ kind: 'okr' }]);
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
  });

  it('places and reports Leapsome’s exports (a flat goals sheet, no cycles file) as one pass does', async () => {
    const sources = [
      tool('leapsome/Goals Q3 2026.csv', 'flat-okr'),
      tool('leapsome/Review answers.csv', 'feedback'),
      tool('leapsome/Review scores and status.csv', 'ratings'),
      tool('leapsome/Users.csv', 'people'),
    ];
    const { whole, split, calls, one, two } = await both(sources);
    expect(calls).toEqual([]);
    expect(whole.tables.cycles).toBe(2);
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
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

  it('loads in one pass when a table is told from the headers, or there are no ratings', () => {
    const lattice = [tool('lattice/people.csv', 'people'), tool('lattice/calibration.csv', 'ratings')];
    expect(splitFirstTables([...lattice, tool('quantive/goals.csv', 'objectives')])).not.toBeNull();
    expect(splitFirstTables([lattice[0]!, { ...lattice[1]!, table: undefined }, tool('quantive/goals.csv', 'objectives')])).toBeNull();
    expect(splitFirstTables([lattice[0]!, tool('quantive/sessions.csv', 'cycles'), tool('quantive/goals.csv', 'objectives')])).toBeNull();
    expect(splitFirstTables(lattice)).toBeNull();
  });
});
