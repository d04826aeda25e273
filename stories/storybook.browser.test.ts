import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { StorybookSmokeReport } from './storybook-smoke.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    buildAndOpenStorybook: (ids: string[]) => Promise<StorybookSmokeReport>;
  }
}

it('the static Storybook builds, documents every element from the manifest, and its pages render', async () => {
  const report = await commands.buildAndOpenStorybook(['data-plumb-data--docs', 'elements-plumb-data-table--hostile-names']);
  const docs = report.entries.filter((e) => e.type === 'docs').map((e) => e.title);
  expect(docs).toEqual(expect.arrayContaining(['Data/plumb-data', 'Elements/plumb-data-table']));
  const [dataDocs, hostile] = report.pages;
  // Autodocs took the attribute table from the custom-elements manifest (JSDoc).
  expect(dataDocs!.text).toMatch(/asset-base/);
  expect(dataDocs!.text).toMatch(/Space-separated file URLs/);
  expect(dataDocs!.errors).toEqual([]);
  expect(hostile!.errors).toEqual([]);
}, 180_000);
