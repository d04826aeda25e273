import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { stripDuckDBSourceMaps, workspaceSources } from '../../packages/devtools/vite-plugins.js';

const here = dirname(fileURLToPath(import.meta.url));
const elements = join(here, '..', '..', 'packages', 'elements');

// Autodocs read the custom-elements manifest; make it fresh from the JSDoc
// before Storybook starts (it is generated, not committed).
execFileSync(process.execPath, [join(elements, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js'), 'analyze'], {
  cwd: elements,
  stdio: 'ignore',
});


const config: StorybookConfig = {
  stories: ['../**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), stripDuckDBSourceMaps(), workspaceSources()];
    config.optimizeDeps = { ...config.optimizeDeps, exclude: [...(config.optimizeDeps?.exclude ?? []), '@duckdb/duckdb-wasm', 'parquet-wasm'] };
    config.build = { ...config.build, assetsInlineLimit: 0, chunkSizeWarningLimit: 4096 };
    return config;
  },
};
export default config;
