// The room's screenshots for docs/screenshots: en/de/fr, 1920×1080 and 1280×720, light and presenting, always
// anonymized (light: the Anonymize switch; presenting hides names by default). `pnpm screenshots` from the root;
// `node demo/scripts/screenshot-room.mjs [outDir]`; SHOTS=name,name to take some of them.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const demo = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? resolve(demo, '..', 'docs', 'screenshots'));
mkdirSync(out, { recursive: true });

/** name → what to show: language, width, presenting view (1-based), the review panel open, the cascade's Tree layout. */
const ALL = {
  'light-en-1920': { lang: 'en', width: 1920 },
  'light-en-1280': { lang: 'en', width: 1280 },
  'light-de-1920': { lang: 'de', width: 1920 },
  'light-fr-1280': { lang: 'fr', width: 1280 },
  'review-en-1280': { lang: 'en', width: 1280, review: true },
  'present-ratings-en-1280': { lang: 'en', width: 1280, view: 1 },
  'present-ratings-de-1920': { lang: 'de', width: 1920, view: 1 },
  'present-ninebox-fr-1920': { lang: 'fr', width: 1920, view: 2 },
  'present-burndown-en-1920': { lang: 'en', width: 1920, view: 3 },
  'present-burndown-de-1280': { lang: 'de', width: 1280, view: 3 },
  'present-cascade-fr-1280': { lang: 'fr', width: 1280, view: 4 },
  'present-cascade-tree-de-1920': { lang: 'de', width: 1920, view: 4, tree: true },
  'light-cascade-tree-en-1280': { lang: 'en', width: 1280, tree: true },
  'present-review-de-1920': { lang: 'de', width: 1920, view: 2, review: true },
};
const names = process.env.SHOTS ? process.env.SHOTS.split(',') : Object.keys(ALL);

const server = await createServer({ root: demo, configFile: resolve(demo, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const settled = (page) =>
  page.waitForFunction(
    () => {
      const views = [...document.querySelectorAll('[data-view]')];
      const text = (v) => v.shadowRoot?.textContent ?? '';
      return document.querySelector('plumb-data')?.status === 'ready' && views.length >= 4 && views.every((v) => text(v).length > 40 && !/Loading|Wird geladen|Chargement/.test(text(v)));
    },
    null,
    { timeout: 120_000 },
  );
try {
  for (const name of names) {
    const shot = ALL[name];
    if (!shot) throw new Error(`no screenshot called ${name}; known: ${Object.keys(ALL).join(', ')}`);
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.width === 1920 ? 1080 : 720 } });
    page.on('pageerror', (e) => console.error(name, e.message));
    await page.goto(`${base}?lang=${shot.lang}`);
    await settled(page);
    const switches = page.locator('plumb-calibration-room > header input[role=switch]');
    if (shot.view) {
      await switches.nth(0).check(); // Projector: the room presents, names hidden
      if (shot.view > 1) await page.keyboard.press(String(shot.view));
    } else {
      await switches.nth(1).check(); // Anonymize
    }
    await page.waitForTimeout(800);
    await settled(page);
    // Every view has drawn with the new settings (a fixed wait alone let an anonymized shot show names on a busy machine).
    await page.evaluate(() => Promise.all([...document.querySelectorAll('[data-view]')].map((v) => v.settled?.())));
    if (shot.tree) {
      // The cascade's Tree layout (the second layout button), in view.
      const cascade = page.locator('plumb-cascade-tree');
      await cascade.locator('.segmented button').nth(1).click();
      await page.evaluate(() => document.querySelector('plumb-cascade-tree')?.settled());
      if (!shot.view) await page.evaluate(() => document.querySelector('plumb-cascade-tree')?.scrollIntoView({ block: 'end' }));
    }
    if (shot.review) {
      await page.locator('[data-view=ninebox]').locator('[part~=person]').first().click();
      await page.waitForFunction(() => (document.querySelector('plumb-person-review')?.shadowRoot?.querySelector('[part=draft] .prose') ?? null) !== null, null, { timeout: 60_000 });
      // The nine-box the person came from, beside the review.
      await page.evaluate(() => document.querySelector('.view-ninebox')?.scrollIntoView({ block: 'start' }));
    }
    await page.waitForTimeout(700);
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${out}/${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
