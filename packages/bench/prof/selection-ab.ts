// The calibration views' answers to a selection or a filter — old code (packages/core/src/calibration of <base>) vs this
// tree, alternated in one process on one engine after the pre-aggregate builds: CPU per query, and every answer
// compared (numbers to 1e-12 relative). Filters: the busiest teams (selection-prof's), a department and a level
// (the calibration bench's filters), a manager, unfiltered.
// Run: flock /tmp/plumb-heavy.lock env NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/selection-ab.ts <people> <base> [rounds] [teams]
import { buildPreAggregates, calibrationReportQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import * as reportNew from '../../core/src/calibration/report.js';
import * as nineBoxNew from '../../core/src/calibration/nine-box.js';
import { importAtCommit } from './code-at-commit.js';
import { timedSample } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';

const people = Number(process.argv[2] ?? 10000);
const base = process.argv[3] ?? 'HEAD';
const rounds = Number(process.argv[4] ?? 3);
const teamCount = Number(process.argv[5] ?? 5);
const [reportOld, nineBoxOld] = (await importAtCommit('calibration', base, ['report.ts', 'nine-box.ts'], { untilExit: true })) as [typeof reportNew, typeof nineBoxNew];
const { connector } = await timedSample(people);
await buildPreAggregates(connector, [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[]);
const teams = (await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT ?`, [teamCount])).map((r) => r.team_id);
const [dept] = await queryRows<{ d: string }>(connector, `SELECT department AS d FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const [level] = await queryRows<{ l: string }>(connector, `SELECT level AS l FROM people WHERE level IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
// A manager with a manager above (a chain to check), with the most direct reports.
const [manager] = await queryRows<{ m: string }>(connector, `SELECT p.manager_id AS m FROM people p JOIN people b ON b.person_id = p.manager_id AND b.manager_id IS NOT NULL
  GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const filters: [string, object][] = [['unfiltered', {}], ['department', { department: dept!.d }], ['level', { level: level!.l }], ['manager', { manager_id: manager!.m }],
  ...teams.map((t) => [`team ${t}`, { team_id: t }] as [string, object])];
const code = {
  old: { report: reportOld.calibrationReport, nine: nineBoxOld.nineBoxReport },
  new: { report: reportNew.calibrationReport, nine: nineBoxNew.nineBoxReport },
};
const near = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => near(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  return a === b;
};
const cpu: Record<string, number[]> = {};
let differ = 0;
for (let r = 0; r < rounds; r++) {
  for (const [label, filter] of filters) {
    const answers: Record<string, unknown> = {};
    for (const side of (r % 2 ? ['new', 'old'] : ['old', 'new']) as ('old' | 'new')[]) {
      for (const [view, run] of [['report', () => code[side].report(connector, { ...VIEW_OPTIONS['calibration-report'], ...filter } as never)],
        ['nine-box', () => code[side].nine(connector, { ...VIEW_OPTIONS['nine-box'], ...filter } as never)]] as const) {
        const c = process.cpuUsage();
        answers[`${side} ${view}`] = await run();
        const d = process.cpuUsage(c);
        const key = `${label.startsWith('team') ? 'team' : label} ${view} ${side}`;
        (cpu[key] ??= []).push((d.user + d.system) / 1000);
      }
    }
    for (const view of ['report', 'nine-box']) {
      if (!near(answers[`old ${view}`], answers[`new ${view}`])) {
        differ++;
        console.log(`DIFFER ${label} ${view}`);
      }
    }
  }
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
for (const key of Object.keys(cpu).filter((k) => k.endsWith(' old'))) {
  const k = key.slice(0, -4);
  console.log(`${k.padEnd(22)} CPU median old ${median(cpu[key]!).toFixed(0).padStart(5)} ms, new ${median(cpu[`${k} new`]!).toFixed(0).padStart(5)} ms (${cpu[key]!.length} runs each)`);
}
console.log(`${people} people, base ${base}, ${rounds} rounds, ${filters.length} filters: ${differ} answers differ`);
if (differ) process.exitCode = 1;
await connector.close();
