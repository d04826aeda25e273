// The one way the element screenshot scripts take their pictures: a vite server over the repository,
// Debian's Chromium, one page per shot of packages/elements/test/pages/<page>?<query>, waited for until
// the page says `data-ready`. Usage: node packages/elements/scripts/screenshot-<view>.mjs [outDir]
// (SHOTS=prefix takes only the shots whose name starts with it).
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A vite server over the repository and Debian's Chromium for `run(browser, base)`, both closed after it.
 * @param {(browser: import('playwright-core').Browser, base: string) => Promise<void>} run
 */
export async function withRepositoryPages(run) {
  const root = resolve(import.meta.dirname, '../../..');
  const server = await createServer({ root, configFile: resolve(root, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await run(browser, server.resolvedUrls.local[0]);
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * @param {string} pageFile the test page, e.g. 'calibration.html'
 * @param {{ name: string, width: number, height: number, query: string, media?: 'screen' | 'print', fullPage?: boolean }[]} shots
 * @param {{ timeout?: number }} [options]
 */
export async function shootPages(pageFile, shots, options = {}) {
  const out = resolve(process.argv[2] ?? '/tmp/plumb-shots');
  mkdirSync(out, { recursive: true });
  const only = process.env.SHOTS;
  await withRepositoryPages(async (browser, base) => {
    for (const { name, width, height, query, media = 'screen', fullPage = false } of shots) {
      if (only && !name.startsWith(only)) continue;
      const page = await browser.newPage({ viewport: { width, height } });
      page.on('pageerror', (e) => console.error(name, e.message));
      page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
      await page.goto(`${base}packages/elements/test/pages/${pageFile}?${query}`);
      await page.waitForSelector('body[data-ready]', { timeout: options.timeout ?? 60_000 });
      await page.emulateMedia({ media });
      await page.screenshot({ path: `${out}/${name}.png`, fullPage });
      console.log(`${out}/${name}.png`);
      await page.close();
    }
  });
}

/** `[name, width, height, query]` rows as shots. */
export const shotsOf = (rows) => rows.map(([name, width, height, query, media, fullPage]) => ({ name, width, height, query, media, fullPage }));
