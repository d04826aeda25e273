import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/** DuckDB-WASM's files end in sourcemap comments for maps it does not ship; strip them (quiet dev output). */
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

export default defineConfig({
  root: import.meta.dirname,
  plugins: [stripDuckDBSourceMaps()],
  // parquet-wasm finds its .wasm beside its own module: pre-bundling would move it away.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022', outDir: 'dist', assetsInlineLimit: 0 },
});
