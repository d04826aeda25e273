// Installs the packed packages into scratch apps as a user would and checks
// what they see. See src/consumer.ts. Runs in `pnpm test` (the core project).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndPack,
  buildApp,
  installScratch,
  nodeImports,
  removeScratch,
  scratchDir,
  serve,
  timeValidate,
  validateParquet,
  validateWorkbooks,
  writeSample,
  type NodeImportReport,
} from '../src/consumer.js';
import { launch, openApp, selectTeamAndWait, waitForViews } from '../src/browser.js';

// Not chart views: the data element, its parts, the room (a layout of views), the reason dialog, and the session log
// (empty text until a session is open).
const NOT_VIEWS = new Set(['plumb-data', 'plumb-source', 'plumb-data-table', 'plumb-load-report', 'plumb-room', 'plumb-reason-dialog', 'plumb-session-log']);

/**
 * CSP violations other than inline style attributes. Those (`style-src-attr`)
 * belong to the strict-CSP page test (packages/elements/test/strict-csp.browser.test.ts),
 * which names the view each comes from; here a violation means the install
 * itself is wrong (Arrow's `new Function`, a worker or wasm from elsewhere).
 */
async function installViolations(app: { violations: () => Promise<string[]> }): Promise<string[]> {
  return (await app.violations()).filter((v) => !v.startsWith('style-src-attr'));
}
let dir = '';
let browser: Browser | undefined;
const servers: Server[] = [];
const timings: Record<string, number> = {};
let origins: Record<'html' | 'react' | 'vue', string>;

beforeAll(async () => {
  dir = scratchDir();
  let t = performance.now();
  const tarballs = await buildAndPack(join(dir, 'tarballs'));
  timings.build_and_pack = (performance.now() - t) / 1000;
  timings.install = (await installScratch(dir, tarballs)).seconds;
  timings.sample = (await writeSample(dir, 60)).seconds;
  t = performance.now();
  await Promise.all([buildApp(dir, 'html'), buildApp(dir, 'react')]);
  await buildApp(dir, 'vue');
  timings.app_builds = (performance.now() - t) / 1000;
  const standalone = join(dir, 'html', 'node_modules', '@plumb', 'elements', 'dist', 'standalone');
  const html = await serve(join(dir, 'html', 'dist'), { '/standalone': standalone });
  const react = await serve(join(dir, 'react', 'dist'));
  const vue = await serve(join(dir, 'vue', 'dist'));
  servers.push(html.server, react.server, vue.server);
  origins = { html: html.origin, react: react.origin, vue: vue.origin };
  browser = await launch();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  console.log(`consumer check timings (s): ${JSON.stringify(timings)}`);
  if (dir) removeScratch(dir);
});

describe('installed from the packed tarballs', () => {
  it('imports every entry in plain Node (SSR) without throwing, and a browser install of @plumb/elements pulls no native DuckDB, CLI or tsx', async () => {
    const report: NodeImportReport = await nodeImports(dir);
    expect(report.failed).toEqual([]);
    // lit's Node build installs a customElements shim (for lit SSR); no DOM globals beyond it.
    expect(report.globals.filter((g) => g !== 'customElements')).toEqual([]);
    for (const entry of ['@plumb/elements', '@plumb/react', '@plumb/core', '@plumb/core/queries', '@plumb/core/load', '@plumb/core/http', '@plumb/core/node', '@plumb/elements/plumb-data/plumb-data.define.js'])
      expect(report.imported).toContain(entry);
    expect(report.imported.filter((e) => e.endsWith('.define.js')).length).toBeGreaterThanOrEqual(6);
    expect(report.elementsClosure).toContain('@plumb/core');
    expect(report.elementsClosure).toContain('lit');
    for (const nodeOnly of ['@duckdb/node-api', '@plumb/cli', 'tsx']) expect(report.elementsClosure).not.toContain(nodeOnly);
  }, 120_000);

  it('the installed package.json of each package names only files the tarball holds (no workspace-only conditions)', () => {
    const targets = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : [];
    for (const name of ['core', 'elements', 'react', 'cli']) {
      const root = join(dir, 'node', 'node_modules', '@plumb', name);
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
      expect(JSON.stringify(pkg.exports), `@plumb/${name}`).not.toContain('plumb-source');
      for (const target of targets(pkg.exports).filter((t) => !t.includes('*')))
        expect(existsSync(join(root, target)), `@plumb/${name}: ${target}`).toBe(true);
    }
  });

  it('the bundled files carry the licenses of the packages bundled into them (Apache-2.0 asks for its text and NOTICE)', () => {
    const bundles = {
      cli: join(dir, 'node', 'node_modules', '@plumb', 'cli', 'dist', 'THIRD-PARTY-LICENSES.txt'),
      standalone: join(dir, 'html', 'node_modules', '@plumb', 'elements', 'dist', 'standalone', 'THIRD-PARTY-LICENSES.txt'),
    };
    for (const [bundle, file] of Object.entries(bundles)) {
      const text = readFileSync(file, 'utf8');
      for (const name of ['apache-arrow', 'flatbuffers']) expect(text, bundle).toMatch(new RegExp(`^${name} \\S+ — Apache-2\\.0$`, 'm'));
      expect(text, bundle).toContain('Apache License');
      expect(text, bundle).toContain('Apache Arrow');
    }
    // The standalone file also ships DuckDB-WASM's and parquet-wasm's binaries beside it, and lit and d3 inside it.
    const standalone = readFileSync(bundles.standalone, 'utf8');
    for (const name of ['@duckdb/duckdb-wasm', 'parquet-wasm', 'lit-html', 'd3-hierarchy']) expect(standalone).toMatch(new RegExp(`^${name.replace('/', '\\/')} \\S+ — `, 'm'));
  });

  it('runs `plumb validate` from @plumb/cli as compiled JavaScript', async () => {
    const result = await timeValidate(dir);
    timings.plumb_validate_60 = result.seconds;
    expect(result.stdout).toMatch(/0 rejected/);
  }, 120_000);

  it('the compiled `plumb` validates Excel workbooks (Workday’s reports: 28 workers, 22 rated before and after calibration)', async () => {
    const result = await validateWorkbooks(dir);
    expect(result.stdout).toMatch(/people 28, cycles 1, ratings 44\)/);
    expect(result.stdout).toMatch(/; 0 errors/);
  }, 120_000);

  it('the compiled `plumb` writes and validates Parquet (parquet-wasm, loaded at run time, is installed with it)', async () => {
    const result = await validateParquet(dir, 60);
    expect(result.stdout).toMatch(/people 60\b/);
    expect(result.stdout).toMatch(/ 0 rejected/);
    expect(result.stdout).toMatch(/; 0 errors/);
  }, 120_000);

  it('plain vite + HTML under the strict CSP: every element draws from CSV, a selection links two views, a second copy of Plumb on the page does not throw', async () => {
    const app = await openApp(browser!, origins.html);
    try {
      const tags = (await app.page.evaluate(() => (window as unknown as { __plumbTags: string[] }).__plumbTags)) ?? [];
      expect(tags.length).toBeGreaterThanOrEqual(7);
      const views = tags.filter((t) => !NOT_VIEWS.has(t));
      const shown = await waitForViews(app.page, [...views, 'plumb-data-table']);
      expect(shown['plumb-data']).toMatch(/^ready/);
      for (const view of views) expect(shown[view], view).not.toMatch(/error|No data source/i);
      expect(shown['plumb-data-table']).toMatch(/people\s*60/);
      // The workbooks' <plumb-data>: Workday's 28 workers and 22 rated twice (before and after calibration).
      await app.page.waitForFunction(() => /ratings\s*44/.test(document.querySelector('#excel plumb-data-table')?.shadowRoot?.textContent ?? ''), null, { timeout: 30_000 });
      expect(await app.page.evaluate(() => document.querySelector('#excel plumb-data-table')?.shadowRoot?.textContent)).toMatch(/people\s*28/);
      const linked = await selectTeamAndWait(app.page, 'plumb-rating-distribution');
      expect(linked.after).not.toBe(linked.before);
      await app.page.waitForFunction(() => (window as unknown as { __secondCopy?: string }).__secondCopy, null, { timeout: 30_000 });
      expect(await app.page.evaluate(() => (window as unknown as { __secondCopy?: string }).__secondCopy)).toBe('loaded');
      expect(app.pageErrors).toEqual([]);
      expect(await installViolations(app)).toEqual([]);
      expect(app.foreignRequests).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);

  for (const framework of ['react', 'vue'] as const) {
    it(`${framework === 'react' ? 'React 19' : 'Vue 3'}: views draw from CSV and the app's handlers receive typed detail (plumb-load, plumb-selection-change)${framework === 'vue' ? ', a view outside <plumb-data> links by source="org"' : ''}`, async () => {
      const app = await openApp(browser!, origins[framework]);
      try {
        const views = ['plumb-rating-distribution', 'plumb-nine-box', ...(framework === 'vue' ? ['plumb-confidence-burndown'] : [])];
        const shown = await waitForViews(app.page, views);
        if (framework === 'vue') expect(shown['plumb-confidence-burndown'], 'a view linked by source="org"').not.toMatch(/No data source|error/i);
        expect(shown['plumb-data']).toMatch(/^ready/);
        const linked = await selectTeamAndWait(app.page, 'plumb-rating-distribution');
        const events = await app.page.evaluate(() => (window as unknown as { __events: { name: string; detail: Record<string, unknown> }[] }).__events);
        expect(events.find((e) => e.name === 'load')?.detail).toMatchObject({ people: 60 });
        expect(events.filter((e) => e.name === 'selection-change').map((e) => e.detail.team)).toContain(linked.team);
        expect(app.pageErrors).toEqual([]);
        expect(await installViolations(app)).toEqual([]);
        expect(app.foreignRequests).toEqual([]);
      } finally {
        await app.close();
      }
    }, 120_000);
  }
});
