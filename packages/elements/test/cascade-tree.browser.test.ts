import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { WasmConnector } from '@plumb/core/wasm';
import { buildCascade, type CascadeKeyResultRow, type CascadeObjectiveRow, type CascadeRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadHandMadeCascade } from '../../core/test/cascade/fixture.js';
import '../src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../src/cascade-tree/cascade-tree.js';
import type { PlumbSelectDetail } from '../src/events.js';

type CascadeSelectDetail = PlumbSelectDetail | null;

async function settle(el: PlumbCascadeTree): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await el.settled();
    if (el.tree || el.shadowRoot!.querySelector('[data-state=error]')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await el.settled();
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  await el.updateComplete;
}

function rowTexts(el: PlumbCascadeTree): string[] {
  return [...el.shadowRoot!.querySelectorAll('.row')]
    .sort((a, b) => Number(a.getAttribute('data-row')) - Number(b.getAttribute('data-row')))
    .map((r) => r.querySelector('.title')!.textContent!.trim());
}
const focused = (el: PlumbCascadeTree) => el.shadowRoot!.activeElement as HTMLElement | null;
const rowByKey = (el: PlumbCascadeTree, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-key="${key}"]`);

function mount(setup: (el: PlumbCascadeTree) => void): PlumbCascadeTree {
  const el = document.createElement('plumb-cascade-tree');
  el.style.height = '520px';
  el.style.width = '900px';
  setup(el);
  document.body.append(el);
  return el;
}

describe('<plumb-cascade-tree> on DuckDB-WASM', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(() => loadHandMadeCascade(db));
  afterAll(() => db.close());

  it('renders the rolled-up cascade as an ARIA tree with words beside colour, no-data never 0 %', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.rollup = 'krs';
      e.depth = 2;
    });
    await settle(el);
    const root = el.shadowRoot!;
    expect(root.querySelector('[role=tree]')).not.toBeNull();
    // Depth 2: company objectives and the group, plus their children (key results first, then objectives).
    expect(rowTexts(el)).toEqual([
      'Delight customers', 'KC2', 'N1',
      'Grow revenue', 'K1a', 'K1b', 'K1c', 'T1', 'T3',
      'Not aligned to a company objective', 'U1', 'U2',
    ]);
    const c1 = rowByKey(el, 'objective:C1')!;
    expect(c1.getAttribute('aria-level')).toBe('1');
    expect(c1.getAttribute('aria-expanded')).toBe('true');
    expect(c1.querySelector('.pct')!.textContent).toBe('35%'); // Intl, in the element's language
    expect(c1.querySelector('.status')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('✕ Off track');
    const n1 = rowByKey(el, 'objective:N1')!;
    // No figure: a dash in the narrow column (the words ran into the status in French), the word for a screen reader.
    expect(n1.querySelector('.pct [aria-hidden=true]')!.textContent).toBe('—');
    expect(n1.querySelector('.pct .visually-hidden')!.textContent).toBe('no data');
    expect(n1.querySelector('.status')!.textContent).toContain('No data');
    expect(root.querySelector('.summary')!.textContent).toContain('2 objectives are not aligned to any company objective');
    // Roving tabindex: exactly one row is in the tab order.
    expect(root.querySelectorAll('[role=treeitem][tabindex="0"]')).toHaveLength(1);
    expect(root.querySelector<HTMLSelectElement>('select[aria-label="Expand to depth"]')!.value).toBe('2');
    el.remove();
  });

  it('moves with arrows, Home/End, expands and collapses with Right/Left, selects with Enter', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.depth = 1;
    });
    await settle(el);
    const events: CascadeSelectDetail[] = [];
    el.addEventListener('plumb-select', (e) => events.push((e as unknown as CustomEvent<CascadeSelectDetail>).detail));
    expect(rowTexts(el)).toEqual(['Delight customers', 'Grow revenue', 'Not aligned to a company objective']);
    rowByKey(el, 'objective:C2')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('objective:C1');
    await userEvent.keyboard('{ArrowRight}'); // expand (its children are fetched)
    await el.settled();
    expect(rowByKey(el, 'objective:C1')!.getAttribute('aria-expanded')).toBe('true');
    expect(rowTexts(el)).toContain('K1a');
    await userEvent.keyboard('{ArrowRight}'); // to the first child
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('key_result:K1a');
    await userEvent.keyboard('{ArrowLeft}'); // to the parent
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('objective:C1');
    await userEvent.keyboard('{ArrowLeft}'); // collapse
    await el.updateComplete;
    expect(rowTexts(el)).not.toContain('K1a');
    await userEvent.keyboard('{End}');
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('group:unaligned');
    await userEvent.keyboard('{Home}');
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('objective:C2');
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(events).toEqual([{ kind: 'objective', id: 'C2', label: 'Delight customers', filter: { objective_id: 'C2' } }]);
    expect(rowByKey(el, 'objective:C2')!.getAttribute('aria-selected')).toBe('true');
    // Type-ahead: "g" jumps to the next title starting with g.
    await userEvent.keyboard('g');
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe('objective:C1');
    el.remove();
  });

  it('selects on click, highlights the path to the root and explains the number', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.rollup = 'both';
      e.depth = 4;
    });
    await settle(el);
    let detail: CascadeSelectDetail | undefined;
    document.addEventListener('plumb-select', (e) => (detail = (e as unknown as CustomEvent<CascadeSelectDetail>).detail), { once: true });
    await userEvent.click(rowByKey(el, 'objective:I1')!.querySelector('.title')!);
    await el.updateComplete;
    expect(detail).toEqual({ kind: 'objective', id: 'I1', label: 'I1', filter: { objective_id: 'I1' } });
    await el.settled();
    const onPath = [...el.shadowRoot!.querySelectorAll('.row.on-path')].map((r) => (r as HTMLElement).dataset.key);
    expect(onPath).toEqual(['objective:C1', 'objective:T1', 'objective:I1']);
    await userEvent.click(rowByKey(el, 'objective:C1')!.querySelector('.title')!);
    await el.settled();
    const details = el.shadowRoot!.querySelector('[part=details]')!.textContent!.replace(/\s+/g, ' ');
    expect(details).toContain('Weighted mean of its key results and contributing child objectives');
    expect(details).toContain('K1c: no data, weight 1 — not counted (no data)');
    el.remove();
  });

  it('search reveals a collapsed match and Enter moves focus to it', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.depth = 1;
    });
    await settle(el);
    expect(rowByKey(el, 'key_result:KI1')).toBeNull();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    await userEvent.click(input);
    await userEvent.keyboard('KI1');
    await el.settled(); // the search runs on the server and fetches the path to the match
    expect(rowByKey(el, 'key_result:KI1')).not.toBeNull();
    expect(rowByKey(el, 'key_result:KI1')!.classList.contains('match')).toBe(true);
    expect(el.shadowRoot!.querySelector('.matches')!.textContent).toBe('1 of 1 matches');
    await userEvent.keyboard('{Enter}');
    await el.settled();
    expect(focused(el)?.dataset.key).toBe('key_result:KI1');
    el.remove();
  });

  it('switches to the tidy layout: cards, links, the same keyboard model, and a table alternative', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.depth = 2;
      e.layout = 'tidy';
    });
    await settle(el);
    const root = el.shadowRoot!;
    const cards = root.querySelectorAll('svg [role=treeitem]');
    expect(cards.length).toBe(el.visibleRows.length);
    expect(root.querySelectorAll('path.link').length).toBe(el.visibleRows.filter((r) => r.parentRow >= 0).length);
    const c1 = root.querySelector<SVGGElement>('[data-key="objective:C1"]')!;
    c1.focus();
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(root.querySelector('[data-key="objective:C1"]')!.getAttribute('aria-expanded')).toBe('true');
    // Expanding T1 from its toggle reveals KT1 and I1 (revealed first: the opened level may have put it off screen).
    el.reveal('objective:T1', { focus: false });
    await el.updateComplete;
    await userEvent.click(root.querySelector('[data-key="objective:T1"] .toggle')!);
    await el.settled(); // its children are fetched on expand
    expect(root.querySelector('[data-key="objective:I1"]')).not.toBeNull();
    // Zoom: the buttons scale the drawing (d3-zoom), Fit brings it back into view.
    const layer = root.querySelector('g.zoom-layer')!;
    const scaleOf = () => Number(/scale\(([\d.]+)/.exec(layer.getAttribute('transform') ?? '')?.[1] ?? 1);
    const before = scaleOf();
    await userEvent.click(root.querySelector('button[aria-label="Zoom in"]')!);
    await new Promise((r) => setTimeout(r, 50));
    expect(scaleOf()).toBeCloseTo(before * 1.25, 5);
    // Fit never shrinks the cards' text below 11 px (it pans a tree too big for the box instead).
    await userEvent.click(root.querySelector('button[aria-label="Zoom out"]')!);
    await userEvent.click(root.querySelector('button[aria-label="Zoom out"]')!);
    await userEvent.click([...root.querySelectorAll('.zoom-controls button')].at(-1)!);
    await new Promise((r) => setTimeout(r, 50));
    const smallest = Math.min(...[...root.querySelectorAll<SVGTextElement>('svg.tidy .card text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scaleOf()));
    expect(smallest).toBeGreaterThanOrEqual(11);
    const details = root.querySelector<HTMLDetailsElement>('details.table-alt')!;
    details.open = true;
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const table = root.querySelector('plumb-data-table')!;
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const cells = [...table.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')!.textContent!.trim());
    expect(cells.length).toBe(el.visibleRows.length);
    expect(cells).toContain('· · I1');
    el.remove();
  });

  it('exports stand alone: a titled, framed SVG with bars and legend in the screen colours; a CSV rounded as shown with the unrounded values beside', async () => {
    const el = mount((e) => {
      e.connector = db;
      e.cycle = 'Q1';
      e.depth = 3;
    });
    await settle(el);
    const doc = new DOMParser().parseFromString(await (await el.exportSVG({ download: false })).text(), 'image/svg+xml');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '');
    expect(texts[0]).toBe('OKR cascade: Q1 2026'); // the cycle's name
    // The summary sentence, wrapped to the frame's width (it ran off the right edge in one line).
    const width = Number(doc.documentElement.getAttribute('width'));
    const first = texts.findIndex((t) => t.startsWith('Q1 2026'));
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent!.replace(/\s+/g, ' ').trim();
    const wrapped: string[] = [];
    for (let i = first; wrapped.join(' ').length < summary.length && i < texts.length; i++) wrapped.push(texts[i]!);
    expect(wrapped.join(' ')).toBe(summary);
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) expect(line.length * 7).toBeLessThanOrEqual(width - 32);
    expect(texts.some((t) => t.startsWith('Source: Plumb'))).toBe(true);
    // Bars were all black (their colours were styled only inside tidy cards); now each status has its colour.
    const fills = [...doc.querySelectorAll('rect.barfill')].map((r) => r.getAttribute('fill'));
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.filter((f) => f === 'rgb(0, 0, 0)' || f === '#000000')).toEqual([]);
    // The legend names every status shown, each drawn status with a swatch in its bar's colour.
    const good = getComputedStyle(el).getPropertyValue('--_good').trim();
    const swatches = [...doc.querySelectorAll('svg > rect[width="12"]')].map((r) => r.getAttribute('fill'));
    expect(swatches).toContain(good);
    const csv = (await (await el.exportCSV({ download: false })).text()).replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r?\n/).map((l) => l.split(','));
    const at = header!.indexOf('Progress');
    const rawAt = header!.indexOf('Progress (unrounded)');
    expect(rawAt).toBe(at + 1);
    // Expected from the tree the view holds, rounded here (2 decimals = whole percentages as on screen).
    const progress = el.visibleRows.map((r) => el.tree!.nodes[r.index]!).filter((n) => n.kind !== 'group').map((n) => n.progress);
    const numeric = lines.filter((l) => l[rawAt] !== '' && !Number.isNaN(Number(l[rawAt])));
    expect(numeric.length).toBe(progress.filter((p) => p != null).length);
    for (const l of numeric) expect(Number(l[at])).toBe(Number(Number(l[rawAt]).toFixed(2)));
    expect(numeric.some((l) => l[at] !== l[rawAt])).toBe(true);
    el.remove();
  });

  it('says what happened when the query fails, and when a cycle has no objectives', async () => {
    const bad = mount((e) => {
      e.connector = db;
      e.asOf = 'yesterday';
    });
    await settle(bad);
    expect(bad.shadowRoot!.querySelector('[data-state=error]')!.textContent).toMatch(/Could not draw the OKR cascade: .*YYYY-MM-DD/);
    bad.remove();
    const empty = mount((e) => {
      e.connector = db;
      e.cycle = 'Q9';
    });
    await settle(empty);
    expect(empty.shadowRoot!.querySelector('[data-state=empty]')!.textContent).toContain('No objectives in cycle "Q9"');
    empty.remove();
    const none = mount(() => {});
    await none.updateComplete;
    expect(none.shadowRoot!.querySelector('[data-state=empty]')!.textContent).toContain('set .connector');
    none.remove();
  });
});

function objective(objective_id: string, extra: Partial<CascadeObjectiveRow> = {}): CascadeObjectiveRow {
  return {
    objective_id, cycle_id: 'Q', title: objective_id, level: 'team', owner_id: null, owner_name: null, team_id: null,
    team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null,
    rollup_mode: null, stated_progress: null, ...extra,
  };
}
function rowsOf(objectives: CascadeObjectiveRow[], key_results: CascadeKeyResultRow[] = []): CascadeRows {
  return { cycle: { cycle_id: 'Q', name: 'Q', start_date: '2026-01-01', end_date: '2026-03-31' }, as_of: null, data_date: '2026-02-01', objectives, key_results };
}

describe('<plumb-cascade-tree> with hostile data (.data)', () => {
  it('shows markup in titles as text and clips 5,000-character titles', async () => {
    const long = 'Ship '.repeat(1000);
    const el = mount((e) => {
      e.data = buildCascade(rowsOf([
        objective('x', { level: 'company', title: '<img src=x onerror="window.__pwned=1">' }),
        objective('y', { level: 'company', title: long }),
      ]));
    });
    await settle(el);
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect(rowTexts(el)).toContain('<img src=x onerror="window.__pwned=1">');
    const longRow = rowByKey(el, 'objective:y')!;
    expect(longRow.querySelector('.title')!.textContent!.length).toBeLessThanOrEqual(240);
    expect(longRow.getBoundingClientRect().height).toBe(36);
    el.remove();
  });

  it('opens a 5,000-level chain collapsed, and End after expanding all reaches the bottom', async () => {
    const n = 5000;
    const data = buildCascade(rowsOf(Array.from({ length: n }, (_, i) => objective(`o${i}`, i === 0 ? { level: 'company' } : { parent_objective_id: `o${i - 1}` }))));
    const el = mount((e) => {
      e.data = data;
    });
    await settle(el);
    expect(el.visibleRows.length).toBeLessThanOrEqual(200);
    el.expandToDepth(Infinity);
    await el.updateComplete;
    expect(el.visibleRows.length).toBe(n);
    // Virtualised: only a window of rows is in the DOM.
    expect(el.shadowRoot!.querySelectorAll('.row').length).toBeLessThan(60);
    rowByKey(el, 'objective:o0')!.focus();
    await userEvent.keyboard('{End}');
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    await el.updateComplete;
    expect(focused(el)?.dataset.key).toBe(`objective:o${n - 1}`);
    expect(focused(el)!.getAttribute('aria-level')).toBe(String(n));
    el.remove();
  });

  it('the tree layout fills its box even when the page sets the host to display:block, and a tall tree pans at a readable scale', async () => {
    // 3 company objectives with 40 team objectives each: 123 cards, far taller than the box at a readable scale.
    const objectives = [0, 1, 2].flatMap((c) => [
      objective(`C${c}`, { level: 'company' }),
      ...Array.from({ length: 40 }, (_, i) => objective(`T${c}-${i}`, { parent_objective_id: `C${c}` })),
    ]);
    const style = document.createElement('style');
    style.textContent = '.block-host { display: block; }';
    document.head.append(style);
    const el = mount((e) => {
      e.classList.add('block-host');
      e.data = buildCascade(rowsOf(objectives));
      e.depth = 2;
      e.layout = 'tidy';
    });
    el.style.height = '700px';
    el.style.width = '1200px';
    await settle(el);
    const root = el.shadowRoot!;
    const svgBox = root.querySelector('svg.tidy')!.getBoundingClientRect();
    const hostBox = el.getBoundingClientRect();
    // Before: the SVG fell back to 150 px high, a strip at the top of a 700 px box.
    expect(svgBox.height).toBeGreaterThan(hostBox.height * 0.6);
    // The two levels spread over the width: cards widen beyond the 232 px default.
    const card = root.querySelector<SVGRectElement>('[data-key="objective:C0"] rect.box')!;
    expect(Number(card.getAttribute('width'))).toBeGreaterThan(232);
    const layer = root.querySelector('g.zoom-layer')!;
    const scaleOf = () => Number(/scale\(([\d.]+)/.exec(layer.getAttribute('transform') ?? '')?.[1] ?? 1);
    await userEvent.click([...root.querySelectorAll('.zoom-controls button')].at(-1)!);
    expect(scaleOf()).toBeGreaterThanOrEqual(1);
    // Keyboard panning: End moves focus to the last card, and the view pans so it is on screen.
    root.querySelector<SVGGElement>('[data-key="objective:C0"]')!.focus();
    await userEvent.keyboard('{End}');
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const lastKey = el.tree!.nodes[el.visibleRows.at(-1)!.index]!.key;
    const last = root.querySelector(`[data-key="${lastKey}"]`)!.getBoundingClientRect();
    expect(focused(el)?.dataset.key).toBe(lastKey);
    expect(last.top).toBeGreaterThanOrEqual(svgBox.top - 1);
    expect(last.bottom).toBeLessThanOrEqual(svgBox.bottom + 1);
    el.remove();
    style.remove();
  });

  it('shows an alignment cycle as an alert and still draws every node', async () => {
    const el = mount((e) => {
      e.data = buildCascade(rowsOf([
        objective('A', { parent_objective_id: 'B' }),
        objective('B', { parent_objective_id: 'A' }),
      ]));
      e.depth = 3;
    });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).toMatch(/alignment cycle: A → B → A/);
    expect(rowTexts(el)).toEqual(['A', 'B']);
    el.remove();
  });
});
