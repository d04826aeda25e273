// Node side of http.browser.test.ts (vitest browser commands): a real
// `startHttpServer` on a real DuckDB, allowing the origin the test page names.
import type { BrowserCommand } from 'vitest/node';
import { createSchema, insertRows } from '../../src/index.js';
import { NodeConnector, startHttpServer, type RunningHttpServer } from '../../src/node/index.js';

const running = new Map<string, { server: RunningHttpServer; connector: NodeConnector }>();

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
  }
};
