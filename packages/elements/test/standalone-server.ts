// Node side of the standalone/CSP browser test (a vitest browser command):
// copies the standalone bundle (built once a run) into a temp folder, serves it with the test
// page from one local server under a strict Content-Security-Policy, opens
// the page in a fresh browser context and reports every request to another
// origin and every CSP violation.
import { createServer, type Server } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tableToIPC, tableFromArrays } from 'apache-arrow';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext } from 'playwright';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

const here = dirname(fileURLToPath(import.meta.url));
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

/** A small Parquet file, written by parquet-wasm's Node build (the same library the page reads it with). */
async function teamsParquet(): Promise<Uint8Array> {
  const requireFromCore = createRequire(join(here, '..', '..', 'core', 'package.json'));
  const parquet = requireFromCore('parquet-wasm') as {
    writeParquet(table: unknown): Uint8Array;
    Table: { fromIPCStream(ipc: Uint8Array): unknown };
  };
  const ipc = tableToIPC(tableFromArrays({ team_id: ['t1', 't2'], name: ['Engineering', 'Sales'] }), 'stream');
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc));
}

let bundle: Promise<{ dir: string; seconds: number }> | undefined;

/**
 * Copies the standalone bundle (plumb.js and duckdb/) into `dir`. It is built once per test run — the
 * standalone, security and session pages all serve the same bundle, and a build costs seconds of the
 * two CI cores — and each page gets its own copy to add its files to. Returns the build's seconds.
 */
export async function copyStandaloneBundle(dir: string): Promise<number> {
  bundle ??= (async () => {
    const { buildStandalone } = (await import(/* @vite-ignore */ resolve(here, '../scripts/build-standalone.mjs'))) as {
      buildStandalone: (out: string) => Promise<unknown>;
    };
    const out = mkdtempSync(join(tmpdir(), 'plumb-standalone-bundle-'));
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    const started = performance.now();
    await buildStandalone(out);
    return { dir: out, seconds: (performance.now() - started) / 1000 };
  })();
  const built = await bundle;
  cpSync(built.dir, dir, { recursive: true });
  return built.seconds;
}

/** Serves a folder from one local server, each response under `csp` (none when null). */
export async function serveFolder(dir: string, csp: string | null): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      ...(csp ? { 'Content-Security-Policy': csp } : {}),
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export interface StandalonePageReport {
  /** What the page wrote to body[data-result] (JSON) or body[data-error]. */
  result: string | null;
  error: string | null;
  /** Requests to any origin but the page's own. */
  foreignRequests: string[];
  /** CSP violations seen by the page's `securitypolicyviolation` listener. */
  violations: string[];
  /** Whether the control page's inline script was blocked (the policy is enforced). */
  controlBlocked: boolean;
  controlViolations: string[];
  buildSeconds: number;
}

export const openStandalonePage: BrowserCommand<[]> = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-standalone-'));
  const buildSeconds = await copyStandaloneBundle(dir);
  cpSync(join(here, 'standalone'), dir, { recursive: true });
  writeFileSync(join(dir, 'teams.parquet'), await teamsParquet());

  const { origin, server } = await serveFolder(dir, STRICT_CSP);

  // A fresh context of the same browser: nothing of the test runner's set-up applies.
  const browser = (ctx as unknown as { context: BrowserContext }).context.browser();
  if (!browser) throw new Error('no browser to open the standalone page in');
  const context = await browser.newContext();
  const foreignRequests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await context.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/control.html`);
    const controlBlocked = (await page.evaluate(() => document.body.dataset.inline)) !== 'ran';
    const controlViolations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => document.body.dataset.result || document.body.dataset.error, null, {
      timeout: 45_000,
    });
    const [result, error, violations] = await page.evaluate(() => [
      document.body.dataset.result ?? null,
      document.body.dataset.error ?? null,
      (window as unknown as { __violations: string[] }).__violations,
    ] as const);
    return { result, error, foreignRequests, violations: [...violations], controlBlocked, controlViolations, buildSeconds } satisfies StandalonePageReport;
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
