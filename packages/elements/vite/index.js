// @plumb/elements/vite — one line in a vite config makes Plumb work in an app:
//
//   import { plumb } from '@plumb/elements/vite';
//   export default defineConfig({ plugins: [plumb()] });
//
// What it does (and what a webpack/rollup set-up must do by hand; README "With a bundler"):
// - serves (dev) and writes (build) DuckDB-WASM's worker and wasm files in a
//   `duckdb/` folder beside the module that starts DuckDB, which is where
//   `<plumb-data>` looks by default, so no `asset-base` or `assets` is needed;
// - keeps DuckDB-WASM and parquet-wasm out of dependency pre-bundling, so
//   parquet-wasm's .wasm stays beside its module (vite then emits it as an asset);
// - builds Apache Arrow without `new Function`, so the app runs under a strict
//   CSP with no 'unsafe-eval';
// - dedupes apache-arrow, lit and @lit/context (two Arrow copies cannot read each other's tables);
// - strips DuckDB's sourcemap comments (they name maps the package does not ship).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';

/** The DuckDB-WASM files Plumb uses (the threaded coi bundle needs COOP/COEP: left out). */
export const DUCKDB_ASSETS = [
  'duckdb-eh.wasm',
  'duckdb-mvp.wasm',
  'duckdb-browser-eh.worker.js',
  'duckdb-browser-mvp.worker.js',
];

const requireHere = createRequire(import.meta.url);

/** Folder of @duckdb/duckdb-wasm's dist files, as @plumb/core resolves the package. */
export function duckdbDist() {
  const requireFromCore = createRequire(requireHere.resolve('@plumb/core/package.json'));
  return dirname(requireFromCore.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
}

/** parquet-wasm's browser .wasm file, as @plumb/core resolves the package. */
export function parquetWasmFile() {
  const requireFromCore = createRequire(requireHere.resolve('@plumb/core/package.json'));
  return requireFromCore.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
}

/**
 * Put before DuckDB-WASM's worker script. DuckDB-WASM counts the wasm download's bytes through a
 * TransformStream and compiles a new Response made of that stream: it has no URL, so the browser
 * cannot keep the compiled code, and every visit runs DuckDB in V8's baseline tier while the optimising
 * compiler catches up on the page's own cores (a first pre-aggregate build 2–4× slower than later ones).
 * Without TransformStream DuckDB-WASM compiles fetch()'s own response, whose compiled code Chromium caches
 * for the next visit (when the server lets the .wasm be cached: an ETag, Last-Modified or max-age).
 * It then notes once that it has no progress handler; that note is expected, so it is not printed.
 */
export const DUCKDB_WORKER_PRELUDE = `/* Plumb: compile DuckDB's wasm from fetch()'s response, which the browser can cache (no byte-counting copy). */
self.TransformStream = undefined;
{ const warn = console.warn; console.warn = function (...args) { if (!/^instantiating without progress handler/.test(String(args[0]))) warn.apply(this, args); }; }
`;

/** A DuckDB asset's bytes (worker scripts without their sourcemap comment, after `DUCKDB_WORKER_PRELUDE`). */
export function readDuckDBAsset(file) {
  const path = join(duckdbDist(), file);
  if (!file.endsWith('.js')) return readFileSync(path);
  return Buffer.from(DUCKDB_WORKER_PRELUDE + readFileSync(path, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''));
}

/** Strip DuckDB's sourcemap comments on load (the `?url`/`?raw` imports are left to vite). */
export function stripDuckDBSourceMaps() {
  return {
    name: 'plumb:strip-duckdb-sourcemaps',
    enforce: 'pre',
    load(id) {
      const [file = '', query = ''] = id.split('?');
      if (/(^|&)(url|raw|inline)\b/.test(query)) return undefined;
      if (file.replace(/\\/g, '/').includes('@duckdb/duckdb-wasm/dist/') && /\.(c|m)?js$/.test(file)) {
        return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''), map: null };
      }
      return undefined;
    },
  };
}

const ARROW_VALID_WITHOUT_EVAL = `export function createIsValidFunction(nullValues) {
  if (!nullValues || nullValues.length <= 0) return function isValid() { return true; };
  const nulls = new Set(nullValues.filter((x) => x === x));
  const nanIsNull = nullValues.some((x) => x !== x);
  return function isValid(x) { return !(nanIsNull && x !== x) && !nulls.has(x); };
}`;

/**
 * Apache Arrow's builders (`vectorFromArray`, `tableFromArrays`) compile their
 * null test with `new Function`, which a page under a strict CSP (no
 * 'unsafe-eval') refuses. The same test as a closure: `switch` compares with
 * `===`, a Set with SameValueZero, which differ only for NaN, handled apart.
 * A plain rollup/rolldown plugin (a `load` hook), so it also runs in vite's
 * dependency optimizer.
 */
export function arrowWithoutEval() {
  return {
    name: 'plumb:arrow-without-eval',
    enforce: 'pre',
    load(id) {
      const file = (id.split('?')[0] ?? '').replace(/\\/g, '/');
      if (!/\/apache-arrow\/builder\/valid\.(mjs|js)$/.test(file)) return undefined;
      return { code: ARROW_VALID_WITHOUT_EVAL, map: null };
    },
  };
}

const ASSET_REQUEST = new RegExp(`/duckdb/(${DUCKDB_ASSETS.map((f) => f.replace(/\./g, '\\.')).join('|')})$`);
const WASM_CONNECTOR = /@plumb[\\/+]core.*[\\/]wasm[\\/]wasm-connector\.(js|ts)$/;

/**
 * The vite plugin. Options: `mvp: false` leaves out the bundle for browsers
 * without WebAssembly exception handling (34 MB less in the build).
 * @param {{ mvp?: boolean }} [options]
 * @returns {import('vite').Plugin[]}
 */
export function plumb(options = {}) {
  const assets = DUCKDB_ASSETS.filter((f) => options.mvp !== false || !f.includes('mvp'));
  const arrow = arrowWithoutEval();
  const main = {
    name: 'plumb',
    config: () => ({
      optimizeDeps: {
        exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
        rolldownOptions: { plugins: [arrow] },
        esbuildOptions: {
          plugins: [
            {
              name: arrow.name,
              setup(build) {
                build.onLoad({ filter: /[\\/]apache-arrow[\\/]builder[\\/]valid\.(mjs|js)$/ }, () => ({
                  contents: ARROW_VALID_WITHOUT_EVAL,
                  loader: 'js',
                }));
              },
            },
          ],
        },
      },
      resolve: { dedupe: ['apache-arrow', 'lit', '@lit/context'] },
      // parquet-wasm's .wasm must stay a file (a data: URL is megabytes, and a strict CSP refuses it).
      build: { assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined) },
    }),
    // Dev: `<plumb-data>` asks for `./duckdb/<file>` beside the module that starts DuckDB, wherever vite serves it from.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = ASSET_REQUEST.exec((req.url ?? '').split('?')[0] ?? '');
        if (!match || !assets.includes(match[1])) return next();
        res.setHeader('Content-Type', match[1].endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8');
        res.end(readDuckDBAsset(match[1]));
      });
    },
    // Build: the same files in `duckdb/` beside every chunk that holds the connector.
    generateBundle(_options, bundle) {
      const folders = new Set();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (Object.keys(chunk.modules).some((id) => WASM_CONNECTOR.test(id.split('?')[0] ?? ''))) {
          folders.add(posix.dirname(chunk.fileName));
        }
      }
      for (const folder of folders)
        for (const file of assets)
          this.emitFile({ type: 'asset', fileName: posix.join(folder, 'duckdb', file), source: readDuckDBAsset(file) });
    },
  };
  return [stripDuckDBSourceMaps(), arrow, main];
}

export default plumb;
