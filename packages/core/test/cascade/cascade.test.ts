import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import {
  cascadeReport,
  explainCascadeNode,
  queryCascade,
  type CascadeTree,
} from '../../src/index.js';
import { loadHandMadeCascade } from './fixture.js';

// Hand computation (fixture.ts): cycle Q1 = 90 days; the latest check-in is
// 2026-03-01, so 60 of 90 days have elapsed: 0.6667.
//   K1a 0→100, latest value 50            → 0.5   (confidence 0.65, from the later confidence-only check-in)
//   K1b 40→10 (decreasing), value 31, w3 → (31−40)/(10−40) = 0.3 (confidence 0.5; the check-in states 0.25)
//   K1c never checked in                  → no data
//   KT1 snapshot 8 of 0→10                → 0.8 (confidence 0.9)
//   KT2 100→200, value 250                → clamped to 1
//   KT3 a stated progress only            → 0.1
//   KI1 0→4, value 1                      → 0.25
//   KU1 0→1, value 0                      → 0 (a real zero, not "no data")
//   KC2 0→10, value 5                     → 0.5 (confidence 0.2)

function node(tree: CascadeTree, key: string) {
  const i = tree.index.get(key);
  if (i === undefined) throw new Error(`no node ${key}`);
  return tree.nodes[i]!;
}
const o = (tree: CascadeTree, id: string) => node(tree, `objective:${id}`);
const k = (tree: CascadeTree, id: string) => node(tree, `key_result:${id}`);

describe('cascade roll-up on a real DuckDB', () => {
  const db = new NodeConnector();
  beforeAll(() => loadHandMadeCascade(db));
  afterAll(() => db.close());

  it('computes key-result progress from check-ins, snapshots and stated values, decreasing targets included', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', rollup: 'krs' });
    expect(k(tree, 'K1a').progress).toBeCloseTo(0.5, 10);
    expect(k(tree, 'K1a').confidence).toBeCloseTo(0.65, 10);
    expect(k(tree, 'K1a').value_source).toBe('check-in');
    expect(k(tree, 'K1b').progress).toBeCloseTo(0.3, 10);
    expect(k(tree, 'K1b').direction).toBe('decrease');
    expect(k(tree, 'K1b').stated_progress).toBeCloseTo(0.25, 10); // kept beside the computed 0.3
    expect(k(tree, 'K1c').progress).toBeNull();
    expect(k(tree, 'K1c').status).toBe('no-data');
    expect(k(tree, 'KT1').progress).toBeCloseTo(0.8, 10);
    expect(k(tree, 'KT1').value_source).toBe('snapshot');
    expect(k(tree, 'KT2').progress).toBe(1);
    expect(k(tree, 'KT2').status).toBe('done');
    expect(k(tree, 'KT3').progress).toBeCloseTo(0.1, 10);
    expect(k(tree, 'KU1').progress).toBe(0);
    expect(k(tree, 'KU1').status).not.toBe('no-data');
    expect(tree.elapsed).toBeCloseTo(60 / 90, 10);
    expect(tree.reference_date).toBe('2026-03-01');
  });

  it('rolls up from key results only (krs), weights respected, no-data children left out', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', rollup: 'krs' });
    // C1 = (1×0.5 + 3×0.3) / (1+3) = 0.35; K1c (no data, weight 1) is not counted: coverage 4/5.
    expect(o(tree, 'C1').progress).toBeCloseTo(0.35, 10);
    expect(o(tree, 'C1').coverage).toBeCloseTo(0.8, 10);
    expect(o(tree, 'T1').progress).toBeCloseTo(0.8, 10);
    expect(o(tree, 'T1').stated_progress).toBeCloseTo(0.6, 10);
    expect(o(tree, 'C2').progress).toBeCloseTo(0.5, 10);
    // No key results and no children: "no data", never 0 %.
    expect(o(tree, 'N1').progress).toBeNull();
    expect(o(tree, 'N1').status).toBe('no-data');
    expect(o(tree, 'U2').progress).toBeNull();
  });

  it('rolls up from child objectives (children), including those aligned to a key result, not "supports" ones', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', rollup: 'children' });
    // Leaves have no child objectives, so they use their key results: I1 = 0.25, T2 = 1.
    expect(o(tree, 'I1').progress).toBeCloseTo(0.25, 10);
    // T1 = I1 = 0.25 (its own KT1 is not used in this mode).
    expect(o(tree, 'T1').progress).toBeCloseTo(0.25, 10);
    // C1 = (2×0.25 [T1] + 1×1 [T2 via K1b]) / 3 = 0.5; T3 supports only.
    expect(o(tree, 'C1').progress).toBeCloseTo(0.5, 10);
    // C2's only child N1 has no data: C2 has no data in this mode.
    expect(o(tree, 'C2').progress).toBeNull();
  });

  it('rolls up both in one weighted pool (both), and gives status against time and confidence', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', rollup: 'both' });
    // T1 = (0.8 + 0.25) / 2 = 0.525
    expect(o(tree, 'T1').progress).toBeCloseTo(0.525, 10);
    // C1 = (1×0.5 + 3×0.3 + 2×0.525 + 1×1.0) / (1+3+2+1) = 3.45 / 7
    expect(o(tree, 'C1').progress).toBeCloseTo(3.45 / 7, 10);
    // confidence: (1×0.65 + 3×0.5 + 2×0.9) / 6 (T2 and K1c have none)
    expect(o(tree, 'C1').confidence).toBeCloseTo(3.95 / 6, 10);
    // 0.4929 is 0.17 behind 0.6667 elapsed (> 0.15): at risk; confidence 0.66 is fine.
    expect(o(tree, 'C1').status).toBe('at-risk');
    // C2 = 0.5, 0.17 behind, but confidence 0.2 < 0.3: off track.
    expect(o(tree, 'C2').status).toBe('off-track');
    // The default (no mode given) is each objective's own rollup_mode, else both.
    const byDefault = await queryCascade(db, { cycle: 'Q1' });
    expect(o(byDefault, 'C1').progress).toBeCloseTo(3.45 / 7, 10);
  });

  it('lets the embedder set the status thresholds', async () => {
    const lenient = await queryCascade(db, { cycle: 'Q1', thresholds: { atRiskGap: 0.2, offTrackConfidence: 0.1, atRiskConfidence: 0.1 } });
    expect(o(lenient, 'C1').status).toBe('on-track');
    expect(o(lenient, 'C2').status).toBe('on-track');
  });

  it('collects objectives with no parent that are not company level as unaligned', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1' });
    expect([...tree.unaligned].sort()).toEqual(['U1', 'U2']);
    const roots = tree.roots.map((i) => tree.nodes[i]!.key);
    expect(roots).toEqual(['objective:C2', 'objective:C1', 'group:unaligned']); // company roots by title
    expect(o(tree, 'U1').parent_id).toBeNull();
    expect(o(tree, 'T2').parent_id).toBe('K1b');
    expect(o(tree, 'T2').parent_kind).toBe('key_result');
    expect(o(tree, 'I1').depth).toBe(2);
  });

  it('counts linked milestones and sprints with their status', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1' });
    // Reference date 2026-03-01: M2 (due 02-10, open) is late; M3 (due 03-20) is not yet.
    expect(k(tree, 'K1a').links).toEqual({ milestones: 3, milestones_done: 1, milestones_late: 1, sprints: 2, sprints_done: 1 });
  });

  it('replays the tree as of a past date: later check-ins and the undated snapshot are ignored', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', asOf: '2026-01-31', rollup: 'krs' });
    expect(k(tree, 'K1a').progress).toBeCloseTo(0.2, 10);
    expect(k(tree, 'K1a').confidence).toBeCloseTo(0.8, 10);
    expect(k(tree, 'K1a').checked_at).toBe('2026-01-15');
    expect(k(tree, 'K1b').progress).toBeNull(); // first check-in is 02-01
    expect(k(tree, 'KT1').progress).toBeNull(); // snapshot only: undated, so not in a replay
    // C1 = K1a alone = 0.2; 31 of 90 days elapsed (0.344): 0.144 behind, confidence 0.8: on track.
    expect(o(tree, 'C1').progress).toBeCloseTo(0.2, 10);
    expect(tree.elapsed).toBeCloseTo(31 / 90, 10);
    expect(o(tree, 'C1').status).toBe('on-track');
    expect(k(tree, 'K1a').links?.milestones_late).toBe(0);
    await expect(queryCascade(db, { cycle: 'Q1', asOf: '31/01/2026' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(queryCascade(db, { rollup: 'average' as never })).rejects.toThrow(/krs, children, both/);
  });

  it('picks the latest cycle with objectives when none is named', async () => {
    const tree = await queryCascade(db);
    expect(tree.cycle.cycle_id).toBe('Q2');
    expect(tree.objectives).toBe(1);
  });

  it('explains a number: which children and values produced it, and how', async () => {
    const tree = await queryCascade(db, { cycle: 'Q1', rollup: 'both' });
    const c1 = explainCascadeNode(tree, 'objective:C1')!;
    expect(c1.method).toMatch(/Weighted mean of its key results and contributing child objectives/);
    const byId = Object.fromEntries(c1.parts.map((p) => [p.id, p]));
    expect(byId.K1c).toMatchObject({ counted: false, reason: 'no data' });
    expect(byId.T3).toMatchObject({ counted: false, reason: 'supports only' });
    expect(byId.T2).toMatchObject({ counted: true, via: 'K1b' });
    expect(byId.K1b!.contribution).toBeCloseTo(0.9 / 7, 10);
    const total = c1.parts.reduce((s, p) => s + (p.contribution ?? 0), 0);
    expect(total).toBeCloseTo(c1.progress!, 10);
    const k1b = explainCascadeNode(tree, 'key_result:K1b')!;
    expect(k1b.method).toContain('(31 − 40) / (10 − 40)');
    expect(k1b.method).toContain('The export states 25 %');
    const n1 = explainCascadeNode(tree, 'objective:N1')!;
    expect(n1.method).toMatch(/no data \(not 0 %\)/);
    expect(explainCascadeNode(tree, 'objective:nope')).toBeNull();
  });

  it('reports nodes and unaligned ids for the CLI', async () => {
    const report = await cascadeReport(db, { cycle: 'Q1', rollup: 'krs' });
    expect(report.unaligned.sort()).toEqual(['U1', 'U2']);
    const c1 = report.nodes.find((n) => n.id === 'C1')!;
    expect(c1).toMatchObject({ kind: 'objective', title: 'Grow revenue', parent_id: null, status: expect.any(String) });
    expect(c1.progress).toBeCloseTo(0.35, 10);
    const i1 = report.nodes.findIndex((n) => n.id === 'I1');
    const t1 = report.nodes.findIndex((n) => n.id === 'T1');
    expect(t1).toBeLessThan(i1); // outline order: parents first
    expect(report.nodes).toHaveLength(9 + 9);
  });
});
