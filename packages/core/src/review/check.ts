import type { PersonEvidence } from './types.js';

/**
 * The sentence checker: what Plumb verifies in every sentence of a draft, whoever wrote it (the default
 * drafter, an embedder's model, the manager). Text is only ever text: markup in a sentence is kept as
 * characters and never interpreted.
 */
export type SentenceFlag =
  /** Cites nothing, or only unknown or excluded evidence. */
  | 'unsupported'
  /** Cites an id that is not in the evidence bundle. */
  | 'unknown-evidence'
  /** Cites an item the manager excluded from the draft. */
  | 'excluded-evidence'
  /** States a value of the rating scale as a rating ("rated 4", "4/5"). */
  | 'rating-value'
  /** Uses a label of the rating scale ("Exceeds expectations"). */
  | 'rating-label'
  /** Turns OKR attainment into a rating or pay outcome ("exceeds because 110 % of KRs"). */
  | 'okr-to-rating';

export interface CheckedSentence {
  /** The sentence without its citation brackets. */
  text: string;
  cites: string[];
  flags: SentenceFlag[];
}

/** A citation group: `[kr:kr-0001, ci:kr-0001:2026-07-06]` — ids are `kind:…` tokens. */
const CITATION_GROUP = /\[([^\][]*)\]/g;
const ID_TOKEN = /^[a-z_]+:[^\s,;]+$/i;

/** The ids cited in `text` and the text with the citation groups removed. */
export function extractCitations(text: string): { text: string; cites: string[] } {
  const cites: string[] = [];
  const stripped = text.replace(CITATION_GROUP, (whole, inner: string) => {
    const tokens = inner.split(/[\s,;]+/).filter(Boolean);
    if (tokens.length === 0 || !tokens.every((t) => ID_TOKEN.test(t))) return whole;
    for (const t of tokens) if (!cites.includes(t)) cites.push(t);
    return '';
  });
  return { text: stripped.replace(/\s+([.!?,;:])/g, '$1').replace(/\s{2,}/g, ' ').trim(), cites };
}

/**
 * Split a paragraph into sentences. A sentence ends at . ! or ? followed by space and a capital letter,
 * a citation group or the end — never inside double quotes (quoted feedback keeps its own full stops)
 * and never at "e.g." style abbreviations followed by a lower-case word. A citation group right after the
 * full stop belongs to the sentence before it.
 */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  const s = paragraph;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"' || ch === '“' || ch === '”') quoted = ch === '“' ? true : ch === '”' ? false : !quoted;
    if (quoted || !'.!?'.includes(ch)) continue;
    let j = i + 1;
    while (j < s.length && '.!?"”)'.includes(s[j]!)) j++;
    // Citation groups after the full stop stay with this sentence.
    let k = j;
    for (;;) {
      const m = /^\s*\[[^\][]*\]/.exec(s.slice(k));
      if (!m) break;
      k += m[0].length;
    }
    const rest = s.slice(k);
    if (rest.trim() === '' || /^\s+[^\sa-z]/.test(rest)) {
      out.push(s.slice(start, k).trim());
      start = k;
      i = k - 1;
    }
  }
  const tail = s.slice(start).trim();
  if (tail) out.push(tail);
  return out.filter(Boolean);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words that make a sentence about a rating, a rank or pay. */
const RATING_TERMS = /\b(exceed(?:s|ed|ing)?|meets?\s+(?:all\s+)?expectations|below\s+expectations|above\s+expectations|rating|rated|rate\s+(?:him|her|them)|deserv\w*|promot\w*|bonus\w*|pay|paid|salary|(?:a|pay|salary)\s+raise|grade[ds]?|high[- ]performer|top[- ]performer|under[- ]?perform\w*|over[- ]?perform\w*|calibrat\w*)\b/i;
/** Words that make a sentence about OKR attainment. */
const ATTAINMENT_TERMS = /(\b\d+(?:[.,]\d+)?\s*%|\bpercent\b|\battain\w*|\bOKRs?\b|\bkey results?\b|\bKRs?\b|\bprogress\b|\btargets?\b|\bgoals?\b)/i;

/**
 * Check one sentence against the evidence: its citations exist and are not excluded; it proposes no
 * rating (a value or label of the scale) and maps no OKR attainment onto a rating.
 */
export function checkSentence(raw: string, evidence: PersonEvidence, exclude: ReadonlySet<string> = new Set()): CheckedSentence {
  const { text, cites } = extractCitations(raw);
  const known = evidenceIdSet(evidence);
  const flags = new Set<SentenceFlag>();
  let valid = 0;
  for (const id of cites) {
    if (!known.has(id)) flags.add('unknown-evidence');
    else if (exclude.has(id)) flags.add('excluded-evidence');
    else valid++;
  }
  if (valid === 0 || flags.has('unknown-evidence') || flags.has('excluded-evidence')) flags.add('unsupported');
  for (const s of evidence.rating_scale) {
    if (s.label && new RegExp(`\\b${escapeRegExp(s.label)}\\b`, 'i').test(text)) flags.add('rating-label');
  }
  const values = evidence.rating_scale.map((s) => escapeRegExp(String(s.value)));
  if (values.length) {
    const v = `(?:${values.join('|')})`;
    const asRating = new RegExp(
      `\\b(?:rat(?:e|ed|ing)|score[ds]?|grade[ds]?|mark(?:ed)?)\\b(?:\\s+(?:of|as|at|is|a|an|to|=|:))*\\s*${v}\\b|\\b${v}\\s*(?:/|out\\s+of)\\s*\\d+\\b|\\b${v}\\s+(?:rating|overall)\\b`,
      'i',
    );
    if (asRating.test(text)) flags.add('rating-value');
  }
  if (RATING_TERMS.test(text) && ATTAINMENT_TERMS.test(text)) flags.add('okr-to-rating');
  return { text, cites, flags: [...flags] };
}

const idSets = new WeakMap<PersonEvidence, Set<string>>();
function evidenceIdSet(evidence: PersonEvidence): Set<string> {
  let set = idSets.get(evidence);
  if (!set) idSets.set(evidence, (set = new Set(evidence.items.map((i) => i.id))));
  return set;
}
