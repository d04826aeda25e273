import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector, NodeConnector, prepareServedViews, startHttpServer, type RunningHttpServer } from '../../src/node/index.js';
import { HttpConnector, NAMED_QUERIES, calibrationReportQuery, defineQuery, invalidateDerived, queryRows, tableRowCounts, type Connector } from '../../src/index.js';
import { loadSample } from '../../src/sample/load.js';
import { nineBoxReport } from '../../src/calibration/nine-box.js';
import { nineBoxCountsTable, ratingCounts } from '../../src/calibration/aggregates.js';

/** A named query as views declare them (the server runs it next to its data). */
let serverRuns = 0;
const peopleByTeam = defineQuery('test-people-by-team', async (connector: Connector, o: { team_id?: string }) => {
  serverRuns++;
  return queryRows<{ team_id: string; n: number }>(
    connector,
    'SELECT team_id, count(*) AS n FROM people WHERE ? IS NULL OR team_id = ? GROUP BY team_id ORDER BY team_id',
    [o.team_id ?? null, o.team_id ?? null],
  );
});

describe('named queries pushed to plumb serve', () => {
  const db = new NodeConnector();
  let server: RunningHttpServer;
  let http: HttpConnector;

  beforeAll(async () => {
    NAMED_QUERIES[peopleByTeam.name] = peopleByTeam as never;
    await loadSample(db, { people: 120, seed: 7 });
    server = await startHttpServer({ connector: db, port: 0 });
    http = new HttpConnector({ url: server.url, token: server.token! });
  });
  afterAll(async () => {
    delete NAMED_QUERIES[peopleByTeam.name];
    await server.close();
    await db.close();
  });

  it('runs a named query on the server in one request, with the same answer as running it here', async () => {
    const here = await peopleByTeam.run(db, {});
    serverRuns = 0;
    const there = await http.runNamedQuery(peopleByTeam.name, {});
    expect(there).toEqual(here);
    expect(serverRuns).toBe(1);
    const team = here[0]!.team_id;
    expect(await http.runNamedQuery(peopleByTeam.name, { team_id: team })).toEqual([here[0]]);
  });

  it('refuses a name it does not know, saying which it knows, and answers a read-only server too', async () => {
    await expect(http.runNamedQuery('no-such-query', {})).rejects.toThrow(/unknown named query "no-such-query" \(known: .*test-people-by-team/);
    expect(server.readOnly).toBe(true);
  });
});

describe('a writable plumb serve after a data change', () => {
  const db = new NodeConnector();
  let server: RunningHttpServer;
  let http: HttpConnector;
  beforeAll(async () => {
    await loadSample(db, { people: 120, seed: 5 });
    server = await startHttpServer({ connector: db, port: 0, readOnly: false, allowSql: true });
    http = new HttpConnector({ url: server.url, token: server.token! });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('answers from the changed data (its pre-aggregates are rebuilt, not served stale)', async () => {
    const options = { stage: 'manager' as const, minGroup: 5 };
    const before = (await http.runNamedQuery('calibration-report', options)) as { org: { n: number } };
    const [{ n: removed } = { n: 0 }] = await queryRows<{ n: number }>(db, "SELECT count(*)::INTEGER AS n FROM ratings WHERE stage = 'manager' AND dimension = 'overall' AND employee_id < 'p0040'");
    expect(removed).toBeGreaterThan(5);
    await http.query("DELETE FROM ratings WHERE stage = 'manager' AND dimension = 'overall' AND employee_id < 'p0040'");
    const after = (await http.runNamedQuery('calibration-report', options)) as { org: { n: number } };
    // The server's pseudonym salt is its own: never in an answer.
    expect(JSON.stringify(after)).not.toMatch(/"(pseudonymS|s)alt"/);
    expect(after.org.n).toBeLessThan(before.org.n);
    // The truth: everything derived afresh from the changed data.
    invalidateDerived(db);
    expect(after).toEqual(await calibrationReportQuery.run(db, options));
  });
});

describe('NativeConnector (native DuckDB 1.5) answers core the way the wasm engine does', () => {
  const wasm = new NodeConnector();
  const native = new NativeConnector();
  beforeAll(async () => {
    await loadSample(wasm, { people: 120, seed: 11 });
    await loadSample(native, { people: 120, seed: 11 });
  });
  afterAll(async () => {
    await wasm.close();
    await native.close();
  });

  it('holds the same rows after the same load, and gives the same named-query results', async () => {
    expect(await tableRowCounts(native)).toEqual(await tableRowCounts(wasm));
    const options = { stage: 'manager' as const, minGroup: 5 };
    expect(await nineBoxReport(native, options)).toEqual(await nineBoxReport(wasm, options));
  });

  it('stores the calibration counts in the order views read them when built as a server builds, with the same answers', async () => {
    const options = { stage: 'manager' as const, minGroup: 5 };
    // Ten significant digits: sums of doubles in another order differ in their last bits.
    const rounded = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)));
    const [report, nineBox] = [await calibrationReportQuery.run(native, options), await nineBoxReport(native, options)];
    const unfiltered = { minGroup: 5, maxRaters: 40, changes: false };
    const [allReport, allNineBox] = [await calibrationReportQuery.run(native, unfiltered), await nineBoxReport(native, { minGroup: 5, namesPerBox: 3 })];
    invalidateDerived(native);
    await prepareServedViews(native, { minGroup: 5 });
    // Stored order = sorted order (ties kept in build order) for both count tables.
    const unsorted = async (table: string, keys: string) =>
      (await queryRows<{ n: number }>(native, `SELECT count(*)::INTEGER AS n FROM (
         SELECT row_number() OVER (ORDER BY rowid) AS pos, row_number() OVER (ORDER BY ${keys}, rowid) AS rank FROM ${table}) WHERE pos <> rank`))[0]!.n;
    // The count tables are narrow (the atom's number) and read joined to the atoms: each table in (slice, atom) order,
    // the atoms numbered in block order, so a view's slice and blocks are a few ranges of it.
    const relation = await ratingCounts(native, 5);
    const [, narrow, atoms] = /FROM (\S+) n JOIN (\S+) a ON/.exec(relation)!;
    expect(await unsorted(narrow!, 'slice, atom')).toBe(0);
    expect((await queryRows<{ n: number }>(native, `SELECT count(*)::INTEGER AS n FROM (
       SELECT row_number() OVER (ORDER BY atom) AS pos, row_number() OVER (ORDER BY cycle_id, block, rater_id, team_id, department, level, location, manager_id) AS rank
         FROM ${atoms}) WHERE pos <> rank`))[0]!.n).toBe(0);
    const [, boxes] = /FROM (\S+) n JOIN/.exec(await nineBoxCountsTable(native, { performance: 'overall', potential: 'potential' }, 5))!;
    expect(await unsorted(boxes!, 'slice, atom')).toBe(0);
    expect(rounded(await calibrationReportQuery.run(native, options))).toEqual(rounded(report));
    expect(await nineBoxReport(native, options)).toEqual(nineBox);
    // The unfiltered views' privacy plans were decided at the build: their first request reads them, decides none.
    const statements: string[] = [];
    const query = native.query.bind(native);
    native.query = (sql, params) => (statements.push(sql), query(sql, params));
    try {
      expect(rounded(await calibrationReportQuery.run(native, unfiltered))).toEqual(rounded(allReport));
      expect(await nineBoxReport(native, { minGroup: 5, namesPerBox: 3 })).toEqual(allNineBox);
    } finally {
      delete (native as { query?: unknown }).query;
    }
    expect(statements.filter((sql) => /FROM plumb_plan_\d+_s\d+/.test(sql))).toHaveLength(2);
    expect(statements.filter((sql) => /\bsums AS \(|CREATE/.test(sql))).toEqual([]);
  });

  it('reads registered files by bare name and refuses paths', async () => {
    await native.registerFile('tiny.csv', new TextEncoder().encode('a,b\n1,x\n2,y\n'));
    expect(await queryRows(native, "SELECT a, b FROM read_csv('tiny.csv') ORDER BY a")).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    await native.dropFile('tiny.csv');
    await expect(native.registerFile('../escape.csv', new Uint8Array())).rejects.toThrow(/not a plain file name/);
  });
});
