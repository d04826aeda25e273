import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { openStandalonePage } from './packages/elements/test/standalone-server.js';
import { buildAndOpenStorybook } from './stories/storybook-smoke.js';
import { startPlumbHttpServer, stopPlumbHttpServer } from './packages/core/test/http/http-commands.js';

/**
 * DuckDB-WASM's worker files end in sourcemap comments pointing at maps vite
 * cannot find; strip them so test and dev output stays readable.
 */
function stripDuckDBSourceMaps(): Plugin {
  return {
    name: 'plumb:strip-duckdb-sourcemaps',
    enforce: 'pre',
    load(id) {
      const [file = '', query = ''] = id.split('?');
      if (/(^|&)(url|raw|inline)\b/.test(query)) return undefined; // vite's own asset handling
      if (file.includes('@duckdb/duckdb-wasm/dist/') && /\.(c|m)?js$/.test(file)) {
        return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''), map: null };
      }
      return undefined;
    },
  };
}

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
    commands: { openStandalonePage, buildAndOpenStorybook, startPlumbHttpServer, stopPlumbHttpServer },
  };
}

export default defineConfig({
  plugins: [stripDuckDBSourceMaps()],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
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
