// Time first render and filter changes of the calibration elements in real Chromium.
// Usage: node packages/elements/scripts/measure-calibration.mjs 10000 100000
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';

const sizes = process.argv.slice(2).map(Number);
const root = resolve(import.meta.dirname, '../../..');
const server = await createServer({ root, configFile: resolve(root, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const n of sizes.length ? sizes : [10000]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error(e.message));
    await page.goto(`${base}packages/elements/test/pages/calibration-scale.html?people=${n}`);
    await page.waitForSelector('body[data-result]', { timeout: 300_000, state: 'attached' });
    console.log(await page.getAttribute('body', 'data-result'));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
