// A page for looking at <plumb-person-review> at a real viewport size (scripts/screenshot-person-review.mjs
// drives it). URL parameters become attributes: ?person=p0005&projector&anonymize&lang=de
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample } from '@plumb/core';
import { testAssets } from '../../../core/test/duckdb-assets.browser.js';
import '../../src/person-review/person-review.define.js';

const params = new URLSearchParams(location.search);
const db = new WasmConnector({ assets: testAssets });
await loadSample(db, { people: Number(params.get('sample') ?? 600), seed: 1 });
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
const el = document.createElement('plumb-person-review');
for (const [k, v] of params) if (k !== 'sample' && k !== 'lang') el.setAttribute(k, v);
el.connector = db;
document.body.append(el);
await el.draftSettled();
setTimeout(() => document.body.setAttribute('data-ready', ''), 150);
