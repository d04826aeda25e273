/**
 * Certain, or asked, in the page: a day/month-ambiguous date column is asked in <plumb-data>'s panel
 * (the file waits, the others load), answered by keyboard with a radio button, the table reloaded;
 * the answers are saved as a mapping file (a Blob URL, no request) and `mapping=` loads one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { queryRows, type LoadReport } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';
import { catalogueOf } from '../src/i18n/catalogue.js';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
});

// 03/04/2026 and 05/06/2026: every day and month ≤ 12, so nothing in the file decides the order.
const files = () => [
  new File(['objective_id,title\no1,Ship\n'], 'objectives.csv'),
  new File(['key_result_id,objective_id,title,start_value,target_value\nkr1,o1,Ship it,0,10\n'], 'key_results.csv'),
  { name: 'updates.csv', data: new Blob(['key_result_id,checked_at,value\nkr1,03/04/2026,5\nkr1,05/06/2026,6\n']), table: 'check_ins' as const },
];

async function mount(attributes: Record<string, string> = {}) {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = testAssets;
  for (const [k, v] of Object.entries(attributes)) data.setAttribute(k, v);
  const loads: LoadReport[] = [];
  data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail.report));
  data.files = files();
  document.body.append(data);
  await until(() => loads.length > 0, 'the first load');
  await data.updateComplete;
  const panel = data.shadowRoot!.querySelector('plumb-load-report')!;
  await panel.updateComplete;
  return { data, loads, panel, root: panel.shadowRoot! };
}

const dates = async (data: PlumbData) => (await queryRows<{ d: string }>(data.source!.connector!, 'SELECT CAST(checked_at AS VARCHAR) AS d FROM check_ins ORDER BY 1')).map((r) => r.d);

describe('questions in <plumb-load-report>', () => {
  it('asks, waits, and reloads with the answer chosen by keyboard; the mapping file is saved as a Blob URL', async () => {
    const { data, loads, panel, root } = await mount();
    expect(loads[0]!.questions.map((q) => q.id)).toEqual(['date-order:updates.csv:checked_at']);
    // The other files loaded; the check-ins wait.
    expect(loads[0]!.tables).toMatchObject({ objectives: 1, key_results: 1, check_ins: 0 });
    const question = root.querySelector('[part=question]')!;
    expect(root.querySelector('[part=questions] h3')!.textContent).toBe('One question before these files load');
    expect(question.querySelector('legend')!.textContent).toMatch(/day\/month or month\/day/);
    const radios = [...question.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.value)).toEqual(['dmy', 'mdy']);
    // The date an answer implies is written the page's way (here the browser's English).
    const march4 = new Intl.DateTimeFormat(navigator.language, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 4));
    expect(question.textContent).toContain(`"03/04/2026" is ${march4}`);
    expect(question.textContent).toContain('day/month');
    expect(question.textContent).toContain('--date-order mdy');

    // Answering without a choice says so, and reloads nothing.
    const answer = question.querySelector<HTMLButtonElement>('button[type=submit]')!;
    answer.focus();
    await userEvent.keyboard('{Enter}');
    await panel.updateComplete;
    expect(question.querySelector('[role=alert]')!.textContent).toBe('Choose an answer first.');
    expect(loads.length).toBe(1);

    // Keyboard only: Tab back into the radio group, Space picks the first, an arrow moves to "mdy", Enter answers.
    radios[0]!.focus();
    await userEvent.keyboard(' ');
    await userEvent.keyboard('{ArrowDown}');
    await panel.updateComplete;
    expect(radios[1]!.checked).toBe(true);
    answer.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => loads.length === 2, 'the reload');
    expect(loads[1]!.questions).toEqual([]);
    expect(loads[1]!.tables).toMatchObject({ check_ins: 2 });
    expect(await dates(data)).toEqual(['2026-03-04', '2026-05-06']);
    expect(data.dateOrder).toBe('mdy');

    // Save mapping: a Blob URL in the page holding the answers.
    await data.updateComplete;
    const after = data.shadowRoot!.querySelector('plumb-load-report')!;
    await after.updateComplete;
    const saved = new Promise<CustomEvent<{ url: string }>>((resolve) => after.addEventListener('plumb-mapping-saved', (e) => resolve(e as CustomEvent<{ url: string }>), { once: true }));
    after.shadowRoot!.querySelector<HTMLButtonElement>('[part=save]')!.click();
    const { url } = (await saved).detail;
    expect(url).toMatch(/^blob:/);
    expect(await (await fetch(url)).json()).toEqual({ plumb: 'mapping', version: 1, dateOrder: 'mdy' });
  });

  it('mapping= with a saved mapping file answers the question before it is asked', async () => {
    const { data, loads } = await mount({ mapping: JSON.stringify({ plumb: 'mapping', version: 1, answers: { 'date-order:updates.csv:checked_at': 'dmy' } }) });
    expect(loads[0]!.questions).toEqual([]);
    expect(await dates(data)).toEqual(['2026-04-03', '2026-06-05']);
    expect(loads[0]!.files.find((f) => f.file === 'updates.csv')!.decisions).toContainEqual(expect.objectContaining({ kind: 'date-order', value: 'dmy', declared: true }));
  });

  it('a mapping file that is no mapping file is an error in the page\'s language (core\'s text, not its English)', async () => {
    // The loads above were English pages: they fetched neither German nor French load texts (each comes alone, on demand).
    expect(catalogueOf('load-text', 'de')).toEqual({});
    document.documentElement.lang = 'de';
    const data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    data.setAttribute('mapping', JSON.stringify({ plumb: 'answers', version: 1 }));
    data.files = files();
    document.body.append(data);
    await until(() => data.status === 'error', 'the error');
    await data.updateComplete;
    const status = data.shadowRoot!.querySelector('[part="status"]')!.textContent!;
    expect(status).toMatch(/^Die Daten konnten nicht geladen werden: .* ist keine Plumb-Zuordnungsdatei \(erwartet: /);
    expect(status).not.toContain('is not a Plumb mapping file');
    expect(catalogueOf('load-text', 'fr')).toEqual({}); // a German page downloads no French
  });

  it('asks in German under lang="de" and in French under lang="fr"', async () => {
    document.documentElement.lang = 'de';
    const de = await mount();
    expect(de.root.querySelector('[part=questions] h3')!.textContent).toBe('Eine Frage, bevor diese Dateien geladen werden');
    expect(de.root.querySelector('[part=question] button')!.textContent).toBe('Antworten und neu laden');
    // Core's question, its candidates and what they imply, in German (not core's English).
    const frage = de.root.querySelector('[part=question]')!.textContent!.replace(/\s+/g, ' ');
    expect(frage).toContain('Stehen die Daten in Spalte „checked_at“ als Tag/Monat oder als Monat/Tag?');
    expect(frage).toContain('„03/04/2026“ ist der 4. März 2026');
    expect(frage).not.toMatch(/day\/month|value\(s\)/);
    document.body.replaceChildren();
    document.documentElement.lang = 'fr';
    const fr = await mount();
    expect(fr.root.querySelector('[part=question] button')!.textContent).toBe('Répondre et recharger');
    expect(fr.root.querySelector('[part=question]')!.textContent!.replace(/\s+/g, ' ')).toContain('« 03/04/2026 » est le 4 mars 2026');
  });
});
