import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Table, Utf8, Float64, tableToIPC, vectorFromArray } from 'apache-arrow';
import { NodeConnector, startHttpServer, type RunningHttpServer } from '../../src/node/index.js';
import { HttpConnector, createSchema, insertRows, queryRows, tableRowCounts } from '../../src/index.js';
import { calibrationOverview } from '../../src/calibration/queries.js';
import { nineBoxReport, type NineBoxReport } from '../../src/calibration/nine-box.js';
import { nineBoxQuery } from '../../src/calibration/named.js';
import { loadSample } from '../../src/sample/load.js';

const HOSTILE = [
  "x'); DROP TABLE people; --",
  'Robert"); DELETE FROM people WHERE ("1"="1',
  '$$; DROP TABLE people; $$',
  '<script>alert(1)</script>',
  'Zoë 李 🙂 \u0000-free\ttab\nnewline',
];

async function seed(db: NodeConnector): Promise<void> {
  await createSchema(db);
  await insertRows(db, 'people', [
    { person_id: 'p1', name: 'Ada', team_id: 't1', hire_date: '2020-02-29' },
    { person_id: 'p2', name: "O'Brien", team_id: 't1', hire_date: null },
    { person_id: 'p3', name: HOSTILE[0], team_id: 't2', hire_date: '2024-12-31' },
  ]);
}

/** What the server says at GET, or a refusal, as a plain fetch would see it. */
async function raw(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('HttpConnector against plumb serve (read-only, real loopback, real DuckDB)', () => {
  const db = new NodeConnector();
  let server: RunningHttpServer;
  let http: HttpConnector;

  beforeAll(async () => {
    await seed(db);
    // Raw SQL on: this block tests the SQL path (the server makes a token at start, for an administrator).
    server = await startHttpServer({ connector: db, port: 0, allowSql: true });
    http = new HttpConnector({ url: server.url, token: server.token! });
  });
  afterAll(async () => {
    await http.close();
    await server.close();
    await db.close();
  });

  it('listens on loopback and is read-only unless told otherwise', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.readOnly).toBe(true);
    const info = await raw(server.url);
    expect(JSON.parse(info.text)).toEqual({ service: 'plumb', protocol: 1, readOnly: true, sessions: false });
  });

  it('sends parameters as values: hostile strings come back as the same strings', async () => {
    for (const s of HOSTILE) {
      const rows = await queryRows(http, 'SELECT ? AS s, ? AS n, ? AS b, ? AS z', [s, -41.5, true, null]);
      expect(rows).toEqual([{ s, n: -41.5, b: true, z: null }]);
    }
    const [row] = await queryRows<{ n: number }>(http, 'SELECT count(*) AS n FROM people WHERE name = ?', [HOSTILE[0]!]);
    expect(row?.n).toBe(1);
    expect(await queryRows(http, 'SELECT count(*) AS n FROM people')).toEqual([{ n: 3 }]);
  });

  it('gives a core query the same rows as the NodeConnector it serves', async () => {
    const sql = 'SELECT person_id, name, hire_date FROM people WHERE team_id = ? ORDER BY person_id';
    const overHttp = await queryRows(http, sql, ['t1']);
    expect(overHttp).toEqual(await queryRows(db, sql, ['t1']));
    expect(overHttp).toEqual([
      { person_id: 'p1', name: 'Ada', hire_date: '2020-02-29' },
      { person_id: 'p2', name: "O'Brien", hire_date: null },
    ]);
  });

  it('keeps column names and types of an empty result', async () => {
    const table = await http.query('SELECT person_id, hire_date FROM people WHERE false');
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['person_id', 'hire_date']);
  });

  it("rejects with the database's own error message", async () => {
    const direct = await db.query('SELECT * FROM no_such_table').then(() => '', (e: Error) => e.message);
    expect(direct).toMatch(/no_such_table/);
    // Its first line: the rest (and any path) goes to the audit log only.
    await expect(http.query('SELECT * FROM no_such_table')).rejects.toThrow(direct.split('\n')[0]!);
    await expect(http.query('SELECT CAST(? AS INTEGER)', ['not a number'])).rejects.toThrow(/Conversion Error: .*not a number/);
  });

  it('refuses anything but one reading statement, and leaves the data alone', async () => {
    await expect(http.query('DROP TABLE people')).rejects.toThrow(/read-only server: only SELECT, WITH, DESCRIBE or SUMMARIZE/);
    await expect(http.query('SELECT 1; DROP TABLE people')).rejects.toThrow(/only one statement/);
    await expect(http.query('WITH x AS (SELECT 1) DELETE FROM people')).rejects.toThrow(/DELETE is not allowed/);
    await expect(http.query("SELECT $$'$$; DROP TABLE people; SELECT $$'$$")).rejects.toThrow(/dollar-quoted/);
    await expect(http.insertArrowIPC('people', tableToIPC(new Table({ person_id: vectorFromArray(['p9'], new Utf8()) }), 'stream'))).rejects.toThrow(/read-only/);
    await expect(http.registerFile('x.csv', new TextEncoder().encode('a\n1\n'))).rejects.toThrow(/read-only/);
    expect(await queryRows(http, 'SELECT count(*) AS n FROM people')).toEqual([{ n: 3 }]);
    expect((await queryRows(http, 'DESCRIBE people')).length).toBeGreaterThan(3);
    expect(await queryRows(http, 'WITH t AS (SELECT 2 AS x) SELECT x FROM t')).toEqual([{ x: 2 }]);
  });

  it("lets what <plumb-data .connector> runs first through: createSchema (a no-op here) and tableRowCounts", async () => {
    await createSchema(http);
    expect(await tableRowCounts(http)).toMatchObject({ people: 3, key_results: 0 });
    await expect(http.query('CREATE TABLE IF NOT EXISTS extra (a INTEGER)')).rejects.toThrow(/not CREATE/);
    expect(await queryRows(http, 'SELECT count(*) AS n FROM people')).toEqual([{ n: 3 }]);
  });

  it('reads no files from the server even in an allowed SELECT', async () => {
    await expect(http.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/disabled by configuration/);
  });

  it('refuses pages from other origins before running anything', async () => {
    const res = await raw(server.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'arrow', sql: 'SELECT 1' }),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error).toMatch(/origin https:\/\/evil\.example is not allowed/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('makes no request before the first call, and none after close', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const lazy = new HttpConnector({ url: server.url, fetch: counting, token: server.token! });
    expect(calls).toBe(0);
    expect(await queryRows(lazy, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(calls).toBe(1);
    await lazy.close();
    await expect(lazy.query('SELECT 1')).rejects.toThrow(/closed/);
    expect(calls).toBe(1);
  });

  it('says which URL it could not reach', async () => {
    const gone = await startHttpServer({ connector: db, port: 0, auth: 'none' });
    await gone.close();
    await expect(new HttpConnector({ url: gone.url }).query('SELECT 1')).rejects.toThrow(`could not reach ${gone.url}`);
  });
});

describe('HttpConnector against a writable server', () => {
  const db = new NodeConnector();
  let server: RunningHttpServer;
  let http: HttpConnector;

  beforeAll(async () => {
    await createSchema(db);
    server = await startHttpServer({ connector: db, port: 0, readOnly: false, allowOrigin: 'https://dash.example', auth: 'none', allowSql: true });
    http = new HttpConnector({ url: server.url, headers: { 'x-request-source': 'test' } });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('inserts Arrow IPC, creating or appending', async () => {
    const batch = (ids: string[], scores: number[]) =>
      tableToIPC(new Table({ id: vectorFromArray(ids, new Utf8()), score: vectorFromArray(scores, new Float64()) }), 'stream');
    await http.insertArrowIPC('scores "x"', batch(['a', 'b'], [1.5, 2]), { create: true });
    await http.insertArrowIPC('scores "x"', batch(['c'], [3]));
    expect(await queryRows(db, 'SELECT id, score FROM "scores ""x""" ORDER BY id')).toEqual([
      { id: 'a', score: 1.5 },
      { id: 'b', score: 2 },
      { id: 'c', score: 3 },
    ]);
    await expect(http.insertArrowIPC('no_such_table', batch(['z'], [0]))).rejects.toThrow(/no_such_table/);
  });

  it("runs core's insertRows unchanged over HTTP", async () => {
    await insertRows(http, 'check_ins', [{ key_result_id: 'kr1', checked_at: '2026-01-08', confidence: 0.7, note: HOSTILE[1] }]);
    expect(await queryRows(db, 'SELECT key_result_id, checked_at, confidence, note FROM check_ins')).toEqual([
      { key_result_id: 'kr1', checked_at: '2026-01-08', confidence: 0.7, note: HOSTILE[1] },
    ]);
  });

  it('registers and drops files read by SQL', async () => {
    await http.registerFile('ünits.csv', new TextEncoder().encode('unit,n\nkm,1\n%,2\n'));
    expect(await queryRows(http, "SELECT unit, n FROM read_csv('ünits.csv') ORDER BY n")).toEqual([
      { unit: 'km', n: 1 },
      { unit: '%', n: 2 },
    ]);
    await http.dropFile('ünits.csv');
    await expect(http.query("SELECT * FROM read_csv('ünits.csv')")).rejects.toThrow(/ünits\.csv/);
  });

  it('answers the one allowed origin, preflight included', async () => {
    const pre = await raw(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { origin: 'https://dash.example', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'arrow', sql: 'SELECT 1 AS x', params: [] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    expect((await raw(server.url, { method: 'POST', headers: { origin: 'https://other.example' } })).status).toBe(403);
  });

  it('answers malformed requests with a reason, not a crash', async () => {
    const post = (body: string, type = 'application/json') => raw(server.url, { method: 'POST', headers: { 'content-type': type }, body });
    expect(await post('{not json')).toMatchObject({ status: 400, text: '{"error":"request body is not JSON"}' });
    expect((await post(JSON.stringify({ type: 'arrow', sql: 'SELECT ?', params: [{ a: 1 }] }))).status).toBe(400);
    expect(JSON.parse((await post(JSON.stringify({ type: 'exec', sql: 'SELECT 1' }))).text).error).toMatch(/unknown request type "exec"/);
    expect((await post('SELECT 1', 'text/plain')).status).toBe(415);
    expect((await raw(new URL('/elsewhere', server.url).href)).status).toBe(404);
    await expect(http.insertArrowIPC('scores', new TextEncoder().encode('not arrow at all'), { create: true })).rejects.toThrow(
      'request body is not an Arrow IPC stream',
    );
    expect(await queryRows(http, 'SELECT 1 AS still_up')).toEqual([{ still_up: 1 }]);
  });
});

describe('named core queries over HttpConnector', () => {
  const db = new NodeConnector();
  let server: RunningHttpServer;
  let http: HttpConnector;

  beforeAll(async () => {
    await loadSample(db, { people: 120, seed: 7 });
    server = await startHttpServer({ connector: db, port: 0, allowSql: true });
    http = new HttpConnector({ url: server.url, token: server.token! });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('answer exactly as they do on the NodeConnector behind the server', async () => {
    const overview = await calibrationOverview(http);
    expect(overview.length).toBeGreaterThan(0);
    expect(overview).toEqual(await calibrationOverview(db));
    // The nine-box answers from pre-aggregated tables it builds next to the data, so over a
    // read-only server it runs there as a named query (what the coordinator does).
    const nineBox = (await http.runNamedQuery(nineBoxQuery.name, { minGroup: 5 })) as NineBoxReport;
    expect(nineBox.n).toBeGreaterThan(50);
    expect(nineBox).toEqual(await nineBoxReport(db, { minGroup: 5 }));
    await expect(nineBoxReport(http, { minGroup: 5 })).rejects.toThrow(/read-only server/);
  });
});
