import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import {
  NAMED_QUERIES, buildPreAggregates, burndownQuery, calibrationReportQuery, cascadeQuery, filterDescriptionQuery, invalidateDerived, nineBoxQuery,
  personEvidenceQuery, queryRows,
} from '../../src/index.js';
import { loadSample } from '../../src/sample/load.js';

const VIEW_QUERIES = [calibrationReportQuery, nineBoxQuery, cascadeQuery, burndownQuery, personEvidenceQuery] as const;

describe('pre-aggregates built right after a load', () => {
  const db = new NodeConnector();
  const statements: string[] = [];

  beforeAll(async () => {
    await loadSample(db, { people: 120, seed: 3 });
    const query = db.query.bind(db);
    db.query = (sql, params) => {
      statements.push(sql);
      return query(sql, params);
    };
  });
  afterAll(() => db.close());

  /** What each view with no attributes asks first (the distribution draws moves only in before/after mode). */
  const askEachView = async () => ({
    calibration: await calibrationReportQuery.run(db, { minGroup: 5, changes: false }),
    nineBox: await nineBoxQuery.run(db, { minGroup: 5 }),
    cascade: await cascadeQuery.run(db, {}),
    burndown: await burndownQuery.run(db, {}),
  });
  const creates = () => statements.filter((s) => /^\s*CREATE/i.test(s));
  /** Pre-aggregates built (a view's own privacy plan for its filter is a temporary table of its answer, not one). */
  const preAggregatesBuilt = () => creates().filter((s) => /^\s*CREATE OR REPLACE TABLE\s+"?plumb_agg_/i.test(s));

  it("leaves nothing to build on each view's first request, and the answers are those of an unprepared database", async () => {
    invalidateDerived(db);
    const builds = await buildPreAggregates(db, VIEW_QUERIES, { minGroup: 5 });
    expect(builds.map((b) => [b.query, b.error ?? 'ok'])).toEqual(VIEW_QUERIES.map((q) => [q.name, 'ok']));
    expect(creates().length).toBeGreaterThan(3);
    statements.length = 0;
    const prepared = await askEachView();
    expect(preAggregatesBuilt().map((s) => s.slice(0, 120))).toEqual([]);
    // The same questions after the data version moved (everything built on the request path).
    invalidateDerived(db);
    statements.length = 0;
    const cold = await askEachView();
    expect(preAggregatesBuilt().length).toBeGreaterThan(3);
    expect(JSON.parse(JSON.stringify(prepared))).toEqual(JSON.parse(JSON.stringify(cold)));
    expect(prepared.calibration.raters.length).toBeGreaterThan(0);
  });

  it('on a server the team tree and manager chain are built too: a first team or manager selection builds nothing', async () => {
    invalidateDerived(db);
    const builds = await buildPreAggregates(db, Object.values(NAMED_QUERIES), { minGroup: 5 });
    expect(builds.filter((b) => b.error)).toEqual([]);
    const [{ team_id, manager_id }] = (await queryRows<{ team_id: string; manager_id: string }>(
      db, 'SELECT team_id, manager_id FROM people WHERE team_id IS NOT NULL AND manager_id IS NOT NULL ORDER BY person_id LIMIT 1')) as [{ team_id: string; manager_id: string }];
    statements.length = 0;
    const described = await filterDescriptionQuery.run(db, { team_id, manager_id });
    await nineBoxQuery.run(db, { minGroup: 5, team_id });
    await cascadeQuery.run(db, { manager_id });
    expect(statements.filter((s) => /^\s*CREATE OR REPLACE TABLE plumb_(team|manager)_closure/i.test(s))).toEqual([]);
    expect(described.parts.map((p) => [p.field, p.unknown ?? false])).toEqual([['team_id', false], ['manager_id', false]]);
  });

  it('a view that asks during the build waits for it: each pre-aggregate is built once', async () => {
    invalidateDerived(db);
    statements.length = 0;
    const [builds, report] = await Promise.all([
      buildPreAggregates(db, VIEW_QUERIES, { minGroup: 5 }),
      calibrationReportQuery.run(db, { minGroup: 5 }),
      // A second start (a second view, a second load event) waits for the first.
      buildPreAggregates(db, VIEW_QUERIES, { minGroup: 5 }),
    ]);
    expect(builds.every((b) => !b.error)).toBe(true);
    expect(report.raters.length).toBeGreaterThan(0);
    const built = creates().map((s) => /CREATE OR REPLACE TABLE\s+("?[\w]+"?)/i.exec(s)?.[1]).filter(Boolean);
    expect(built.length).toBeGreaterThan(3);
    expect(new Set(built).size).toBe(built.length);
  });

  it('anonymized views find their own pre-aggregate built (the cascade without withheld key results)', async () => {
    const ask = () => cascadeQuery.run(db, { anonymize: true, minGroup: 5 });
    invalidateDerived(db);
    await buildPreAggregates(db, VIEW_QUERIES, { minGroup: 5, anonymize: true });
    statements.length = 0;
    const prepared = await ask();
    expect(preAggregatesBuilt().map((s) => s.slice(0, 120))).toEqual([]);
    invalidateDerived(db);
    const cold = await ask();
    expect(JSON.parse(JSON.stringify(prepared))).toEqual(JSON.parse(JSON.stringify(cold)));
    // A withheld node is there and says so: the build really was the anonymized one.
    expect(prepared.nodes.some((n) => n.suppressed) || prepared.status_counts.withheld > 0).toBe(true);
  });
});
