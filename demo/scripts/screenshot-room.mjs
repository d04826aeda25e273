// Screenshots of the calibration room in English, German and French, at 1920×1080 and 1280×720, with
// and without projector mode, for a person to look at. Usage: node demo/scripts/screenshot-room.mjs [outDir]
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? '/tmp/plumb-room-shots');
mkdirSync(out, { recursive: true });
const demo = resolve(import.meta.dirname, '..');
const server = await createServer({ root: demo, configFile: resolve(demo, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shots = (process.env.SHOTS ?? 'de-1920,fr-1280,de-1280-projector,fr-1920-projector').split(',');
try {
  for (const shot of shots) {
    const [lang, width, projector, view] = shot.split('-');
    const height = width === '1920' ? 1080 : 720;
    const page = await browser.newPage({ viewport: { width: Number(width), height } });
    page.on('pageerror', (e) => console.error(shot, e.message));
    await page.goto(`${base}?lang=${lang}`);
    await page.waitForFunction(
      () => {
        const data = document.querySelector('plumb-data');
        const views = [...document.querySelectorAll('[data-view]')];
        return data?.status === 'ready' && views.length >= 4 && views.every((v) => (v.shadowRoot?.textContent ?? '').length > 40 && !/Loading|Wird geladen|Chargement/.test(v.shadowRoot?.textContent ?? ''));
      },
      null,
      { timeout: 120_000 },
    );
    if (projector) await page.getByRole('switch').first().check();
    if (view) await page.keyboard.press(view);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/room-${shot}.png` });
    console.log(`${out}/room-${shot}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
