// The server's answer cache (plumb serve, real server on loopback, native DuckDB): the same named query with
// the same options as run is answered once; it never crosses scopes (a manager's unfiltered request is their
// subtree's, a team outside their scope is refused whatever is kept), and a calibration session's write is seen
// by the next request. (A data change on a writable server: named-queries.test.ts asks the same options before
// and after a DELETE.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnector, HttpRequestError, NAMED_QUERIES, defineQuery, queryRows, type CalibrationTableResult, type Connector } from '../../src/index.js';
import { loadSample } from '../../src/sample/load.js';
import { NativeConnector, ServerSessions, createAuthenticator, startHttpServer, tokenHash, type AuditEntry, type RunningHttpServer } from '../../src/node/index.js';
import { AnswerCache, type Answer } from '../../src/node/answer-cache.js';

let runs = 0;
const peopleByTeam = defineQuery('test-answer-cache-people', async (connector: Connector, o: { team_id?: string }) => {
  runs++;
  return queryRows<{ team_id: string; n: number }>(
    connector,
    'SELECT team_id, count(*)::INTEGER AS n FROM people WHERE ? IS NULL OR team_id = ? GROUP BY team_id ORDER BY team_id',
    [o.team_id ?? null, o.team_id ?? null],
  );
});

/** Answers larger than the server's compression threshold (every person: a few kB). */
const everyone = defineQuery('test-answer-cache-everyone', (connector: Connector) =>
  queryRows<{ person_id: string; name: string; team_id: string | null }>(connector, 'SELECT person_id, name, team_id FROM people ORDER BY person_id'));

const TOKENS = { admin: 'tok-admin-answer-cache-0123456', manager: 'tok-manager-answer-cache-01234', facilitator: 'tok-facil-answer-cache-0123456' };

describe('plumb serve keeps named-query answers by query, options as run and data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-answer-cache-'));
  const audit: AuditEntry[] = [];
  const db = new NativeConnector();
  let server: RunningHttpServer;
  const client = (token: string) => new HttpConnector({ url: server.url, token });
  let org: { root: string; rootTeams: Set<string>; outside: string; cycle: string; person: string; rating: number };

  beforeAll(async () => {
    NAMED_QUERIES[peopleByTeam.name] = peopleByTeam as never;
    NAMED_QUERIES[everyone.name] = everyone as never;
    await loadSample(db, { people: 120, seed: 7 });
    const teams = await queryRows<{ team_id: string; parent_team_id: string | null; lead_id: string | null }>(db, 'SELECT team_id, parent_team_id, lead_id FROM teams');
    // A led team with sub-teams; its subtree by hand.
    const root = teams.filter((t) => t.lead_id && t.parent_team_id && teams.some((c) => c.parent_team_id === t.team_id)).sort((a, b) => a.team_id.localeCompare(b.team_id))[0]!;
    const rootTeams = new Set([root.team_id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of teams) if (t.parent_team_id && rootTeams.has(t.parent_team_id) && !rootTeams.has(t.team_id)) (rootTeams.add(t.team_id), (grew = true));
    }
    const people = await queryRows<{ person_id: string; team_id: string | null }>(db, 'SELECT person_id, team_id FROM people ORDER BY person_id');
    const outside = people.find((p) => p.team_id && !rootTeams.has(p.team_id))!.team_id!;
    const [cycle] = await queryRows<{ cycle_id: string }>(db, "SELECT cycle_id FROM cycles WHERE kind = 'review' ORDER BY end_date DESC LIMIT 1");
    // The session starts from the data's calibrated rating where there is one, else the manager's.
    const ratings = await queryRows<{ employee_id: string; stage: string; rating: number; team_id: string }>(
      db,
      `SELECT r.employee_id, r.stage, r.rating, p.team_id FROM ratings r JOIN people p ON p.person_id = r.employee_id
        WHERE r.cycle_id = ? AND r.dimension = 'overall' AND r.rating IS NOT NULL ORDER BY r.employee_id`,
      [cycle!.cycle_id],
    );
    const before = new Map<string, number>();
    for (const r of ratings) if (rootTeams.has(r.team_id) && r.stage === 'manager' && !before.has(r.employee_id)) before.set(r.employee_id, Number(r.rating));
    for (const r of ratings) if (rootTeams.has(r.team_id) && r.stage === 'calibrated') before.set(r.employee_id, Number(r.rating));
    const [person, rating] = [...before].sort(([a], [b]) => a.localeCompare(b))[0]!;
    org = { root: root.team_id, rootTeams, outside, cycle: cycle!.cycle_id, person, rating };
    writeFileSync(
      join(dir, 'tokens'),
      [
        `${tokenHash(TOKENS.admin)} hr-admin admin`,
        `${tokenHash(TOKENS.manager)} lead@example.test manager ${root.lead_id}`,
        `${tokenHash(TOKENS.facilitator)} anna@example.test facilitator - ${root.team_id}`,
      ].join('\n'),
    );
    const auth = await createAuthenticator([{ kind: 'tokens-file', path: join(dir, 'tokens') }]);
    const sessions = await ServerSessions.start(db, { dir: join(dir, 'sessions') });
    server = await startHttpServer({ connector: db, port: 0, auth, sessions, audit: (e) => audit.push(e) });
  }, 60_000);
  afterAll(async () => {
    delete NAMED_QUERIES[peopleByTeam.name];
    delete NAMED_QUERIES[everyone.name];
    await server?.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lastAudit = () => audit.at(-1)!;

  it('answers the same query with the same options once, the same bytes after, audited as kept', async () => {
    const admin = client(TOKENS.admin);
    runs = 0;
    const first = await admin.runNamedQuery(peopleByTeam.name, { team_id: org.root });
    expect(lastAudit().cached).toBeUndefined();
    const second = await admin.runNamedQuery(peopleByTeam.name, { team_id: org.root });
    expect(lastAudit()).toMatchObject({ kind: 'named', status: 200, cached: true });
    expect(second).toEqual(first);
    expect(runs).toBe(1);
    // Other options are another answer.
    expect(await admin.runNamedQuery(peopleByTeam.name, {})).not.toEqual(first);
    expect(runs).toBe(2);
  });

  it('sends an answer compressed when the client accepts it (brotli before gzip), the same JSON once decoded', async () => {
    // Raw requests: fetch would decode without telling.
    const ask = (encoding: string | null) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const req = request(server.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json', ...(encoding ? { 'accept-encoding': encoding } : {}) },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ type: 'named', name: everyone.name, options: {} }));
      });
    const plain = await ask(null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const answer = JSON.parse(plain.body.toString('utf8')) as unknown[];
    expect(answer).toHaveLength(120);
    const gz = await ask('gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gz.body.length).toBeLessThan(plain.body.length / 4);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const br = await ask('gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(lastAudit()).toMatchObject({ cached: true, bytes: plain.body.length, sent_bytes: br.body.length });
    // The client the elements use reads it either way.
    expect(await client(TOKENS.admin).runNamedQuery(everyone.name, {})).toEqual(answer);
  });

  it("never hands one caller's answer to a caller of another scope", async () => {
    const admin = client(TOKENS.admin);
    const manager = client(TOKENS.manager);
    const everyone = (await admin.runNamedQuery(peopleByTeam.name, {})) as { team_id: string }[];
    expect(new Set(everyone.map((r) => r.team_id)).size).toBeGreaterThan(org.rootTeams.size);
    // The manager's unfiltered request is narrowed to their team before the cache is asked: not the admin's answer.
    const theirs = (await manager.runNamedQuery(peopleByTeam.name, {})) as { team_id: string }[];
    expect(theirs.map((r) => r.team_id)).toEqual([org.root]);
    // A team outside their scope is refused, though the same request of the admin's is kept.
    await admin.runNamedQuery(peopleByTeam.name, { team_id: org.outside });
    await admin.runNamedQuery(peopleByTeam.name, { team_id: org.outside });
    expect(lastAudit().cached).toBe(true);
    const refused = await manager.runNamedQuery(peopleByTeam.name, { team_id: org.outside }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpRequestError);
    expect((refused as HttpRequestError).status).toBe(403);
    expect(lastAudit()).toMatchObject({ outcome: 'refused', subject: 'lead@example.test' });
    expect(lastAudit().cached).toBeUndefined();
  });

  it('a calibration session write is seen by the next request (no answer from before it)', async () => {
    const facilitator = client(TOKENS.facilitator);
    const options = { cycle: org.cycle, dimension: 'overall' };
    const rowOf = async () => ((await facilitator.runNamedQuery('calibration-table', options)) as CalibrationTableResult).rows.find((r) => r.id === org.person)!;
    expect((await rowOf()).calibrated_rating).toBe(org.rating);
    expect((await rowOf()).calibrated_rating).toBe(org.rating);
    expect(lastAudit().cached).toBe(true);
    const opened = await facilitator.session({ op: 'open', cycle: org.cycle });
    const to = org.rating >= 3 ? org.rating - 1 : org.rating + 1;
    await facilitator.session({
      op: 'append', session_id: opened.session.session_id,
      event: { kind: 'rating', employee_id: org.person, dimension: 'overall', from_rating: org.rating, to_rating: to, reason: 'Calibrated against peers' },
    });
    const after = await rowOf();
    expect(lastAudit().cached).toBeUndefined();
    expect(after).toMatchObject({ calibrated_rating: to, changed: true });
    expect((await rowOf()).calibrated_rating).toBe(to);
    expect(lastAudit().cached).toBe(true);
  });
});

it('the answer cache counts the compressed bytes it keeps beside an answer against its limit', () => {
  const cache = new AnswerCache(8000);
  const answer = (text: string): Answer => ({ text, bytes: text.length, encoded: new Map() });
  const a = answer('a'.repeat(1000));
  const b = answer('b'.repeat(1000));
  cache.set('a', a, cache.generation);
  cache.set('b', b, cache.generation);
  expect(cache.get('a')).toBe(a); // 4,000 bytes held: both kept, a used last
  cache.encoded('b', b, 'br', new Uint8Array(1500));
  expect(cache.get('b')?.encoded.get('br')?.byteLength).toBe(1500); // sent next time without compressing
  cache.encoded('b', b, 'gzip', new Uint8Array(2600));
  // 2,000 + 2,000 + 1,500 + 2,600 bytes: over the limit, the least recently used answer goes.
  expect(cache.get('a')).toBeUndefined();
  expect(cache.get('b')).toBe(b);
});
