import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burndownQuery, loadSample, type BurndownResult } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
import { burndownLayout, type BurndownLayoutOptions } from '../src/confidence-burndown/layout.js';
import { burndownMessages } from '../src/confidence-burndown/confidence-burndown.messages.js';
import { burndownSummary, type BurndownText } from '../src/confidence-burndown/summary.js';
import { ensureCatalogue, loadLocale, translate } from '../src/i18n/catalogue.js';
import { commonMessages } from '../src/i18n/common.messages.js';
import { formatter } from '../src/i18n/format.js';

/**
 * The burn-down's layout on the seeded sample (600 people, seed 1, as of 2026-08-12 = week 7 of
 * 2026 Q3; TZ=UTC in the core project): a changed picture is a reviewed diff of the snapshot.
 */
ensureCatalogue('common', commonMessages);
ensureCatalogue('burndown', burndownMessages);
const text = (locale: string): BurndownText => {
  const fmt = formatter(locale);
  return { msg: (key, params = {}) => translate('burndown', key, locale, params, fmt), fmt };
};
const en = text('en');

const base: BurndownLayoutOptions = { width: 960, chartHeight: 280, by: 'cycle', measure: 'confidence', display: 'auto', maxLines: 12, maxPanels: 12 };

describe('burn-down layout snapshots on the seeded sample', () => {
  const db = new NodeConnector();
  const run = (options: Parameters<typeof burndownQuery.run>[1]): Promise<BurndownResult> =>
    burndownQuery.run(db, { asOf: '2026-08-12', ...options });
  beforeAll(async () => {
    await loadLocale('de'); // German loads on demand
    await loadSample(db, { people: 600, seed: 1 });
  }, 120_000);
  afterAll(() => db.close());

  it('the whole organisation: median and middle half, alerts per week', async () => {
    const result = await run({ measures: ['confidence'] });
    const layout = burndownLayout(result, { ...base, display: 'band' }, en);
    expect(layout.panels).toHaveLength(1);
    expect(layout.panels[0]!.mode).toBe('band');
    expect({ summary: burndownSummary(result, 'confidence', en), layout }).toMatchSnapshot();
  });

  it('one team: a line per key result, end labels, stops per point', async () => {
    // The first team (by name) with 4 to 12 key results of its own and no sub-teams' beyond them.
    const teams = await run({ by: 'team', measures: ['confidence'] });
    let result: BurndownResult | null = null;
    for (const g of teams.groups.filter((x) => x.key_results >= 4 && x.key_results <= 12)) {
      const candidate = await run({ team_id: g.group_id!, seriesLimit: 200 });
      if (candidate.key_results <= 12) {
        result = candidate;
        break;
      }
    }
    if (!result) throw new Error('no small team in the sample');
    const layout = burndownLayout(result, { ...base, by: 'key_result', width: 700 }, en);
    expect(layout.panels[0]!.lines.length).toBe(result.key_results);
    expect(layout.panels[0]!.mode).toBe('lines');
    expect({ summary: burndownSummary(result, 'confidence', en), layout }).toMatchSnapshot();
  });

  it('small multiples per department, progress, in German', async () => {
    const result = await run({ by: 'department', measures: ['progress'], seriesLimit: 48 });
    const layout = burndownLayout(result, { ...base, by: 'department', measure: 'progress', display: 'band' }, text('de'));
    expect(layout.multiples).toBe(true);
    expect(layout.columns).toBe(3);
    expect(layout).toMatchSnapshot();
  });

  it('is a function of rows and size: same input, same geometry; a narrower host, narrower panels', async () => {
    const result = await run({ by: 'team', measures: ['confidence'], seriesLimit: 48 });
    const wide = burndownLayout(result, { ...base, by: 'team', display: 'band' }, en);
    expect(burndownLayout(result, { ...base, by: 'team', display: 'band' }, en)).toEqual(wide);
    const narrow = burndownLayout(result, { ...base, by: 'team', display: 'band', width: 400 }, en);
    expect(narrow.columns).toBe(1);
    expect(narrow.panels[0]!.frame.width).toBeLessThan(wide.panels[0]!.frame.width * 2);
    expect(wide.panels.length).toBe(12);
    expect(wide.hiddenGroups).toBe(result.groups.length - 12);
  });
});
