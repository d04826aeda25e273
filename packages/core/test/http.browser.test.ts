import { afterAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { HttpConnector, queryRows } from '../src/index.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startPlumbHttpServer: (allowOrigin: string) => Promise<string>;
    stopPlumbHttpServer: (url: string) => Promise<void>;
  }
}

const started: string[] = [];
async function serve(allowOrigin: string): Promise<string> {
  const url = await commands.startPlumbHttpServer(allowOrigin);
  started.push(url);
  return url;
}
afterAll(async () => {
  for (const url of started) await commands.stopPlumbHttpServer(url);
});

it('queries a plumb server from a real browser page across origins, with ? parameters', async () => {
  const http = new HttpConnector({ url: await serve(location.origin) });
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
  const http = new HttpConnector({ url: await serve('https://dash.example') });
  await expect(http.query('SELECT 1')).rejects.toThrow(/could not reach/);
});
