import { afterAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { queryRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/data-table/data-table.define.js';
import type { PlumbDataTable } from '../src/data-table/data-table.js';

describe('<plumb-data-table> rendering rows from DuckDB-WASM', () => {
  const db = new WasmConnector({ assets: testAssets });
  afterAll(() => db.close());

  it('renders the query result as a table, with markup in data shown as text', async () => {
    const csv = 'name,rating\n"<img src=x onerror=alert(1)>",4\nGrace,5\n';
    await db.registerFile('r.csv', new TextEncoder().encode(csv));
    const rows = await queryRows(db, "SELECT name, rating FROM read_csv('r.csv', header = true) ORDER BY rating DESC");
    const el = document.createElement('plumb-data-table') as PlumbDataTable;
    el.caption = 'Ratings';
    el.columns = [
      { key: 'name', label: 'Name' },
      { key: 'rating', label: 'Rating', numeric: true },
    ];
    el.rows = rows;
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('caption')?.textContent).toBe('Ratings');
    const cells = [...root.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(cells).toEqual([
      ['Grace', '5'],
      ['<img src=x onerror=alert(1)>', '4'],
    ]);
    expect(root.querySelector('img')).toBeNull();
    el.remove();
  });

  it('says so when there are no rows', async () => {
    const el = document.createElement('plumb-data-table') as PlumbDataTable;
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=state]')?.textContent?.trim()).toBe('No rows to show.');
    el.remove();
  });
});
