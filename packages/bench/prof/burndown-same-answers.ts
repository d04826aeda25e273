// The burn-down's answers, old code vs this tree, deep-equal (Object.is on numbers, so 0 and -0 differ): the named
// query over 64 option sets (4 as-of dates: today, mid-cycle, week 1, before the cycle × groupings, filters, anonymize +
// min-group, thresholds, rule sets) and burndown() over every grouping. The old code is `packages/core/src/burndown` of
// <base> (a commit), copied for the run into packages/core/src/.burndown-base (removed after), each side on its own engine.
// MUTATE=1: the sample with blank confidences/labels/values, several check-ins in a week, some planned values dropped;
// MUTATE=2: no planned values at all. QUARTILES_FROM_COUNTS=<n>: this tree takes the organisation's confidence quartiles
// from counts from n check-ins (0: always).
// Run: [MUTATE=1] [ENGINE=native] [SERVED=1] node --conditions=plumb-source --import tsx packages/bench/prof/burndown-same-answers.ts <people> <base>
import { deepStrictEqual } from 'node:assert';
import { loadSample, queryRows } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';
import { markServed } from '../../core/src/queries/derived.js';
import { runBurndownQuery as runNew } from '../../core/src/burndown/named-query.js';
import { burndown as burndownNew } from '../../core/src/burndown/query.js';
import { quartilesFromCounts } from '../../core/src/burndown/series-table.js';
import { importAtCommit } from './code-at-commit.js';

if (process.env.QUARTILES_FROM_COUNTS) quartilesFromCounts.minCheckIns = Number(process.env.QUARTILES_FROM_COUNTS);

const people = Number(process.argv[2] ?? 600);
const base = process.argv[3] ?? 'HEAD';
const [{ runBurndownQuery: runOld }, { burndown: burndownOld }] = (await importAtCommit('burndown', base, ['named-query.ts', 'query.ts'])) as
  [{ runBurndownQuery: typeof runNew }, { burndown: typeof burndownNew }];
// ENGINE=native: both sides on the native engine (`plumb serve`'s), which runs the same SQL.
const engine = () => (process.env.ENGINE === 'native' ? new NativeConnector() : new NodeConnector());
const a = engine();
const b = engine();
// SERVED=1: both engines as a server's (`markServed`: its tables as plumb serve builds them), with ENGINE=native.
if (process.env.SERVED) for (const db of [a, b]) markServed(db);
await Promise.all([loadSample(a, { people, seed: 1 }), loadSample(b, { people, seed: 1 })]);
const mutate = process.env.MUTATE;
for (const db of [a, b]) {
  const h = `hash(key_result_id || checked_at::VARCHAR)`;
  if (mutate === '1') {
    // Several check-ins in a week, check-ins without a confidence / raw label / value / progress.
    await db.query(`INSERT INTO check_ins SELECT key_result_id, checked_at + 2, value * 0.9, progress, confidence - 0.15, confidence_raw || 'x', confidence_scale, status, note, author_id, planned_value FROM check_ins WHERE ${h} % 9 = 0`);
    await db.query(`UPDATE check_ins SET confidence = NULL WHERE ${h} % 7 = 0`);
    await db.query(`UPDATE check_ins SET confidence_raw = NULL WHERE ${h} % 5 = 1`);
    await db.query(`UPDATE check_ins SET value = NULL, progress = CASE WHEN ${h} % 2 = 0 THEN NULL ELSE progress END WHERE ${h} % 11 = 2`);
    await db.query(`UPDATE check_ins SET planned_value = NULL WHERE ${h} % 3 = 0`);
  }
  if (mutate === '2') await db.query('UPDATE check_ins SET planned_value = NULL');
}
const teams = await queryRows<{ team_id: string; parent_team_id: string | null }>(a,
  `SELECT o.team_id, any_value(t.parent_team_id) AS parent_team_id FROM objectives o JOIN key_results k USING (objective_id) JOIN teams t ON t.team_id = o.team_id GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 3`);
const people_ = await queryRows<{ owner_id: string; manager_id: string }>(a, `SELECT k.owner_id, p.manager_id FROM key_results k JOIN people p ON p.person_id = k.owner_id WHERE p.manager_id IS NOT NULL ORDER BY k.key_result_id LIMIT 2`);
const objective = (await queryRows<{ objective_id: string }>(a, `SELECT objective_id FROM key_results ORDER BY key_result_id LIMIT 1`))[0]!.objective_id;
const krs = (await queryRows<{ key_result_id: string }>(a, `SELECT key_result_id FROM key_results ORDER BY key_result_id LIMIT 5`)).map((r) => r.key_result_id);
const top = teams.find((t) => t.parent_team_id)?.parent_team_id ?? teams[0]!.team_id;
const cases: Record<string, unknown>[] = [];
for (const asOf of [undefined, '2026-08-12', '2026-07-01', '2026-06-20']) {
  const base = asOf ? { asOf } : {};
  cases.push(
    { ...base }, { ...base, by: 'team' }, { ...base, by: 'department' }, { ...base, by: 'objective', measures: ['progress'] },
    { ...base, threshold: 0.55, ruleWeek: 3, seriesLimit: 12, measures: ['confidence'] },
    { ...base, team_id: teams[0]!.team_id, seriesLimit: 200 }, { ...base, team_id: top, by: 'team' }, { ...base, department: 'Engineering' },
    { ...base, person_id: people_[0]!.owner_id }, { ...base, manager_id: people_[0]!.manager_id }, { ...base, objective_id: objective },
    { ...base, key_result_ids: krs }, { ...base, key_result_id: krs[0] },
    { ...base, anonymize: true, salt: 's', minGroup: 5, by: 'team' }, { ...base, anonymize: true, salt: 's', team_id: teams[1]!.team_id },
    { ...base, rules: [{ kind: 'stale', weeks: 2 }, { kind: 'confidence-drop', points: 0.05 }, { kind: 'divergence', gap: 0.1 }, { kind: 'below-threshold', threshold: 0.7, fromWeek: 2 }] },
  );
}
let n = 0;
for (const options of cases) {
  const [x, y] = [await runOld(a, options as never), await runNew(b, options as never)];
  deepStrictEqual(y, x, JSON.stringify(options));
  n++;
}
// The CLI's call (burndown() directly, exact team) and every grouping with both measures.
for (const by of ['cycle', 'team', 'department', 'objective', 'key_result'] as const) {
  deepStrictEqual(await burndownNew(b, { by, asOf: '2026-08-12', team_id: teams[0]!.team_id }), await burndownOld(a, { by, asOf: '2026-08-12', team_id: teams[0]!.team_id }), by);
  n++;
}
console.log(`${people} people (MUTATE=${mutate ?? '-'}): ${n} answers deep-equal (old ${base} vs this tree); e.g. alerts ${Object.values((await runNew(b, {})).alert_counts).join('/')}`);
await Promise.all([a.close(), b.close()]);
