// A lab for the pre-aggregate builds' statements: the sample loaded once in DuckDB-WASM (Node), the views' cold
// builds run once with every statement captured into <dir>/base-NN.json ({ sql, params }), then every <name>.json
// dropped into <dir> is run 5 times (median CPU; with `check`, the check query's rows — or with `check: true` the
// statement's own — hashed order-free into
// <name>.out): a statement variant costs seconds instead of a minute's load and build.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/build-lab.ts <people> <dir> [views]
// views: comma list of distribution, nine-box, distribution-filters, burndown, cascade (default distribution,nine-box).
import { writeFileSync } from 'node:fs';
import { calibrationReport, nineBoxReport, queryCascadeView, queryRows } from '@plumb/core';
import { prepareBurndown } from '../../core/src/burndown/query.js';
import { timedSample } from './timed-sample.js';
import { textHash, watchFolder } from './watch-folder.js';

const people = Number(process.argv[2] ?? 10000);
const dir = process.argv[3] ?? '/tmp/build-lab';
const views = (process.argv[4] ?? 'distribution,nine-box').split(',');
const { connector } = await timedSample(people);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const query = connector.query.bind(connector);
let n = 0;
connector.query = async (sql, params) => {
  const c = cpu();
  try {
    return await query(sql, params);
  } finally {
    const name = `base-${String(n++).padStart(2, '0')}`;
    writeFileSync(`${dir}/${name}.sql`, `-- ${(cpu() - c).toFixed(0)} ms cpu\n${sql}\n-- params ${JSON.stringify(params ?? [])}\n`);
  }
};
const build: Record<string, () => Promise<unknown>> = {
  distribution: () => calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false }),
  'nine-box': () => nineBoxReport(connector, { minGroup: 5, namesPerBox: 3 }),
  burndown: () => prepareBurndown(connector),
  cascade: () => queryCascadeView(connector, {}),
  // A department's and a team's answers (after the unfiltered builds): the filter path's statements.
  'distribution-filters': async () => {
    const { department, team } = (await queryRows<{ department: string; team: string }>(connector,
      'SELECT (SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS department, (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS team'))[0]!;
    await calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false, department });
    await calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false, team_id: team });
    await nineBoxReport(connector, { minGroup: 5, namesPerBox: 3, department });
    await nineBoxReport(connector, { minGroup: 5, namesPerBox: 3, team_id: team });
  },
};
for (const v of views) {
  const c = cpu();
  await build[v]!();
  console.log(`${v}: ${(cpu() - c).toFixed(0)} ms cpu`);
}
connector.query = query;
await watchFolder(dir, async (spec, name) => {
  const { sql, params, check, times: repeat, explain } = spec as { sql: string; params?: unknown[]; check?: string | true; times?: number; explain?: boolean };
  if (explain) {
    // The profiled plan as text (EXPLAIN ANALYZE's second column) into <name>.plan.
    const rows = await queryRows<Record<string, string>>(connector, `EXPLAIN ANALYZE ${sql}`, params as never);
    writeFileSync(`${dir}/${name}.plan`, rows.map((r) => Object.values(r).at(-1)).join('\n'));
  }
  const times: number[] = [];
  for (let i = 0; i < (repeat ?? 5); i++) {
    const c = cpu();
    await connector.query(sql, params as never);
    times.push(cpu() - c);
  }
  times.sort((a, b) => a - b);
  let out = `median ${times[times.length >> 1]!.toFixed(1)} ms cpu (min ${times[0]!.toFixed(1)}, all ${times.map((t) => t.toFixed(0)).join(' ')})`;
  if (check) {
    // `check: true`: the statement's own rows (a reader's variant), else the check query's (a build's table).
    const rows = check === true ? await queryRows(connector, sql, params as never) : await queryRows(connector, check);
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
    out += `; check ${rows.length} rows, hash ${textHash(lines.join('\n'))}${rows.length <= 3 ? ` ${lines.join(' ')}` : ''}`;
  }
  return out;
});
