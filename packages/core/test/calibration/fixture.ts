import type { Connector, PersonRow, RatingRow } from '../../src/index.js';
import { createSchema, insertRows } from '../../src/index.js';

/** Deterministic pseudo-random numbers (mulberry32) so the fixture never changes. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TeamSpec {
  manager: string;
  size: number;
  department: string;
  /** Manager-stage ratings are drawn from these weights over 1..5. */
  weights: [number, number, number, number, number];
  level?: string;
}

export const GUIDELINE = [0.05, 0.2, 0.5, 0.2, 0.05];

export const TEAMS: TeamSpec[] = [
  { manager: 'm-lenient', size: 30, department: 'Sales', weights: [0, 0, 2, 5, 4] },
  { manager: 'm-severe', size: 30, department: 'Sales', weights: [3, 5, 2, 0, 0] },
  { manager: 'm-central', size: 30, department: 'Eng', weights: [0, 0, 1, 0, 0] },
  { manager: 'm-a', size: 25, department: 'Eng', weights: [1, 4, 10, 4, 1] },
  { manager: 'm-b', size: 25, department: 'Eng', weights: [1, 4, 10, 4, 1] },
  { manager: 'm-c', size: 25, department: 'Sales', weights: [1, 4, 10, 4, 1] },
  { manager: 'm-tiny', size: 3, department: 'Eng', weights: [0, 0, 0, 0, 1] },
  // Two people in a department × level cell of their own: below any min-group of 5.
  { manager: 'm-ops', size: 2, department: 'Ops', weights: [0, 0, 1, 0, 0], level: 'L9' },
];

function draw(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i + 1;
  }
  return weights.length;
}

/**
 * A small organisation with a lenient, a severe and a central manager,
 * three balanced ones, a team of 3 and a two-person cell; manager ratings are
 * calibrated halfway toward 3; a potential rating; an opt-in attribute.
 */
export async function loadFixture(db: Connector, seed = 7): Promise<{ people: PersonRow[]; ratings: RatingRow[] }> {
  const rand = random(seed);
  await createSchema(db);
  const people: PersonRow[] = [];
  const ratings: RatingRow[] = [];
  const attributes: { person_id: string; attribute: string; value: string }[] = [];
  for (const team of TEAMS) {
    people.push({ person_id: team.manager, name: `Manager ${team.manager}`, email: null, manager_id: null, team_id: null, department: team.department, location: 'HQ', level: 'M1', hire_date: null });
    for (let i = 0; i < team.size; i++) {
      const id = `${team.manager}-e${i}`;
      const level = team.level ?? (i % 2 === 0 ? 'L1' : 'L2');
      people.push({ person_id: id, name: `Person ${id}`, email: null, manager_id: team.manager, team_id: `t-${team.manager}`, department: team.department, location: 'HQ', level, hire_date: null });
      const before = draw(rand, team.weights);
      const after = before === 3 ? 3 : before > 3 ? before - 1 : before + 1;
      const base = { cycle_id: '2026-H1', employee_id: id, dimension: 'overall', rated_at: null, reason: null };
      ratings.push({ ...base, rater_id: team.manager, stage: 'manager', rating: before });
      ratings.push({ ...base, rater_id: 'committee', stage: 'calibrated', rating: after });
      ratings.push({ ...base, rater_id: team.manager, stage: 'manager', dimension: 'potential', rating: 1 + Math.floor(rand() * 3) });
      attributes.push({ person_id: id, attribute: 'group', value: i % 3 === 0 ? 'X' : 'Y' });
    }
  }
  await insertRows(db, 'people', people);
  await insertRows(db, 'ratings', ratings);
  await insertRows(db, 'person_attributes', attributes);
  await insertRows(
    db,
    'rating_scale',
    GUIDELINE.map((g, i) => ({ cycle_id: '2026-H1', value: i + 1, label: ['Below', 'Partly meets', 'Meets', 'Exceeds', 'Outstanding'][i]!, guideline_share: g })),
  );
  return { people, ratings };
}
