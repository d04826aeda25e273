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
import { FIRST_TABLES_MIN_BYTES, splitFirstTables } from '../../src/load/phases.js';
import type { TargetTable } from '../../src/load/convert.js';
import { HEAD_BYTES, planFiles } from '../../src/load/peek.js';

/** The tables a load plans for `sources` (null: one pass whatever their sizes). */
const tablesBeforeLoading = async (sources: SourceInput[], options: LoadOptions) => (await planFiles(sources, options))?.map((p) => p.table) ?? null;

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
    // These files are small: two steps whatever their size, unless a test says otherwise.
    firstTablesMinBytes: 0,
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

  it('draws early from a workbook’s sheets too (Lattice’s people and calibration as one .xlsx, no table declared), as one pass places them', async () => {
    const sources = [
      tool('quantive/goals.csv', 'objectives'),
      { name: 'Lattice export.xlsx', data: fixture('exports/tools/lattice-excel/Lattice export.xlsx') },
      tool('quantive/metrics.csv', 'key_results'),
      tool('quantive/sessions.csv', 'cycles'),
      { name: 'review-cycles.csv', data: 'cycle_id,name,kind,start_date,end_date\nH1 2026 Review,H1 2026 Review,review,2026-01-01,2026-06-30\n', table: 'cycles' } as SourceInput,
      tool('quantive/metric_checkins.csv', 'check_ins'),
    ];
    const { whole, split, calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
    expect(calls[0]!.rows).toMatchObject({ people: 10, ratings: 16, objectives: 0, check_ins: 0 });
    expect(whole.files.map((f) => f.file)).toContain('Lattice export.xlsx › Calibration');
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
  });

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

  /** The same files with no table declared: told from their heads. */
  const untold = (sources: SourceInput[]) => sources.map(({ table: _, ...s }) => s);

  it('tells the tables of files that do not declare them from their heads and loads the calibration files first, exactly as one pass', async () => {
    const sources = untold(latticeAndQuantive(true));
    expect(await tablesBeforeLoading(sources, {})).toEqual(latticeAndQuantive(true).map((s) => s.table));
    const { whole, split, calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
    expect(calls[0]!.rows).toMatchObject({ people: whole.tables.people, ratings: whole.tables.ratings, objectives: 0, check_ins: 0 });
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
  });

  it('does the same on Workday’s calibration, Perdoo’s and Koan’s OKR sheets with no table declared (OKR cycles added to cycles after)', async () => {
    const file = (path: string): SourceInput => ({ name: path.split('/').pop()!, data: fixture(`exports/tools/${path}`) });
    const sources = [
      file('perdoo/perdoo-okrs.csv'),
      file('workday/Workers.csv'),
      { name: 'cycles.csv', data: 'cycle_id,name,kind,start_date,end_date\nFY2026 Annual Calibration,FY2026 Annual Calibration,review,2026-01-01,2026-12-31\n' },
      file('koan/goals.csv'),
      file('workday/Calibration Results.csv'),
      file('koan/reflections.csv'),
    ];
    expect(await tablesBeforeLoading(sources, {})).toEqual(['flat-okr', 'people', 'cycles', 'flat-okr', 'ratings', 'check_ins']);
    const { whole, split, calls, one, two } = await both(sources, { dateOrder: 'dmy', ratingPoints: 5 });
    expect(calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
    expect(calls[0]!.rows).toMatchObject({ people: whole.tables.people, ratings: whole.tables.ratings, cycles: 1, objectives: 0 });
    expect(whole.tables.ratings).toBeGreaterThan(0);
    expect(whole.tables.key_results).toBeGreaterThan(0);
    expect(whole.tables.cycles).toBeGreaterThan(1);
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
    // The OKR files added their cycles to `cycles`: nothing derived mid-load stays.
    expect(await rebuilt(two)).toEqual(['test:ratings', 'test:everything']);
  });

  it('reads only the head of a large file served from a URL to tell its table (the sample organisation, no table declared)', async () => {
    const sample = generateSample({ people: 120, seed: 11 });
    const texts = Object.fromEntries(CANONICAL_TABLES.map((table) => [`${table}.csv`, [...sampleTableToText(sample.tables[table], 'csv')].join('')]));
    const requests: { file: string; bytes: number }[] = [];
    const sources = Object.keys(texts).map((name) => ({ name, data: new URL(`https://hr.example/${name}`) }));
    const { whole, split, calls, one, two } = await both(sources, { fetch: serve(() => texts, requests) });
    expect(calls).toHaveLength(1);
    expect(await contents(two)).toEqual(await contents(one));
    expect({ ...split, files: files(split) }).toEqual({ ...whole, files: files(whole), diagnostics: split.diagnostics, questions: split.questions });
    // Each file twice in the split load (its head, then whole) after once in the one pass; the check-ins' head is a
    // small part of them.
    const checkIns = requests.filter((r) => r.file === 'check_ins.csv').map((r) => r.bytes);
    expect(texts['check_ins.csv']!.length).toBeGreaterThan(2 * HEAD_BYTES);
    expect(checkIns).toEqual([texts['check_ins.csv']!.length, expect.any(Number), texts['check_ins.csv']!.length]);
    expect(checkIns[1]).toBeLessThanOrEqual(HEAD_BYTES + 2 * CHUNK);
  });

  it('knows the size of a declared OKR file served from a URL from its head: small ones load in one pass', async () => {
    const sample = generateSample({ people: 120, seed: 11 });
    const texts = Object.fromEntries(CANONICAL_TABLES.map((table) => [`${table}.csv`, [...sampleTableToText(sample.tables[table], 'csv')].join('')]));
    const sources = CANONICAL_TABLES.map((table) => ({ name: `${table}.csv`, data: new URL(`https://hr.example/${table}.csv`), table }));
    const requests: { file: string; bytes: number }[] = [];
    const small = await both(sources, { fetch: serve(() => texts, requests, true), firstTablesMinBytes: undefined });
    expect(small.calls).toEqual([]);
    expect(await contents(small.two)).toEqual(await contents(small.one));
    // Heads read for the OKR files only (a calibration file's size decides nothing).
    expect(requests.filter((r) => r.file === 'ratings.csv')).toHaveLength(2);
    expect(requests.filter((r) => r.file === 'check_ins.csv')).toHaveLength(3);
    // The head read for a size only: cancelled before its body is read (at most the one chunk a stream pulls ahead).
    expect(requests.filter((r) => r.file === 'check_ins.csv')[1]!.bytes).toBeLessThanOrEqual(CHUNK);
    // No Content-Length: the size is not known, so two steps as before.
    const unknown = await both(sources, { fetch: serve(() => texts), firstTablesMinBytes: undefined });
    expect(unknown.calls.map((c) => c.tables)).toEqual([CALIBRATION_TABLES]);
  });

  it('loads in one pass when a file’s head cannot tell its table for certain (two header rows, JSON)', async () => {
    const successfactors = ['Benutzerdaten.csv', 'Kalibrierung_Export.csv', 'Bewertungsskala.csv'].map((f) => ({ name: f, data: fixture(`exports/tools/successfactors/${f}`) }));
    expect(await tablesBeforeLoading(successfactors.slice(1), {})).toEqual(['ratings', 'rating_scale']);
    // Row 2 reads like labels: the rows below decide whether it is a second header row.
    expect(await tablesBeforeLoading(successfactors, {})).toBeNull();
    expect(await tablesBeforeLoading([...successfactors.slice(1), { name: 'checkins.json', data: fixture('exports/tools/tability/checkins.json') }], {})).toBeNull();
  });

  it('starts over in one pass, drawing nothing early, when a file told a calibration table from its head is an OKR sheet once read whole', async () => {
    // The headers name a person's columns; the rows below say objective or key result (a row-kind column): one sheet of OKRs.
    const rows = Array.from({ length: 3 }, (_, i) => `E10${i},Priya Raman,priya@example.com,Engineering,Objective,Grow revenue ${i}\nE10${i},Priya Raman,priya@example.com,Engineering,Key Result,Win ${i} deals`).join('\n');
    const sheet: SourceInput = { name: 'export.csv', data: `employee_id,name,email,department,type,title\n${rows}\n` };
    const sources = [...untold(latticeAndQuantive(true)), sheet];
    expect((await tablesBeforeLoading(sources, {}))?.at(-1)).toBe('people');
    const { whole, split, calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } });
    expect(whole.files.at(-1)!.table).toBe('flat-okr');
    expect(calls).toEqual([]);
    expect(await contents(two)).toEqual(await contents(one));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
  });

  it('withdraws what it made ready and starts over in one pass when a file of the rest feeds a calibration table once read whole', async () => {
    // A file that changed between its head and its reading: objectives when its head was read, people after.
    const objectives = 'objective_id,title,cycle_id\no1,Grow,Q3 2026\n';
    const people = 'employee_id,name,email,department\nE900,Ana Lima,ana@example.com,Sales\n';
    let heads = 0;
    const sources = [...untold(latticeAndQuantive(true)), { name: 'more.csv', data: new URL('https://hr.example/more.csv') }];
    await Promise.all([one.reset(), two.reset()]);
    const options = { answers: { 'link-type:goals.csv:parentgoalid': 'supports' } };
    const whole = await loadSources(one.db, sources, { ...options, fetch: serve(() => ({ 'more.csv': people })) });
    const calls: (readonly CanonicalTable[])[] = [];
    const split = await loadSources(two.db, sources, {
      ...options,
      fetch: serve(() => ({ 'more.csv': heads++ === 0 ? objectives : people })),
      firstTablesMinBytes: 0,
      onTablesReady: (tables) => void calls.push(tables),
    });
    expect(calls).toEqual([CALIBRATION_TABLES, []]);
    expect(whole.tables.people).toBe(split.tables.people);
    expect(await queryRows(two.db, "SELECT name FROM people WHERE person_id = 'E900'")).toEqual([{ name: 'Ana Lima' }]);
    expect(await contents(two.db)).toEqual(await contents(one.db));
    expect(files(split)).toEqual(files(whole));
    expect(said(split)).toEqual(said(whole));
  });

  it('loads in one pass when no ratings are among the calibration files, or nothing is left for later', () => {
    const lattice = [tool('lattice/people.csv', 'people'), tool('lattice/calibration.csv', 'ratings')];
    const goals = tool('quantive/goals.csv', 'objectives');
    const plans = (...tables: TargetTable[]) => tables.map((table) => ({ table, size: null }));
    expect(splitFirstTables([...lattice, goals], plans('people', 'ratings', 'objectives'))).toEqual({ first: lattice, rest: [goals] });
    expect(splitFirstTables([lattice[0]!, tool('quantive/sessions.csv', 'cycles'), goals], plans('people', 'cycles', 'objectives'))).toBeNull();
    expect(splitFirstTables(lattice, plans('people', 'ratings'))).toBeNull();
  });

  it('loads in one pass when the other files are known to be small: a second step would cost more than it saves', async () => {
    const sources = untold(latticeAndQuantive(true));
    const sized = (size: number | null) => [...latticeAndQuantive(true).map((s) => ({ table: s.table!, size: s.table === 'objectives' ? size : 100 }))];
    expect(splitFirstTables(sources, sized(FIRST_TABLES_MIN_BYTES))).not.toBeNull();
    expect(splitFirstTables(sources, sized(FIRST_TABLES_MIN_BYTES - 1000))).toBeNull();
    // A size not known before the load (a URL whose table is declared): two steps.
    expect(splitFirstTables(sources, sized(null))).not.toBeNull();
    // The same small vendor files as above, with the default: one pass, nothing drawn early.
    const { calls, one, two } = await both(sources, { answers: { 'link-type:goals.csv:parentgoalid': 'supports' }, firstTablesMinBytes: undefined });
    expect(calls).toEqual([]);
    expect(await contents(two)).toEqual(await contents(one));
  });
});

/** Bytes a test server sends per read of a response body. */
const CHUNK = 16 * 1024;

/** A fetch serving `files()` (by name) in chunks of `CHUNK`, counting the bytes each request read; `length`: with a Content-Length. */
function serve(files: () => Record<string, string>, requests: { file: string; bytes: number }[] = [], length = false): typeof fetch {
  return (async (url: string) => {
    const file = new URL(url).pathname.slice(1);
    const bytes = new TextEncoder().encode(files()[file]);
    const request = { file, bytes: 0 };
    requests.push(request);
    let at = 0;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          const chunk = bytes.slice(at, at + CHUNK);
          at += chunk.length;
          request.bytes += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      length ? { headers: { 'content-length': String(bytes.length) } } : {},
    );
  }) as typeof fetch;
}
