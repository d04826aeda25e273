import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import '../src/rating-distribution/rating-distribution.define.js';
import '../src/nine-box/nine-box.define.js';
import type { PlumbRatingDistribution } from '../src/rating-distribution/rating-distribution.js';
import type { PlumbNineBox } from '../src/nine-box/nine-box.js';
import type { PlumbSelectDetail } from '../src/events.js';

type View = PlumbRatingDistribution | PlumbNineBox;

async function drawn(el: View): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (el.report && el.status === 'ready') {
      await el.settled();
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${el.localName} never drew`);
}

/** Every element with a `style` attribute in `root` and the shadow roots below it (a strict CSP blocks them). */
function inlineStyles(root: ShadowRoot | Element): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.hasAttribute('style')) found.push(el);
    if (el.shadowRoot) found.push(...inlineStyles(el.shadowRoot));
  }
  return found;
}

describe('calibration views: selection, export, strict CSP and language', () => {
  const db = new WasmConnector({ assets: testAssets });
  let people: { person_id: string; name: string | null }[] = [];
  beforeAll(async () => {
    ({ people } = await loadFixture(db));
  });
  afterAll(() => db.close());

  function mount<T extends View>(tag: 'plumb-rating-distribution' | 'plumb-nine-box', setup: (el: T) => void = () => {}): T {
    const el = document.createElement(tag) as T;
    el.connector = db;
    el.style.width = '1000px';
    setup(el);
    document.body.append(el);
    return el;
  }

  it('a person in a nine-box box selects {person_id} with the pseudonym code when anonymized, never a real id', async () => {
    const el = mount<PlumbNineBox>('plumb-nine-box', (e) => {
      e.stage = 'manager';
      e.anonymize = true;
      e.pseudonymSalt = 'room';
    });
    await drawn(el);
    const events: (PlumbSelectDetail | null)[] = [];
    el.addEventListener('plumb-select', (e) => events.push(e.detail));
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('button[part=person]')!;
    expect(button).not.toBeNull();
    button.click();
    const detail = events.at(-1)!;
    expect(detail.kind).toBe('person');
    expect(detail.id).toMatch(/^[A-Z2-9]{4}(-\d+)?$/);
    expect(detail.filter).toEqual({ person_id: detail.id });
    expect(detail.label).toBe(`Person ${detail.id}`);
    const text = JSON.stringify(events) + el.shadowRoot!.innerHTML;
    for (const p of people) {
      expect(text).not.toContain(`"${p.person_id}"`);
      if (p.name) expect(text).not.toContain(p.name);
    }
    el.remove();
  });

  it('exports the nine-box as an SVG drawing and as CSV from its data', async () => {
    const el = mount<PlumbNineBox>('plumb-nine-box', (e) => (e.stage = 'manager'));
    await drawn(el);
    const svgText = await (await el.exportSVG({ download: false })).text();
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('Star');
    const star = el.report!.cells.find((c) => c.id === 'high-high')!;
    expect(svgText).toContain(`>${star.n}<`);
    const csv = await (await el.exportCSV({ download: false })).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Box,Performance,Potential,People,Share');
    expect(lines).toHaveLength(10);
    expect(lines.find((l) => l.startsWith('Star,'))).toBe(`Star,High,High,${star.n},${star.share}`);
    el.remove();
  });

  it('exports both bounds of the 95 % interval in the rating distribution CSV', async () => {
    const el = mount<PlumbRatingDistribution>('plumb-rating-distribution');
    await drawn(el);
    const csv = (await (await el.exportCSV({ download: false })).text()).replace(/^\uFEFF/, '');
    const [header, ...rows] = csv.trim().split('\r\n');
    const columns = header!.split(',');
    const low = columns.indexOf('Lower 95 % bound');
    const high = columns.indexOf('Upper 95 % bound');
    expect(low).toBeGreaterThan(0);
    expect(high).toBe(low + 1);
    const lenient = el.report!.raters.find((r) => r.rater_id === 'm-lenient')!;
    const line = rows.find((r) => r.startsWith('Manager m-lenient,'))!;
    // Naive split is fine here: these cells hold no commas.
    const cells = line.split(',');
    expect(Number(cells[low])).toBeCloseTo(lenient.ci_low!, 10);
    expect(Number(cells[high])).toBeCloseTo(lenient.ci_high!, 10);
    expect(Number(cells[high])).toBeGreaterThan(Number(cells[low]));
    el.remove();
  });

  it('shows four-fifths figures only when the embedder opts in, for the whole organisation only', async () => {
    const plain = mount<PlumbRatingDistribution>('plumb-rating-distribution');
    await drawn(plain);
    expect(plain.shadowRoot!.querySelector('[part=impact]')).toBeNull();
    expect(JSON.stringify(plain.report)).not.toContain('"group"');
    plain.remove();

    const el = mount<PlumbRatingDistribution>('plumb-rating-distribution', (e) => (e.impactAttribute = 'group'));
    await drawn(el);
    const impact = el.report!.changes!.adverse_impact!;
    expect(impact.top_rating.map((g) => g.group)).toEqual(['X', 'Y']);
    for (const g of impact.top_rating) expect(g.n).toBeGreaterThanOrEqual(5);
    const section = el.shadowRoot!.querySelector('[part=impact]')!;
    expect(section.textContent).toContain('four-fifths');
    const table = section.querySelector('plumb-data-table')!;
    await (table as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(table.shadowRoot!.querySelectorAll('tbody tr')).toHaveLength(2);
    // A filtered view could be subtracted from the whole: no group figures there.
    el.department = 'Sales';
    for (let i = 0; i < 200 && el.report!.filter.department !== 'Sales'; i++) await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(el.report!.changes!.adverse_impact!.top_rating).toEqual([]);
    expect(el.shadowRoot!.querySelector('[part=impact]')!.textContent).toContain('whole organisation only');
    el.remove();
  });

  it('sets no inline style attribute anywhere (strict CSP), in every mode', async () => {
    const a = mount<PlumbRatingDistribution>('plumb-rating-distribution', (e) => (e.beforeAfter = true));
    const b = mount<PlumbNineBox>('plumb-nine-box', (e) => (e.compareStage = 'manager'));
    await drawn(a);
    await drawn(b);
    expect(inlineStyles(a.shadowRoot!).map((e) => e.outerHTML.slice(0, 80))).toEqual([]);
    expect(inlineStyles(b.shadowRoot!).map((e) => e.outerHTML.slice(0, 80))).toEqual([]);
    a.view = 'multiples';
    b.projector = true;
    await a.updateComplete;
    await b.updateComplete;
    expect(inlineStyles(a.shadowRoot!)).toEqual([]);
    expect(inlineStyles(b.shadowRoot!)).toEqual([]);
    a.remove();
    b.remove();
  });

  it('speaks German with German numbers when lang="de", and French with lang="fr"', async () => {
    const wrap = document.createElement('div');
    wrap.lang = 'de';
    document.body.append(wrap);
    const a = document.createElement('plumb-rating-distribution') as PlumbRatingDistribution;
    const b = document.createElement('plumb-nine-box') as PlumbNineBox;
    for (const el of [a, b]) {
      el.connector = db;
      wrap.append(el);
    }
    await drawn(a);
    await drawn(b);
    const textA = a.shadowRoot!.textContent!;
    const textB = b.shadowRoot!.textContent!;
    expect(textA).toContain('Abteilung');
    expect(textA).toContain('Bewertungen');
    expect(textA).not.toContain('ratings at the');
    expect(textA).toMatch(/Mittelwert der Organisation \d,\d\d/);
    expect(textB).toContain('Größtes Feld');
    expect(textB).not.toContain('Largest box');
    wrap.lang = 'fr';
    a.locale = 'fr';
    b.locale = 'fr';
    await a.updateComplete;
    await b.updateComplete;
    expect(a.shadowRoot!.textContent).toContain('Département');
    expect(b.shadowRoot!.textContent).toContain('Case la plus remplie');
    wrap.remove();
  });
});
