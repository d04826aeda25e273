import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { openStandalonePage } from './packages/elements/test/standalone-server.js';
import { openSecurityPage } from './packages/elements/test/security-server.js';
import { openSessionPages } from './packages/elements/test/session-server.js';
import { buildAndOpenStorybook } from './stories/storybook-smoke.js';
import { startPlumbHttpServer, stopPlumbHttpServer } from './packages/core/test/http/http-commands.js';
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
    commands: { openStandalonePage, openSecurityPage, openSessionPages, buildAndOpenStorybook, startPlumbHttpServer, stopPlumbHttpServer, emulateMedia },
  };
}

export default defineConfig({
  plugins: [stripDuckDBSourceMaps(), workspaceSources(), failingTestRoutes()],
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
