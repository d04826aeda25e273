// Runs in plain Node against the installed tarballs, as a server-side
// rendering build would: importing every entry must not throw. Prints one JSON line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(require.resolve('@plumb/elements/custom-elements.json'), 'utf8'));
const defineModules = manifest.modules
  .filter((m) => (m.exports ?? []).some((e) => e.kind === 'custom-element-definition'))
  .map((m) => `@plumb/elements/${m.path.replace(/^dist\//, '')}`);
const classModules = manifest.modules
  .filter((m) => (m.declarations ?? []).some((d) => d.customElement))
  .map((m) => `@plumb/elements/${m.path.replace(/^dist\//, '')}`);
const entries = ['@plumb/core', '@plumb/core/queries', '@plumb/core/load', '@plumb/core/http', '@plumb/core/wasm', '@plumb/core/node', '@plumb/elements', '@plumb/elements/vite', '@plumb/react', ...defineModules, ...classModules];

const imported = [];
const failed = [];
for (const entry of entries) {
  try {
    await import(entry);
    imported.push(entry);
  } catch (error) {
    failed.push({ entry, error: String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ') });
  }
}

function packageJsonOf(name, from) {
  const req = createRequire(from);
  try {
    return req.resolve(`${name}/package.json`);
  } catch {
    // `./package.json` not exported: walk up from the main entry.
    try {
      let dir = dirname(req.resolve(name));
      while (dir !== dirname(dir)) {
        const candidate = join(dir, 'package.json');
        if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === name) return candidate;
        dir = dirname(dir);
      }
    } catch {
      return null;
    }
  }
  return null;
}

/** Every package a browser install of @plumb/elements pulls, by walking installed dependencies. */
function closure(name, from, seen = new Map()) {
  const manifestPath = packageJsonOf(name, from);
  if (!manifestPath) return seen; // an optional dependency not installed
  if (seen.has(name)) return seen;
  const pkg = JSON.parse(readFileSync(manifestPath, 'utf8'));
  seen.set(name, pkg.version);
  // Optional peers are the app's choice (e.g. @duckdb/node-api for @plumb/core/node): an install does not pull them.
  const optional = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m?.optional).map(([name]) => name));
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optional.has(name));
  for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...peers]) closure(dep, manifestPath, seen);
  return seen;
}
const elementsClosure = [...closure('@plumb/elements', import.meta.url).keys()].sort();

console.log(
  JSON.stringify({
    imported,
    failed,
    globals: ['window', 'document', 'HTMLElement', 'customElements'].filter((g) => g in globalThis),
    elementsClosure,
  }),
);
