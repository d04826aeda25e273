import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { LitElement, html } from 'lit';
import { ContextProvider } from '@lit/context';
import { WasmConnector } from '@plumb/core/wasm';
import { buildCascade, insertRows, type CascadeRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadHandMadeCascade } from '../../core/test/cascade/fixture.js';
import { plumbDataContext, type PlumbDataSource } from '../src/data/context.js';
import { PlumbCoordinator } from '../src/data/coordinator.js';
import '../src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../src/cascade-tree/cascade-tree.js';
import type { PlumbSelectDetail } from '../src/events.js';

class CascadeContractProvider extends LitElement {
  provider = new ContextProvider(this, { context: plumbDataContext });
  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('cascade-contract-provider', CascadeContractProvider);

async function drawn(el: PlumbCascadeTree): Promise<void> {
  for (let i = 0; i < 200 && !el.tree && !el.shadowRoot?.querySelector('[data-state=error]'); i++) await new Promise((r) => setTimeout(r, 25));
  await el.settled();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))));
}

/** Every text and attribute value of the element's shadow DOM (what anyone looking at the page could read). */
function everything(el: Element): string {
  const root = el.shadowRoot!;
  const parts: string[] = [root.textContent ?? ''];
  for (const node of root.querySelectorAll('*')) for (const a of node.attributes) parts.push(a.value);
  return parts.join('\n');
}

describe('<plumb-cascade-tree> on the view contract (issues 9, 12, 13)', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(async () => {
    await loadHandMadeCascade(db);
    await insertRows(db, 'recognitions', [
      { person_id: 'p2', key_result_id: 'K1a', given_by: 'p1', given_at: '2026-02-10', message: 'Thanks Ben!' },
    ]);
    // A "not aligned" group too large to open with the levels (29 objectives), one of them Support's.
    await insertRows(db, 'objectives', [
      ...Array.from({ length: 26 }, (_, i) => ({ objective_id: `UX${i + 1}`, cycle_id: 'Q1', title: `Loose ${i + 1}`, level: 'team' as const })),
      { objective_id: 'US', cycle_id: 'Q1', title: 'Support alone', level: 'team' as const, team_id: 't2' },
    ]);
  });
  afterAll(() => db.close());

  /** A cascade (Q1, one level open) under a coordinator of its own, drawn. */
  async function mountLinked(): Promise<{ coordinator: PlumbCoordinator; host: CascadeContractProvider; el: PlumbCascadeTree }> {
    const coordinator = new PlumbCoordinator();
    coordinator.setData(db, 1);
    const source: PlumbDataSource = { coordinator, connector: db, status: 'ready', version: 1 };
    const host = document.createElement('cascade-contract-provider') as CascadeContractProvider;
    host.provider.setValue(source);
    const el = document.createElement('plumb-cascade-tree');
    el.style.height = '500px';
    el.cycle = 'Q1';
    el.depth = 1;
    host.append(el);
    document.body.append(host);
    await drawn(el);
    return { coordinator, host, el };
  }

  it('in a container without a height, clicking a row keeps the outline usable (it never shrinks to 0 px)', async () => {
    const box = document.createElement('div');
    box.style.width = '900px';
    const el = document.createElement('plumb-cascade-tree');
    el.connector = db;
    el.cycle = 'Q1';
    el.depth = 3;
    box.append(el);
    document.body.append(box);
    await drawn(el);
    const viewport = () => el.shadowRoot!.querySelector<HTMLElement>('.viewport')!;
    const before = viewport().getBoundingClientRect().height;
    expect(before).toBeGreaterThan(150);
    await userEvent.click(el.shadowRoot!.querySelector('[data-key="objective:C1"] .title')!);
    await drawn(el);
    expect(el.shadowRoot!.querySelector('[part=details]')).not.toBeNull();
    expect(viewport().getBoundingClientRect().height).toBeGreaterThan(150);
    // The next row is still what a click at its centre hits (the explanation does not cover it).
    const next = el.shadowRoot!.querySelector<HTMLElement>('[data-key="key_result:K1a"]')!;
    const r = next.getBoundingClientRect();
    const hit = el.shadowRoot!.elementFromPoint(r.left + 40, r.top + r.height / 2);
    expect(hit?.closest('[data-key]')?.getAttribute('data-key')).toBe('key_result:K1a');
    await userEvent.click(next.querySelector('.title')!);
    await drawn(el);
    expect(el.shadowRoot!.querySelector('[data-key="key_result:K1a"]')!.getAttribute('aria-selected')).toBe('true');
    box.remove();
  });

  it('sets no style attribute from markup (strict CSP): positions and widths go through the CSSOM', async () => {
    const calls: string[] = [];
    const original = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      if (name.toLowerCase() === 'style' && this.closest?.('plumb-cascade-tree') === null && this.getRootNode() instanceof ShadowRoot) calls.push(value);
      return original.call(this, name, value);
    };
    try {
      const el = document.createElement('plumb-cascade-tree');
      el.style.height = '500px';
      el.connector = db;
      el.cycle = 'Q1';
      el.depth = 4;
      document.body.append(el);
      await drawn(el);
      el.layout = 'tidy';
      await drawn(el);
      expect(el.shadowRoot!.querySelectorAll('[role=treeitem]').length).toBeGreaterThan(5);
      expect(calls).toEqual([]);
      el.remove();
    } finally {
      Element.prototype.setAttribute = original;
    }
  });

  it('with anonymize shows no real name or id anywhere: DOM, attributes, events, CSV and SVG', async () => {
    const el = document.createElement('plumb-cascade-tree');
    el.style.height = '500px';
    el.connector = db;
    el.cycle = 'Q1';
    el.depth = 4;
    el.anonymize = true;
    el.minGroup = 1;
    const events: (PlumbSelectDetail | null)[] = [];
    el.addEventListener('plumb-select', (e) => events.push(e.detail));
    document.body.append(el);
    await drawn(el);
    await userEvent.click(el.shadowRoot!.querySelector('[data-key="key_result:K1a"] .title')!);
    await drawn(el);
    const text = everything(el);
    expect(text).toContain('Owner ');
    // One person recognised, under <plumb-data>'s minimum group of 5 (a view may raise it, never lower it): not listed.
    expect(text).toContain('Fewer than 5 people recognised');
    const csv = await (await el.exportCSV({ download: false })).text();
    const svgText = await (await el.exportSVG({ download: false })).text();
    for (const secret of ['Ada', 'Lovelace', 'Ben', 'Okri', 'Thanks']) {
      expect(text).not.toContain(secret);
      expect(csv).not.toContain(secret);
      expect(svgText).not.toContain(secret);
      expect(JSON.stringify(events)).not.toContain(secret);
    }
    expect(text).not.toMatch(/\bp[12]\b/);
    el.remove();
  });

  it('speaks German with German formats, and exports the outline from data (CSV and SVG) without opening the table', async () => {
    const el = document.createElement('plumb-cascade-tree');
    el.style.height = '500px';
    el.connector = db;
    el.cycle = 'Q1';
    el.rollup = 'krs';
    el.depth = 2;
    el.locale = 'de';
    document.body.append(el);
    await drawn(el);
    const root = el.shadowRoot!;
    expect(root.querySelector('[data-key="objective:C1"] .pct')!.textContent).toMatch(/^35\s%$/);
    expect(root.querySelector('[data-key="objective:C1"] .status')!.textContent).toContain('Nicht im Plan');
    expect(root.querySelector('.summary')!.textContent).toContain('Unternehmensziele');
    // Dates through Intl, never raw ISO.
    expect(root.querySelector('.summary')!.textContent).toContain('(Daten bis 01.03.2026)');
    expect(root.querySelector('.summary')!.textContent).not.toContain('2026-03-01');
    const text = root.textContent!;
    for (const english of ['Outline', 'Key results', 'Expand to', 'company objectives', 'No data', 'Off track']) expect(text).not.toContain(english);
    expect(root.querySelector<HTMLInputElement>('input[type=search]')!.placeholder).toBe('Titel, Verantwortliche, Team suchen');
    expect(root.querySelector('details.table-alt')!.hasAttribute('open')).toBe(false);
    const csv = await (await el.exportCSV({ download: false })).text();
    expect(csv).toContain('Ziel / Schlüsselergebnis');
    expect(csv).toContain('Grow revenue');
    expect(csv.trim().split('\n')).toHaveLength(el.visibleRows.length + 1);
    const svgText = await (await el.exportSVG({ download: false })).text();
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('Grow revenue');
    expect(svgText).toContain('Nicht im Plan');
    // The details panel (its code, words and styles arrive when a node is first selected) is German from its first frame.
    await el.selectNode('objective:C1');
    await drawn(el);
    const details = root.querySelector<HTMLElement>('[part=details]')!;
    expect(details.getAttribute('aria-label')).toBe('Wie diese Zahl entsteht');
    expect(details.textContent!.replace(/\s+/g, ' ')).toContain('Gefährdet bei mehr als');
    for (const english of ['Weighted mean', 'At risk when', 'not counted']) expect(details.textContent).not.toContain(english);
    expect(getComputedStyle(details).borderTopStyle).toBe('solid');
    el.layout = 'tidy';
    await drawn(el);
    const tidy = await (await el.exportSVG({ download: false })).text();
    expect(tidy).toContain('zoom-layer');
    el.remove();
  });

  it('isolates right-to-left text and caps accessible names of huge titles', async () => {
    const rows: CascadeRows = {
      cycle: { cycle_id: 'Q', name: 'Q', start_date: '2026-01-01', end_date: '2026-03-31' }, as_of: null, data_date: null,
      objectives: [
        { objective_id: 'A', cycle_id: 'Q', title: 'Bob \u202Eevil', level: 'company', owner_id: null, owner_name: 'Eve \u202Egnol', team_id: null, team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null, rollup_mode: null, stated_progress: null },
        { objective_id: 'B', cycle_id: 'Q', title: 'x'.repeat(100_000), level: 'company', owner_id: null, owner_name: null, team_id: null, team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null, rollup_mode: null, stated_progress: null },
      ],
      key_results: [],
    };
    const el = document.createElement('plumb-cascade-tree');
    el.style.height = '400px';
    el.data = buildCascade(rows);
    document.body.append(el);
    await drawn(el);
    const a = el.shadowRoot!.querySelector('[data-key="objective:A"]')!;
    expect(a.querySelector('.title bdi')!.textContent).toBe('Bob \u202Eevil');
    expect(a.querySelector('.owner bdi')!.textContent).toContain('Eve');
    const b = el.shadowRoot!.querySelector('[data-key="objective:B"]')!;
    expect(b.getAttribute('aria-label')!.length).toBeLessThanOrEqual(400);
    expect(b.getAttribute('title')!.length).toBeLessThanOrEqual(1000);
    el.remove();
  });

  it('follows the linked filter: another view selecting a team reveals and marks its objectives', async () => {
    const { coordinator, host, el } = await mountLinked();
    expect(el.shadowRoot!.querySelector('[data-key="objective:T1"]')).toBeNull();
    const other = document.createElement('div');
    await coordinator.select(other, { kind: 'team', id: 't1', label: 'Sales', filter: { team_id: 't1' } });
    await drawn(el);
    const t1 = el.shadowRoot!.querySelector('[data-key="objective:T1"]');
    expect(t1).not.toBeNull();
    expect(t1!.classList.contains('match')).toBe(true);
    expect(el.shadowRoot!.querySelector('.summary')!.textContent).toContain('1 node matches the selection');
    // Its own selection does not filter itself.
    await el.selectNode('objective:C2');
    await drawn(el);
    expect(el.result!.focus).toEqual(['objective:T1']);
    host.remove();
  });

  it('across selections keeps open what the reader opened, not what the last answer opened: the same selection again asks nothing', async () => {
    const { coordinator, host, el } = await mountLinked();
    const shown = (key: string) => el.shadowRoot!.querySelector(`[data-key="${key}"]`) !== null;
    const other = document.createElement('div');
    const sales = { kind: 'team', id: 't1', label: 'Sales', filter: { team_id: 't1' } } as const;
    await coordinator.select(other, sales);
    await drawn(el);
    expect(shown('objective:T1')).toBe(true); // the answer opened the path to the team's objective
    await el.expand('objective:C2'); // the reader opens another branch
    await drawn(el);
    expect(shown('objective:N1')).toBe(true);
    await coordinator.select(other, null);
    await drawn(el);
    // The team's path was the answer's: closed again without the team; the reader's branch stays open.
    expect(shown('objective:T1')).toBe(false);
    expect(shown('objective:N1')).toBe(true);
    const asked = coordinator.stats.queries;
    for (let round = 0; round < 2; round++) {
      await coordinator.select(other, sales);
      await drawn(el);
      expect(shown('objective:T1')).toBe(true);
      expect(shown('objective:N1')).toBe(true);
      await coordinator.select(other, null);
      await drawn(el);
      expect(shown('objective:T1')).toBe(false);
    }
    expect(coordinator.stats.queries).toBe(asked);
    host.remove();
  });

  it('a selection whose path runs through a large "not aligned" group shows only its part of it, says so, and lists the rest on request', async () => {
    const { coordinator, host, el } = await mountLinked();
    const root = el.shadowRoot!;
    // Rows under the group's row (the outline's rows; the group is a root, so its row number stays put).
    const under = () => {
      const groupRow = Number(root.querySelector('[data-key="group:unaligned"]')!.getAttribute('data-row'));
      return el.visibleRows.filter((r) => r.parentRow === groupRow).length;
    };
    await coordinator.select(document.createElement('div'), { kind: 'team', id: 't2', label: 'Support', filter: { team_id: 't2' } });
    await drawn(el);
    const group = root.querySelector<HTMLElement>('[data-key="group:unaligned"]')!;
    expect(group.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector('[data-key="objective:US"]')).not.toBeNull();
    expect(root.querySelector('[data-key="objective:UX1"]')).toBeNull();
    expect(under()).toBe(1);
    expect(group.textContent).toContain('1 of 29 shown');
    expect(group.getAttribute('aria-label')).toContain('1 of 29 shown. Select the group to list all of them.');
    // Keyboard: Right on the open group brings the rest.
    el.reveal('group:unaligned');
    await drawn(el);
    await userEvent.keyboard('{ArrowRight}');
    await drawn(el);
    expect(under()).toBe(29);
    expect(root.querySelector('[data-key="group:unaligned"]')!.textContent).toContain('29 objectives');
    host.remove();
  });
});
