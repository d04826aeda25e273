import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { parkPointer } from './browser-helpers.js';
import { LitElement, html } from 'lit';
import { ContextProvider } from '@lit/context';
import { WasmConnector } from '@plumb/core/wasm';
import { insertRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadHandMadeCascade } from '../../core/test/cascade/fixture.js';
import { plumbDataContext, type PlumbDataSource } from '../src/data/context.js';
import { PlumbCoordinator } from '../src/data/coordinator.js';
import '../src/cascade-tree/cascade-tree.define.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbCascadeTree } from '../src/cascade-tree/cascade-tree.js';

/** A stand-in for <plumb-data>: provides a source through the same lit context. */
class TestDataProvider extends LitElement {
  provider = new ContextProvider(this, { context: plumbDataContext });
  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('test-cascade-data-provider', TestDataProvider);

describe('<plumb-cascade-tree> under a data source (lit context)', () => {
  const db = new WasmConnector({ assets: testAssets });
  beforeAll(() => loadHandMadeCascade(db));
  afterAll(() => db.close());

  it('queries through the shared coordinator, puts selections in its clauses, and re-queries when the version moves', async () => {
    const coordinator = new PlumbCoordinator();
    const source: PlumbDataSource = {
      coordinator,
      connector: null,
      status: 'loading',
      version: 0,
    };
    const host = document.createElement('test-cascade-data-provider') as TestDataProvider;
    host.provider.setValue(source);
    const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
    el.cycle = 'Q1';
    el.depth = 1;
    el.style.height = '400px';
    host.append(el);
    document.body.append(host);
    await el.updateComplete;
    // Waits for the data before querying.
    expect(el.shadowRoot!.querySelector('[data-state=loading]')).not.toBeNull();
    coordinator.setData(db, 1);
    host.provider.setValue({ ...source, connector: db, status: 'ready', version: 1 });
    for (let i = 0; i < 100 && !el.result; i++) await new Promise((r) => setTimeout(r, 50));
    await el.settled();
    expect(el.result!.objectives).toBe(9);

    await el.selectNode('objective:T1'); // not held at depth 1: the path to it is fetched
    await el.settled();
    expect(coordinator.clauses.map(({ source: s, ...c }) => ({ ...c, self: s === el }))).toEqual([
      { kind: 'objective', id: 'T1', label: 'T1', filter: { team_id: 't1' }, self: true },
    ]);

    await insertRows(db, 'objectives', [{ objective_id: 'C3', cycle_id: 'Q1', title: 'A third company objective', level: 'company' }]);
    const before = el.result;
    coordinator.setData(db, 2);
    host.provider.setValue({ ...source, connector: db, status: 'ready', version: 2 });
    for (let i = 0; i < 100 && el.result === before; i++) await new Promise((r) => setTimeout(r, 50));
    await el.settled();
    expect(el.result!.objectives).toBe(10);
    expect(el.shadowRoot!.querySelector('[data-key="objective:C3"]')).not.toBeNull();
    host.remove();
  });

  it('works inside the real <plumb-data>: loads through it and shares the selection', async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    data.hideDiagnostics = true;
    data.prepare = (connector) => loadHandMadeCascade(connector);
    const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
    el.setAttribute('cycle', 'Q1');
    el.setAttribute('rollup', 'krs');
    el.style.height = '400px';
    data.append(el);
    document.body.append(data);
    for (let i = 0; i < 400 && !el.result; i++) await new Promise((r) => setTimeout(r, 50));
    await el.settled();
    expect(el.result?.objectives).toBe(9);
    await el.selectNode('key_result:K1b');
    expect(data.clauses).toMatchObject([{ kind: 'key_result', id: 'K1b' }]);
    data.remove();
  });

  it('prefetches the other views\' answers for the row the pointer rests on, so a click repaints them from the cache', async () => {
    const coordinator = new PlumbCoordinator();
    coordinator.setData(db, 1);
    const host = document.createElement('test-cascade-data-provider') as TestDataProvider;
    host.provider.setValue({ coordinator, connector: db, status: 'ready', version: 1 });
    const tree = (depth: number) => {
      const el = document.createElement('plumb-cascade-tree') as PlumbCascadeTree;
      el.cycle = 'Q1';
      el.depth = depth;
      el.style.height = '300px';
      host.append(el);
      return el;
    };
    const [picker, other] = [tree(2), tree(1)];
    document.body.append(host);
    for (let i = 0; i < 100 && !(picker.result && other.result); i++) await new Promise((r) => setTimeout(r, 50));
    await Promise.all([picker.settled(), other.settled()]);
    const row = picker.shadowRoot!.querySelector<HTMLElement>('[data-key="objective:T1"]')!;
    // The pointer, where an earlier test left it, rests on nothing here; anything it did rest on is prefetched by now.
    await parkPointer();
    await new Promise((r) => setTimeout(r, 250));
    await coordinator.prefetchSettled();
    const { queries, prefetched } = coordinator.stats;
    // Resting on the row (longer than a pass over it) prefetches the other tree's answer for team t1.
    await userEvent.hover(row);
    await new Promise((r) => setTimeout(r, 250));
    await coordinator.prefetchSettled();
    expect(coordinator.stats.prefetched - prefetched).toBe(1);
    expect(coordinator.stats.queries - queries).toBe(1);
    const drawn = new Promise<{ cached: boolean }>((resolve) =>
      other.addEventListener('plumb-rendered', (e) => resolve((e as CustomEvent<{ cached: boolean }>).detail), { once: true }),
    );
    await userEvent.click(row);
    expect((await drawn).cached).toBe(true);
    await Promise.all([picker.settled(), other.settled()]);
    expect(other.result!.focus).toContain('objective:T1');
    host.remove();
  });
});
