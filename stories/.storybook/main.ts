import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const elements = join(here, '..', '..', 'packages', 'elements');

// Autodocs read the custom-elements manifest; make it fresh from the JSDoc
// before Storybook starts (it is generated, not committed).
execFileSync(process.execPath, [join(elements, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js'), 'analyze'], {
  cwd: elements,
  stdio: 'ignore',
});

/** DuckDB-WASM's files end in sourcemap comments for maps it does not ship. */
function stripDuckDBSourceMaps(): Plugin {
  return {
    name: 'plumb:strip-duckdb-sourcemaps',
    enforce: 'pre',
    load(id) {
      const [file = '', query = ''] = id.split('?');
      if (/(^|&)(url|raw|inline)\b/.test(query)) return undefined;
      if (file.includes('@duckdb/duckdb-wasm/dist/') && /\.(c|m)?js$/.test(file)) {
        return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''), map: null };
      }
      return undefined;
    },
  };
}

const config: StorybookConfig = {
  stories: ['../**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), stripDuckDBSourceMaps()];
    config.optimizeDeps = { ...config.optimizeDeps, exclude: [...(config.optimizeDeps?.exclude ?? []), '@duckdb/duckdb-wasm', 'parquet-wasm'] };
    config.build = { ...config.build, assetsInlineLimit: 0, chunkSizeWarningLimit: 4096 };
    return config;
  },
};
export default config;
