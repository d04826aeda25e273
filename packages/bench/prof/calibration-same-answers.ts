// The rating distribution's and nine-box's answers over a matrix of options (filters × anonymize × minGroup ×
// maxRaters × halo × namesPerBox × compared stage) on the seeded sample, as JSON lines into OUT; with BASE (the same
// run's file from another tree) each answer compared, numbers to 1e-12 relative (sums of doubles in another order).
// AHEAD=1: built as a server builds (prepareServedViews: counts in read order, unfiltered plans decided). MATRIX=small
// for 10k people (96 answers instead of 968). NARROW=1 adds a manager's, a team × level's and a department × rater's answers.
// Run in each tree: PEOPLE=600 OUT=/tmp/a.jsonl [BASE=/tmp/b.jsonl] NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/calibration-same-answers.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSample, queryRows } from '@plumb/core';
import { NAMED_QUERIES } from '@plumb/core/queries';
import { NodeConnector, prepareServedViews } from '@plumb/core/node';

const people = Number(process.env.PEOPLE ?? 600);
const connector = new NodeConnector();
await loadSample(connector, { people, seed: 1 });
if (process.env.AHEAD) await prepareServedViews(connector, { minGroup: 5 });
const teams = (await queryRows<{ t: string }>(connector, `SELECT team_id AS t FROM people WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 4`)).map((r) => r.t);
const raters = (await queryRows<{ t: string }>(connector, `SELECT rater_id AS t FROM ratings WHERE rater_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`)).map((r) => r.t);
const depts = (await queryRows<{ t: string }>(connector, `SELECT department AS t FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT 2`)).map((r) => r.t);
// A manager with reports who manage (their view nests their reports'), and a team with a level: the other narrow filters.
const [manager] = (await queryRows<{ t: string }>(connector, `SELECT m.manager_id AS t FROM people m WHERE m.manager_id IN (SELECT person_id FROM people WHERE person_id IN (SELECT manager_id FROM people)) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).map((r) => r.t);
const [level] = (await queryRows<{ t: string }>(connector, `SELECT level AS t FROM people WHERE level IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).map((r) => r.t);
const filters: Record<string, unknown>[] = [{}, ...teams.map((team_id) => ({ team_id })), ...raters.map((rater_id) => ({ rater_id })), ...depts.map((department) => ({ department })), { stage: 'calibrated' }, { stage: 'manager', dimension: 'potential' },
  ...(process.env.NARROW ? [{ manager_id: manager }, { team_id: teams[0], level }, { department: depts[0], rater_id: raters[0] }] : [])];
const lines: string[] = [];
const t0 = performance.now();
let ms = { report: 0, nine: 0 };
const small = process.env.MATRIX === 'small';
for (const f of small ? filters.filter((_, i) => [0, 1, 2, 5, 7, 9].includes(i) || i >= 11) : filters) for (const anonymize of [false, true]) for (const minGroup of small ? [5] : [5, 3]) {
  const base = { ...f, anonymize, salt: 's', minGroup };
  for (const maxRaters of small ? [null, 0, 3, 40] : [null, 0, 1, 2, 3, 7, 40]) for (const halo of small ? [true] : [true, false]) {
    const o = { ...base, maxRaters, halo, changes: false, changesByRater: false };
    const s = performance.now();
    const r = await NAMED_QUERIES['calibration-report']!.run(connector, o as never).catch((e: Error) => ({ error: e.message }));
    ms.report += performance.now() - s;
    lines.push(JSON.stringify({ q: 'report', o, r }));
  }
  for (const namesPerBox of small ? [0, 3] : [0, 1, 3, 5]) for (const compareStage of [null, 'manager']) {
    const o = { ...base, namesPerBox, compareStage, performanceDimension: 'overall', potentialDimension: 'potential' };
    const s = performance.now();
    const r = await NAMED_QUERIES['nine-box']!.run(connector, o as never).catch((e: Error) => ({ error: e.message }));
    ms.nine += performance.now() - s;
    lines.push(JSON.stringify({ q: 'nine', o, r }));
  }
}
writeFileSync(process.env.OUT!, lines.join('\n'));
if (process.env.BASE) {
  const base = readFileSync(process.env.BASE, 'utf8').split('\n');
  const near = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => near(x, b[i]));
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      return [...keys].every((k) => near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return a === b;
  };
  const differ = lines.filter((line, i) => !near(JSON.parse(line), JSON.parse(base[i] ?? 'null')));
  console.log(`${lines.length} answers (base ${base.length}): ${lines.filter((l, i) => l === base[i]).length} identical, ${differ.length} differ beyond 1e-12`);
  for (const d of differ.slice(0, 3)) console.log(`  ${JSON.stringify(JSON.parse(d).o)}`);
  if (differ.length || base.length !== lines.length) process.exitCode = 1;
}
console.log(`${lines.length} answers in ${(performance.now() - t0).toFixed(0)} ms (report ${ms.report.toFixed(0)}, nine-box ${ms.nine.toFixed(0)})`);
await connector.close();
