import { text, type Text } from '../text.js';
import { evidence, say } from '../load/text.js';
/**
 * Ratings written as words ("Meets Expectations", "Übertrifft die Erwartungen", "Conforme aux attentes").
 *
 * A word is read, in this order: through the loaded rating scale's labels (compared without case, accents,
 * punctuation or repeated spaces); as a number it starts with ("3 - Meets Expectations"); through the
 * built-in 3-, 4- and 5-point wordings below (en/de/fr). The wordings give one word different numbers on
 * scales of different sizes ("Meets Expectations" is 2 of 3 but 3 of 5), so the size is taken only when
 * the words a column holds fit one size, or every size that fits gives each word the same number; else it
 * is a question (`ratingPoints`, or load the scale file). "Too new to rate", "n/a" and the like are no
 * rating: counted and reported, never a number.
 */

/** The comparison key of a label or a cell: lower case, no accents, punctuation as single spaces. */
export function ratingWordKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Cells that say "no rating": too new to rate, not applicable, not rated (en/de/fr). */
const NOT_RATED = new Set(
  [
    'n/a', 'na', 'n.a.', 'not applicable', 'not rated', 'unrated', 'too new to rate', 'too new', 'not yet rated', 'no rating', 'exempt',
    'nicht bewertet', 'zu neu', 'zu neu fur eine bewertung', 'zu neu zum bewerten', 'k a', 'keine angabe', 'entfallt', 'nicht anwendbar',
    'non evalue', 'non applicable', 'sans objet', 's o', 'trop recent', 'trop recent pour etre evalue', 'non note',
  ].map(ratingWordKey),
);

export function isNotRated(cell: string): boolean {
  return NOT_RATED.has(ratingWordKey(cell));
}

type Wording = Record<number, string[]>;
const w = (levels: string[][]): Wording => Object.fromEntries(levels.map((names, i) => [i + 1, names.map(ratingWordKey)]));

/** Built-in wordings per scale size, lowest first; each level lists en, de and fr forms. */
export const BUILT_IN_WORDINGS: Record<3 | 4 | 5, Wording> = {
  3: w([
    ['below expectations', 'does not meet expectations', 'needs improvement', 'unter den erwartungen', 'erfullt die erwartungen nicht', 'en dessous des attentes', 'ne repond pas aux attentes'],
    ['meets expectations', 'meets', 'erfullt die erwartungen', 'conforme aux attentes', 'repond aux attentes'],
    ['exceeds expectations', 'exceeds', 'above expectations', 'ubertrifft die erwartungen', 'uber den erwartungen', 'depasse les attentes', 'au dessus des attentes'],
  ]),
  4: w([
    ['does not meet expectations', 'unsatisfactory', 'erfullt die erwartungen nicht', 'ne repond pas aux attentes', 'insuffisant'],
    ['partially meets expectations', 'partially meets', 'needs improvement', 'below expectations', 'erfullt die erwartungen teilweise', 'teilweise erfullt', 'unter den erwartungen', 'repond partiellement aux attentes', 'partiellement conforme', 'a ameliorer', 'en dessous des attentes'],
    ['meets expectations', 'meets', 'fully meets expectations', 'erfullt die erwartungen', 'voll erfullt', 'conforme aux attentes', 'repond aux attentes'],
    ['exceeds expectations', 'exceeds', 'ubertrifft die erwartungen', 'depasse les attentes'],
  ]),
  5: w([
    ['does not meet expectations', 'unsatisfactory', 'far below expectations', 'erfullt die erwartungen nicht', 'nicht erfullt', 'ne repond pas aux attentes', 'insuffisant'],
    ['partially meets expectations', 'partially meets', 'needs improvement', 'below expectations', 'erfullt die erwartungen teilweise', 'teilweise erfullt', 'unter den erwartungen', 'repond partiellement aux attentes', 'partiellement conforme', 'a ameliorer', 'en dessous des attentes'],
    ['meets expectations', 'meets', 'fully meets expectations', 'erfullt die erwartungen', 'voll erfullt', 'conforme aux attentes', 'repond aux attentes'],
    ['exceeds expectations', 'exceeds', 'ubertrifft die erwartungen', 'depasse les attentes'],
    ['far exceeds expectations', 'significantly exceeds expectations', 'greatly exceeds expectations', 'outstanding', 'exceptional', 'ubertrifft die erwartungen deutlich', 'weit uber den erwartungen', 'herausragend', 'depasse largement les attentes', 'exceptionnel', 'remarquable'],
  ]),
};

export type RatingPoints = 3 | 4 | 5;
export const RATING_POINTS: readonly RatingPoints[] = [3, 4, 5];

function levelIn(wording: Wording, key: string): number | null {
  for (const [level, names] of Object.entries(wording)) if (names.includes(key)) return Number(level);
  return null;
}

export type RatingWordsResult =
  | { values: Map<string, number>; how: 'scale' | 'number-prefix' | 'built-in'; points: RatingPoints | null; evidence: string; evidenceText: Text }
  | { question: string; questionText: Text; fits: RatingPoints[] }
  | { unknown: string[] };

/**
 * Numbers for the distinct words of one rating column. `labels`: the loaded scale's label → value
 * (keys by ratingWordKey). `points`: a declared scale size for the built-in wordings.
 */
export function resolveRatingWords(words: readonly string[], labels: ReadonlyMap<string, number>, points?: RatingPoints): RatingWordsResult {
  const keys = words.map((x) => ({ raw: x, key: ratingWordKey(x) }));
  if (labels.size && keys.every((k) => labels.has(k.key))) {
    return { values: new Map(keys.map((k) => [k.raw, labels.get(k.key)!])), how: 'scale', points: null, ...evidence('evidence.rating-labels', { n: words.length }) };
  }
  // "3 - Meets Expectations", "4 (Exceeds)": the number the export wrote first.
  const prefixed = keys.map((k) => ({ ...k, n: /^\s*(\d+(?:[.,]\d+)?)\s*(?:[-–:.)]|\s)\s*\p{L}/u.exec(k.raw)?.[1] }));
  if (prefixed.every((k) => k.n !== undefined)) {
    return { values: new Map(prefixed.map((k) => [k.raw, Number(k.n!.replace(',', '.'))])), how: 'number-prefix', points: null, ...evidence('evidence.rating-prefix') };
  }
  const sizes = points ? [points] : RATING_POINTS;
  const fits = sizes.filter((size) => keys.every((k) => levelIn(BUILT_IN_WORDINGS[size], k.key) !== null));
  if (fits.length === 0) {
    const unknown = keys.filter((k) => !sizes.some((size) => levelIn(BUILT_IN_WORDINGS[size], k.key) !== null)).map((k) => k.raw);
    return { unknown: unknown.length ? unknown : keys.map((k) => k.raw) };
  }
  const valuesFor = (size: RatingPoints) => new Map(keys.map((k) => [k.raw, levelIn(BUILT_IN_WORDINGS[size], k.key)!]));
  const first = valuesFor(fits[0]!);
  const agree = fits.every((size) => [...valuesFor(size)].every(([raw, v]) => first.get(raw) === v));
  if (!agree) {
    // One size per distinct reading (a 4- and a 5-point wording often read the same): the answer names those.
    const readings = new Map<string, RatingPoints>();
    for (const size of fits) readings.set(JSON.stringify([...valuesFor(size)]), size);
    fits.splice(0, fits.length, ...new Set(readings.values()));
    const example = keys.find((k) => new Set(fits.map((size) => levelIn(BUILT_IN_WORDINGS[size], k.key))).size > 1)!;
    const q = say('evidence.rating-sizes', {
      raw: example.raw,
      readings: fits.map((size) => text('rating-word-of', { value: levelIn(BUILT_IN_WORDINGS[size], example.key), size })),
      sizes: fits.join('-, '),
    });
    return { question: q.message, questionText: q.text, fits };
  }
  const found = points
    ? evidence('evidence.rating-declared', { points })
    : fits.length === 1
      ? evidence('evidence.rating-one-size', { size: fits[0]!, words: words.map((x) => `"${x}"`).join(', ') })
      : evidence('evidence.rating-same', { sizes: fits.join('-, ') });
  return { values: first, how: 'built-in', points: fits.length === 1 ? fits[0]! : null, ...found };
}
