import type { Text } from '../text.js';
import { evidence, say } from '../load/text.js';
/**
 * Numbers as exports write them: "45%", "1,234.5", "1.234,5", "1 234,5", "1'234.5", "−3.5",
 * "€1,200", "1200 USD", "(12)".
 *
 * Decisions:
 * - A percentage is the number it denotes: "45%" → { value: 0.45, percent: true }. The flag
 *   says how it was written, so a caller can tell "45%" from "0.45" (e.g. to report a column
 *   that mixes both, or to read a bare "45" beside "45%" as a percentage too).
 * - "(12)" is −12: the accounting convention for negatives, common in finance-flavoured KRs.
 * - Currency symbols ($ € £ ¥ ₹ ₩ ₽ ¢, "US$") and three-letter codes ("USD") before or after
 *   the number are dropped: a KR's unit lives in its own column.
 * - Without a declared decimal separator one value decides alone: with both "." and "," the
 *   last one is the decimal; a single "," after 1–3 digits and followed by exactly three
 *   ("1,234") is a thousands separator, any other single "," is a decimal ("1,5",
 *   "1234,567", "0,125"); a single "." is a decimal.
 *   That guess is per value, so a loader should call `inferDecimalSeparator` on the whole
 *   column and pass `decimal` for every cell.
 * - Group separators must group by three ("1,2345" is an error, not 12345).
 */

export type ParsedNumber = { value: number; percent: boolean } | { error: string; errorText: Text };

export interface NumberOptions {
  /** The decimal separator of the column; the other of "." and "," is then a group separator. */
  decimal?: '.' | ',';
}

const PLAIN = /^-?\d+(?:\.\d+)?$/;
const PLAIN_NO_DOT = /^-?\d+$/;
const PLAIN_UNSIGNED = /^\d+(?:\.\d+)?$/;
const DIGITS = /^\d+$/;
const NOT_A_NUMBER = 'not a number';
/**
 * Longer cells are refused before any regex sees them: a few patterns here backtrack
 * quadratically on long garbage, and no number or date is written in 100 characters.
 */
export const MAX_CELL_LENGTH = 100;
const EXPONENT = /^(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

// Character codes, for a scan that allocates nothing per character.
const DOT = 46;
const COMMA = 44;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const PERCENT = 37;
const PLUS_SIGN = 43;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Whitespace (incl. NBSP, narrow NBSP, thin space) and BOM / zero-width characters. */
function isBlank(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x202f || (c >= 0x2000 && c <= 0x200d) || c === 0x2060 ||
    c === 0xfeff || c === 0x3000
  );
}
/** Spaces that group thousands ("1 234", "1\u00a0234", "1\u202f234"). */
function isSpaceGroup(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2008;
}
function isMinus(c: number): boolean {
  return c === 45 || c === 0x2212 || c === 0xfe63 || c === 0xff0d;
}
function isCurrencySymbol(c: number): boolean {
  // $ ¢ £ ¥ € ₹ ₩ ₽
  return c === 36 || c === 0xa2 || c === 0xa3 || c === 0xa5 || c === 0x20ac || c === 0x20b9 || c === 0x20a9 || c === 0x20bd;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** A separator's kind for consistency checks: all spaces are one kind, both apostrophes one. */
function sepKind(c: number): number {
  return isSpaceGroup(c) ? 32 : c === RIGHT_QUOTE ? APOSTROPHE : c;
}
function sepName(kind: number): string {
  return kind === 32 ? 'space' : `'${String.fromCharCode(kind)}'`;
}

/** Parse one cell. Empty (or blank) text is `{ error: 'empty' }`. */
export function parseNumber(text: string, options?: NumberOptions): ParsedNumber {
  // Fast path: most cells of a clean export.
  if (options?.decimal === ',' ? PLAIN_NO_DOT.test(text) : PLAIN.test(text)) {
    const value = Number(text);
    // 400 digits are Infinity: let the slow path say why.
    if (Number.isFinite(value)) return { value: value === 0 ? 0 : value, percent: false };
  }
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (start === end) return { error: 'empty', errorText: say('cell.empty').text };
  if (end - start > MAX_CELL_LENGTH) return { error: `too long to be a number (${end - start} characters)`, errorText: say('number.too-long', { length: end - start }).text };
  // Kept for messages only; sliced when an error needs it.
  const from = start;
  const to = end;

  let negative = false;
  let signs = 0;
  const paren = text.charCodeAt(start) === 40 && text.charCodeAt(end - 1) === 41;
  if (paren) {
    negative = true;
    start++;
    end--;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  }
  // sign, currency, sign: "-$1,200", "$-1,200", "US$ 30", "EUR 1.200,50"
  let currency = 0;
  let c = text.charCodeAt(start);
  if (start < end && (isMinus(c) || c === PLUS_SIGN)) {
    if (c !== PLUS_SIGN) negative = !negative;
    signs++;
    start++;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
  }
  const prefix = start < end ? currencyPrefixLength(text, start, end) : 0;
  if (prefix > 0) {
    currency++;
    start += prefix;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    c = text.charCodeAt(start);
    if (start < end && (isMinus(c) || c === PLUS_SIGN)) {
      if (c !== PLUS_SIGN) negative = !negative;
      signs++;
      start++;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
    }
  }
  let percent = false;
  if (end > start && text.charCodeAt(end - 1) === PERCENT) {
    percent = true;
    end--;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  }
  if (end > start) {
    const sfx = currencySuffixLength(text, start, end);
    if (sfx > 0) {
      currency++;
      end -= sfx;
      while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    }
  }
  if (start < end && (isMinus(text.charCodeAt(start)) || text.charCodeAt(start) === PLUS_SIGN)) signs++;
  if (signs > 1 || (signs > 0 && paren)) return numberError('more than one sign in', text, from, to);
  if (currency > 1 || (currency > 0 && percent) || start === end) return numberError('not a number:', text, from, to);

  let value: number;
  const body = start === 0 && end === text.length ? text : text.slice(start, end);
  if ((options?.decimal === ',' ? DIGITS : PLAIN_UNSIGNED).test(body) || EXPONENT.test(body)) {
    value = Number(body);
  } else {
    const parsed = parseBody(body, options?.decimal);
    if (typeof parsed === 'string') return parsed === NOT_A_NUMBER ? numberError('not a number:', text, from, to) : numberError(`${parsed} in`, text, from, to);
    value = parsed;
  }
  if (!Number.isFinite(value)) return numberError('not a finite number:', text, from, to);
  if (negative) value = -value;
  // Division, not * 0.01: 45 / 100 is the double nearest 0.45; 45 * 0.01 is not.
  if (percent) value /= 100;
  return { value: value === 0 ? 0 : value, percent };
}

function numberError(why: string, text: string, from: number, to: number): ParsedNumber {
  const raw = text.slice(from, to);
  return { error: `${why} "${raw}"`, errorText: say(NUMBER_WHY[why] ?? 'number.not-a-number', { raw }).text };
}

/** The reasons a cell is no number, as codes (load/messages.en.ts). */
const NUMBER_WHY: Record<string, string> = {
  'more than one sign in': 'number.signs',
  'not a number:': 'number.not-a-number',
  'not a finite number:': 'number.not-finite',
  'two separators in a row in': 'number.two-separators',
  'a separator at the end in': 'number.separator-end',
  'mixed group separators in': 'number.mixed-groups',
};

/** "USD", "US$", "€" at `start`, not followed by a letter. */
function currencyPrefixLength(s: string, start: number, end: number): number {
  if (isCurrencySymbol(s.charCodeAt(start))) return 1;
  let n = 0;
  while (n < 3 && start + n < end && isUpper(s.charCodeAt(start + n))) n++;
  if (n === 3 && !isLetter(s.charCodeAt(start + 3))) return 3;
  if (n >= 1 && n <= 2 && s.charCodeAt(start + n) === 36) return n + 1;
  return 0;
}

/** "USD", "€" ending at `end`, not preceded by a letter. */
function currencySuffixLength(s: string, start: number, end: number): number {
  if (isCurrencySymbol(s.charCodeAt(end - 1))) return 1;
  if (end - start >= 4 && isUpper(s.charCodeAt(end - 1)) && isUpper(s.charCodeAt(end - 2)) && isUpper(s.charCodeAt(end - 3))) {
    return isLetter(s.charCodeAt(end - 4)) ? 0 : 3;
  }
  return 0;
}

/** Digits and separators → number, or an error phrase. */
function parseBody(s: string, declared: '.' | ',' | undefined): number | string {
  const n = s.length;
  // Pass 1: only digits and separators, never two separators in a row (spaces collapse).
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  let groups = 0;
  let prevSep = -1; // kind of the character before, -1 after a digit
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      prevSep = -1;
      continue;
    }
    let kind: number;
    if (c === DOT) {
      dots++;
      lastDot = i;
      kind = DOT;
    } else if (c === COMMA) {
      commas++;
      lastComma = i;
      kind = COMMA;
    } else if (isSpaceGroup(c) || c === APOSTROPHE || c === RIGHT_QUOTE) {
      kind = sepKind(c);
      groups++;
    } else {
      return NOT_A_NUMBER;
    }
    if (i === 0 && kind !== DOT && kind !== COMMA) return NOT_A_NUMBER;
    if (prevSep >= 0 && !(prevSep === 32 && kind === 32)) return 'two separators in a row';
    prevSep = kind;
  }
  if (prevSep >= 0) {
    // "5." reads as 5; any other trailing separator is malformed.
    const lone = dots + commas === 1 && n >= 2 && isDigit(s.charCodeAt(n - 2));
    if (lone && s.charCodeAt(n - 1) === (declared === ',' ? COMMA : DOT)) {
      return Number(s.slice(0, n - 1));
    }
    return 'a separator at the end';
  }
  const decimal = declared === ',' ? COMMA : declared === '.' ? DOT : guessDecimal(s, dots, commas, lastDot, lastComma);
  // No grouping at all ("1,5", "0.25"): one decimal separator, nothing to check.
  if (groups === 0 && (decimal === DOT ? commas === 0 && dots <= 1 : dots === 0 && commas <= 1)) {
    return Number(decimal === DOT ? s : s.replace(',', '.'));
  }
  // Pass 2: check grouping by three, build a plain numeric string.
  let out = '';
  let runStart = 0;
  let runIndex = 0;
  let groupKind = -1;
  let decimalSeen = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : -1;
    if (c !== -1 && isDigit(c)) continue;
    const runLength = i - runStart;
    if (c === -1) {
      if (!decimalSeen && groupKind >= 0 && runLength !== 3) return `${sepName(groupKind)} does not group by three`;
      out += s.slice(runStart, i);
      break;
    }
    if (c === decimal) {
      if (decimalSeen) return `more than one decimal separator '${String.fromCharCode(decimal)}'`;
      if (groupKind >= 0 && runLength !== 3) return `${sepName(groupKind)} does not group by three`;
      decimalSeen = true;
      out += `${s.slice(runStart, i)}.`;
    } else {
      const kind = sepKind(c);
      if (decimalSeen) return `the decimal separator '${String.fromCharCode(decimal)}' before a group separator`;
      if (groupKind >= 0 && kind !== groupKind) return 'mixed group separators';
      groupKind = kind;
      if (runIndex === 0 ? runLength < 1 || runLength > 3 : runLength !== 3) {
        return runIndex === 0
          ? `${sepName(kind)} is not a thousands separator here`
          : `${sepName(kind)} does not group by three (decimal separator '${String.fromCharCode(decimal)}')`;
      }
      out += s.slice(runStart, i);
      while (kind === 32 && i + 1 < n && isSpaceGroup(s.charCodeAt(i + 1))) i++;
    }
    runIndex++;
    runStart = i + 1;
  }
  return Number(out);
}

/** The per-value guess documented at the top of the file. */
function guessDecimal(s: string, dots: number, commas: number, lastDot: number, lastComma: number): number {
  if (dots > 0 && commas > 0) return lastDot > lastComma ? DOT : COMMA;
  if (commas > 1) return DOT; // "1,234,567"
  if (commas === 1) {
    let after = 0;
    while (isDigit(s.charCodeAt(lastComma + 1 + after))) after++;
    let before = 0;
    while (lastComma - before - 1 >= 0 && isDigit(s.charCodeAt(lastComma - before - 1))) before++;
    const leadingZero = before > 0 && s.charCodeAt(lastComma - before) === 48;
    // Only 1–3 digits not starting with 0, then exactly 3, can be a thousands group.
    return after === 3 && before > 0 && before <= 3 && !leadingZero ? DOT : COMMA;
  }
  if (dots > 1) return COMMA; // "1.234.567"
  return DOT;
}

export interface DecimalInference {
  decimal: '.' | ',';
  /** True when the column gives no decisive value but has some that read differently under each choice, or contradicts itself. */
  ambiguous: boolean;
  evidence: string;
  evidenceText: Text;
}

const NOT_DIGIT_OR_SEP = /[^0-9.,]/g;

/**
 * The decimal separator of a whole column. Decisive values: both separators ("1.234,5": the
 * last is the decimal), a separator repeated ("1,234,567": a group separator), a single one
 * not followed by exactly three digits ("1,5", "2,25"), or after a leading zero ("0,125") or
 * more than three digits ("1234,567").
 * "1,234" or "1.234" alone decides nothing. With no decisive value the answer is "." —
 * ambiguous only if some value would read differently with ",".
 */
export function inferDecimalSeparator(values: string[]): DecimalInference {
  let dot = 0;
  let comma = 0;
  let undecided = 0;
  let dotExample: string | undefined;
  let commaExample: string | undefined;
  let undecidedExample: string | undefined;
  for (const raw of values) {
    if (!raw) continue;
    const s = raw.replace(NOT_DIGIT_OR_SEP, '');
    const d = s.indexOf('.');
    const c = s.indexOf(',');
    if (d < 0 && c < 0) continue;
    let vote: '.' | ',' | null;
    if (d >= 0 && c >= 0) {
      vote = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    } else {
      const sep = d >= 0 ? '.' : ',';
      const at = d >= 0 ? d : c;
      const other = sep === '.' ? ',' : '.';
      if (s.lastIndexOf(sep) !== at) vote = other;
      else {
        const after = s.length - at - 1;
        const before = s.slice(0, at);
        vote = after !== 3 || before === '' || before.length > 3 || before[0] === '0' ? sep : null;
      }
    }
    if (vote === '.') {
      dot++;
      dotExample ??= raw;
    } else if (vote === ',') {
      comma++;
      commaExample ??= raw;
    } else {
      undecided++;
      undecidedExample ??= raw;
    }
  }
  if (dot > 0 && comma > 0) {
    const decimal = comma > dot ? ',' : '.';
    return {
      decimal,
      ambiguous: true,
      ...evidence('evidence.decimal-conflict', { dot, dotExample, comma, commaExample, decimal }),
    };
  }
  if (comma > 0) {
    return { decimal: ',', ambiguous: false, ...evidence('evidence.decimal-comma', { n: comma, example: commaExample }) };
  }
  if (dot > 0) {
    return { decimal: '.', ambiguous: false, ...evidence('evidence.decimal-dot', { n: dot, example: dotExample }) };
  }
  if (undecided > 0) {
    return {
      decimal: '.',
      ambiguous: true,
      ...evidence('evidence.decimal-either', { n: undecided, example: undecidedExample }),
    };
  }
  return { decimal: '.', ambiguous: false, ...evidence('evidence.no-separators') };
}
