import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, startServe } from '../../src/commands/serve.js';
import { HttpConnector, queryRows } from '@plumb/core';

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

const BIN = fileURLToPath(new URL('../../bin/plumb.mjs', import.meta.url));
const EXPORTS = fileURLToPath(new URL('../../../core/test/fixtures/exports/normalised/', import.meta.url));

describe('plumb serve', () => {
  it.each([
    [['--port', 'eighty'], /--port must be a number/],
    [['--port', '70000'], /--port must be a number/],
    [['--read-only', '--writable'], /contradict/],
    [['--allow-origin', 'https://dash.example/path'], /--allow-origin takes an origin/],
    [['--allow-origin'], /needs a value/],
    [['--bogus'], /unknown option --bogus/],
    [['--host', '0.0.0.0', '--no-auth', '--engine', 'native'], /--no-auth is for loopback only/],
    [['--host', '0.0.0.0'], /the wasm engine cannot interrupt a statement .* --engine native/],
    [['--allow-sql'], /--allow-sql needs --engine native/],
    [['--jwks', 'keys.json', '--jwt-issuer', 'https://idp.example'], /--jwks, --jwt-issuer and --jwt-audience go together/],
    [['--proxy-user-header', 'x-forwarded-user'], /--trust-proxy and --proxy-user-header go together/],
    [['--tls-cert', 'cert.pem'], /--tls-cert and --tls-key go together/],
    [['--no-auth', '--api-tokens', 'tokens'], /--no-auth contradicts/],
    [['--min-group', '0'], /--min-group takes a whole number above 0/],
    [['--timeout', 'soon'], /--timeout takes a number above 0/],
  ])('refuses %j with a usage error (exit 2)', async (argv, message) => {
    const { io, err } = captureIO();
    expect(await run(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('says when the port is taken (exit 1)', async () => {
    const first = captureIO();
    const started = await startServe(['--port', '0'], first.io);
    if ('code' in started) throw new Error(first.err.join('\n'));
    try {
      const port = new URL(started.server.url).port;
      const second = captureIO();
      expect(await run(['--port', port], second.io)).toBe(1);
      expect(second.err.join('\n')).toMatch(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await started.server.close();
      await started.connector.close();
    }
  });

  it('will not serve when a file cannot be read (exit 1), naming it', async () => {
    const { io, err } = captureIO();
    expect(await run(['--port', '0', `${EXPORTS}objectives.csv`, '/no/such/export.csv'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/\/no\/such\/export\.csv does not exist[\s\S]*not serving: a file could not be read/);
  });

  it('prints its URL, serves the loaded files to HttpConnector, and stops on SIGTERM', async () => {
    const files = ['objectives.csv', 'key_results.csv', 'checkins.csv'].map((f) => EXPORTS + f);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--engine', 'native', '--allow-sql', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
          const token = /token \(give it to HttpConnector as \{ token \}\): (\S+)/.exec(stdout);
          if (url && token) resolve([url[0], token[1]!]);
        });
        void exited.then((code) => reject(new Error(`plumb serve exited (${code}) before printing a URL: ${stderr}`)));
      });
      expect(stdout).toMatch(/read-only/);
      // Nothing without the token it printed.
      await expect(new HttpConnector({ url }).query('SELECT 1')).rejects.toThrow(/authentication required/);
      const http = new HttpConnector({ url, token });
      // The load report on stderr and the served tables agree.
      const reported = Number(/key_results (\d+)/.exec(stderr)?.[1]);
      expect(reported).toBeGreaterThan(0);
      expect(await queryRows(http, 'SELECT count(*) AS n FROM key_results')).toEqual([{ n: reported }]);
      const [kr] = await queryRows<{ key_result_id: string }>(http, 'SELECT key_result_id FROM key_results ORDER BY 1 LIMIT 1');
      const byParam = await queryRows(http, 'SELECT count(*) AS n FROM key_results WHERE key_result_id = ?', [kr!.key_result_id]);
      expect(byParam).toEqual([{ n: 1 }]);
      await expect(http.query('DELETE FROM people')).rejects.toThrow(/read-only server/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
