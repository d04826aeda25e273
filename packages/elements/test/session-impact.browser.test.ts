// The four-fifths table of a session's changes as a facilitator sees it, in real Chromium: the log of
// <plumb-session-log impact-attribute="group"> over the session of core's change-impact test (five groups;
// expected figures from the python3 script quoted in packages/core/test/session/change-impact.test.ts):
// A 12 people, 6 up (50 %), 1 down (8 %), 1.00 / 0.92 · B 10, 3 up (30 %), 3 down (30 %), 0.60 / 0.70, both
// flagged · C 8, 4 up (50 %), 0 down, 1.00 / 1.00 · D (6) and E (2) not shown: E is under min-group 5, and D
// hides it (the session's total minus D would give E).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadImpactSession } from '../../core/test/session/impact-fixture.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbSessionLog } from '../src/session-log/session-log.js';
import { until } from './browser-helpers.js';

async function openLog(lang: string, attribute: string | null): Promise<{ data: PlumbData; log: PlumbSessionLog }> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = testAssets;
  data.prepare = (c) => loadImpactSession(c);
  data.hideDiagnostics = true;
  data.lang = lang;
  const log = document.createElement('plumb-session-log') as PlumbSessionLog;
  log.setAttribute('cycle', 'c1');
  if (attribute) log.setAttribute('impact-attribute', attribute);
  data.append(log);
  document.body.append(data);
  await until(() => data.status === 'ready' && log.result !== undefined, 'the log', 60_000);
  await log.settled();
  return { data, log };
}

/** The table as text, row by row (header row first), and the note under it. */
function readImpact(log: PlumbSessionLog): { title: string; rows: string[][]; note: string } | null {
  const section = log.shadowRoot!.querySelector('[part=impact]');
  if (!section) return null;
  const cell = (c: Element) => c.textContent!.replace(/\s+/g, ' ').trim();
  return {
    title: cell(section.querySelector('.impact-title')!),
    rows: [...section.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(cell)),
    note: cell(section.querySelector('.note')!),
  };
}

describe('the four-fifths table of the changes in <plumb-session-log>', () => {
  const opened: PlumbData[] = [];
  let en: PlumbSessionLog;
  beforeAll(async () => {
    const page = await openLog('en', 'group');
    opened.push(page.data);
    en = page.log;
  }, 120_000);
  afterAll(() => opened.forEach((d) => d.remove()));

  it('shows each group of at least min-group people with its moves and its ratio to the best group, flags under 4/5 in words', () => {
    const impact = readImpact(en)!;
    expect(impact.title).toBe('Changes by group: the four-fifths check (a guardrail, not a quota)');
    expect(impact.rows).toEqual([
      ['Group', 'People', 'Moved up', 'vs best (up)', 'Moved down', 'vs best (not down)'],
      ['A', '12', '6 (50%)', '1', '1 (8%)', '0.92'],
      ['B', '10', '3 (30%)', '0.6 ⚠ under 4/5', '3 (30%)', '0.7 ⚠ under 4/5'],
      ['C', '8', '4 (50%)', '1', '0 (0%)', '1'],
    ]);
    // D and E are not in the table, and the note says how many groups are left out and why.
    expect(impact.note).toContain('2 smaller groups not shown (fewer than 5 people, or needed to keep one hidden).');
    // The flag is text, not colour alone; the table is labelled and its region reachable by keyboard.
    const region = en.shadowRoot!.querySelector<HTMLElement>('[part=impact] [role=region]')!;
    expect(region.tabIndex).toBe(0);
    expect(region.getAttribute('aria-labelledby')).toBe('impact-title');
  });

  it('hides every group under a larger min-group and shows the table in German', async () => {
    const page = await openLog('de', 'group');
    opened.push(page.data);
    page.data.minGroup = 11;
    await until(() => readImpact(page.log)?.rows.length === 2, 'the stricter table');
    const impact = readImpact(page.log)!;
    // Only A (12) reaches 11; the four groups left out hold 26 people together, so A can stay.
    expect(impact.rows).toEqual([
      ['Gruppe', 'Personen', 'Hochgestuft', 'ggü. bester (hoch)', 'Herabgestuft', 'ggü. bester (nicht herab)'],
      ['A', '12', '6 (50 %)', '1', '1 (8 %)', '1'],
    ]);
    expect(impact.note).toContain('4 kleinere Gruppen nicht gezeigt');
  });

  it('is opt-in: without impact-attribute the log shows no group figures', async () => {
    const page = await openLog('en', null);
    opened.push(page.data);
    expect(readImpact(page.log)).toBeNull();
    expect(page.log.shadowRoot!.textContent).not.toContain('four-fifths');
  });
});
