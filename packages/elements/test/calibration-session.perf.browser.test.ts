// Timing at scale, by hand (not in CI):
//   VITE_PLUMB_PERF=10000 npx vitest run --project browser packages/elements/test/calibration-session.perf.browser.test.ts
// Measures (1) the calibration table scrolled through 10,000 rows: frame times while scrolling, rows in
// the DOM; (2) one rating change → every session view repainted (nine-box, distribution, table, log).
import { describe, expect, it } from 'vitest';
import { loadSample, type Connector } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';

const people = Number(import.meta.env.VITE_PLUMB_PERF ?? 0);
const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

describe.runIf(people > 0)('calibration session at scale', () => {
  it(`${people} people`, async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    data.hideDiagnostics = true;
    data.prepare = (c: Connector) => loadSample(c, { people, seed: 7 }).then(() => undefined);
    const nineBox = Object.assign(document.createElement('plumb-nine-box'), { stage: 'calibrated' as const });
    const distribution = document.createElement('plumb-rating-distribution');
    distribution.setAttribute('stage', 'calibrated');
    const table = document.createElement('plumb-calibration-table');
    const log = document.createElement('plumb-session-log');
    data.append(table, nineBox, distribution, log);
    data.style.cssText = 'display:block;width:1280px';
    document.body.append(data);
    let t = performance.now();
    while (!table.result) await new Promise((r) => setTimeout(r, 50));
    console.log(`load + first table ${Math.round(performance.now() - t)} ms, rows ${table.result.rows.length}`);
    await data.session.open({ cycle: table.result.cycle });
    await Promise.all([table.settled(), nineBox.settled(), distribution.settled(), log.settled()]);

    // 1. Scroll the whole table, 400 px a frame (a fast wheel), and time the frames.
    const scroller = table.shadowRoot!.querySelector<HTMLElement>('[part=scroller]')!;
    // The table's own work per window move (lit's render and commit), and tasks over 50 ms meanwhile:
    // frame times alone cannot tell the element's cost from a busy machine's.
    const renders: number[] = [];
    const update = (table as unknown as { update(c: unknown): void }).update;
    (table as unknown as { update(c: unknown): void }).update = function (this: unknown, c: unknown) {
      const t0 = performance.now();
      update.call(this, c);
      renders.push(performance.now() - t0);
    };
    // The page at rest first (no scrolling): long tasks here are not the table's.
    const idle: number[] = [];
    const idleObserver = new PerformanceObserver((list) => idle.push(...list.getEntries().map((e) => e.duration)));
    idleObserver.observe({ type: 'longtask' });
    for (let i = 0; i < 300; i++) await frame();
    idleObserver.disconnect();
    console.log(JSON.stringify({ idle_frames: 300, idle_long_tasks: idle.map(Math.round) }));
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const frames: number[] = [];
    let maxRows = 0;
    let last = await frame();
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += 400;
      const now = await frame();
      frames.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, table.shadowRoot!.querySelectorAll('.body [role=row]').length);
    }
    observer.disconnect();
    delete (table as unknown as { update?: unknown }).update;
    console.log(JSON.stringify({ renders: renders.length, render_median_ms: quantile(renders, 0.5), render_p95_ms: quantile(renders, 0.95), render_max_ms: Math.max(...renders), long_tasks: longTasks.map(Math.round) }));
    // The floor: the same scroll over an empty box of the same height (the machine's frame pacing).
    const empty = document.createElement('div');
    empty.style.cssText = `height:${scroller.clientHeight}px;overflow-y:auto`;
    empty.innerHTML = `<div style="height:${scroller.scrollHeight}px"></div>`;
    document.body.append(empty);
    const floor: number[] = [];
    last = await frame();
    while (empty.scrollTop + empty.clientHeight < empty.scrollHeight - 1) {
      empty.scrollTop += 400;
      const now = await frame();
      floor.push(now - last);
      last = now;
    }
    empty.remove();
    console.log(JSON.stringify({ floor_median_ms: quantile(floor, 0.5), floor_p95_ms: quantile(floor, 0.95) }));
    const rows = table.result.rows.length;
    console.log(JSON.stringify({ rows, frames: frames.length, median_ms: quantile(frames, 0.5), p95_ms: quantile(frames, 0.95), max_ms: Math.max(...frames), max_rows_in_dom: maxRows }));
    expect(maxRows).toBeLessThan(80);

    // 2. One change → every view repainted (the controller's promise settles once they have).
    const changes: number[] = [];
    const drawn: Record<string, number[]> = {};
    for (const el of [table, nineBox, distribution, log]) {
      el.addEventListener('plumb-rendered', (e) => (drawn[el.localName] ??= []).push(Math.round(e.detail.ms)));
    }
    for (let i = 0; i < 5; i++) {
      const row = table.result.rows[i * 97]!;
      t = performance.now();
      await data.session.changeRating({ employee_id: row.id, to_rating: row.calibrated_rating! >= 3 ? row.calibrated_rating! - 1 : row.calibrated_rating! + 1 });
      await Promise.all([table.settled(), nineBox.settled(), distribution.settled(), log.settled()]);
      changes.push(performance.now() - t);
    }
    console.log(JSON.stringify({ people, change_to_repaint_ms: changes.map(Math.round), median: Math.round(quantile(changes, 0.5)), per_view_query_and_draw_ms: drawn }));
    // The table's own share: sort and draw of the 10,000 rows it already has (a re-sort forces both).
    const own: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      table.shadowRoot!.querySelector<HTMLElement>('[role=columnheader][data-c="4"]')!.click();
      await table.updateComplete;
      await frame();
      own.push(performance.now() - t);
    }
    console.log(JSON.stringify({ table_sort_and_draw_ms: own.map(Math.round) }));
    data.remove();
  }, 600_000);
});
