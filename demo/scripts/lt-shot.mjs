// Temporary (not committed): the load panel and the review in German/French with a small export that asks a question.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
const demo = resolve(import.meta.dirname, '..');
const server = await createServer({ root: demo, configFile: resolve(demo, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const files = readdirSync('/tmp/lt-fix').map((f) => `/tmp/lt-fix/${f}`);
try {
  for (const [lang, width] of [['de', 1920], ['fr', 1280], ['de', 1280]]) {
    const page = await browser.newPage({ viewport: { width, height: width === 1920 ? 1080 : 720 } });
    await page.goto(`${base}?lang=${lang}`);
    await page.waitForFunction(() => document.querySelector('plumb-data')?.status === 'ready', null, { timeout: 120000 });
    await page.locator('input[type=file]').setInputFiles(files);
    await page.waitForFunction(() => document.querySelector('plumb-data')?.shadowRoot?.querySelector('plumb-load-report')?.shadowRoot?.querySelector('[part=questions]'), null, { timeout: 120000 });
    await page.evaluate(() => {
      const data = document.querySelector('plumb-data');
      const panel = data.shadowRoot.querySelector('[part=diagnostics]');
      panel.querySelector('details')?.setAttribute('open', '');
      panel.scrollIntoView({ block: 'start' });
    });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/lt-shots/load-${lang}-${width}.png` });
    await page.evaluate(() => document.querySelector('plumb-data').shadowRoot.querySelector('plumb-load-report').shadowRoot.querySelector('details').setAttribute('open', ''));
    await page.evaluate(() => document.querySelector('plumb-data').shadowRoot.querySelector('plumb-load-report').shadowRoot.querySelector('[part=decisions]')?.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/lt-shots/load-decisions-${lang}-${width}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
