// Timing at scale, by hand: VITE_PLUMB_PERF=10000 pnpm exec vitest run --project browser packages/elements/test/cascade-tree.perf.browser.test.ts
// (pnpm bench runs packages/bench/scenarios/cascade.bench.ts, the same steps, as the measurement of record.)
import { describe, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import scenario from '../../bench/scenarios/cascade.bench.js';

const people = Number(import.meta.env.VITE_PLUMB_PERF ?? 0);

describe.runIf(people > 0)('cascade tree at scale', () => {
  it(`${people} people`, async () => {
    const db = new WasmConnector({ assets: testAssets });
    let t = performance.now();
    await loadSample(db, { people, seed: 1 });
    console.log(`load ${Math.round(performance.now() - t)} ms`);
    const container = document.createElement('div');
    container.style.cssText = 'width:1280px;height:800px';
    document.body.append(container);
    const times: Record<string, number> = {};
    const result = await scenario.run({
      connector: db,
      people,
      container,
      async time(label, fn) {
        t = performance.now();
        await fn();
        const ms = performance.now() - t;
        times[label] = Math.round(ms);
        return ms;
      },
      nextFrame: () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    });
    console.log(JSON.stringify({ people, ...times, ...result }, null, 1));
    await db.close();
  }, 600_000);
});
