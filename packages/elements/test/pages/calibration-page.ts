// A page for looking at the calibration elements in a real browser at a real
// viewport size (scripts/screenshot-calibration.mjs drives it). URL parameters
// become element attributes: ?element=rating-distribution&projector&anonymize&before-after
import { WasmConnector } from '@plumb/core/wasm';
import { testAssets } from '../../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../../core/test/calibration/fixture.js';
import '../../src/rating-distribution/rating-distribution.define.js';
import '../../src/nine-box/nine-box.define.js';

const params = new URLSearchParams(location.search);
const db = new WasmConnector({ assets: testAssets });
await loadFixture(db);
const tag = params.get('element') === 'nine-box' ? 'plumb-nine-box' : 'plumb-rating-distribution';
const el = document.createElement(tag) as HTMLElement & { connector: unknown };
for (const [k, v] of params) if (k !== 'element') el.setAttribute(k, v);
el.connector = db;
document.body.append(el);
// Ready marker for the screenshot script: the element has drawn something other than "loading".
const started = performance.now();
const timer = setInterval(() => {
  const root = el.shadowRoot;
  if (root && !root.querySelector('[data-state=loading]') && root.querySelector('svg, [data-state], [role=grid]')) {
    clearInterval(timer);
    setTimeout(() => document.body.setAttribute('data-ready', String(Math.round(performance.now() - started))), 100);
  }
}, 20);
