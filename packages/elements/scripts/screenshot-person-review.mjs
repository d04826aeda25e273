// Screenshots of <plumb-person-review> at real viewport sizes, for a person to look at.
// Usage: node packages/elements/scripts/screenshot-person-review.mjs [outDir]   (SHOTS=prefix for some only)
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? '/tmp/plumb-shots');
mkdirSync(out, { recursive: true });
const root = resolve(import.meta.dirname, '../../..');
const server = await createServer({ root, configFile: resolve(root, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// name, width, height, query, media, full page
const shots = [
  ['review-1920', 1920, 1080, 'person=p0005', 'screen', false],
  ['review-1280', 1280, 720, 'person=p0005', 'screen', false],
  ['review-1280-full', 1280, 720, 'person=p0005', 'screen', true],
  ['review-projector-1920', 1920, 1080, 'person=p0005&projector', 'screen', false],
  ['review-projector-1280', 1280, 720, 'person=p0005&projector', 'screen', false],
  ['review-de-anon-1280', 1280, 720, 'person=p0005&anonymize&lang=de', 'screen', true],
  ['review-fr-1920', 1920, 1080, 'person=p0007&lang=fr', 'screen', false],
  ['review-print', 1000, 1400, 'person=p0005', 'print', true],
];
const only = process.env.SHOTS;
try {
  for (const [name, width, height, query, media, fullPage] of shots) {
    if (only && !name.startsWith(only)) continue;
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => console.error(name, e.message));
    page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
    await page.goto(`${base}packages/elements/test/pages/person-review.html?${query}`);
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    await page.emulateMedia({ media });
    await page.screenshot({ path: `${out}/${name}.png`, fullPage });
    console.log(`${out}/${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
