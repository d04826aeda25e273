// Screenshots of the calibration session (the room's Session area and the editable nine-box) for a
// person to look at: German and English, 1920×1080 and 1280×720, page and projector (presenting).
// Usage: node demo/scripts/screenshot-session.mjs [outDir]   (SHOTS=de-1920,de-1280-projector,…)
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? '/tmp/plumb-session-shots');
mkdirSync(out, { recursive: true });
const demo = resolve(import.meta.dirname, '..');
const server = await createServer({ root: demo, configFile: resolve(demo, 'vite.config.ts'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shots = (process.env.SHOTS ?? 'de-1920,de-1280,de-1920-projector,de-1280-projector,de-1280-projector-ninebox,de-1920-dialog').split(',');
try {
  for (const shot of shots) {
    const [lang, width, ...modes] = shot.split('-');
    const height = width === '1920' ? 1080 : 720;
    const context = await browser.newContext({ viewport: { width: Number(width), height } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(shot, e.message));
    await page.goto(`${base}?lang=${lang}`);
    await page.waitForFunction(() => !!document.querySelector('plumb-calibration-table')?.result, null, { timeout: 120_000 });
    await page.locator('.session-open').click();
    await page.waitForFunction(() => !!document.querySelector('plumb-data')?.session.session, null, { timeout: 60_000 });
    // A few changes through the session (setup; the tests drive the same by keyboard).
    await page.evaluate(async () => {
      const data = document.querySelector('plumb-data');
      const table = document.querySelector('plumb-calibration-table');
      if (data.session.events.length) return;
      const rows = table.result.rows.filter((r) => r.calibrated_rating !== null);
      const pick = (i) => rows[i * 7];
      await data.session.changeRating({ employee_id: pick(1).id, to_rating: pick(1).calibrated_rating >= 4 ? pick(1).calibrated_rating - 2 : pick(1).calibrated_rating + 2, reason: 'Führte die Migration; Kolleg:innen bestätigen die Wirkung' });
      await data.session.changeRating({ employee_id: pick(2).id, to_rating: pick(2).calibrated_rating >= 5 ? 4 : pick(2).calibrated_rating + 1 });
      await data.session.changeRating({ employee_id: pick(3).id, to_rating: pick(3).calibrated_rating <= 1 ? 2 : pick(3).calibrated_rating - 1, reason: 'Ziele zwei Quartale verfehlt' });
      await data.session.undo();
      await data.session.markDiscussed({ employee_id: pick(4).id });
      await data.session.changeRating({ employee_id: pick(5).id, to_rating: pick(5).calibrated_rating >= 5 ? 4 : pick(5).calibrated_rating + 1, reason: 'Übernahm das Team im Herbst' });
    });
    await page.waitForTimeout(1500);
    if (modes.includes('projector')) {
      await page.getByRole('switch').first().check();
      await page.keyboard.press(modes.includes('ninebox') ? '2' : '5');
      await page.waitForTimeout(1500);
      if (modes.includes('ninebox')) {
        // Pick someone up from the keyboard and hold them over the next box.
        const box = page.locator('plumb-nine-box [role=gridcell]:has([part=person])').first();
        await box.focus();
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        await page.keyboard.press(' ');
        await page.keyboard.press('ArrowUp');
        await page.waitForTimeout(300);
      }
    } else {
      await page.locator('demo-session-area').scrollIntoViewIfNeeded();
    }
    if (modes.includes('dialog')) {
      await page.locator('plumb-calibration-table [role=rowheader]').first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('1');
      await page.keyboard.press('5');
      await page.waitForTimeout(500);
    }
    await page.screenshot({ path: `${out}/session-${shot}.png` });
    console.log(`${out}/session-${shot}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
