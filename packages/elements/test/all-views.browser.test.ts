// Every view together under one <plumb-data>, on the 600-person sample: the checks of issues 9 and 13
// that no single view can make — anonymize leaves no real name, e-mail or id anywhere (text,
// attributes, event details, CSV and SVG exports), every view fires plumb-rendered, one selection
// repaints the others with that team's figures, and twenty views share one worker and run no query twice.
// The plain page (no attributes) is loaded once and shared by the checks that only read it.
import { afterEach, describe, expect, it } from 'vitest';
import { generateSample, loadSample, sampleRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbView } from '../src/view/plumb-view.js';
import { shadowContent, until } from './browser-helpers.js';

const PEOPLE = 600;
const SEED = 7;
const VIEW_TAGS = ['plumb-cascade-tree', 'plumb-confidence-burndown', 'plumb-rating-distribution', 'plumb-nine-box', 'plumb-person-review'].filter(
  (tag) => customElements.get(tag),
);

const sample = generateSample({ people: PEOPLE, seed: SEED }).tables;
const people = sampleRows(sample.people) as { person_id: string; name: string; email: string | null; team_id: string | null }[];

// Every view's first result fires plumb-rendered: recorded from the start, whichever test opens the shared page.
const rendered = new Set<string>();
document.addEventListener('plumb-rendered', (e) => rendered.add((e.target as Element).localName));

/** What must never appear with anonymize on: every person's id (as a whole word), full name and e-mail. */
function leaks(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\bp\d{4,}\b/g)) found.add(m[0]);
  for (const p of people) {
    if (p.name && text.includes(p.name)) found.add(p.name);
    if (p.email && text.includes(p.email)) found.add(p.email);
  }
  return [...found];
}

async function page(attributes: Record<string, string>, tags: string[] = VIEW_TAGS): Promise<{ data: PlumbData; views: PlumbView<object, unknown>[] }> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = testAssets;
  data.hideDiagnostics = true;
  for (const [k, v] of Object.entries(attributes)) data.setAttribute(k, v);
  data.prepare = (connector) => loadSample(connector, { people: PEOPLE, seed: SEED });
  for (const tag of tags) {
    const el = document.createElement(tag);
    el.classList.add('view');
    data.append(el);
  }
  document.body.append(data);
  const views = [...data.querySelectorAll<PlumbView<object, unknown>>('.view')];
  await until(() => views.every((v) => v.status === 'ready' || v.status === 'error'), 'every view to draw');
  await Promise.all(views.map((v) => v.settled()));
  return { data, views };
}

let shared: Promise<{ data: PlumbData; views: PlumbView<object, unknown>[] }> | undefined;

/** The plain page (no attributes), loaded once; tests that read it leave it as they found it. */
function plainPage(): Promise<{ data: PlumbData; views: PlumbView<object, unknown>[] }> {
  return (shared ??= page({}));
}

afterEach(async () => {
  const keep = shared ? (await shared).data : null;
  for (const child of [...document.body.children]) if (child !== keep) child.remove();
});

/** A drawn integer as a person reads it ("1,234" in English). */
const drawnInteger = (text: string | null | undefined) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('all views under one <plumb-data> (600-person sample)', () => {
  it('has every view on the contract, and each fires plumb-rendered for its first result', async () => {
    const { views } = await plainPage();
    expect(views.map((v) => v.localName)).toEqual(VIEW_TAGS);
    for (const v of views) expect(v.status, `${v.localName}: ${v.error?.message}`).toBe('ready');
    expect([...rendered].sort()).toEqual([...VIEW_TAGS].sort());
  });

  it('with anonymize on <plumb-data>, no real name, e-mail or id reaches any view, attribute, event or export', async () => {
    const events: string[] = [];
    const record = (e: Event) => events.push(`${e.type} ${JSON.stringify((e as CustomEvent).detail ?? null)}`);
    for (const type of ['plumb-select', 'plumb-alert', 'plumb-rendered', 'plumb-selection-change', 'plumb-load']) document.addEventListener(type, record);
    const { data, views } = await page({ anonymize: '' });
    // Drive every view: press Enter on (and click) the first few focusable items of each.
    for (const view of views) {
      const items = [...(view.shadowRoot?.querySelectorAll<HTMLElement | SVGElement>('[tabindex="0"], [role="treeitem"], [role="gridcell"]') ?? [])].slice(0, 3);
      for (const item of items) {
        item.focus();
        item.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        item.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        await Promise.all(views.map((v) => v.settled()));
      }
    }
    await Promise.all(views.map((v) => v.settled()));
    expect(events.some((e) => e.startsWith('plumb-select'))).toBe(true);
    const exports: string[] = [];
    for (const view of views) {
      try {
        exports.push(await (await view.exportCSV({ download: false })).text());
      } catch (error) {
        exports.push(`csv failed: ${(error as Error).message}`);
      }
      if (view.chartNode()) exports.push(await (await view.exportSVG({ download: false })).text());
    }
    const found = {
      dom: views.flatMap((v) => leaks(shadowContent(v)).map((l) => `${v.localName}: ${l}`)),
      light: leaks(shadowContent(data)),
      events: leaks(events.join('\n')),
      exports: leaks(exports.join('\n')),
    };
    expect(found).toEqual({ dom: [], light: [], events: [], exports: [] });
    // The check can fail: the same page without anonymize shows real names.
    const plain = await plainPage();
    expect(plain.views.flatMap((v) => leaks(shadowContent(v))).length).toBeGreaterThan(0);
  });

  it('pseudonyms are the same person in every view', async () => {
    const { views } = await page({ anonymize: '', 'pseudonym-salt': 'fixed' });
    const codes = views.map((v) => new Set([...shadowContent(v).matchAll(/\b(?:Person|Manager|Owner) ([A-Z2-9]{4}(?:-\d+)?)\b/g)].map((m) => m[1])));
    const withCodes = codes.filter((c) => c.size > 0);
    expect(withCodes.length).toBeGreaterThanOrEqual(2);
    // A manager rated in calibration also owns key results: some code appears in two views.
    const all = withCodes.flatMap((c) => [...c]);
    expect(new Set(all).size).toBeLessThan(all.length);
  });

  it('twenty views share one worker and run no query twice for the same inputs', async () => {
    const created: Worker[] = [];
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        created.push(this);
      }
    } as typeof Worker;
    try {
      const tags = Array.from({ length: 20 }, (_, i) => VIEW_TAGS[i % VIEW_TAGS.length]!);
      const { data } = await page({}, tags);
      expect(created).toHaveLength(1);
      const distinct = VIEW_TAGS.length; // same attributes → same query per tag
      // A prefetch (the pointer left by an earlier test resting on a row or a menu) is not a view's query: counted apart.
      const { queries, prefetched } = data.coordinator.stats;
      expect(queries - prefetched).toBe(distinct);
      expect(data.coordinator.stats.hits).toBe(20 - distinct);
    } finally {
      window.Worker = NativeWorker;
    }
  });

  it('a team selected in one view repaints the others with that team\'s figures, counted here from the sample, and select() settles after they drew', async () => {
    const { data, views } = await plainPage();
    const view = (tag: string) => views.find((v) => v.localName === tag)!;
    const root = (tag: string) => view(tag).shadowRoot!;
    // What the calibration views draw: the distribution's organisation count and the nine-box's box counts.
    const drawn = () => ({
      distribution: drawnInteger([...root('plumb-rating-distribution').querySelectorAll('g.org text')].at(-1)?.textContent),
      nineBox: [...root('plumb-nine-box').querySelectorAll('.box .count')].reduce((sum, c) => sum + drawnInteger(c.textContent), 0),
    });
    // The same figures counted in plain JS from the generated tables: manager ratings of the latest
    // review cycle, overall (the distribution) and overall with potential (the nine-box), of the people
    // in the team or any team under it.
    const teams = sampleRows(sample.teams) as { team_id: string; parent_team_id: string | null }[];
    const ratings = sampleRows(sample.ratings) as { cycle_id: string; employee_id: string; stage: string; dimension: string }[];
    const cycle = [...new Set(ratings.map((r) => r.cycle_id))].sort().at(-1);
    const expected = (team: string | null) => {
      const under = new Set(team === null ? teams.map((t) => t.team_id) : [team]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const t of teams) if (t.parent_team_id && under.has(t.parent_team_id) && !under.has(t.team_id)) (under.add(t.team_id), (grew = true));
      }
      const members = new Set(people.filter((p) => team === null || (p.team_id !== null && under.has(p.team_id))).map((p) => p.person_id));
      const rated = (dimension: string) =>
        new Set(ratings.filter((r) => r.cycle_id === cycle && r.stage === 'manager' && r.dimension === dimension && members.has(r.employee_id)).map((r) => r.employee_id));
      const overall = rated('overall');
      const potential = rated('potential');
      return { distribution: overall.size, nineBox: [...overall].filter((id) => potential.has(id)).length };
    };
    const team = 't002';
    const everyone = expected(null);
    const forTeam = expected(team);
    // The check can fail: the team is a strict part of the organisation.
    expect(forTeam.distribution).toBeGreaterThanOrEqual(5);
    expect(forTeam.distribution).toBeLessThan(everyone.distribution);
    expect(drawn()).toEqual(everyone);
    const before = new Map(views.map((v) => [v.localName, shadowContent(v)]));

    await data.select({ kind: 'team', id: team, filter: { team_id: team } });
    // Drawn when select() settles, with no further wait.
    expect(drawn()).toEqual(forTeam);
    const repainted = views.filter((v) => shadowContent(v) !== before.get(v.localName)).map((v) => v.localName);
    expect(repainted).toEqual(expect.arrayContaining(['plumb-rating-distribution', 'plumb-nine-box', 'plumb-cascade-tree', 'plumb-confidence-burndown']));

    await data.select(null);
    expect(drawn()).toEqual(everyone);
  });
});
