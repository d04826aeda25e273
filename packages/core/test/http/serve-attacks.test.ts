// Issue #17's attack table, row by row, against the real server on loopback: native DuckDB with the
// limits `plumb serve --engine native` sets, the 600-person sample, an administrator allowed raw SQL
// (the widest door), managers and employees with API tokens. Each attack also measures how long
// another client's `SELECT 1` and named query take while it runs (printed at the end, for the note).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnector, defineQuery, queryRows, type NamedQueryOptions } from '../../src/index.js';
import { NAMED_QUERIES } from '../../src/queries/named.js';
import { derivedSize } from '../../src/queries/derived.js';
import { pseudonymIndex } from '../../src/privacy/pseudonym-index.js';
import { loadSample } from '../../src/sample/load.js';
import {
  NativeConnector,
  createAuthenticator,
  startHttpServer,
  tokenHash,
  type AuditEntry,
  type RunningHttpServer,
} from '../../src/node/index.js';

const SALT = 'server-salt-for-this-test';
const TIMEOUT_MS = 1000;
const MAX_ROWS = 10_000;
const DERIVED_ENTRIES = 16;
const TOKENS = { admin: 'tok-admin-0123456789abcdef', manager: 'tok-manager-0123456789abcdef', employee: 'tok-employee-0123456789abcd', other: 'tok-admin2-0123456789abcdef' };

interface Org {
  manager: string;
  root: string;
  teams: Set<string>;
  people: Set<string>;
  outsideTeam: string;
  outsidePerson: string;
  employee: string;
}

/** The manager's subtree, computed here in plain JS from the rows (not by the server's SQL). */
function subtree(teams: { team_id: string; parent_team_id: string | null }[], people: { person_id: string; manager_id: string | null; team_id: string | null }[], manager: string, root: string) {
  const teamSet = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) if (t.parent_team_id && teamSet.has(t.parent_team_id) && !teamSet.has(t.team_id)) (teamSet.add(t.team_id), (grew = true));
  }
  const peopleSet = new Set([manager]);
  for (const p of people) if (p.team_id && teamSet.has(p.team_id)) peopleSet.add(p.person_id);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of people) if (p.manager_id && peopleSet.has(p.manager_id) && !peopleSet.has(p.person_id)) (peopleSet.add(p.person_id), (grew = true));
  }
  return { teams: teamSet, people: peopleSet };
}

/** A POST as any client would send it; resolves with status, body text and milliseconds. */
async function post(url: string, token: string | null, body: unknown, init: { signal?: AbortSignal } = {}) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

const measured: Record<string, string> = {};

/** A named query that never ends by itself (a view's statement gone wrong, as far as the server can tell). */
const RUNAWAY = defineQuery('test-attacks-runaway', (connector) => queryRows(connector, 'SELECT count(*) AS n FROM range(10000000000000)'));
NAMED_QUERIES[RUNAWAY.name] = RUNAWAY as never;

describe('plumb serve under the attacks of issue #17 (native engine, loopback)', () => {
  const db = new NativeConnector({
    config: { memory_limit: '512MB', threads: '2', temp_directory: mkdtempSync(join(tmpdir(), 'plumb-spill-')), max_temp_directory_size: '256MB' },
    readers: 4,
  });
  const dir = mkdtempSync(join(tmpdir(), 'plumb-attacks-'));
  const audit: AuditEntry[] = [];
  let server: RunningHttpServer;
  let namedOnly: RunningHttpServer;
  /** Named queries stopped at TIMEOUT_MS (the others' 20 s leaves room for first builds). */
  let namedBounded: RunningHttpServer;
  let org: Org;
  let names: string[];

  const named = (token: string | null, name: string, options: Record<string, unknown> = {}) => post(server.url, token, { type: 'named', name, options });
  const sql = (token: string | null, text: string, init: { signal?: AbortSignal } = {}) => post(server.url, token, { type: 'arrow', sql: text, params: [] }, init);

  /** Whether every reader connection is free (no statement running) within `ms`. */
  async function readersFreeWithin(ms: number): Promise<boolean> {
    for (const until = performance.now() + ms; db.busyReaders > 0 && performance.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 10));
    return db.busyReaders === 0;
  }

  /** Another client's SELECT 1 and named query while `attack` runs: both must answer within a second. */
  async function othersDuring(label: string, attack: () => Promise<unknown>): Promise<void> {
    const running = attack();
    await new Promise((resolve) => setTimeout(resolve, 150)); // the attack is under way
    const one = await sql(TOKENS.other, 'SELECT 1 AS one');
    const view = await named(TOKENS.manager, 'calibration-report', { stage: 'manager' });
    await running;
    expect(one.status).toBe(200);
    expect(view.status).toBe(200);
    expect(one.ms).toBeLessThan(1000);
    // A named query does real work (alone: 40–130 ms); in CI it shares the 2 cores with the other test workers
    // as well as the attack, so it gets twice the issue's second before this fails.
    expect(view.ms).toBeLessThan(2000);
    measured[label] = `SELECT 1 ${one.ms.toFixed(0)} ms, calibration-report ${view.ms.toFixed(0)} ms`;
  }

  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 17 });
    const teams = await queryRows<{ team_id: string; parent_team_id: string | null; lead_id: string | null }>(db, 'SELECT team_id, parent_team_id, lead_id FROM teams');
    const people = await queryRows<{ person_id: string; manager_id: string | null; team_id: string | null; name: string }>(db, 'SELECT person_id, manager_id, team_id, name FROM people');
    names = people.map((p) => p.name);
    // A middle manager: leads a team that has a parent and sub-teams.
    const lead = teams
      .filter((t) => t.lead_id && t.parent_team_id && teams.some((c) => c.parent_team_id === t.team_id))
      .sort((a, b) => a.team_id.localeCompare(b.team_id))[0]!;
    const scope = subtree(teams, people, lead.lead_id!, lead.team_id);
    const outsider = people.find((p) => !scope.people.has(p.person_id) && p.team_id && !scope.teams.has(p.team_id))!;
    const employee = people.find((p) => !people.some((q) => q.manager_id === p.person_id) && !teams.some((t) => t.lead_id === p.person_id))!;
    org = { manager: lead.lead_id!, root: lead.team_id, ...scope, outsideTeam: outsider.team_id!, outsidePerson: outsider.person_id, employee: employee.person_id };
    const tokens = join(dir, 'tokens');
    writeFileSync(
      tokens,
      [
        `${tokenHash(TOKENS.admin)} hr-admin admin`,
        `${tokenHash(TOKENS.other)} second-admin admin`,
        `${tokenHash(TOKENS.manager)} manager@example.test manager ${org.manager}`,
        `${tokenHash(TOKENS.employee)} employee@example.test employee ${org.employee}`,
      ].join('\n'),
    );
    const auth = await createAuthenticator([{ kind: 'tokens-file', path: tokens }]);
    const limits = { timeoutMs: TIMEOUT_MS, namedTimeoutMs: 20_000, maxRows: MAX_ROWS, derivedEntries: DERIVED_ENTRIES };
    const common = { connector: db, port: 0, auth, minGroup: 5, salt: SALT, limits, audit: (e: AuditEntry) => audit.push(e) };
    server = await startHttpServer({ ...common, allowSql: true });
    namedOnly = await startHttpServer(common);
    namedBounded = await startHttpServer({ ...common, limits: { ...limits, namedTimeoutMs: TIMEOUT_MS } });
    // Warm the views the probes use (a server builds its pre-aggregates at start-up).
    expect((await named(TOKENS.manager, 'calibration-report', { stage: 'manager' })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await namedOnly?.close();
    await namedBounded?.close();
    delete NAMED_QUERIES[RUNAWAY.name];
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`serve-attacks: other clients' latency during each attack\n${Object.entries(measured).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  });

  describe('row 1: no credentials, raw SQL, any team', () => {
    const JOIN = `SELECT p.name, p.email, r.rating, f.text FROM feedback f JOIN people p ON p.person_id = f.giver_id JOIN ratings r ON r.employee_id = f.subject_id`;

    it('answers nothing without credentials (401), and names no person', async () => {
      const res = await sql(null, JOIN);
      expect(res.status).toBe(401);
      expect(names.some((n) => res.text.includes(n))).toBe(false);
    });

    it('refuses raw SQL on a server started without --allow-sql, even from an administrator', async () => {
      const res = await post(namedOnly.url, TOKENS.admin, { type: 'arrow', sql: JOIN });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).error).toMatch(/named queries only/);
    });

    it('refuses raw SQL from anyone but an administrator when it is on', async () => {
      const res = await sql(TOKENS.manager, JOIN);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).error).toBe('raw SQL is for administrators only');
    });

    it('refuses a team, a person or an objective outside the manager subtree (403), accepts one inside', async () => {
      expect((await named(TOKENS.manager, 'calibration-report', { team_id: org.outsideTeam })).status).toBe(403);
      expect((await named(TOKENS.manager, 'person-evidence', { person: org.outsidePerson })).status).toBe(403);
      expect((await named(TOKENS.manager, 'burndown', { person_id: org.outsidePerson })).status).toBe(403);
      const [outsideObjective] = await queryRows<{ id: string }>(
        db,
        `SELECT objective_id AS id FROM objectives WHERE team_id IS NOT NULL AND NOT list_contains(?::VARCHAR[], team_id) AND NOT list_contains(?::VARCHAR[], owner_id) LIMIT 1`,
        [JSON.stringify([...org.teams]), JSON.stringify([...org.people])],
      );
      expect((await named(TOKENS.manager, 'cascade', { objective_id: outsideObjective!.id })).status).toBe(403);
      const child = [...org.teams].find((t) => t !== org.root)!;
      expect((await named(TOKENS.manager, 'calibration-report', { team_id: child })).status).toBe(200);
      const report = [...org.people].find((p) => p !== org.manager)!;
      expect((await named(TOKENS.manager, 'person-evidence', { person: report })).status).toBe(200);
      // An option the scope check does not know is refused for a narrow role, not passed through.
      expect((await named(TOKENS.manager, 'calibration-report', { org_unit: 'x' })).status).toBe(403);
    });

    /**
     * People outside the subtree whose id or name appears in `text`, less those who appear only as what
     * they did to someone inside it (rated them, gave them feedback or a recognition).
     */
    async function outsiders(text: string): Promise<string[]> {
      const people = await queryRows<{ person_id: string; name: string }>(db, 'SELECT person_id, name FROM people');
      const inside = JSON.stringify([...org.people]);
      const actors = new Set(
        (
          await queryRows<{ id: string }>(
            db,
            `SELECT rater_id AS id FROM ratings WHERE list_contains(?::VARCHAR[], employee_id)
             UNION SELECT giver_id FROM feedback WHERE list_contains(?::VARCHAR[], subject_id)
             UNION SELECT given_by FROM recognitions WHERE list_contains(?::VARCHAR[], person_id)`,
            [inside, inside, inside],
          )
        ).map((r) => r.id),
      );
      // A name an insider shares (the sample repeats some) proves nothing.
      const insideNames = new Set(people.filter((p) => org.people.has(p.person_id)).map((p) => p.name));
      return people
        .filter((p) => !org.people.has(p.person_id) && !actors.has(p.person_id))
        .filter((p) => text.includes(`"${p.person_id}"`) || (!insideNames.has(p.name) && text.includes(`"${p.name}"`)))
        .map((p) => p.person_id);
    }

    it.each(['calibration-report', 'nine-box', 'recognition-delivery'])('narrows an unfiltered %s for a manager to their subtree: no one outside it is named', async (name) => {
      const res = await named(TOKENS.manager, name, { stage: 'manager' });
      expect(res.status).toBe(200);
      expect(audit.at(-1)!.options?.team_id).toBe(org.root);
      expect(await outsiders(res.text)).toEqual([]);
      // and no figure of a team outside it
      const teams = [...res.text.matchAll(/"team_id":"([^"]+)"/g)].map((m) => m[1]!);
      expect(teams.filter((t) => !org.teams.has(t))).toEqual([]);
      // The same request naming a team outside: refused, not answered wider.
      expect((await named(TOKENS.manager, name, { stage: 'manager', team_id: org.outsideTeam })).status).toBe(403);
    });

    it("answers a manager's person-evidence of a report without naming anyone outside the subtree", async () => {
      const report = [...org.people].find((p) => p !== org.manager)!;
      const res = await named(TOKENS.manager, 'person-evidence', { person: report });
      expect(res.status).toBe(200);
      expect(await outsiders(res.text)).toEqual([]);
    });

    it("narrows the burn-down to the manager's teams: every series and alert is a key result of the subtree", async () => {
      const res = await named(TOKENS.manager, 'burndown', {});
      expect(res.status).toBe(200);
      const result = JSON.parse(res.text) as { series: { team_id: string | null }[] | null; alerts: { team_id: string | null }[] };
      const rows = [...(result.series ?? []), ...result.alerts];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.team_id === null || !org.teams.has(r.team_id))).toEqual([]);
    });

    it("opens the cascade on the manager's team: every focused objective is the subtree's", async () => {
      const res = await named(TOKENS.manager, 'cascade', {});
      expect(res.status).toBe(200);
      const result = JSON.parse(res.text) as { focus: string[]; nodes: { key: string; team_id: string | null }[] };
      const byKey = new Map(result.nodes.map((n) => [n.key, n]));
      expect(result.focus.length).toBeGreaterThan(0);
      expect(result.focus.filter((k) => !org.teams.has(byKey.get(k)?.team_id ?? ''))).toEqual([]);
      const search = await named(TOKENS.manager, 'cascade-search', { text: 'a' });
      expect(search.status).toBe(200);
    });

    it('answers an employee about themselves only', async () => {
      expect((await named(TOKENS.employee, 'person-evidence', { person: org.employee })).status).toBe(200);
      expect((await named(TOKENS.employee, 'person-evidence', { person: org.manager })).status).toBe(403);
      expect((await named(TOKENS.employee, 'calibration-report', { team_id: org.root })).status).toBe(403);
    });
  });

  describe('row 2: minGroup 1', () => {
    it.each(['person-evidence', 'calibration-report', 'nine-box', 'burndown'])('answers %s at the server minimum whatever the client asks', async (name) => {
      const base = name === 'person-evidence' ? { person: [...org.people].find((p) => p !== org.manager)! } : { stage: 'manager' };
      const asked1 = await named(TOKENS.admin, name, { ...base, minGroup: 1 });
      const asked5 = await named(TOKENS.admin, name, { ...base, minGroup: 5 });
      expect(asked1.status).toBe(200);
      expect(audit.at(-2)!.options?.minGroup).toBe(5);
      expect(JSON.parse(asked1.text)).toEqual(JSON.parse(asked5.text));
      // and the stricter client wins
      await named(TOKENS.admin, name, { ...base, minGroup: 8 });
      expect(audit.at(-1)!.options?.minGroup).toBe(8);
    });

    it('pools the raters the sample has below the minimum (calibration-report at minGroup 1 shows none one by one)', async () => {
      const direct1 = await NAMED_QUERIES['calibration-report']!.run(db, { stage: 'manager', minGroup: 1 } as never);
      const served = JSON.parse((await named(TOKENS.admin, 'calibration-report', { stage: 'manager', minGroup: 1 })).text);
      const direct5 = await NAMED_QUERIES['calibration-report']!.run(db, { stage: 'manager', minGroup: 5 } as never);
      // To 12 digits: a statistic summed over many rows may differ in its last bits run to run (DuckDB adds
      // doubles in the order its threads finish); the privacy figures are counts and compare exactly.
      const digits = (v: unknown) => JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x)) as unknown;
      expect(digits(served)).toEqual(digits(direct5));
      expect(digits(served)).not.toEqual(digits(direct1));
    });
  });

  describe('row 3: anonymize with a real id, a client-chosen salt', () => {
    it('refuses a real id under anonymize, answers its pseudonym, and ignores the client salt', async () => {
      const person = [...org.people].find((p) => p !== org.manager)!;
      const refused = await named(TOKENS.admin, 'person-evidence', { person, anonymize: true, salt: 'mine' });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).error).toMatch(/pseudonym/);
      const code = (await pseudonymIndex(db, SALT)).code(person);
      const a = await named(TOKENS.admin, 'person-evidence', { person: code, anonymize: true, salt: 'mine' });
      const b = await named(TOKENS.admin, 'person-evidence', { person: code, anonymize: true, salt: 'another' });
      expect(a.status).toBe(200);
      expect(a.text).toEqual(b.text);
      expect(a.text).not.toContain(person);
      const byClientSalt = (await pseudonymIndex(db, 'mine')).code(person);
      expect(a.text).not.toContain(byClientSalt);
      // and the server's salt is in no answer (a query echoing its options would hand it out)
      const report = await named(TOKENS.admin, 'calibration-report', { stage: 'manager', anonymize: true });
      expect(report.status).toBe(200);
      expect(report.text + a.text).not.toContain(SALT);
    });
  });

  describe('row 5: SELECT count(*) FROM range(1e13)', () => {
    it(`is interrupted at the ${TIMEOUT_MS} ms time-out while others are served`, async () => {
      let attack: Awaited<ReturnType<typeof sql>> | undefined;
      await othersDuring('range(1e13) until the time-out', async () => {
        attack = await sql(TOKENS.admin, 'SELECT count(*) FROM range(10000000000000)');
      });
      expect(attack!.status).toBe(503);
      expect(JSON.parse(attack!.text).error).toMatch(/longer than 1000 ms/);
      measured['time-out reaction (range(1e13), 1 s limit)'] = `${attack!.ms.toFixed(0)} ms from request to answer`;
      expect(attack!.ms).toBeLessThan(TIMEOUT_MS + 700);
      // The answer goes out once DuckDB has stopped the statement: a client retrying at once finds its reader free.
      expect(db.busyReaders).toBe(0);
    });

    it('stops the statements of clients that leave: all reader connections are free again at once', async () => {
      expect(await readersFreeWithin(5000)).toBe(true);
      const auditFrom = audit.length;
      const clients = [0, 1, 2, 3].map(() => new AbortController());
      const leaving = clients.map((c) => sql(TOKENS.admin, 'SELECT count(*) FROM range(10000000000000)', { signal: c.signal }).catch(() => null));
      // All four statements running, not just sent: under load a request can take longer than any fixed wait to arrive.
      for (const until = Date.now() + 20_000; db.busyReaders < 4 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(db.busyReaders).toBe(4);
      const left = performance.now();
      for (const c of clients) c.abort();
      await Promise.all(leaving);
      // Uninterrupted, range(1e13) holds its reader for hours; interrupted, within a vector or so (5 s: CI's load).
      expect(await readersFreeWithin(5000)).toBe(true);
      const freed = performance.now() - left;
      // Four statements held four readers; a fifth finds one free only if they were interrupted.
      const next = await sql(TOKENS.other, 'SELECT 42 AS n');
      expect(next.status).toBe(200);
      measured['four departed range(1e13) clients'] = `readers free ${freed.toFixed(0)} ms after the clients left; next statement ${next.ms.toFixed(0)} ms`;
      expect(audit.slice(auditFrom).map((e) => e.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'ok']);
    });
  });

  describe('row 5b: a named query that runs away', () => {
    const bounded = (token: string, name: string, options: Record<string, unknown> = {}) => post(namedBounded.url, token, { type: 'named', name, options });

    it('runs beside the other named queries (not before them), and stops when its client leaves', async () => {
      const leaving = new AbortController();
      let runawayDone = false;
      const runaway = post(server.url, TOKENS.admin, { type: 'named', name: RUNAWAY.name, options: {} }, { signal: leaving.signal })
        .catch(() => null)
        .finally(() => (runawayDone = true));
      await new Promise((resolve) => setTimeout(resolve, 150)); // under way
      // On one connection the view's statements waited behind the runaway's (for its 20 s time-out). Options no
      // other case asks: run, not answered from the answer cache.
      const view = await named(TOKENS.manager, 'calibration-report', { stage: 'manager', maxRaters: 13 });
      expect(audit.at(-1)).toMatchObject({ query: 'calibration-report', outcome: 'ok' });
      expect(audit.at(-1)?.cached).toBeUndefined();
      expect(view.status).toBe(200);
      expect(runawayDone).toBe(false);
      leaving.abort();
      await runaway;
      measured['runaway named query'] = `calibration-report beside it ${view.ms.toFixed(0)} ms`;
    });

    it('is stopped at its time-out and frees its connection: two runaways at once, then a view still answers', async () => {
      const both = await Promise.all([bounded(TOKENS.admin, RUNAWAY.name), bounded(TOKENS.other, RUNAWAY.name)]);
      expect(both.map((r) => r.status)).toEqual([503, 503]);
      for (const r of both) expect(JSON.parse(r.text).error).toMatch(/longer than 1000 ms/);
      // Both pooled connections ran a runaway: the view finds one only if their statements were interrupted.
      const view = await bounded(TOKENS.manager, 'nine-box', {});
      expect(view.status).toBe(200);
      expect(view.ms).toBeLessThan(2000);
    });
  });

  describe('row 6: a 30-million-row result', () => {
    it('is refused at the row cap without reading the rest, and memory stays flat', async () => {
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      let res: Awaited<ReturnType<typeof sql>> | undefined;
      try {
        await othersDuring('30M-row result', async () => {
          res = await sql(TOKENS.admin, "SELECT range AS i, 'row ' || range AS label FROM range(30000000)");
        });
      } finally {
        clearInterval(sampler);
      }
      expect(res!.status).toBe(413);
      expect(JSON.parse(res!.text).error).toMatch(/more than 10000 rows/);
      measured['30M-row result'] += `; refused in ${res!.ms.toFixed(0)} ms, RSS +${((peak - before) / 2 ** 20).toFixed(0)} MiB`;
      expect(peak - before).toBeLessThan(256 * 2 ** 20);
    });
  });

  describe('row 6b: a calibration report of every rater', () => {
    it('is refused when the list is longer than the row limit, before its rows are read; a bounded one answers', async () => {
      const rowLimit = 8;
      // Its own limits on the shared database: the number of pre-aggregates kept is the others' (row 8 counts them).
      const small = await startHttpServer({ connector: db, port: 0, auth: 'none', minGroup: 5, salt: SALT, limits: { maxRows: rowLimit, derivedEntries: DERIVED_ENTRIES } });
      try {
        const bounded = await post(small.url, null, { type: 'named', name: 'calibration-report', options: { stage: 'manager', maxRaters: 4 } });
        expect(bounded.status).toBe(200);
        const rows = (JSON.parse(bounded.text) as { shown_raters: number }).shown_raters;
        expect(rows).toBeGreaterThan(rowLimit);
        const all = await post(small.url, null, { type: 'named', name: 'calibration-report', options: { stage: 'manager' } });
        expect(all.status).toBe(413);
        expect(JSON.parse(all.text).error).toBe(`the report would list ${rows} raters, more than this server's limit of ${rowLimit} rows: ask for fewer with maxRaters`);
      } finally {
        await small.close();
      }
    });

    it('answers a list that fits with the unbounded report, running its statistics once', async () => {
      const options = { stage: 'manager' as const, minGroup: 5 };
      const { filter: _asked, ...unbounded } = JSON.parse(JSON.stringify(await NAMED_QUERIES['calibration-report']!.run(db, options as never))) as { filter: unknown; shown_raters: number };
      const ratings = (await queryRows<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM ratings`))[0]!.n;
      // A limit the list fits but the ratings do not: the bound applies.
      expect(unbounded.shown_raters).toBeLessThan(ratings);
      const fits = await startHttpServer({ connector: db, port: 0, auth: 'none', minGroup: 5, salt: SALT, limits: { maxRows: unbounded.shown_raters, derivedEntries: DERIVED_ENTRIES } });
      const statistics: string[] = [];
      const query = db.query.bind(db);
      db.query = (sql, params) => (/\bbudget AS \(/.test(sql) && statistics.push(sql), query(sql, params));
      try {
        const all = await post(fits.url, null, { type: 'named', name: 'calibration-report', options });
        expect(all.status).toBe(200);
        const { filter, ...answer } = JSON.parse(all.text) as { filter: Record<string, unknown> };
        expect(answer).toEqual(unbounded);
        // The echo says what was asked, not the server's bound.
        expect(filter).not.toHaveProperty('maxRaters');
        expect(filter).not.toHaveProperty('raterListLimit');
        expect(statistics).toHaveLength(1);
      } finally {
        delete (db as { query?: unknown }).query;
        await fits.close();
      }
    });
  });

  describe('row 7: a 48 MiB SQL body, a 2 MiB option string', () => {
    it('refuses a 48 MiB body before reading it, while others are served', async () => {
      const big = `SELECT '${'x'.repeat(48 * 2 ** 20)}'`;
      let res: Awaited<ReturnType<typeof sql>> | undefined;
      await othersDuring('48 MiB SQL body', async () => {
        res = await sql(TOKENS.admin, big);
      });
      expect(res!.status).toBe(413);
      measured['48 MiB SQL body'] += `; refused in ${res!.ms.toFixed(0)} ms`;
    });

    it('cuts a body sent without a length at the limit', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}`, 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(413)); // the server may close the socket as soon as it answered
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 8 * 2 ** 20) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
        setTimeout(() => reject(new Error('no answer')), 10_000);
      });
      expect(status).toBe(413);
    });

    it('refuses a 2 MiB option string (and a long option text) before any query work', async () => {
      const huge = await named(TOKENS.admin, 'cascade', { text: 'y'.repeat(2 * 2 ** 20) });
      expect(huge.status).toBe(413);
      const long = await named(TOKENS.admin, 'cascade-search', { text: 'y'.repeat(5000) });
      expect(long.status).toBe(413);
      expect(JSON.parse(long.text).error).toMatch(/longer than 1000 characters/);
    });
  });

  describe('row 8: many distinct minGroup / asOf values', () => {
    it(`keeps at most ${DERIVED_ENTRIES} pre-aggregates, dropping the tables of evicted ones`, async () => {
      const tables = async () => (await queryRows<{ n: number }>(db, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'plumb\\_%' ESCAPE '\\'"))[0]!.n;
      for (let k = 6; k < 14; k++) expect((await named(TOKENS.admin, 'calibration-report', { stage: 'manager', minGroup: k })).status).toBe(200);
      for (let day = 1; day <= 4; day++) {
        const asOf = `2026-02-${String(day).padStart(2, '0')}`;
        expect((await named(TOKENS.admin, 'burndown', { asOf })).status).toBe(200);
        expect((await named(TOKENS.admin, 'cascade', { asOf })).status).toBe(200);
      }
      await new Promise((resolve) => setTimeout(resolve, 200)); // evictions drop tables in the background
      expect(derivedSize(db)).toBeLessThanOrEqual(DERIVED_ENTRIES);
      const held = await tables();
      measured['distinct minGroup/asOf (8 + 2×4 requests)'] = `${derivedSize(db)} cached entries, ${held} plumb_ tables held`;
      expect(held).toBeLessThanOrEqual(DERIVED_ENTRIES * 2);
      // The first distinct minGroup's tables were dropped with its entry.
      const atoms6 = await queryRows(db, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'plumb_agg_cal_atoms_k6'");
      expect(atoms6).toEqual([]);
      // and the views still answer afterwards
      expect((await named(TOKENS.manager, 'calibration-report', { stage: 'manager' })).status).toBe(200);
    });
  });

  describe('row 9: error messages', () => {
    it('gives clients no paths and no internal SQL; the audit log has the detail', async () => {
      const file = await sql(TOKENS.admin, "SELECT * FROM read_csv('/home/someone/.duckdb/secret.csv')");
      expect(file.status).toBe(400);
      expect(file.text).not.toMatch(/\/home|\.duckdb|\.tmp/);
      expect(audit.at(-1)!.detail).toMatch(/secret\.csv|disabled/);
      // A database error inside a named query (a date DuckDB cannot read) names internal SQL: generic for the client.
      const bad = await named(TOKENS.admin, 'cascade', { asOf: '2026-02-31' });
      expect(bad.status).toBe(400);
      expect(bad.text).not.toMatch(/SELECT|FROM|plumb_|LINE \d/);
    });
  });

  describe('row 10: audit', () => {
    it('wrote one line per request with who, what, rows, time and outcome, and no data value', async () => {
      const requests = audit.length;
      await named(TOKENS.manager, 'nine-box', {});
      expect(audit.length).toBe(requests + 1);
      const entry = audit.at(-1)!;
      expect(entry).toMatchObject({ subject: 'manager@example.test', role: 'manager', kind: 'named', query: 'nine-box', status: 200, outcome: 'ok' });
      expect(entry.ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(entry.time)).not.toBeNaN();
      const everything = JSON.stringify(audit);
      expect(names.filter((n) => everything.includes(n))).toEqual([]);
      const outcomes = new Set(audit.map((e) => e.outcome));
      for (const o of ['ok', 'refused', 'unauthenticated', 'timeout', 'cancelled', 'too-large']) expect(outcomes).toContain(o);
    });
  });
});
