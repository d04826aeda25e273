import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * DuckDB-WASM's files end in sourcemap comments for maps it does not ship;
 * vite prints ~100 warnings a run for them. Strip the comments on load (the
 * `?url`/`?raw` imports are left to vite). Shared by the root (vitest), demo,
 * Storybook and bench configs.
 */
export function stripDuckDBSourceMaps(): Plugin {
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
