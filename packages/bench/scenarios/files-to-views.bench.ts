// A page that names its exported CSV files (`<plumb-data src="… ratings.csv:ratings …">`) and shows the four views: from
// the element's arrival until each view has drawn, and until the load has ended (`plumb-load`). Three ways, alternated,
// each in a fresh engine of its own: as a page loads now (the calibration views' files first, those views drawn while
// the OKR files load: LoadOptions.onTablesReady) with every table declared, the same with no table declared (each told
// from its file's head, load/peek.ts), and in one pass (the same loader without onTablesReady: every view waits for
// every file).
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { CANONICAL_TABLES, loadSources } from '@plumb/core';
import '../../elements/src/index.js';
import type { PlumbData } from '../../elements/src/plumb-data/plumb-data.js';
import type { PlumbView } from '../../elements/src/view/plumb-view.js';
import type { BenchScenario } from '../src/scenario.js';

const assets = { mvp: { mainModule: mvpModule, mainWorker: mvpWorker }, eh: { mainModule: ehModule, mainWorker: ehWorker } };
const TAGS = ['plumb-rating-distribution', 'plumb-nine-box', 'plumb-confidence-burndown', 'plumb-cascade-tree'];

type Way = 'first' | 'told' | 'one';

async function page(people: number, container: HTMLElement, way: Way): Promise<Record<string, number>> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = assets;
  data.hideDiagnostics = true;
  data.classList.add('bench-grid');
  data.src = CANONICAL_TABLES.map((t) => `/data/${people}-s1/csv/${t}.csv${way === 'told' ? '' : `:${t}`}`).join(' ');
  if (way === 'one') data.loader = (connector, sources, options) => loadSources(connector, sources, { ...options, onTablesReady: undefined });
  const views = TAGS.map((tag) => document.createElement(tag) as PlumbView<object, unknown>);
  data.append(...views);
  const start = performance.now();
  const times: Record<string, number> = {};
  const drawn = views.map(
    (view) =>
      new Promise<void>((resolve) =>
        view.addEventListener('plumb-rendered', () => {
          times[view.localName.replace('plumb-', '')] ??= performance.now() - start;
          resolve();
        }, { once: true }),
      ),
  );
  const loaded = new Promise<void>((resolve, reject) => {
    data.addEventListener('plumb-load', () => ((times.loaded = performance.now() - start), resolve()), { once: true });
    data.addEventListener('plumb-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)), { once: true });
  });
  container.append(data);
  await Promise.all([loaded, ...drawn]);
  const failed = views.filter((v) => v.status === 'error');
  if (failed.length) throw new Error(failed.map((v) => `${v.localName}: ${v.error?.message}`).join('; '));
  data.remove(); // closes its engine
  await new Promise((r) => setTimeout(r, 500));
  return times;
}

const scenario: BenchScenario = {
  name: 'files-to-views',
  sizes: [600, 10_000, 100_000],
  async run(ctx) {
    const runs: Record<Way, Record<string, number>[]> = { first: [], told: [], one: [] };
    // Two rounds at the bench's sizes, the order turned in the second. Where the bench's own test only checks that it
    // runs (60 people), the page with no table declared once: it runs every step the others run.
    const rounds = ctx.people >= 600 ? 2 : 1;
    for (let round = 0; round < rounds; round++) {
      for (const way of round % 2 ? (['one', 'told', 'first'] as const) : (['first', 'told', 'one'] as const)) {
        if (way !== 'told' && ctx.people < 600) continue;
        runs[way].push(await page(ctx.people, ctx.container, way));
      }
    }
    if (ctx.people < 600) runs.first = runs.one = runs.told;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
    const out: Record<string, number> = {};
    for (const [way, label] of [['first', 'calibration files first'], ['told', 'calibration files first, no table declared'], ['one', 'one pass']] as const) {
      for (const key of ['rating-distribution', 'nine-box', 'confidence-burndown', 'cascade-tree', 'loaded']) {
        out[`${label}: ${key === 'loaded' ? 'load ended' : `${key} drawn`}, from the element's arrival, lower of ${rounds} (ms)`] = median(runs[way].map((r) => r[key]!));
      }
    }
    return out;
  },
};
export default scenario;
