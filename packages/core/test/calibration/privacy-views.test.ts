import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnector } from '../../src/node/index.js';
import { calibrationReport, loadSample, nineBoxReport, queryRows, POOLED_RATER_ID, type CalibrationOptions, type RatingStage } from '../../src/index.js';

const K = 5;

/**
 * One figure a page can show: a count per value (rating values for the rating distribution, the
 * nine boxes for the nine-box) over the people its conditions select. Conditions are the view's
 * filter plus the row (a rater row adds `rater_id`, the pool row adds `pool`), so figure A counts
 * a superset of figure B's people whenever A's conditions are a subset of B's (same measure).
 */
interface Figure {
  name: string;
  /** What the counts are of: `dist:<stage>` or `nine-box:<stage>`. */
  measure: string;
  conditions: Set<string>;
  counts: number[];
  n: number;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

/**
 * Every sequence of two filter/selection states of the 600-person sample — department, level,
 * department × level, team, and (every third) rater selections, at each stage — through both calibration
 * views: no difference of two shown figures over nested populations is a group of 1..k−1 people,
 * and a broader view never shows less than a narrower one (the plan is monotone). The nine-box's
 * total is also compared with the distribution's totals of the same stage (its people are a
 * subset: those with a potential rating too).
 */
describe('one privacy plan across the rating distribution and the nine-box', () => {
  // Native DuckDB (what `plumb serve` runs): the same named queries as in the page (named-queries.test.ts
  // checks the two engines answer alike), about ten times faster here than the wasm build — this sweep
  // runs some 800 reports and was the longest file of the suite on the wasm engine.
  // One database per stage: the three stages' sweeps run side by side (native DuckDB answers off the
  // JavaScript thread), which roughly halves this file's wall time on two cores.
  const stages: RatingStage[] = ['manager', 'calibrated', 'final'];
  const dbs = stages.map(() => new NativeConnector());
  const db = dbs[0]!;
  beforeAll(async () => {
    await Promise.all(dbs.map((d) => loadSample(d, { people: 600, seed: 1 })));
  }, 120_000);
  afterAll(() => Promise.all(dbs.map((d) => d.close())));

  it('no two shown figures subtract to a group under min-group', async () => {
    const values = <T>(sql: string) => queryRows<{ v: T }>(db, sql).then((rows) => rows.map((r) => r.v));
    const departments = await values<string>(`SELECT DISTINCT department AS v FROM people WHERE department IS NOT NULL ORDER BY 1`);
    const levels = await values<string>(`SELECT DISTINCT level AS v FROM people WHERE level IS NOT NULL ORDER BY 1`);
    const teams = await values<string>(`SELECT DISTINCT team_id AS v FROM people WHERE team_id IS NOT NULL ORDER BY 1`);
    const raters = await values<string>(`SELECT DISTINCT rater_id AS v FROM ratings WHERE stage = 'manager' ORDER BY 1`);
    // A team means its subtree and a manager their reports: a filter's conditions are every team
    // (manager) above it too, so "Engineering" is broader than each of its sub-teams (walked here).
    const teamParent = new Map((await queryRows<{ id: string; parent: string | null }>(db, `SELECT team_id AS id, parent_team_id AS parent FROM teams`)).map((r) => [r.id, r.parent]));
    const managerOf = new Map((await queryRows<{ id: string; parent: string | null }>(db, `SELECT person_id AS id, manager_id AS parent FROM people`)).map((r) => [r.id, r.parent]));
    const chain = (parent: Map<string, string | null>, id: string) => {
      const out = [id];
      for (let at = parent.get(id); at && !out.includes(at); at = parent.get(at)) out.push(at);
      return out;
    };
    // Managers with indirect reports (their view nests those of their reports who manage), and a few others.
    const managers = [...new Set([...managerOf.values()].filter((m): m is string => !!m))].sort();
    const nested = managers.filter((m) => managers.some((x) => managerOf.get(x) === m));
    const managerStates = [...nested.slice(0, 4), ...managers.filter((m) => !nested.includes(m)).slice(0, 2)];

    type State = Pick<CalibrationOptions, 'department' | 'level' | 'team_id' | 'rater_id' | 'manager_id'>;
    const states: State[] = [
      {},
      ...departments.map((department) => ({ department })),
      ...levels.map((level) => ({ level })),
      ...departments.flatMap((department) => levels.map((level) => ({ department, level }))),
      ...teams.map((team_id) => ({ team_id })),
      // Every third rater selection: the 95 raters were most of the sweep's states, each the same shape (one
      // rater's people); every rater still appears as a row of the other views' figures.
      ...raters.filter((_, i) => i % 3 === 0).map((rater_id) => ({ rater_id })),
      ...managerStates.map((manager_id) => ({ manager_id })),
      ...managerStates.slice(0, 2).map((manager_id) => ({ department: departments[0]!, manager_id })),
    ];
    const conditionsOf = (s: State) =>
      new Set(
        Object.entries(s).flatMap(([k, v]) =>
          k === 'team_id' ? chain(teamParent, v!).map((t) => `team⊆${t}`) : k === 'manager_id' ? chain(managerOf, v!).map((m) => `reports⊆${m}`) : [`${k}=${v}`],
        ),
      );

    const figures: Figure[] = [];
    let withheld = 0;
    let cutViews = 0;
    const sweep = async (stage: RatingStage, db: NativeConnector) => {
      for (const state of states) {
        const label = `${stage} ${JSON.stringify(state)}`;
        const base = conditionsOf(state);
        const dist = await calibrationReport(db, { ...state, stage, minGroup: K, halo: false, before: stage, after: stage });
        if (dist.privacy.cut_people > 0) cutViews++;
        if (dist.privacy.suppressed) withheld++;
        else if (dist.org.n > 0) {
          const vector = (c: Record<string, number>) => dist.scale.map((s) => c[String(s.value)] ?? 0);
          figures.push({ name: `distribution ${label} total`, measure: `dist:${stage}`, conditions: base, counts: vector(dist.org.counts), n: dist.org.n });
          for (const r of dist.raters) {
            const row = r.rater_id === POOLED_RATER_ID ? 'pool' : `rater_id=${r.rater_id}`;
            figures.push({ name: `distribution ${label} row ${r.rater_id}`, measure: `dist:${stage}`, conditions: new Set([...base, row]), counts: vector(r.counts), n: r.n });
          }
        }
        const nine = await nineBoxReport(db, { ...state, stage, minGroup: K, namesPerBox: 0 });
        if (!nine.privacy.suppressed && nine.n > 0) {
          const counts = nine.cells.map((c) => c.n ?? 0);
          figures.push({ name: `nine-box ${label}`, measure: `nine-box:${stage}`, conditions: base, counts, n: nine.n });
        }
      }
    };
    await Promise.all(stages.map((stage, i) => sweep(stage, dbs[i]!)));
    // The check has something to bite on: many figures, some views withheld, some cut.
    expect(figures.length).toBeGreaterThan(1000);
    expect(withheld).toBeGreaterThan(0);

    const leaks: string[] = [];
    let pairs = 0;
    const byMeasure = new Map<string, Figure[]>();
    for (const f of figures) byMeasure.set(f.measure, [...(byMeasure.get(f.measure) ?? []), f]);
    const check = (broad: Figure, narrow: Figure, vectors: boolean) => {
      pairs++;
      const diff = broad.n - narrow.n;
      if (diff < 0) leaks.push(`${broad.name} shows fewer people (${broad.n}) than the narrower ${narrow.name} (${narrow.n})`);
      else if (diff > 0 && diff < K) leaks.push(`${broad.name} − ${narrow.name} = ${diff} people`);
      if (vectors && broad.counts.some((c, i) => c < narrow.counts[i]!)) leaks.push(`${broad.name} has a smaller count than ${narrow.name} for some value`);
    };
    for (const list of byMeasure.values()) {
      for (const a of list) for (const b of list) if (a !== b && subset(a.conditions, b.conditions)) check(a, b, true);
    }
    // The nine-box beside the distribution of the same stage: its people are a subset.
    for (const stage of stages) {
      const dist = byMeasure.get(`dist:${stage}`) ?? [];
      for (const nb of byMeasure.get(`nine-box:${stage}`) ?? []) {
        for (const d of dist) if (subset(d.conditions, nb.conditions)) check(d, nb, false);
      }
    }
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(pairs).toBeGreaterThan(5_000);
    // Cut views exist (level and team filters cut some teams): the test exercised the check.
    expect(cutViews).toBeGreaterThan(0);
  }, 600_000);
});
