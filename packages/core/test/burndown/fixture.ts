import { createSchema, insertRows, type Connector } from '../../src/index.js';

/**
 * A hand-made quarter. Cycle C1: 2026-01-05 … 2026-04-05 = 91 days = 13 weeks.
 * Week w starts 2026-01-05 + 7(w−1): w1 01-05, w2 01-12, w3 01-19, w4 01-26
 * (to 02-01), w5 02-02, w6 02-09. Tests view it as of 2026-02-10 (week 6).
 *
 * Team T1 (objective O1): A, B, F. Team T2 (objective O2): C, D, E, G.
 *   A (0→100): w1 .7 v10, w3 .6 v20, w4 .5 v25 (exactly the midpoint), w5 .4 v30; plus one check-in after the cycle.
 *   B (0→10):  w1 .8 v1 planned 3, w4 .45 v2 planned 5.
 *   C:         2025-12-30 (before the cycle, week 0) .9, w1 .3 (raw "red" on a RAG scale), then silent.
 *   D:         never checks in.
 *   E:         w1 .7, w2 .5 (a drop of exactly 0.2).
 *   F (0→100): w2 .9 v0 (confident, no progress).
 *   G (0→100): w4 .2 v50 (unconfident, ahead).
 */
export const AS_OF = '2026-02-10';

export async function loadQuarter(db: Connector): Promise<void> {
  await createSchema(db);
  await insertRows(db, 'cycles', [
    { cycle_id: 'C1', name: 'Q1 2026', kind: 'okr', start_date: '2026-01-05', end_date: '2026-04-05' },
    { cycle_id: 'C0', name: 'Q4 2025', kind: 'okr', start_date: '2025-10-01', end_date: '2025-12-31' },
  ]);
  await insertRows(db, 'teams', [
    { team_id: 'T1', name: 'Platform' },
    { team_id: 'T2', name: 'Growth' },
  ]);
  await insertRows(db, 'people', [
    { person_id: 'p1', name: 'Ada', team_id: 'T1', department: 'Engineering' },
    { person_id: 'p2', name: 'Bo', team_id: 'T2', department: 'Sales' },
  ]);
  await insertRows(db, 'objectives', [
    { objective_id: 'O1', cycle_id: 'C1', title: 'Ship the platform', team_id: 'T1', owner_id: 'p1' },
    { objective_id: 'O2', cycle_id: 'C1', title: 'Grow revenue', team_id: 'T2', owner_id: 'p2' },
  ]);
  const kr = (id: string, objective: string, owner: string, start: number | null = null, target: number | null = null) => ({
    key_result_id: id, objective_id: objective, title: `KR ${id}`, owner_id: owner, start_value: start, target_value: target,
  });
  await insertRows(db, 'key_results', [
    kr('A', 'O1', 'p1', 0, 100), kr('B', 'O1', 'p1', 0, 10), kr('F', 'O1', 'p1', 0, 100),
    kr('C', 'O2', 'p2'), kr('D', 'O2', 'p2'), kr('E', 'O2', 'p2'), kr('G', 'O2', 'p2', 0, 100),
  ]);
  const ci = (id: string, at: string, confidence: number | null, value: number | null = null, extra: Record<string, unknown> = {}) => ({
    key_result_id: id, checked_at: at, confidence, value, ...extra,
  });
  await insertRows(db, 'check_ins', [
    ci('A', '2026-01-06', 0.7, 10), ci('A', '2026-01-20', 0.6, 20), ci('A', '2026-01-27', 0.5, 25), ci('A', '2026-02-03', 0.4, 30),
    ci('A', '2026-04-10', 0.9, 90),
    ci('B', '2026-01-05', 0.8, 1, { planned_value: 3 }), ci('B', '2026-01-28', 0.45, 2, { planned_value: 5 }),
    ci('C', '2025-12-30', 0.9), ci('C', '2026-01-07', 0.3, null, { confidence_raw: 'red', confidence_scale: 'rag' }),
    ci('E', '2026-01-08', 0.7), ci('E', '2026-01-13', 0.5),
    ci('F', '2026-01-12', 0.9, 0),
    ci('G', '2026-01-26', 0.2, 50),
  ]);
}
