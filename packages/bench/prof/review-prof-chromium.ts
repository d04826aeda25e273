// Chromium profile of one person's review in the bench page: the sample loaded as `pnpm bench` loads it (the loader,
// Parquet unless FORMAT=csv), then the review scenario's people reviewed ROUNDS times (default 3; round 0 is cold),
// every connector call timed. Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/review-prof-chromium.ts [people]
// (EACH=1 lists the statements of the last round, EACH=all of every round; FLOOR=1 reads and drops the raw floor first, as the bench does)
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM, startPageServer } from '../src/browser.js';
import type { BenchFormat } from '../src/load-files.js';

const people = Number(process.argv[2] ?? 10000);
const format = (process.env.FORMAT ?? 'parquet') as BenchFormat;
const rounds = Number(process.env.ROUNDS ?? 3);
const { url, server } = await startPageServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.ARGS ? process.env.ARGS.split(' ') : [])],
});
try {
  const urls = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, `/data/${people}-s1/${format}/${t}.${format}`]));
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'Plumb bench: ready');
  await page.evaluate(() => window.plumbBench.start());
  if (process.env.FLOOR) {
    // As `pnpm bench` does: the raw floor's tables read, then dropped, before the load.
    const floor = await page.evaluate(([f, u]) => window.plumbBench.loadFloor(f, u), [format, urls] as const);
    console.log(`floor ${people} ${format}: ${floor.toFixed(0)} ms`);
  }
  const loaded = await page.evaluate(([f, u]) => window.plumbBench.loadAll(f, u), [format, urls] as const);
  console.log(`load ${people} ${format}: ${loaded.ms.toFixed(0)} ms`);
  const runs = await page.evaluate((r) => window.plumbBench.profileReview(r), rounds);
  for (const run of runs) {
    const inCalls = run.calls.reduce((a, c) => a + c.ms, 0);
    console.log(`round ${run.round} ${run.person}: ${run.ms.toFixed(0)} ms, ${run.calls.length} statements, ${inCalls.toFixed(0)} ms waiting on them`);
    if (process.env.EACH && (process.env.EACH === "all" || run.round === rounds - 1)) for (const c of run.calls) console.log(`  ${c.ms.toFixed(0).padStart(5)} ms  ${c.sql.slice(0, 150)}`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
