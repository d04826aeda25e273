import { describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, type CanonicalTable } from '../../src/schema.js';
import { COMPANY_KEY_RESULT_IDS, generateSample, sampleRows } from '../../src/sample/index.js';

const snapshot = (people: number, seed: number) => {
  const sample = generateSample({ people, seed });
  return Object.fromEntries(CANONICAL_TABLES.map((t) => [t, sampleRows(sample.tables[t])])) as Record<CanonicalTable, ReturnType<typeof sampleRows>>;
};

describe('generateSample (deterministic, seeded)', () => {
  it('gives identical tables for the same seed, and different people for another seed', () => {
    const a = snapshot(600, 1);
    expect(snapshot(600, 1)).toEqual(a);
    const b = snapshot(600, 2);
    expect(b.people.map((p) => p.name)).not.toEqual(a.people.map((p) => p.name));
    expect(b.check_ins).not.toEqual(a.check_ins);
  });

  it('gives the same rows whatever the batch size', () => {
    const sample = generateSample({ people: 700, seed: 5 });
    for (const table of ['check_ins', 'ratings', 'people'] as const) {
      const whole = sampleRows(sample.tables[table]);
      const pieces: unknown[] = [];
      for (const batch of sample.tables[table].batches(37)) {
        expect(batch.length).toBeLessThan(37 + 13 * 10);
        for (let i = 0; i < batch.length; i++) {
          pieces.push(Object.fromEntries(sample.tables[table].columns.map((c) => {
            const v = batch.columns[c.name]![i];
            return [c.name, typeof v === 'number' && Number.isNaN(v) ? null : v];
          })));
        }
      }
      expect(pieces).toEqual(whole);
    }
  });

  it('has realistic sizes: every person once, spans of 4–9, three company objectives of 4–5 key results', () => {
    for (const people of [600, 2000]) {
      const sample = generateSample({ people, seed: 1 });
      const persons = sampleRows(sample.tables.people);
      expect(persons).toHaveLength(people);
      expect(new Set(persons.map((p) => p.person_id)).size).toBe(people);
      const spans = new Map<string, number>();
      for (const p of persons) if (p.manager_id) spans.set(String(p.manager_id), (spans.get(String(p.manager_id)) ?? 0) + 1);
      const sizes = [...spans.values()];
      // The last manager filled may take up to 12 so that no team is left with 1–3 people.
      expect(sizes.filter((s) => s < 4 || s > 9).length).toBeLessThanOrEqual(1);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(12);
      expect(sample.counts.maxDepth).toBeGreaterThanOrEqual(3);
      expect(sampleRows(sample.tables.teams)).toHaveLength(spans.size);

      const objectives = sampleRows(sample.tables.objectives);
      const company = objectives.filter((o) => o.level === 'company');
      expect(company).toHaveLength(3);
      const krs = sampleRows(sample.tables.key_results);
      for (const o of company) {
        const n = krs.filter((k) => k.objective_id === o.objective_id).length;
        expect(n).toBeGreaterThanOrEqual(4);
        expect(n).toBeLessThanOrEqual(5);
      }
      expect(objectives.filter((o) => o.level === 'team').length).toBeGreaterThanOrEqual(spans.size - 1);
      expect(objectives.filter((o) => o.level === 'individual').length).toBeGreaterThan(people * 0.2);
      // About 13 check-ins per key result, never more.
      const checkIns = sampleRows(sample.tables.check_ins);
      const perKr = new Map<string, number>();
      for (const c of checkIns) perKr.set(String(c.key_result_id), (perKr.get(String(c.key_result_id)) ?? 0) + 1);
      expect(Math.max(...perKr.values())).toBe(13);
      expect(checkIns.length).toBeGreaterThan(krs.length * 10);
      expect(checkIns.length).toBeLessThan(krs.length * 13);
    }
  });

  it('keeps confidence on 0–1, ratings on 1–5, potential on 1–3, and dates inside the 13-week cycle', () => {
    const sample = generateSample({ people: 600, seed: 1 });
    expect(sample.okrCycle).toMatchObject({ start_date: '2026-06-29', end_date: '2026-09-27' });
    for (const c of sampleRows(sample.tables.check_ins)) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(String(c.checked_at) >= '2026-06-29' && String(c.checked_at) <= '2026-09-27').toBe(true);
    }
    for (const r of sampleRows(sample.tables.ratings)) {
      expect(Number.isInteger(r.rating)).toBe(true);
      expect(r.rating).toBeGreaterThanOrEqual(1);
      expect(r.rating).toBeLessThanOrEqual(r.dimension === 'potential' ? 3 : 5);
    }
    const scale = sampleRows(sample.tables.rating_scale);
    expect(scale.map((s) => s.guideline_share)).toEqual([0.05, 0.2, 0.5, 0.2, 0.05]);
  });

  it('includes non-ASCII names with ASCII e-mail addresses', () => {
    const persons = sampleRows(generateSample({ people: 600, seed: 1 }).tables.people);
    expect(persons.some((p) => /[^\x00-\x7f]/.test(String(p.name)))).toBe(true);
    for (const p of persons) expect(String(p.email)).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.com$/);
  });

  it('reports its ground truth for the documented company key results', () => {
    const sample = generateSample({ people: 600, seed: 1 });
    expect(COMPANY_KEY_RESULT_IDS).toContain('kr-c1-2');
    expect(sample.truth.confidencePath('kr-c1-2')).toBe('falling');
    expect(sample.truth.confidencePath('kr-c1-3')).toBe('recovering');
    expect(sample.truth.confidencePath('kr-c2-4')).toBe('never');
    expect(sample.truth.confidencePath('nope')).toBeNull();
    expect(sample.truth.raterBias('p0001')).not.toBeNull();
  });

  it('rejects a size it cannot make, with a message naming the limit', () => {
    expect(() => generateSample({ people: 0, seed: 1 })).toThrow(/1 to 1,000,000/);
    expect(() => generateSample({ people: 1.5, seed: 1 })).toThrow(/whole number/);
    expect(() => generateSample({ people: 1_000_001, seed: 1 })).toThrow(/1,000,000/);
    expect(() => generateSample({ people: 10, seed: 0.5 })).toThrow(/seed/);
  });

  it('still makes a consistent organisation for tiny sizes', () => {
    for (const people of [1, 2, 5, 13]) {
      const sample = generateSample({ people, seed: 3 });
      expect(sampleRows(sample.tables.people)).toHaveLength(people);
      expect(sampleRows(sample.tables.key_results).length).toBeGreaterThanOrEqual(14);
    }
  });
});
