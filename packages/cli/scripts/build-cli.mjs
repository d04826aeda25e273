#!/usr/bin/env node
// Compiles the CLI (src/) into plain ES modules in dist/: main.js plus one chunk
// per command, loaded on demand. Packages stay external — @plumb/core (its
// `queries`, `load` and `node` entries) and the engines are this package's
// dependencies — so a browser install of @plumb/core or @plumb/elements never
// pulls native DuckDB, the CLI or the HTTP server.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(cliDir, 'src', 'main.ts');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export async function buildCli(outDir = join(cliDir, 'dist')) {
  const { build } = await import('vite');
  rmSync(outDir, { recursive: true, force: true });
  await build({
    configFile: false,
    root: cliDir,
    logLevel: 'warn',
    mode: 'production',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rolldownOptions: {
        external: (id) => builtins.has(id) || isPackage(id),
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
