// Timing page (scripts/measure-calibration.mjs): a synthetic organisation of
// ?people=N (teams of 8, 10 departments, 6 levels, manager and calibrated
// ratings, potential), then first render and filter changes of both elements.
import { WasmConnector } from '@plumb/core/wasm';
import { createSchema, insertRows, type Connector } from '@plumb/core';
import { testAssets } from '../../../core/test/duckdb-assets.browser.js';
import '../../src/rating-distribution/rating-distribution.define.js';
import '../../src/nine-box/nine-box.define.js';

const params = new URLSearchParams(location.search);
const n = Number(params.get('people') ?? 10000);
const db = new WasmConnector({ assets: testAssets });

async function load(db: Connector): Promise<void> {
  await createSchema(db);
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const people: { person_id: string; manager_id: string | null; department: string; level: string; name: string }[] = [];
  const ratings: { cycle_id: string; employee_id: string; rater_id: string; stage: 'manager' | 'calibrated'; dimension: string; rating: number }[] = [];
  const managers = Math.ceil(n / 8);
  for (let m = 0; m < managers; m++) {
    const bias = m % 10 === 0 ? 1 : m % 10 === 1 ? -1 : 0;
    for (let i = 0; i < 8 && m * 8 + i < n; i++) {
      const id = `p${m * 8 + i}`;
      people.push({ person_id: id, manager_id: `m${m}`, department: `D${m % 10}`, level: `L${i % 6}`, name: `Person ${id}` });
      const r = Math.max(1, Math.min(5, Math.round(3 + bias + (rand() + rand() + rand() - 1.5) * 1.6)));
      ratings.push({ cycle_id: 'C', employee_id: id, rater_id: `m${m}`, stage: 'manager', dimension: 'overall', rating: r });
      ratings.push({ cycle_id: 'C', employee_id: id, rater_id: 'cal', stage: 'calibrated', dimension: 'overall', rating: r > 3 && rand() < 0.3 ? r - 1 : r });
      ratings.push({ cycle_id: 'C', employee_id: id, rater_id: `m${m}`, stage: 'manager', dimension: 'potential', rating: 1 + Math.floor(rand() * 3) });
    }
  }
  await insertRows(db, 'people', people);
  await insertRows(db, 'ratings', ratings);
  await insertRows(db, 'rating_scale', [1, 2, 3, 4, 5].map((value, i) => ({ cycle_id: 'C', value, guideline_share: [0.05, 0.2, 0.5, 0.2, 0.05][i]! })));
}

function rendered(el: HTMLElement): Promise<void> {
  return new Promise((resolve) =>
    el.addEventListener('plumb-rendered', () => requestAnimationFrame(() => setTimeout(resolve, 0)), { once: true }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(tag: 'plumb-rating-distribution' | 'plumb-nine-box') {
  const el = document.createElement(tag) as HTMLElement & { connector?: Connector; department?: string };
  el.style.width = '1200px';
  document.body.append(el);
  let t = performance.now();
  let done = rendered(el);
  el.connector = db;
  await done;
  const first = performance.now() - t;
  const filters: number[] = [];
  for (const d of ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7']) {
    t = performance.now();
    done = rendered(el);
    el.department = d;
    await done;
    filters.push(performance.now() - t);
  }
  el.remove();
  return { first: Math.round(first), filter_median: Math.round(median(filters)), filter_max: Math.round(Math.max(...filters)) };
}

await load(db);
await db.query('SELECT 1');
// Warm-up: the first query after loading pays one-off costs (worker compile of the plans).
await measure('plumb-rating-distribution');
const result = { people: n, rating_distribution: await measure('plumb-rating-distribution'), nine_box: await measure('plumb-nine-box') };
document.body.setAttribute('data-result', JSON.stringify(result));
