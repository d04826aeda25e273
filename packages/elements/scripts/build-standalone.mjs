#!/usr/bin/env node
// Builds the standalone bundle: one ES module (`plumb.js`, every element
// registered, lit/d3/Arrow/DuckDB-WASM's JS inside) with the DuckDB-WASM
// worker and wasm files beside it in `duckdb/`, where WasmConnector looks by
// default. Usage: node scripts/build-standalone.mjs [outDir]
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DUCKDB_ASSETS, arrowWithoutEval, duckdbDist, parquetWasmFile, readDuckDBAsset, stripDuckDBSourceMaps } from '../vite/index.js';
import { thirdPartyLicenses } from '../../devtools/third-party-licenses.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const elementsDir = resolve(here, '..');

/**
 * parquet-wasm finds its .wasm beside its own module; in one bundled file that
 * becomes an inlined data: URL (megabytes, and a strict CSP refuses to fetch
 * it). Point it at `duckdb/parquet_wasm_bg.wasm` beside plumb.js instead.
 */
function parquetWasmBesideBundle() {
  return {
    name: 'plumb:parquet-wasm-beside-bundle',
    enforce: 'pre',
    transform(code, id) {
      if (!/parquet-wasm[\\/]esm[\\/]parquet_wasm\.js$/.test(id.split('?')[0] ?? '')) return undefined;
      const replaced = code.replace(
        /new URL\(\s*['"]parquet_wasm_bg\.wasm['"]\s*,\s*import\.meta\.url\s*\)/g,
        "new URL(/* @vite-ignore */ './duckdb/parquet_wasm_bg.wasm', import.meta.url)",
      );
      if (replaced === code) throw new Error('parquet-wasm changed: could not point it at duckdb/parquet_wasm_bg.wasm');
      return { code: replaced, map: null };
    },
  };
}

export async function buildStandalone(outDir = join(elementsDir, 'dist', 'standalone')) {
  const { build, defaultClientConditions } = await import('vite');
  await build({
    configFile: false,
    root: elementsDir,
    logLevel: 'warn',
    mode: 'production',
    // Build from the workspace sources (see packages/devtools/vite-plugins.ts, workspaceSources).
    resolve: { conditions: ['plumb-source', ...defaultClientConditions] },
    // The licenses of what is bundled, and of DuckDB-WASM's and parquet-wasm's binaries copied beside it.
    plugins: [stripDuckDBSourceMaps(), parquetWasmBesideBundle(), arrowWithoutEval(), thirdPartyLicenses({ extra: [join(duckdbDist(), DUCKDB_ASSETS[0]), parquetWasmFile()] })],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      assetsInlineLimit: 0,
      lib: { entry: join(elementsDir, 'src', 'standalone.ts'), formats: ['es'], fileName: () => 'plumb.js' },
      rolldownOptions: { output: { codeSplitting: false, minify: true } },
    },
  });
  mkdirSync(join(outDir, 'duckdb'), { recursive: true });
  for (const file of DUCKDB_ASSETS) writeFileSync(join(outDir, 'duckdb', file), readDuckDBAsset(file));
  copyFileSync(parquetWasmFile(), join(outDir, 'duckdb', 'parquet_wasm_bg.wasm'));
  return { outDir, moduleBytes: statSync(join(outDir, 'plumb.js')).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { outDir, moduleBytes } = await buildStandalone(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(
    `standalone: ${outDir}/plumb.js (${(moduleBytes / 1024).toFixed(0)} kB) + duckdb/ in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
