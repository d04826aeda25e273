// Node side of http.browser.test.ts (vitest browser commands): a real
// `startHttpServer` on a real DuckDB, allowing the origin the test page names.
import type { BrowserCommand } from 'vitest/node';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, insertRows, queryRows } from '../../src/index.js';
import { loadSample } from '../../src/sample/load.js';
import { NodeConnector, ServerSessions, createAuthenticator, startHttpServer, tokenHash, type RunningHttpServer } from '../../src/node/index.js';

const running = new Map<string, { server: RunningHttpServer; connector: NodeConnector; dir?: string }>();

/** Serve three people (one with a hostile name) read-only to pages from `allowOrigin`; returns the URL and the token it made. */
export const startPlumbHttpServer: BrowserCommand<[allowOrigin: string]> = async (_ctx, allowOrigin) => {
  const connector = new NodeConnector();
  await createSchema(connector);
  await insertRows(connector, 'people', [
    { person_id: 'p1', name: 'Ada', team_id: 't1' },
    { person_id: 'p2', name: "O'Brien <b>", team_id: 't1' },
    { person_id: 'p3', name: 'Grace', team_id: 't2' },
  ]);
  const server = await startHttpServer({ connector, port: 0, allowOrigin, allowSql: true });
  running.set(server.url, { server, connector });
  return { url: server.url, token: server.token! };
};

export const stopPlumbHttpServer: BrowserCommand<[url: string]> = async (_ctx, url) => {
  const entry = running.get(url);
  running.delete(url);
  if (entry) {
    await entry.server.close();
    await entry.connector.close();
    if (entry.dir) rmSync(entry.dir, { recursive: true, force: true });
  }
};

/**
 * The 120-person sample served to pages from `allowOrigin` with two API tokens: an administrator and a
 * middle manager. Returns the tokens and, computed here from the rows, the names a manager's page may
 * show and the names it must not (outside the subtree, and not someone who rated, recognised or gave
 * feedback to a person inside it; names an insider shares are left out of both).
 */
export const startServedSample: BrowserCommand<[allowOrigin: string]> = async (_ctx, allowOrigin) => {
  const connector = new NodeConnector();
  await loadSample(connector, { people: 120, seed: 7 });
  const teams = await queryRows<{ team_id: string; parent_team_id: string | null; lead_id: string | null }>(connector, 'SELECT team_id, parent_team_id, lead_id FROM teams');
  const people = await queryRows<{ person_id: string; manager_id: string | null; team_id: string | null; name: string }>(connector, 'SELECT person_id, manager_id, team_id, name FROM people');
  const lead = teams.filter((t) => t.lead_id && t.parent_team_id && teams.some((c) => c.parent_team_id === t.team_id)).sort((a, b) => a.team_id.localeCompare(b.team_id))[0]!;
  const inTeams = new Set([lead.team_id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) if (t.parent_team_id && inTeams.has(t.parent_team_id) && !inTeams.has(t.team_id)) (inTeams.add(t.team_id), (grew = true));
  }
  const inside = new Set([lead.lead_id!, ...people.filter((p) => p.team_id && inTeams.has(p.team_id)).map((p) => p.person_id)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of people) if (p.manager_id && inside.has(p.manager_id) && !inside.has(p.person_id)) (inside.add(p.person_id), (grew = true));
  }
  const ids = JSON.stringify([...inside]);
  const actors = new Set(
    (
      await queryRows<{ id: string }>(
        connector,
        `SELECT rater_id AS id FROM ratings WHERE list_contains(?::VARCHAR[], employee_id)
         UNION SELECT giver_id FROM feedback WHERE list_contains(?::VARCHAR[], subject_id)
         UNION SELECT given_by FROM recognitions WHERE list_contains(?::VARCHAR[], person_id)
         UNION SELECT owner_id FROM key_results UNION SELECT owner_id FROM objectives`,
        [ids, ids, ids],
      )
    ).map((r) => r.id),
  );
  const insideNames = new Set(people.filter((p) => inside.has(p.person_id)).map((p) => p.name));
  const outsideNames = people.filter((p) => !inside.has(p.person_id) && !actors.has(p.person_id) && !insideNames.has(p.name)).map((p) => p.name);
  const dir = mkdtempSync(join(tmpdir(), 'plumb-served-'));
  const tokens = { admin: randomBytes(24).toString('base64url'), manager: randomBytes(24).toString('base64url') };
  writeFileSync(join(dir, 'tokens'), `${tokenHash(tokens.admin)} hr admin\n${tokenHash(tokens.manager)} manager manager ${lead.lead_id}\n`);
  const auth = await createAuthenticator([{ kind: 'tokens-file', path: join(dir, 'tokens') }]);
  rmSync(dir, { recursive: true, force: true });
  const server = await startHttpServer({ connector, port: 0, allowOrigin, auth });
  running.set(server.url, { server, connector });
  return { url: server.url, tokens, insideNames: [...insideNames], outsideNames };
};

/**
 * The 120-person sample served with calibration sessions (a fresh session folder) to pages from
 * `allowOrigin`: two facilitators of one team subtree and an administrator. Returns the tokens, the
 * latest review cycle, and the people of that subtree with their overall rating before any session
 * (the data's calibrated rating where there is one, else the manager's), worked out here from the rows.
 */
export const startSessionServer: BrowserCommand<[allowOrigin: string]> = async (_ctx, allowOrigin) => {
  const connector = new NodeConnector();
  await loadSample(connector, { people: 120, seed: 7 });
  const [cycle] = await queryRows<{ cycle_id: string }>(connector, "SELECT cycle_id FROM cycles WHERE kind = 'review' ORDER BY end_date DESC LIMIT 1");
  const teams = await queryRows<{ team_id: string; parent_team_id: string | null }>(connector, 'SELECT team_id, parent_team_id FROM teams');
  const people = await queryRows<{ person_id: string; team_id: string | null; name: string }>(connector, 'SELECT person_id, team_id, name FROM people');
  const ratings = await queryRows<{ employee_id: string; stage: string; rating: number }>(
    connector, "SELECT employee_id, stage, rating FROM ratings WHERE cycle_id = ? AND dimension = 'overall' AND rating IS NOT NULL", [cycle!.cycle_id],
  );
  const before = new Map<string, number>();
  for (const r of ratings) if (r.stage === 'manager' && !before.has(r.employee_id)) before.set(r.employee_id, Number(r.rating));
  for (const r of ratings) if (r.stage === 'calibrated') before.set(r.employee_id, Number(r.rating));
  const root = teams.filter((t) => t.parent_team_id && teams.some((c) => c.parent_team_id === t.team_id)).sort((a, b) => a.team_id.localeCompare(b.team_id))[0]!;
  const inTeams = new Set([root.team_id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) if (t.parent_team_id && inTeams.has(t.parent_team_id) && !inTeams.has(t.team_id)) (inTeams.add(t.team_id), (grew = true));
  }
  const inside = people
    .filter((p) => p.team_id && inTeams.has(p.team_id) && before.has(p.person_id))
    .map((p) => ({ id: p.person_id, name: p.name, rating: before.get(p.person_id)! }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const dir = mkdtempSync(join(tmpdir(), 'plumb-session-served-'));
  const tokens = { anna: randomBytes(24).toString('base64url'), bert: randomBytes(24).toString('base64url'), admin: randomBytes(24).toString('base64url') };
  writeFileSync(
    join(dir, 'tokens'),
    `${tokenHash(tokens.anna)} anna@example.test facilitator - ${root.team_id}\n${tokenHash(tokens.bert)} bert@example.test facilitator - ${root.team_id}\n${tokenHash(tokens.admin)} hr admin\n`,
  );
  const auth = await createAuthenticator([{ kind: 'tokens-file', path: join(dir, 'tokens') }]);
  const sessions = await ServerSessions.start(connector, { dir: join(dir, 'sessions') });
  const server = await startHttpServer({ connector, port: 0, allowOrigin, auth, sessions });
  running.set(server.url, { server, connector, dir });
  return { url: server.url, tokens, cycle: cycle!.cycle_id, root: root.team_id, inside };
};
