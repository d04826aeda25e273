/**
 * The calibration session at scale (issue 18): a <plumb-data> over the run's database with the rating
 * distribution and the nine-box inside, a session open on the latest review cycle, then
 * - a rating change → every view repainted (`changeRating` settles when the views have redrawn; median
 *   of 5 changes), beside the same work without the DOM (the INSERT of the event and both views' named
 *   queries run directly on the connector: the DuckDB floor);
 * - one event written to IndexedDB (durable, `strict`), median of 5;
 * - restore of a 500-change session (IndexedDB → DuckDB → every view repainted), beside the raw INSERT
 *   of the same 500 events.
 * Goals: change → repainted ≤ 100 ms, write ≤ 20 ms, restore ≤ 300 ms at 10,000 people.
 */
import { calibrationReport, nineBoxReport, queryRows, type SessionEvent } from '../../core/src/index.js';
import '../../elements/src/plumb-data/plumb-data.define.js';
import '../../elements/src/rating-distribution/rating-distribution.define.js';
import '../../elements/src/nine-box/nine-box.define.js';
import type { PlumbData } from '../../elements/src/plumb-data/plumb-data.js';
import { SessionStore } from '../../elements/src/data/session-store.js';
import type { BenchContext, BenchScenario } from '../src/scenario.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default {
  name: 'calibration-session',
  sizes: [600, 10_000],
  async run(ctx: BenchContext): Promise<Record<string, number>> {
    const [cycleRow] = await queryRows<{ cycle_id: string }>(ctx.connector, "SELECT max(cycle_id) AS cycle_id FROM ratings WHERE stage = 'manager'");
    const cycle = cycleRow!.cycle_id;
    const people = await queryRows<{ employee_id: string; rating: number }>(
      ctx.connector,
      `SELECT employee_id, any_value(rating) AS rating FROM ratings WHERE cycle_id = ? AND stage = 'manager' AND dimension = 'overall' GROUP BY 1 ORDER BY 1 LIMIT 600`,
      [cycle],
    );
    const scale = (await queryRows<{ value: number }>(ctx.connector, 'SELECT DISTINCT value FROM rating_scale ORDER BY 1')).map((r) => r.value);
    const top = scale.at(-1) ?? 5;
    const bottom = scale[0] ?? 1;
    const data = document.createElement('plumb-data') as PlumbData;
    data.setAttribute('hide-diagnostics', '');
    data.setAttribute('reason-required', 'never');
    data.innerHTML = `<plumb-rating-distribution cycle="${cycle}" stage="calibrated" dimension="overall"></plumb-rating-distribution>
      <plumb-nine-box cycle="${cycle}" stage="calibrated"></plumb-nine-box>`;
    const loaded = new Promise((resolve) => data.addEventListener('plumb-load', resolve, { once: true }));
    data.connector = ctx.connector;
    ctx.container.append(data);
    await loaded;
    const views = [...data.querySelectorAll('plumb-rating-distribution, plumb-nine-box')] as unknown as { settled(): Promise<void> }[];
    await ctx.time('open the session, views repainted (ms)', async () => {
      await data.session.open({ cycle, facilitator: 'bench' });
      await ctx.nextFrame();
    });
    await Promise.all(views.map((v) => v.settled()));

    const changes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = people[i]!;
      const to = p.rating === top ? bottom : top;
      const t0 = performance.now();
      await data.session.changeRating({ employee_id: p.employee_id, to_rating: to, reason: 'bench' });
      await ctx.nextFrame();
      changes.push(performance.now() - t0);
    }
    // The DuckDB floor of one change: the event's INSERT and both views' named queries, no DOM.
    const floors: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await ctx.connector.query(
        `INSERT INTO calibration_events VALUES ('floor', ?, 'rating', ?, 'overall', NULL, ?, 'bench', 'bench', '2026-01-01T00:00:00Z', NULL)`,
        [i + 1, people[10 + i]!.employee_id, top],
      );
      await Promise.all([
        calibrationReport(ctx.connector, { cycle, stage: 'calibrated', dimension: 'overall', minGroup: 5, anonymize: false }),
        nineBoxReport(ctx.connector, { cycle, stage: 'calibrated', minGroup: 5 }),
      ]);
      floors.push(performance.now() - t0);
    }

    const store = new SessionStore();
    const writes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e: SessionEvent = { session_id: 'bench-write', seq: Date.now() * 10 + i, kind: 'note', employee_id: null, dimension: null, from_rating: null, to_rating: null, reason: 'bench', by_id: 'bench', at: new Date().toISOString(), undoes_seq: null };
      const t0 = performance.now();
      await store.addEvents('bench', [e]);
      writes.push(performance.now() - t0);
    }

    // A 500-change session of another id, written to IndexedDB, then restored into the page.
    const sessionId = `bench-500-${Date.now()}`;
    const current = new Map(people.map((p) => [p.employee_id, p.rating]));
    const events: SessionEvent[] = [];
    for (let seq = 1; seq <= 500; seq++) {
      const p = people[seq % people.length]!;
      const from = current.get(p.employee_id)!;
      const to = scale[(scale.indexOf(from) + 1) % scale.length] ?? from;
      current.set(p.employee_id, to);
      events.push({ session_id: sessionId, seq, kind: 'rating', employee_id: p.employee_id, dimension: 'overall', from_rating: from, to_rating: to, reason: 'bench', by_id: 'bench', at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), undoes_seq: null });
    }
    const restoreMs = await ctx.time('restore a 500-change session, views repainted (ms)', async () => {
      await data.session.restore({ session: { session_id: sessionId, cycle_id: cycle, scope: null, facilitator_id: 'bench', opened_at: new Date().toISOString(), closed_at: null }, events });
      await ctx.nextFrame();
    });
    const rawInsert = await ctx.time('raw INSERT of the same 500 events (ms)', async () => {
      await ctx.connector.query(`CREATE TEMP TABLE bench_events AS SELECT * FROM calibration_events WHERE session_id = ?`, [sessionId]);
      await ctx.connector.query(`INSERT INTO bench_events SELECT * FROM bench_events`);
    });
    data.remove();
    return {
      'change → every view repainted, median of 5 (ms)': median(changes),
      'change → repainted, worst of 5 (ms)': Math.max(...changes),
      'DuckDB floor of a change: INSERT + both named queries, median of 3 (ms)': median(floors),
      'write one event to IndexedDB, median of 5 (ms)': median(writes),
      'restore 500 changes (ms)': restoreMs,
      'raw INSERT 500 events (ms)': rawInsert,
    };
  },
} satisfies BenchScenario;
