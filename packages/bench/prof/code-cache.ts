// Experiment (issue 20): does a returning visitor's page build faster (Chromium's wasm code cache)?
// Visits the bench page several times in one persistent Chromium profile; each visit starts DuckDB-WASM,
// loads the sample and builds the burn-down and the cascade three times each (`repeatBuilds`). PLAIN=1: the worker compiles from fetch()'s response.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/code-cache.ts [people] [visits]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM, startPageServer } from '../src/browser.js';
import { dataDir, DATA_DIR, ensureData } from '../src/data.js';

const people = Number(process.argv[2] ?? 10000);
const visits = Number(process.argv[3] ?? 3);
const plainFetch = !!process.env.PLAIN;
await ensureData(people, 1, 'parquet', console.log);
const dataPath = dataDir(people, 1, 'parquet').slice(DATA_DIR.length + 1);
const { url, server } = await startPageServer();
const profile = mkdtempSync(join(tmpdir(), 'plumb-cc-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (let v = 0; v < visits; v++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'Plumb bench: ready', null, { timeout: 60_000 });
    const started = await page.evaluate((p) => window.plumbBench.start({ plainFetch: p }), plainFetch);
    const urls = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, `/data/${dataPath}/${t}.parquet`]));
    const loaded = await page.evaluate((u) => window.plumbBench.loadAll('parquet', u), urls);
    const m = await page.evaluate(() => window.plumbBench.repeatBuilds(3));
    console.log(`visit ${v}${plainFetch ? ' (plain fetch)' : ''}: instantiate ${started.instantiateMs.toFixed(0)} ms, load ${loaded.ms.toFixed(0)} ms; ` +
      Object.entries(m).map(([k, x]) => `${k} ${x.toFixed(0)}`).join(', '));
    await page.evaluate(() => window.plumbBench.close());
    await page.close();
    await new Promise((r) => setTimeout(r, 3000)); // let the code cache be written
  }
} finally {
  await context.close();
  await server.close();
  if (process.env.KEEP) console.log(`profile kept: ${profile}`); else rmSync(profile, { recursive: true, force: true });
}
