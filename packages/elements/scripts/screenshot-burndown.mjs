// Screenshots of <plumb-confidence-burndown> at room sizes (1920×1080, 1280×720), projector mode and
// German/French, for a person to look at. Usage: node packages/elements/scripts/screenshot-burndown.mjs [outDir]
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
const shots = [];
for (const [w, h] of [[1920, 1080], [1280, 720]]) {
  shots.push(
    [`bd-team-projector-${w}`, w, h, 'by=key_result&small-team&projector'],
    [`bd-team-projector-de-${w}`, w, h, 'by=key_result&small-team&projector&lang=de'],
    [`bd-org-${w}`, w, h, 'by=cycle'],
    [`bd-departments-fr-${w}`, w, h, 'by=department&lang=fr'],
    [`bd-teams-anon-projector-de-${w}`, w, h, 'by=team&anonymize&projector&lang=de&display=band'],
  );
}
const only = process.env.SHOTS;
try {
  for (const [name, width, height, query] of shots) {
    if (only && !name.startsWith(only)) continue;
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => console.error(name, e.message));
    page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
    await page.goto(`${base}packages/elements/test/pages/burndown.html?${query}`);
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${out}/${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
