import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { burndown, loadSample } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { AS_OF, loadQuarter } from '../../core/test/burndown/fixture.js';
import '../src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../src/confidence-burndown/confidence-burndown.js';

// Screenshots to look at, not to compare: run with VITE_PLUMB_SCREENSHOTS=1; PNGs land in test/__screenshots__/burndown/ (git-ignored).
const dir = import.meta.env.VITE_PLUMB_SCREENSHOTS as string | undefined;

describe.skipIf(!dir)('<plumb-confidence-burndown> screenshots', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(async () => {
    await page.viewport(1000, 1000);
    await loadQuarter(db);
  });
  afterAll(() => db.close());

  const shots: [string, Record<string, string>][] = [
    ['one-kr', { by: 'key_result', 'key-result-id': 'A' }],
    ['team-lines', { by: 'key_result', 'team-id': 'T2' }],
    ['org-band', { display: 'band' }],
    ['multiples', { by: 'team' }],
    ['progress', { by: 'key_result', measure: 'progress', 'team-id': 'T1' }],
    ['never-checked-in', { by: 'key_result', 'key-result-id': 'D' }],
  ];
  for (const [name, attrs] of shots) {
    it(name, async () => {
      const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
      el.setAttribute('as-of', AS_OF);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.style.width = '960px';
      el.connector = db;
      document.body.replaceChildren(el);
      for (let i = 0; i < 400 && el.status !== 'ready' && el.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 25));
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 100));
      await el.updateComplete;
      expect(el.status).toBe('ready');
      await page.screenshot({ path: `__screenshots__/burndown/${name}.png`, element: el });
    });
  }
});

describe.skipIf(!dir)('<plumb-confidence-burndown> screenshots on the sample organisation', () => {
  const db = new WasmConnector({ assets: testAssets });
  const asOf = '2026-08-12'; // week 7 of the sample's 2026 Q3
  let team = '';
  let keyResult = '';
  beforeAll(async () => {
    await page.viewport(1100, 1000);
    await loadSample(db, { people: 2000, seed: 1 });
    const byTeam = await burndown(db, { by: 'team', asOf });
    team = byTeam.groups.find((g) => g.key_results >= 5 && g.key_results <= 10)!.group_id!;
    const t = await burndown(db, { team_id: team, asOf });
    keyResult = (t.alerts.find((a) => a.rule === 'below-threshold') ?? t.alerts[0])!.key_result_id;
  }, 300_000);
  afterAll(() => db.close());

  const shots: [string, () => Record<string, string>][] = [
    ['sample-one-kr', () => ({ by: 'key_result', 'key-result-id': keyResult })],
    ['sample-team', () => ({ by: 'key_result', 'team-id': team })],
    ['sample-org', () => ({ by: 'cycle' })],
    ['sample-departments', () => ({ by: 'department' })],
    ['sample-org-remaining', () => ({ by: 'cycle', measure: 'remaining' })],
  ];
  for (const [name, attrs] of shots) {
    it(name, async () => {
      const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
      el.setAttribute('as-of', asOf);
      for (const [k, v] of Object.entries(attrs())) el.setAttribute(k, v);
      el.style.width = '1060px';
      el.connector = db;
      document.body.replaceChildren(el);
      for (let i = 0; i < 2000 && el.status !== 'ready' && el.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 25));
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 100));
      await el.updateComplete;
      expect(el.status).toBe('ready');
      await page.screenshot({ path: `__screenshots__/burndown/${name}.png`, element: el });
    }, 120_000);
  }
});
