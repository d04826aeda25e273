// The calibration room in German and French: no English UI string on screen
// (every English message of every registered catalogue is looked for in the
// page's text and accessible names, shadow roots included) and numbers
// formatted for the locale.
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueOf, registeredFamilies, type PlumbLoadDetail } from '@plumb/elements';
import { testAssets } from '../../packages/core/test/duckdb-assets.browser.js';
import { CalibrationRoom } from '../src/room.js';
import { until } from '../../packages/elements/test/browser-helpers.js';

CalibrationRoom.assets = testAssets;
if (!customElements.get('plumb-calibration-room')) customElements.define('plumb-calibration-room', CalibrationRoom);

/** What a person sees and hears: text, accessible names, titles and placeholders, through shadow roots. */
function pageText(root: Node, skip: (el: Element) => boolean = () => false): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && node !== root && skip(node)) return;
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (!(node instanceof Element) && !(node instanceof DocumentFragment)) return;
    if (node instanceof Element) {
      if (['STYLE', 'SCRIPT'].includes(node.tagName)) return;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = node.getAttribute(attr);
        if (value) out.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return out.join('\n').replace(/[ \t]+/g, ' ');
}

/**
 * English messages (their literal parts between placeholders, 8 characters or more) that appear in
 * `text` although the locale's catalogue words them differently. Function messages are skipped:
 * their parts are checked through the words they share with string messages.
 */
function englishLeft(text: string, locale: string): string[] {
  const found = new Set<string>();
  for (const family of registeredFamilies()) {
    const en = catalogueOf(family, 'en');
    const local = catalogueOf(family, locale);
    for (const [key, message] of Object.entries(en)) {
      if (typeof message !== 'string') continue;
      if (local[key] === message) continue; // the same in both languages ("Feedback", "Team")
      for (const part of message.split(/\{\w+\}/)) {
        const literal = part.trim();
        if (literal.length >= 8 && /[a-z]{3}/i.test(literal) && text.includes(literal)) found.add(`${family}.${key}: "${literal}"`);
      }
    }
  }
  return [...found].sort();
}

let room: CalibrationRoom | null = null;
afterEach(() => {
  room?.remove();
  room = null;
  document.documentElement.lang = 'en';
});

async function openRoom(lang: string): Promise<{ room: CalibrationRoom; load: PlumbLoadDetail }> {
  document.documentElement.lang = lang;
  const el = document.createElement('plumb-calibration-room') as CalibrationRoom;
  const loaded = new Promise<PlumbLoadDetail>((resolve, reject) => {
    el.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail), { once: true });
    el.addEventListener('plumb-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)), { once: true });
  });
  document.body.append(el);
  room = el;
  const load = await loaded;
  const views = () => [...el.querySelectorAll('[data-view]')];
  await until(
    () => views().length >= 4 && views().every((v) => pageText(v).length > 40 && !/Loading|Wird geladen|Chargement/.test(pageText(v))),
    'the views to draw',
  );
  await el.updateComplete;
  return { room: el, load };
}

const GROUPING: Record<string, RegExp> = {
  de: /\b\d{1,3}\.\d{3}\b/, // 10.481
  fr: /\b\d{1,3}[\u202f\u00a0]\d{3}\b/, // 10 481 (narrow no-break space)
};

describe('the calibration room in another language', () => {
  for (const lang of ['de', 'fr'] as const) {
    it(`in ${lang}: no English UI string from any catalogue, and numbers grouped the ${lang} way`, async () => {
      const { room, load } = await openRoom(lang);
      const checkIns = load.report.tables.check_ins ?? 0;
      expect(checkIns).toBeGreaterThan(1000); // so the status line has a grouped number to show
      const status = room.data!.shadowRoot!.querySelector('[part=status]')!.textContent!;
      expect(status).toMatch(GROUPING[lang]!);
      expect(status).not.toMatch(/\b\d{4,}\b/); // never an ungrouped 10481
      // Per element, so a failure says which view (or the room itself) still shows English.
      const left: string[] = [];
      for (const view of room.querySelectorAll('[data-view]'))
        for (const found of englishLeft(pageText(view), lang)) left.push(`<${view.localName}> ${found}`);
      const isView = (el: Element) => el.hasAttribute('data-view');
      for (const found of englishLeft(pageText(document.body, isView), lang)) left.push(`room / <plumb-data> ${found}`);
      expect(left).toEqual([]);
    }, 120_000);
  }

  it('switches language at run time: the room and the load panel follow without a reload', async () => {
    const { room } = await openRoom('en');
    const status = () => room.data!.shadowRoot!.querySelector('[part=status]')!.textContent!;
    expect(status()).toMatch(/^Loaded 600 people/);
    const select = [...room.querySelectorAll('select')].find((s) => [...s.options].some((o) => o.value === 'fr'))!;
    select.value = 'fr';
    select.dispatchEvent(new Event('change'));
    await until(() => /^Chargé : 600 personnes/.test(status()), 'the French status line');
    expect(room.textContent).toContain('Projecteur');
    expect(document.documentElement.lang).toBe('fr');
  }, 120_000);
});
