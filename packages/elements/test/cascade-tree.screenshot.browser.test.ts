// Screenshots for looking at the element (not assertions): run with
// VITE_PLUMB_SCREENSHOTS=1 pnpm exec vitest run --project browser packages/elements/test/cascade-tree.screenshot.browser.test.ts
// PNGs land in packages/elements/test/__screenshots__/ (gitignored by name below).
import { afterAll, describe, it } from 'vitest';
import { page } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadHandMadeCascade } from '../../core/test/cascade/fixture.js';
import '../src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../src/cascade-tree/cascade-tree.js';

const enabled = Boolean(import.meta.env.VITE_PLUMB_SCREENSHOTS);

describe.runIf(enabled)('cascade tree screenshots', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('outline and tidy on the hand-made organisation', async () => {
    await loadHandMadeCascade(db);
    await page.viewport(1100, 760);
    const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
    el.style.height = '700px';
    el.connector = db;
    el.cycle = 'Q1';
    el.depth = 4;
    document.body.style.margin = '8px';
    document.body.append(el);
    for (let i = 0; i < 100 && !el.tree; i++) await new Promise((r) => setTimeout(r, 50));
    await el.settled();
    await el.selectNode('objective:I1');
    await el.settled();
    await new Promise((r) => setTimeout(r, 200));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-outline-handmade.png' });
    el.layout = 'tidy';
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-tidy-handmade.png' });
    el.remove();
  });

  // The sample at 1920×1080 in English, at 1280×720 projected and in German.
  for (const [width, height, locale, projector] of [[1920, 1080, 'en', false], [1280, 720, 'de', true], [1280, 720, 'fr', false]] as const) {
    it(`outline and tidy on the sample organisation, ${width}×${height}, ${locale}${projector ? ', projector' : ''}`, async () => {
      const sampleDb = new WasmConnector({ assets: testAssets });
      await loadSample(sampleDb, { people: 600, seed: 1 });
      await page.viewport(width, height);
      const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
      el.style.height = `${height - 16}px`;
      el.connector = sampleDb;
      el.locale = locale;
      el.projector = projector;
      document.body.append(el);
      for (let i = 0; i < 200 && !el.tree; i++) await new Promise((r) => setTimeout(r, 50));
      await el.settled();
      const held = el.tree!.nodes.find((n) => n.kind === 'key_result' && n.recognitions.count) ?? el.tree!.nodes.find((n) => n.kind === 'objective' && n.level === 'team');
      if (held) await el.selectNode(held.key);
      await el.settled();
      await new Promise((r) => setTimeout(r, 300));
      const name = `${width}x${height}-${locale}${projector ? '-projector' : ''}`;
      await page.screenshot({ element: el, path: `__screenshots__/cascade-outline-sample-${name}.png` });
      el.layout = 'tidy';
      await el.settled();
      await new Promise((r) => setTimeout(r, 400));
      await page.screenshot({ element: el, path: `__screenshots__/cascade-tidy-sample-${name}.png` });
      el.remove();
      await sampleDb.close();
    });
  }
});
