/**
 * German and French messages load on demand (a chunk beside the bundle), and a German page never shows
 * English first: every text and accessible name a nine-box ever puts on screen, from the moment it is
 * added to the page until it has drawn, is recorded and checked against the English catalogue. An English
 * page fetches neither language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import { catalogueOf } from '../src/i18n/catalogue.js';
import '../src/nine-box/nine-box.define.js';
import type { PlumbNineBox } from '../src/nine-box/nine-box.js';

/** Every text and aria-label that appears in `root` (old values too, so a replaced word is not missed). */
function record(root: ShadowRoot): { seen: string[]; stop: () => void } {
  const seen: string[] = [];
  const take = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) seen.push(node.textContent ?? '');
    if (node instanceof Element) {
      const label = node.getAttribute('aria-label');
      if (label) seen.push(label);
      for (const child of node.childNodes) take(child);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue) seen.push(r.oldValue);
      if (r.type === 'characterData') take(r.target);
      if (r.type === 'attributes') take(r.target);
      for (const node of r.addedNodes) take(node);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, characterDataOldValue: true, attributes: true, attributeFilter: ['aria-label'], attributeOldValue: true });
  return { seen, stop: () => observer.disconnect() };
}

/** English messages of `families` (literal parts of 8+ characters) found in `texts` where `locale` words them otherwise. */
function english(texts: string[], families: string[], locale: string): string[] {
  const all = texts.join('\n');
  const found = new Set<string>();
  for (const family of families) {
    const local = catalogueOf(family, locale);
    for (const [key, message] of Object.entries(catalogueOf(family, 'en'))) {
      if (typeof message !== 'string' || local[key] === message) continue;
      for (const part of message.split(/\{\w+\}/)) {
        const literal = part.trim();
        if (literal.length >= 8 && /[a-z]{3}/i.test(literal) && all.includes(literal)) found.add(`${family}.${key}: "${literal}"`);
      }
    }
  }
  return [...found].sort();
}

async function drawn(el: PlumbNineBox): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (el.report && el.shadowRoot?.querySelector('[role=grid]')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the nine-box never drew');
}

describe('messages in another language, loaded on demand', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(() => loadFixture(db));
  afterAll(() => db.close());

  function mount(lang: string): PlumbNineBox {
    const wrapper = document.createElement('div');
    wrapper.lang = lang;
    const el = document.createElement('plumb-nine-box');
    el.connector = db;
    el.stage = 'manager';
    wrapper.append(el);
    document.body.append(wrapper);
    return el;
  }

  it('an English page draws without fetching German or French', async () => {
    const el = mount('en');
    await drawn(el);
    expect(el.shadowRoot!.textContent).toContain('Star');
    expect(catalogueOf('nine-box', 'de')).toEqual({});
    expect(catalogueOf('common', 'fr')).toEqual({});
    el.parentElement!.remove();
  });

  it('a German page loads German and shows no English word on the way, from the first frame to the drawn grid', async () => {
    expect(catalogueOf('nine-box', 'de')).toEqual({}); // not loaded yet: this page is the first to ask
    const el = mount('de');
    const { seen, stop } = record(el.shadowRoot!);
    await drawn(el);
    stop();
    expect(seen.join('\n')).toContain('Künftiger Star');
    expect(english(seen, ['nine-box', 'common'], 'de')).toEqual([]);
    expect(catalogueOf('common', 'fr')).toEqual({}); // French still not fetched
    el.parentElement!.remove();
  });

  it('bites: the same record of an English rendering names its English words', async () => {
    const el = mount('fr');
    el.locale = 'en';
    const { seen, stop } = record(el.shadowRoot!);
    await drawn(el);
    stop();
    expect(english(seen, ['nine-box'], 'de')).toContain('nine-box.box.mid-high: "Future star"');
    el.parentElement!.remove();
  });

  it('a language switch at run time shows French once it has arrived', async () => {
    const el = mount('de');
    await drawn(el);
    el.parentElement!.lang = 'fr';
    await new Promise((r) => setTimeout(r, 0)); // the lang observer's turn
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).toContain('Future étoile');
    el.parentElement!.remove();
  });
});
