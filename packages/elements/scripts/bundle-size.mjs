#!/usr/bin/env node
// Size of @plumb/elements as an app ships it: every element and the parts of
// @plumb/core, lit and d3 they use, bundled and minified; DuckDB-WASM, Apache
// Arrow and parquet-wasm (the engine, loaded on its own) left out. Then each
// element's define module on its own (what an app that imports one view ships).
// --json prints one line: { "entry", "raw_bytes", "gzip_bytes", "gzip_kb", "aim_kb", "limit_kb", "excluded", "elements": [...] }.
// Usage: node packages/elements/scripts/bundle-size.mjs [--json] [--modules]
import { gzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const elementsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXCLUDED = ['@duckdb/duckdb-wasm', 'apache-arrow', 'parquet-wasm'];
export const AIM_KB = 60;
/** The ceiling issue 12 sets for every element together. */
export const LIMIT_KB = 110;

/** Every element's define module (`src/<folder>/<name>.define.ts`): each is an entry an app can import alone. */
export function defineEntries() {
  return readdirSync(join(elementsDir, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.define.ts'))
    .sort()
    .map((f) => join(elementsDir, 'src', f));
}

export async function measureBundle(entry = join(elementsDir, 'src', 'index.ts')) {
  const { build, defaultClientConditions } = await import('vite');
  const output = await build({
    configFile: false,
    root: elementsDir,
    logLevel: 'silent',
    mode: 'production',
    // Build from the workspace sources (see packages/devtools/vite-plugins.ts, workspaceSources).
    resolve: { conditions: ['plumb-source', ...defaultClientConditions] },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: { entry, formats: ['es'], fileName: () => 'plumb-elements.js' },
      rolldownOptions: {
        external: (id) => EXCLUDED.some((name) => id === name || id.startsWith(`${name}/`)),
        output: { codeSplitting: false, minify: true },
      },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  let raw = 0;
  const chunks = [];
  const modules = {};
  for (const result of results) {
    for (const item of result.output ?? []) {
      if (item.type !== 'chunk') continue;
      chunks.push(item.code);
      raw += Buffer.byteLength(item.code);
      for (const [id, info] of Object.entries(item.modules ?? {})) {
        // Group by package (node_modules) or by source folder.
        const key = id.includes('node_modules/')
          ? id.slice(id.lastIndexOf('node_modules/') + 13).split('/').slice(0, id.includes('node_modules/@') ? 2 : 1).join('/')
          : id.replace(/^.*\/packages\//, '').split('/').slice(0, 3).join('/');
        modules[key] = (modules[key] ?? 0) + (info.renderedLength ?? 0);
      }
    }
  }
  const gzip = gzipSync(Buffer.from(chunks.join('\n')), { level: 9 }).length;
  return {
    entry: `@plumb/elements (${relative(elementsDir, entry)})`,
    raw_bytes: raw,
    gzip_bytes: gzip,
    gzip_kb: Math.round((gzip / 1024) * 10) / 10,
    aim_kb: AIM_KB,
    limit_kb: LIMIT_KB,
    excluded: EXCLUDED,
    /** Minified-before-minify bytes per package or source folder, largest first (where the size comes from). */
    contributors: Object.entries(modules)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 60)
      .map(([name, bytes]) => ({ name, bytes })),
  };
}

/** Each element's define module bundled alone: its gzipped size is what importing that one view costs. */
export async function measureElements() {
  const out = [];
  for (const entry of defineEntries()) {
    const { raw_bytes, gzip_bytes, gzip_kb } = await measureBundle(entry);
    out.push({ entry: relative(join(elementsDir, 'src'), entry).replace(/\.ts$/, '.js'), raw_bytes, gzip_bytes, gzip_kb });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await measureBundle();
  const elements = await measureElements();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...result, elements }));
  else {
    console.log(
      `@plumb/elements: ${(result.raw_bytes / 1024).toFixed(1)} kB minified, ${result.gzip_kb} kB gzipped ` +
        `(limit ${LIMIT_KB} kB, aim < ${AIM_KB} kB; ${EXCLUDED.join(', ')} excluded)`,
    );
    if (process.argv.includes('--modules'))
      for (const { name, bytes } of result.contributors) console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)} kB  ${name}`);
    console.log('Each element imported alone (@plumb/elements/<entry>):');
    for (const e of elements) console.log(`  ${String(e.gzip_kb).padStart(6)} kB gzipped  ${e.entry}`);
  }
}
