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
    await el.updateComplete;
    el.selectNode('objective:I1');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 200));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-outline-handmade.png' });
    el.layout = 'tidy';
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-tidy-handmade.png' });
    el.remove();
  });

  it('outline and tidy on the sample organisation', async () => {
    const sampleDb = new WasmConnector({ assets: testAssets });
    await loadSample(sampleDb, { people: 600, seed: 1 });
    await page.viewport(1280, 860);
    const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
    el.style.height = '820px';
    el.connector = sampleDb;
    document.body.append(el);
    for (let i = 0; i < 200 && !el.tree; i++) await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const firstTeam = el.tree!.nodes.find((n) => n.kind === 'objective' && n.level === 'individual');
    if (firstTeam) el.selectNode(firstTeam.key), el.reveal(firstTeam.key, { focus: false });
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-outline-sample.png' });
    el.layout = 'tidy';
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ element: el, path: '__screenshots__/cascade-tidy-sample.png' });
    el.remove();
    await sampleDb.close();
  });
});
