import { afterAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { HttpConnector, queryRows } from '../src/index.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startPlumbHttpServer: (allowOrigin: string) => Promise<{ url: string; token: string }>;
    stopPlumbHttpServer: (url: string) => Promise<void>;
  }
}

const started: string[] = [];
async function serve(allowOrigin: string): Promise<{ url: string; token: string }> {
  const server = await commands.startPlumbHttpServer(allowOrigin);
  started.push(server.url);
  return server;
}
afterAll(async () => {
  for (const url of started) await commands.stopPlumbHttpServer(url);
});

it('queries a plumb server from a real browser page across origins, with ? parameters', async () => {
  const server = await serve(location.origin);
  // Without the token: refused (a page on this machine reaches loopback too).
  await expect(queryRows(new HttpConnector({ url: server.url }), 'SELECT 1')).rejects.toThrow(/authentication required/);
  const http = new HttpConnector({ url: server.url, token: server.token });
  expect(new URL(started[0]!).origin).not.toBe(location.origin); // really cross-origin: CORS is exercised
  const rows = await queryRows(http, 'SELECT person_id, name FROM people WHERE team_id = ? ORDER BY person_id', ['t1']);
  expect(rows).toEqual([
    { person_id: 'p1', name: 'Ada' },
    { person_id: 'p2', name: "O'Brien <b>" },
  ]);
  await expect(http.query('DELETE FROM people')).rejects.toThrow(/read-only server/);
  await expect(http.query('SELECT * FROM nowhere')).rejects.toThrow(/nowhere/);
});

it('is refused by a server that allows another origin', async () => {
  const http = new HttpConnector({ url: (await serve('https://dash.example')).url });
  await expect(http.query('SELECT 1')).rejects.toThrow(/could not reach/);
});
