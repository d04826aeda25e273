import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { insertRows } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { AS_OF, loadQuarter } from '../../core/test/burndown/fixture.js';
import '../src/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '../src/confidence-burndown/confidence-burndown.js';
import { catalogueOf } from '../src/i18n/catalogue.js';
import type { PlumbRenderedDetail } from '../src/events.js';

const db = new WasmConnector({ assets: testAssets });
const RLO = '\u202E';
const LONG = 'x'.repeat(100_000);

async function view(attrs: Record<string, string>, lang?: string): Promise<PlumbConfidenceBurndown> {
  const host = document.createElement('div');
  if (lang) host.setAttribute('lang', lang);
  const el = document.createElement('plumb-confidence-burndown');
  el.setAttribute('as-of', AS_OF);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.width = '900px';
  el.connector = db;
  host.append(el);
  document.body.append(host);
  for (let i = 0; i < 400 && el.status !== 'ready' && el.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 25));
  await el.settled();
  return el;
}

/** Every attribute value in the shadow tree (a `style` attribute would be blocked by a strict CSP). */
function allAttributes(el: Element): Attr[] {
  return [...el.shadowRoot!.querySelectorAll('*')].flatMap((n) => [...n.attributes]);
}

describe('<plumb-confidence-burndown> on the view contract', () => {
  beforeAll(async () => {
    await loadQuarter(db);
    // Hostile text: a right-to-left override in a title, and a 100,000-character one.
    await insertRows(db, 'key_results', [
      { key_result_id: 'R', objective_id: 'O2', title: `Bob ${RLO}evil title`, owner_id: 'p2', start_value: 0, target_value: 10 },
      { key_result_id: 'L', objective_id: 'O2', title: LONG, owner_id: 'p2', start_value: 0, target_value: 10 },
    ]);
    await insertRows(db, 'check_ins', [
      { key_result_id: 'R', checked_at: '2026-01-27', confidence: 0.2, value: 1 },
      { key_result_id: 'L', checked_at: '2026-01-27', confidence: 0.2, value: 1 },
    ]);
  });
  afterAll(() => db.close());
  afterEach(() => document.body.replaceChildren());

  it('fires plumb-rendered after each drawn result and draws under a CSP that forbids style attributes', async () => {
    // The README's policy forbids style attributes from markup (CSSOM, as lit's styleMap uses, stays allowed).
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src-attr 'none'";
    document.head.append(meta);
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${(e.composedPath()[0] as Element)?.outerHTML?.slice(0, 200) ?? ''}`));
    // The policy is live: a style attribute from markup is refused and reported.
    const probe = document.createElement('div');
    probe.innerHTML = '<span style="color: red">probe</span>';
    document.body.append(probe);
    await new Promise((r) => setTimeout(r, 50));
    expect(violations.length).toBeGreaterThan(0);
    violations.length = 0;
    probe.remove();
    const rendered: PlumbRenderedDetail[] = [];
    document.body.addEventListener('plumb-rendered', (e) => rendered.push(e.detail));
    const el = await view({ by: 'team' });
    expect(rendered.at(-1)?.query).toBe('burndown');
    expect(el.shadowRoot!.querySelectorAll('svg.chart')).toHaveLength(2);
    for (const by of ['key_result', 'cycle', 'department'] as const) {
      el.by = by;
      await el.settled();
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(violations).toEqual([]);
    el.by = 'team';
    await el.settled();
    // The grid's columns come through a custom property set with CSSOM (CSP allows it): two panels side by side.
    const panels = el.shadowRoot!.querySelector<HTMLElement>('.panels')!;
    expect(panels.style.getPropertyValue('--_columns')).toBe('2');
    expect(getComputedStyle(panels).gridTemplateColumns.split(' ')).toHaveLength(2);
    el.by = 'key_result';
    await el.settled();
    expect(rendered.length).toBeGreaterThanOrEqual(2);
  });

  it('exports the chart (not a legend swatch) as SVG, small multiples as one drawing, and its rows as CSV', async () => {
    const one = await view({ by: 'key_result', 'team-id': 'T1' });
    const svgText = await (await one.exportSVG({ download: false })).text();
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    expect(Number(doc.documentElement.getAttribute('width'))).toBeGreaterThan(300);
    expect(doc.querySelectorAll('path.kr-line')).toHaveLength(3);
    // The legend keys in the screen's colours: the threshold is a line (its key came out black from the line's default fill).
    const swatches = [...doc.querySelectorAll('svg > rect[width="12"]')].map((r) => r.getAttribute('fill'));
    expect(swatches.length).toBeGreaterThan(0);
    expect(swatches.filter((f) => f === 'rgb(0, 0, 0)')).toEqual([]);
    const csv = await (await one.exportCSV({ download: false })).text();
    const lines = csv.trim().split('\r\n');
    // Shares are written rounded as shown (whole percentages); a share rounding changed gets its unrounded column beside.
    const header = lines[0]!.split(',');
    expect(header.filter((h) => !h.endsWith(' (unrounded)'))).toEqual(['Key result', 'Owner', 'Week', 'Confidence', 'As entered', 'Progress', 'Expected', 'Week state']);
    const expectedAt = header.indexOf('Expected');
    expect(header[expectedAt + 1]).toBe('Expected (unrounded)'); // the linear expectation (1/6, 2/6, …) is never whole
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      if (cells[expectedAt + 1] !== '') expect(Number(cells[expectedAt])).toBe(Number(Number(cells[expectedAt + 1]).toFixed(2)));
    }
    expect(lines).toHaveLength(1 + 3 * 6); // three key results, weeks 1–6
    expect(lines.some((l) => l.startsWith('KR B,Ada,4,0.45'))).toBe(true);
    const multiples = await view({ by: 'team' });
    const whole = new DOMParser().parseFromString(await (await multiples.exportSVG({ download: false })).text(), 'image/svg+xml');
    expect(whole.querySelectorAll('svg.chart')).toHaveLength(2); // both panels inside the exported drawing
    expect([...whole.querySelectorAll('.panel-title')].map((t) => t.textContent)).toEqual(['Growth', 'Platform']);
    const png = await multiples.exportPNG({ download: false });
    expect(png.type).toBe('image/png');
    expect(png.size).toBeGreaterThan(1000);
  });

  it('speaks German from the nearest lang: no English catalogue text, numbers through Intl', async () => {
    const el = await view({ by: 'key_result', 'team-id': 'T1' }, 'de');
    const text = el.shadowRoot!.textContent!;
    expect(el.shadowRoot!.querySelector('[part=summary]')!.textContent).toContain('2 von 3 Schlüsselergebnisse liegen in Woche 6 unter der Mitte');
    expect(text).toMatch(/50\s%/); // German percent: a (no-break) space before %
    expect(text).toContain('Warnungen (');
    const english = catalogueOf('burndown', 'en');
    const german = catalogueOf('burndown', 'de');
    for (const [key, message] of Object.entries(english)) {
      // Messages that read the same in both languages ("Median", "Check-in", "W{week}") are not English leftovers.
      if (typeof message !== 'string' || message === german[key] || message.length < 12 || message.includes('{')) continue;
      expect(text, key).not.toContain(message);
    }
  });

  it('isolates data text in alert lines and caps accessible names built from data', async () => {
    const el = await view({ by: 'key_result', 'key-result-id': 'R,L' });
    const items = [...el.shadowRoot!.querySelectorAll('[part=alerts] li')];
    const bob = items.find((li) => li.textContent!.includes(RLO))!;
    expect(bob.querySelector('bdi')!.textContent).toContain(RLO);
    const longest = Math.max(...allAttributes(el).filter((a) => a.name === 'aria-label').map((a) => a.value.length));
    expect(longest).toBeLessThanOrEqual(600);
    expect(longest).toBeGreaterThan(100);
  });

  it('with anonymize and min-group, a team aggregate over too few owners is hidden, not drawn', async () => {
    const el = await view({ by: 'team', display: 'band', anonymize: '', 'min-group': '2' });
    const sentences = [...el.shadowRoot!.querySelectorAll('.panel .sentence')].map((p) => p.textContent);
    expect(sentences).toEqual(['Hidden: fewer than 5 owners.', 'Hidden: fewer than 5 owners.']);
    expect(el.shadowRoot!.querySelectorAll('path.band, path.median')).toHaveLength(0);
    const csv = await (await el.exportCSV({ download: false })).text();
    expect(csv.includes('Hidden: fewer than 5 owners.')).toBe(true);
    expect(/\d+ of \d+/.test(csv)).toBe(false);
  });
});
