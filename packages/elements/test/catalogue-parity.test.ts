import { describe, expect, it } from 'vitest';
import { messagesOf, type FamilyCatalogue, type Message } from '../src/i18n/catalogue.js';

// Every message catalogue the elements ship, found by file name, so a new element's catalogue is
// checked without anyone adding it to a list (German and French load on demand: each is loaded here).
const modules = import.meta.glob<Record<string, unknown>>('../src/**/*.messages.ts', { eager: true });

const catalogues = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => value && typeof value === 'object' && 'en' in (value as object))
    .map(([name, value]) => ({ name: `${file.replace('../src/', '')} ${name}`, catalogue: value as FamilyCatalogue })),
);

/** The `{placeholders}` a string message uses (a function message is checked by calling it). */
function placeholders(message: Message): string[] {
  return typeof message === 'string' ? [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort() : [];
}

describe('message catalogues', () => {
  it('finds every catalogue of every element', () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(10);
  });

  it.each(catalogues.map((c) => [c.name, c.catalogue] as const))('%s: de and fr have exactly the keys and placeholders of en', async (_name, catalogue) => {
    const en = (await messagesOf(catalogue, 'en'))!;
    for (const locale of ['de', 'fr']) {
      const other = await messagesOf(catalogue, locale);
      expect(other, `${locale} is shipped`).toBeDefined();
      expect(Object.keys(other!).sort(), `${locale} keys`).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        expect(placeholders(other![key]!), `${locale} ${key}`).toEqual(placeholders(en[key]!));
        expect(typeof other![key], `${locale} ${key} is a string or a function as in en`).toBe(typeof en[key]);
      }
    }
  });
});
