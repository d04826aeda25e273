// The layers, enforced: a view reads through `@plumb/core/queries` only; only the coordinator (`<plumb-data>`,
// data/loader.ts) touches the loader and the connectors, and it imports the loader lazily. Checked twice: over
// the sources (every import of @plumb/core in packages/elements/src, and what core's queries entry reaches), and
// over what a bundler makes of them (a view's bundle holds no loader code; `<plumb-data>`'s loader is a chunk
// of its own, downloaded only by a page that has files to read; a view's query code, imported with its first run,
// is never downloaded by a page whose connector answers named queries itself).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without type declarations
import { bundle } from '../scripts/bundle-size.mjs';

const elements = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const coreSrc = resolve(elements, '../core/src');
const src = join(elements, 'src');

/** The files allowed to import more of core than its queries entry: the coordinator (`<plumb-data>` and data/:
 * its loader, its session over a server) and the standalone build. */
const COORDINATOR = [/^plumb-data\//, /^data\//, /^standalone\.ts$/];
/** Core's folders that read and normalise files: no view may reach them. */
const LOADER = /\/core\/src\/(load|normalise|sample)\//;

interface Bundled {
  code: string;
  modules: { id: string; bytes: number }[];
}
const bundled = bundle as (entry: string, options?: { minify?: boolean }) => Promise<{ eager: Bundled; lazy: Bundled }>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** Every module specifier a file imports or re-exports (static and `import()`), type-only imports included. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Core's source files a module reaches through relative imports (values and types alike). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const spec of specifiers(readFileSync(file, 'utf8'))) {
    if (!spec.startsWith('.')) continue;
    const direct = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    const index = resolve(dirname(file), spec, 'index.ts');
    const next = existsSync(direct) ? direct : existsSync(index) ? index : null;
    if (next) closure(next, seen);
  }
  return seen;
}

describe('the layers in the sources', () => {
  it('views import @plumb/core/queries only; the loader, tables and connectors only from the coordinator', () => {
    const offenders: string[] = [];
    let queriesImports = 0;
    for (const file of tsFiles(src)) {
      const name = relative(src, file).split('\\').join('/');
      for (const spec of specifiers(readFileSync(file, 'utf8')).filter((s) => s.startsWith('@plumb/core'))) {
        if (spec === '@plumb/core/queries') queriesImports++;
        else if (!COORDINATOR.some((allowed) => allowed.test(name))) offenders.push(`${name} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(queriesImports).toBeGreaterThan(20);
  });

  it("core's queries entry reaches no loader, normaliser or sample module, and names no connector implementation", () => {
    const reached = [...closure(join(coreSrc, 'entries', 'queries.ts'))].map((f) => relative(coreSrc, f));
    expect(reached.length).toBeGreaterThan(40);
    expect(reached.filter((f) => /^(load|normalise|sample|node|wasm|http)\//.test(f))).toEqual([]);
    // The loader entry really is the loader (the check above would pass on an empty map of core).
    const load = [...closure(join(coreSrc, 'entries', 'load.ts'))].map((f) => relative(coreSrc, f));
    expect(load).toContain('load/index.ts');
    expect(load).toContain('normalise/index.ts');
  });
});

describe('the layers in a bundle', () => {
  let view: { eager: Bundled; lazy: Bundled };
  let data: { eager: Bundled; lazy: Bundled };
  beforeAll(async () => {
    // Not minified, so function names stay readable markers.
    view = await bundled(join(src, 'rating-distribution', 'rating-distribution.define.ts'), { minify: false });
    data = await bundled(join(src, 'plumb-data', 'plumb-data.define.ts'), { minify: false });
  }, 120_000);

  it("a view's bundle holds no loader code, eager or lazy", () => {
    const all = [...view.eager.modules, ...view.lazy.modules].map((m) => m.id);
    expect(all.some((id) => id.includes('/core/src/calibration/'))).toBe(true); // its named query is there
    expect(all.filter((id) => LOADER.test(id))).toEqual([]);
    for (const marker of ['function loadSources', 'function parseSourceSpec', 'function decideValueKinds'])
      expect(view.eager.code + view.lazy.code).not.toContain(marker);
  });

  it("a view downloads its named query's code (the report, its SQL) only when the query first runs", () => {
    const query = /\/core\/src\/calibration\/(report|aggregates|queries)\.ts$/;
    expect(view.eager.modules.filter((m) => query.test(m.id)).map((m) => m.id)).toEqual([]);
    expect(view.lazy.modules.filter((m) => query.test(m.id))).toHaveLength(3);
    expect(view.eager.code).toContain('"calibration-report"'); // the query's name and handle are there
    expect(view.eager.code).not.toContain('function calibrationReport');
    expect(view.lazy.code).toContain('function calibrationReport');
  });

  it("<plumb-data> downloads the loader only on demand: its eager part holds the tables' code, its lazy chunk loadSources", () => {
    expect(data.eager.modules.filter((m) => LOADER.test(m.id)).map((m) => m.id)).toEqual([]);
    expect(data.eager.code).toContain('function createSchema');
    expect(data.eager.code).not.toContain('function loadSources');
    expect(data.lazy.code).toContain('function loadSources');
    expect(data.lazy.modules.map((m) => m.id).filter((id) => id.endsWith('/core/src/load/index.ts'))).toHaveLength(1);
    // The in-page engine too: a page with a server or its own connector never downloads DuckDB-WASM's code.
    const engine = (m: { id: string }) => m.id.endsWith('/core/src/wasm/wasm-connector.ts');
    expect([data.eager.modules.some(engine), data.lazy.modules.some(engine)]).toEqual([false, true]);
    expect(data.eager.code).not.toMatch(/from\s*["']@duckdb\/duckdb-wasm["']/);
  });
});
