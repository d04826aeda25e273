// Time first render and filter changes of the calibration elements in real Chromium.
// Usage: node packages/elements/scripts/measure-calibration.mjs 10000 100000
import { withRepositoryPages } from './shoot-pages.mjs';

const sizes = process.argv.slice(2).map(Number);
await withRepositoryPages(async (browser, base) => {
  for (const n of sizes.length ? sizes : [10000]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error(e.message));
    await page.goto(`${base}packages/elements/test/pages/calibration-scale.html?people=${n}`);
    await page.waitForSelector('body[data-result]', { timeout: 300_000, state: 'attached' });
    console.log(await page.getAttribute('body', 'data-result'));
    await page.close();
  }
});
