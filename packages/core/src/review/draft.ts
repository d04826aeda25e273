import { checkSentence, splitSentences, type SentenceFlag } from './check.js';
import type {
  CheckInItem, EvidenceKind, FeedbackGroupItem, FeedbackQuoteItem, GapItem, KeyResultItem, PersonEvidence,
} from './types.js';
import { EVIDENCE_KINDS, itemsOfKind } from './types.js';

/**
 * A draft assessment is evidence first (DESIGN.md): every sentence cites evidence ids of the person's
 * bundle, the default drafter is local and deterministic, an embedder's drafter is optional and its text
 * is checked sentence by sentence, and no draft proposes a rating. Provenance is kept per sentence.
 */

export type DraftSection = 'delivery' | 'team' | 'weeks' | 'feedback' | 'recognition' | 'other';
export const DRAFT_SECTIONS: readonly DraftSection[] = ['delivery', 'team', 'weeks', 'feedback', 'recognition', 'other'];

export type SentenceOrigin = 'drafted' | 'edited' | 'added';

export interface DraftSentence {
  /** Stable within a draft: `s1`, `s2`, … in drafting order; hand-added ones continue the count. */
  id: string;
  section: DraftSection;
  text: string;
  cites: string[];
  flags: SentenceFlag[];
  origin: SentenceOrigin;
  /** The drafter's text, kept when the manager edits a drafted sentence. */
  drafted_text: string | null;
}

export interface DraftCoverage {
  kind: EvidenceKind;
  available: number;
  cited: number;
  excluded: number;
}

export interface DraftRecency {
  /** Cited dated items per week of the cycle (index 0 = week 1). */
  per_week: number[];
  /** Share of cited dated items (check-ins, gaps, blockers, links, recognitions) in the last quarter of the cycle. */
  last_quarter_share: number | null;
  /** True when more than half of the cited dated items fall in the last quarter of the cycle. */
  bunched: boolean;
}

export interface Draft {
  person: PersonEvidence['person'];
  cycle_id: string | null;
  as_of: string;
  /** `plumb-default`, or the name the embedder's drafter gives. */
  drafter: string;
  excluded: string[];
  sentences: DraftSentence[];
  next_id: number;
}

/** What an embedder's drafter is given. */
export interface DrafterInput {
  evidence: PersonEvidence;
  /** Items the manager excluded are already removed from `evidence.items`. */
  excluded: string[];
  instructions: string;
}

/** An embedder's drafter: returns text in which every sentence ends with its citations, `[id, id]`. */
export interface Drafter {
  name: string;
  draft(input: DrafterInput): Promise<string>;
}

export type DraftStyle = 'concise' | 'detailed';

export interface DraftOptions {
  drafter?: Drafter;
  /** Evidence ids to leave out of the draft. */
  exclude?: Iterable<string>;
  /** `concise` (default): at most three sentences per section; `detailed`: every item worth a sentence. */
  style?: DraftStyle;
}

export const DRAFTER_INSTRUCTIONS = [
  'Write a short, factual review draft from the evidence only.',
  'End every sentence with the ids of the evidence it rests on in square brackets, e.g. [kr:kr-0001, fb:peer].',
  'Use only ids from the evidence. Add nothing the evidence does not show.',
  'Do not propose, mention or imply a rating, a rating label, pay or promotion: ratings are the manager\'s.',
  'OKR progress is context for the conversation, not a score: never turn it into a rating.',
  'Separate paragraphs with a blank line: delivery, team outcomes, the weeks of the cycle, feedback, recognition.',
].join('\n');

const pct = (v: number | null) => (v == null ? 'no measured' : `${Math.round(v * 100)}%`);
const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))} points`;
const num = (v: number | null, unit: string | null) =>
  v == null ? '—' : `${Number.isInteger(v) ? v : Number(v.toFixed(2))}${unit === '%' ? '%' : unit && unit !== 'count' && unit !== 'score' ? ` ${unit}` : ''}`;
const quote = (t: string | null) => `“${(t ?? '').replace(/[“”]/g, '"').trim()}”`;

interface Sentence { section: DraftSection; text: string; cites: string[] }

/** The deterministic local drafter: no model, no network; the same evidence gives the same draft. */
export function defaultDraftSentences(evidence: PersonEvidence, style: DraftStyle = 'concise'): Sentence[] {
  const limit = style === 'concise' ? 3 : Number.POSITIVE_INFINITY;
  const items = evidence.items;
  const of = <K extends EvidenceKind>(kind: K) => itemsOfKind(evidence, kind);
  const out: Sentence[] = [];
  const say = (section: DraftSection, text: string, cites: string[]) => {
    if (cites.length && out.filter((s) => s.section === section).length < limit) out.push({ section, text, cites });
  };
  const krTitle = (id: string) => {
    const k = items.find((i): i is KeyResultItem => (i.kind === 'key_result' || i.kind === 'team_key_result') && i.key_result_id === id);
    return quote(k?.title ?? id);
  };

  // Delivery on owned key results: where each moved, and what happened around its milestones and sprints.
  const owned = of('key_result');
  if (owned.length) {
    const reached = owned.filter((k) => k.progress != null && k.progress >= 1);
    say('delivery', `Owned ${owned.length} key result${owned.length === 1 ? '' : 's'} this cycle${reached.length ? `, ${reached.length} of them at target` : ''}.`, owned.map((k) => k.id));
  }
  const links = of('link');
  const flat = links.filter((l) => l.delivered && l.link_kind === 'milestone' && l.moved === false);
  const lifted = links.filter((l) => l.link_kind === 'sprint' && l.moved === true && (l.value_before ?? null) !== null).sort((a, b) => (b.progress_change ?? 0) - (a.progress_change ?? 0));
  const deliveredMoved = links.filter((l) => l.delivered && l.link_kind === 'milestone' && l.moved === true);
  // What happened around deliveries comes first: "did we move the key result, and by how much?"
  for (const l of flat.slice(0, 2)) {
    say('delivery', `${l.title ?? l.external_id} of ${krTitle(l.key_result_id)} was delivered on ${l.due_date}, but the key result did not move in the two weeks either side.`, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const l of deliveredMoved.slice(0, 1)) {
    say('delivery', `${l.title ?? l.external_id} of ${krTitle(l.key_result_id)} was delivered on ${l.due_date}, and the key result moved ${points(l.progress_change!)} in the two weeks either side.`, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const l of lifted.slice(0, 1)) {
    say('delivery', `During ${l.title ?? l.external_id} (to ${l.due_date}) ${krTitle(l.key_result_id)} moved ${points(l.progress_change!)}.`, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const k of [...owned].sort((a, b) => (b.progress ?? -1) - (a.progress ?? -1))) {
    say('delivery', `${quote(k.title)} went from ${num(k.start_value, k.unit)} to ${num(k.current_value, k.unit)} (${pct(k.progress)} of the way to its target of ${num(k.target_value, k.unit)}).`, [k.id]);
  }
  // Contribution to team outcomes.
  const led = of('objective');
  for (const o of led) {
    say('team', `Led the objective ${quote(o.title)} with ${o.key_results} key result${o.key_results === 1 ? '' : 's'} at ${pct(o.progress)} computed progress${o.stated_progress != null ? ` (the export states ${pct(o.stated_progress)})` : ''}.`, [o.id]);
  }
  const team = of('team_key_result');
  if (team.length) {
    const how = (c: KeyResultItem['contribution'][number]) => (c === 'link' ? 'a shared sprint or milestone' : c === 'check_in' ? 'check-ins they wrote' : 'the objective tree');
    const ways = [...new Set(team.flatMap((k) => k.contribution))].map(how);
    say('team', `Contributed to ${team.length} team key result${team.length === 1 ? '' : 's'} (team context, through ${ways.join(', ')}), such as ${team.slice(0, 2).map((k) => quote(k.title)).join(' and ')}.`, team.map((k) => k.id));
  }

  // How the quarter went week by week.
  const checkIns = of('check_in');
  if (checkIns.length) {
    const weeks = new Set(checkIns.map((c) => c.week)).size;
    const total = evidence.weeks.filter((w) => w.start <= evidence.as_of).length;
    const spread = [checkIns[0]!, checkIns[Math.floor(checkIns.length / 2)]!, checkIns.at(-1)!].map((c) => c.id);
    say('weeks', `Checked in during ${weeks} of ${total} weeks, ${checkIns.length} check-ins in all.`, [...new Set(spread)]);
    const byKr = new Map<string, CheckInItem[]>();
    for (const c of checkIns) byKr.set(c.key_result_id, [...(byKr.get(c.key_result_id) ?? []), c]);
    const trends = [...byKr.values()]
      .map((list) => list.filter((c) => c.confidence != null))
      .filter((list) => list.length >= 2)
      .map((list) => ({ first: list[0]!, last: list.at(-1)!, change: list.at(-1)!.confidence! - list[0]!.confidence! }))
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    for (const t of trends.slice(0, 1)) {
      say('weeks', `Confidence in ${quote(t.first.key_result_title)} went from ${t.first.confidence} in week ${t.first.week} to ${t.last.confidence} in week ${t.last.week}.`, [t.first.id, t.last.id]);
    }
  }
  for (const b of of('blocker')) {
    const cleared = b.cleared ? checkIns.find((c) => c.key_result_id === b.key_result_id && c.date === b.cleared) : undefined;
    say('weeks', `Raised a blocker on ${quote(b.key_result_title)} on ${b.raised}${b.note ? ` (${quote(b.note)})` : ''}${b.cleared ? `, cleared on ${b.cleared}` : ', still open at the last check-in'}.`, cleared ? [b.id, cleared.id] : [b.id]);
  }
  const gaps = of('gap');
  if (gaps.length) {
    const byKr = new Map<string, GapItem[]>();
    for (const g of gaps) byKr.set(g.key_result_id, [...(byKr.get(g.key_result_id) ?? []), g]);
    const [kr, list] = [...byKr.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    say('weeks', `${krTitle(kr)} had no check-in in ${list.length} week${list.length === 1 ? '' : 's'} (week${list.length === 1 ? '' : 's'} ${list.map((g) => g.week).join(', ')}).`, list.map((g) => g.id));
  }
  const others = checkIns.filter((c) => c.by_other);
  if (others.length) say('weeks', `${others.length} check-in${others.length === 1 ? ' was' : 's were'} written by someone else.`, others.map((c) => c.id));

  // What peers and reports said: themes with quoted excerpts, only from groups at or above min-group.
  const groups = of('feedback_group');
  const quotes = of('feedback_quote');
  const noun: Record<string, [string, string]> = { peer: ['peer', 'peers'], report: ['report', 'reports'], manager: ['manager', 'manager'], self: ['self-assessment', 'self-assessment'] };
  for (const g of groups.filter((x: FeedbackGroupItem) => x.relationship === 'peer' || x.relationship === 'report')) {
    if (g.suppressed) {
      say('feedback', `Feedback from ${noun[g.relationship]![1]} came from fewer than ${evidence.min_group} people and is not summarised.`, [g.id]);
      continue;
    }
    const mine = quotes.filter((q) => q.relationship === g.relationship && checkSentence(q.text, evidence).flags.every((f) => f === 'unsupported'));
    const themes = new Map<string, FeedbackQuoteItem[]>();
    for (const q of mine) themes.set(q.text, [...(themes.get(q.text) ?? []), q]);
    const top = [...themes.values()].sort((a, b) => b.length - a.length || a[0]!.text.localeCompare(b[0]!.text)).slice(0, 2);
    if (top.length) {
      say('feedback', `${g.givers} ${noun[g.relationship]![1]} gave feedback; the themes that came up most were ${top.map((t) => quote(t[0]!.text)).join(' and ')}.`, [g.id, ...top.flat().map((q) => q.id)]);
    }
  }
  for (const q of quotes.filter((x) => (x.relationship === 'self' || x.relationship === 'manager') && checkSentence(x.text, evidence).flags.every((f) => f === 'unsupported'))) {
    say('feedback', `The ${noun[q.relationship]![0]} says ${quote(q.text)}.`, [q.id]);
  }

  // Recognition.
  for (const r of of('recognition')) {
    const delivery = r.delivery
      ? `, ${r.days_after_delivery} day${r.days_after_delivery === 1 ? '' : 's'} after ${r.delivery.kind === 'milestone' ? (r.delivery.external_id ?? 'a milestone') : 'the key result reached its target'}`
      : '';
    say('recognition', `Recognised on ${r.date ?? 'an undated day'} by ${r.given_by ?? 'a colleague'}${r.key_result_title ? ` for ${quote(r.key_result_title)}` : ''}${delivery}: ${quote(r.message)}.`, [r.id]);
  }
  return out;
}

function checked(evidence: PersonEvidence, exclude: ReadonlySet<string>, section: DraftSection, raw: string, id: string, origin: SentenceOrigin, drafted: string | null): DraftSentence {
  const c = checkSentence(raw, evidence, exclude);
  return { id, section, text: c.text, cites: c.cites, flags: c.flags, origin, drafted_text: drafted };
}

const citeText = (cites: readonly string[]) => (cites.length ? ` [${cites.join(', ')}]` : '');

/** A sentence as the manager edits it: its text followed by its citations in brackets. */
export function sentenceWithCitations(sentence: Pick<DraftSentence, 'text' | 'cites'>): string {
  return `${sentence.text}${citeText(sentence.cites)}`;
}

/** The evidence with excluded items removed (what a drafter is allowed to see). */
export function withoutExcluded(evidence: PersonEvidence, exclude: ReadonlySet<string>): PersonEvidence {
  return exclude.size ? { ...evidence, items: evidence.items.filter((i) => !exclude.has(i.id)) } : evidence;
}

/**
 * Draft an assessment from one person's evidence: the default drafter, or the embedder's (whose text is
 * split into sentences and each one checked: cited ids exist and are not excluded, no rating value or
 * label, no OKR attainment turned into a rating). Excluded items are never shown to a drafter.
 */
export async function draftAssessment(evidence: PersonEvidence, options: DraftOptions = {}): Promise<Draft> {
  const exclude = new Set(options.exclude ?? []);
  const visible = withoutExcluded(evidence, exclude);
  const sentences: DraftSentence[] = [];
  let n = 0;
  if (!options.drafter) {
    for (const s of defaultDraftSentences(visible, options.style)) {
      const raw = `${s.text}${citeText(s.cites)}`;
      sentences.push(checked(evidence, exclude, s.section, raw, `s${++n}`, 'drafted', null));
    }
  } else {
    const text = await options.drafter.draft({ evidence: visible, excluded: [...exclude], instructions: DRAFTER_INSTRUCTIONS });
    const paragraphs = String(text ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
    paragraphs.forEach((p, i) => {
      const section = DRAFT_SECTIONS[Math.min(i, DRAFT_SECTIONS.length - 1)]!;
      for (const raw of splitSentences(p)) sentences.push(checked(evidence, exclude, section, raw, `s${++n}`, 'drafted', null));
    });
  }
  return {
    person: evidence.person, cycle_id: evidence.cycle.cycle_id, as_of: evidence.as_of,
    drafter: options.drafter ? options.drafter.name : 'plumb-default', excluded: [...exclude], sentences, next_id: n + 1,
  };
}

/** The manager rewrote sentence `id` (citations in `[…]` as anywhere): re-checked, marked edited. */
export function editSentence(draft: Draft, evidence: PersonEvidence, id: string, raw: string): Draft {
  const exclude = new Set(draft.excluded);
  return {
    ...draft,
    sentences: draft.sentences.map((s) => {
      if (s.id !== id) return s;
      const next = checked(evidence, exclude, s.section, raw, s.id, s.origin === 'added' ? 'added' : 'edited', s.drafted_text ?? (s.origin === 'drafted' ? `${s.text}${citeText(s.cites)}` : null));
      // Back to the drafter's words: drafted again.
      if (s.origin !== 'added' && next.drafted_text === `${next.text}${citeText(next.cites)}`) return { ...next, origin: 'drafted', drafted_text: null };
      return next;
    }),
  };
}

/** The manager wrote a sentence of their own in `section`. */
export function addSentence(draft: Draft, evidence: PersonEvidence, section: DraftSection, raw: string): Draft {
  const sentence = checked(evidence, new Set(draft.excluded), section, raw, `s${draft.next_id}`, 'added', null);
  return { ...draft, sentences: [...draft.sentences, sentence], next_id: draft.next_id + 1 };
}

/** Check every sentence again against a new set of excluded items (edits and provenance are kept). */
export function recheckDraft(draft: Draft, evidence: PersonEvidence, exclude: Iterable<string>): Draft {
  const excluded = new Set(exclude);
  return {
    ...draft,
    excluded: [...excluded],
    sentences: draft.sentences.map((s) => {
      const c = checkSentence(`${s.text}${citeText(s.cites)}`, evidence, excluded);
      return { ...s, flags: c.flags };
    }),
  };
}

export function removeSentence(draft: Draft, id: string): Draft {
  return { ...draft, sentences: draft.sentences.filter((s) => s.id !== id) };
}

/** Share of the draft's characters the manager wrote (edited or added sentences), 0–1. */
export function managerShare(draft: Draft): number {
  let total = 0;
  let manager = 0;
  for (const s of draft.sentences) {
    total += s.text.length;
    if (s.origin !== 'drafted') manager += s.text.length;
  }
  return total === 0 ? 0 : manager / total;
}

/** Which sources the draft used and what was left out. */
export function draftCoverage(draft: Draft, evidence: PersonEvidence): DraftCoverage[] {
  const cited = new Set(draft.sentences.flatMap((s) => s.cites));
  const excluded = new Set(draft.excluded);
  return EVIDENCE_KINDS.map((kind) => {
    const items = evidence.items.filter((i) => i.kind === kind);
    return {
      kind,
      available: items.length,
      cited: items.filter((i) => cited.has(i.id)).length,
      excluded: items.filter((i) => excluded.has(i.id)).length,
    };
  }).filter((c) => c.available > 0);
}

/**
 * Kinds that say when something happened in the cycle. Key results and objectives span it, and 360
 * feedback is gathered at its end by design (about the whole period), so neither counts for recency.
 */
const DATED_KINDS = new Set<EvidenceKind>(['check_in', 'gap', 'blocker', 'link', 'recognition']);

/** Are the cited items spread over the cycle or bunched in its last weeks? */
export function draftRecency(draft: Draft, evidence: PersonEvidence): DraftRecency {
  const byId = new Map(evidence.items.map((i) => [i.id, i]));
  const weeks = evidence.weeks;
  const perWeek = weeks.map(() => 0);
  let dated = 0;
  let late = 0;
  const lastQuarterFrom = Math.floor(weeks.length * 0.75);
  for (const id of new Set(draft.sentences.flatMap((s) => s.cites))) {
    const item = byId.get(id);
    const date = item && DATED_KINDS.has(item.kind) ? item.date : null;
    if (!date || weeks.length === 0) continue;
    let w = weeks.findIndex((x) => date >= x.start && date <= x.end);
    if (w < 0) w = date < weeks[0]!.start ? 0 : weeks.length - 1;
    perWeek[w]!++;
    dated++;
    if (w >= lastQuarterFrom) late++;
  }
  const share = dated ? late / dated : null;
  return { per_week: perWeek, last_quarter_share: share, bunched: share != null && share > 0.5 };
}

export const RATINGS_NOTE = 'Ratings are the manager\'s: this draft proposes none, and OKR progress in it is context for the conversation, not a score.';
