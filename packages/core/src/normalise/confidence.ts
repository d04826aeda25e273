/**
 * Confidence as exports write it → 0–1.
 *
 * Decisions:
 * - Both ten-point scales divide by ten (7 → 0.7, 1 → 0.1, 10 → 1). "7 out of 10" reads as
 *   70 % to the person who typed it, and whether a column is 0–10 or 1–10 is inferred from
 *   whether a 0 appears at all: that inference must not change the value of a 7. The scales
 *   differ only in what is in range (0 is an error on 1–10).
 * - Word scales have three buckets, each mapped to the centre of its third of 0–1:
 *   low / red / off track = 1/6, medium / amber / at risk = 1/2, high / green / on track = 5/6.
 *   Centres keep averages honest (a team half red, half green averages to the midpoint) and
 *   put the middle word exactly on the midpoint; the ends are not 0 and 1 because "green" is
 *   not certainty.
 * - Status words are ordinal, four levels, best first: on track > behind (needs attention) > at risk > off
 *   track. "At risk" is worse than "behind": Engagedly's automatic status calls a goal Behind when it is
 *   16.5–33 points under its expected progress and At Risk beyond 33 (help.engagedly.com, "Automatic Status
 *   Updates for Goals"); StrategyFrog and Telescope put At Risk above Off Track ("might be progressing" vs
 *   "significant problems"). So behind keeps the middle (1/2, not below it), at risk is 1/3 — below the
 *   midpoint, so the week-4 rule sees it — and off track 1/6, on track 5/6. German (im Plan, im Verzug,
 *   gefährdet, nicht im Plan) and French (en bonne voie, en retard, à risque, hors trajectoire) forms read
 *   alike; accents are ignored.
 * - "Done" / "complete" / "achieved" is 1: the outcome is known. "Not started", "n/a",
 *   "unknown" carry no confidence and are an error with code `no-confidence`, so the loader
 *   can report them rather than invent a value.
 * - A value with "%" is accepted on the 'unit' and 'percent' scales (both are shares) and is
 *   an error on the ten-point scales. "7/10" ("7 of 10", "7 out of 10") is accepted on the
 *   ten-point scales, "45/100" on percent; another total ("3/5") is an error.
 * - A word followed by a remark reads by its leading word: "Green (on track)", "Amber - slipping".
 * - Scales with five or more named levels are not supported: map them to a number first.
 */
import type { ConfidenceScale } from '../load/types.js';
import { MAX_CELL_LENGTH, parseNumber, type NumberOptions } from './numbers.js';
import { text as textOf, type Text, type TextParams } from '../text.js';
import { fail, say } from '../load/text.js';

export type { ConfidenceScale };

export const CONFIDENCE_SCALES: readonly ConfidenceScale[] = [
  'unit', 'zero-to-ten', 'one-to-ten', 'percent', 'low-medium-high', 'red-amber-green', 'on-track',
];

/** The middle of the normalised scale: below it a key result is more likely missed than met. */
export const confidenceMidpoint = 0.5;

/** Normalised values of the three word buckets (see the file comment for why centres). */
export const CONFIDENCE_BUCKETS = { low: 1 / 6, medium: 1 / 2, high: 5 / 6, done: 1 } as const;

/** "At risk" on the status scale: between behind (1/2) and off track (1/6), below the midpoint (see the file comment). */
export const STATUS_AT_RISK = 1 / 3;

export type ConfidenceErrorCode = 'empty' | 'not-a-number' | 'out-of-range' | 'unknown-word' | 'wrong-scale' | 'no-confidence';
export type NormalisedConfidence = { value: number } | { error: string; errorText: Text; code: ConfidenceErrorCode };

type WordScale = 'low-medium-high' | 'red-amber-green' | 'on-track';
const WORD_SCALES: readonly WordScale[] = ['low-medium-high', 'red-amber-green', 'on-track'];

// Keys are `wordKey`s: lower case, letters and digits only ("On-Track" → "ontrack").
const WORDS: Record<WordScale, Record<string, number>> = {
  'low-medium-high': {
    low: CONFIDENCE_BUCKETS.low, lo: CONFIDENCE_BUCKETS.low, l: CONFIDENCE_BUCKETS.low, verylow: CONFIDENCE_BUCKETS.low,
    medium: CONFIDENCE_BUCKETS.medium, med: CONFIDENCE_BUCKETS.medium, mid: CONFIDENCE_BUCKETS.medium,
    m: CONFIDENCE_BUCKETS.medium, moderate: CONFIDENCE_BUCKETS.medium,
    high: CONFIDENCE_BUCKETS.high, hi: CONFIDENCE_BUCKETS.high, h: CONFIDENCE_BUCKETS.high, veryhigh: CONFIDENCE_BUCKETS.high,
  },
  'red-amber-green': {
    red: CONFIDENCE_BUCKETS.low, r: CONFIDENCE_BUCKETS.low,
    amber: CONFIDENCE_BUCKETS.medium, yellow: CONFIDENCE_BUCKETS.medium, orange: CONFIDENCE_BUCKETS.medium,
    a: CONFIDENCE_BUCKETS.medium, y: CONFIDENCE_BUCKETS.medium,
    green: CONFIDENCE_BUCKETS.high, g: CONFIDENCE_BUCKETS.high,
  },
  'on-track': {
    offtrack: CONFIDENCE_BUCKETS.low, blocked: CONFIDENCE_BUCKETS.low, critical: CONFIDENCE_BUCKETS.low,
    atrisk: STATUS_AT_RISK, risk: STATUS_AT_RISK,
    behind: CONFIDENCE_BUCKETS.medium, needsattention: CONFIDENCE_BUCKETS.medium, progressing: CONFIDENCE_BUCKETS.medium,
    notontrack: CONFIDENCE_BUCKETS.low, offtarget: CONFIDENCE_BUCKETS.low,
    ontrack: CONFIDENCE_BUCKETS.high, ontarget: CONFIDENCE_BUCKETS.high, aheadofschedule: CONFIDENCE_BUCKETS.high,
    ahead: CONFIDENCE_BUCKETS.high,
    // German
    implan: CONFIDENCE_BUCKETS.high, aufkurs: CONFIDENCE_BUCKETS.high, planmaig: CONFIDENCE_BUCKETS.high, planmassig: CONFIDENCE_BUCKETS.high,
    imverzug: CONFIDENCE_BUCKETS.medium, verzogert: CONFIDENCE_BUCKETS.medium, imruckstand: CONFIDENCE_BUCKETS.medium, hinterplan: CONFIDENCE_BUCKETS.medium,
    gefahrdet: STATUS_AT_RISK, risikobehaftet: STATUS_AT_RISK, imrisiko: STATUS_AT_RISK,
    nichtimplan: CONFIDENCE_BUCKETS.low, vomkursabgekommen: CONFIDENCE_BUCKETS.low, kritisch: CONFIDENCE_BUCKETS.low, blockiert: CONFIDENCE_BUCKETS.low,
    // French
    enbonnevoie: CONFIDENCE_BUCKETS.high, surlabonnevoie: CONFIDENCE_BUCKETS.high, surlesrails: CONFIDENCE_BUCKETS.high,
    enretard: CONFIDENCE_BUCKETS.medium, enavance: CONFIDENCE_BUCKETS.high,
    arisque: STATUS_AT_RISK, enrisque: STATUS_AT_RISK, endanger: STATUS_AT_RISK, menace: STATUS_AT_RISK,
    horstrajectoire: CONFIDENCE_BUCKETS.low, horspiste: CONFIDENCE_BUCKETS.low, horsdelignedemire: CONFIDENCE_BUCKETS.low, bloque: CONFIDENCE_BUCKETS.low,
  },
};
/** Words any word scale accepts: the outcome is known. */
const DONE_WORDS = new Set(['done', 'complete', 'completed', 'achieved', 'finished', 'met', 'accomplished']); // Perdoo: "Accomplished"
/**
 * Words that say there is no confidence to report. "Closed" is here, not among the done
 * words: tools close missed key results too. '' is a cell of punctuation only ("-", "—").
 */
const NO_CONFIDENCE_WORDS = new Set([
  '', 'notstarted', 'na', 'none', 'unknown', 'tbd', 'notset', 'pending', 'nodata', 'notapplicable', 'closed',
]);


const NOT_ALNUM = /[^a-z0-9]+/g;
const HAS_DIGIT = /\d/;
const DIACRITICS = /[\u0300-\u036f]/g;
function wordKey(raw: string): string {
  // "gefährdet" → "gefahrdet", "à risque" → "arisque"
  return raw.normalize('NFD').replace(DIACRITICS, '').toLowerCase().replace(NOT_ALNUM, '');
}

/** "Green (on track)", "Amber - slipping", "High: pipeline strong": the leading word decides. */
const HEAD = /\s+[-–—:]\s|\s*[([:]/;
function headKey(text: string): string | null {
  const m = HEAD.exec(text);
  return m && m.index > 0 ? wordKey(text.slice(0, m.index)) : null;
}

/** The bucket value of a word on a word scale, trying the whole text, then its leading word. */
function wordValue(scale: WordScale, text: string, key: string): number | undefined {
  const words = WORDS[scale];
  const v = words[key];
  if (v !== undefined) return v;
  const head = headKey(text);
  return head === null ? undefined : words[head];
}

/** The word scales a text belongs to (whole text, then leading word). */
function wordScalesOf(text: string, key: string): WordScale[] {
  let found = WORD_SCALES.filter((s) => WORDS[s][key] !== undefined);
  if (found.length === 0) {
    const head = headKey(text);
    if (head !== null) found = WORD_SCALES.filter((s) => WORDS[s][head] !== undefined);
  }
  return found;
}

// "7/10", "7 / 10", "7 of 10", "7 out of 10"
const OUT_OF = /^(.*?\d)\s*(?:\/|\bout of\b|\bof\b)\s*(\d+)$/i;
/** The denominator each numeric scale's "n/d" form uses. */
const DENOMINATOR: Record<Exclude<ConfidenceScale, WordScale>, number> = { unit: 1, 'zero-to-ten': 10, 'one-to-ten': 10, percent: 100 };

const NUMERIC_RANGE: Record<Exclude<ConfidenceScale, WordScale>, { min: number; max: number; divisor: number }> = {
  unit: { min: 0, max: 1, divisor: 1 },
  'zero-to-ten': { min: 0, max: 10, divisor: 10 },
  'one-to-ten': { min: 1, max: 10, divisor: 10 },
  percent: { min: 0, max: 100, divisor: 100 },
};

function isWordScale(scale: ConfidenceScale): scale is WordScale {
  return scale === 'low-medium-high' || scale === 'red-amber-green' || scale === 'on-track';
}

/** Normalise one cell on a declared (or inferred) scale to 0–1. */
export function normaliseConfidence(raw: string, scale: ConfidenceScale, options?: NumberOptions): NormalisedConfidence {
  let text = raw.trim();
  if (text === '') return { ...fail('cell.empty'), code: 'empty' };
  if (text.length > MAX_CELL_LENGTH) return { ...fail('confidence.too-long', { length: text.length }), code: 'not-a-number' };
  if (isWordScale(scale)) {
    const key = wordKey(text);
    const value = wordValue(scale, text, key);
    if (value !== undefined) return { value };
    if (DONE_WORDS.has(key)) return { value: CONFIDENCE_BUCKETS.done };
    if (NO_CONFIDENCE_WORDS.has(key)) return { ...fail('confidence.none', { raw: text }), code: 'no-confidence' };
    if (HAS_DIGIT.test(text) && !('error' in parseNumber(text, options))) {
      return { ...fail('confidence.number-on-words', { raw: text, scale: textOf('scale-name', { scale: scale }) }), code: 'wrong-scale' };
    }
    const other = wordScalesOf(text, key).find((s) => s !== scale);
    return { ...fail('confidence.not-a-word', { raw: text, words: textOf('scale-words', { scale }), other: other ? textOf('scale-name', { scale: other }) : null }), code: other ? 'wrong-scale' : 'unknown-word' };
  }
  const outOf = OUT_OF.exec(text);
  if (outOf) {
    const denominator = Number(outOf[2]);
    if (denominator !== DENOMINATOR[scale]) {
      return { ...fail('confidence.out-of', { raw: text, denominator, scale: textOf('scale-name', { scale: scale }) }), code: 'wrong-scale' };
    }
    text = outOf[1]!;
  }
  const parsed = parseNumber(text, options);
  if (outOf && !('error' in parsed) && parsed.percent) return { ...fail('confidence.not-a-confidence', { raw: raw.trim() }), code: 'not-a-number' };
  if ('error' in parsed) {
    const key = wordKey(text);
    if (NO_CONFIDENCE_WORDS.has(key)) return { ...fail('confidence.none', { raw: text }), code: 'no-confidence' };
    if (DONE_WORDS.has(key)) return { value: CONFIDENCE_BUCKETS.done };
    const word = wordScalesOf(text, key)[0];
    if (word) return { ...fail('confidence.word-of', { raw: text, word: textOf('scale-name', { scale: word }), scale: textOf('scale-name', { scale: scale }) }), code: 'wrong-scale' };
    return { ...fail(parsed.error === 'empty' ? 'confidence.empty' : 'confidence.not-a-confidence', { raw: text }), code: 'not-a-number' };
  }
  const range = NUMERIC_RANGE[scale];
  let n = parsed.value;
  if (parsed.percent) {
    if (scale !== 'unit' && scale !== 'percent') {
      return { ...fail('confidence.percent-on', { raw: text, scale: textOf('scale-name', { scale: scale }) }), code: 'wrong-scale' };
    }
    if (n < 0 || n > 1) return { ...fail('confidence.outside-percent', { raw: text }), code: 'out-of-range' };
    return { value: n };
  }
  if (n < range.min || n > range.max) {
    return { ...fail('confidence.outside', { raw: text, scale: textOf('scale-name', { scale: scale }) }), code: 'out-of-range' };
  }
  n /= range.divisor;
  return { value: n };
}

/** How a scale reads to a person: '1–10', 'red / amber / green'. */
export function scaleLabel(scale: ConfidenceScale): string {
  switch (scale) {
    case 'unit':
      return '0–1';
    case 'zero-to-ten':
      return '0–10';
    case 'one-to-ten':
      return '1–10';
    case 'percent':
      return '0–100 %';
    case 'low-medium-high':
      return 'low / medium / high';
    case 'red-amber-green':
      return 'red / amber / green';
    case 'on-track':
      return 'on track / behind / at risk / off track';
  }
}

export interface ConfidenceScaleInference {
  scale: ConfidenceScale | null;
  reason: string;
  reasonText: Text;
}

/**
 * The scale of a whole column (blank cells ignored):
 * - words only: the one word scale holding every word ("done", "not started" fit any);
 * - "n/10" (or "n of 10", "n out of 10"): a ten-point scale; "n/100": percent; "n/1": unit;
 * - any "%": percent; else by the largest value: ≤ 1 → unit; ≤ 10 → zero-to-ten if a 0
 *   appears, else one-to-ten; ≤ 100 → percent;
 * - plain negatives or values over 100, words mixed with numbers or across word scales,
 *   or nothing recognisable → null.
 * Decisive evidence wins over stray values: a "%" column with a "130%", a "n/10" column with
 * "12/10", or a red/amber/green column with a "purple" still gets its scale, and
 * `normaliseConfidence` then reports each misfit as a cell error (named in `reason` too).
 * A column of only 0s and 1s reads as unit (a 1 on a ten-point scale is rare); say so.
 */
/** A reason in English and as a text (`ConfidenceScaleInference`). */
function why(code: string, params: TextParams = {}): { reason: string; reasonText: Text } {
  const r = say(code, params);
  return { reason: r.message, reasonText: r.text };
}

export function inferConfidenceScale(values: string[], options?: NumberOptions): ConfidenceScaleInference {
  let count = 0;
  let numbers = 0;
  let percents = 0;
  let min = Infinity;
  let max = -Infinity;
  let zero = false;
  let fractional = false;
  const wordScales = new Map<WordScale, number>();
  let words = 0;
  let neutralWords = 0;
  let unknown: string | undefined;
  let unknownCount = 0;
  let maxText = '';
  const denominators = new Set<number>();
  for (const raw of values) {
    let text = raw?.trim();
    if (!text) continue;
    count++;
    if (text.length > MAX_CELL_LENGTH) {
      unknownCount++;
      unknown ??= `${text.slice(0, 20)}…`;
      continue;
    }
    const outOf = OUT_OF.exec(text);
    if (outOf) {
      denominators.add(Number(outOf[2]));
      text = outOf[1]!;
    }
    const parsed = parseNumber(text, options);
    if (!('error' in parsed)) {
      numbers++;
      if (parsed.percent) percents++;
      // Range logic works on the written number: "45%" counts as 45.
      const n = parsed.percent ? parsed.value * 100 : parsed.value;
      if (n > max) {
        max = n;
        maxText = text;
      }
      if (n < min) min = n;
      if (n === 0) zero = true;
      if (!Number.isInteger(n)) fractional = true;
      continue;
    }
    const key = wordKey(text);
    if (DONE_WORDS.has(key) || NO_CONFIDENCE_WORDS.has(key)) {
      neutralWords++;
      continue;
    }
    const scales = wordScalesOf(text, key);
    for (const s of scales) wordScales.set(s, (wordScales.get(s) ?? 0) + 1);
    if (scales.length > 0) words++;
    else {
      unknownCount++;
      unknown ??= text;
    }
  }
  if (count === 0) return { scale: null, ...why('scale.none') };
  // Decisive evidence picks the scale; values that do not fit it are left to
  // `normaliseConfidence`, which reports each one, rather than failing the column.
  const misfits = unknownCount > 0 ? textOf('scale.misfits', { n: unknownCount, example: unknown }) : null;
  if (numbers > 0 && words > 0) return { scale: null, ...why('scale.mixed') };
  if (words > 0) {
    // A word may belong to several scales (none do today, but single letters could): take one that holds all.
    const all = WORD_SCALES.filter((s) => wordScales.get(s) === words);
    if (all.length === 1) return { scale: all[0]!, ...why('scale.words', { n: words, scale: textOf('scale-name', { scale: all[0]! }), misfits }) };
    return { scale: null, ...why('scale.words-mixed', { scales: [...wordScales.keys()].map((x) => textOf('scale-name', { scale: x })) }) };
  }
  if (numbers === 0) {
    return unknown !== undefined
      ? { scale: null, ...why('scale.unknown-word', { example: unknown }) }
      : { scale: null, ...why('scale.neutral-only', { n: neutralWords }) };
  }
  if (denominators.size > 0) {
    const d = denominators.values().next().value as number;
    if (denominators.size > 1) return { scale: null, ...why('scale.totals', { totals: [...denominators].join(', ') }) };
    if (percents > 0) return { scale: null, ...why('scale.out-of-and-percent') };
    const scale: ConfidenceScale | null =
      d === 10 ? (zero ? 'zero-to-ten' : 'one-to-ten') : d === 100 ? 'percent' : d === 1 ? 'unit' : null;
    if (scale === null) return { scale: null, ...why('scale.out-of-unknown', { d }) };
    return { scale, ...why('scale.out-of', { d, zero: d === 10 ? (zero ? 'yes' : 'no') : null, over: max > d ? maxText : null, misfits }) };
  }
  if (percents > 0) {
    return { scale: 'percent', ...why('scale.percent-signs', { n: percents, over: max > 100 ? maxText : null, negative: max <= 100 && min < 0 ? min : null, misfits }) };
  }
  if (min < 0) return { scale: null, ...why('scale.negative', { min }) };
  if (max <= 1) {
    return { scale: 'unit', ...why(fractional ? 'scale.unit' : 'scale.zero-one', { misfits }) };
  }
  if (max <= 10) {
    return zero
      ? { scale: 'zero-to-ten', ...why('scale.zero-to-ten', { max: maxText, misfits }) }
      : { scale: 'one-to-ten', ...why('scale.one-to-ten', { min, max: maxText, misfits }) };
  }
  if (max <= 100) return { scale: 'percent', ...why('scale.percent', { max: maxText, misfits }) };
  return { scale: null, ...why('scale.over-100', { max: maxText }) };
}
