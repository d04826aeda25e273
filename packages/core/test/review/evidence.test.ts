import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { queryRows } from '../../src/connector.js';
import { loadSample, sampleRows, type SampleOrganisation } from '../../src/sample/index.js';
import { itemsOfKind, personEvidence, recognitionDelivery, unrecognisedDeliveriesJson, type PersonEvidence } from '../../src/review/index.js';
import { NAMED_QUERIES } from '../../src/queries/named.js';

// The seeded sample (600 people, seed 1) in a real DuckDB; its ground truth (sample.truth) says which
// key results moved around a sprint, which stayed flat around a delivered milestone, which deliveries
// were recognised on time, late or never, where blockers were raised and cleared, and who had a full 360.
const db = new NodeConnector();
let sample: SampleOrganisation;
let keyResults: { key_result_id: string; owner_id: string }[];
const cache = new Map<string, Promise<PersonEvidence>>();
const evidenceOf = (person: string) => {
  if (!cache.has(person)) cache.set(person, personEvidence(db, { person }));
  return cache.get(person)!;
};
const itemsOf = itemsOfKind;
const first = <T>(list: T[], n: number) => list.slice(0, n);

beforeAll(async () => {
  sample = (await loadSample(db, { people: 600, seed: 1 })).sample;
  keyResults = sampleRows(sample.tables.key_results).map((k) => ({ key_result_id: String(k.key_result_id), owner_id: String(k.owner_id) }));
}, 60_000);
afterAll(() => db.close());

describe('personEvidence on the seeded sample', () => {
  it('is registered as the named query person-evidence and gives every item a unique, stable id and a source row', async () => {
    expect(NAMED_QUERIES['person-evidence']?.name).toBe('person-evidence');
    expect(NAMED_QUERIES['recognition-delivery']?.name).toBe('recognition-delivery');
    expect(await NAMED_QUERIES['person-evidence']!.run(db, {} as never)).toBeNull(); // no person chosen yet: a view shows "select a person"
    const a = await evidenceOf('p0005');
    const b = await personEvidence(db, { person: 'p0005' });
    expect(b.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
    expect(new Set(a.items.map((i) => i.id)).size).toBe(a.items.length);
    for (const i of a.items) {
      expect(i.source.table, i.id).toMatch(/^(key_results|objectives|check_ins|links|feedback|recognitions|ratings)$/);
      expect(Object.keys(i.source.key).length, i.id).toBeGreaterThan(0);
    }
    expect(a.person).toMatchObject({ id: 'p0005', team_id: 't005', manager: 'Ömer Jørgensen' });
    expect(a.cycle.cycle_id).toBe('2026-Q3');
    expect(a.review_cycles).toEqual(expect.arrayContaining(['2026-Q3', '2026-Q3-review']));
  });

  it('lists the key results a person owns with progress and the export\'s stated progress, and team key results as team context', async () => {
    const e = await evidenceOf('p0005');
    const owned = keyResults.filter((k) => k.owner_id === 'p0005').map((k) => k.key_result_id).sort();
    expect(itemsOf(e, 'key_result').map((k) => k.key_result_id).sort()).toEqual(owned);
    const team = itemsOf(e, 'team_key_result');
    expect(team.length).toBeGreaterThan(0);
    for (const k of team) {
      expect(k.contribution.length).toBeGreaterThan(0);
      expect(k.contribution).not.toContain('owner');
    }
    // Progress agrees with the latest check-in value, computed independently in SQL.
    for (const k of itemsOf(e, 'key_result')) {
      const [row] = await queryRows<{ p: number | null }>(db, `
        SELECT greatest(0, least(1, (arg_max(c.value, c.checked_at) - any_value(k.start_value)) / (any_value(k.target_value) - any_value(k.start_value)))) AS p
          FROM check_ins c JOIN key_results k USING (key_result_id) WHERE key_result_id = ?`, [k.key_result_id]);
      if (row?.p == null) expect(k.check_ins).toBe(0);
      else expect(k.progress).toBeCloseTo(row.p, 6);
    }
  });

  it('sees a key result move during its first sprint when the sample held it flat until then (sprint-lift)', async () => {
    const lifted = keyResults.filter((k) => sample.truth.deliveryPattern(k.key_result_id)?.kind === 'sprint-lift');
    expect(lifted.length).toBeGreaterThan(20);
    for (const k of first(lifted, 4)) {
      const truth = sample.truth.deliveryPattern(k.key_result_id)!;
      const e = await evidenceOf(k.owner_id);
      const link = itemsOf(e, 'link').find((l) => l.key_result_id === k.key_result_id && l.external_id === truth.external_id)!;
      expect(link, `${k.key_result_id} ${truth.external_id}`).toBeDefined();
      expect(link.link_kind).toBe('sprint');
      expect(link.moved).toBe(true);
      expect(link.progress_change!).toBeGreaterThan(0.1);
      const kr = itemsOf(e, 'key_result').find((x) => x.key_result_id === k.key_result_id)!;
      expect(link.value_before).toBe(kr.start_value); // flat until the sprint began
    }
  });

  it('sees a delivered milestone with no movement of its key result (milestone-flat), and movement around most other delivered milestones', async () => {
    const flat = keyResults.filter((k) => sample.truth.deliveryPattern(k.key_result_id)?.kind === 'milestone-flat');
    expect(flat.length).toBeGreaterThan(20);
    for (const k of first(flat, 4)) {
      const truth = sample.truth.deliveryPattern(k.key_result_id)!;
      const e = await evidenceOf(k.owner_id);
      const link = itemsOf(e, 'link').find((l) => l.key_result_id === k.key_result_id && l.external_id === truth.external_id)!;
      expect(link).toMatchObject({ link_kind: 'milestone', delivered: true, moved: false, progress_change: 0 });
      // Other delivered milestones of steady key results of the same people mostly did move.
      const others = itemsOf(e, 'link').filter((l) => l.link_kind === 'milestone' && l.delivered && l.id !== link.id && sample.truth.confidencePath(l.key_result_id) === 'steady' && !sample.truth.deliveryPattern(l.key_result_id));
      for (const o of others) expect(o.moved, o.id).toBe(true);
    }
  });

  it('marks each planted blocker raised and cleared on the right check-ins, and check-ins written by someone else', async () => {
    const blocked = keyResults.filter((k) => sample.truth.blocker(k.key_result_id));
    const cleared = blocked.filter((k) => sample.truth.blocker(k.key_result_id)!.cleared);
    const open = blocked.filter((k) => !sample.truth.blocker(k.key_result_id)!.cleared);
    for (const k of [...first(cleared, 3), ...first(open, 2)]) {
      const truth = sample.truth.blocker(k.key_result_id)!;
      const e = await evidenceOf(k.owner_id);
      const b = itemsOf(e, 'blocker').filter((x) => x.key_result_id === k.key_result_id);
      expect(b.map((x) => ({ raised: x.raised, cleared: x.cleared })), k.key_result_id).toEqual([truth]);
      expect(itemsOf(e, 'check_in').find((c) => c.key_result_id === k.key_result_id && c.date === truth.raised)?.blocked).toBe(true);
    }
    const byOthers = keyResults.filter((k) => sample.truth.checkInsByOthers(k.key_result_id).length > 0);
    for (const k of first(byOthers, 3)) {
      const e = await evidenceOf(k.owner_id);
      const dates = itemsOf(e, 'check_in').filter((c) => c.key_result_id === k.key_result_id && c.by_other).map((c) => c.date);
      expect(dates).toEqual(sample.truth.checkInsByOthers(k.key_result_id));
    }
  });

  it('shades weeks without a check-in: gap items for a key result with gaps, none for a steady one', async () => {
    const gaps = keyResults.filter((k) => sample.truth.confidencePath(k.key_result_id) === 'gaps');
    const k = gaps[0]!;
    const e = await evidenceOf(k.owner_id);
    const weeksWith = new Set(itemsOf(e, 'check_in').filter((c) => c.key_result_id === k.key_result_id).map((c) => c.week));
    const gapWeeks = itemsOf(e, 'gap').filter((g) => g.key_result_id === k.key_result_id).map((g) => g.week);
    expect(gapWeeks.length).toBeGreaterThanOrEqual(1);
    expect(gapWeeks.length + weeksWith.size).toBe(13);
    for (const w of gapWeeks) expect(weeksWith.has(w)).toBe(false);
    const steady = keyResults.find((x) => x.owner_id === k.owner_id && sample.truth.confidencePath(x.key_result_id) === 'steady');
    if (steady) expect(itemsOf(e, 'gap').filter((g) => g.key_result_id === steady.key_result_id)).toEqual([]);
  });

  it('shows 360 numbers only for groups of at least min-group givers, and never a small peer or report group\'s texts', async () => {
    const people = sampleRows(sample.tables.people).map((p) => String(p.person_id));
    const full = people.find((p) => sample.truth.fullFeedbackRound(p).includes('peer'))!;
    const e = await evidenceOf(full);
    const peer = itemsOf(e, 'feedback_group').find((g) => g.relationship === 'peer')!;
    const [truth] = await queryRows<{ n: number; mean: number }>(db,
      `SELECT count(DISTINCT giver_id) AS n, avg(score) AS mean FROM feedback WHERE subject_id = ? AND relationship = 'peer'`, [full]);
    expect(peer.suppressed).toBe(false);
    expect(peer.givers).toBe(truth!.n);
    expect(peer.givers!).toBeGreaterThanOrEqual(5);
    expect(peer.mean_score).toBeCloseTo(truth!.mean, 2);
    expect(itemsOf(e, 'feedback_quote').filter((q) => q.relationship === 'peer').length).toBeGreaterThanOrEqual(5);
    // Raising min-group above the group hides its numbers and texts.
    const strict = await personEvidence(db, { person: full, minGroup: truth!.n + 1 });
    expect(itemsOf(strict, 'feedback_group').find((g) => g.relationship === 'peer')).toMatchObject({ suppressed: true, givers: null, mean_score: null });
    expect(itemsOf(strict, 'feedback_quote').filter((q) => q.relationship === 'peer')).toEqual([]);
    // A manager with exactly one report's feedback: never shown as a number, its text not shown.
    const [single] = await queryRows<{ subject_id: string }>(db, `
      SELECT subject_id FROM feedback WHERE relationship = 'report' GROUP BY subject_id HAVING count(DISTINCT giver_id) = 1 ORDER BY subject_id LIMIT 1`);
    const s = await evidenceOf(single!.subject_id);
    expect(itemsOf(s, 'feedback_group').find((g) => g.relationship === 'report')).toMatchObject({ suppressed: true, givers: null, mean_score: null });
    expect(itemsOf(s, 'feedback_quote').filter((q) => q.relationship === 'report')).toEqual([]);
  });

  it('ties recognitions to the delivery they followed: on time, late, and deliveries never recognised', async () => {
    const timed = keyResults.map((k) => ({ ...k, truth: sample.truth.recognitionTiming(k.key_result_id) })).filter((k) => k.truth);
    for (const timing of ['on-time', 'late'] as const) {
      for (const k of first(timed.filter((x) => x.truth!.timing === timing), 3)) {
        const e = await evidenceOf(k.owner_id);
        const r = itemsOf(e, 'recognition').find((x) => x.key_result_id === k.key_result_id && x.date! >= k.truth!.delivered)!;
        expect(r, k.key_result_id).toBeDefined();
        expect(r.delivery?.external_id).toBe(k.truth!.external_id);
        expect(r.days_after_delivery).toBe(k.truth!.days);
        expect(r.on_time).toBe(timing === 'on-time');
      }
    }
    const result = await recognitionDelivery(db, {});
    const unrecognised = new Set(result.unrecognised.map((u) => `${u.key_result_id}/${u.external_id}`));
    for (const k of timed) {
      const key = `${k.key_result_id}/${k.truth!.external_id}`;
      expect(unrecognised.has(key), `${key} ${k.truth!.timing}`).toBe(k.truth!.timing !== 'on-time');
    }
    const late = result.unrecognised.find((u) => u.key_result_id === timed.find((x) => x.truth!.timing === 'late')!.key_result_id && u.kind === 'milestone');
    expect(late?.recognised_after_days).toBeGreaterThanOrEqual(10);
    // Per team: counts add up, and the median is over recognised deliveries only.
    for (const t of result.teams) expect(t.recognised_on_time + t.unrecognised).toBe(t.deliveries);
    expect(result.teams.some((t) => t.median_days_to_recognition !== null)).toBe(true);
    const rows = unrecognisedDeliveriesJson(result).split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(result.unrecognised.length);
    // A longer window recognises the late ones too.
    const lenient = await recognitionDelivery(db, { days: 30 });
    expect(lenient.unrecognised.length).toBeLessThan(result.unrecognised.length);
  });

  it('replaces every name and person id with pseudonyms when anonymized, and finds the person by pseudonym', async () => {
    const e = await evidenceOf('p0005');
    const a = await personEvidence(db, { person: 'p0005', anonymize: true, salt: 's1' });
    const again = await personEvidence(db, { person: a.person.id, anonymize: true, salt: 's1' });
    expect(again.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
    const text = JSON.stringify(a);
    const names = sampleRows(sample.tables.people).map((p) => String(p.name));
    for (const name of names) expect(text.includes(name), name).toBe(false);
    expect(text).not.toMatch(/\bp\d{4}\b/);
    expect(a.person.name).toMatch(/^Person /);
    expect(a.items.map((i) => i.id)).toEqual(e.items.map((i) => i.id));
  });

  it('includes ratings and reasons only when asked, and says clearly which person it could not find', async () => {
    const e = await evidenceOf('p0005');
    expect(itemsOf(e, 'rating')).toEqual([]);
    const withRatings = await personEvidence(db, { person: 'p0005', includeRatings: true });
    expect(itemsOf(withRatings, 'rating').map((r) => r.stage)).toEqual(expect.arrayContaining(['manager', 'calibrated', 'final']));
    await expect(personEvidence(db, { person: 'nobody' })).rejects.toThrow(/no person "nobody"/);
    await expect(personEvidence(db, { person: 'p0005', asOf: '2026-13-01' })).rejects.toThrow(/as-of/);
  });

  it('replays as of a date: nothing after it, and later weeks are not gaps yet', async () => {
    const e = await personEvidence(db, { person: 'p0005', asOf: '2026-08-01' });
    for (const i of e.items) if (i.kind === 'check_in' || i.kind === 'recognition') expect(i.date! <= '2026-08-01').toBe(true);
    expect(Math.max(...itemsOf(e, 'gap').map((g) => g.week), 0)).toBeLessThanOrEqual(5);
    for (const l of itemsOf(e, 'link')) if (l.window_end! > '2026-08-01') expect(l.moved).toBeNull();
  });
});
