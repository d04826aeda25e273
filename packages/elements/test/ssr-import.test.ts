// A server-side rendering build (Next.js, Nuxt, Astro, vite SSR) imports the
// element modules in Node, where there is no window, document, HTMLElement or
// customElements. Importing must not throw and must register nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const defineModules = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.define.ts'))
  .map((f) => join(src, f));

it('runs in Node with no DOM globals', () => {
  // customElements may be lit's Node shim (for lit SSR), installed by an earlier file of this process.
  for (const name of ['window', 'document', 'HTMLElement']) expect(name in globalThis, name).toBe(false);
});

it('imports @plumb/elements, the standalone entry and every define module in Node without throwing', async () => {
  expect(defineModules.length).toBeGreaterThanOrEqual(6);
  const index = await import('../src/index.js');
  expect(typeof index.PlumbData).toBe('function');
  await import('../src/standalone.js');
  for (const file of defineModules) await expect(import(/* @vite-ignore */ file), relative(src, file)).resolves.toBeDefined();
});

it('registers every element through defineElement (SSR- and double-load-safe), never customElements.define directly', () => {
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    if (file.endsWith('shared/define.ts')) continue;
    const text = readFileSync(join(src, file), 'utf8');
    expect(/customElements\s*\.\s*define\s*\(/.test(text), `${file} calls customElements.define`).toBe(false);
  }
  for (const file of defineModules) expect(readFileSync(file, 'utf8')).toMatch(/defineElement\('plumb-[\w-]+', \w+\)/);
});

it('keeps PLUMB_ELEMENTS_VERSION equal to the package version (it names the copy in the double-load warning)', async () => {
  const { PLUMB_ELEMENTS_VERSION } = await import('../src/version.js');
  const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8')) as { version: string };
  expect(PLUMB_ELEMENTS_VERSION).toBe(pkg.version);
});
