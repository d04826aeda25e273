import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { burndown, DEFAULT_RULES, type BurndownAlert, type BurndownRule } from '../../src/index.js';
import { AS_OF, loadQuarter } from './fixture.js';

const hits = (alerts: BurndownAlert[], rule: string): Record<string, number> =>
  Object.fromEntries(alerts.filter((a) => a.rule === rule).map((a) => [a.key_result_id, a.week]));

describe('at-risk rules on a hand-made quarter (see fixture.ts)', () => {
  const db = new NodeConnector();
  beforeAll(() => loadQuarter(db));
  afterAll(() => db.close());
  const run = (extra: Parameters<typeof burndown>[1] = {}) => burndown(db, { asOf: AS_OF, ...extra });

  it('below threshold: strictly below, at or after week 4, first week only', async () => {
    const r = await run();
    // A .5 in w4 (at the threshold: not below) then .4 in w5; B .45 exactly in week 4;
    // C .3 since week 1, carried into week 4; G .2 in week 4. E sits at exactly .5: never.
    expect(hits(r.alerts, 'below-threshold')).toEqual({ A: 5, B: 4, C: 4, G: 4 });
    const b = r.alerts.find((a) => a.rule === 'below-threshold' && a.key_result_id === 'B')!;
    expect(b).toMatchObject({ owner_id: 'p1', owner_name: 'Ada', key_result_title: 'KR B', rule_label: 'Confidence below threshold' });
    expect(b.values).toMatchObject({ confidence: 0.45, threshold: 0.5 });
    expect(b.message).toBe('Confidence 45% is below 50% in week 4 (rule applies from week 4).');
    const c = r.alerts.find((a) => a.rule === 'below-threshold' && a.key_result_id === 'C')!;
    expect(c.values.confidence_raw).toBe('red');
  });

  it('below threshold: moving the rule week or the threshold moves the alerts', async () => {
    expect(hits((await run({ ruleWeek: 5 })).alerts, 'below-threshold')).toEqual({ A: 5, B: 5, C: 5, G: 5 });
    // 0.51: E's .5 is now below (from week 4, carried); A's .5 in week 4 too.
    expect(hits((await run({ threshold: 0.51 })).alerts, 'below-threshold')).toEqual({ A: 4, B: 4, C: 4, E: 4, G: 4 });
    expect(hits((await run({ ruleWeek: 1 })).alerts, 'below-threshold')).toEqual({ A: 5, B: 4, C: 1, G: 4 });
  });

  it('confidence drop: at least N between consecutive check-ins, exactly N counts', async () => {
    const r = await run();
    // B .8→.45 (.35) in week 4; C .9 (before the cycle)→.3 in week 1; E .7→.5 (exactly .2) in week 2.
    // A steps down by .1 at a time: never.
    expect(hits(r.alerts, 'confidence-drop')).toEqual({ B: 4, C: 1, E: 2 });
    const e = r.alerts.find((a) => a.rule === 'confidence-drop' && a.key_result_id === 'E')!;
    expect(e.values).toMatchObject({ previous_confidence: 0.7, confidence: 0.5 });
    const stricter = await run({ rules: [{ kind: 'confidence-drop', points: 0.21 }] });
    expect(hits(stricter.alerts, 'confidence-drop')).toEqual({ B: 4, C: 1 });
  });

  it('stale: fires in the K-th week without a check-in', async () => {
    const r = await run();
    // C last w1 → silent w2,3,4 → week 4; D never → week 3; E last w2 → week 5; F last w2 → week 5;
    // G's first check-in is in week 4, so weeks 1–3 were silent → week 3. A and B never go 3 weeks silent.
    expect(hits(r.alerts, 'stale')).toEqual({ C: 4, D: 3, E: 5, F: 5, G: 3 });
    const two = await run({ rules: [{ kind: 'stale', weeks: 2 }] });
    // K=2: B (w1 → silent w2,w3) → 3; C → 3; D → 2; E (w2) → 4; F (w1 silent, w2, w3–4) → 4; G → 2.
    // A (w1, w3, w4, w5) is never 2 weeks silent.
    expect(hits(two.alerts, 'stale')).toEqual({ B: 3, C: 3, D: 2, E: 4, F: 4, G: 2 });
  });

  it('divergence: high confidence far behind, or low confidence on track, from week 4', async () => {
    const r = await run();
    // F: .9 and progress 0 vs expected 4/13 ≈ .31 (gap ≥ .25) in week 4 (week 3: 3/13 ≈ .23 < .25).
    // G: .2 and progress .5 ≥ 4/13 in week 4.
    expect(hits(r.alerts, 'divergence')).toEqual({ F: 4, G: 4 });
    const variants = Object.fromEntries(r.alerts.filter((a) => a.rule === 'divergence').map((a) => [a.key_result_id, a.values.variant]));
    expect(variants).toEqual({ F: 'confident-but-behind', G: 'on-track-but-unconfident' });
  });

  it('rules can be turned off, and an embedder rule runs on each key result series', async () => {
    const onlyDrop: BurndownRule[] = DEFAULT_RULES.map((r) => ({ ...r, enabled: r.kind === 'confidence-drop' }));
    const r = await run({ rules: onlyDrop });
    expect(new Set(r.alerts.map((a) => a.rule))).toEqual(new Set(['confidence-drop']));
    const custom = await run({
      rules: [
        {
          kind: 'custom',
          id: 'never-checked',
          label: 'Never checked in',
          evaluate: (s) => (s.points.every((p) => !p.checked) ? { week: 1, message: `${s.title} has no check-in.` } : null),
        },
      ],
    });
    expect(custom.alerts.map((a) => [a.rule, a.key_result_id, a.message])).toEqual([['never-checked', 'D', 'KR D has no check-in.']]);
    expect(custom.alert_counts).toEqual({ 'never-checked': 1 });
  });

  it('rejects nonsense parameters with a clear message', async () => {
    await expect(run({ threshold: 2 })).rejects.toThrow(/threshold must be 0–1/);
    await expect(run({ rules: [{ kind: 'stale', weeks: 0 }] })).rejects.toThrow(/weeks must be a number from 1/);
  });
});
