import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without declarations
import { eventPropName, readManifest, renderWrappers } from '../scripts/generate-wrappers.mjs';

const reactDir = join(dirname(fileURLToPath(import.meta.url)), '..');

it('src/index.ts is what the generator makes from the current manifest (a new element gets a wrapper)', () => {
  const manifest = readManifest();
  const tags: string[] = manifest.modules.flatMap((m: { declarations?: { tagName?: string; customElement?: boolean }[] }) =>
    (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName!),
  );
  expect(tags.length).toBeGreaterThanOrEqual(7);
  const text = readFileSync(join(reactDir, 'src', 'index.ts'), 'utf8');
  expect(text, 'run `pnpm --filter @plumb/react generate`').toBe(renderWrappers(manifest));
  expect(text.startsWith("'use client';")).toBe(true);
  for (const tag of tags) expect(text).toContain(`tagName: '${tag}'`);
});

it('names event props after the event without the plumb- prefix', () => {
  expect(eventPropName('plumb-selection-change')).toBe('onSelectionChange');
  expect(eventPropName('plumb-load')).toBe('onLoad');
});
