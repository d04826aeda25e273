import { afterEach, describe, expect, it } from 'vitest';
import { html } from 'lit';
import { defineQuery, queryRows, type OrgFilter, type PrivacyOptions } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import { PlumbView } from '../src/view/plumb-view.js';
import type { PlumbSelectDetail } from '../src/events.js';
import { localizedElementCount } from '../src/i18n/localize.js';
import { until } from './browser-helpers.js';

/** What the test view asks: people per filter (SQL lives in a test query; views never write SQL). */
type CountOptions = { team_id?: string; department?: string; tag: string };
let runs = 0;
const countPeople = defineQuery('test-count-people', async (connector, o: CountOptions & PrivacyOptions) => {
  runs++;
  const [row] = await queryRows<{ n: number }>(
    connector,
    'SELECT count(*) AS n FROM people WHERE (? IS NULL OR team_id = ?) AND (? IS NULL OR department = ?)',
    [o.team_id ?? null, o.team_id ?? null, o.department ?? null, o.department ?? null],
  );
  return { n: row?.n ?? 0, anonymize: !!o.anonymize, salt: o.salt ?? '' };
});

/** A view on the contract, as small as one can be: counts people, selects a team or a department on click. */
class TestCountView extends PlumbView<CountOptions, { n: number; anonymize: boolean; salt: string }> {
  protected readonly query = countPeople;
  protected readonly what = 'the count';
  protected options(filter: OrgFilter): CountOptions {
    return { team_id: filter.team_id, department: filter.department, tag: this.getAttribute('tag') ?? 'x' };
  }
  protected renderResult(result: { n: number }) {
    return html`<output>${result.n}</output>
      <button id="team" @click=${() => this.select({ kind: 'team', id: 't1', filter: { team_id: 't1' } })}>t1</button>
      <button id="dept" @click=${() => this.select({ kind: 'department', id: 'Sales', filter: { department: 'Sales' } })}>Sales</button>
      <button id="clear" @click=${() => this.select(null)}>clear</button>`;
  }
  protected override rowsForExport(result: { n: number }) {
    return { columns: [{ key: 'n', label: 'People' }], rows: [{ n: result.n }] };
  }
  pick(id: 'team' | 'dept' | 'clear'): Promise<void> {
    return id === 'clear'
      ? this.select(null)
      : id === 'team'
        ? this.select({ kind: 'team', id: 't1', filter: { team_id: 't1' } })
        : this.select({ kind: 'department', id: 'Sales', filter: { department: 'Sales' } });
  }
}
customElements.define('test-count-view', TestCountView);

/** What the prepared views' queries and builds did, in order. */
const steps: string[] = [];

/** A view whose query has a pre-aggregate (built after each load, once per data version). */
let prepares = 0;
const preparedCount = defineQuery(
  'test-prepared-count',
  async (connector) => {
    steps.push('first view query');
    return (await queryRows<{ n: number }>(connector, 'SELECT n FROM test_people_count'))[0] ?? { n: -1 };
  },
  async (connector) => {
    prepares++;
    await connector.query('CREATE OR REPLACE TABLE test_people_count AS SELECT count(*)::INTEGER AS n FROM people');
  },
);
class TestPreparedView extends TestCountView {
  protected override readonly query = preparedCount as never;
}
customElements.define('test-prepared-view', TestPreparedView);

/** A view whose pre-aggregate build waits until the test lets it finish; its query fails without the table. */
let finishSlowBuild = () => {};
const slowCount = defineQuery(
  'test-slow-prepared-count',
  async (connector) => {
    steps.push('second view query');
    return (await queryRows<{ n: number }>(connector, 'SELECT n FROM test_slow_people_count'))[0] ?? { n: -1 };
  },
  async (connector) => {
    steps.push('second build');
    await new Promise<void>((resolve) => (finishSlowBuild = resolve));
    await connector.query('CREATE OR REPLACE TABLE test_slow_people_count AS SELECT count(*)::INTEGER AS n FROM people');
    steps.push('second built');
  },
);
class TestSlowPreparedView extends TestCountView {
  protected override readonly query = slowCount as never;
}
customElements.define('test-slow-prepared-view', TestSlowPreparedView);

/** Views whose builds say which table they read (`NamedQuery.reads`): the coordinator builds the one over fewer rows first. */
const readsTable = (table: 'people' | 'teams') =>
  defineQuery(
    `test-reads-${table}`,
    async (connector) => {
      steps.push(`${table} query`);
      return (await queryRows<{ n: number }>(connector, `SELECT count(*)::INTEGER AS n FROM ${table}`))[0] ?? { n: -1 };
    },
    async () => {
      steps.push(`${table} build`);
    },
    undefined,
    [table],
  );
const readsPeople = readsTable('people');
const readsTeams = readsTable('teams');
class TestPeopleView extends TestCountView {
  protected override readonly query = readsPeople as never;
}
customElements.define('test-people-view', TestPeopleView);
class TestTeamsView extends TestCountView {
  protected override readonly query = readsTeams as never;
}
customElements.define('test-teams-view', TestTeamsView);

const people = [
  ...Array.from({ length: 6 }, (_, i) => ({ person_id: `a${i}`, name: `A ${i}`, team_id: 't1', department: i < 4 ? 'Sales' : 'Eng' })),
  ...Array.from({ length: 4 }, (_, i) => ({ person_id: `b${i}`, name: `B ${i}`, team_id: 't2', department: 'Sales' })),
];

function shown(view: Element): string | null {
  return view.shadowRoot?.querySelector('output')?.textContent ?? null;
}

async function page(markup: string, attributes: Record<string, string> = {}): Promise<{ data: PlumbData; views: TestCountView[] }> {
  const data = document.createElement('plumb-data');
  data.id = 'org';
  data.assets = testAssets;
  for (const [k, v] of Object.entries(attributes)) data.setAttribute(k, v);
  data.innerHTML = markup;
  data.tables = { people };
  document.body.append(data);
  const views = [...document.querySelectorAll<TestCountView>('test-count-view')];
  await until(() => views.every((v) => shown(v) !== null), 'every view to draw');
  return { data, views };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the coordinator under <plumb-data>', () => {
  it('runs a query two views share once, and serves the second from its cache', async () => {
    runs = 0;
    const { data, views } = await page('<test-count-view></test-count-view><test-count-view></test-count-view>');
    expect(views.map(shown)).toEqual(['10', '10']);
    expect(runs).toBe(1);
    expect(data.coordinator.stats).toMatchObject({ queries: 1, hits: 1 });
  });

  it('filters the other views by a selection, never the view that made it, and settles select() after they repainted', async () => {
    const { data, views } = await page(
      '<test-count-view id="a"></test-count-view><test-count-view id="b"></test-count-view><test-count-view id="c" unlinked></test-count-view>',
    );
    const [a, b, c] = views as [TestCountView, TestCountView, TestCountView];
    const selects: (PlumbSelectDetail | null)[] = [];
    data.addEventListener('plumb-select', (e) => selects.push(e.detail));
    await a.pick('team');
    // No extra waiting: when select() settles, every affected view shows the new answer.
    expect([shown(a), shown(b), shown(c)]).toEqual(['10', '6', '10']);
    expect(selects).toEqual([{ kind: 'team', id: 't1', filter: { team_id: 't1' } }]);
    expect(data.clauses).toEqual([{ kind: 'team', id: 't1', filter: { team_id: 't1' }, source: 'test-count-view' }]);
    await a.pick('clear');
    expect([shown(a), shown(b), shown(c)]).toEqual(['10', '10', '10']);
  });

  it("builds the views' pre-aggregates once after each load, in the background; a view added later finds them", async () => {
    prepares = 0;
    const { data } = await page('<test-count-view></test-count-view>');
    // A view registered when the load completes: its query's pre-aggregate is built as soon as the data is there.
    data.append(document.createElement('test-prepared-view'));
    data.tables = { people: people.slice(0, 7) };
    await until(() => data.version === 2, 'the second load');
    const builds = await data.coordinator.preAggregates;
    expect(builds.map((b) => [b.query, b.error ?? 'ok'])).toEqual([['test-prepared-count', 'ok']]);
    expect(prepares).toBe(1);
    const later = document.createElement('test-prepared-view');
    data.append(later);
    await until(() => shown(later) !== null, 'the later view to draw');
    expect(shown(later)).toBe('7');
    expect(prepares).toBe(1);
  });

  it('builds the team tree once every view has drawn, so that the first team selection does not wait for it', async () => {
    const { data } = await page('<test-count-view></test-count-view><test-prepared-view></test-prepared-view>');
    await data.coordinator.preAggregates;
    const connector = data.coordinator.connector!;
    // Nobody has selected a team: the closure a team filter reads is there all the same, with t1's and t2's people's teams.
    let closure: { ancestor_id: string; team_id: string }[] = [];
    const started = performance.now();
    while (closure.length === 0 && performance.now() - started < 10_000) {
      const [made] = await queryRows<{ n: number }>(connector, "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'plumb_team_closure'");
      if (made?.n) closure = await queryRows(connector, 'SELECT ancestor_id, team_id FROM plumb_team_closure ORDER BY 1, 2');
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(closure).toEqual([{ ancestor_id: 't1', team_id: 't1' }, { ancestor_id: 't2', team_id: 't2' }]);
  });

  it("builds the views' pre-aggregates one after another in the views' order, each view's query after its own build: the first draws while the second builds", async () => {
    steps.length = 0;
    const data = document.createElement('plumb-data');
    data.assets = testAssets;
    data.innerHTML = '<test-prepared-view></test-prepared-view><test-slow-prepared-view></test-slow-prepared-view>';
    data.tables = { people };
    const [first, second] = [data.querySelector('test-prepared-view')!, data.querySelector<TestSlowPreparedView>('test-slow-prepared-view')!];
    first.addEventListener('plumb-rendered', () => steps.push('first drawn'), { once: true });
    document.body.append(data);
    await until(() => shown(first) !== null && steps.includes('second build'), 'the first view to draw and the second build to start');
    expect(shown(first)).toBe('10');
    // The second build started after the first view's query had run — and before that view drew, so the engine
    // works on it while the page draws; the second view's query has not run before its table exists (it would
    // fail), nor drawn.
    expect(steps).toEqual(['first view query', 'second build', 'first drawn']);
    expect([second.status, shown(second)]).not.toContain('error');
    expect(shown(second)).toBeNull();
    finishSlowBuild();
    await until(() => shown(second) !== null, 'the second view to draw');
    expect(shown(second)).toBe('10');
    expect(steps).toEqual(['first view query', 'second build', 'first drawn', 'second built', 'second view query']);
  });

  it('builds first the pre-aggregate that reads the fewest rows, whatever the order of the views in the page', async () => {
    steps.length = 0;
    const data = document.createElement('plumb-data');
    data.assets = testAssets;
    data.innerHTML = '<test-people-view></test-people-view><test-teams-view></test-teams-view>';
    data.tables = { people }; // 10 people, no team
    document.body.append(data);
    const views = [data.querySelector('test-people-view')!, data.querySelector('test-teams-view')!];
    await until(() => views.every((v) => shown(v) !== null), 'both views to draw');
    expect(views.map(shown)).toEqual(['10', '0']);
    expect(steps).toEqual(['teams build', 'teams query', 'people build', 'people query']);
  });

  it('builds first the pre-aggregates of views on screen, then those below the fold (each group cheapest first)', async () => {
    steps.length = 0;
    const data = document.createElement('plumb-data');
    data.assets = testAssets;
    // The cheap build's view is a window's height below the expensive one's: the reader sees the expensive one first.
    data.innerHTML = '<test-people-view></test-people-view><div class="fold"></div><test-teams-view></test-teams-view>';
    data.querySelector<HTMLElement>('.fold')!.style.height = `${window.innerHeight * 2}px`;
    data.tables = { people }; // 10 people, no team
    document.body.prepend(data); // at the top of the window, whatever earlier tests left below
    const views = [data.querySelector('test-people-view')!, data.querySelector('test-teams-view')!];
    await until(() => views.every((v) => shown(v) !== null), 'both views to draw');
    expect(views.map(shown)).toEqual(['10', '0']);
    expect(steps).toEqual(['people build', 'people query', 'teams build', 'teams query']);
    data.remove();
  });

  it('builds the pre-aggregates of new privacy settings at once (anonymized: its own build), and reuses those already made', async () => {
    prepares = 0;
    const { data } = await page('<test-count-view></test-count-view><test-prepared-view></test-prepared-view>');
    await data.coordinator.preAggregates;
    expect(prepares).toBe(1);
    data.anonymize = true;
    await until(() => data.coordinator.anonymize, 'the setting to reach the coordinator');
    const builds = await data.coordinator.preAggregates;
    expect(builds.map((b) => [b.query, b.error ?? 'ok'])).toEqual([['test-prepared-count', 'ok']]);
    expect(prepares).toBe(2);
    data.anonymize = false;
    await until(() => !data.coordinator.anonymize, 'the setting to reach the coordinator');
    await data.coordinator.preAggregates;
    expect(prepares).toBe(2);
  });

  it('intersects clauses from two views, and says when two clauses cannot both hold', async () => {
    const { data, views } = await page('<test-count-view id="a"></test-count-view><test-count-view id="b"></test-count-view><test-count-view id="c"></test-count-view>');
    const [a, b, c] = views as [TestCountView, TestCountView, TestCountView];
    await a.pick('team'); // team t1
    await b.pick('dept'); // department Sales
    expect(shown(c)).toBe('4'); // t1 ∩ Sales
    expect(shown(a)).toBe('8'); // a sees only b's clause: Sales
    expect(shown(b)).toBe('6'); // b sees only a's clause: t1
    await data.select({ kind: 'team', id: 't2', filter: { team_id: 't2' } }); // the page's own clause
    await c.settled();
    expect(c.shadowRoot!.textContent).toContain('Nothing matches the current selection');
    await data.select(null);
    expect(views.map(shown)).toEqual(['10', '10', '10']);
  });

  it('fires plumb-rendered for every drawn result, cached or not', async () => {
    const rendered: string[] = [];
    document.addEventListener('plumb-rendered', (e) => rendered.push(`${e.detail.query}:${e.detail.cached}`));
    const { views } = await page('<test-count-view></test-count-view><test-count-view></test-count-view>');
    await Promise.all(views.map((v) => v.settled()));
    expect(rendered.sort()).toEqual(['test-count-people:false', 'test-count-people:true']);
  });

  it('shares anonymize, min-group and a random salt with every view, and a set salt reproduces it', async () => {
    const first = await page('<test-count-view></test-count-view>', { anonymize: '' });
    const view = first.views[0]!;
    expect(view.isAnonymized).toBe(true);
    expect(view.result).toMatchObject({ anonymize: true });
    const salt1 = view.result!.salt;
    expect(salt1).toMatch(/^[0-9a-f]{16}$/);
    document.body.replaceChildren();
    const second = await page('<test-count-view></test-count-view>', { anonymize: '' });
    expect(second.views[0]!.result!.salt).not.toBe(salt1);
    document.body.replaceChildren();
    const fixed = await page('<test-count-view min-group="3"></test-count-view>', { 'pseudonym-salt': 'room-42', 'min-group': '7' });
    expect(fixed.views[0]!.result).toMatchObject({ salt: 'room-42', anonymize: false });
    expect(fixed.views[0]!.effectiveMinGroup).toBe(7); // a view cannot lower <plumb-data>'s minimum
  });

  it('finds a <plumb-data> by source="id" from anywhere on the page, connected before or after it', async () => {
    const outside = document.createElement('test-count-view');
    outside.setAttribute('source', 'org');
    const early = document.createElement('test-count-view') as TestCountView;
    early.source = 'org'; // the property, as React 19 and Vue 3 set it
    document.body.append(outside, early);
    const { views } = await page('<test-count-view></test-count-view>');
    await until(() => views.every((v) => shown(v) === '10'), 'the outside views to draw');
    expect(views).toHaveLength(3);
  });

  it('exports the rows it draws as CSV without any table being open', async () => {
    const { views } = await page('<test-count-view></test-count-view>');
    const text = await (await views[0]!.exportCSV({ download: false })).text();
    expect(text.replace('\uFEFF', '').trim().split(/\r?\n/)).toEqual(['People', '10']);
  });

  it('never draws a stale answer when selections change faster than queries answer (last one wins)', async () => {
    const { data, views } = await page('<test-count-view id="a"></test-count-view><test-count-view id="b"></test-count-view>');
    const [a, b] = views as [TestCountView, TestCountView];
    // Three changes without waiting; only the last may be drawn, and nothing stays loading.
    void a.pick('team');
    void a.pick('dept');
    const last = a.pick('clear');
    await last;
    await b.settled();
    expect(shown(b)).toBe('10');
    expect(b.status).toBe('ready');
    void data.select({ kind: 'team', id: 't2', filter: { team_id: 't2' } });
    await data.select({ kind: 'team', id: 't1', filter: { team_id: 't1' } });
    expect([shown(a), shown(b)]).toEqual(['6', '6']);
  });

  it('forgets views that leave: 100 removals and re-additions leave the coordinator and the localisation controller as they were', async () => {
    const { data, views } = await page('<test-count-view></test-count-view><test-count-view></test-count-view>');
    const baseline = localizedElementCount();
    expect(data.coordinator.viewCount).toBe(2);
    for (let i = 0; i < 100; i++) {
      const view = views[i % 2]!;
      view.remove();
      data.append(view);
    }
    await Promise.all(views.map((v) => v.settled()));
    expect(data.coordinator.viewCount).toBe(2);
    expect(localizedElementCount()).toBe(baseline);
    expect(views.map(shown)).toEqual(['10', '10']);
    views.forEach((v) => v.remove());
    await new Promise((r) => setTimeout(r, 0));
    expect(data.coordinator.viewCount).toBe(0);
    // A view that selected and left takes its clause with it.
    data.append(views[0]!, views[1]!);
    await Promise.all(views.map((v) => v.settled()));
    await views[0]!.pick('team');
    expect(shown(views[1]!)).toBe('6');
    views[0]!.remove();
    await views[1]!.settled();
    expect(data.clauses).toEqual([]);
    expect(shown(views[1]!)).toBe('10');
  });
});
