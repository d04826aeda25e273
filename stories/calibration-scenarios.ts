// Data for the calibration stories: small seeded organisations on an in-page
// DuckDB-WASM (assets served by vite from node_modules; never a CDN).
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { WasmConnector } from '@plumb/core/wasm';
import { createSchema, insertRows, type Connector, type PersonRow, type RatingRow } from '@plumb/core';

export type Scenario = 'balanced' | 'lenient-severe' | 'tiny-teams' | 'hostile-names' | 'empty';

interface Team {
  id: string;
  name: string;
  size: number;
  department: string;
  weights: number[];
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BALANCED = [1, 4, 10, 4, 1];
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen', 'Tim Berners-Lee', 'Margaret Hamilton', 'Ken Thompson', 'Radia Perlman'];

function teams(scenario: Scenario): Team[] {
  const depts = ['Sales', 'Engineering', 'Support'];
  const base = NAMES.map((name, i) => ({ id: `m${i}`, name, size: 12 + ((i * 7) % 14), department: depts[i % 3]!, weights: BALANCED }));
  switch (scenario) {
    case 'lenient-severe':
      base[0]!.weights = [0, 0, 2, 6, 5];
      base[1]!.weights = [0, 0, 3, 5, 2];
      base[2]!.weights = [4, 6, 3, 0, 0];
      base[3]!.weights = [0, 0, 1, 0, 0];
      return base;
    case 'tiny-teams':
      return base.map((t, i) => (i % 3 === 0 ? { ...t, size: 1 + (i % 4) } : t));
    case 'hostile-names':
      base[0]!.name = '<img src=x onerror=alert(1)>';
      base[1]!.name = '"); DROP TABLE ratings; --';
      base[2]!.name = 'Ṽéřÿ Łöñğ Ñåmé With Many Characters That Would Overflow Any Label Column Anywhere';
      base[3]!.name = 'مدير المبيعات';
      return base;
    default:
      return base;
  }
}

function draw(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rand() * total;
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i + 1;
  return weights.length;
}

/** A connector holding the scenario's ratings (manager → calibrated, potential). */
export async function scenarioConnector(scenario: Scenario, seed = 11): Promise<Connector> {
  const db = new WasmConnector({ assets: { mvp: { mainModule: mvpModule, mainWorker: mvpWorker }, eh: { mainModule: ehModule, mainWorker: ehWorker } } });
  await createSchema(db);
  if (scenario === 'empty') return db;
  const rand = random(seed);
  const people: Partial<PersonRow>[] = [];
  const ratings: Partial<RatingRow>[] = [];
  for (const t of teams(scenario)) {
    people.push({ person_id: t.id, name: t.name, department: t.department, level: 'Manager' });
    for (let i = 0; i < t.size; i++) {
      const id = `${t.id}-${i}`;
      people.push({ person_id: id, name: `Employee ${id}`, manager_id: t.id, team_id: `team-${t.id}`, department: t.department, level: i % 3 === 0 ? 'Senior' : 'Mid' });
      const before = draw(rand, t.weights);
      const nudge = rand() < 0.5 ? 0 : before > 3 ? -1 : before < 3 ? 1 : 0;
      const base = { cycle_id: '2026-H1', employee_id: id, dimension: 'overall' };
      ratings.push({ ...base, rater_id: t.id, stage: 'manager', rating: before });
      ratings.push({ ...base, rater_id: 'calibration', stage: 'calibrated', rating: before + nudge });
      ratings.push({ ...base, rater_id: t.id, stage: 'manager', dimension: 'potential', rating: 1 + Math.floor(rand() * 3) });
    }
  }
  await insertRows(db, 'people', people);
  await insertRows(db, 'ratings', ratings);
  await insertRows(db, 'rating_scale', [
    { cycle_id: '2026-H1', value: 1, label: 'Below', guideline_share: 0.05 },
    { cycle_id: '2026-H1', value: 2, label: 'Partly meets', guideline_share: 0.2 },
    { cycle_id: '2026-H1', value: 3, label: 'Meets', guideline_share: 0.5 },
    { cycle_id: '2026-H1', value: 4, label: 'Exceeds', guideline_share: 0.2 },
    { cycle_id: '2026-H1', value: 5, label: 'Outstanding', guideline_share: 0.05 },
  ]);
  return db;
}

const cache = new Map<string, Promise<Connector>>();
/** One connector per scenario for the whole Storybook session. */
export function sharedScenario(scenario: Scenario): Promise<Connector> {
  let c = cache.get(scenario);
  if (!c) cache.set(scenario, (c = scenarioConnector(scenario)));
  return c;
}
