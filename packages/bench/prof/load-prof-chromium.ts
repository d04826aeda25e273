// Chromium profile of `loadSources` in the bench page: every connector call (a round trip to DuckDB's worker)
// timed, beside the raw floor in the same page, as `pnpm bench` measures them (fetch included).
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/load-prof-chromium.ts <people> [csv|parquet]
//      (TOP=N lists the N slowest calls, ALL=1 every call in order; RUNS=n repeats floor + load n times in fresh pages;
//      WARM=1 loads once before the measured load, into the same engine)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM, startPageServer } from '../src/browser.js';
import type { BenchFormat } from '../src/load-files.js';

const people = Number(process.argv[2] ?? 600);
const format = (process.argv[3] ?? 'csv') as BenchFormat;
const top = Number(process.env.TOP ?? 20);
const runs = Number(process.env.RUNS ?? 1);
const { url, server } = await startPageServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const urls = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, `/data/${people}-s1/${format}/${t}.${format}`]));
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'Plumb bench: ready');
    await page.evaluate(() => window.plumbBench.start());
    const floor = await page.evaluate(([f, u]) => window.plumbBench.loadFloor(f, u), [format, urls] as const);
    if (process.env.WARM_DIR) {
      // A tiny set loaded first (e.g. `plumb sample --people 20 --out DIR/<format>`): the engine's code warm, not the data.
      const given = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, readFileSync(join(process.env.WARM_DIR!, format, `${t}.${format}`)).toString('base64')]));
      const warmMs = await page.evaluate(([f, g]) => window.plumbBench.loadGiven(f, g), [format, given] as const);
      console.log(`  warm-up load of ${process.env.WARM_DIR}: ${warmMs.toFixed(0)} ms`);
    }
    if (process.env.WARM) {
      // A first load into the same engine, then the measured one: what is left once the engine's code is warm.
      await page.evaluate(([f, u]) => window.plumbBench.loadAll(f, u), [format, urls] as const);
      await page.evaluate(() => window.plumbBench.reset());
    }
    const { ms, calls } = await page.evaluate(([f, u]) => window.plumbBench.profileLoad(f, u), [format, urls] as const);
    const inCalls = calls.reduce((a, c) => a + c.ms, 0);
    console.log(`${people} ${format}: floor ${floor.toFixed(0)} ms, load ${ms.toFixed(0)} ms = ${(ms / floor).toFixed(2)}×; ${calls.length} calls, ${inCalls.toFixed(0)} ms waiting on them, ${(ms - inCalls).toFixed(0)} ms between (fetch, JS)`);
    if (run === runs - 1) {
      if (process.env.ALL) for (const c of calls) console.log(`  ${c.ms.toFixed(0).padStart(6)} ms  ${c.sql.slice(0, 120)}`);
      for (const c of [...calls].sort((a, b) => b.ms - a.ms).slice(0, top)) console.log(`  ${c.ms.toFixed(0).padStart(6)} ms  ${c.sql.slice(0, 160)}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
