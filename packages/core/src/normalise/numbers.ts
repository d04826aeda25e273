/**
 * Numbers as exports write them: "45%", "1,234.5", "1.234,5", "1 234,5", "1'234.5", "−3.5",
 * "€1,200", "1200 USD", "(12)".
 *
 * Decisions:
 * - A percentage keeps its written value: "45%" → { value: 45, percent: true }. The caller
 *   knows whether the column is a share (divide by 100) or a score.
 * - "(12)" is −12: the accounting convention for negatives, common in finance-flavoured KRs.
 * - Currency symbols ($ € £ ¥ ₹ ₩ ₽ ¢, "US$") and three-letter codes ("USD") before or after
 *   the number are dropped: a KR's unit lives in its own column.
 * - Without a declared decimal separator one value decides alone: with both "." and "," the
 *   last one is the decimal; a single "," followed by exactly three digits ("1,234") is a
 *   thousands separator, any other single "," is a decimal ("1,5"); a single "." is a decimal.
 *   That guess is per value, so a loader should call `inferDecimalSeparator` on the whole
 *   column and pass `decimal` for every cell.
 * - Group separators must group by three ("1,2345" is an error, not 12345).
 */

export type ParsedNumber = { value: number; percent: boolean } | { error: string };

export interface NumberOptions {
  /** The decimal separator of the column; the other of "." and "," is then a group separator. */
  decimal?: '.' | ',';
}

const PLAIN = /^-?\d+(?:\.\d+)?$/;
const PLAIN_NO_DOT = /^-?\d+$/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const MINUS = /^[-\u2212\uFE63\uFF0D]/;
const PLUS = /^\+/;
const CURRENCY_PREFIX = /^(?:[A-Z]{3}|[A-Z]{1,2}\$|[$€£¥₹₩₽¢])\s*/;
const CURRENCY_SUFFIX = /\s*(?:[A-Z]{3}|[$€£¥₹₩₽¢])$/;
const EXPONENT = /^(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const BODY = /^[0-9.,'’\s]+$/;
const SPACE_GROUP = /\s/;
const DIGIT_RUNS = /\d+|[^\d]/g;

/** Parse one cell. Empty (or blank) text is `{ error: 'empty' }`. */
export function parseNumber(text: string, options?: NumberOptions): ParsedNumber {
  // Fast path: most cells of a clean export.
  if (options?.decimal === ',' ? PLAIN_NO_DOT.test(text) : PLAIN.test(text)) {
    const value = Number(text);
    return { value: value === 0 ? 0 : value, percent: false };
  }
  let s = text.replace(INVISIBLE, '').trim();
  if (s === '') return { error: 'empty' };
  const original = s;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let signs = 0;
  const takeSign = () => {
    if (MINUS.test(s)) {
      negative = !negative;
      signs++;
      s = s.slice(1).trimStart();
    } else if (PLUS.test(s)) {
      signs++;
      s = s.slice(1).trimStart();
    }
  };
  takeSign();
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  let currency = 0;
  const prefix = CURRENCY_PREFIX.exec(s);
  if (prefix) {
    currency++;
    s = s.slice(prefix[0].length);
    takeSign();
  }
  const suffix = CURRENCY_SUFFIX.exec(s);
  if (suffix) {
    currency++;
    s = s.slice(0, s.length - suffix[0].length);
  }
  if (MINUS.test(s) || PLUS.test(s)) signs++;
  if (signs > 1 || (signs > 0 && original.startsWith('('))) return { error: `more than one sign in "${original}"` };
  if (currency > 1 || (currency > 0 && percent)) return { error: `not a number: "${original}"` };
  if (s === '') return { error: `not a number: "${original}"` };
  let value: number;
  if (EXPONENT.test(s)) {
    value = Number(s);
  } else {
    if (!BODY.test(s)) return { error: `not a number: "${original}"` };
    const parsed = parseBody(s, options?.decimal);
    if (typeof parsed === 'string') return { error: `${parsed} in "${original}"` };
    value = parsed;
  }
  if (!Number.isFinite(value)) return { error: `not a finite number: "${original}"` };
  if (negative) value = -value;
  return { value: value === 0 ? 0 : value, percent };
}

/** Digits and separators → number, or an error phrase. */
function parseBody(s: string, declared: '.' | ',' | undefined): number | string {
  const tokens = s.match(DIGIT_RUNS) ?? [];
  const runs: string[] = [];
  const seps: string[] = [];
  // Alternate digits / one separator; collapse a run of spaces into one separator.
  let expectDigits = true;
  for (const t of tokens) {
    const isDigits = t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57;
    if (isDigits) {
      if (!expectDigits) return 'misplaced digits';
      runs.push(t);
      expectDigits = false;
    } else {
      const sep = SPACE_GROUP.test(t) ? ' ' : t === '’' ? "'" : t;
      if (expectDigits) {
        // A leading decimal (".5") is the only separator allowed before digits.
        if (runs.length === 0 && seps.length === 0 && (sep === '.' || sep === ',')) {
          runs.push('');
          seps.push(sep);
          continue;
        }
        if (sep === ' ' && seps[seps.length - 1] === ' ') continue;
        return 'two separators in a row';
      }
      seps.push(sep);
      expectDigits = true;
    }
  }
  if (expectDigits) {
    // Trailing separator: "5." reads as 5; anything else is malformed.
    if (seps.length === 1 && (seps[0] === '.' || seps[0] === ',') && runs.length === 1 && seps[0] === (declared ?? '.')) {
      return Number(runs[0]);
    }
    return 'a separator at the end';
  }
  if (seps.length === 0) return Number(runs.join(''));
  const decimal = declared ?? guessDecimal(runs, seps);
  const decimalAt = seps.lastIndexOf(decimal);
  if (decimalAt >= 0 && decimalAt !== seps.length - 1) return `the decimal separator '${decimal}' before a group separator`;
  if (decimalAt >= 0 && seps.indexOf(decimal) !== decimalAt) return `more than one decimal separator '${decimal}'`;
  const groupSeps = decimalAt >= 0 ? seps.slice(0, -1) : seps;
  const intRuns = decimalAt >= 0 ? runs.slice(0, -1) : runs;
  if (groupSeps.length > 0) {
    const g = groupSeps[0];
    if (groupSeps.some((x) => x !== g)) return 'mixed group separators';
    const first = intRuns[0] ?? '';
    if (first.length === 0 || first.length > 3) return `'${g}' is not a thousands separator here`;
    for (let i = 1; i < intRuns.length; i++) {
      if (intRuns[i]!.length !== 3) return `'${g}' does not group by three (decimal separator '${decimal}')`;
    }
  }
  const int = intRuns.join('') || '0';
  return Number(decimalAt >= 0 ? `${int}.${runs[runs.length - 1]}` : int);
}

/** The per-value guess documented at the top of the file. */
function guessDecimal(runs: string[], seps: string[]): '.' | ',' {
  const lastDot = seps.lastIndexOf('.');
  const lastComma = seps.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  if (lastComma >= 0) {
    if (seps.indexOf(',') !== lastComma) return '.'; // "1,234,567"
    const after = runs[lastComma + 1] ?? '';
    const before = runs[lastComma] ?? '';
    return after.length === 3 && before.length > 0 && before[0] !== '0' ? '.' : ',';
  }
  if (lastDot >= 0 && seps.indexOf('.') !== lastDot) return ','; // "1.234.567"
  return '.';
}

export interface DecimalInference {
  decimal: '.' | ',';
  /** True when the column gives no decisive value but has some that read differently under each choice, or contradicts itself. */
  ambiguous: boolean;
  evidence: string;
}

const NOT_DIGIT_OR_SEP = /[^0-9.,]/g;

/**
 * The decimal separator of a whole column. Decisive values: both separators ("1.234,5": the
 * last is the decimal), a separator repeated ("1,234,567": a group separator), a single one
 * not followed by exactly three digits ("1,5", "2,25"), or after a leading zero ("0,125").
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
        vote = after !== 3 || before === '' || before[0] === '0' ? sep : null;
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
      evidence: `conflicting values: ${dot} read with a '.' decimal (e.g. "${dotExample}"), ${comma} with a ',' decimal (e.g. "${commaExample}"); using '${decimal}'`,
    };
  }
  if (comma > 0) {
    return { decimal: ',', ambiguous: false, evidence: `${comma} value(s) only read with a ',' decimal, e.g. "${commaExample}"` };
  }
  if (dot > 0) {
    return { decimal: '.', ambiguous: false, evidence: `${dot} value(s) only read with a '.' decimal, e.g. "${dotExample}"` };
  }
  if (undecided > 0) {
    return {
      decimal: '.',
      ambiguous: true,
      evidence: `${undecided} value(s) like "${undecidedExample}" read either way; assuming '.' is the decimal separator`,
    };
  }
  return { decimal: '.', ambiguous: false, evidence: 'no value has a decimal or group separator' };
}
