// Two DuckDB-WASM engines in one page, side by side (issue 20, the first render's next step): do two loads of the same
// files at once slow each other on this machine's cores, how much memory do they take, and when would the views' builds
// finish split over two engines (calibration views on one, burn-down and cascade on the other) against one engine doing
// all four in turn? Fresh page per case, alternated; Chromium's process tree's RSS sampled every 250 ms.
// Run: NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/two-engines.ts [people] [csv|parquet] [rounds]
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM, CHROMIUM_ARGS, startPageServer, treeRssBytes } from '../src/browser.js';
import type { BenchFormat } from '../src/load-files.js';

const people = Number(process.argv[2] ?? 10000);
const format = (process.argv[3] ?? 'parquet') as BenchFormat;
const rounds = Number(process.argv[4] ?? 2);
const { url, server } = await startPageServer();
const launched = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const root = launched.process().pid!;
const browser = await chromium.connect(launched.wsEndpoint());
try {
  const urls = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, `/data/${people}-s1/${format}/${t}.${format}`]));
  for (let r = 0; r < rounds; r++) {
    for (const engines of (r % 2 ? [2, 1] : [1, 2]) as (1 | 2)[]) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'Plumb bench: ready');
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, treeRssBytes(root))), 250);
      const out = await page.evaluate(([f, u, e]) => window.plumbBench.profileEngines(f, u, e), [format, urls, engines] as const);
      clearInterval(timer);
      const built = Object.entries(out.built).map(([q, ms]) => `${q} ${(ms / 1000).toFixed(2)}`).join(', ');
      console.log(`${people} ${format}, ${engines} engine${engines > 1 ? 's' : ''}: loaded at ${out.loaded.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s; built at ${built} s; all ${(out.total / 1000).toFixed(2)} s; peak RSS ${(peak / 2 ** 30).toFixed(2)} GiB`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await launched.close();
  await server.close();
}
