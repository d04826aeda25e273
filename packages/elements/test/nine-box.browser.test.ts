import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import '../src/nine-box/nine-box.define.js';
import type { PlumbNineBox } from '../src/nine-box/nine-box.js';
import type { PlumbSelectDetail } from '../src/events.js';

async function ready(el: PlumbNineBox): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    if (el.report && el.shadowRoot?.querySelector('[role=grid], [part=state]:not([data-state=loading])')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('element never became ready');
}

describe('<plumb-nine-box>', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(() => loadFixture(db));
  afterAll(() => db.close());

  function mount(setup: (el: PlumbNineBox) => void = () => {}): PlumbNineBox {
    const el = document.createElement('plumb-nine-box');
    el.connector = db;
    el.style.width = '900px';
    setup(el);
    document.body.append(el);
    return el;
  }

  it('draws a 3×3 grid with high potential on top and high performance on the right, counts adding up', async () => {
    const el = mount((e) => (e.stage = 'manager'));
    await ready(el);
    const rows = [...el.shadowRoot!.querySelectorAll('[role=grid] [role=row]')];
    expect(rows).toHaveLength(3);
    const ids = rows.map((r) => [...r.querySelectorAll<HTMLElement>('[role=gridcell]')].map((c) => c.dataset.id));
    expect(ids[0]).toEqual(['low-high', 'mid-high', 'high-high']);
    expect(ids[2]).toEqual(['low-low', 'mid-low', 'high-low']);
    const star = el.shadowRoot!.querySelector<HTMLElement>('[data-id="high-high"]')!;
    expect(star.textContent).toContain('Star');
    const report = el.report!;
    const shownTotal = report.cells.reduce((s, c) => s + (c.n ?? 0), 0);
    const hiddenTotal = report.n - shownTotal;
    expect(hiddenTotal === 0 || hiddenTotal >= 5).toBe(true);
    expect(el.shadowRoot!.querySelector('[part=summary]')!.textContent).toContain(`${report.n} people`);
    el.remove();
  });

  it('shows every box’s whole name in a narrow projected grid in German (beside another view at 1280×720)', async () => {
    const el = mount((e) => {
      e.stage = 'manager';
      e.lang = 'de';
      e.projector = true;
      e.style.width = '600px';
    });
    await ready(el);
    const names = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=gridcell] .name')];
    expect(names.map((n) => n.textContent)).toContain('Leistungsträger');
    // Nothing cut by the box: the name's text lies within its box, and within its own width.
    for (const name of names) {
      const box = name.closest('[role=gridcell]')!.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(name);
      const text = range.getBoundingClientRect();
      expect(text.right, name.textContent!).toBeLessThanOrEqual(box.right);
      expect(name.scrollWidth, name.textContent!).toBeLessThanOrEqual(name.clientWidth);
    }
    el.remove();
  });

  it('keeps a readable width as an item of a flex row that gives it none (an embedder’s dashboard row)', async () => {
    const row = document.createElement('div');
    row.className = 'flex-row';
    const style = document.createElement('style');
    style.textContent = '.flex-row { display: flex; gap: 16px; width: 1000px; }';
    const aside = document.createElement('p');
    aside.textContent = 'A note beside the grid, as a dashboard puts one.';
    const el = document.createElement('plumb-nine-box');
    el.connector = db;
    el.stage = 'manager';
    row.append(el, aside);
    document.body.append(style, row);
    await ready(el);
    expect(el.getBoundingClientRect().width).toBeGreaterThanOrEqual(240);
    for (const name of el.shadowRoot!.querySelectorAll<HTMLElement>('[role=gridcell] .name')) {
      expect(name.scrollWidth, name.textContent!).toBeLessThanOrEqual(name.clientWidth);
    }
    row.remove();
    style.remove();
  });

  it('moves focus with the arrow keys and selects a box with Enter', async () => {
    const el = mount((e) => (e.stage = 'manager'));
    await ready(el);
    const events: (PlumbSelectDetail | null)[] = [];
    el.addEventListener('plumb-select', (e) => events.push((e as unknown as CustomEvent<PlumbSelectDetail | null>).detail));
    const tabStops = el.shadowRoot!.querySelectorAll('[role=gridcell][tabindex="0"]');
    expect(tabStops).toHaveLength(1);
    (tabStops[0] as HTMLElement).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.id).toBe('high-mid');
    await userEvent.keyboard('{ArrowLeft}');
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.id).toBe('mid-mid');
    await userEvent.keyboard('{Enter}');
    // A box narrows no other view: its clause carries no filter.
    expect(events.at(-1)).toEqual({ kind: 'box', id: 'mid-mid', label: 'Core player', filter: {} });
    // The chosen box's people are now the next tab stops; no other box's are.
    await el.updateComplete;
    const stops = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button[part=person][tabindex="0"]')];
    expect(stops.length).toBeGreaterThan(0);
    for (const b of stops) expect(b.closest<HTMLElement>('[role=gridcell]')!.dataset.id).toBe('mid-mid');
    el.remove();
  });

  it('hides small boxes and names when anonymized, shows the change from another stage', async () => {
    const el = mount((e) => {
      e.stage = 'calibrated';
      e.compareStage = 'manager';
      e.anonymize = true;
      e.labels = { 'high-high': 'Top <b>talent</b>' };
    });
    await ready(el);
    const root = el.shadowRoot!;
    expect(root.textContent).not.toMatch(/Person m-/);
    expect(root.textContent).toMatch(/Person [A-Z2-9]{4}/);
    expect(root.textContent).toContain('Top <b>talent</b>');
    expect(root.querySelector('b')).toBeNull();
    const hidden = root.querySelectorAll('.suppressed');
    expect(hidden.length).not.toBe(1);
    expect(root.textContent).toMatch(/was \d+ · [▲▼=]/);
    el.remove();
  });

  it('says so when nobody has a potential rating', async () => {
    const el = mount((e) => (e.potentialDimension = 'nonexistent'));
    await ready(el);
    expect(el.shadowRoot!.querySelector('[part=state]')!.textContent).toMatch(/No one has both/);
    el.remove();
  });
});
