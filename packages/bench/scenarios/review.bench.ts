// Bench (issue 11): one person's evidence bundle + the default draft, from loaded data, in Chromium
// (WasmConnector). Aim: ≤ 300 ms at 100,000 people. Beside it, the floor: the raw DuckDB time of the
// very SQL statements personEvidence ran (recorded during the call, then replayed one after another on
// the same connector), so the JS share (building items, drafting) is the difference.
// Median over a few people of different kinds (an IC with key results, a manager, a VP).
//
// Measured 2026-12-01 with `flock /tmp/plumb-heavy.lock pnpm bench --only review --sizes 100000` on the
// shared 2-core machine (load average ~15; the representative aggregate query took 312 ms in the same run):
// 655 ms median (791 max) beside 603 ms raw DuckDB time of the same statements, i.e. it is SQL, not JS.
// 10,000 people: 311 ms beside 310 ms. The first version (one query with many semi-joins, deliveries
// of every key result in view) took 1370 ms beside 1447 ms at 100k in the same conditions.
import { draftAssessment, personEvidence, queryRows, type Connector, type SqlParam } from '@plumb/core';
import type { BenchScenario } from '../src/scenario.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** People with owned key results: the most key results among ICs, managers and VPs (stable picks). */
export function reviewPicks(connector: Connector): Promise<{ person_id: string }[]> {
  return queryRows<{ person_id: string }>(
    connector,
    `SELECT person_id FROM (
       SELECT p.person_id, p.level, count(k.key_result_id) AS krs,
              row_number() OVER (PARTITION BY p.level ORDER BY count(k.key_result_id) DESC, p.person_id) AS r
         FROM people p JOIN key_results k ON k.owner_id = p.person_id
        WHERE p.level IN ('IC3', 'Manager', 'Director', 'VP') GROUP BY p.person_id, p.level)
      WHERE r = 1 ORDER BY person_id`,
  );
}

/** A connector that forwards to `inner` and records every statement it was asked to run. */
function recording(inner: Connector, log: { sql: string; params: readonly SqlParam[] | undefined }[]): Connector {
  return {
    query: (sql, params) => {
      log.push({ sql, params });
      return inner.query(sql, params);
    },
    insertArrowIPC: (t, ipc, o) => inner.insertArrowIPC(t, ipc, o),
    registerFile: (n, b) => inner.registerFile(n, b),
    dropFile: (n) => inner.dropFile(n),
    close: () => inner.close(),
  };
}

const scenario: BenchScenario = {
  name: 'review',
  async run(ctx) {
    const picks = await reviewPicks(ctx.connector);
    const total: number[] = [];
    const sql: number[] = [];
    let items = 0;
    let sentences = 0;
    // Warm-up (first-query costs of the session are not what a manager opening a review waits for).
    if (picks[0]) await draftAssessment(await personEvidence(ctx.connector, { person: picks[0].person_id }));
    for (const { person_id } of picks) {
      const log: { sql: string; params: readonly SqlParam[] | undefined }[] = [];
      const db = recording(ctx.connector, log);
      const t0 = performance.now();
      const evidence = await personEvidence(db, { person: person_id });
      const draft = await draftAssessment(evidence);
      total.push(performance.now() - t0);
      items += evidence.items.length;
      sentences += draft.sentences.length;
      const t1 = performance.now();
      for (const q of log) await ctx.connector.query(q.sql, q.params);
      sql.push(performance.now() - t1);
    }
    return {
      'evidence + default draft, median (ms)': median(total),
      'evidence + default draft, max (ms)': Math.max(...total),
      'raw DuckDB time of its queries, median (ms)': median(sql),
      people_measured: picks.length,
      'items per person': Math.round(items / Math.max(1, picks.length)),
      'sentences per person': Math.round(sentences / Math.max(1, picks.length)),
    };
  },
};
export default scenario;
