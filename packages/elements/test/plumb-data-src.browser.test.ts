import { afterEach, expect, it } from 'vitest';
import { queryRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

// Real files served by the test server, loaded by core's loadSources through <plumb-data src>.
const url = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;

afterEach(() => document.body.replaceChildren());

function track(data: PlumbData): PlumbLoadDetail[] {
  const loads: PlumbLoadDetail[] = [];
  data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail));
  return loads;
}

async function names(data: PlumbData): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(data.source!.connector!, 'SELECT name FROM people ORDER BY name');
  return rows.map((r) => r.name);
}

it('src changed twice quickly: only the last files are loaded, reported and shown', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  const loads = track(data);
  data.src = `${url('people-a.csv')}:people`;
  document.body.append(data);
  await data.updateComplete;
  data.src = `${url('people-b.csv')}:people`;
  await data.updateComplete;
  data.src = `${url('people-c.csv')}:people ${url('teams.csv')}`;
  await until(() => loads.length > 0, 'a load');
  await new Promise((r) => setTimeout(r, 500)); // a stale load would report by now
  expect(loads).toHaveLength(1);
  expect(loads[0]!.report.tables).toMatchObject({ people: 3, teams: 2 });
  expect(loads[0]!.report.files.map((f) => f.file)).toEqual(['people-c.csv', 'teams.csv']);
  expect(await names(data)).toEqual(['Claude', 'Cleve', 'Corrado']);
  await data.updateComplete;
  expect(data.shadowRoot!.querySelector('[part=status]')!.textContent).toContain('Loaded 3 people, 2 teams from 2 files');
});

it('reads child <plumb-source> elements and File objects, and reloads when a source is added', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  const loads = track(data);
  data.innerHTML = `<plumb-source src="${url('people-a.csv')}" table="people"></plumb-source>`;
  data.files = [new File(['team_id,name\nt1,Engineering\n'], 'teams-export.csv', { type: 'text/csv' })];
  document.body.append(data);
  await until(() => loads.length === 1, 'the first load');
  expect(loads[0]!.report.tables).toMatchObject({ people: 2, teams: 1 });

  const more = document.createElement('plumb-source');
  more.setAttribute('src', url('people-b.csv'));
  more.setAttribute('table', 'people');
  data.append(more);
  await until(() => loads.length === 2, 'a reload for the added source');
  expect(loads[1]!.report.tables.people).toBe(6);
  expect(loads[1]!.version).toBe(2);
});

it('a file that cannot be fetched is a plumb-error naming it, not a silent empty view', async () => {
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  data.src = new URL('no-such-file.csv', url('teams.csv')).href; // (vite resolves url() only for files that exist)
  const failed = new Promise<CustomEvent>((resolve) => data.addEventListener('plumb-error', (e) => resolve(e as CustomEvent)));
  document.body.append(data);
  const { detail } = await failed;
  expect(JSON.stringify(detail)).toContain('no-such-file.csv');
  await data.updateComplete;
  expect(data.shadowRoot!.querySelector('[part=status]')!.textContent).toContain('Nothing was loaded from 1 file. 1 error, listed below.');
  const table = data.shadowRoot!.querySelector('plumb-data-table')!;
  await table.updateComplete;
  const cells = [...table.shadowRoot!.querySelectorAll('tbody td')].map((td) => td.textContent!.trim());
  expect(cells.slice(0, 2)).toEqual(['✖ error', 'no-such-file.csv']);
});

it('draws the rating distribution from dropped calibration files while the OKR files still load, keeps that drawing at the end, then draws the burn-down', async () => {
  const { CANONICAL_TABLES, generateSample, loadSources, sampleTableToText } = await import('@plumb/core');
  await import('../src/rating-distribution/rating-distribution.define.js');
  await import('../src/confidence-burndown/confidence-burndown.define.js');
  const sample = generateSample({ people: 120, seed: 3 });
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  data.hideDiagnostics = true;
  // Dropped files, no table declared: core tells each file's table from its head and loads in two steps.
  data.files = CANONICAL_TABLES.map((table) => new File([[...sampleTableToText(sample.tables[table], 'csv')].join('')], `${table}.csv`, { type: 'text/csv' }));
  const distribution = document.createElement('plumb-rating-distribution');
  const burndown = document.createElement('plumb-confidence-burndown');
  const events: string[] = [];
  const drawings: string[] = [];
  let burndownWhenDistributionDrew = '';
  // Each page's pseudonym salt is its own (random): the rest of a drawing's answer is compared.
  const json = (value: unknown) => JSON.stringify(value, (key, v: unknown) => (key === 'salt' ? undefined : v));
  const cached: boolean[] = [];
  distribution.addEventListener('plumb-rendered', (e) => {
    events.push('distribution drawn');
    drawings.push(json(distribution.result));
    cached.push((e as CustomEvent<{ cached: boolean }>).detail.cached);
    burndownWhenDistributionDrew ||= burndown.status;
  });
  burndown.addEventListener('plumb-rendered', () => events.push('burn-down drawn'));
  data.addEventListener('plumb-load', () => events.push('loaded'));
  const firstDrawn = new Promise((resolve) => distribution.addEventListener('plumb-rendered', resolve, { once: true }));
  // The OKR files wait until the distribution has drawn (at this size their load could otherwise end first, and the
  // order would be the machine's).
  data.loader = (connector, sources, options) =>
    // 120 people's files are small enough for one pass (LoadOptions.firstTablesMinBytes): two steps all the same.
    loadSources(connector, sources, { ...options, firstTablesMinBytes: 0, onTablesReady: async (tables) => { await options.onTablesReady?.(tables); await firstDrawn; } });
  data.append(distribution, burndown);
  document.body.append(data);
  await until(() => events.includes('burn-down drawn'), 'both views drawn');
  // Drawn before the load ends; at its end the distribution's tables had the same rows, so it keeps its drawing (its
  // answer stays in the coordinator's cache: nothing asked again, nothing drawn again); the burn-down after.
  expect(events).toEqual(['distribution drawn', 'loaded', 'burn-down drawn']);
  expect(burndownWhenDistributionDrew).toBe('loading');
  expect(cached).toEqual([false]);
  expect(distribution.status).toBe('ready');
  expect(json(distribution.result)).toBe(drawings[0]);
});

it('withdraws an early drawing and draws again from one pass when a file turns out to feed the calibration tables after all', async () => {
  const { CANONICAL_TABLES, generateSample, loadSources, sampleTableToText } = await import('@plumb/core');
  await import('../src/rating-distribution/rating-distribution.define.js');
  const sample = generateSample({ people: 120, seed: 3 });
  const texts: Record<string, string> = Object.fromEntries(CANONICAL_TABLES.map((t) => [`${t}.csv`, [...sampleTableToText(sample.tables[t], 'csv')].join('')]));
  // A file that changed between its head and its reading: objectives when the head was read, people after.
  let moreReads = 0;
  const more = () => (moreReads++ === 0 ? 'objective_id,title,cycle_id\no-x,Grow,2026-Q1\n' : 'person_id,name,department\np-extra,Extra Person,Sales\n');
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  data.hideDiagnostics = true;
  // Served by the loader's fetch (LoadOptions.fetch): no request leaves the page.
  const serve = (async (input: RequestInfo | URL) => {
    const file = new URL(String(input)).pathname.slice(1);
    return new Response(file === 'more.csv' ? more() : texts[file]!);
  }) as typeof fetch;
  data.src = [...Object.keys(texts), 'more.csv'].map((f) => `https://hr.example/${f}`).join(' ');
  const distribution = document.createElement('plumb-rating-distribution');
  const events: string[] = [];
  distribution.addEventListener('plumb-rendered', () => events.push('distribution drawn'));
  data.addEventListener('plumb-load', () => events.push('loaded'));
  data.addEventListener('plumb-error', () => events.push('error'));
  const firstDrawn = new Promise((resolve) => distribution.addEventListener('plumb-rendered', resolve, { once: true }));
  let afterWithdrawal = '';
  data.loader = (connector, sources, options) =>
    loadSources(connector, sources, {
      ...options,
      fetch: serve,
      firstTablesMinBytes: 0,
      onTablesReady: async (tables) => {
        await options.onTablesReady?.(tables);
        if (tables.length) await firstDrawn;
        else {
          await distribution.updateComplete;
          afterWithdrawal = distribution.status;
        }
      },
    });
  data.append(distribution);
  document.body.append(data);
  await until(() => events.includes('loaded') && events.filter((e) => e === 'distribution drawn').length === 2, 'drawn again after the load');
  // Drawn early, withdrawn (loading again) when more.csv fed people, drawn again at the end: never an error.
  expect(events).toEqual(['distribution drawn', 'loaded', 'distribution drawn']);
  expect(afterWithdrawal).toBe('loading');
  expect(data.report!.tables.people).toBe(texts['people.csv']!.trim().split('\n').length);
  expect(data.report!.files.find((f) => f.file === 'more.csv')!.table).toBe('people');
});
