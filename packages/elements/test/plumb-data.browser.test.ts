import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { html, type PropertyValues } from 'lit';
import { defineQuery, queryRows, type OrgFilter } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail, PlumbErrorDetail, PlumbSelectionChangeDetail } from '../src/plumb-data/plumb-data.js';
import { PlumbView } from '../src/view/plumb-view.js';
import { until } from './browser-helpers.js';

/** People of the filtered team (or all). SQL lives here only because this is a test query. */
const countTeam = defineQuery('test-count-team', async (connector, o: { team_id?: string }) => {
  const team = o.team_id ?? null;
  const [row] = await queryRows<{ n: number }>(connector, 'SELECT count(*) AS n FROM people WHERE ? IS NULL OR team_id = ?', [team, team]);
  return row?.n ?? 0;
});

/** A minimal linked view on the view contract: counts the people of the linked team, selects team t1 when clicked. */
class TestTeamView extends PlumbView<{ team_id?: string }, number> {
  protected readonly query = countTeam;
  protected readonly what = 'the count';
  protected options(filter: OrgFilter) {
    return filter.team_id ? { team_id: filter.team_id } : {};
  }
  protected renderResult(n: number) {
    return html`<button @click=${() => this.select({ kind: 'team', id: 't1', filter: { team_id: 't1' } })}>${n}</button>`;
  }
  override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.status === 'ready' && this.result !== undefined) this.dataset.count = String(this.result);
  }
}
customElements.define('test-team-view', TestTeamView);

const people = [
  ...Array.from({ length: 6 }, (_, i) => ({ person_id: `a${i}`, name: `A ${i}`, team_id: 't1' })),
  ...Array.from({ length: 4 }, (_, i) => ({ person_id: `b${i}`, name: `B ${i}`, team_id: 't2' })),
];

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as CustomEvent<T>), { once: true }));
}

function makeData(id = 'org'): PlumbData {
  const data = document.createElement('plumb-data');
  data.id = id;
  data.assets = testAssets;
  return data;
}

const counts = (views: Element[]) => views.map((v) => (v as HTMLElement).dataset.count ?? null);

afterEach(() => {
  document.body.replaceChildren();
});

describe('<plumb-data>', () => {
  it('loads rows, reports the tables in plumb-load and the panel, and feeds the elements inside', async () => {
    const data = makeData();
    data.innerHTML = '<test-team-view></test-team-view>';
    data.tables = { people };
    const loaded = nextEvent<PlumbLoadDetail>(data, 'plumb-load');
    document.body.append(data);
    const { detail } = await loaded;
    expect(detail.report.tables.people).toBe(10);
    expect(detail.version).toBe(1);
    const view = data.querySelector('test-team-view')!;
    await until(() => counts([view])[0] === '10', 'the view to count 10 people');
    await data.updateComplete;
    expect(data.shadowRoot!.querySelector('[part=status]')?.textContent).toContain('Loaded 10 people');
  });

  it('links one selection across elements inside, outside (by id) and opted out', async () => {
    // The outside view connects BEFORE its <plumb-data> exists: it must still find it by id.
    const outside = document.createElement('test-team-view');
    outside.setAttribute('source', 'org');
    document.body.append(outside);

    const data = makeData();
    data.innerHTML =
      '<test-team-view id="a"></test-team-view><test-team-view id="b"></test-team-view><test-team-view id="c" unlinked></test-team-view>';
    data.tables = { people };
    document.body.append(data);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id)!);
    const views = [a!, b!, c!, outside];
    await until(() => counts(views).every((n) => n === '10'), 'every view to show all 10 people');

    const changes: PlumbSelectionChangeDetail[] = [];
    data.addEventListener('plumb-selection-change', (e) => changes.push(e.detail));
    a!.shadowRoot!.querySelector('button')!.click(); // select team t1 in view a
    // a made the selection (highlights, does not filter); b and the outside view filter; c opted out.
    await until(() => counts(views).join() === '10,6,10,6', 'b and the outside view to count team t1 only');
    expect(data.clauses).toMatchObject([{ kind: 'team', id: 't1', filter: { team_id: 't1' } }]);

    await data.select(null); // settles when every affected view has drawn
    expect(counts(views)).toEqual(['10', '10', '10', '10']);
    expect(changes.map((c) => c.clauses.length)).toEqual([1, 0]);
  });

  it('when the inputs change twice quickly, only the last load is shown and reported', async () => {
    const data = makeData();
    data.innerHTML = '<test-team-view></test-team-view>';
    const loads: PlumbLoadDetail[] = [];
    data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail));
    data.tables = { people: people.slice(0, 3) };
    document.body.append(data);
    await data.updateComplete; // first load has started
    data.tables = { people: people.slice(0, 7) };
    await data.updateComplete; // superseded by the second…
    data.tables = { people: people.slice(0, 2) }; // …and the second by the third
    const view = data.querySelector('test-team-view')!;
    await until(() => loads.length > 0 && counts([view])[0] !== undefined && counts([view])[0] !== null, 'a load');
    await new Promise((r) => setTimeout(r, 300)); // any stale load would land by now
    expect(loads.map((l) => l.report.tables.people)).toEqual([2]);
    expect(counts([view])).toEqual(['2']);
    expect(data.version).toBe(1);
  });

  it('reports a bad src in plumb-error and a readable panel, with no data provided', async () => {
    const data = makeData();
    data.src = 'okrs.csv:not_a_table';
    const failed = nextEvent<PlumbErrorDetail>(data, 'plumb-error');
    document.body.append(data);
    const { detail } = await failed;
    expect(detail.diagnostics[0]).toMatchObject({ severity: 'error', code: 'unknown-table', file: 'okrs.csv' });
    await data.updateComplete;
    const panel = data.shadowRoot!.querySelector('[part=diagnostics]')!;
    expect(panel.querySelector('[part=status]')?.getAttribute('role')).toBe('alert');
    expect(panel.querySelector('[part=status]')?.textContent).toContain('Unknown table "not_a_table"');
    // No data is provided; the views inside are told the load failed, with its message.
    expect(data.source).toMatchObject({ connector: null, status: 'error' });
    expect(data.source!.error).toContain('Unknown table "not_a_table"');
  });

  describe('added and removed 100 times', () => {
    const live = new Set<Worker>();
    let created = 0;
    let NativeWorker: typeof Worker;
    beforeAll(() => {
      NativeWorker = window.Worker;
      // Count real workers (DuckDB's) as they are made and ended; the worker itself is untouched.
      window.Worker = class CountedWorker extends NativeWorker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          created++;
          live.add(this);
        }
        override terminate(): void {
          live.delete(this);
          super.terminate();
        }
      };
      return () => {
        window.Worker = NativeWorker;
      };
    });

    it('leaves no worker and no document listener behind, and still works after', async () => {
      const added: string[] = [];
      const removed: string[] = [];
      const root = document.documentElement;
      const add = root.addEventListener.bind(root);
      const remove = root.removeEventListener.bind(root);
      root.addEventListener = ((type: string, ...rest: [never, never]) => (added.push(type), add(type, ...rest))) as typeof add;
      root.removeEventListener = ((type: string, ...rest: [never, never]) => (removed.push(type), remove(type, ...rest))) as typeof remove;
      try {
        for (let i = 0; i < 100; i++) {
          const data = makeData();
          data.tables = { people };
          data.innerHTML = '<test-team-view></test-team-view>';
          document.body.append(data);
          await data.updateComplete; // its load (and DuckDB start-up) has begun
          // every tenth one is left long enough to make its worker
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 30));
          data.remove();
        }
      } finally {
        root.addEventListener = add;
        root.removeEventListener = remove;
      }
      await until(() => live.size === 0, 'every DuckDB worker to be terminated', 10_000);
      expect(created).toBeGreaterThan(0);
      expect(added.length - removed.length).toBe(0);

      const data = makeData();
      data.tables = { people };
      data.innerHTML = '<test-team-view></test-team-view>';
      document.body.append(data);
      await until(() => counts([data.querySelector('test-team-view')!])[0] === '10', 'a fresh one to work');
      expect(live.size).toBe(1);
      data.remove();
      await until(() => live.size === 0, 'its worker to end on removal', 10_000);
    });
  });
});
