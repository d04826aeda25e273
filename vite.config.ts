import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { openStandalonePage } from './packages/elements/test/standalone-server.js';
import { openSecurityPage } from './packages/elements/test/security-server.js';
import { openSessionPages } from './packages/elements/test/session-server.js';
import { buildAndOpenStorybook } from './stories/storybook-smoke.js';
import { startPlumbHttpServer, startServedSample, startSessionServer, stopPlumbHttpServer } from './packages/core/test/http/http-commands.js';
import { stripDuckDBSourceMaps, workspaceSources } from './packages/devtools/vite-plugins.js';
import { emulateMedia } from './packages/elements/test/media-commands.js';
import { failingTestRoutes } from './packages/devtools/test-routes.js';


const CHROMIUM = process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium';

// A fresh object per project: vitest rejects a shared `instances` array.
function browserOptions() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({
      launchOptions: {
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
    instances: [{ browser: 'chromium' as const }],
    commands: { openStandalonePage, openSecurityPage, openSessionPages, buildAndOpenStorybook, startPlumbHttpServer, startServedSample, startSessionServer, stopPlumbHttpServer, emulateMedia },
  };
}

/**
 * DuckDB-WASM stays out of the dependency pre-bundle (its worker and wasm files are served as they are);
 * a pre-bundled package that imports it (Mosaic, the bench's peer) then names it from the pre-bundle
 * folder, where it cannot be found: resolve it as packages/bench does.
 */
function duckdbForPrebundledDeps(): Plugin {
  const bench = fileURLToPath(new URL('./packages/bench/package.json', import.meta.url));
  return {
    name: 'plumb:duckdb-for-prebundled-deps',
    enforce: 'pre',
    resolveId(id, importer) {
      if (!id.startsWith('@duckdb/duckdb-wasm') || !importer?.includes('/.vite/')) return null;
      return this.resolve(id, bench, { skipSelf: true });
    },
  };
}

export default defineConfig({
  plugins: [stripDuckDBSourceMaps(), workspaceSources(), failingTestRoutes(), duckdbForPrebundledDeps()],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          // One process for every file: DuckDB-WASM is compiled once and V8 tiers its hot code up once (a fresh
          // process per file paid both every time, about half the project's CPU). A file must not leave
          // process-wide state behind (globals, process.env, the working directory).
          isolate: false,
          include: ['packages/*/test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts', 'stories/**/*.browser.test.ts', 'demo/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          browser: browserOptions(),
        },
      },
    ],
  },
});
