import { checkSentence, splitSentences, type SentenceFlag } from './check.js';
import type {
  CheckInItem, EvidenceKind, FeedbackGroupItem, FeedbackQuoteItem, GapItem, KeyResultItem, PersonEvidence,
} from './types.js';
import { EVIDENCE_KINDS, itemsOfKind } from './types.js';
import { renderText, text, textFormatter, type Text, type TextParams } from '../text.js';
import { draftMessagesEn } from './messages.en.js';

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
  /** The words of the default drafter (default English; `<plumb-person-review>` passes the page's language). */
  words?: DraftWords;
}

export const DRAFTER_INSTRUCTIONS = [
  'Write a short, factual review draft from the evidence only.',
  'End every sentence with the ids of the evidence it rests on in square brackets, e.g. [kr:kr-0001, fb:peer].',
  'Use only ids from the evidence. Add nothing the evidence does not show.',
  'Do not propose, mention or imply a rating, a rating label, pay or promotion: ratings are the manager\'s.',
  'OKR progress is context for the conversation, not a score: never turn it into a rating.',
  'Separate paragraphs with a blank line: delivery, team outcomes, the weeks of the cycle, feedback, recognition.',
].join('\n');

interface Sentence { section: DraftSection; text: string; cites: string[]; said: Text }

/** How the default drafter's sentences are put into words: English from review/messages.en.ts unless an element passes its language. */
export type DraftWords = (t: Text) => string;

/** The default drafter's English (the CLI, the Markdown export's default). */
export const englishDraftWords: DraftWords = (t) => renderText(t, (code) => draftMessagesEn[code], textFormatter('en'));

/** The deterministic local drafter: no model, no network; the same evidence gives the same draft. */
export function defaultDraftSentences(evidence: PersonEvidence, style: DraftStyle = 'concise', words: DraftWords = englishDraftWords): Sentence[] {
  const limit = style === 'concise' ? 3 : Number.POSITIVE_INFINITY;
  const items = evidence.items;
  const of = <K extends EvidenceKind>(kind: K) => itemsOfKind(evidence, kind);
  const out: Sentence[] = [];
  const say = (section: DraftSection, code: string, params: TextParams, cites: string[]) => {
    if (cites.length && out.filter((s) => s.section === section).length < limit) {
      const said = text(code, params);
      out.push({ section, text: words(said), cites, said });
    }
  };
  const krTitle = (id: string) => {
    const k = items.find((i): i is KeyResultItem => (i.kind === 'key_result' || i.kind === 'team_key_result') && i.key_result_id === id);
    return text('draft.quoted', { text: k?.title ?? id });
  };
  const quoted = (t: string | null) => text('draft.quoted', { text: t ?? '' });

  // Delivery on owned key results: where each moved, and what happened around its milestones and sprints.
  const owned = of('key_result');
  if (owned.length) {
    const reached = owned.filter((k) => k.progress != null && k.progress >= 1);
    say('delivery', 'draft.owned', { n: owned.length, reached: reached.length }, owned.map((k) => k.id));
  }
  const links = of('link');
  const flat = links.filter((l) => l.delivered && l.link_kind === 'milestone' && l.moved === false);
  const lifted = links.filter((l) => l.link_kind === 'sprint' && l.moved === true && (l.value_before ?? null) !== null).sort((a, b) => (b.progress_change ?? 0) - (a.progress_change ?? 0));
  const deliveredMoved = links.filter((l) => l.delivered && l.link_kind === 'milestone' && l.moved === true);
  // What happened around deliveries comes first: "did we move the key result, and by how much?"
  for (const l of flat.slice(0, 2)) {
    say('delivery', 'draft.milestone-flat', { link: l.title ?? l.external_id, kr: krTitle(l.key_result_id), date: l.due_date }, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const l of deliveredMoved.slice(0, 1)) {
    say('delivery', 'draft.milestone-moved', { link: l.title ?? l.external_id, kr: krTitle(l.key_result_id), date: l.due_date, change: l.progress_change! }, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const l of lifted.slice(0, 1)) {
    say('delivery', 'draft.sprint-moved', { link: l.title ?? l.external_id, kr: krTitle(l.key_result_id), date: l.due_date, change: l.progress_change! }, [l.id, `kr:${l.key_result_id}`]);
  }
  for (const k of [...owned].sort((a, b) => (b.progress ?? -1) - (a.progress ?? -1))) {
    say('delivery', 'draft.kr-moved', { title: quoted(k.title), start: k.start_value, current: k.current_value, target: k.target_value, unit: k.unit, progress: k.progress }, [k.id]);
  }
  // Contribution to team outcomes.
  const led = of('objective');
  for (const o of led) {
    say('team', 'draft.led', { title: quoted(o.title), krs: o.key_results, progress: o.progress, stated: o.stated_progress ?? null }, [o.id]);
  }
  const team = of('team_key_result');
  if (team.length) {
    const ways = [...new Set(team.flatMap((k) => k.contribution))].map((c) => text(`draft.way.${c === 'link' ? 'link' : c === 'check_in' ? 'check-in' : 'tree'}`));
    say('team', 'draft.team', { n: team.length, ways, titles: team.slice(0, 2).map((k) => quoted(k.title)) }, team.map((k) => k.id));
  }

  // How the quarter went week by week.
  const checkIns = of('check_in');
  if (checkIns.length) {
    const weeks = new Set(checkIns.map((c) => c.week)).size;
    const total = evidence.weeks.filter((w) => w.start <= evidence.as_of).length;
    const spread = [checkIns[0]!, checkIns[Math.floor(checkIns.length / 2)]!, checkIns.at(-1)!].map((c) => c.id);
    say('weeks', 'draft.checked-in', { weeks, total, n: checkIns.length }, [...new Set(spread)]);
    const byKr = new Map<string, CheckInItem[]>();
    for (const c of checkIns) byKr.set(c.key_result_id, [...(byKr.get(c.key_result_id) ?? []), c]);
    const trends = [...byKr.values()]
      .map((list) => list.filter((c) => c.confidence != null))
      .filter((list) => list.length >= 2)
      .map((list) => ({ first: list[0]!, last: list.at(-1)!, change: list.at(-1)!.confidence! - list[0]!.confidence! }))
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    for (const t of trends.slice(0, 1)) {
      say('weeks', 'draft.confidence', { title: quoted(t.first.key_result_title), from: t.first.confidence, fromWeek: t.first.week, to: t.last.confidence, toWeek: t.last.week }, [t.first.id, t.last.id]);
    }
  }
  for (const b of of('blocker')) {
    const cleared = b.cleared ? checkIns.find((c) => c.key_result_id === b.key_result_id && c.date === b.cleared) : undefined;
    say('weeks', 'draft.blocker', { title: quoted(b.key_result_title), raised: b.raised, note: b.note ? quoted(b.note) : null, cleared: b.cleared ?? null }, cleared ? [b.id, cleared.id] : [b.id]);
  }
  const gaps = of('gap');
  if (gaps.length) {
    const byKr = new Map<string, GapItem[]>();
    for (const g of gaps) byKr.set(g.key_result_id, [...(byKr.get(g.key_result_id) ?? []), g]);
    const [kr, list] = [...byKr.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    say('weeks', 'draft.gap', { kr: krTitle(kr), n: list.length, weeks: list.map((g) => g.week).join(', ') }, list.map((g) => g.id));
  }
  const others = checkIns.filter((c) => c.by_other);
  if (others.length) say('weeks', 'draft.by-others', { n: others.length }, others.map((c) => c.id));

  // What peers and reports said: themes with quoted excerpts, only from groups at or above min-group.
  const groups = of('feedback_group');
  const quotes = of('feedback_quote');
  for (const g of groups.filter((x: FeedbackGroupItem) => x.relationship === 'peer' || x.relationship === 'report')) {
    if (g.suppressed) {
      say('feedback', 'draft.feedback-withheld', { who: text(`draft.from.${g.relationship}`), k: evidence.min_group }, [g.id]);
      continue;
    }
    const mine = quotes.filter((q) => q.relationship === g.relationship && checkSentence(q.text, evidence).flags.every((f) => f === 'unsupported'));
    const themes = new Map<string, FeedbackQuoteItem[]>();
    for (const q of mine) themes.set(q.text, [...(themes.get(q.text) ?? []), q]);
    const top = [...themes.values()].sort((a, b) => b.length - a.length || a[0]!.text.localeCompare(b[0]!.text)).slice(0, 2);
    if (top.length) {
      say('feedback', `draft.themes.${g.relationship}`, { n: g.givers, themes: top.map((t) => quoted(t[0]!.text)) }, [g.id, ...top.flat().map((q) => q.id)]);
    }
  }
  for (const q of quotes.filter((x) => (x.relationship === 'self' || x.relationship === 'manager') && checkSentence(x.text, evidence).flags.every((f) => f === 'unsupported'))) {
    say('feedback', `draft.says.${q.relationship}`, { quote: quoted(q.text) }, [q.id]);
  }

  // Recognition.
  for (const r of of('recognition')) {
    const after = r.delivery ? (r.delivery.kind === 'milestone' ? text('draft.after.milestone', { milestone: r.delivery.external_id ?? null }) : text('draft.after.target')) : null;
    say(
      'recognition',
      'draft.recognised',
      { date: r.date ?? null, by: r.given_by ?? null, title: r.key_result_title ? quoted(r.key_result_title) : null, days: r.delivery ? r.days_after_delivery : null, after, message: quoted(r.message) },
      [r.id],
    );
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
    for (const s of defaultDraftSentences(visible, options.style, options.words)) {
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
