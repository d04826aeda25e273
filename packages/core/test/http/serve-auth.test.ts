import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnector, createSchema, insertRows, tableRowCounts } from '../../src/index.js';
import { tableRowCountsSql } from '../../src/database.js';
import {
  NodeConnector,
  createAuthenticator,
  startHttpServer,
  tokenHash,
  type AuditEntry,
  type RunningHttpServer,
} from '../../src/node/index.js';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'plumb-serve';
const SERVICE_TOKEN = 'svc-7f3a9b2c4d5e6f708192a3b4c5d6e7f8';

/** What a client without Plumb sees: status and error text. */
async function post(url: string, headers: Record<string, string> = {}, body = JSON.stringify({ type: 'named', name: 'burndown', options: {} })) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text(), authenticate: res.headers.get('www-authenticate') };
}

describe('plumb serve authenticates every request (loopback, real server)', () => {
  const db = new NodeConnector();
  const dir = mkdtempSync(join(tmpdir(), 'plumb-auth-'));
  const audit: AuditEntry[] = [];
  let server: RunningHttpServer;
  let jwksServer: Server;
  let sign: (claims: Record<string, unknown>, options?: { issuer?: string; audience?: string; expires?: string; key?: CryptoKey }) => Promise<string>;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    await createSchema(db);
    await insertRows(db, 'people', [
      { person_id: 'p1', name: 'Ada Lovelace', email: 'ada@example.test', team_id: 't1' },
      { person_id: 'p2', name: 'Grace Hopper', email: 'grace@example.test', team_id: 't1', manager_id: 'p1' },
    ]);
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    // The key set served over HTTP, as an issuer publishes it (jwks_uri).
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    sign = (claims, o = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(o.issuer ?? ISSUER)
        .setAudience(o.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(o.expires ?? '5m')
        .sign(o.key ?? privateKey);
    const tokens = join(dir, 'tokens');
    writeFileSync(tokens, `# service accounts\n${tokenHash(SERVICE_TOKEN)} nightly-export employee p2\n`);
    server = await startHttpServer({
      connector: db,
      port: 0,
      auth: await createAuthenticator([
        { kind: 'jwt', jwks: jwksUrl, issuer: ISSUER, audience: AUDIENCE },
        { kind: 'tokens-file', path: tokens },
      ]),
      audit: (entry) => audit.push(entry),
    });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => jwksServer.close(resolve));
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a request without credentials (401, a Bearer challenge) before reading its body', async () => {
    const res = await post(server.url);
    expect(res.status).toBe(401);
    expect(res.authenticate).toBe('Bearer');
    expect(JSON.parse(res.text)).toEqual({ error: 'authentication required: send a valid bearer token' });
    const raw = await post(server.url, {}, JSON.stringify({ type: 'arrow', sql: 'SELECT * FROM people' }));
    expect(raw.status).toBe(401);
    expect(raw.text).not.toMatch(/Ada|Grace/);
  });

  it('accepts a JWT signed by the issuer for this audience, and takes role and person from it', async () => {
    const token = await sign({ sub: 'ada@example.test', role: 'manager' });
    const http = new HttpConnector({ url: server.url, token });
    expect(await tableRowCounts(http)).toMatchObject({ people: 2 });
    const entry = audit.at(-1)!;
    expect(entry).toMatchObject({ subject: 'ada@example.test', role: 'manager', outcome: 'ok', status: 200 });
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example/' }, /unexpected "iss"/],
    ['another audience', { audience: 'someone-else' }, /unexpected "aud"/],
    ['an expired token', { expires: '1s ago' }, /"exp" claim timestamp check failed/],
  ])('refuses a JWT from %s (401; the reason only in the audit log)', async (_what, options, reason) => {
    const token = await sign({ sub: 'ada@example.test', role: 'admin' }, options);
    const res = await post(server.url, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(reason);
    expect(audit.at(-1)!.detail).toMatch(reason);
    expect(audit.at(-1)!.outcome).toBe('unauthenticated');
  });

  it('refuses a JWT signed by another key, and an unsigned one (alg none)', async () => {
    const forged = await sign({ sub: 'x', role: 'admin' }, { key: strangerKey });
    expect((await post(server.url, { authorization: `Bearer ${forged}` })).status).toBe(401);
    const unsigned = new UnsecuredJWT({ sub: 'x', role: 'admin' }).setIssuer(ISSUER).setAudience(AUDIENCE).encode();
    expect((await post(server.url, { authorization: `Bearer ${unsigned}` })).status).toBe(401);
  });

  it('accepts an API token from the tokens file (stored hashed), and no other', async () => {
    const http = new HttpConnector({ url: server.url, token: SERVICE_TOKEN });
    expect(await tableRowCounts(http)).toMatchObject({ people: 2 });
    expect(audit.at(-1)).toMatchObject({ subject: 'nightly-export', role: 'employee' });
    expect((await post(server.url, { authorization: `Bearer ${SERVICE_TOKEN.slice(0, -1)}x` })).status).toBe(401);
    expect((await post(server.url, { authorization: `Bearer ${tokenHash(SERVICE_TOKEN)}` })).status).toBe(401);
  });

  it('says which line of a tokens file is wrong (a plain token is refused: files hold hashes)', async () => {
    const bad = join(dir, 'bad-tokens');
    writeFileSync(bad, `${tokenHash('a')} ok admin\n${SERVICE_TOKEN} svc admin\n`);
    await expect(createAuthenticator([{ kind: 'tokens-file', path: bad }])).rejects.toThrow(`${bad}:2: the first field must be sha256:<64 hex digits>`);
  });

  it('takes an identity header only from the configured proxy address', async () => {
    const viaProxy = await startHttpServer({
      connector: db,
      port: 0,
      auth: await createAuthenticator([{ kind: 'proxy', addresses: ['127.0.0.1'], header: 'X-Forwarded-User', roleHeader: 'X-Plumb-Role' }]),
      audit: (entry) => audit.push(entry),
    });
    const elsewhere = await startHttpServer({
      connector: db,
      port: 0,
      auth: await createAuthenticator([{ kind: 'proxy', addresses: ['10.20.30.40'], header: 'X-Forwarded-User' }]),
    });
    try {
      const headers = { 'x-forwarded-user': 'grace@example.test', 'x-plumb-role': 'facilitator' };
      const body = JSON.stringify({ type: 'arrow', sql: tableRowCountsSql() });
      expect((await post(viaProxy.url, headers, body)).status).toBe(200);
      expect(audit.at(-1)).toMatchObject({ subject: 'grace@example.test', role: 'facilitator' });
      // The same header from an address that is not the proxy is nobody.
      expect((await post(elsewhere.url, headers, body)).status).toBe(401);
    } finally {
      await viaProxy.close();
      await elsewhere.close();
    }
  });

  it('makes a token when nothing is configured, and refuses to go without one beyond loopback', async () => {
    const made = await startHttpServer({ connector: db, port: 0 });
    try {
      expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await post(made.url)).status).toBe(401);
      expect(await tableRowCounts(new HttpConnector({ url: made.url, token: made.token! }))).toMatchObject({ people: 2 });
    } finally {
      await made.close();
    }
    await expect(startHttpServer({ connector: db, port: 0, host: '0.0.0.0', auth: 'none' })).rejects.toThrow(/without authentication: only loopback/);
    // DuckDB-WASM cannot interrupt a statement: not beyond loopback, whatever the authentication.
    await expect(startHttpServer({ connector: db, port: 0, host: '0.0.0.0' })).rejects.toThrow(/cannot interrupt a statement/);
  });

  it('serves HTTPS with --tls-cert/--tls-key: the token travels encrypted, and plain HTTP gets no answer', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const secure = await startHttpServer({ connector: db, port: 0, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const ask = (token: string | null) =>
        new Promise<number>((resolve, reject) => {
          const req = httpsRequest(secure.url, { method: 'POST', ca: readFileSync(cert), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(JSON.stringify({ type: 'arrow', sql: tableRowCountsSql() }));
        });
      expect(await ask(secure.token!)).toBe(200);
      expect(await ask(null)).toBe(401);
      await expect(fetch(secure.url.replace('https:', 'http:'))).rejects.toThrow();
    } finally {
      await secure.close();
    }
  });
});
