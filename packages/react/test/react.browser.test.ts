import { afterEach, expect, it } from 'vitest';
import { createElement, act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { PlumbData, PlumbDataTable, type PlumbLoadDetail } from '../src/index.js';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';

// React 19 wants this flag to run act() outside a test framework it knows.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.replaceChildren();
});

function mount(element: ReactElement): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root!.render(element));
  return host;
}

it('passes props to <plumb-data> and calls onLoad with the typed detail', async () => {
  const loads: PlumbLoadDetail[] = [];
  const host = mount(
    createElement(PlumbData, {
      id: 'org',
      assets: testAssets,
      tables: { people: [{ person_id: 'p1', name: 'Ada' }, { person_id: 'p2', name: 'Grace' }] },
      hideDiagnostics: true,
      onLoad: (e) => loads.push(e.detail),
    }),
  );
  const start = performance.now();
  while (loads.length === 0 && performance.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
  expect(loads[0]?.report.tables.people).toBe(2);
  const element = host.querySelector('plumb-data')!;
  expect(element.hasAttribute('hide-diagnostics')).toBe(true); // a boolean prop reflected as the attribute
  expect(element.source?.version).toBe(1);
});

it('renders <plumb-data-table> rows given as props', async () => {
  const host = mount(
    createElement(PlumbDataTable, {
      caption: 'Ratings',
      columns: [{ key: 'name', label: 'Name' }],
      rows: [{ name: 'Ada' }, { name: '<b>Grace</b>' }],
    }),
  );
  const table = host.querySelector('plumb-data-table')!;
  await table.updateComplete;
  const cells = [...table.shadowRoot!.querySelectorAll('tbody td')].map((td) => td.textContent?.trim());
  expect(cells).toEqual(['Ada', '<b>Grace</b>']);
});
