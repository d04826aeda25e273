// Issue #17, row 6 (memory): a statement that needs more memory than the server's `memory_limit`
// is refused, and the process stays near the limit, while another client is served. Its own server:
// a small limit and a time-out long enough for the limit, not the clock, to stop the statement.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/index.js';
import { NativeConnector, createAuthenticator, startHttpServer, type AuditEntry, type RunningHttpServer } from '../../src/node/index.js';

const TOKEN = 'memory-test-token-0123456789';
const LIMIT_MIB = 128;

async function sql(url: string, text: string) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ type: 'arrow', sql: text }),
  });
  const body = await res.text();
  return { status: res.status, text: body, ms: performance.now() - started };
}

describe('plumb serve holds its memory limit (native engine, loopback)', () => {
  const spill = mkdtempSync(join(tmpdir(), 'plumb-spill-'));
  const db = new NativeConnector({
    config: { memory_limit: `${LIMIT_MIB}MB`, threads: '2', temp_directory: spill, max_temp_directory_size: '64MB' },
  });
  const audit: AuditEntry[] = [];
  let server: RunningHttpServer;

  beforeAll(async () => {
    await createSchema(db);
    server = await startHttpServer({
      connector: db,
      port: 0,
      allowSql: true,
      auth: await createAuthenticator([{ kind: 'token', token: TOKEN }]),
      limits: { timeoutMs: 20_000 },
      audit: (e) => audit.push(e),
    });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
    rmSync(spill, { recursive: true, force: true });
  });

  it.each([['one text of 60 million numbers', "SELECT length(string_agg(range::VARCHAR, ',')) AS n FROM range(60000000)"]])(
    'refuses %s and stays near the limit while another client is served', async (_what, statement) => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const attack = sql(server.url, statement);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const other = await sql(server.url, 'SELECT 1 AS one');
      const res = await attack;
      expect(other.status).toBe(200);
      expect(other.ms).toBeLessThan(1000);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text).error).toBe("the request needs more memory than this server's limit");
      // The refused request's audit line (written as its response ends, so it may follow the other client's).
      for (let i = 0; i < 50 && !audit.some((e) => e.detail); i++) await new Promise((r) => setTimeout(r, 20));
      expect(audit.find((e) => e.detail)?.detail).toMatch(/Out of Memory|max_temp_directory_size/);
      const grew = (peak - before) / 2 ** 20;
      console.log(`serve-memory: ${_what}: refused after ${res.ms.toFixed(0)} ms, RSS peak +${grew.toFixed(0)} MiB (limit ${LIMIT_MIB} MiB); SELECT 1 meanwhile ${other.ms.toFixed(0)} ms`);
      expect(grew).toBeLessThan(LIMIT_MIB * 2);
    } finally {
      clearInterval(sampler);
    }
    expect(readdirSync(spill).length).toBeLessThanOrEqual(1);
  });
});
