// The room presenting to a projector, as the back row and the facilitator see it: one view at a
// time, names hidden until shown, no text under 11 px, nothing spilling out of its box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { queryRows } from '@plumb/core';
import type { PlumbLoadDetail, PlumbRoom } from '@plumb/elements';
import { testAssets } from '../../packages/core/test/duckdb-assets.browser.js';
import { CalibrationRoom } from '../src/room.js';
import { until } from '../../packages/elements/test/browser-helpers.js';

CalibrationRoom.assets = testAssets;
if (!customElements.get('plumb-calibration-room')) customElements.define('plumb-calibration-room', CalibrationRoom);

/** Every element under `root`, through shadow roots. */
function* elements(root: Element | ShadowRoot): Generator<Element> {
  if (root instanceof Element && root.shadowRoot) yield* elements(root.shadowRoot);
  for (const child of root.children) {
    yield child;
    yield* elements(child);
  }
}

/** Text a person sees or hears in `root`: text nodes and accessible names, through shadow roots. */
function textOf(root: Element): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (node instanceof Element) {
      if (['STYLE', 'SCRIPT'].includes(node.tagName)) return;
      for (const attr of ['aria-label', 'title', 'alt', 'data-title']) out.push(node.getAttribute(attr) ?? '');
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return out.join('\n');
}

/** Whether a person sees `el` at all (drawn, not in a closed <details>, not visually hidden). */
function shown(el: Element): boolean {
  const rect = el.getBoundingClientRect();
  if (rect.width < 2 || rect.height < 2) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
}

/** Visible text under 11 px: "<tag> 9px: text". */
function smallText(root: Element): string[] {
  const small = new Set<string>();
  for (const el of elements(root)) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim());
    if (!own.length || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    // SVG text is scaled with its viewBox: measure the drawn height of a capital's box instead.
    const drawn = el instanceof SVGGraphicsElement ? el.getBoundingClientRect().height / 1.2 : size;
    if (Math.min(size, drawn) < 11) small.add(`<${el.localName}> ${Math.round(Math.min(size, drawn))}px: ${own.join(' ').slice(0, 40)}`);
  }
  return [...small];
}

/** Elements whose content is wider or taller than their box and cut (overflow hidden/clip) or spilling past the view. */
function overflowing(view: HTMLElement): string[] {
  const bounds = view.getBoundingClientRect();
  const out: string[] = [];
  for (const el of elements(view)) {
    if (!shown(el) || el.closest('details:not([open])')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right > bounds.right + 2 || rect.left < bounds.left - 2) {
      out.push(`<${el.localName} ${el.getAttribute('part') ?? el.getAttribute('class') ?? ''}> spills past the view (${Math.round(rect.left)}–${Math.round(rect.right)} of ${Math.round(bounds.left)}–${Math.round(bounds.right)})`);
    }
  }
  return out.slice(0, 10);
}

describe('the room, presenting', () => {
  let room: CalibrationRoom;
  let names: string[] = [];
  const present = () => room.querySelector('plumb-room') as PlumbRoom;
  const current = () => present().views[present().index]!.querySelector('[data-view]') as HTMLElement;
  const drawn = (v: Element) => {
    const t = textOf(v);
    return t.length > 60 && !/Loading|Computing|Waiting/.test(t);
  };

  beforeAll(async () => {
    await page.viewport(1280, 720);
    room = document.createElement('plumb-calibration-room') as CalibrationRoom;
    const loaded = new Promise<PlumbLoadDetail>((resolve) => room.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail), { once: true }));
    document.body.append(room);
    await loaded;
    const connector = room.data!.source!.connector!;
    names = (await queryRows<{ name: string }>(connector, 'SELECT name FROM people WHERE name IS NOT NULL')).map((r) => r.name);
    await until(() => [...room.querySelectorAll('[data-view]')].every(drawn), 'every view drawn');
  });
  afterAll(() => room.remove());

  it('shows one view at a time, with names hidden until the facilitator shows them', async () => {
    expect(names.length).toBeGreaterThan(500);
    const visibleNames = () => {
      const text = textOf(current());
      return names.filter((n) => text.includes(n));
    };
    // Before presenting, the rating chart names its raters.
    expect(visibleNames().length).toBeGreaterThan(0);
    room.querySelector<HTMLInputElement>('input[role=switch]')!.click();
    await until(() => present().presenting && room.data!.anonymize, 'the room to present');
    const shownViews = present().views.filter((v) => v.assignedSlot !== null);
    expect(shownViews).toHaveLength(1);
    for (let i = 0; i < present().views.length; i++) {
      await until(() => drawn(current()), `view ${i + 1} drawn`);
      await until(() => visibleNames().length === 0, `no real name on view ${i + 1}`, 20_000).catch(() => undefined);
      expect(visibleNames(), `view ${i + 1}`).toEqual([]);
      await userEvent.keyboard('{PageDown}');
    }
    expect(present().index).toBe(0); // wrapped round
    // The facilitator shows names: the raters' names come back.
    present().shadowRoot!.querySelector<HTMLInputElement>('input[role=switch]')!.click();
    await until(() => visibleNames().length > 0, 'names shown again');
    present().shadowRoot!.querySelector<HTMLInputElement>('input[role=switch]')!.click();
    await until(() => visibleNames().length === 0, 'names hidden again');
  });

  it('moves between views by key and toolbar, and Esc stops presenting', async () => {
    expect(present().presenting).toBe(true);
    await userEvent.keyboard('3');
    expect(present().index).toBe(2);
    await userEvent.keyboard('{PageUp}');
    expect(present().index).toBe(1);
    const tabs = [...present().shadowRoot!.querySelectorAll<HTMLButtonElement>('.tabs button')];
    expect(tabs.map((t) => t.textContent!.trim())).toEqual(['1 Rating distribution', '2 Nine-box', '3 Confidence burn-down', '4 OKR cascade', '5 Calibration session']);
    tabs[3]!.click();
    await present().updateComplete;
    expect(tabs[3]!.getAttribute('aria-current')).toBe('true');
    expect(current().localName).toBe('plumb-cascade-tree');
    present().shadowRoot!.querySelector<HTMLButtonElement>('[part=next]')!.click();
    expect(present().index).toBe(4); // the calibration session, the last view
    present().shadowRoot!.querySelector<HTMLButtonElement>('[part=next]')!.click();
    expect(present().index).toBe(0);
  });

  it('sizes every view for the back row: no visible text under 11 px, nothing spilling out of its box', async () => {
    const found: string[] = [];
    for (let i = 0; i < present().views.length; i++) {
      present().index = i;
      await present().updateComplete;
      await until(() => drawn(current()) && current().getBoundingClientRect().width > 600, `view ${i + 1} drawn`);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const small of smallText(current())) found.push(`${current().localName}: ${small}`);
      for (const spill of overflowing(current())) found.push(`${current().localName}: ${spill}`);
    }
    expect(found).toEqual([]);
  });

  it('stops presenting on Esc and gives <plumb-data> its settings back', async () => {
    await userEvent.keyboard('{Escape}');
    await until(() => !present().presenting, 'presenting to stop');
    expect(room.data!.anonymize).toBe(false);
    expect(room.data!.projector).toBe(false);
    expect(present().views.every((v) => v.assignedSlot !== null)).toBe(true);
    expect(room.querySelector<HTMLInputElement>('input[role=switch]')!.checked).toBe(false);
  });
});
