import { queryRows, type Connector } from '../connector.js';
import { DONE_LINK_STATUSES, parseAsOf, queryCascadeCycle } from '../cascade/query.js';
import { cascadeStatus, cycleElapsedShare } from '../cascade/status.js';
import { addDays, cycleWeeks, daysBetween, weekOfDate } from '../burndown/weeks.js';
import { keyResultProgress } from '../okr/progress.js';
import { pseudonymIndex, type PseudonymIndex } from '../privacy/pseudonym-index.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';
import { inList, listParam, quoteIdentifier } from '../sql.js';
import { reviewAggregates, reviewCycleRows, reviewRatingScale } from './aggregates.js';
import { DEFAULT_RECOGNITION_DAYS, deliveryRows, type DeliveryRow } from './delivery.js';
import { ratingsRelation } from '../session/relation.js';
import {
  EVIDENCE_KINDS, type BlockerItem, type CheckInItem, type EvidenceItem, type FeedbackRelationship, type GapItem,
  type KeyResultItem, type LinkItem, type PersonEvidence, type PersonEvidenceOptions, type RecognitionItem,
} from './types.js';

/** A sprint's window: the 14 days up to its due date. A milestone's: 14 days either side of its due date. */
export const SPRINT_DAYS = 14;
export const MILESTONE_WINDOW_DAYS = 14;
/** A change of at least one point of progress counts as "the key result moved". */
export const MOVED_THRESHOLD = 0.01;

interface PersonRow {
  person_id: string; name: string | null; team_id: string | null; team_name: string | null;
  manager_id: string | null; manager_name: string | null; department: string | null; level: string | null;
}
interface KrRow {
  key_result_id: string; objective_id: string; title: string | null; owner_id: string | null; owner_name: string | null;
  start_value: number | null; target_value: number | null; unit: string | null; weight: number | null;
  current_value: number | null; progress: number | null; confidence: number | null;
  objective_title: string | null; objective_level: string | null; objective_owner: string | null; objective_weight: number | null;
  objective_stated: number | null;
  mine: boolean; via_check_in: boolean; via_link: boolean; via_tree: boolean;
}
interface CheckInRow {
  key_result_id: string; checked_at: string; value: number | null; progress: number | null; confidence: number | null;
  status: string | null; note: string | null; author_id: string | null; author_name: string | null;
}
interface LinkRow { key_result_id: string; kind: string | null; external_id: string | null; title: string | null; due_date: string | null; status: string | null }
interface FeedbackRow { relationship: string | null; score: number | null; text: string | null; given_at: string | null; giver_id: string | null }
interface RecognitionRow { key_result_id: string | null; given_by: string | null; giver_name: string | null; given_at: string | null; message: string | null; kr_title: string | null }
interface RatingRow { cycle_id: string | null; stage: string | null; dimension: string | null; rating: number; rated_at: string | null; reason: string | null; label: string | null }

const RELATIONSHIPS: readonly FeedbackRelationship[] = ['peer', 'report', 'manager', 'self'];
/** Relationships whose texts are shown only in groups of at least min-group (their givers are otherwise identifiable). */
const GROUPED_RELATIONSHIPS = new Set<FeedbackRelationship>(['peer', 'report']);

const isDone = (status: string | null) => status != null && (DONE_LINK_STATUSES as readonly string[]).includes(status.trim().toLowerCase());
const isBlocked = (status: string | null) => status != null && status.trim().toLowerCase() === 'blocked';

/** The cycle whose OKRs the review reads, and the review cycles (feedback, ratings) overlapping it. */
async function resolveCycles(connector: Connector, asked: string | null | undefined) {
  const cycles = await reviewCycleRows(connector);
  let okr = asked != null ? cycles.find((c) => c.cycle_id === asked) : undefined;
  if (okr && !okr.has_objectives) {
    // A review cycle was named: read the OKR cycle it covers (the latest-starting one overlapping it).
    const review = okr;
    okr = cycles.find((c) => c.has_objectives && overlaps(c, review)) ?? okr;
  }
  // Default: the latest-starting cycle with objectives (the cascade's rule), from the cached rows when
  // the cycles table has it, else the cascade's own lookup (objectives whose cycle has no row).
  const info = okr ?? (asked == null ? cycles.find((c) => c.has_objectives) : undefined) ?? (await queryCascadeCycle(connector, asked ?? null));
  if (!info) return null;
  const review = cycles.filter((c) => c.cycle_id === info.cycle_id || c.cycle_id === asked || overlaps(c, info)).map((c) => c.cycle_id);
  if (info.cycle_id != null && !review.includes(info.cycle_id)) review.push(info.cycle_id);
  const ends = cycles.filter((c) => review.includes(c.cycle_id)).map((c) => c.end_date).filter((d): d is string => !!d);
  return {
    cycle: { cycle_id: info.cycle_id, name: info.name, start_date: info.start_date, end_date: info.end_date },
    review,
    reviewEnd: ends.sort().at(-1) ?? info.end_date,
  };
}

function overlaps(a: { start_date: string | null; end_date: string | null }, b: { start_date: string | null; end_date: string | null }): boolean {
  if (!a.start_date || !a.end_date || !b.start_date || !b.end_date) return false;
  return a.start_date <= b.end_date && b.start_date <= a.end_date;
}

/** Last reading of a key result's value on or before `day` (check-ins sorted by date). */
function valueOnOrBefore(checkIns: readonly CheckInRow[], day: string): number | null {
  let value: number | null = null;
  for (const c of checkIns) {
    if (c.checked_at > day) break;
    if (c.value != null) value = c.value;
  }
  return value;
}

/**
 * Every item about one person in a cycle (issue 11): the key results they own and objectives they lead,
 * team key results they contributed to (team context), their check-in timeline with notes, blockers,
 * confidence and gaps, milestones and sprints with whether the key result moved around each, 360 feedback
 * by relationship (numbers only over groups of at least min-group givers), recognitions with the delivery
 * they followed, and (with `includeRatings`) earlier ratings and reasons.
 */
export async function personEvidence(connector: Connector, options: PersonEvidenceOptions): Promise<PersonEvidence> {
  if (!options.person) throw new Error('person evidence needs a person (an id, or a pseudonym when anonymized)');
  const minGroup = options.minGroup ?? DEFAULT_MIN_GROUP;
  if (!Number.isInteger(minGroup) || minGroup < 1) throw new RangeError(`min-group must be a whole number ≥ 1, got ${minGroup}`);
  const recognitionDays = options.recognitionDays ?? DEFAULT_RECOGNITION_DAYS;
  const anonymize = options.anonymize === true;
  const index: PseudonymIndex | null = anonymize ? await pseudonymIndex(connector, options.salt ?? '') : null;
  const personId = index ? index.resolve(options.person) : options.person;
  const [person] = personId
    ? await queryRows<PersonRow>(
        connector,
        `SELECT p.person_id, p.name, p.team_id, t.name AS team_name, p.manager_id, m.name AS manager_name, p.department, p.level
           FROM people p LEFT JOIN teams t ON t.team_id = p.team_id LEFT JOIN people m ON m.person_id = p.manager_id
          WHERE p.person_id = ?`,
        [personId],
      )
    : [];
  if (!person || !personId) throw new Error(`no person "${options.person}" in the people table`);

  const cycles = await resolveCycles(connector, options.cycle);
  const cycleId = cycles?.cycle.cycle_id ?? null;
  const asOf = parseAsOf(options.asOf) ?? cycles?.reviewEnd ?? new Date().toISOString().slice(0, 10);
  const weeks = cycles?.cycle.start_date ? cycleWeeks(cycles.cycle.start_date, cycles.cycle.end_date) : [];
  const who = (id: string | null, name: string | null, prefix = 'Person') => (id == null ? null : index ? index.label(id, prefix) : (name ?? id));
  const code = (id: string | null) => (id == null ? null : index ? index.code(id) : id);

  // The key results in view: owned, in objectives they own, siblings and parents in the objective tree,
  // sharing a sprint or milestone id with one of theirs, or checked in by them. A few narrow queries
  // (each one table, a simple filter) rather than one with many semi-joins: DuckDB answers these fast.
  const aggregates = await reviewAggregates(connector);
  const [mineRows, myObjectives, authoredRows] = await Promise.all([
    queryRows<{ key_result_id: string; objective_id: string }>(
      connector,
      `SELECT k.key_result_id, k.objective_id FROM key_results k JOIN objectives o USING (objective_id)
        WHERE o.cycle_id IS NOT DISTINCT FROM ? AND k.owner_id = ?`,
      [cycleId, personId],
    ),
    queryRows<{ objective_id: string; parent_objective_id: string | null; parent_key_result_id: string | null }>(
      connector,
      'SELECT objective_id, parent_objective_id, parent_key_result_id FROM objectives WHERE cycle_id IS NOT DISTINCT FROM ? AND owner_id = ?',
      [cycleId, personId],
    ),
    queryRows<{ key_result_id: string }>(
      connector,
      `SELECT key_result_id FROM ${quoteIdentifier(aggregates.otherAuthors)} WHERE author_id = ? AND first_at <= ?::DATE`,
      [personId, asOf],
    ),
  ]);
  const mineIds = mineRows.map((r) => r.key_result_id);
  const linkedRows = mineIds.length
    ? await queryRows<{ key_result_id: string }>(
        connector,
        `SELECT DISTINCT other.key_result_id
           FROM (SELECT DISTINCT l.external_id FROM links l JOIN ${inList('?')} AS ids(id) ON ids.id = l.key_result_id
                  WHERE l.external_id IS NOT NULL) AS mine
           JOIN links other USING (external_id)`,
        [listParam(mineIds)],
      )
    : [];
  const treeObjectives = new Set<string>([
    ...mineRows.map((r) => r.objective_id),
    ...myObjectives.map((o) => o.objective_id),
    ...myObjectives.map((o) => o.parent_objective_id).filter((x): x is string => x != null),
  ]);
  const treeKrs = new Set(myObjectives.map((o) => o.parent_key_result_id).filter((x): x is string => x != null));
  const authored = new Set(authoredRows.map((r) => r.key_result_id));
  const linked = new Set(linkedRows.map((r) => r.key_result_id));
  const krs = (await queryRows<Omit<KrRow, 'mine' | 'via_check_in' | 'via_link' | 'via_tree'>>(
    connector,
    `WITH ids AS (
        SELECT key_result_id FROM key_results JOIN ${inList('?')} AS t(id) ON t.id = objective_id
        UNION SELECT id FROM ${inList('?')} AS l(id))
     SELECT k.key_result_id, k.objective_id, k.title, k.owner_id, p.name AS owner_name, k.start_value, k.target_value, k.unit, k.weight,
            k.current_value, k.progress, k.confidence, o.title AS objective_title, o.level AS objective_level,
            o.owner_id AS objective_owner, o.weight AS objective_weight, o.stated_progress AS objective_stated
       FROM ids JOIN key_results k USING (key_result_id) JOIN objectives o USING (objective_id)
       LEFT JOIN people p ON p.person_id = k.owner_id
      WHERE o.cycle_id IS NOT DISTINCT FROM ?
      ORDER BY k.key_result_id`,
    [listParam([...treeObjectives]), listParam([...new Set([...mineIds, ...treeKrs, ...authored, ...linked])]), cycleId],
  )).map((k): KrRow => ({
    ...k,
    mine: k.owner_id === personId,
    via_check_in: authored.has(k.key_result_id),
    via_link: linked.has(k.key_result_id),
    via_tree: treeObjectives.has(k.objective_id) || treeKrs.has(k.key_result_id),
  }));
  const krIds = krs.map((k) => k.key_result_id);
  const ownedIds = krs.filter((k) => k.mine).map((k) => k.key_result_id);
  const krList = listParam(krIds);

  const [checkIns, links, feedback, recognitions, scale, ratings] = await Promise.all([
    queryRows<CheckInRow>(
      connector,
      `SELECT c.key_result_id, c.checked_at, c.value, c.progress, c.confidence, c.status, c.note, c.author_id, a.name AS author_name
         FROM check_ins c LEFT JOIN people a ON a.person_id = c.author_id
        WHERE c.key_result_id IN ${inList('?')} AND c.checked_at <= ?::DATE
        ORDER BY c.key_result_id, c.checked_at`,
      [krList, asOf],
    ),
    queryRows<LinkRow>(
      connector,
      `SELECT key_result_id, kind, external_id, title, due_date, status FROM links
        WHERE key_result_id IN ${inList('?')} ORDER BY key_result_id, due_date NULLS LAST, kind, external_id`,
      [listParam(ownedIds)],
    ),
    queryRows<FeedbackRow>(
      connector,
      `SELECT relationship, score, text, given_at, giver_id FROM feedback
        WHERE subject_id = ? AND (cycle_id IN ${inList('?')}
              OR (cycle_id IS NULL AND given_at BETWEEN ?::DATE AND ?::DATE))
        ORDER BY relationship, given_at NULLS LAST, text NULLS LAST, giver_id`,
      [personId, listParam(cycles?.review ?? []), cycles?.cycle.start_date ?? null, cycles?.reviewEnd ?? null],
    ),
    queryRows<RecognitionRow>(
      connector,
      `SELECT r.key_result_id, r.given_by, g.name AS giver_name, r.given_at, r.message, k.title AS kr_title
         FROM recognitions r LEFT JOIN people g ON g.person_id = r.given_by LEFT JOIN key_results k ON k.key_result_id = r.key_result_id
        WHERE r.person_id = ? AND (r.given_at IS NULL OR r.given_at <= ?::DATE)
          AND (r.given_at IS NULL OR ?::DATE IS NULL OR r.given_at >= ?::DATE)
        ORDER BY r.given_at NULLS LAST, r.key_result_id NULLS LAST, r.message`,
      [personId, asOf, cycles?.cycle.start_date ?? null, cycles?.cycle.start_date ?? null],
    ),
    reviewRatingScale(connector).then((rows) => {
      const review = new Set(cycles?.review ?? []);
      const seen = new Set<string>();
      return rows.filter((r) => (r.cycle_id == null || review.has(r.cycle_id)) && !seen.has(`${r.value}\u0000${r.label}`) && seen.add(`${r.value}\u0000${r.label}`))
        .map(({ value, label }) => ({ value, label }));
    }),
    options.includeRatings
      ? queryRows<RatingRow>(
          connector,
          `SELECT r.cycle_id, r.stage, r.dimension, r.rating, r.rated_at, r.reason, s.label
             FROM ${await ratingsRelation(connector)} r LEFT JOIN rating_scale s ON s.cycle_id IS NOT DISTINCT FROM r.cycle_id AND s.value = r.rating
            WHERE r.employee_id = ? AND (r.rated_at IS NULL OR r.rated_at <= ?::DATE)
            ORDER BY r.rated_at NULLS FIRST, r.cycle_id, r.stage, r.dimension`,
          [personId, asOf],
        )
      : Promise.resolve([] as RatingRow[]),
  ]);
  // Deliveries only of the key results a recognition names (often none: then no query at all).
  const recognisedKrs = [...new Set(recognitions.map((r) => r.key_result_id).filter((id): id is string => id != null))];
  const deliveries = recognisedKrs.length ? await deliveryRows(connector, { cycle: cycleId, asOf, key_result_ids: recognisedKrs }) : [];

  const checkInsByKr = new Map<string, CheckInRow[]>();
  for (const c of checkIns) {
    let list = checkInsByKr.get(c.key_result_id);
    if (!list) checkInsByKr.set(c.key_result_id, (list = []));
    list.push(c);
  }
  const elapsed = cycles ? cycleElapsedShare(cycles.cycle.start_date, cycles.cycle.end_date, asOf) : null;
  const items: EvidenceItem[] = [];
  const krItems = new Map<string, KeyResultItem>();

  for (const k of krs) {
    const list = checkInsByKr.get(k.key_result_id) ?? [];
    const last = [...list].reverse().find((c) => c.value != null);
    const lastConfidence = [...list].reverse().find((c) => c.confidence != null);
    const lastStated = [...list].reverse().find((c) => c.progress != null);
    const current = last ? last.value : k.current_value;
    const progress = keyResultProgress(k.start_value, k.target_value, current);
    const confidence = lastConfidence ? lastConfidence.confidence : k.confidence;
    const contribution: KeyResultItem['contribution'] = [];
    if (k.mine) contribution.push('owner');
    if (k.via_link && !k.mine) contribution.push('link');
    if (k.via_check_in && !k.mine) contribution.push('check_in');
    if (k.via_tree && !k.mine) contribution.push('objective_tree');
    const item: KeyResultItem = {
      id: `${k.mine ? 'kr' : 'team'}:${k.key_result_id}`,
      kind: k.mine ? 'key_result' : 'team_key_result',
      // A key result spans the cycle: undated as an item; its source's date is the last reading.
      date: null,
      source: { table: 'key_results', key: { key_result_id: k.key_result_id }, date: last?.checked_at ?? null },
      key_result_id: k.key_result_id, title: k.title, objective_id: k.objective_id, objective_title: k.objective_title,
      owner: who(k.owner_id, k.owner_name, 'Owner'), unit: k.unit, start_value: k.start_value, target_value: k.target_value,
      current_value: current, progress, stated_progress: lastStated ? lastStated.progress : k.progress, confidence,
      status: cascadeStatus(progress, confidence, elapsed), check_ins: list.length, contribution,
    };
    krItems.set(k.key_result_id, item);
    items.push(item);
  }

  // Objectives the person leads: the weighted mean of their key results' computed progress.
  const objectives = new Map<string, { title: string | null; level: string | null; stated: number | null; sum: number; weight: number; n: number }>();
  for (const k of krs) {
    if (k.objective_owner !== personId) continue;
    let o = objectives.get(k.objective_id);
    if (!o) objectives.set(k.objective_id, (o = { title: k.objective_title, level: k.objective_level, stated: k.objective_stated, sum: 0, weight: 0, n: 0 }));
    const p = krItems.get(k.key_result_id)!.progress;
    const w = k.weight ?? 1;
    o.n++;
    if (p != null) { o.sum += p * w; o.weight += w; }
  }
  for (const [objectiveId, o] of objectives) {
    items.push({
      id: `obj:${objectiveId}`, kind: 'objective', date: null,
      source: { table: 'objectives', key: { objective_id: objectiveId }, date: null },
      objective_id: objectiveId, title: o.title, level: o.level, progress: o.weight > 0 ? o.sum / o.weight : null,
      stated_progress: o.stated, key_results: o.n,
    });
  }

  // The timeline of each key result they own: check-ins, blockers, gaps, and movement around its links.
  const currentWeek = cycles?.cycle.start_date ? weekOfDate(cycles.cycle.start_date, weeks, asOf) : 0;
  for (const k of krs) {
    if (!k.mine) continue;
    const list = checkInsByKr.get(k.key_result_id) ?? [];
    let blocker: BlockerItem | null = null;
    const seenWeeks = new Set<number>();
    for (const c of list) {
      const week = cycles?.cycle.start_date ? weekOfDate(cycles.cycle.start_date, weeks, c.checked_at) : 0;
      seenWeeks.add(week);
      const blocked = isBlocked(c.status);
      const byOther = c.author_id != null && c.author_id !== k.owner_id;
      const item: CheckInItem = {
        id: `ci:${k.key_result_id}:${c.checked_at}`, kind: 'check_in', date: c.checked_at,
        source: { table: 'check_ins', key: { key_result_id: k.key_result_id, checked_at: c.checked_at }, date: c.checked_at },
        key_result_id: k.key_result_id, key_result_title: k.title, week, value: c.value,
        progress: keyResultProgress(k.start_value, k.target_value, c.value), confidence: c.confidence, status: c.status,
        note: c.note, blocked, author: who(c.author_id, c.author_name), by_other: byOther,
      };
      items.push(item);
      if (blocked && !blocker) {
        blocker = {
          id: `blocker:${k.key_result_id}:${c.checked_at}`, kind: 'blocker', date: c.checked_at,
          source: { table: 'check_ins', key: { key_result_id: k.key_result_id, checked_at: c.checked_at }, date: c.checked_at },
          key_result_id: k.key_result_id, key_result_title: k.title, raised: c.checked_at, cleared: null, check_ins: 0, note: c.note,
        };
        items.push(blocker);
      }
      if (blocker && blocked) blocker.check_ins++;
      if (blocker && !blocked) { blocker.cleared = c.checked_at; blocker = null; }
    }
    for (const w of weeks) {
      if (w.week > currentWeek || seenWeeks.has(w.week)) continue;
      const gap: GapItem = {
        id: `gap:${k.key_result_id}:${w.week}`, kind: 'gap', date: w.start,
        source: { table: 'check_ins', key: { key_result_id: k.key_result_id, week_start: w.start }, date: w.start },
        key_result_id: k.key_result_id, key_result_title: k.title, week: w.week, week_start: w.start, week_end: w.end,
      };
      items.push(gap);
    }
  }
  for (const l of links) {
    const k = krs.find((x) => x.key_result_id === l.key_result_id)!;
    const list = checkInsByKr.get(l.key_result_id) ?? [];
    const kind = (l.kind === 'sprint' || l.kind === 'project' ? l.kind : 'milestone') as LinkItem['link_kind'];
    const windowStart = l.due_date ? addDays(l.due_date, kind === 'sprint' ? -SPRINT_DAYS : -MILESTONE_WINDOW_DAYS) : null;
    const windowEnd = l.due_date ? (kind === 'sprint' ? l.due_date : addDays(l.due_date, MILESTONE_WINDOW_DAYS)) : null;
    let before: number | null = null;
    let after: number | null = null;
    let change: number | null = null;
    if (windowStart && windowEnd && windowEnd <= asOf) {
      before = valueOnOrBefore(list, windowStart) ?? k.start_value;
      after = valueOnOrBefore(list, windowEnd);
      const pb = keyResultProgress(k.start_value, k.target_value, before, { clamp: false });
      const pa = keyResultProgress(k.start_value, k.target_value, after, { clamp: false });
      change = pb != null && pa != null ? Math.round((pa - pb) * 10_000) / 10_000 : null;
    }
    items.push({
      id: `link:${l.key_result_id}:${kind}:${l.external_id ?? l.title ?? l.due_date}`, kind: 'link', date: l.due_date,
      source: { table: 'links', key: { key_result_id: l.key_result_id, kind: l.kind, external_id: l.external_id }, date: l.due_date },
      key_result_id: l.key_result_id, key_result_title: k.title, link_kind: kind, external_id: l.external_id, title: l.title,
      due_date: l.due_date, status: l.status, delivered: isDone(l.status), window_start: windowStart, window_end: windowEnd,
      value_before: before, value_after: after, progress_change: change, moved: change == null ? null : Math.abs(change) >= MOVED_THRESHOLD,
    });
  }

  // 360 feedback: numbers only over groups of at least min-group givers; peer and report texts only then.
  const subjectCode = code(personId);
  for (const relationship of RELATIONSHIPS) {
    const rows = feedback.filter((f) => f.relationship === relationship);
    if (rows.length === 0) continue;
    const givers = new Set(rows.map((f) => f.giver_id ?? `row:${rows.indexOf(f)}`)).size;
    const suppressed = givers < minGroup;
    const scores = rows.map((f) => f.score).filter((s): s is number => s != null);
    items.push({
      id: `fb:${relationship}`, kind: 'feedback_group', date: rows.map((f) => f.given_at).filter(Boolean).sort().at(-1) ?? null,
      source: { table: 'feedback', key: { subject_id: subjectCode, relationship }, date: null },
      relationship, suppressed, givers: suppressed ? null : givers,
      mean_score: suppressed || scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100,
    });
    if (suppressed && GROUPED_RELATIONSHIPS.has(relationship)) continue;
    rows.forEach((f, i) => {
      if (!f.text) return;
      items.push({
        id: `fb:${relationship}:${i + 1}`, kind: 'feedback_quote', date: f.given_at,
        source: { table: 'feedback', key: { subject_id: subjectCode, relationship, n: i + 1 }, date: f.given_at },
        relationship, text: f.text,
      });
    });
  }

  // Recognitions, each with the delivery it followed (the latest on or before it was given).
  const deliveriesByKr = new Map<string, DeliveryRow[]>();
  for (const d of deliveries) {
    let list = deliveriesByKr.get(d.key_result_id);
    if (!list) deliveriesByKr.set(d.key_result_id, (list = []));
    list.push(d);
  }
  const recognitionIds = new Map<string, number>();
  for (const r of recognitions) {
    const base = `rec:${r.given_at ?? 'undated'}:${r.key_result_id ?? '-'}`;
    const n = (recognitionIds.get(base) ?? 0) + 1;
    recognitionIds.set(base, n);
    const delivered = r.key_result_id && r.given_at
      ? (deliveriesByKr.get(r.key_result_id) ?? []).filter((d) => d.delivered <= r.given_at!).sort((a, b) => (a.delivered < b.delivered ? -1 : 1)).at(-1)
      : undefined;
    const days = delivered && r.given_at ? daysBetween(delivered.delivered, r.given_at) : null;
    const item: RecognitionItem = {
      id: n === 1 ? base : `${base}:${n}`, kind: 'recognition', date: r.given_at,
      source: { table: 'recognitions', key: { person_id: subjectCode, key_result_id: r.key_result_id, given_at: r.given_at }, date: r.given_at },
      given_by: who(r.given_by, r.giver_name), message: r.message, key_result_id: r.key_result_id, key_result_title: r.kr_title,
      delivery: delivered ? { kind: delivered.kind, external_id: delivered.external_id, delivered: delivered.delivered } : null,
      days_after_delivery: days, on_time: days == null ? null : days <= recognitionDays,
    };
    items.push(item);
  }

  for (const r of ratings) {
    items.push({
      id: `rating:${r.cycle_id ?? '-'}:${r.stage ?? '-'}:${r.dimension ?? '-'}`, kind: 'rating', date: r.rated_at,
      source: { table: 'ratings', key: { cycle_id: r.cycle_id, employee_id: subjectCode, stage: r.stage, dimension: r.dimension }, date: r.rated_at },
      cycle_id: r.cycle_id, stage: r.stage, dimension: r.dimension, rating: r.rating, label: r.label, reason: r.reason,
    });
  }

  const order = new Map(EVIDENCE_KINDS.map((k, i) => [k, i]));
  items.sort((a, b) => order.get(a.kind)! - order.get(b.kind)! || (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));

  return {
    person: {
      id: code(personId)!, name: who(personId, person.name), team_id: person.team_id, team_name: person.team_name,
      manager: who(person.manager_id, person.manager_name, 'Manager'), department: person.department, level: person.level,
    },
    cycle: cycles?.cycle ?? { cycle_id: options.cycle ?? null, name: null, start_date: null, end_date: null },
    review_cycles: cycles?.review ?? [],
    as_of: asOf,
    weeks,
    min_group: minGroup,
    anonymized: anonymize,
    recognition_days: recognitionDays,
    rating_scale: scale,
    items,
  };
}

/** What the review's first request reads (its pre-aggregates), built right after a load. */
export function prepareReview(connector: Connector): Promise<unknown> {
  return Promise.all([reviewAggregates(connector), reviewCycleRows(connector), reviewRatingScale(connector)]);
}
