import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/rating-distribution/rating-distribution.define.js';
import '../src/nine-box/nine-box.define.js';
import type { PlumbRatingDistribution } from '../src/rating-distribution/rating-distribution.js';
import type { PlumbNineBox } from '../src/nine-box/nine-box.js';

// Screenshots to look at, not to compare: VITE_PLUMB_SCREENSHOTS=1 pnpm exec vitest run --project browser
// packages/elements/test/calibration-screenshots.browser.test.ts; PNGs land in test/__screenshots__/calibration/ (git-ignored).
const dir = import.meta.env.VITE_PLUMB_SCREENSHOTS as string | undefined;

type View = PlumbRatingDistribution | PlumbNineBox;

async function drawn(el: View): Promise<void> {
  for (let i = 0; i < 400 && !(el.status === 'ready' && el.report); i++) await new Promise((r) => setTimeout(r, 25));
  await el.settled();
  await new Promise((r) => setTimeout(r, 150));
  await el.updateComplete;
  expect(el.status).toBe('ready');
}

describe.skipIf(!dir)('calibration views: screenshots on the 600-person sample', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(async () => {
    await loadSample(db, { people: 600, seed: 1 });
  }, 300_000);
  afterAll(() => db.close());

  const shots: { name: string; width: number; height: number; projector?: boolean; lang?: string; only?: 'rating' | 'nine' }[] = [
    { name: 'room-1920x1080', width: 1920, height: 1080 },
    { name: 'room-1280x720', width: 1280, height: 720 },
    { name: 'room-1920x1080-de', width: 1920, height: 1080, lang: 'de' },
    { name: 'rating-projector-1280x720', width: 1280, height: 720, projector: true, only: 'rating' },
    { name: 'nine-box-projector-1280x720', width: 1280, height: 720, projector: true, only: 'nine' },
    { name: 'rating-projector-1920x1080-fr', width: 1920, height: 1080, projector: true, lang: 'fr', only: 'rating' },
  ];
  for (const shot of shots) {
    it(shot.name, async () => {
      await page.viewport(shot.width, shot.height);
      const room = document.createElement('div');
      room.lang = shot.lang ?? 'en';
      room.className = 'room';
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`body { margin: 0; font-family: system-ui, sans-serif; }
        .room { display: grid; grid-template-columns: ${shot.only ? '1fr' : '3fr 2fr'}; gap: 16px; padding: 12px; box-sizing: border-box; }`);
      document.adoptedStyleSheets = [sheet];
      const views: View[] = [];
      if (shot.only !== 'nine') views.push(document.createElement('plumb-rating-distribution') as PlumbRatingDistribution);
      if (shot.only !== 'rating') views.push(document.createElement('plumb-nine-box') as PlumbNineBox);
      for (const v of views) {
        v.connector = db;
        v.projector = !!shot.projector;
        v.anonymize = true;
        v.pseudonymSalt = 'screens';
        room.append(v);
      }
      document.body.replaceChildren(room);
      for (const v of views) await drawn(v);
      await page.screenshot({ path: `__screenshots__/calibration/${shot.name}.png` });
      // What a projected room sees must fit: nothing below the fold.
      if (shot.projector) expect(document.documentElement.scrollHeight).toBeLessThanOrEqual(shot.height + 1);
    });
  }
});
