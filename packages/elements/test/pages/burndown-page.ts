// A page for looking at <plumb-confidence-burndown> in a real browser at a real viewport size
// (scripts/screenshot-burndown.mjs drives it). URL parameters become element attributes, except
// ?sample=N (people in the seeded sample, default 2000), ?lang=de and ?small-team (a team with at
// most 12 key results, sub-teams included, as team-id).
import { WasmConnector } from '@plumb/core/wasm';
import { burndownQuery, loadSample } from '@plumb/core';
import { testAssets } from '../../../core/test/duckdb-assets.browser.js';
import '../../src/confidence-burndown/confidence-burndown.define.js';

const params = new URLSearchParams(location.search);
const asOf = params.get('as-of') ?? '2026-08-12';
const db = new WasmConnector({ assets: testAssets });
await loadSample(db, { people: Number(params.get('sample') ?? 2000), seed: 1 });
if (params.has('lang')) document.documentElement.lang = params.get('lang')!;
const el = document.createElement('plumb-confidence-burndown') as HTMLElement & { connector: unknown; settled(): Promise<void> };
el.setAttribute('as-of', asOf);
for (const [k, v] of params) if (!['sample', 'lang', 'small-team', 'as-of'].includes(k)) el.setAttribute(k, v);
if (params.has('small-team')) {
  const byTeam = await burndownQuery.run(db, { asOf, by: 'team', measures: ['confidence'] });
  for (const g of byTeam.groups.filter((x) => x.key_results >= 5 && x.key_results <= 12)) {
    if ((await burndownQuery.run(db, { asOf, team_id: g.group_id!, measures: ['confidence'] })).key_results <= 12) {
      el.setAttribute('team-id', g.group_id!);
      break;
    }
  }
}
el.connector = db;
document.body.append(el);
await el.settled();
setTimeout(() => document.body.setAttribute('data-ready', '1'), 150);
