// <plumb-data>'s panel with the mapping report open, for screenshots: ?tool=perdoo&lang=de&projector
import { testAssets } from '../../../core/test/duckdb-assets.browser.js';
import { applyTheme } from '../../src/shared/themes.js';
import '../../src/plumb-data/plumb-data.define.js';

const params = new URLSearchParams(location.search);
const files: Record<string, string[]> = {
  perdoo: ['perdoo/perdoo-okrs.csv'],
  tability: ['tability/okrs.csv', 'tability/checkins.json'],
  lattice: ['lattice/people.csv', 'lattice/calibration.csv'],
  // Asks whether an aligned goal counts in its parent's progress.
  quantive: ['quantive/sessions.csv', 'quantive/goals.csv', 'quantive/metrics.csv', 'quantive/metric_checkins.csv'],
};
const tools = new URL('/packages/core/test/fixtures/exports/tools/', location.origin).href;
document.documentElement.lang = params.get('lang') ?? 'en';
if (params.has('projector')) applyTheme(document.body, 'projector');
const data = document.createElement('plumb-data');
data.assets = testAssets;
data.setAttribute('src', (files[params.get('tool') ?? 'perdoo'] ?? []).map((f) => tools + f).join(' '));
data.addEventListener('plumb-load', async () => {
  await data.updateComplete;
  const panel = data.shadowRoot!.querySelector('plumb-load-report')!;
  await panel.updateComplete;
  panel.shadowRoot!.querySelector('details')!.open = true;
  data.shadowRoot!.querySelector('details')?.removeAttribute('open');
  setTimeout(() => document.body.setAttribute('data-ready', '1'), 200);
});
document.body.append(data);
