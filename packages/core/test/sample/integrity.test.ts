import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { queryRows } from '../../src/connector.js';
import { CANONICAL_TABLES, isSessionTable, type CanonicalTable } from '../../src/schema.js';
import { loadSample, type SampleOrganisation } from '../../src/sample/index.js';

// The sample loaded into a real DuckDB (blocking DuckDB-WASM), checked with SQL.
const db = new NodeConnector();
let sample: SampleOrganisation;
let inserted: Record<CanonicalTable, number>;

beforeAll(async () => {
  const result = await loadSample(db, { people: 1200, seed: 1 });
  sample = result.sample;
  inserted = result.rows;
});
afterAll(() => db.close());

const one = async <T>(sql: string) => (await queryRows<T>(db, sql))[0]!;
const count = async (sql: string) => (await one<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`)).n;

describe('loadSample into DuckDB: referential integrity', () => {
  it('inserts every table, and every row it generated', async () => {
    for (const table of CANONICAL_TABLES) {
      // The sample is what HR and OKR tools export before calibration: a session's tables are the room's to fill.
      if (isSessionTable(table)) expect(inserted[table], table).toBe(0);
      else expect(inserted[table], table).toBeGreaterThan(0);
      expect(await count(`SELECT * FROM ${table}`), table).toBe(inserted[table]);
    }
    expect(inserted.people).toBe(1200);
  });

  it('has one chief executive, every manager exists, and the manager chain has no cycle', async () => {
    expect(await count('SELECT * FROM people WHERE manager_id IS NULL')).toBe(1);
    expect(await count('SELECT * FROM people p LEFT JOIN people m ON m.person_id = p.manager_id WHERE p.manager_id IS NOT NULL AND m.person_id IS NULL')).toBe(0);
    // Walk up from everyone: every chain reaches the top within the tree's depth (a cycle never would).
    const reached = await one<{ n: number; deepest: number }>(`
      WITH RECURSIVE chain(person_id, manager_id, steps) AS (
        SELECT person_id, manager_id, 0 FROM people
        UNION ALL
        SELECT c.person_id, m.manager_id, c.steps + 1 FROM chain c JOIN people m ON m.person_id = c.manager_id
        WHERE c.steps < 50)
      SELECT count(DISTINCT person_id) AS n, max(steps) AS deepest FROM chain WHERE manager_id IS NULL`);
    expect(reached.n).toBe(1200);
    expect(reached.deepest).toBe(sample.counts.maxDepth);
  });

  it('builds the team tree from the management tree', async () => {
    expect(await count('SELECT * FROM teams t LEFT JOIN teams p ON p.team_id = t.parent_team_id WHERE t.parent_team_id IS NOT NULL AND p.team_id IS NULL')).toBe(0);
    expect(await count('SELECT * FROM people p LEFT JOIN teams t USING (team_id) WHERE t.team_id IS NULL')).toBe(0);
    // A team's parent is the team its lead's manager leads.
    expect(await count(`
      SELECT * FROM teams t JOIN people lead ON lead.person_id = t.lead_id
      JOIN teams parent ON parent.team_id = t.parent_team_id
      WHERE parent.lead_id IS DISTINCT FROM lead.manager_id`)).toBe(0);
  });

  it('links every key result, alignment, check-in, link, rating and feedback to rows that exist', async () => {
    const dangling = {
      'key result → objective': 'SELECT * FROM key_results k LEFT JOIN objectives o USING (objective_id) WHERE o.objective_id IS NULL',
      'objective → parent objective': 'SELECT * FROM objectives o LEFT JOIN objectives p ON p.objective_id = o.parent_objective_id WHERE o.parent_objective_id IS NOT NULL AND p.objective_id IS NULL',
      'objective → parent key result': 'SELECT * FROM objectives o LEFT JOIN key_results k ON k.key_result_id = o.parent_key_result_id WHERE o.parent_key_result_id IS NOT NULL AND k.key_result_id IS NULL',
      'objective → owner': 'SELECT * FROM objectives o LEFT JOIN people p ON p.person_id = o.owner_id WHERE p.person_id IS NULL',
      'check-in → key result': 'SELECT * FROM check_ins c LEFT JOIN key_results k USING (key_result_id) WHERE k.key_result_id IS NULL',
      'link → key result': 'SELECT * FROM links l LEFT JOIN key_results k USING (key_result_id) WHERE k.key_result_id IS NULL',
      'rating → employee': 'SELECT * FROM ratings r LEFT JOIN people p ON p.person_id = r.employee_id WHERE p.person_id IS NULL',
      'rating → rater is the manager': 'SELECT * FROM ratings r JOIN people p ON p.person_id = r.employee_id WHERE r.rater_id IS DISTINCT FROM p.manager_id',
      'feedback → giver': 'SELECT * FROM feedback f LEFT JOIN people p ON p.person_id = f.giver_id WHERE p.person_id IS NULL',
      'recognition → key result': 'SELECT * FROM recognitions r LEFT JOIN key_results k USING (key_result_id) WHERE r.key_result_id IS NOT NULL AND k.key_result_id IS NULL',
    };
    for (const [what, sql] of Object.entries(dangling)) expect(await count(sql), what).toBe(0);
    // Alignment never loops: every aligned objective reaches a company objective or an unaligned root.
    const roots = await one<{ n: number }>(`
      WITH RECURSIVE up(objective_id, parent, steps) AS (
        SELECT objective_id, parent_objective_id, 0 FROM objectives
        UNION ALL
        SELECT u.objective_id, o.parent_objective_id, u.steps + 1 FROM up u JOIN objectives o ON o.objective_id = u.parent WHERE u.steps < 50)
      SELECT count(DISTINCT objective_id) AS n FROM up WHERE parent IS NULL`);
    expect(roots.n).toBe(inserted.objectives);
  });

  it('has no duplicate keys', async () => {
    expect(await count('SELECT key_result_id, checked_at FROM check_ins GROUP BY ALL HAVING count(*) > 1')).toBe(0);
    expect(await count('SELECT cycle_id, employee_id, rater_id, stage, dimension FROM ratings GROUP BY ALL HAVING count(*) > 1')).toBe(0);
    expect(await count('SELECT key_result_id, kind, external_id FROM links GROUP BY ALL HAVING count(*) > 1')).toBe(0);
  });
});

describe('loadSample: the facts the README promises at seed 1', () => {
  it('has company key results below the midpoint by week 4, one recovering, one never checked in', async () => {
    const week4 = await queryRows<{ key_result_id: string; confidence: number }>(db, `
      SELECT key_result_id, confidence FROM check_ins
      WHERE key_result_id IN ('kr-c1-2', 'kr-c1-3', 'kr-c2-2', 'kr-c3-1', 'kr-c3-3')
        AND checked_at >= DATE '2026-06-29' + INTERVAL 21 DAY AND checked_at < DATE '2026-06-29' + INTERVAL 28 DAY
      ORDER BY 1`);
    expect(week4.map((r) => r.key_result_id)).toEqual(['kr-c1-2', 'kr-c1-3', 'kr-c2-2', 'kr-c3-1', 'kr-c3-3']);
    for (const r of week4) expect(r.confidence, r.key_result_id).toBeLessThan(0.5);
    const last = await queryRows<{ key_result_id: string; confidence: number }>(db, `
      SELECT key_result_id, arg_max(confidence, checked_at) AS confidence FROM check_ins
      WHERE key_result_id IN ('kr-c1-2', 'kr-c1-3', 'kr-c2-2', 'kr-c3-1', 'kr-c3-3') GROUP BY 1 ORDER BY 1`);
    expect(last.filter((r) => r.confidence >= 0.5).map((r) => r.key_result_id)).toEqual(['kr-c1-3', 'kr-c3-1']);
    expect(await count(`SELECT * FROM check_ins WHERE key_result_id = 'kr-c2-4'`)).toBe(0);
    // Many team and individual key results fall below 0.5 by week 4 too.
    expect(await count(`
      SELECT key_result_id FROM check_ins WHERE checked_at < DATE '2026-06-29' + INTERVAL 28 DAY
      GROUP BY 1 HAVING arg_max(confidence, checked_at) < 0.5`)).toBeGreaterThan(inserted.key_results * 0.15);
    expect(await count('SELECT * FROM key_results k ANTI JOIN check_ins c USING (key_result_id)')).toBeGreaterThan(inserted.key_results * 0.03);
  });

  it('has decreasing targets and unaligned team and individual objectives', async () => {
    expect(await count(`SELECT * FROM key_results WHERE direction = 'decrease' AND target_value < start_value`)).toBeGreaterThan(inserted.key_results * 0.2);
    expect(await count(`SELECT * FROM objectives WHERE level = 'team' AND parent_objective_id IS NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT * FROM objectives WHERE level = 'individual' AND parent_objective_id IS NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT * FROM objectives WHERE parent_key_result_id IS NOT NULL`)).toBeGreaterThan(0);
  });

  it('has lenient, severe and central raters that calibration pulls toward consistency', async () => {
    const raters = await queryRows<{ rater_id: string; n: number; manager_mean: number; calibrated_mean: number; manager_sd: number }>(db, `
      SELECT rater_id, count(*) AS n,
        avg(rating) FILTER (stage = 'manager') AS manager_mean,
        avg(rating) FILTER (stage = 'calibrated') AS calibrated_mean,
        stddev_pop(rating) FILTER (stage = 'manager') AS manager_sd
      FROM ratings WHERE dimension = 'overall' GROUP BY rater_id`);
    const byKind = (kind: string) => raters.filter((r) => sample.truth.raterBias(r.rater_id) === kind);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const lenient = byKind('lenient');
    const severe = byKind('severe');
    const central = byKind('central');
    const neutral = byKind('neutral');
    for (const group of [lenient, severe, central, neutral]) expect(group.length).toBeGreaterThanOrEqual(5);
    expect(mean(lenient.map((r) => r.manager_mean - r.calibrated_mean))).toBeGreaterThan(0.4);
    expect(mean(severe.map((r) => r.manager_mean - r.calibrated_mean))).toBeLessThan(-0.4);
    expect(mean(central.map((r) => r.manager_sd))).toBeLessThan(mean(neutral.map((r) => r.manager_sd)) * 0.7);
    // Calibrated ratings follow the 5/20/50/20/5 guideline roughly.
    const shares = await queryRows<{ rating: number; share: number }>(db, `
      SELECT rating, count(*) / sum(count(*)) OVER () AS share FROM ratings
      WHERE stage = 'calibrated' AND dimension = 'overall' GROUP BY 1 ORDER BY 1`);
    expect(shares.find((s) => s.rating === 3)!.share).toBeGreaterThan(0.38);
    expect(shares.find((s) => s.rating === 3)!.share).toBeLessThan(0.6);
  });

  it('has halo raters whose competency ratings copy their overall rating', async () => {
    const halo = await queryRows<{ rater_id: string; differing: number }>(db, `
      SELECT c.rater_id, count(*) FILTER (c.rating <> o.rating) AS differing FROM ratings c
      JOIN ratings o ON o.employee_id = c.employee_id AND o.stage = 'manager' AND o.dimension = 'overall'
      WHERE c.stage = 'manager' AND c.dimension IN ('delivery', 'collaboration', 'craft') GROUP BY 1`);
    const haloRaters = halo.filter((r) => sample.truth.raterHalo(r.rater_id));
    const others = halo.filter((r) => !sample.truth.raterHalo(r.rater_id));
    expect(haloRaters.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const r of haloRaters) expect(r.differing).toBe(0);
    expect(others.some((r) => r.differing > 0)).toBe(true);
  });

  it('has an opt-in group attribute whose group C is rated lower before calibration only', async () => {
    const gap = await queryRows<{ value: string; manager: number; calibrated: number }>(db, `
      SELECT a.value, avg(r.rating) FILTER (stage = 'manager') AS manager, avg(r.rating) FILTER (stage = 'calibrated') AS calibrated
      FROM ratings r JOIN person_attributes a ON a.person_id = r.employee_id AND a.attribute = 'group'
      WHERE r.dimension = 'overall' GROUP BY 1 ORDER BY 1`);
    expect(gap.map((g) => g.value)).toEqual(['group A', 'group B', 'group C']);
    expect(inserted.person_attributes).toBeLessThan(inserted.people);
    const [a, , c] = gap;
    expect(a!.manager - c!.manager).toBeGreaterThan(a!.calibrated - c!.calibrated + 0.1);
  });
});
