#!/usr/bin/env node
// Builds the standalone bundle: one ES module (`plumb.js`, every element
// registered, lit/d3/Arrow/DuckDB-WASM's JS inside) with the DuckDB-WASM
// worker and wasm files beside it in `duckdb/`, where WasmConnector looks by
// default. Usage: node scripts/build-standalone.mjs [outDir]
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const elementsDir = resolve(here, '..');

/** The DuckDB-WASM files the standalone build ships (the threaded coi bundle needs COOP/COEP: left out). */
export const DUCKDB_ASSETS = [
  'duckdb-eh.wasm',
  'duckdb-mvp.wasm',
  'duckdb-browser-eh.worker.js',
  'duckdb-browser-mvp.worker.js',
];

export function duckdbDist() {
  const requireFromCore = createRequire(join(elementsDir, '..', 'core', 'package.json'));
  const main = requireFromCore.resolve('@duckdb/duckdb-wasm');
  return main.slice(0, main.lastIndexOf('/dist/') + '/dist'.length);
}

/** Strip DuckDB's sourcemap comments (they point at maps that are not shipped). */
function stripDuckDBSourceMaps() {
  return {
    name: 'plumb:strip-duckdb-sourcemaps',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0] ?? '';
      if (file.includes('@duckdb/duckdb-wasm/dist/') && /\.(c|m)?js$/.test(file)) {
        return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''), map: null };
      }
      return undefined;
    },
  };
}

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

/**
 * Apache Arrow's builders (`vectorFromArray`, `tableFromArrays`) compile their
 * null test with `new Function`, which a page under a strict CSP (no
 * 'unsafe-eval') refuses. The same test as a closure: `switch` compares with
 * `===`, a Set with SameValueZero, which differ only for NaN, handled apart.
 */
function arrowWithoutEval() {
  return {
    name: 'plumb:arrow-without-eval',
    enforce: 'pre',
    load(id) {
      const file = (id.split('?')[0] ?? '').replace(/\\/g, '/');
      if (!file.endsWith('/apache-arrow/builder/valid.mjs')) return undefined;
      return {
        code: `export function createIsValidFunction(nullValues) {
  if (!nullValues || nullValues.length <= 0) return function isValid() { return true; };
  const nulls = new Set(nullValues.filter((x) => x === x));
  const nanIsNull = nullValues.some((x) => x !== x);
  return function isValid(x) { return !(nanIsNull && x !== x) && !nulls.has(x); };
}`,
        map: null,
      };
    },
  };
}

/** parquet-wasm's browser .wasm, when core depends on it. */
export function parquetWasmFile() {
  try {
    const requireFromCore = createRequire(join(elementsDir, '..', 'core', 'package.json'));
    return requireFromCore.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
  } catch {
    return null;
  }
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
    plugins: [stripDuckDBSourceMaps(), parquetWasmBesideBundle(), arrowWithoutEval()],
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
  const from = duckdbDist();
  mkdirSync(join(outDir, 'duckdb'), { recursive: true });
  for (const file of DUCKDB_ASSETS) {
    const target = join(outDir, 'duckdb', file);
    if (file.endsWith('.js')) {
      // Same sourcemap comment: a browser would request the missing map.
      const text = readFileSync(join(from, file), 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, '');
      writeFileSync(target, text);
    } else copyFileSync(join(from, file), target);
  }
  const parquet = parquetWasmFile();
  if (parquet) copyFileSync(parquet, join(outDir, 'duckdb', 'parquet_wasm_bg.wasm'));
  return { outDir, moduleBytes: statSync(join(outDir, 'plumb.js')).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { outDir, moduleBytes } = await buildStandalone(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(
    `standalone: ${outDir}/plumb.js (${(moduleBytes / 1024).toFixed(0)} kB) + duckdb/ in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
