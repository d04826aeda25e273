// The bench's own scenarios, run at a tiny size on every test run: a scenario that stops running (an
// element renamed, a query changed, a selector gone) fails here, not at the next 100,000-person bench.
// Only that each one runs and reports its numbers is asserted — never a time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CANONICAL_TABLES, generateSample, loadSample, sampleTableToText } from '@plumb/core';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import type { BenchContext, BenchScenario } from '../src/scenario.js';

const PEOPLE = 60;
const scenarios = import.meta.glob<{ default: BenchScenario }>('../scenarios/*.bench.ts');
const sample = generateSample({ people: PEOPLE, seed: 1 });
/** What the bench's page server serves under /data/: the sample's CSV files, at this size. */
const dataFiles = new Map(CANONICAL_TABLES.map((t) => [`/data/${PEOPLE}-s1/csv/${t}.csv`, [...sampleTableToText(sample.tables[t], 'csv')].join('')]));

describe(`every bench scenario runs (${PEOPLE} people)`, () => {
  const connector = new WasmConnector({ assets: testAssets });
  const container = document.createElement('div');
  container.id = 'container';
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    await loadSample(connector, { people: PEOPLE, seed: 1 });
    container.style.cssText = 'width: 1280px; height: 800px';
    document.body.append(container);
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input instanceof Request ? input.url : input), location.href).pathname;
      const text = dataFiles.get(path);
      return text === undefined ? realFetch(input, init) : Promise.resolve(new Response(text, { headers: { 'content-type': 'text/csv' } }));
    });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    container.remove();
    await connector.close();
  });

  it('finds the scenarios', () => {
    expect(Object.keys(scenarios).length).toBeGreaterThanOrEqual(5);
  });

  /** A scenario whose `run` another one already ran (the HTTP twin of a page scenario: the same code over a connector). */
  const ran = new Set<BenchScenario['run']>();
  for (const [path, load] of Object.entries(scenarios)) {
    it(path.replace('../scenarios/', ''), async () => {
      const scenario = (await load()).default;
      if (ran.has(scenario.run)) return;
      ran.add(scenario.run);
      const recorded: Record<string, number> = {};
      const ctx: BenchContext = {
        connector,
        people: PEOPLE,
        container,
        async time(label, fn) {
          const t = performance.now();
          await fn();
          return (recorded[label] = performance.now() - t);
        },
        nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      };
      const metrics = { ...recorded, ...(await scenario.run(ctx)) };
      container.replaceChildren();
      expect(scenario.name).toBeTruthy();
      expect(Object.keys(metrics).length).toBeGreaterThan(0);
      for (const [label, value] of Object.entries(metrics)) expect(Number.isFinite(value), `${scenario.name}: ${label} = ${value}`).toBe(true);
    }, 120_000);
  }
});
