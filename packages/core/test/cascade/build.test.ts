import { describe, expect, it } from 'vitest';
import {
  buildCascade,
  cascadeStatus,
  cycleElapsedShare,
  type CascadeKeyResultRow,
  type CascadeObjectiveRow,
  type CascadeRows,
} from '../../src/index.js';

function objective(objective_id: string, extra: Partial<CascadeObjectiveRow> = {}): CascadeObjectiveRow {
  return {
    objective_id, cycle_id: 'Q', title: objective_id, level: 'team', owner_id: null, owner_name: null, team_id: null,
    team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null,
    rollup_mode: null, stated_progress: null, ...extra,
  };
}
function keyResult(key_result_id: string, objective_id: string, value: number | null): CascadeKeyResultRow {
  return {
    key_result_id, objective_id, title: key_result_id, owner_id: null, owner_name: null, start_value: 0, target_value: 10,
    unit: null, weight: null, snapshot_value: null, snapshot_progress: null, snapshot_confidence: null,
    checkin_value: value, checkin_progress: null, checkin_confidence: null, checked_at: value == null ? null : '2026-01-02',
    checkins_total: value == null ? 0 : 1, milestones: 0, milestones_done: 0, milestones_late: 0, sprints: 0, sprints_done: 0,
  };
}
function rows(objectives: CascadeObjectiveRow[], key_results: CascadeKeyResultRow[]): CascadeRows {
  return {
    cycle: { cycle_id: 'Q', name: 'Q', start_date: '2026-01-01', end_date: '2026-03-31' },
    as_of: null, data_date: '2026-02-15', objectives, key_results,
  };
}

describe('buildCascade (pure)', () => {
  it('handles a 5,000-level chain without recursion and rolls the leaf up to the top', () => {
    const n = 5000;
    const objs = Array.from({ length: n }, (_, i) =>
      objective(`o${i}`, i === 0 ? { level: 'company' } : { parent_objective_id: `o${i - 1}` }),
    );
    const tree = buildCascade(rows(objs, [keyResult('leaf', `o${n - 1}`, 4)]), { rollup: 'both' });
    const top = tree.nodes[tree.index.get('objective:o0')!]!;
    expect(top.progress).toBeCloseTo(0.4, 10); // 4 of 0→10, passed up 5,000 levels
    expect(top.descendants).toBe(n); // 4,999 objectives + 1 key result
    expect(tree.nodes[tree.index.get(`objective:o${n - 1}`)!]!.depth).toBe(n - 1);
    expect(tree.diagnostics).toEqual([]);
  });

  it('reports an alignment cycle with its ids, cuts it once, and never loops', () => {
    const tree = buildCascade(
      rows(
        [
          objective('A', { parent_objective_id: 'C' }),
          objective('B', { parent_objective_id: 'A' }),
          objective('C', { parent_key_result_id: 'kB' }), // through a key result of B
          objective('D', { parent_objective_id: 'B' }),
        ],
        [keyResult('kB', 'B', 5), keyResult('kD', 'D', 10)],
      ),
    );
    const cycles = tree.diagnostics.filter((d) => d.code === 'cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.severity).toBe('error');
    for (const id of ['A', 'B', 'C', 'kB']) expect(cycles[0]!.message).toContain(id);
    const a = tree.nodes[tree.index.get('objective:A')!]!;
    expect(a.in_cycle).toBe(true); // cut at the smallest objective id
    expect(tree.roots.map((i) => tree.nodes[i]!.id)).toEqual(['A']);
    // Everything is still in the tree, once: A → B → (kB → C, D → kD)
    expect(a.descendants).toBe(5);
    // B (both) = mean(kB 0.5, D 1.0) = 0.75
    expect(tree.nodes[tree.index.get('objective:B')!]!.progress).toBeCloseTo(0.75, 10);
  });

  it('treats a parent outside the cycle as a root with a warning, not as unaligned', () => {
    const tree = buildCascade(rows([objective('X', { parent_objective_id: 'elsewhere' })], []));
    expect(tree.unaligned).toEqual([]);
    expect(tree.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'dangling-reference' });
    expect(tree.roots).toHaveLength(1);
  });

  it('ignores weight 0 and treats a missing weight as 1', () => {
    const tree = buildCascade(
      rows(
        [objective('P', { level: 'company', rollup_mode: 'children' }), objective('a', { parent_objective_id: 'P', weight: 0 }), objective('b', { parent_objective_id: 'P' })],
        [keyResult('ka', 'a', 10), keyResult('kb', 'b', 2)],
      ),
    );
    expect(tree.nodes[tree.index.get('objective:P')!]!.progress).toBeCloseTo(0.2, 10);
  });
});

describe('status', () => {
  it('measures the cycle elapsed in whole days', () => {
    expect(cycleElapsedShare('2026-01-01', '2026-03-31', '2026-01-01')).toBeCloseTo(1 / 90, 10);
    expect(cycleElapsedShare('2026-01-01', '2026-03-31', '2025-12-01')).toBe(0);
    expect(cycleElapsedShare('2026-01-01', '2026-03-31', '2026-05-01')).toBe(1);
    expect(cycleElapsedShare(null, '2026-03-31', '2026-05-01')).toBeNull();
  });
  it('takes the worse of time and confidence; no data is its own status', () => {
    expect(cascadeStatus(null, null, 0.5)).toBe('no-data');
    expect(cascadeStatus(1, 0.1, 0.5)).toBe('done');
    expect(cascadeStatus(0.5, 0.9, 0.5)).toBe('on-track');
    expect(cascadeStatus(0.3, 0.9, 0.5)).toBe('at-risk'); // 0.2 behind
    expect(cascadeStatus(0.1, 0.9, 0.5)).toBe('off-track'); // 0.4 behind
    expect(cascadeStatus(0.5, 0.5, 0.5)).toBe('at-risk');
    expect(cascadeStatus(null, 0.2, 0.5)).toBe('off-track');
    expect(cascadeStatus(0.1, null, null)).toBe('on-track'); // no dates: time says nothing
  });
});
