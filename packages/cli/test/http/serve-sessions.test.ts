// Calibration sessions over HttpConnector to the real server on loopback (issue #18): two facilitators'
// clients on one session, the author taken from the authenticated identity, scope and role refusals
// (audited), a stale `from_rating` answered 409 with the rating in force, long-poll, closing, and a
// restart that replays the session folder. Expected ratings are worked out here from the `ratings` rows.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnector, HttpRequestError, queryRows, type CalibrationTableResult } from '@plumb/core';
import { loadSample } from '@plumb/core/load';
import { startServe } from '../../src/commands/serve.js';
import { run as sessionCommand } from '../../src/commands/session.js';
import {
  NativeConnector, ServerSessions, createAuthenticator, startHttpServer, tokenHash, type AuditEntry, type Authenticator, type RunningHttpServer,
} from '@plumb/core/node';

const TOKENS = {
  admin: 'tok-admin-sessions-0123456789',
  facilitatorA: 'tok-facil-a-sessions-012345',
  facilitatorB: 'tok-facil-b-sessions-012345',
  manager: 'tok-manager-sessions-0123456',
};
const SAMPLE = { people: 150, seed: 18 };

interface Org {
  cycle: string;
  root: string;
  /** People of the facilitators' team subtree with an overall rating this cycle: their rating before the session. */
  inside: Map<string, number>;
  outside: string;
  manager: string;
}

async function orgOf(db: NativeConnector): Promise<Org> {
  const [cycle] = await queryRows<{ cycle_id: string }>(db, "SELECT cycle_id FROM cycles WHERE kind = 'review' ORDER BY end_date DESC LIMIT 1");
  const teams = await queryRows<{ team_id: string; parent_team_id: string | null; lead_id: string | null }>(db, 'SELECT team_id, parent_team_id, lead_id FROM teams');
  const people = await queryRows<{ person_id: string; team_id: string | null }>(db, 'SELECT person_id, team_id FROM people');
  const ratings = await queryRows<{ employee_id: string; stage: string; rating: number }>(
    db, "SELECT employee_id, stage, rating FROM ratings WHERE cycle_id = ? AND dimension = 'overall' AND rating IS NOT NULL", [cycle!.cycle_id],
  );
  // The session starts from the data's calibrated rating where there is one, else the manager's.
  const before = new Map<string, number>();
  for (const r of ratings) if (r.stage === 'manager' && !before.has(r.employee_id)) before.set(r.employee_id, Number(r.rating));
  for (const r of ratings) if (r.stage === 'calibrated') before.set(r.employee_id, Number(r.rating));
  // A team with a parent and children: its subtree, by hand.
  const root = teams.filter((t) => t.parent_team_id && teams.some((c) => c.parent_team_id === t.team_id)).sort((a, b) => a.team_id.localeCompare(b.team_id))[0]!;
  const sub = new Set([root.team_id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) if (t.parent_team_id && sub.has(t.parent_team_id) && !sub.has(t.team_id)) (sub.add(t.team_id), (grew = true));
  }
  const inside = new Map<string, number>();
  for (const p of people) if (p.team_id && sub.has(p.team_id) && before.has(p.person_id)) inside.set(p.person_id, before.get(p.person_id)!);
  const outside = people.find((p) => p.team_id && !sub.has(p.team_id) && before.has(p.person_id))!.person_id;
  return { cycle: cycle!.cycle_id, root: root.team_id, inside, outside, manager: root.lead_id! };
}

describe('calibration sessions over HttpConnector to plumb serve (loopback)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-sessions-'));
  const sessionsDir = join(dir, 'sessions');
  const audit: AuditEntry[] = [];
  let db: NativeConnector;
  let auth: Authenticator;
  let server: RunningHttpServer;
  let org: Org;
  let people: [string, number][];
  const client = (token: string) => new HttpConnector({ url: server.url, token });
  let a: HttpConnector;
  let b: HttpConnector;
  let sessionId: string;

  async function serve(connector: NativeConnector): Promise<RunningHttpServer> {
    const sessions = await ServerSessions.start(connector, { dir: sessionsDir, report: (line) => reports.push(line) });
    return startHttpServer({ connector, port: 0, auth, minGroup: 5, audit: (e) => audit.push(e), sessions });
  }
  const reports: string[] = [];
  const measured: string[] = [];

  beforeAll(async () => {
    db = new NativeConnector();
    await loadSample(db, SAMPLE);
    org = await orgOf(db);
    people = [...org.inside].sort(([x], [y]) => x.localeCompare(y));
    writeFileSync(
      join(dir, 'tokens'),
      [
        `${tokenHash(TOKENS.admin)} hr-admin admin`,
        `${tokenHash(TOKENS.facilitatorA)} anna@example.test facilitator - ${org.root}`,
        `${tokenHash(TOKENS.facilitatorB)} bert@example.test facilitator - ${org.root}`,
        `${tokenHash(TOKENS.manager)} manager@example.test manager ${org.manager}`,
      ].join('\n'),
    );
    auth = await createAuthenticator([{ kind: 'tokens-file', path: join(dir, 'tokens') }]);
    server = await serve(db);
    a = client(TOKENS.facilitatorA);
    b = client(TOKENS.facilitatorB);
  }, 60_000);

  afterAll(async () => {
    console.log(`serve-sessions: ${measured.join('; ')}`);
    await server?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A 500 names only its request id to the client; its cause is in the audit: show it when a case fails.
  afterEach((ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const e of audit.filter((x) => x.status === 500)) console.error(`server error ${e.request_id} (${e.kind}): ${e.detail}`);
  });

  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof HttpRequestError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('opens one session for both facilitators of the same team and cycle', async () => {
    expect(people.length).toBeGreaterThanOrEqual(5);
    const first = await a.session({ op: 'open', cycle: org.cycle });
    const second = await b.session({ op: 'open', cycle: org.cycle, scope: JSON.stringify({ team_id: org.root }) });
    expect(second.session.session_id).toBe(first.session.session_id);
    expect(first.session.facilitator_id).toBe('anna@example.test');
    expect(JSON.parse(first.session.scope!)).toEqual({ team_id: org.root });
    sessionId = first.session.session_id;
  });

  it("records each change with the caller's authenticated identity and shows it to the other laptop", async () => {
    const [person, before] = people[0]!;
    // B waits for news while A changes a rating: the long-poll answers with A's event.
    const waiting = b.session({ op: 'events', session_id: sessionId, after: 0, wait_ms: 10_000 });
    const started = performance.now();
    const to = before >= 3 ? before - 1 : before + 1;
    const { event } = await a.session({
      op: 'append', session_id: sessionId,
      // by_id and at sent by the client are not the server's business: it stamps its own.
      event: { kind: 'rating', employee_id: person, dimension: 'overall', from_rating: before, to_rating: to, reason: 'Calibrated against peers', ...{ by_id: 'mallory', at: '1999-01-01' } } as never,
    });
    const appended = performance.now() - started;
    const seen = await waiting;
    const latency = performance.now() - started;
    measured.push(`append answered ${appended.toFixed(0)} ms, the other laptop's long-poll answered ${latency.toFixed(0)} ms after the append was sent`);
    expect(event).toMatchObject({ seq: 1, kind: 'rating', employee_id: person, from_rating: before, to_rating: to, by_id: 'anna@example.test' });
    expect(event.at!.startsWith('1999')).toBe(false);
    expect(seen.events).toEqual([event]);
    expect(seen.last_seq).toBe(1);
    expect(latency).toBeLessThan(5000);
    // The views answer from the server's log: the calibration table over HTTP shows the new rating.
    const table = (await b.runNamedQuery('calibration-table', { cycle: org.cycle, dimension: 'overall' })) as CalibrationTableResult;
    const row = table.rows.find((r) => r.id === person)!;
    expect(row).toMatchObject({ calibrated_rating: to, manager_rating: expect.any(Number), changed: true, last_reason: 'Calibrated against peers' });
    const untouched = table.rows.find((r) => r.id === people[1]![0])!;
    expect(untouched.calibrated_rating).toBe(people[1]![1]);
    // The table names each person's team by its name (from the teams rows), not by its id.
    const teamNames = new Map((await queryRows<{ team_id: string; name: string }>(db, 'SELECT team_id, name FROM teams')).map((t) => [t.team_id, t.name]));
    expect(row.team_id).not.toBeNull();
    expect(row.team_name).toBe(teamNames.get(row.team_id!));
    expect(row.team_name).not.toBe(row.team_id);
  });

  it('answers a stale from_rating 409 with the rating in force, and writes nothing', async () => {
    const [person, before] = people[0]!;
    const current = before >= 3 ? before - 1 : before + 1;
    const error = await refusal(b.session({ op: 'append', session_id: sessionId, event: { kind: 'rating', employee_id: person, dimension: 'overall', from_rating: before, to_rating: 5, reason: 'x' } }));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({ code: 'conflict', current });
    expect(error.message).toMatch(new RegExp(`is ${current} now, not ${before}`));
    expect(audit.at(-1)).toMatchObject({ kind: 'session', query: 'session:append', status: 409, outcome: 'conflict', subject: 'bert@example.test' });
    const log = await b.session({ op: 'events', session_id: sessionId, after: 0 });
    expect(log.last_seq).toBe(1);
  });

  it('refuses people outside the scope, and managers, with 403 in the audit log', async () => {
    const outside = await refusal(a.session({ op: 'append', session_id: sessionId, event: { kind: 'discussed', employee_id: org.outside } }));
    expect(outside.status).toBe(403);
    expect(outside.message).toMatch(/outside your calibration scope/);
    expect(audit.at(-1)).toMatchObject({ kind: 'session', status: 403, outcome: 'refused', subject: 'anna@example.test' });
    const manager = await refusal(client(TOKENS.manager).session({ op: 'append', session_id: sessionId, event: { kind: 'discussed', employee_id: people[2]![0] } }));
    expect(manager.status).toBe(403);
    expect(audit.at(-1)).toMatchObject({ status: 403, outcome: 'refused', role: 'manager' });
    const otherTeam = await refusal(a.session({ op: 'open', cycle: org.cycle, scope: JSON.stringify({ team_id: 'no-such-team' }) }));
    expect(otherTeam.status).toBe(403);
    expect((await b.session({ op: 'events', session_id: sessionId, after: 0 })).last_seq).toBe(1);
  });

  it('shows the session log to facilitators only, and only the entries about people in their scope', async () => {
    const admin = client(TOKENS.admin);
    const wide = await admin.session({ op: 'open', cycle: org.cycle });
    await admin.session({ op: 'append', session_id: wide.session.session_id, event: { kind: 'discussed', employee_id: org.outside } });
    await admin.session({ op: 'append', session_id: wide.session.session_id, event: { kind: 'discussed', employee_id: people[4]![0] } });
    const log = (options: Record<string, unknown>, who: HttpConnector) => who.runNamedQuery('calibration-log', options) as Promise<{ entries: { employee_id: string | null }[] }>;
    expect((await log({ session_id: wide.session.session_id }, admin)).entries.map((e) => e.employee_id)).toEqual([people[4]![0], org.outside]);
    expect((await log({ session_id: wide.session.session_id }, a)).entries.map((e) => e.employee_id)).toEqual([people[4]![0]]);
    const manager = await refusal(log({ session_id: wide.session.session_id }, client(TOKENS.manager)));
    expect(manager.status).toBe(403);
    // The facilitator's events too, over the same session API: the outsider is not sent.
    const events = await a.session({ op: 'events', session_id: wide.session.session_id, after: 0 });
    expect(events.events.map((e) => e.employee_id)).toEqual([people[4]![0]]);
    expect(events.last_seq).toBe(2);
  });

  it('needs a reason for a move of two levels, and takes undo as an event', async () => {
    const [person, before] = people[2]!;
    const far = before <= 2 ? before + 2 : before - 2;
    const error = await refusal(a.session({ op: 'append', session_id: sessionId, event: { kind: 'rating', employee_id: person, dimension: 'overall', from_rating: before, to_rating: far } }));
    expect(error.status).toBe(400);
    expect(error.body.code).toBe('reason-required');
    const sent = performance.now();
    const { event } = await a.session({ op: 'append', session_id: sessionId, event: { kind: 'rating', employee_id: person, dimension: 'overall', from_rating: before, to_rating: far, reason: 'Two levels' } });
    measured.push(`a later append answered ${(performance.now() - sent).toFixed(0)} ms`);
    const undo = await b.session({ op: 'append', session_id: sessionId, event: { kind: 'undo', undoes_seq: event.seq } });
    expect(undo.event).toMatchObject({ kind: 'undo', undoes_seq: event.seq, by_id: 'bert@example.test' });
    const table = (await a.runNamedQuery('calibration-table', { cycle: org.cycle, dimension: 'overall' })) as CalibrationTableResult;
    expect(table.rows.find((r) => r.id === person)!.calibrated_rating).toBe(before);
  });

  it('exports the change set and the calibrated ratings of the people in scope, real ids, to facilitators only', async () => {
    const [person, before] = people[0]!;
    const to = before >= 3 ? before - 1 : before + 1;
    // people[2]'s two-level move was undone: only people[0]'s change is in force.
    const answer = await b.session({ op: 'export', session_id: sessionId, what: 'changes' });
    expect('changes' in answer && answer.changes).toEqual([
      { cycle_id: org.cycle, employee_id: person, dimension: 'overall', before, after: to, reason: 'Calibrated against peers', by: 'anna@example.test', at: expect.any(String) },
    ]);
    const ratings = await a.session({ op: 'export', session_id: sessionId, what: 'ratings' });
    const rows = 'ratings' in ratings ? ratings.ratings : [];
    expect(rows.find((r) => r.employee_id === person && r.stage === 'calibrated' && r.dimension === 'overall' && r.cycle_id === org.cycle)?.rating).toBe(to);
    // This cycle's overall ratings: exactly the people of the facilitator's subtree; nobody outside it at all.
    const overall = new Set(rows.filter((r) => r.cycle_id === org.cycle && r.dimension === 'overall').map((r) => String(r.employee_id)));
    expect([...overall].sort()).toEqual([...org.inside.keys()].sort());
    expect(rows.some((r) => r.employee_id === org.outside)).toBe(false);
    const manager = await refusal(client(TOKENS.manager).session({ op: 'export', session_id: sessionId, what: 'changes' }));
    expect(manager.status).toBe(403);
    expect(audit.at(-1)).toMatchObject({ kind: 'session', query: 'session:export', status: 403, outcome: 'refused', role: 'manager' });
  });

  it('closes a session: no more events, and both laptops hear of it', async () => {
    await a.session({ op: 'append', session_id: sessionId, event: { kind: 'discussed', employee_id: people[3]![0], dimension: 'overall' } });
    const waiting = b.session({ op: 'events', session_id: sessionId, after: 4, wait_ms: 10_000 });
    const closed = await a.session({ op: 'close', session_id: sessionId });
    expect(closed.session.closed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await waiting).session.closed_at).toBe(closed.session.closed_at);
    const refused = await refusal(b.session({ op: 'append', session_id: sessionId, event: { kind: 'discussed', employee_id: people[4]![0] } }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/closed/);
    // A new open of the same cycle and scope starts a new session.
    const next = await a.session({ op: 'open', cycle: org.cycle });
    expect(next.session.session_id).not.toBe(sessionId);
    const [row] = await queryRows<{ closed_at: string | null }>(db, 'SELECT closed_at FROM calibration_sessions WHERE session_id = ?', [sessionId]);
    expect(row!.closed_at).toBe(closed.session.closed_at);
  });

  it('keeps every change over a restart: the folder is replayed into a fresh database', async () => {
    const file = join(sessionsDir, `${sessionId}.jsonl`);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1 + 4 + 1); // session, 4 events, closed
    // A crash while writing leaves a cut last line: reported and left out, the rest kept.
    const open = await a.session({ op: 'open', cycle: org.cycle });
    appendFileSync(join(sessionsDir, `${open.session.session_id}.jsonl`), '{"event":{"session_id":"');
    await server.close();
    await db.close();
    db = new NativeConnector();
    await loadSample(db, SAMPLE);
    server = await serve(db);
    expect(reports.some((r) => r.includes(`${open.session.session_id}.jsonl:2: an incomplete last line`))).toBe(true);
    // The cut line is gone from the file too (the next event must start a line of its own).
    expect(readFileSync(join(sessionsDir, `${open.session.session_id}.jsonl`), 'utf8')).toMatch(/^\{"session":.*\}\n$/);
    a = client(TOKENS.facilitatorA);
    const log = await a.session({ op: 'events', session_id: sessionId, after: 0 });
    expect(log.events.map((e) => e.kind)).toEqual(['rating', 'rating', 'undo', 'discussed']);
    expect(log.session.closed_at).not.toBeNull();
    const [person, before] = people[0]!;
    const table = (await a.runNamedQuery('calibration-table', { cycle: org.cycle, dimension: 'overall' })) as CalibrationTableResult;
    expect(table.rows.find((r) => r.id === person)!.calibrated_rating).toBe(before >= 3 ? before - 1 : before + 1);
    expect(table.rows.find((r) => r.id === people[3]![0])!.discussed).toBe(true);
  }, 60_000);

  it('with pseudonyms asked for, names people by code both ways, says so, and keeps the real id on disk', async () => {
    const admin = client(TOKENS.admin);
    const opened = await admin.session({ op: 'open', cycle: org.cycle, scope: JSON.stringify({ team_id: org.root }), anonymize: true });
    expect(opened.pseudonyms).toBe(true);
    const [person, before] = people[5]!;
    const coded = (await admin.runNamedQuery('calibration-table', { cycle: org.cycle, dimension: 'overall', anonymize: true })) as CalibrationTableResult;
    const plain = (await admin.runNamedQuery('calibration-table', { cycle: org.cycle, dimension: 'overall' })) as CalibrationTableResult;
    // The code of \`person\`: the anonymized table lists the same rows in the same order.
    const code = coded.rows[plain.rows.findIndex((r) => r.id === person)]!.id;
    expect(code).not.toBe(person);
    const to = before >= 3 ? before - 1 : before + 1;
    const { event } = await admin.session({ op: 'append', session_id: opened.session.session_id, event: { kind: 'rating', employee_id: code, dimension: 'overall', to_rating: to, reason: 'r' }, anonymize: true });
    expect(event.employee_id).toBe(code);
    const log = await admin.session({ op: 'events', session_id: opened.session.session_id, after: 0, anonymize: true });
    expect([log.pseudonyms, log.events.map((e) => e.employee_id)]).toEqual([true, [code]]);
    expect(JSON.stringify(log)).not.toContain(person);
    // A real id is refused while pseudonyms are on; on disk, the change names the real person.
    expect((await refusal(admin.session({ op: 'append', session_id: opened.session.session_id, event: { kind: 'discussed', employee_id: person, dimension: 'overall' }, anonymize: true }))).status).toBe(403);
    const lines = readFileSync(join(sessionsDir, `${opened.session.session_id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event?: { employee_id: string } });
    expect(lines.at(-1)!.event!.employee_id).toBe(person);
    expect((await admin.session({ op: 'events', session_id: opened.session.session_id, after: 0 })).pseudonyms).toBe(false);
  });

  it('says what to do when the server keeps no sessions', async () => {
    const plain = await startHttpServer({ connector: db, port: 0, auth });
    try {
      const error = await refusal(new HttpConnector({ url: plain.url, token: TOKENS.admin }).session({ op: 'open', cycle: org.cycle }));
      expect(error.status).toBe(501);
      expect(error.message).toMatch(/--sessions DIR/);
    } finally {
      await plain.close();
    }
  });

  it('plumb serve --sessions DIR keeps them, and plumb session close ends one', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const folder = join(dir, 'cli-sessions');
    const started = await startServe(['--port', '0', '--engine', 'native', '--sessions', folder, '--reason-required', 'always'], io);
    if ('code' in started) throw new Error(err.join('\n'));
    try {
      expect(err.join('\n')).toMatch(/calibration sessions in .*cli-sessions: 0 loaded/);
      const opened = await new HttpConnector({ url: started.server.url, token: started.server.token! }).session({ op: 'open', cycle: null });
      process.env.PLUMB_TOKEN = started.server.token!;
      expect(await sessionCommand(['close', opened.session.session_id, '--server', started.server.url], io)).toBe(0);
      expect(out.at(-1)).toMatch(new RegExp(`Session ${opened.session.session_id} .*closed at \\d{4}-`));
      delete process.env.PLUMB_TOKEN;
      expect(await sessionCommand(['close', opened.session.session_id, '--server', started.server.url], io)).toBe(1);
      expect(err.at(-1)).toMatch(/authentication required/);
      expect(readFileSync(join(folder, `${opened.session.session_id}.jsonl`), 'utf8')).toMatch(/"closed":\{"closed_at"/);
    } finally {
      delete process.env.PLUMB_TOKEN;
      await started.server.close();
      await started.connector.close();
    }
  });
});
