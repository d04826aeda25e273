import { createSchema, insertRows, type Connector } from '../../src/index.js';

/**
 * A small hand-made organisation whose numbers are computed by hand in
 * rollup.test.ts. Cycle Q1 = 2026-01-01 … 2026-03-31 (90 days); Q2 comes later
 * and is what "latest cycle" picks.
 */
export async function loadHandMadeCascade(db: Connector): Promise<void> {
  await createSchema(db);
  await insertRows(db, 'cycles', [
    { cycle_id: 'Q1', name: 'Q1 2026', kind: 'okr', start_date: '2026-01-01', end_date: '2026-03-31' },
    { cycle_id: 'Q2', name: 'Q2 2026', kind: 'okr', start_date: '2026-04-01', end_date: '2026-06-30' },
  ]);
  await insertRows(db, 'people', [
    { person_id: 'p1', name: 'Ada Lovelace', team_id: 't1' },
    { person_id: 'p2', name: 'Ben Okri', team_id: 't2' },
  ]);
  await insertRows(db, 'teams', [
    { team_id: 't1', name: 'Sales' },
    { team_id: 't2', name: 'Support' },
  ]);
  const o = (objective_id: string, extra: Record<string, unknown>) => ({ objective_id, cycle_id: 'Q1', title: objective_id, ...extra });
  await insertRows(db, 'objectives', [
    o('C1', { level: 'company', title: 'Grow revenue', owner_id: 'p1' }),
    o('C2', { level: 'company', title: 'Delight customers', owner_id: 'p2' }),
    o('T1', { level: 'team', parent_objective_id: 'C1', weight: 2, team_id: 't1', stated_progress: 0.6 }),
    o('T2', { level: 'team', parent_key_result_id: 'K1b' }),
    o('T3', { level: 'team', parent_objective_id: 'C1', link_type: 'supports' }),
    o('I1', { level: 'individual', parent_objective_id: 'T1', owner_id: 'p2' }),
    o('N1', { level: 'team', parent_objective_id: 'C2' }),
    o('U1', { level: 'team' }),
    o('U2', { level: 'individual' }),
    { objective_id: 'Q2-1', cycle_id: 'Q2', title: 'Next quarter', level: 'company' },
  ]);
  const kr = (key_result_id: string, objective_id: string, extra: Record<string, unknown>) => ({
    key_result_id, objective_id, title: key_result_id, ...extra,
  });
  await insertRows(db, 'key_results', [
    kr('K1a', 'C1', { start_value: 0, target_value: 100 }),
    kr('K1b', 'C1', { start_value: 40, target_value: 10, weight: 3 }), // decreasing target
    kr('K1c', 'C1', { start_value: 0, target_value: 10 }), // never checked in, no snapshot
    kr('KT1', 'T1', { start_value: 0, target_value: 10, current_value: 8, confidence: 0.9 }), // snapshot only
    kr('KT2', 'T2', { start_value: 100, target_value: 200 }),
    kr('KT3', 'T3', { progress: 0.1 }), // a stated progress only
    kr('KI1', 'I1', { start_value: 0, target_value: 4 }),
    kr('KU1', 'U1', { start_value: 0, target_value: 1 }),
    kr('KC2', 'C2', { start_value: 0, target_value: 10 }),
    kr('KQ2', 'Q2-1', { start_value: 0, target_value: 10 }),
  ]);
  await insertRows(db, 'check_ins', [
    { key_result_id: 'K1a', checked_at: '2026-01-15', value: 20, confidence: 0.8 },
    { key_result_id: 'K1a', checked_at: '2026-02-15', value: 50, confidence: 0.7 },
    { key_result_id: 'K1b', checked_at: '2026-02-01', value: 31, confidence: 0.5, progress: 0.25 },
    { key_result_id: 'KT2', checked_at: '2026-03-01', value: 250 },
    { key_result_id: 'KI1', checked_at: '2026-01-20', value: 1 },
    { key_result_id: 'KU1', checked_at: '2026-01-10', value: 0 },
    { key_result_id: 'KC2', checked_at: '2026-02-20', value: 5, confidence: 0.2 },
    // A later check-in with only a confidence: the value stays 50, the confidence moves.
    { key_result_id: 'K1a', checked_at: '2026-02-20', confidence: 0.65 },
  ]);
  await insertRows(db, 'links', [
    { key_result_id: 'K1a', kind: 'milestone', external_id: 'M1', title: 'Gate 1', due_date: '2026-01-31', status: 'Done' },
    { key_result_id: 'K1a', kind: 'milestone', external_id: 'M2', title: 'Gate 2', due_date: '2026-02-10', status: 'open' },
    { key_result_id: 'K1a', kind: 'milestone', external_id: 'M3', title: 'Gate 3', due_date: '2026-03-20', status: null },
    { key_result_id: 'K1a', kind: 'sprint', external_id: 'S1', title: 'Sprint 1', status: 'closed' },
    { key_result_id: 'K1a', kind: 'sprint', external_id: 'S2', title: 'Sprint 2', status: 'active' },
  ]);
}
