// Planning time alone of the calibration views' statements, old code (packages/core/src/calibration of <base>) vs this
// tree: each view's statements for a filter are captured once per side, then `PREPARE` of each (DuckDB binds, optimizes
// and plans it, runs nothing) is timed, old and new alternated, CPU per statement. Planning hardly depends on the data's
// size (a team's report: ~85 ms at 600 people as at 100k), so a small sample serves; answers are compared by
// selection-ab.ts and calibration-same-answers.ts.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/plan-ab.ts [people] [base] [reps]
import { buildPreAggregates, calibrationReportQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import type { SqlParam } from '@plumb/core';
import * as reportNew from '../../core/src/calibration/report.js';
import * as nineBoxNew from '../../core/src/calibration/nine-box.js';
import { importAtCommit } from './code-at-commit.js';
import { timedSample } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 600);
const base = process.argv[3] ?? 'HEAD';
const reps = Number(process.argv[4] ?? 30);
const [reportOld, nineBoxOld] = (await importAtCommit('calibration', base, ['report.ts', 'nine-box.ts'], { untilExit: true })) as [typeof reportNew, typeof nineBoxNew];
const { connector } = await timedSample(people);
await buildPreAggregates(connector, [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[]);
const [team] = await queryRows<{ t: string }>(connector, `SELECT team_id AS t FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const [dept] = await queryRows<{ d: string }>(connector, `SELECT department AS d FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const filters: [string, object][] = [['unfiltered', {}], ['department', { department: dept!.d }], ['team', { team_id: team!.t }]];
const code = {
  old: { report: reportOld.calibrationReport, nine: nineBoxOld.nineBoxReport },
  new: { report: reportNew.calibrationReport, nine: nineBoxNew.nineBoxReport },
};
// The statements a view sends for a filter (its lookups cached by then: the second run's).
const query = connector.query.bind(connector);
async function statements(run: () => Promise<unknown>): Promise<{ sql: string; params: SqlParam[] }[]> {
  await run();
  const log: { sql: string; params: SqlParam[] }[] = [];
  connector.query = async (sql, params) => { log.push({ sql, params: [...(params ?? [])] }); return query(sql, params); };
  try { await run(); } finally { connector.query = query; }
  return log;
}
const cases: { key: string; old: { sql: string; params: SqlParam[] }[]; new: { sql: string; params: SqlParam[] }[] }[] = [];
for (const [label, filter] of filters) {
  for (const view of ['report', 'nine'] as const) {
    const options = { ...VIEW_OPTIONS[view === 'report' ? 'calibration-report' : 'nine-box'], ...filter };
    cases.push({
      key: `${label} ${view}`,
      old: await statements(() => code.old[view](connector, options as never)),
      new: await statements(() => code.new[view](connector, options as never)),
    });
  }
}
const cpu: Record<string, number[]> = {};
let n = 0;
for (let r = 0; r < reps; r++) {
  for (const c of cases) {
    for (const side of (r % 2 ? ['new', 'old'] : ['old', 'new']) as ('old' | 'new')[]) {
      const start = process.cpuUsage();
      for (const s of c[side]) await query(`PREPARE plan_ab_${n++} AS ${s.sql}`, s.params);
      const d = process.cpuUsage(start);
      (cpu[`${c.key} ${side}`] ??= []).push((d.user + d.system) / 1000);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
for (const c of cases) {
  const chars = (side: 'old' | 'new') => c[side].reduce((t, s) => t + s.sql.length, 0);
  console.log(`${c.key.padEnd(18)} planning CPU median old ${median(cpu[`${c.key} old`]!).toFixed(1).padStart(6)} ms, new ${median(cpu[`${c.key} new`]!).toFixed(1).padStart(6)} ms` +
    ` (${c.old.length}/${c.new.length} statements, ${chars('old')}/${chars('new')} chars)`);
}
console.log(`${people} people, base ${base}, ${reps} rounds`);
await connector.close();
