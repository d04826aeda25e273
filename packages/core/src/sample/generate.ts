import type { CanonicalTable } from '../schema.js';
import { CANONICAL_TABLES } from '../schema.js';
import { isoDateFromEpochMs } from '../arrow-rows.js';
import { keyResultProgress } from '../okr/progress.js';
import { entityTable, type AddRow, type SampleTable } from './batch.js';
import { Random, hash32 } from './random.js';
import {
  BLOCKER_NOTES, CHECK_IN_NOTES, COMPETENCIES, DELIVERY_THANKS, DEPARTMENTS, FEEDBACK_TEXTS, FIRST_NAMES, INDIVIDUAL_OBJECTIVE_TITLES,
  KEY_RESULT_TEMPLATES, LAST_NAMES, LOCATIONS, RECOGNITION_MESSAGES, TEAM_OBJECTIVE_TITLES, TEAM_WORDS,
  asciiFold, type KeyResultTemplate,
} from './words.js';

export interface SampleOptions {
  /** Head count, 1 to 1,000,000 (600 is the demo default). */
  people: number;
  /** Any 32-bit integer; default 1. */
  seed?: number;
}

export type RaterBias = 'neutral' | 'lenient' | 'severe' | 'central';
export type ConfidencePath = 'steady' | 'falling' | 'recovering' | 'never' | 'gaps';

/** How a key result's value behaves around its links, planted on some steady key results. */
export interface DeliveryPattern {
  /** `sprint-lift`: flat until its first sprint starts, then moves during it. `milestone-flat`: a milestone
   * was delivered (done) and the value did not change in the two weeks either side of its due date. */
  kind: 'sprint-lift' | 'milestone-flat';
  /** The sprint or milestone (`links.external_id`). */
  external_id: string;
}

/** A recognition planted for a delivered milestone: given within 0–5 days, 10–20 days later, or never. */
export interface RecognitionTiming {
  timing: 'on-time' | 'late' | 'never';
  /** The delivered milestone. */
  external_id: string;
  delivered: string;
  /** Days from delivery to the recognition (null when never given). */
  days: number | null;
}

/** A blocker: raised on a check-in with status `blocked`, cleared by the next check-in of another status. */
export interface SampleBlocker {
  raised: string;
  /** The check-in that cleared it, or null when still blocked at the last check-in. */
  cleared: string | null;
}

export interface SampleCycle {
  cycle_id: string;
  name: string;
  start_date: string;
  end_date: string;
}

/** The sample organisation: every canonical table, generated lazily in batches. */
export interface SampleOrganisation {
  people: number;
  seed: number;
  okrCycle: SampleCycle;
  reviewCycle: SampleCycle;
  counts: { teams: number; objectives: number; keyResults: number; managers: number; maxDepth: number };
  tables: Record<CanonicalTable, SampleTable>;
  /** The ground truth the data was drawn from (never part of the tables): for tests and docs. */
  truth: {
    /** How a manager rates (null for someone who rates nobody). */
    raterBias(personId: string): RaterBias | null;
    /** Whether a rater's competency ratings copy their overall rating (halo). */
    raterHalo(personId: string): boolean;
    /** The confidence path a key result was drawn with. */
    confidencePath(keyResultId: string): ConfidencePath | null;
    /** The planted movement around a sprint or milestone, or null (most key results). */
    deliveryPattern(keyResultId: string): DeliveryPattern | null;
    /** The planted recognition of a delivered milestone, or null. */
    recognitionTiming(keyResultId: string): RecognitionTiming | null;
    /** The planted blocker, or null. */
    blocker(keyResultId: string): SampleBlocker | null;
    /** Dates of the key result's check-ins written by someone other than its owner (its owner's manager). */
    checkInsByOthers(keyResultId: string): string[];
    /** Relationships for which everyone who could give feedback did (a group large enough to show as a number). */
    fullFeedbackRound(personId: string): ('peer' | 'report')[];
  };
}

export const MAX_SAMPLE_PEOPLE = 1_000_000;

const DAY = 86_400_000;
const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

const OKR_CYCLE: SampleCycle = { cycle_id: '2026-Q3', name: '2026 Q3', start_date: '2026-06-29', end_date: '2026-09-27' };
const REVIEW_CYCLE: SampleCycle = {
  cycle_id: '2026-Q3-review', name: 'Q3 2026 performance review', start_date: '2026-06-29', end_date: '2026-10-16',
};
const WEEKS = 13;
const OKR_START = epochDay(OKR_CYCLE.start_date);
const RATED_AT = { manager: '2026-10-02', calibrated: '2026-10-09', final: '2026-10-16' } as const;

// Stream salts: each table draws from its own stream per entity.
const S = { tree: 1, person: 2, team: 3, kr: 4, link: 5, rater: 6, perf: 7, feedback: 8, recognition: 9, attr: 10, objective: 11 };
// Review-evidence streams, added after the first eleven so every earlier draw stays as it was.
const R = { delivery: 12, blocker: 13, author: 14, round: 15, thanks: 16 };

const PATHS: readonly ConfidencePath[] = ['steady', 'falling', 'recovering', 'never', 'gaps'];
const PATH_WEIGHTS = [55, 14, 10, 6, 15];
const RATER_KINDS: readonly RaterBias[] = ['neutral', 'lenient', 'severe', 'central'];
const RATER_WEIGHTS = [64, 12, 12, 12];
const GROUPS = ['group A', 'group B', 'group C'] as const;

interface CompanyKeyResult extends KeyResultTemplate { objective: number; path: ConfidencePath; startValue: number; targetValue: number }

export const COMPANY_OBJECTIVES = [
  'Win the mid-market',
  'Delight every customer',
  'Build a faster, sturdier platform',
] as const;

// Hand-made so their paths are facts the README can state at any seed.
const COMPANY_KEY_RESULTS: readonly CompanyKeyResult[] = [
  { objective: 0, title: 'Grow recurring revenue from $2.0M to $3.0M', unit: 'USD', startValue: 2_000_000, targetValue: 3_000_000, step: 10_000, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 0, title: 'Sign 40 new mid-market logos', unit: 'count', startValue: 0, targetValue: 40, step: 1, path: 'falling', start: [0, 0], target: [0, 0] },
  { objective: 0, title: 'Lift trial conversion from 3% to 5%', unit: '%', startValue: 3, targetValue: 5, step: 0.1, path: 'recovering', start: [0, 0], target: [0, 0] },
  { objective: 0, title: 'Open two new regions', unit: 'count', startValue: 0, targetValue: 2, step: 1, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 0, title: 'Cut sales cycle from 60 to 40 days', unit: 'days', startValue: 60, targetValue: 40, step: 1, path: 'gaps', start: [0, 0], target: [0, 0] },
  { objective: 1, title: 'Raise NPS from 25 to 45', unit: 'score', startValue: 25, targetValue: 45, step: 1, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 1, title: 'Cut monthly churn from 4% to 2.5%', unit: '%', startValue: 4, targetValue: 2.5, step: 0.1, path: 'falling', start: [0, 0], target: [0, 0] },
  { objective: 1, title: 'Answer 90% of tickets within 4 hours', unit: '%', startValue: 60, targetValue: 90, step: 1, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 1, title: 'Publish 30 help-centre guides', unit: 'count', startValue: 0, targetValue: 30, step: 1, path: 'never', start: [0, 0], target: [0, 0] },
  { objective: 2, title: 'Cut p95 page load from 3200 ms to 1500 ms', unit: 'ms', startValue: 3200, targetValue: 1500, step: 10, path: 'recovering', start: [0, 0], target: [0, 0] },
  { objective: 2, title: 'Reach 99.95% monthly uptime', unit: '%', startValue: 99.5, targetValue: 99.95, step: 0.01, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 2, title: 'Reduce open P1 bugs from 120 to 20', unit: 'count', startValue: 120, targetValue: 20, step: 1, path: 'falling', start: [0, 0], target: [0, 0] },
  { objective: 2, title: 'Raise automated test coverage from 55% to 80%', unit: '%', startValue: 55, targetValue: 80, step: 0.5, path: 'steady', start: [0, 0], target: [0, 0] },
  { objective: 2, title: 'Migrate 100% of services to the new runtime', unit: '%', startValue: 0, targetValue: 100, step: 1, path: 'gaps', start: [0, 0], target: [0, 0] },
];
export const COMPANY_KEY_RESULT_IDS = COMPANY_KEY_RESULTS.map((kr, i) => companyKrId(kr.objective, i));

function companyKrId(objective: number, index: number): string {
  let n = 0;
  for (let i = 0; i < index; i++) if (COMPANY_KEY_RESULTS[i]!.objective === objective) n++;
  return `kr-c${objective + 1}-${n + 1}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function roundTo(value: number, step: number): number {
  const r = Math.round(value / step) * step;
  // Clean binary noise (0.1 steps) so CSV shows 3.4, not 3.4000000000000004.
  return Number(r.toFixed(step >= 1 ? 0 : Math.ceil(-Math.log10(step))));
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** Progress to 4 decimals, as an export would show it. */
const progressOf = (start: number, target: number, current: number) => {
  const p = keyResultProgress(start, target, current);
  return p === null ? null : Math.round(p * 10_000) / 10_000;
};

/** Growable Int32 list (objectives and key results grow while the tree is walked). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
}

/**
 * Generate the sample organisation: deterministic for (people, seed), no
 * clock, no Math.random, no DOM, no Node APIs. Only the structure (who reports
 * to whom, which objective aligns to which) is held in typed arrays; every
 * table's rows are drawn on demand, batch by batch.
 */
export function generateSample(options: SampleOptions): SampleOrganisation {
  const N = options.people;
  if (!Number.isInteger(N) || N < 1 || N > MAX_SAMPLE_PEOPLE) {
    throw new RangeError(`people must be a whole number from 1 to ${MAX_SAMPLE_PEOPLE.toLocaleString('en')}, got ${N}`);
  }
  const seed = (options.seed ?? 1) | 0;
  if (!Number.isInteger(options.seed ?? 1)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const stream = (salt: number, index: number) => new Random(hash32(seed, salt, index));
  const scratch = new Random(0);
  const draw = (salt: number, index: number) => scratch.reset(hash32(seed, salt, index));

  // ---- Management tree: breadth first, spans 4–9 (the last manager may take up to 12 to avoid a tiny team).
  const manager = new Int32Array(N).fill(-1);
  const depth = new Uint8Array(N);
  const firstReport = new Int32Array(N);
  const reportCount = new Int32Array(N);
  const treeRandom = stream(S.tree, 0);
  let next = 1;
  for (let m = 0; m < N && next < N; m++) {
    const remaining = N - next;
    let span = treeRandom.int(4, 9);
    if (remaining - span > 0 && remaining - span < 4) span = remaining <= 9 ? remaining : remaining - 4;
    span = Math.min(span, remaining);
    firstReport[m] = next;
    reportCount[m] = span;
    for (let r = next; r < next + span; r++) {
      manager[r] = m;
      depth[r] = depth[m]! + 1;
    }
    next += span;
  }
  let maxDepth = 0;
  for (let i = 0; i < N; i++) if (depth[i]! > maxDepth) maxDepth = depth[i]!;

  // ---- Teams: one per manager, the tree of teams is the tree of managers.
  const teamOfLead = new Int32Array(N).fill(-1);
  const teamLead = new IntList();
  for (let m = 0; m < N; m++) if (reportCount[m]! > 0) { teamOfLead[m] = teamLead.length; teamLead.push(m); }
  if (teamLead.length === 0) { teamOfLead[0] = 0; teamLead.push(0); } // a one-person company is still a team
  const teamCount = teamLead.length;
  const teamOf = (p: number) => (teamOfLead[p]! >= 0 ? teamOfLead[p]! : teamOfLead[manager[p]!]!);
  const department = new Int8Array(N).fill(-1); // -1: the executive
  const deptSeq = new Int32Array(DEPARTMENTS.length);
  const teamSeq = new Int32Array(teamCount);
  for (let i = 1; i < N; i++) {
    department[i] = depth[i] === 1 ? (i - 1) % DEPARTMENTS.length : department[manager[i]!]!;
    if (teamOfLead[i]! >= 0 && department[i]! >= 0) teamSeq[teamOfLead[i]!] = deptSeq[department[i]!]!++;
  }
  const teamLocation = new Uint8Array(teamCount);
  for (let t = 0; t < teamCount; t++) teamLocation[t] = draw(S.team, t).int(0, LOCATIONS.length - 1);

  // ---- Objectives and key results, walking teams top-down.
  const objOwner = new IntList();
  const objTeam = new IntList();
  const objLevel = new IntList(); // 0 company, 1 team, 2 individual
  const objParent = new IntList(); // -1 unaligned
  const objParentKr = new IntList(); // -1 none
  const objFirstKr = new IntList();
  const objKrCount = new IntList();
  const krObjective = new IntList();
  const krOwner = new IntList();
  const teamFirstObj = new Int32Array(teamCount);
  const teamObjCount = new Int32Array(teamCount);
  const firstKrOwned = new Int32Array(N).fill(-1);
  const objRandom = stream(S.objective, 0);

  const addObjective = (owner: number, team: number, level: number, parent: number, parentKr: number, krs: number, krOwnerOf: () => number) => {
    const o = objOwner.length;
    objOwner.push(owner); objTeam.push(team); objLevel.push(level); objParent.push(parent); objParentKr.push(parentKr);
    objFirstKr.push(krObjective.length); objKrCount.push(krs);
    for (let k = 0; k < krs; k++) {
      const ownerOfKr = krOwnerOf();
      if (firstKrOwned[ownerOfKr] === -1) firstKrOwned[ownerOfKr] = krObjective.length;
      krObjective.push(o); krOwner.push(ownerOfKr);
    }
    return o;
  };
  const companyTeam = teamOf(0);
  for (let c = 0; c < COMPANY_OBJECTIVES.length; c++) {
    addObjective(0, companyTeam, 0, -1, -1, COMPANY_KEY_RESULTS.filter((kr) => kr.objective === c).length, () => 0);
  }
  for (let t = 0; t < teamCount; t++) {
    const lead = teamLead.get(t);
    const parentTeam = lead === 0 ? -1 : teamOf(manager[lead]!);
    const count = lead === 0 ? 0 : depth[lead] === 1 ? 2 : objRandom.int(1, 2);
    teamFirstObj[t] = objOwner.length;
    teamObjCount[t] = count;
    for (let j = 0; j < count; j++) {
      let parent = -1;
      let parentKr = -1;
      if (!objRandom.chance(0.06)) {
        if (parentTeam === companyTeam || parentTeam < 0) {
          parent = objRandom.int(0, COMPANY_OBJECTIVES.length - 1);
          if (objRandom.chance(0.3)) parentKr = objFirstKr.get(parent) + objRandom.int(0, objKrCount.get(parent) - 1);
        } else if (teamObjCount[parentTeam]! > 0) {
          parent = teamFirstObj[parentTeam]! + objRandom.int(0, teamObjCount[parentTeam]! - 1);
        }
      }
      const reports = reportCount[lead]!;
      addObjective(lead, t, 1, parent, parentKr, objRandom.int(2, 5), () =>
        objRandom.chance(0.5) ? lead : firstReport[lead]! + objRandom.int(0, reports - 1));
    }
  }
  for (let p = 1; p < N; p++) {
    if (reportCount[p]! > 0 || !objRandom.chance(0.4)) continue;
    const t = teamOf(p);
    const parent = teamObjCount[t]! > 0 && !objRandom.chance(0.1) ? teamFirstObj[t]! + objRandom.int(0, teamObjCount[t]! - 1) : -1;
    addObjective(p, t, 2, parent, -1, objRandom.int(1, 3), () => p);
  }
  const objectiveCount = objOwner.length;
  const keyResultCount = krObjective.length;
  const companyKrCount = COMPANY_KEY_RESULTS.length;

  // ---- Identifiers.
  const personWidth = Math.max(4, String(N).length);
  const teamWidth = Math.max(3, String(teamCount).length);
  const objWidth = Math.max(4, String(objectiveCount).length);
  const krWidth = Math.max(4, String(keyResultCount).length);
  const personId = (p: number) => `p${pad(p + 1, personWidth)}`;
  const teamId = (t: number) => `t${pad(t + 1, teamWidth)}`;
  const objectiveId = (o: number) => (o < COMPANY_OBJECTIVES.length ? `obj-c${o + 1}` : `obj-${pad(o - COMPANY_OBJECTIVES.length + 1, objWidth)}`);
  const krId = (k: number) => (k < companyKrCount ? COMPANY_KEY_RESULT_IDS[k]! : `kr-${pad(k - companyKrCount + 1, krWidth)}`);
  const personIndex = (id: string) => (/^p\d+$/.test(id) ? Number(id.slice(1)) - 1 : -1);
  const krIndex = (id: string) => {
    const company = COMPANY_KEY_RESULT_IDS.indexOf(id);
    if (company >= 0) return company;
    const m = /^kr-(\d+)$/.exec(id);
    const k = m ? Number(m[1]) - 1 + companyKrCount : -1;
    return k >= companyKrCount && k < keyResultCount ? k : -1;
  };

  const dayStrings = new Map<number, string>();
  const isoDay = (day: number) => {
    let s = dayStrings.get(day);
    if (s === undefined) { s = isoDateFromEpochMs(day * DAY); dayStrings.set(day, s); }
    return s;
  };

  // ---- Key-result specification and confidence path (re-drawn from the key result's own stream).
  interface KrSpec { title: string; unit: string; start: number; target: number; step: number; weight: number; path: ConfidencePath; weekday: number }
  const krRandom = new Random(0);
  const krSpec = (k: number): KrSpec => {
    const r = krRandom.reset(hash32(seed, S.kr, k));
    const weekday = r.int(0, 4);
    if (k < companyKrCount) {
      const c = COMPANY_KEY_RESULTS[k]!;
      return { title: c.title, unit: c.unit, start: c.startValue, target: c.targetValue, step: c.step, weight: 1, path: c.path, weekday };
    }
    const tpl = KEY_RESULT_TEMPLATES[r.int(0, KEY_RESULT_TEMPLATES.length - 1)]!;
    const start = roundTo(r.range(tpl.start[0], tpl.start[1]), tpl.step);
    let target = roundTo(r.range(tpl.target[0], tpl.target[1]), tpl.step);
    if (target === start) target = start + tpl.step * (tpl.target[0] < tpl.start[0] ? -10 : 10);
    const weight = r.chance(0.75) ? 1 : r.pick([0.5, 2]);
    const path = PATHS[r.weighted(PATH_WEIGHTS)]!;
    const title = `${tpl.title} from ${start} to ${target}${tpl.unit === '%' ? '%' : tpl.unit === 'count' || tpl.unit === 'score' ? '' : ` ${tpl.unit}`}`;
    return { title, unit: tpl.unit, start, target, step: tpl.step, weight, path, weekday };
  };
  /** A key result's milestones and sprints, drawn from its own link stream (never touches krRandom). */
  interface LinkPlan { milestones: { due: number; done: boolean }[]; sprintFrom: number; sprintTo: number }
  const linkPlan = (k: number, path: ConfidencePath): LinkPlan => {
    const r = stream(S.link, k);
    const count = r.int(0, 3);
    const milestones: LinkPlan['milestones'] = [];
    for (let j = 0; j < count; j++) {
      milestones.push({ due: OKR_START + Math.round(((j + 1) * WEEKS * 7) / (count + 1)), done: r.chance(path === 'falling' ? 0.5 : 0.85) });
    }
    let sprintFrom = 0;
    let sprintTo = 0;
    if (r.chance(0.35)) {
      sprintFrom = r.int(1, 4);
      sprintTo = Math.min(6, sprintFrom + r.int(1, 3));
    }
    return { milestones, sprintFrom, sprintTo };
  };
  const sprintId = (k: number, s: number) => `SPR-${objTeam.get(krObjective.get(k)) + 1}-${s}`;
  /** Sprint s runs Monday of week 2s−1 to the Friday of week 2s (its due date). */
  const sprintStart = (s: number) => OKR_START + 14 * (s - 1);
  const sprintEnd = (s: number) => OKR_START + 14 * s - 3;
  /** Days either side of a milestone's due date in which "the key result moved" is measured. */
  const MILESTONE_WINDOW = 14;
  /**
   * The planted delivery pattern of a steady team or individual key result: 30 % of those with a first
   * sprint after week 2 stay flat until it starts (then move in it); 15 % of those with a done milestone
   * stay flat for two weeks either side of its due date. `hold` = (after, upTo]: days whose value is held.
   */
  const deliveryPlan = (k: number, path: ConfidencePath): (DeliveryPattern & { after: number; upTo: number }) | null => {
    if (path !== 'steady' || k < companyKrCount) return null;
    const u = draw(R.delivery, k).next();
    const links = linkPlan(k, path);
    if (u < 0.3) {
      if (links.sprintFrom < 2) return null;
      return { kind: 'sprint-lift', external_id: sprintId(k, links.sprintFrom), after: -Infinity, upTo: sprintStart(links.sprintFrom) - 1 };
    }
    if (u >= 0.45) return null;
    const m = links.milestones.findIndex((x) => x.done);
    if (m < 0) return null;
    const due = links.milestones[m]!.due;
    return { kind: 'milestone-flat', external_id: `MS-${k + 1}-${m + 1}`, after: due - MILESTONE_WINDOW, upTo: due + MILESTONE_WINDOW };
  };
  const present = new Uint8Array(WEEKS);
  const confidence = new Float64Array(WEEKS);
  const value = new Float64Array(WEEKS);
  const planned = new Float64Array(WEEKS);
  /** Fill present/confidence/value/planned for key result k; returns its spec. Continues krRandom's stream. */
  const krPath = (k: number): KrSpec => {
    const spec = krSpec(k);
    const r = krRandom;
    present.fill(spec.path === 'never' ? 0 : 1);
    if (spec.path === 'gaps') {
      const missing = r.int(2, 4);
      for (let j = 0; j < missing; j++) present[r.int(1, WEEKS - 1)] = 0;
      if (r.chance(0.4)) present[0] = 0; // started late
    }
    let c = r.range(0.62, 0.85);
    const low = r.range(0.3, 0.45);
    const floor = r.range(0.1, 0.3);
    const back = r.range(0.62, 0.8);
    const pace = spec.path === 'falling' ? r.range(0.3, 0.55) : r.range(0.85, 1.1);
    let frac = 0;
    for (let w = 0; w < WEEKS; w++) {
      const pf = (w + 1) / WEEKS;
      switch (spec.path) {
        case 'falling':
          c = w <= 3 ? c - (c - low) * (w / 3) : clamp(c - (low - floor) / 9 + 0.02 * r.normal(), 0.05, 0.48);
          frac = pf * pace + 0.01 * r.normal();
          break;
        case 'recovering':
          if (w <= 3) c = c - (c - low) * (w / 3);
          else if (w <= 5) c = clamp(c + 0.02 * r.normal(), 0.2, 0.48);
          else c = clamp(c + (back - c) * 0.35 + 0.02 * r.normal(), 0.2, 0.95);
          frac = w < 6 ? pf * 0.4 : pf * 0.4 + (pf - 6 / WEEKS) * (0.9 - 0.4 * pf) * 1.6;
          break;
        default:
          c = clamp(c + 0.04 * r.normal(), 0.55, 0.95);
          frac = pf * pace + 0.02 * r.normal();
      }
      confidence[w] = Math.round(c * 100) / 100;
      value[w] = roundTo(spec.start + (spec.target - spec.start) * clamp(frac, 0, 1.1), spec.step);
      planned[w] = roundTo(spec.start + (spec.target - spec.start) * pf, spec.step);
    }
    const plan = deliveryPlan(k, spec.path);
    if (plan) {
      // Hold the value at its last reading on or before `after` (the start value if none) through `upTo`.
      let held = spec.start;
      for (let w = 0; w < WEEKS; w++) {
        const day = OKR_START + 7 * w + spec.weekday;
        if (day <= plan.after) held = value[w]!;
        else if (day <= plan.upTo) value[w] = held;
      }
    }
    return spec;
  };
  const statusOf = (c: number) => (c >= 0.7 ? 'on track' : c >= 0.4 ? 'at risk' : 'off track');
  /**
   * The planted blocker of key result k (45 % of falling and recovering key results, 10 % with gaps, 5 % of
   * steady ones): raised at the first check-in from week 3–9, status `blocked` for 1–3 check-ins, then
   * cleared (75 %) or still blocked at the end. Reads `present` (call after krPath(k)).
   */
  const blockerPlan = (k: number, path: ConfidencePath) => {
    const r = draw(R.blocker, k);
    const p = path === 'falling' || path === 'recovering' ? 0.45 : path === 'gaps' ? 0.1 : path === 'steady' ? 0.05 : 0;
    if (!r.chance(p)) return null;
    const from = r.int(2, 8);
    const span = r.int(1, 3);
    const clears = r.chance(0.75);
    const raisedNote = r.pick(BLOCKER_NOTES.raised);
    const clearedNote = r.pick(BLOCKER_NOTES.cleared);
    let raised = -1;
    for (let w = from; w < WEEKS && raised < 0; w++) if (present[w]) raised = w;
    if (raised < 0) return null;
    let cleared = -1;
    if (clears) for (let w = raised + 1, n = 0; w < WEEKS && cleared < 0; w++) if (present[w] && ++n === span) cleared = w;
    return { raised, cleared, raisedNote, clearedNote, blocked: (w: number) => w >= raised && (cleared < 0 || w < cleared) };
  };
  /** Weeks (bit mask) whose check-in of key result k was written by the owner's manager (10 % of key results). */
  const otherAuthorWeeks = (k: number): number => {
    const r = draw(R.author, k);
    if (!r.chance(0.1) || manager[krOwner.get(k)]! < 0) return 0;
    let mask = 0;
    for (let n = r.int(1, 3); n > 0; n--) mask |= 1 << r.int(0, WEEKS - 1);
    return mask;
  };

  // ---- Raters.
  const raterKind = (m: number): RaterBias => RATER_KINDS[draw(S.rater, m).weighted(RATER_WEIGHTS)]!;
  const raterTraits = (m: number) => {
    const r = draw(S.rater, m);
    const kind = RATER_KINDS[r.weighted(RATER_WEIGHTS)]!;
    const competencies = r.chance(0.35);
    const halo = competencies && r.chance(0.5);
    return { kind, competencies, halo };
  };
  const groupOf = (p: number) => {
    const r = draw(S.attr, p);
    return { group: r.weighted([50, 35, 15]), disclosed: r.chance(0.8) };
  };
  const performance = (p: number) => draw(S.perf, p).normal();

  const fullName = (p: number) => {
    const r = draw(S.person, p);
    const first = FIRST_NAMES[r.int(0, FIRST_NAMES.length - 1)]!;
    const last = LAST_NAMES[r.int(0, LAST_NAMES.length - 1)]!;
    return { first, last };
  };

  const isLead = (p: number) => reportCount[p]! > 0;
  const nullableId = (p: number) => (p >= 0 ? personId(p) : null);

  // ---- Tables.
  const people = entityTable('people', N, (p, add) => {
    const r = stream(S.person, p);
    const first = FIRST_NAMES[r.int(0, FIRST_NAMES.length - 1)]!;
    const last = LAST_NAMES[r.int(0, LAST_NAMES.length - 1)]!;
    const t = teamOf(p);
    const location = r.chance(0.85) ? LOCATIONS[teamLocation[t]!]! : r.pick(LOCATIONS);
    const level = p === 0 ? 'CEO' : depth[p] === 1 ? 'VP' : isLead(p) ? (depth[p] === 2 ? 'Director' : 'Manager') : `IC${r.weighted([10, 30, 30, 20, 10]) + 1}`;
    const hired = isLead(p) ? r.int(epochDay('2010-01-04'), epochDay('2024-12-31')) : r.int(epochDay('2014-01-06'), epochDay('2026-06-01'));
    // people: person_id, name, email, manager_id, team_id, department, location, level, hire_date
    add([
      personId(p), `${first} ${last}`, `${asciiFold(first)}.${asciiFold(last)}.${p + 1}@example.com`,
      nullableId(manager[p]!), teamId(t), department[p]! < 0 ? 'Executive' : DEPARTMENTS[department[p]!]!,
      location, level, isoDay(hired),
    ]);
  });

  const teams = entityTable('teams', teamCount, (t, add) => {
    const lead = teamLead.get(t);
    const dept = department[lead]!;
    const seq = teamSeq[t]!;
    const name = lead === 0 ? 'Executive team'
      : depth[lead] === 1 ? DEPARTMENTS[dept]!
      : `${DEPARTMENTS[dept]!} ${TEAM_WORDS[seq % TEAM_WORDS.length]!}${seq >= TEAM_WORDS.length ? ` ${Math.floor(seq / TEAM_WORDS.length) + 1}` : ''}`;
    // teams: team_id, name, parent_team_id, lead_id
    add([teamId(t), name, lead === 0 ? null : teamId(teamOf(manager[lead]!)), personId(lead)]);
  });

  const cycles = entityTable('cycles', 2, (i, add) => {
    const c = i === 0 ? OKR_CYCLE : REVIEW_CYCLE;
    add([c.cycle_id, c.name, i === 0 ? 'okr' : 'review', c.start_date, c.end_date]);
  });

  const lastCheckIn = (k: number) => {
    const spec = krPath(k);
    for (let w = WEEKS - 1; w >= 0; w--) if (present[w]) return { spec, w };
    return { spec, w: -1 };
  };

  const objectives = entityTable('objectives', objectiveCount, (o, add) => {
    const level = objLevel.get(o);
    const owner = objOwner.get(o);
    const r = stream(S.objective, o + 1);
    const title = level === 0 ? COMPANY_OBJECTIVES[o]!
      : level === 1 ? r.pick(TEAM_OBJECTIVE_TITLES).replace('{d}', department[owner]! < 0 ? 'company' : DEPARTMENTS[department[owner]!]!)
      : r.pick(INDIVIDUAL_OBJECTIVE_TITLES);
    const parent = objParent.get(o);
    const parentKr = objParentKr.get(o);
    const weight = level === 0 ? 1 : r.chance(0.7) ? 1 : r.pick([0.5, 2]);
    // The export's own progress figure for some objectives, sometimes optimistic.
    let stated: number | null = null;
    if (r.chance(0.3)) {
      let sum = 0;
      const first = objFirstKr.get(o);
      const n = objKrCount.get(o);
      for (let k = first; k < first + n; k++) {
        const { spec, w } = lastCheckIn(k);
        sum += w < 0 ? 0 : keyResultProgress(spec.start, spec.target, value[w]) ?? 0;
      }
      stated = Math.round(clamp(sum / n + (r.chance(0.25) ? r.range(0.1, 0.2) : 0), 0, 1) * 100) / 100;
    }
    // objectives: objective_id, cycle_id, title, level, owner_id, team_id, parent_objective_id,
    // parent_key_result_id, link_type, weight, rollup_mode, stated_progress
    add([
      objectiveId(o), OKR_CYCLE.cycle_id, title, (['company', 'team', 'individual'] as const)[level]!, personId(owner),
      teamId(objTeam.get(o)), parent >= 0 ? objectiveId(parent) : null, parentKr >= 0 ? krId(parentKr) : null,
      parent < 0 ? null : r.chance(0.85) ? 'contributes' : 'supports', weight, level === 0 ? 'both' : 'krs', stated,
    ]);
  });

  const keyResults = entityTable('key_results', keyResultCount, (k, add) => {
    const { spec, w } = lastCheckIn(k);
    const current = w < 0 ? spec.start : value[w]!;
    const conf = w < 0 ? null : confidence[w]!;
    // key_results: key_result_id, objective_id, title, owner_id, start_value, target_value, unit, weight,
    // direction, current_value, progress, confidence, confidence_raw, confidence_scale
    add([
      krId(k), objectiveId(krObjective.get(k)), spec.title, personId(krOwner.get(k)), spec.start, spec.target,
      spec.unit, spec.weight, spec.target > spec.start ? 'increase' : 'decrease', current,
      progressOf(spec.start, spec.target, current), conf, conf === null ? null : String(conf),
      conf === null ? null : 'unit',
    ]);
  });

  const checkIns = entityTable('check_ins', keyResultCount, (k, add) => {
    const spec = krPath(k);
    const r = krRandom; // continues the key result's own stream
    const owner = krOwner.get(k);
    const author = personId(owner);
    const id = krId(k);
    const blocker = blockerPlan(k, spec.path);
    const byOthers = otherAuthorWeeks(k);
    for (let w = 0; w < WEEKS; w++) {
      if (!present[w]) continue;
      const c = confidence[w]!;
      const wrote = r.chance(0.4);
      let note: string | null = !wrote ? null
        : spec.path === 'recovering' && w >= 6 ? r.pick(CHECK_IN_NOTES.recovering)
        : c < 0.5 ? r.pick(CHECK_IN_NOTES.worried) : r.pick(CHECK_IN_NOTES.good);
      let status = statusOf(c);
      if (blocker?.blocked(w)) status = 'blocked';
      if (blocker?.raised === w) note = blocker.raisedNote;
      if (blocker?.cleared === w) note = blocker.clearedNote;
      // check_ins: key_result_id, checked_at, value, progress, confidence, confidence_raw, confidence_scale,
      // status, note, author_id, planned_value
      add([
        id, isoDay(OKR_START + 7 * w + spec.weekday), value[w]!, progressOf(spec.start, spec.target, value[w]!),
        c, String(c), 'unit', status, note, byOthers & (1 << w) ? personId(manager[owner]!) : author, planned[w]!,
      ]);
    }
  });

  const links = entityTable('links', keyResultCount, (k, add) => {
    const id = krId(k);
    const plan = linkPlan(k, krSpec(k).path);
    plan.milestones.forEach((m, j) => {
      // links: key_result_id, kind, external_id, title, due_date, status
      add([id, 'milestone', `MS-${k + 1}-${j + 1}`, `Milestone ${j + 1}`, isoDay(m.due), m.done ? 'done' : 'missed']);
    });
    if (plan.sprintFrom > 0) {
      for (let s = plan.sprintFrom; s <= plan.sprintTo; s++) add([id, 'sprint', sprintId(k, s), `Sprint ${s}`, isoDay(sprintEnd(s)), 'closed']);
    }
  });

  const rateCycle = REVIEW_CYCLE.cycle_id;
  const ratings = entityTable('ratings', N, (p, add) => {
    if (p === 0) return; // the chief executive is rated by the board, not here
    const m = manager[p]!;
    const rater = personId(m);
    const employee = personId(p);
    const traits = raterTraits(m);
    const r = stream(S.perf, p);
    const z = r.normal();
    const base = 0.8 * z;
    const { group } = groupOf(p);
    const groupShift = group === 2 ? -0.35 : 0;
    const bias = traits.kind === 'lenient' ? 0.75 : traits.kind === 'severe' ? -0.75 : 0;
    const managerScore = traits.kind === 'central'
      ? 3 + 0.3 * base + 0.2 * r.normal() + groupShift
      : 3 + base + bias + 0.35 * r.normal() + groupShift;
    const managerRating = clamp(Math.round(managerScore), 1, 5);
    const calibrated = clamp(Math.round(3 + base + 0.2 * r.normal()), 1, 5);
    const final = r.chance(0.04) ? clamp(calibrated + (r.chance(0.5) ? 1 : -1), 1, 5) : calibrated;
    // ratings: cycle_id, employee_id, rater_id, stage, dimension, rating, rated_at, reason
    add([rateCycle, employee, rater, 'manager', 'overall', managerRating, RATED_AT.manager, null]);
    add([rateCycle, employee, rater, 'calibrated', 'overall', calibrated, RATED_AT.calibrated,
      calibrated === managerRating ? null : 'Moved for consistency with peers in calibration']);
    add([rateCycle, employee, rater, 'final', 'overall', final, RATED_AT.final,
      final === calibrated ? null : 'Adjusted after skip-level review']);
    const potential = clamp(Math.round(2 + 0.6 * z + 0.5 * r.normal()), 1, 3);
    add([rateCycle, employee, rater, 'manager', 'potential', potential, RATED_AT.manager, null]);
    add([rateCycle, employee, rater, 'final', 'potential', potential, RATED_AT.final, null]);
    if (traits.competencies) {
      for (const dimension of COMPETENCIES) {
        const rating = traits.halo ? managerRating : clamp(Math.round(3 + base + bias + 0.8 * r.normal()), 1, 5);
        add([rateCycle, employee, rater, 'manager', dimension, rating, RATED_AT.manager, null]);
      }
    }
  });

  const ratingScale = entityTable('rating_scale', 5, (i, add) => {
    const labels = ['Unsatisfactory', 'Needs improvement', 'Meets expectations', 'Exceeds expectations', 'Outstanding'];
    const shares = [0.05, 0.2, 0.5, 0.2, 0.05];
    add([rateCycle, i + 1, labels[i]!, shares[i]!]);
  });

  const feedbackStart = epochDay('2026-09-14');
  /** The first draws of everyone's feedback (entities 0…N−1 of the table). */
  const drawnFeedback = (p: number, add: AddRow) => {
    const r = stream(S.feedback, p);
    const z = performance(p);
    const subject = personId(p);
    const give = (giver: number, relationship: string) => {
      const score = clamp(Math.round(3 + 0.6 * z + 0.6 * r.normal()), 1, 5);
      // feedback: cycle_id, subject_id, giver_id, relationship, score, text, given_at
      add([rateCycle, subject, personId(giver), relationship, score, r.pick(FEEDBACK_TEXTS), isoDay(feedbackStart + r.int(0, 11))]);
    };
    const m = manager[p]!;
    if (m >= 0 && r.chance(0.7)) give(m, 'manager');
    if (m >= 0 && reportCount[m]! > 1 && r.chance(0.6)) {
      const peers = r.int(1, 3);
      for (let j = 0; j < peers; j++) {
        const peer = firstReport[m]! + r.int(0, reportCount[m]! - 1);
        if (peer !== p) give(peer, 'peer');
      }
    }
    if (isLead(p)) {
      const n = r.int(1, 2);
      for (let j = 0; j < n; j++) give(firstReport[p]! + r.int(0, reportCount[p]! - 1), 'report');
    }
    if (r.chance(0.3)) give(p, 'self');
  };
  /**
   * Full 360 rounds, drawn after everything else: for 20 % of people with five or more peers every peer
   * gave feedback, and for 35 % of managers of five or more every report did (groups large enough to
   * show as numbers at the default min-group of 5). Everyone else's peer and report groups stay at 1–3.
   */
  const feedbackRound = (p: number) => {
    const r = stream(R.round, p);
    const m = manager[p]!;
    const peers = r.chance(0.2) && m >= 0 && reportCount[m]! - 1 >= 5;
    const reports = r.chance(0.35) && reportCount[p]! >= 5;
    return { r, peers, reports };
  };
  const feedback = entityTable('feedback', 2 * N, (i, add) => {
    if (i < N) return drawnFeedback(i, add);
    const p = i - N;
    const { r, peers, reports } = feedbackRound(p);
    if (!peers && !reports) return;
    const gave = new Set<string>();
    drawnFeedback(p, (row) => gave.add(`${row[3]}:${row[2]}`));
    const z = performance(p);
    const give = (giver: number, relationship: string) => {
      if (giver === p || gave.has(`${relationship}:${personId(giver)}`)) return;
      const score = clamp(Math.round(3 + 0.6 * z + 0.6 * r.normal()), 1, 5);
      add([rateCycle, personId(p), personId(giver), relationship, score, r.pick(FEEDBACK_TEXTS), isoDay(feedbackStart + r.int(0, 11))]);
    };
    const m = manager[p]!;
    if (peers) for (let s = firstReport[m]!; s < firstReport[m]! + reportCount[m]!; s++) give(s, 'peer');
    if (reports) for (let s = firstReport[p]!; s < firstReport[p]! + reportCount[p]!; s++) give(s, 'report');
  });

  /** The first draws of recognitions (entities 0…N−1 of the table). */
  const drawnRecognitions = (p: number, add: AddRow) => {
    const r = stream(S.recognition, p);
    if (!r.chance(0.25)) return;
    const count = r.chance(0.1) ? 2 : 1;
    const m = manager[p]!;
    for (let j = 0; j < count; j++) {
      const giver = m < 0 ? firstReport[p]! : r.chance(0.4) || reportCount[m]! < 2 ? m : firstReport[m]! + r.int(0, reportCount[m]! - 1);
      if (giver === p || giver < 0 || giver >= N) continue;
      const kr = firstKrOwned[p]! >= 0 && r.chance(0.5) ? krId(firstKrOwned[p]!) : null;
      // recognitions: person_id, key_result_id, given_by, given_at, message
      add([personId(p), kr, personId(giver), isoDay(OKR_START + r.int(0, WEEKS * 7 - 1)), r.pick(RECOGNITION_MESSAGES)]);
    }
  };
  /**
   * Recognition of a delivered milestone, drawn after everything else for key results whose owner has a
   * manager and that no first-draw recognition names: of those with a done milestone, 12 % are thanked
   * by the owner's manager 0–5 days after its due date (on time), 9 % 10–20 days after (late), and 12 %
   * never (no recognition names the key result at all).
   */
  const thanksPlan = (k: number): (RecognitionTiming & { giver: number; message: string }) | null => {
    const owner = krOwner.get(k);
    const m = manager[owner]!;
    if (m < 0) return null;
    const done = linkPlan(k, krSpec(k).path).milestones.findIndex((x) => x.done);
    if (done < 0) return null;
    let named = false;
    drawnRecognitions(owner, (row) => { if (row[1] === krId(k)) named = true; });
    if (named) return null;
    const r = draw(R.thanks, k);
    const u = r.next();
    const timing = u < 0.12 ? 'on-time' : u < 0.21 ? 'late' : u < 0.33 ? 'never' : null;
    if (!timing) return null;
    const days = timing === 'on-time' ? r.int(0, 5) : timing === 'late' ? r.int(10, 20) : null;
    const due = linkPlan(k, krSpec(k).path).milestones[done]!.due;
    return {
      timing, external_id: `MS-${k + 1}-${done + 1}`, delivered: isoDay(due), days, giver: m,
      message: r.pick(DELIVERY_THANKS).replace('{n}', String(done + 1)),
    };
  };
  const recognitions = entityTable('recognitions', N + keyResultCount, (i, add) => {
    if (i < N) return drawnRecognitions(i, add);
    const k = i - N;
    const plan = thanksPlan(k);
    if (!plan || plan.days === null) return;
    add([personId(krOwner.get(k)), krId(k), personId(plan.giver), isoDay(epochDay(plan.delivered) + plan.days), plan.message]);
  });

  const personAttributes = entityTable('person_attributes', N, (p, add) => {
    const { group, disclosed } = groupOf(p);
    if (disclosed) add([personId(p), 'group', GROUPS[group]!]);
  });

  const tables: Record<CanonicalTable, SampleTable> = {
    people, teams, cycles, objectives, key_results: keyResults, check_ins: checkIns, links, ratings,
    rating_scale: ratingScale, feedback, recognitions, person_attributes: personAttributes,
    // No calibration session in the sample: a room opens one.
    calibration_sessions: entityTable('calibration_sessions', 0, () => {}),
    calibration_events: entityTable('calibration_events', 0, () => {}),
  };
  for (const name of CANONICAL_TABLES) if (!tables[name]) throw new Error(`sample: no generator for ${name}`);

  return {
    people: N,
    seed,
    okrCycle: { ...OKR_CYCLE },
    reviewCycle: { ...REVIEW_CYCLE },
    counts: { teams: teamCount, objectives: objectiveCount, keyResults: keyResultCount, managers: N > 1 ? teamCount : 0, maxDepth },
    tables,
    truth: {
      raterBias(id) {
        const p = personIndex(id);
        return p >= 0 && p < N && isLead(p) ? raterKind(p) : null;
      },
      raterHalo(id) {
        const p = personIndex(id);
        return p >= 0 && p < N && isLead(p) ? raterTraits(p).halo : false;
      },
      deliveryPattern(id) {
        const k = krIndex(id);
        const plan = k < 0 ? null : deliveryPlan(k, krSpec(k).path);
        return plan && { kind: plan.kind, external_id: plan.external_id };
      },
      recognitionTiming(id) {
        const k = krIndex(id);
        const plan = k < 0 ? null : thanksPlan(k);
        return plan && { timing: plan.timing, external_id: plan.external_id, delivered: plan.delivered, days: plan.days };
      },
      blocker(id) {
        const k = krIndex(id);
        if (k < 0) return null;
        const spec = krPath(k);
        const plan = blockerPlan(k, spec.path);
        const day = (w: number) => isoDay(OKR_START + 7 * w + spec.weekday);
        return plan && { raised: day(plan.raised), cleared: plan.cleared < 0 ? null : day(plan.cleared) };
      },
      checkInsByOthers(id) {
        const k = krIndex(id);
        if (k < 0) return [];
        const spec = krPath(k);
        const mask = otherAuthorWeeks(k);
        const dates: string[] = [];
        for (let w = 0; w < WEEKS; w++) if (present[w] && mask & (1 << w)) dates.push(isoDay(OKR_START + 7 * w + spec.weekday));
        return dates;
      },
      fullFeedbackRound(id) {
        const p = personIndex(id);
        if (p < 0 || p >= N) return [];
        const { peers, reports } = feedbackRound(p);
        return [...(peers ? ['peer' as const] : []), ...(reports ? ['report' as const] : [])];
      },
      confidencePath(id) {
        const k = krIndex(id);
        return k < 0 ? null : krSpec(k).path;
      },
    },
  };
}
