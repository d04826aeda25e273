// A lab for the pre-aggregate builds' statements: the sample loaded once in DuckDB-WASM (Node), the views' cold
// builds run once with every statement captured into <dir>/base-NN.json ({ sql, params }), then every <name>.json
// dropped into <dir> is run 5 times (median CPU; with `check`, the check query's rows — or with `check: true` the
// statement's own — hashed order-free into
// <name>.out): a statement variant costs seconds instead of a minute's load and build.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/build-lab.ts <people> <dir> [views]
// views: comma list of distribution, nine-box, distribution-filters, burndown, cascade (default distribution,nine-box).
import { calibrationReport, nineBoxReport, queryCascadeView, queryRows } from '@plumb/core';
import { prepareBurndown } from '../../core/src/burndown/query.js';
import { timedSample } from './timed-sample.js';
import { captureStatements, watchVariants } from './watch-folder.js';

const people = Number(process.argv[2] ?? 10000);
const dir = process.argv[3] ?? '/tmp/build-lab';
const views = (process.argv[4] ?? 'distribution,nine-box').split(',');
const { connector } = await timedSample(people);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clock = { unit: 'ms cpu', now: cpu };
const stopCapture = captureStatements(dir, connector, clock);
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
stopCapture();
await watchVariants(dir, connector, clock);
