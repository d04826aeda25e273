import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { parkPointer } from './browser-helpers.js';
import { WasmConnector } from '@plumb/core/wasm';
import { insertRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import { plumbDataContext, type PlumbDataSource } from '../src/data/context.js';
import { PlumbCoordinator } from '../src/data/coordinator.js';
import '../src/rating-distribution/rating-distribution.define.js';
import type { PlumbRatingDistribution } from '../src/rating-distribution/rating-distribution.js';
import type { PlumbSelectDetail } from '../src/events.js';
import { chartLayout } from '../src/rating-distribution/chart-layout.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">Ms "Quotes" & Co';

async function ready(el: PlumbRatingDistribution): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    if (el.report && el.shadowRoot?.querySelector('[part=summary], [part=state][data-state=empty]')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('element never became ready');
}

describe('<plumb-rating-distribution>', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(async () => {
    await loadFixture(db);
    // A rater whose name is markup, with 30 reports: must render as text.
    await insertRows(db, 'people', [{ person_id: 'm-hostile', name: HOSTILE, department: 'Eng', level: 'M1' }]);
    await insertRows(
      db,
      'ratings',
      Array.from({ length: 30 }, (_, i) => ({ cycle_id: '2026-H1', employee_id: `h${i}`, rater_id: 'm-hostile', stage: 'manager' as const, dimension: 'overall', rating: 2 + (i % 3) })),
    );
    await insertRows(db, 'people', Array.from({ length: 30 }, (_, i) => ({ person_id: `h${i}`, name: `H ${i}`, manager_id: 'm-hostile', department: 'Eng', level: i % 2 ? 'L1' : 'L2' })));
  });
  afterAll(() => db.close());

  function mount(setup: (el: PlumbRatingDistribution) => void = () => {}): PlumbRatingDistribution {
    const el = document.createElement('plumb-rating-distribution');
    el.connector = db;
    el.style.width = '1000px';
    setup(el);
    document.body.append(el);
    return el;
  }

  /** A host providing a coordinator of `db` (as `<plumb-data>` does) through the context protocol: a minimal provider. */
  function provided(): { host: HTMLDivElement; coordinator: PlumbCoordinator } {
    const host = document.createElement('div');
    document.body.append(host);
    const coordinator = new PlumbCoordinator();
    coordinator.setData(db, 1);
    const source: PlumbDataSource = { coordinator, connector: db, version: 1 };
    host.addEventListener('context-request', (event) => {
      const e = event as Event & { context: unknown; callback: (v: PlumbDataSource, unsubscribe?: () => void) => void };
      if (e.context !== plumbDataContext) return;
      e.stopPropagation();
      e.callback(source, () => {});
    });
    return { host, coordinator };
  }

  it('draws one row per rater, most lenient first, with flags as text, a summary and a table', async () => {
    const el = mount();
    await ready(el);
    const root = el.shadowRoot!;
    const rows = [...root.querySelectorAll<SVGGElement>('g.row')];
    expect(rows.length).toBe(el.report!.raters.length);
    expect(rows[0]!.dataset.rater).toBe('m-lenient');
    expect(rows.at(-1)!.dataset.rater).toBe('(pooled)');
    expect(rows[0]!.textContent).toContain('▲ lenient');
    expect(root.querySelector('[data-rater="m-severe"]')!.textContent).toContain('▼ severe');
    // Plain language first: counts against the guideline and managers who rate higher or lower…
    const report = el.report!;
    const gaps = report.scale
      .filter((v) => (v.guideline_share ?? 0) > 0)
      .map((v) => ({ value: v.value, gap: (report.org.counts[String(v.value)] ?? 0) - Math.round(v.guideline_share! * report.org.n) }))
      .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap));
    const headline = root.querySelector('[part=summary]')!.textContent!;
    expect(headline).toMatch(/^Organisation: /);
    expect(headline).toContain(`${Math.abs(gaps[0]!.gap)} ${gaps[0]!.gap > 0 ? 'more' : 'fewer'} rated ${gaps[0]!.value} than the guideline`);
    expect(headline).toMatch(/1 manager rates about (half a level|a level|[\d.]+ levels) higher than the rest/);
    expect(headline).toMatch(/1 manager rates about (half a level|a level|[\d.]+ levels) lower than the rest/);
    expect(headline).not.toMatch(/Kruskal|shrink/);
    // …the statistics behind "How sure is this?".
    const stats = root.querySelector('details[part=statistics]')!;
    expect(stats.querySelector('summary')!.textContent).toBe('How sure is this?');
    expect(stats.textContent).toMatch(/Flagged: 1 lenient, 1 severe,? and 1 central/);
    // Four guideline boundaries, drawn only between bars: no dash crosses a percentage label.
    const guides = [...root.querySelectorAll<SVGLineElement>('[part=chart] line.guideline')];
    expect(new Set(guides.map((g) => g.getAttribute('x1'))).size).toBe(4);
    const labels = [...root.querySelectorAll<SVGTextElement>('[part=chart] text')].map((t) => t.getBoundingClientRect());
    const crossing = guides.filter((g) => {
      const r = g.getBoundingClientRect();
      return labels.some((l) => r.left >= l.left && r.left <= l.right && r.top < l.bottom - 1 && r.bottom > l.top + 1);
    });
    expect(crossing).toHaveLength(0);
    // The table alternative is drawn when opened.
    expect(root.querySelector('plumb-data-table')).toBeNull();
    root.querySelector<HTMLElement>('details[part=table] summary')!.click();
    for (let i = 0; i < 50 && !root.querySelector('plumb-data-table'); i++) await new Promise((r) => setTimeout(r, 20));
    const table = root.querySelector('plumb-data-table')!;
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(table.shadowRoot!.querySelectorAll('tbody tr').length).toBe(el.report!.raters.length);
    // The legend's guideline key sits beside its words and is drawn as the chart draws the guidelines:
    // upright across stacked bars, level over the small multiples' bars.
    const guidelineKey = () => {
      const key = root.querySelector<SVGSVGElement>('[part=legend] svg.guideline-key')!;
      const words = document.createRange();
      words.selectNodeContents(key.parentElement!.lastChild!);
      const [k, w] = [key.getBoundingClientRect(), words.getBoundingClientRect()];
      const line = key.querySelector('line')!;
      return { besideWords: k.right <= w.left + 1 && k.bottom > w.top && k.top < w.bottom, upright: line.getAttribute('x1') === line.getAttribute('x2') };
    };
    expect(guidelineKey()).toEqual({ besideWords: true, upright: true });
    el.view = 'multiples';
    for (let i = 0; i < 100 && guidelineKey().upright; i++) await new Promise((r) => setTimeout(r, 20));
    expect(guidelineKey()).toEqual({ besideWords: true, upright: false });
    el.remove();
  });

  it('exports an SVG and a PNG that stand alone: title, what it covers, legend, source line', async () => {
    const el = mount();
    await ready(el);
    const svgText = await (await el.exportSVG({ download: false })).text();
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent!.trim());
    expect(texts[0]).toBe(`Rating distribution: overall, manager stage`);
    expect(texts).toContain(`Cycle ${el.report!.filter.cycle}; ${el.report!.org.n} ratings`);
    for (const s of el.report!.scale) expect(texts.some((t) => t.startsWith(`${s.value}`) && (!s.label || t.includes(s.label)))).toBe(true);
    expect(texts.some((t) => t.startsWith('Guideline boundaries'))).toBe(true);
    expect(texts.at(-1)).toMatch(/^Source: Plumb, /);
    // The legend's swatches carry the chart's colours, not black.
    const fills = [...doc.querySelectorAll('svg > rect[width="12"]')].map((r) => r.getAttribute('fill')).slice(0, el.report!.scale.length);
    expect(fills.length).toBe(el.report!.scale.length);
    expect(new Set(fills).size).toBe(fills.length);
    expect(fills).not.toContain('rgb(0, 0, 0)');
    // The count column is inside the drawing: the chart sits in a margin, nothing at the edge.
    const outer = doc.documentElement;
    const inner = outer.querySelector('svg')!;
    expect(Number(outer.getAttribute('width'))).toBeGreaterThan(Number(inner.getAttribute('width')));
    const png = await el.exportPNG({ download: false });
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    expect(bitmap.height).toBeGreaterThan(Number(inner.getAttribute('height')) * 2); // scale 2, plus the frame
    el.remove();
  });

  it('shows markup in names as text', async () => {
    const el = mount();
    await ready(el);
    const row = el.shadowRoot!.querySelector('[data-rater="m-hostile"]')!;
    expect(row.textContent).toContain('<img');
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    el.remove();
  });

  it('dispatches plumb-select on click and from the keyboard, moving focus with the arrow keys', async () => {
    const el = mount();
    await ready(el);
    const events: PlumbSelectDetail[] = [];
    document.body.addEventListener('plumb-select', (e) => events.push((e as CustomEvent<PlumbSelectDetail>).detail));
    const rows = () => [...el.shadowRoot!.querySelectorAll<SVGGElement>('g.row')];
    rows()[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const second = rows()[1]!.dataset.rater!;
    expect(events.at(-1)).toEqual({ kind: 'rater', id: second, label: el.report!.raters[1]!.label, filter: { rater_id: second } });
    // A bar of a rater's row selects that rater (the clause other views filter by).
    rows()[0]!.querySelector<SVGRectElement>('rect.segment')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(events.at(-1)).toMatchObject({ kind: 'rater', id: 'm-lenient', filter: { rater_id: 'm-lenient' } });

    rows()[0]!.focus();
    expect(el.shadowRoot!.activeElement).toBe(rows()[0]);
    await userEvent.keyboard('{ArrowDown}');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(el.shadowRoot!.activeElement).toBe(rows()[1]);
    await userEvent.keyboard('{Enter}');
    expect(events.at(-1)).toMatchObject({ kind: 'rater', id: rows()[1]!.dataset.rater, filter: { rater_id: rows()[1]!.dataset.rater } });
    // One tab stop for the whole chart.
    expect(rows().filter((r) => r.getAttribute('tabindex') === '0')).toHaveLength(1);
    el.remove();
  });

  it('re-queries when a filter changes, and withholds a view that is too small', async () => {
    const el = mount();
    await ready(el);
    const all = el.report!.org.n;
    const select = el.shadowRoot!.querySelectorAll('select')[0]!;
    select.value = 'Sales';
    select.dispatchEvent(new Event('change'));
    for (let i = 0; i < 100 && el.report!.filter.department !== 'Sales'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.report!.org.n).toBe(85);
    expect(el.report!.org.n).toBeLessThan(all);
    el.minGroup = 500;
    for (let i = 0; i < 100 && el.report!.privacy.min_group !== 500; i++) await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=state]')!.textContent).toMatch(/smaller than 500/);
    expect(el.shadowRoot!.querySelectorAll('g.row')).toHaveLength(0);
    el.remove();
  });

  it('hides names when anonymized, with stable pseudonyms', async () => {
    const el = mount((e) => (e.anonymize = true));
    await ready(el);
    const text = el.shadowRoot!.textContent!;
    expect(text).not.toContain('m-lenient');
    expect(text).not.toContain('Manager m-');
    expect(text).toMatch(/Manager [A-Z2-9]{4}/);
    el.remove();
  });

  it('shows before and after bars per rater in before/after mode, and small multiples', async () => {
    const el = mount((e) => (e.beforeAfter = true));
    await ready(el);
    const lenient = el.shadowRoot!.querySelector('[data-rater="m-lenient"]')!;
    // Two bars (before faded, after solid): twice the segments of one bar.
    expect(lenient.querySelectorAll('rect.segment').length).toBe(10);
    expect(el.shadowRoot!.querySelector('[part=legend]')!.textContent).toContain('shrunk');
    el.view = 'multiples';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('g.cell').length).toBe(el.report!.raters.length + 1);
    // The legend keys what is drawn: no effect column here, so no effect key.
    expect(el.shadowRoot!.querySelector('[part=legend]')!.textContent).not.toContain('shrunk');
    // A cell's flags are in its name for a screen reader too (its aria-label hides the text inside it).
    const cell = el.shadowRoot!.querySelector('g.cell[data-rater="m-lenient"]')!;
    expect(cell.querySelector('text.flag')!.textContent).toContain('lenient');
    expect(cell.getAttribute('aria-label')).toMatch(/^.+: \d+ ratings, ▲ lenient.*; 1: /);
    el.remove();
  });

  it('takes its connector and selection from <plumb-data> context and re-queries on a new version', async () => {
    const { host, coordinator } = provided();
    const other = document.createElement('div'); // another view's clause: not this view's own
    await coordinator.select(other, { kind: 'department', id: 'Sales', filter: { department: 'Sales' } });
    const el = document.createElement('plumb-rating-distribution');
    host.append(el);
    await ready(el);
    expect(el.report!.org.n).toBe(85);
    await coordinator.select(other, null);
    await el.settled();
    expect(el.report!.org.n).toBeGreaterThan(85);
    // New data version: the view re-queries.
    const before = el.report;
    coordinator.setData(db, 2);
    await el.settled();
    for (let i = 0; i < 100 && el.report === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.report).not.toBe(before);
    // `unlinked` views ignore the selection.
    el.unlinked = true;
    await coordinator.select(other, { kind: 'department', id: 'Sales', filter: { department: 'Sales' } });
    await el.settled();
    expect(el.report!.org.n).toBeGreaterThan(85);
    // A click on an objective in the cascade selects it with its team: people views narrow to that team.
    el.unlinked = false;
    await coordinator.select(other, { kind: 'objective', id: 'obj-1', filter: { objective_id: 'obj-1', team_id: 't-m-lenient' } });
    await el.settled();
    for (let i = 0; i < 100 && el.report!.filter.team_id !== 't-m-lenient'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.report!.filter.team_id).toBe('t-m-lenient');
    expect(el.report!.org.n).toBe(30);
    host.remove();
  });

  it('prefetches the choices of a menu the user points at, so the one picked draws from the cache', async () => {
    const { host, coordinator } = provided();
    const el = document.createElement('plumb-rating-distribution');
    el.style.width = '1000px';
    host.append(el);
    await ready(el);
    const menu = el.shadowRoot!.querySelector<HTMLSelectElement>('[part=toolbar] select')!;
    const others = [...menu.options].map((o) => o.value).filter((v) => v !== '');
    expect(others).toContain('Sales');
    await parkPointer();
    await coordinator.prefetchSettled();
    const before = coordinator.stats.queries;
    const prefetchedBefore = coordinator.stats.prefetched;
    await userEvent.hover(menu);
    // One query per choice not shown (every department; "all" is shown), one at a time.
    await coordinator.prefetchSettled();
    expect(coordinator.stats.prefetched - prefetchedBefore).toBe(others.length);
    expect(coordinator.stats.queries - before).toBe(others.length);
    const drawn = new Promise<{ cached: boolean }>((resolve) =>
      el.addEventListener('plumb-rendered', (e) => resolve((e as CustomEvent<{ cached: boolean }>).detail), { once: true }),
    );
    menu.value = 'Sales';
    menu.dispatchEvent(new Event('change'));
    expect((await drawn).cached).toBe(true);
    expect(coordinator.stats.queries - before).toBe(others.length);
    expect(el.report!.filter.department).toBe('Sales');
    expect(el.report!.org.n).toBe(85);
    // Pointing at it again asks for nothing: every other choice, "all" too (the first answer), is in the cache.
    await userEvent.unhover(menu);
    await userEvent.hover(menu);
    await coordinator.prefetchSettled();
    expect(coordinator.stats.queries - before).toBe(others.length);
    host.remove();
  });

  it('uses large type and few rows in projector mode at 1920×1080 and 1280×720', async () => {
    // Real-viewport screenshots: packages/elements/scripts/screenshot-calibration.mjs.
    for (const w of [1920, 1280]) {
      const el = mount((e) => {
        e.projector = true;
        e.style.width = `${w - 48}px`;
        e.style.padding = '24px';
      });
      await ready(el);
      const rows = el.shadowRoot!.querySelectorAll('g.row');
      expect(rows.length).toBeLessThanOrEqual(10);
      // Type is large: the row labels are at least 24px.
      expect(Number(rows[0]!.querySelector('text')!.getAttribute('font-size'))).toBeGreaterThanOrEqual(24);
      const redrawn = new Promise((r) => el.addEventListener('plumb-rendered', r, { once: true }));
      el.anonymize = true;
      el.beforeAfter = true;
      await redrawn;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).not.toContain('m-lenient');
      el.remove();
    }
  });
  it('keeps its header labels and effect ticks apart on a narrow projected chart in German (beside another view at 1280×720)', async () => {
    const el = mount((e) => {
      e.lang = 'de';
      e.projector = true;
      e.style.width = '600px';
    });
    await ready(el);
    await el.updateComplete;
    const chart = el.shadowRoot!.querySelector('svg[part="chart"]')!;
    const texts = [...chart.querySelectorAll(':scope > text')] as SVGTextElement[];
    const [share, effect] = texts;
    expect(share!.textContent).toContain('Anteil der Bewertungen');
    expect(effect!.textContent).toContain('Bewertet höher/niedriger');
    const apart = (a: DOMRect, b: DOMRect) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    const box = (t: SVGTextElement) => t.getBoundingClientRect();
    expect(apart(box(share!), box(effect!))).toBe(true);
    const chartBox = chart.getBoundingClientRect();
    for (const t of [share!, effect!]) {
      expect(box(t).left).toBeGreaterThanOrEqual(chartBox.left - 1);
      expect(box(t).right).toBeLessThanOrEqual(chartBox.right + 1);
    }
    const ticks = texts.filter((t) => /^[-+−]?\d/.test(t.textContent!.trim()));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    ticks.slice(1).forEach((t, i) => expect(apart(box(ticks[i]!), box(t))).toBe(true));
    // The first row starts below the header.
    const firstRow = el.shadowRoot!.querySelector('g.row')!.getBoundingClientRect();
    expect(firstRow.top).toBeGreaterThanOrEqual(Math.max(box(share!).bottom, box(effect!).bottom) - 1);
    // A rater's flags ("▲ milde", "zusammengefasst") stay whole, in the label column: left of where any row's bar may start.
    const barColumn = chartBox.left + chartLayout(chartBox.width, { projector: true, beforeAfter: false }).bar.x;
    const flags = [...el.shadowRoot!.querySelectorAll('g.row text.flag')] as SVGTextElement[];
    expect(flags.map((f) => f.textContent)).toContain('zusammengefasst');
    for (const flag of flags) {
      expect(flag.textContent).not.toContain('…');
      expect(box(flag).right, flag.textContent!).toBeLessThanOrEqual(barColumn);
    }
    el.remove();
  });
  it('tells apart two raters who share a name (the id is added to both), and not a rater whose name is unique', async () => {
    // A second manager with exactly the hostile manager's name, rating 30 people of their own.
    await insertRows(db, 'people', [{ person_id: 'm-hostile-2', name: HOSTILE, department: 'Eng', level: 'M1' }]);
    await insertRows(db, 'people', Array.from({ length: 30 }, (_, i) => ({ person_id: `g${i}`, name: `G ${i}`, manager_id: 'm-hostile-2', department: 'Eng', level: 'L1' })));
    await insertRows(
      db,
      'ratings',
      Array.from({ length: 30 }, (_, i) => ({ cycle_id: '2026-H1', employee_id: `g${i}`, rater_id: 'm-hostile-2', stage: 'manager' as const, dimension: 'overall', rating: 3 + (i % 2) })),
    );
    try {
      const el = mount();
      await ready(el);
      const root = el.shadowRoot!;
      const label = (id: string) => root.querySelector(`g.row[data-rater="${id}"]`)!.getAttribute('aria-label')!;
      const a = label('m-hostile');
      const b = label('m-hostile-2');
      expect(a).toContain(`${HOSTILE} (m-hostile)`);
      expect(b).toContain(`${HOSTILE} (m-hostile-2)`);
      // A unique name stays as it is.
      expect(label('m-lenient')).not.toContain('(m-lenient)');
      el.remove();
    } finally {
      await db.query(`DELETE FROM ratings WHERE rater_id = 'm-hostile-2'`);
      await db.query(`DELETE FROM people WHERE person_id = 'm-hostile-2' OR manager_id = 'm-hostile-2'`);
    }
  });
});
