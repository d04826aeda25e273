import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { burndown, type BurndownAlert } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { AS_OF, loadQuarter } from '../../core/test/burndown/fixture.js';
import '../src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../src/confidence-burndown/confidence-burndown.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbSelectDetail } from '../src/events.js';

const db = new WasmConnector({ assets: testAssets });

/** Wait until the element has a result (or an error) and has rendered it. */
async function settled(el: PlumbConfidenceBurndown): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await el.updateComplete;
    if (el.status === 'ready' || el.status === 'error') {
      await el.updateComplete;
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('element never settled');
}

function make(attrs: Record<string, string>, parent: HTMLElement = document.body): PlumbConfidenceBurndown {
  const el = document.createElement('plumb-confidence-burndown');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '900px';
  el.connector = db;
  parent.append(el);
  return el;
}

describe('<plumb-confidence-burndown> in Chromium on DuckDB-WASM', () => {
  beforeAll(() => loadQuarter(db));
  afterAll(() => db.close());
  afterEach(() => document.body.replaceChildren());

  it('draws one line per key result of a team, the threshold, the rule week and today', async () => {
    const el = make({ 'as-of': AS_OF, by: 'key_result', 'team-id': 'T1' });
    const events: BurndownAlert[] = [];
    document.body.addEventListener('plumb-alert', (e) => events.push(e.detail));
    await settled(el);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('path.kr-line')).toHaveLength(3);
    // Week 6 (today) of Platform: A .4, B .45 (carried), F .9 (carried) → two below.
    expect(root.querySelector('[part=summary]')!.textContent).toContain('2 of 3 key results are below the midpoint in week 6');
    expect(root.querySelector('.threshold')).not.toBeNull();
    const rule = root.querySelector('.rule-week')!;
    const today = root.querySelector('.today')!;
    // The rule-week marker sits at week 4, today at week 6: 2 of the 12 week gaps apart.
    const step = (Number(today.getAttribute('x1')) - Number(rule.getAttribute('x1'))) / 2;
    expect(step).toBeGreaterThan(10);
    expect(root.querySelector('.marker-label')!.textContent).toBe('Rule W4');
    // Carried weeks are hollow circles (shape, not only colour).
    expect(root.querySelectorAll('circle.point.carried').length).toBeGreaterThan(0);
    // One plumb-alert event per alert, each naming key result, owner, rule, week and values.
    const expected = await burndown(db, { asOf: AS_OF, team_id: 'T1' });
    expect(events).toHaveLength(expected.alerts.length);
    expect(events.find((a) => a.rule === 'below-threshold' && a.key_result_id === 'B')).toMatchObject({
      owner_name: 'Ada', week: 4, values: { confidence: 0.45 },
    });
    expect(root.querySelectorAll('[part=alerts] li')).toHaveLength(expected.alerts.length);
    expect(root.querySelectorAll('.alert-marker').length).toBeGreaterThan(0);
  });

  it('moves between points with the arrow keys and reads each one out', async () => {
    const el = make({ 'as-of': AS_OF, by: 'key_result', 'key-result-id': 'C' });
    await settled(el);
    const root = el.shadowRoot!;
    const stops = [...root.querySelectorAll<SVGElement>('[tabindex="0"]')].filter((n) => n.closest('svg'));
    expect(stops).toHaveLength(1); // one tab stop per chart
    stops[0]!.focus();
    await el.updateComplete;
    expect(root.querySelector('[part=readout]')!.textContent).toContain('KR C, week 1: confidence 30% (red), checked in');
    const svgEl = root.querySelector('svg[part=chart]')!;
    svgEl.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect(root.querySelector('[part=readout]')!.textContent).toContain('KR C, week 2: confidence 30% (red), carried from 1 week earlier');
    expect(root.activeElement?.id).toBe('p0-r0-i1');
    svgEl.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect(root.querySelector('[part=readout]')!.textContent).toMatch(/^Alert, week \d/);
  });

  it('switches to the median and band above max-lines, and draws small multiples per team', async () => {
    const band = make({ 'as-of': AS_OF, 'max-lines': '3' });
    await settled(band);
    expect(band.shadowRoot!.querySelectorAll('path.kr-line')).toHaveLength(0);
    expect(band.shadowRoot!.querySelector('path.band')!.getAttribute('d')).toMatch(/^M/);
    expect(band.shadowRoot!.querySelectorAll('circle.point')).toHaveLength(6); // median, weeks 1–6
    // Week 6: A .4, B .45, C .3, G .2 below; E .5 (at the midpoint) and F .9 not.
    expect(band.shadowRoot!.querySelector('[part=summary]')!.textContent).toContain('4 of 6 key results are below the midpoint in week 6');
    const multiples = make({ 'as-of': AS_OF, by: 'team' });
    await settled(multiples);
    const titles = [...multiples.shadowRoot!.querySelectorAll('.panel h3')].map((h) => h.textContent!.trim());
    expect(titles).toEqual(['Growth', 'Platform']);
    expect(multiples.shadowRoot!.querySelectorAll('svg[part=chart]')).toHaveLength(2);
  });

  it('follows the linked selection of <plumb-data> unless unlinked', async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.connector = db;
    const view = (attrs: Record<string, string>) => {
      const el = document.createElement('plumb-confidence-burndown');
      el.setAttribute('as-of', AS_OF);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      data.append(el);
      return el;
    };
    const multiples = view({ by: 'team' });
    const linked = view({});
    const unlinked = view({ unlinked: '' });
    document.body.append(data);
    for (const el of [multiples, linked, unlinked]) await settled(el);
    expect(linked.result!.key_results).toBe(7);
    const selected: (PlumbSelectDetail | null)[] = [];
    document.body.addEventListener('plumb-select', (e) => selected.push(e.detail));
    // A small-multiple title selects its team for the linked views (not for itself).
    const growth = [...multiples.shadowRoot!.querySelectorAll<HTMLButtonElement>('.panel h3 button')].find((b) => b.textContent!.trim() === 'Growth')!;
    growth.click();
    expect(selected).toEqual([{ kind: 'team', id: 'T2', label: 'Growth', filter: { team_id: 'T2' } }]);
    for (const el of [multiples, linked, unlinked]) await el.settled();
    expect(linked.result!.key_results).toBe(4);
    expect(unlinked.result!.key_results).toBe(7);
    expect(multiples.result!.key_results).toBe(7);
    await data.select(null);
    await linked.settled();
    expect(linked.result!.key_results).toBe(7);
  });

  it('with anonymize, no real owner anywhere, and no line or alert of a team under min-group (the shared plan)', async () => {
    const events: BurndownAlert[] = [];
    document.body.addEventListener('plumb-alert', (e) => events.push(e.detail));
    const el = make({ 'as-of': AS_OF, by: 'key_result', 'team-id': 'T1', anonymize: '' });
    await settled(el);
    expect(el.anonymize).toBe(true);
    // Every team of this fixture has fewer than 5 people: T1's key results are withheld as the cascade
    // withholds them (privacy/okr-plan.ts), so no alert of theirs is listed or sent.
    const list = el.shadowRoot!.querySelector('[part=alerts]')?.textContent ?? '';
    expect(el.result!.withheld_key_results).toBeGreaterThan(0);
    expect(el.result!.alerts).toEqual([]);
    expect(events).toEqual([]);
    const csv = await (await el.exportCSV({ download: false })).text();
    const svgText = await (await el.exportSVG({ download: false })).text();
    const attributes = [...el.shadowRoot!.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.value)).join('\n');
    for (const real of ['Ada', 'p1']) {
      expect(list).not.toContain(real);
      expect(el.shadowRoot!.textContent).not.toContain(real);
      expect(attributes).not.toContain(real);
      expect(csv).not.toContain(real);
      expect(svgText).not.toContain(real);
      for (const a of events) expect([a.owner_id, a.owner_name]).not.toContain(real);
    }
  });

  it('says what happened when there is nothing to draw or the cycle is unknown', async () => {
    const el = make({ cycle: 'nope' });
    await settled(el);
    expect(el.shadowRoot!.querySelector('[data-state=error]')!.textContent).toContain('No OKR cycle "nope"');
    const badBy = make({ by: 'person' });
    await settled(badBy);
    expect(badBy.shadowRoot!.querySelector('[data-state=error]')!.textContent).toContain('by must be one of');
    const early = make({ cycle: 'C0', 'as-of': AS_OF });
    await settled(early);
    expect(early.shadowRoot!.querySelector('[data-state=empty]')!.textContent).toContain('No key results to show in cycle Q4 2025');
  });
});
