#!/usr/bin/env node
// Compiles the CLI (src/) into plain ES modules in dist/: main.js plus one chunk
// per command, loaded on demand. @plumb/core, apache-arrow and jose are bundled
// in: Node then loads a command's few files instead of some 400 modules (most
// of them apache-arrow's), which was a quarter of `plumb validate` on the
// 600-person sample. The engines stay packages of their own, found at run time
// beside their binaries (native DuckDB, DuckDB-WASM's blocking build for
// `--engine wasm`, parquet-wasm): this package's dependencies. A browser
// install of @plumb/core or @plumb/elements still never pulls native DuckDB,
// the CLI or the HTTP server: core depends on none of them.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyLicenses } from '../../devtools/third-party-licenses.mjs';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(cliDir, 'src', 'main.ts');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Packages loaded at run time, never bundled (each finds its wasm or native binary beside its own files). */
const ENGINES = ['@duckdb/node-api', '@duckdb/duckdb-wasm', 'parquet-wasm'];
const isEngine = (id) => ENGINES.some((p) => id === p || id.startsWith(`${p}/`));

export async function buildCli(outDir = join(cliDir, 'dist')) {
  const { build } = await import('vite');
  rmSync(outDir, { recursive: true, force: true });
  await build({
    configFile: false,
    root: cliDir,
    logLevel: 'warn',
    mode: 'production',
    // Bundle every package that is not an engine (vite leaves a server build's dependencies external by default).
    ssr: { noExternal: true },
    plugins: [thirdPartyLicenses()],
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rolldownOptions: {
        external: (id) => builtins.has(id) || isEngine(id),
        output: { entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' },
      },
    },
  });
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const out = await buildCli();
  console.log(`cli: ${out}/main.js in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
