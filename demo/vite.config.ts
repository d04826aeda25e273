import { defineConfig } from 'vite';
import { stripDuckDBSourceMaps, workspaceSources } from '../packages/devtools/vite-plugins.js';


export default defineConfig({
  root: import.meta.dirname,
  plugins: [stripDuckDBSourceMaps(), workspaceSources()],
  // parquet-wasm finds its .wasm beside its own module: pre-bundling would move it away.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022', outDir: 'dist', assetsInlineLimit: 0 },
});
