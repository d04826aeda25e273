import { afterEach, describe, expect, it } from 'vitest';
import { html } from 'lit';
import { defineQuery, type OrgFilter } from '@plumb/core';
import { PlumbView } from '../src/view/plumb-view.js';
import { registerCatalogue, formatter } from '../src/i18n/index.js';

const nothingQuery = defineQuery('test-nothing', async () => 0);

/** A view with no data source: it shows the shared "no source" message in its locale. */
class TestLonelyView extends PlumbView<object, number> {
  protected readonly query = nothingQuery;
  protected readonly what = 'nothing';
  protected options(_filter: OrgFilter) {
    return {};
  }
  protected renderResult() {
    return html``;
  }
}
customElements.define('test-lonely-view', TestLonelyView);

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
});

const text = (el: Element) => el.shadowRoot!.textContent!.trim();

describe('localisation', () => {
  it('takes the nearest lang (through shadow roots), the locale property over it, and follows a change at run time', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'de-CH';
    const view = document.createElement('test-lonely-view') as TestLonelyView;
    wrapper.append(view);
    document.body.append(wrapper);
    await view.updateComplete;
    expect(text(view)).toMatch(/^Keine Datenquelle/);
    wrapper.lang = 'fr';
    await new Promise((r) => setTimeout(r, 0)); // the MutationObserver's turn
    await view.updateComplete;
    expect(text(view)).toMatch(/^Aucune source de données/);
    view.locale = 'en';
    await view.updateComplete;
    expect(text(view)).toMatch(/^No data source/);
  });

  it('lets an embedder register a catalogue for another language, falling back to English for missing keys', async () => {
    registerCatalogue('common', 'pt-BR', { 'state.no-source': 'Sem fonte de dados.' });
    const view = document.createElement('test-lonely-view') as TestLonelyView;
    view.locale = 'pt-BR';
    document.body.append(view);
    await view.updateComplete;
    expect(text(view)).toBe('Sem fonte de dados.');
  });

  it('formats numbers, percentages and dates through Intl for the locale', () => {
    expect(formatter('de').integer(1234567)).toBe('1.234.567');
    expect(formatter('de').percent(0.45)).toBe('45\u00a0%');
    expect(formatter('en').percent(0.45)).toBe('45%');
    expect(formatter('fr').number(1234.5)).toBe('1\u202f234,5');
    expect(formatter('de').date('2026-12-01')).toBe('01.12.2026');
    expect(formatter('en').date('2026-12-01', 'medium')).toBe('Dec 1, 2026');
    expect(formatter('en').number(null)).toBe('—');
  });
});
