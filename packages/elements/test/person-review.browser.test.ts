import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { generateSample, loadSample, pseudonymIndex, sampleRows, type Connector, type PersonEvidence } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/person-review/person-review.define.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbPersonReview, PlumbDraftChangeDetail } from '../src/person-review/person-review.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateMedia: (media: 'print' | 'screen') => Promise<void>;
  }
}

// One sample organisation (600 people, seed 1) in DuckDB-WASM for every test; its ground truth picks people.
const db = new WasmConnector({ assets: testAssets });
const sample = generateSample({ people: 600, seed: 1 });
const people = sampleRows(sample.tables.people);
const names = people.map((p) => String(p.name));
const fullPeerRound = people.map((p) => String(p.person_id)).find((id) => sample.truth.fullFeedbackRound(id).includes('peer'))!;

beforeAll(async () => {
  await loadSample(db, { people: 600, seed: 1 });
}, 120_000);
afterAll(() => db.close());
afterEach(() => {
  document.body.replaceChildren();
});

async function mount(attrs: Record<string, string> = {}, connector: Connector = db, width = 1280): Promise<PlumbPersonReview> {
  const el = document.createElement('plumb-person-review');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = `${width}px`;
  el.connector = connector;
  document.body.append(el);
  await el.draftSettled();
  return el;
}

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => root(el).querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...root(el).querySelectorAll<T>(sel)];

/** Every text node and attribute value in the element's shadow tree, nested shadow roots included. */
function everything(node: Node): string {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
    if (n instanceof Element) {
      for (const a of n.attributes) out.push(a.value);
      if (n instanceof HTMLTextAreaElement || n instanceof HTMLInputElement) out.push(n.value);
      if (n.shadowRoot) walk(n.shadowRoot);
    }
    for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return out.join('\n');
}

describe('<plumb-person-review>', () => {
  it('shows one person\'s evidence, OKRs as context not a score, and a draft citing it', async () => {
    const el = await mount({ person: 'p0005' });
    expect($(el, '[part="header"] h2')?.textContent).toBe('Dara Wang');
    expect($(el, '[part="okr"] .badge')?.textContent).toBe('Context, not a score');
    expect($(el, '[part="note"]')?.textContent).toMatch(/Ratings are the manager’s/);
    expect($$(el, 'svg[part="chart"]')).toHaveLength(4); // one timeline per owned key result
    expect($$(el, 'svg .gap').length).toBeGreaterThan(0);
    expect($$(el, 'svg .blocker-mark').length).toBe(1);
    expect($$(el, 'svg .milestone[data-delivered="true"]').length).toBeGreaterThan(0);
    const sentences = $$(el, '.sentence');
    expect(sentences.length).toBe(el.draft!.sentences.length);
    // Prose with numbered chips: no evidence id in the draft's text, no text box per sentence, the note once.
    const prose = $$(el, '.prose').map((p) => p.textContent!).join(' ');
    expect(prose).not.toMatch(/\[[a-z_]+:/);
    expect($$(el, '.draft textarea')).toHaveLength(1); // only "Add a sentence"
    expect($$(el, 'button.cite')[0]!.textContent).toBe('1');
    expect($$(el, '.ratings-note')).toHaveLength(1);
    for (const s of el.draft!.sentences) expect(s.cites.length).toBeGreaterThan(0);
    expect($(el, '.share')?.textContent).toMatch(/Written by the manager: 0%/);
    // No inline style attributes anywhere (strict CSP).
    expect(everything(el).length).toBeGreaterThan(0);
    const styled = [el, ...root(el).querySelectorAll('*')].filter((n) => n.hasAttribute('style') && n !== el);
    expect(styled.map((n) => n.outerHTML.slice(0, 80))).toEqual([]);
    // "Export JSON" saves the draft as review-<person>.json (the download link caught before the browser follows it).
    const saved: { name: string; href: string }[] = [];
    const catchDownload = (e: Event) => {
      const link = e.target as HTMLAnchorElement;
      if (link.localName !== 'a' || !link.download) return;
      saved.push({ name: link.download, href: link.href });
      e.preventDefault();
    };
    document.addEventListener('click', catchDownload, true);
    try {
      $$<HTMLButtonElement>(el, '.actions button').find((b) => b.textContent === 'Export JSON')!.click();
    } finally {
      document.removeEventListener('click', catchDownload, true);
    }
    expect(saved.map((d) => d.name)).toEqual(['review-p0005.json']);
    expect(await (await fetch(saved[0]!.href)).text()).toBe(el.exportDraftJSON());
  });

  it('is keyboard reachable: arrows walk the check-ins and show their notes, space excludes an item and the draft follows', async () => {
    const el = await mount({ person: 'p0005' });
    const first = $<SVGCircleElement>(el, 'circle.point')!;
    first.focus();
    expect(root(el).activeElement).toBe(first);
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    const second = root(el).activeElement as SVGCircleElement;
    expect(second).not.toBe(first);
    expect(second.dataset.point).toBeTruthy();
    expect(second.closest('.kr-timeline')!.querySelector('.point-note')!.textContent).toBe(second.getAttribute('aria-label'));
    // Exclude the blocker with the keyboard: the draft no longer cites it.
    const blocker = el.result!.items.find((i) => i.kind === 'blocker')!.id;
    expect(el.draft!.sentences.some((s) => s.cites.includes(blocker))).toBe(true);
    const box = $<HTMLInputElement>(el, `input[data-evidence="${blocker}"]`)!;
    box.focus();
    await userEvent.keyboard(' ');
    await until(() => !!el.draft && !el.draft.sentences.some((s) => s.cites.includes(blocker)), 'the redraft without the blocker');
    expect(el.draft!.excluded).toContain(blocker);
    // Edit a section by keyboard, in one editor: citations are numbered chips there, provenance says edited.
    const opening = el.draft!.sentences[0]!;
    const edit = $<HTMLButtonElement>(el, `.draft-section[data-section="${opening.section}"] button.edit`)!;
    edit.focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    const area = $<HTMLTextAreaElement>(el, '.section-editor')!;
    expect(area.value).not.toMatch(/\[[a-z_]+:/); // numbers, not evidence ids
    const lines = area.value.split('\n');
    expect(lines).toHaveLength(el.draft!.sentences.filter((x) => x.section === opening.section).length);
    area.focus();
    area.value = ['Kept every key result moving. [1]', ...lines.slice(1)].join('\n');
    area.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.draft!.sentences[0]!.origin).toBe('edited');
    expect(el.draft!.sentences[0]!.text).toBe('Kept every key result moving.');
    expect(el.draft!.sentences[0]!.cites).toEqual([opening.cites[0]]); // chip 1 is the first evidence cited
    expect(el.draft!.sentences.filter((x) => x.origin === 'edited')).toHaveLength(1);
    expect($(el, '.sentence')!.dataset.origin).toBe('edited');
    expect($(el, '.share')!.textContent).not.toMatch(/: 0%/);
  });

  it('marks an embedder\'s unsupported sentences and rating talk, and shows markup as text', async () => {
    const el = document.createElement('plumb-person-review');
    el.drafter = {
      name: 'test-model',
      draft: async ({ evidence }: { evidence: PersonEvidence }) =>
        `Did fine. <img src=x onerror="window.__pwned=1"> Rated 4/5 overall. [${evidence.items[0]!.id}] Kept going. [kr:nope]`,
    };
    el.setAttribute('person', 'p0005');
    el.connector = db;
    document.body.append(el);
    await el.draftSettled();
    await until(() => el.draft?.drafter === 'test-model', 'the embedder draft');
    await el.updateComplete;
    const flags = $$(el, '.sentence').map((s) => [...s.querySelectorAll('[data-flag]')].map((f) => f.getAttribute('data-flag')));
    expect(flags[0]).toContain('unsupported');
    expect(flags[1]).toContain('rating-value');
    expect(flags[2]).toEqual(expect.arrayContaining(['unknown-evidence', 'unsupported']));
    expect(root(el).querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect($$(el, '.sentence .text')[1]!.textContent).toContain('<img src=x');
  });

  it('with anonymize shows no real name or id anywhere: DOM, attributes, events, draft and exports', async () => {
    const events: PlumbDraftChangeDetail[] = [];
    document.addEventListener('plumb-draft-change', (e) => events.push(e.detail));
    // The page only knows the pseudonym (as an anonymized nine-box click would hand it over).
    const pseudonym = (await pseudonymIndex(db, 'room')).code('p0005');
    const el = await mount({ anonymize: '', 'pseudonym-salt': 'room', person: pseudonym });
    expect(el.result!.person.id).toBe(pseudonym);
    // Open every details element so nothing is left unrendered.
    for (const d of $$<HTMLDetailsElement>(el, 'details')) d.open = true;
    await el.updateComplete;
    el.removeAttribute('style');
    const text = [
      everything(el), JSON.stringify(events), el.exportDraftJSON(), el.exportDraftMarkdown(), await (await el.exportCSV()).text(),
    ].join('\n');
    for (const name of names) expect(text.includes(name), name).toBe(false);
    expect(text).not.toMatch(/\bp0\d{3}\b/);
    expect($(el, '[part="header"] h2')!.textContent).toMatch(/^Person /);
    expect(el.exportDraftMarkdown()).toContain(`# Review draft: Person ${pseudonym}`);
  });

  it('shows 360 numbers only for groups of at least min-group givers', async () => {
    const el = await mount({ person: fullPeerRound });
    const peer = $(el, '.group[data-relationship="peer"]')!;
    expect(peer.dataset.suppressed).toBe('false');
    expect(peer.querySelector('.numbers')!.textContent).toMatch(/^\d+ givers, mean score \d/);
    const givers = Number(peer.querySelector('.numbers')!.textContent!.match(/^(\d+)/)![1]);
    expect(peer.querySelectorAll('.quotes blockquote').length).toBeGreaterThanOrEqual(givers);
    el.minGroup = givers + 1;
    await el.draftSettled();
    await until(() => $(el, '.group[data-relationship="peer"]')?.dataset.suppressed === 'true', 'suppression at a higher min-group');
    const hidden = $(el, '.group[data-relationship="peer"]')!;
    expect(hidden.querySelector('.numbers')!.textContent).toBe(`Fewer than ${givers + 1} givers: no numbers shown`);
    expect(hidden.textContent).not.toMatch(/mean score/);
    expect(hidden.querySelectorAll('.quotes blockquote')).toHaveLength(0);
  });

  it('prints as a review pack: no controls, the draft as text, one column', async () => {
    const el = await mount({ person: 'p0005' });
    await commands.emulateMedia('print');
    try {
      expect(getComputedStyle($(el, 'button.edit')!).display).toBe('none');
      expect(getComputedStyle($(el, '.prose')!).display).not.toBe('none');
      expect(getComputedStyle($(el, '.columns')!).display).toBe('block');
      expect(getComputedStyle($(el, '.actions')!).display).toBe('none');
      expect(getComputedStyle($(el, 'input[type="checkbox"]')!.closest('label')!).display).toBe('none');
      expect(getComputedStyle($(el, '.draft')!).breakBefore).toBe('page');
    } finally {
      await commands.emulateMedia('screen');
    }
    expect(getComputedStyle($(el, 'button.edit')!).display).not.toBe('none');
  });

  it('opens from the linked selection person inside <plumb-data>, in German', async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.connector = db;
    data.setAttribute('lang', 'de');
    const el = document.createElement('plumb-person-review');
    data.append(el);
    document.body.append(data);
    await until(() => el.status === 'ready', 'the empty state');
    expect(root(el).textContent).toMatch(/Wählen Sie eine Person/);
    await data.select({ kind: 'person', id: 'p0007', filter: { person_id: 'p0007' } });
    await el.draftSettled();
    expect($(el, '[part="header"] h2')!.textContent).toBe('Alan Nguyễn');
    expect($(el, '[part="okr"] .badge')!.textContent).toBe('Kontext, keine Note');
  });
});
