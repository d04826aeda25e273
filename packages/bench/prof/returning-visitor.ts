// A returning visitor (issue 20): the standalone bundle under a strict CSP, served with validators (ETag,
// Last-Modified) as a web server does, visited several times in one persistent Chromium profile. Per visit:
// data loaded and each of the four views drawn (ms from navigation), and the size of Chromium's wasm code
// cache. NOPRELUDE=1 takes the worker prelude (elements/vite/index.js DUCKDB_WORKER_PRELUDE) out again.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/returning-visitor.ts [people] [visits]
import { createServer } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM } from '../src/browser.js';
import { dataDir, ensureData } from '../src/data.js';
// @ts-expect-error -- a plain .mjs script without types
import { buildStandalone } from '../../elements/scripts/build-standalone.mjs';

const people = Number(process.argv[2] ?? 10000);
const visits = Number(process.argv[3] ?? 3);
const VIEWS = ['plumb-cascade-tree', 'plumb-confidence-burndown', 'plumb-rating-distribution', 'plumb-nine-box'];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

const site = mkdtempSync(join(tmpdir(), 'plumb-visitor-'));
await (buildStandalone as (out: string) => Promise<unknown>)(site);
if (process.env.NOPRELUDE) {
  for (const file of readdirSync(join(site, 'duckdb')).filter((f) => f.endsWith('.worker.js'))) {
    const text = readFileSync(join(site, 'duckdb', file), 'utf8');
    writeFileSync(join(site, 'duckdb', file), text.slice(text.indexOf('}; }\n') + 5));
  }
}
console.log(`worker starts: ${readFileSync(join(site, 'duckdb', 'duckdb-browser-eh.worker.js'), 'utf8').slice(0, 60).replace(/\n/g, ' ')}`);
const csv = await ensureData(people, 1, 'csv', console.log).then(() => dataDir(people, 1, 'csv'));
mkdirSync(join(site, 'data'));
const present = CANONICAL_TABLES.filter((t) => { try { statSync(join(csv, `${t}.csv`)); return true; } catch { return false; } });
for (const t of present) copyFileSync(join(csv, `${t}.csv`), join(site, 'data', `${t}.csv`));
writeFileSync(join(site, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>visit</title>
<script type="module" src="./plumb.js"></script><script type="module" src="./visit.js"></script></head><body>
<plumb-data id="org" src="${present.map((t) => `data/${t}.csv:${t}`).join(' ')}">${VIEWS.map((v) => `<${v}></${v}>`).join('')}</plumb-data></body></html>`);
writeFileSync(join(site, 'visit.js'), `const times = {};
const done = () => { document.body.dataset.times = JSON.stringify(times); };
document.getElementById('org').addEventListener('plumb-load', () => { times.loaded = performance.now(); done(); });
document.getElementById('org').addEventListener('plumb-error', (e) => { times.error = e.detail.message; done(); });
for (const tag of ${JSON.stringify(VIEWS)}) document.querySelector(tag).addEventListener('plumb-rendered', () => { times[tag] ??= performance.now(); done(); });
`);
const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(site, path === '/' ? 'index.html' : path);
  let stat;
  try { stat = statSync(file); } catch { res.writeHead(404).end(); return; }
  const etag = `"${stat.size}-${stat.mtimeMs}"`;
  const headers = { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, ETag: etag, 'Last-Modified': stat.mtime.toUTCString(), 'Cache-Control': 'no-cache' };
  if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers).end(); return; }
  res.writeHead(200, headers).end(readFileSync(file));
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const profile = mkdtempSync(join(tmpdir(), 'plumb-visitor-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cacheKb = () => {
  const dir = join(profile, 'Default', 'Code Cache', 'wasm');
  try { return readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0) / 1024; } catch { return 0; }
};
try {
  for (let v = 0; v < visits; v++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((n) => { const t = JSON.parse(document.body.dataset.times ?? '{}'); return t.error || Object.keys(t).length >= n; }, VIEWS.length + 1, { timeout: 600_000 });
    const times = JSON.parse(await page.evaluate(() => document.body.dataset.times!)) as Record<string, number | string>;
    console.log(`visit ${v}${process.env.NOPRELUDE ? ' (no prelude)' : ''}: ` + Object.entries(times).map(([k, x]) => `${k.replace('plumb-', '')} ${typeof x === 'number' ? x.toFixed(0) : x}`).join(', ') + `; wasm code cache ${cacheKb().toFixed(0)} kB`);
    await page.close();
    await new Promise((r) => setTimeout(r, 3000)); // Chromium writes the code cache after the page's tier-up
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
}
