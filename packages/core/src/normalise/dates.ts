/**
 * Dates as exports write them → ISO `YYYY-MM-DD`.
 *
 * Decisions:
 * - ISO date-times with a zone ("2026-01-08T23:30:00-05:00") give the date in UTC
 *   (2026-01-09); without a zone the written date is kept, whatever the time.
 * - Year-first numeric dates ("2026/01/08", "2026.01.08", "20260108") are always y-m-d.
 * - Day/month numeric dates ("08/01/2026", "8.1.2026", "08-01-2026") follow `order`. When
 *   `order` is given it is applied strictly ("31/01/2026" under 'mdy' is an error: month 31).
 *   Without it a value with a part over 12 decides itself, and a value that reads both ways
 *   uses `DEFAULT_DATE_ORDER` ('dmy', the order of most of the world and of ISO's own
 *   big-to-small cousin) and is flagged `ambiguous: true`. Loaders should call
 *   `inferDateOrder` on the whole column and pass the result (or the declared order).
 * - Two-digit years: 00–69 → 2000–2069, 70–99 → 1970–1999 (the POSIX `%y` pivot).
 * - Month names are English ("8 Jan 2026", "Jan 8, 2026", "January 8th 2026", "Thu, 8 Jan 2026").
 * - A time after a non-ISO date ("08/01/2026 14:30", "1/8/2026 2:30 PM") is ignored.
 * - A bare number is a date only with `excelSerial: true` (Excel's 1900 system: 1 =
 *   1900-01-01, 61 = 1900-03-01; 60 is Excel's non-existent 1900-02-29 and an error).
 * - Impossible dates ("31/02/2026", month 13) are errors, never rolled over.
 */

import { MAX_CELL_LENGTH } from './numbers.js';
import type { Text } from '../text.js';
import { evidence, fail } from '../load/text.js';

export type DateOrder = 'dmy' | 'mdy';
export type ParsedDate = { iso: string; ambiguous?: boolean } | { error: string; errorText: Text };

export interface DateOptions {
  /** Read a bare number as an Excel serial day number (only when the column is known to hold them). */
  excelSerial?: boolean;
}

/** The order used for a day/month date that reads both ways when no order is given. */
export const DEFAULT_DATE_ORDER: DateOrder = 'dmy';

const ISO_DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const YEAR_FIRST = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_MONTH = /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\.?$/;
const TRAILING_TIME = /(?:[ T,]+|(?<=\d)T)\d{1,2}[:.h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?\s?m\.?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/i;
// "8 Jan 2026", "08-Jan-26", "8th January 2026" / "Jan 8, 2026", "January 8th 2026": the common shapes, one regex each.
const NAMED_DAY_FIRST = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{3,9})\.?,?[\s\-/.]+(\d{4}|\d{2})$/;
const NAMED_MONTH_FIRST = /^([A-Za-z]{3,9})\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{4}|\d{2})$/;
const SERIAL = /^\d+(?:\.\d+)?$/;
const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+/i;
const ORDINAL = /(\d)(?:st|nd|rd|th)\b/gi;
const WORD_SEPARATORS = /[\s,.\-/]+/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

const MONTHS = new Map<string, number>();
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach(
  (name, i) => {
    MONTHS.set(name, i + 1);
    MONTHS.set(name.slice(0, 3), i + 1);
  },
);
MONTHS.set('sept', 9);
const HAS_LETTER = /[a-z]/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Validated ISO string, or an error phrase. */
function ymd(y: number, m: number, d: number, text: string): ParsedDate {
  if (y < 1000 || y > 9999) return fail('date.year-range', { year: y, raw: text });
  if (m < 1 || m > 12) return fail('date.month-range', { month: m, raw: text });
  const days = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  if (d < 1 || d > days) return fail('date.impossible', { raw: text, day: d, days });
  return { iso: `${y}-${pad2(m)}-${pad2(d)}` };
}

function twoDigitYear(yy: string): number {
  const n = Number(yy);
  return yy.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/** "YYYY-MM-DD" read by character codes: the common case, with no regex and no new string. */
function isoFast(t: string): ParsedDate | null {
  if (t.length !== 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  const m1 = t.charCodeAt(5) - 48;
  const m2 = t.charCodeAt(6) - 48;
  const d1 = t.charCodeAt(8) - 48;
  const d2 = t.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!)) return { iso: t };
  return ymd(y, m, d, t);
}

/** Parse one cell. `order` applies to numeric day/month dates only. */
export function parseDate(text: string, order?: DateOrder, options?: DateOptions): ParsedDate {
  const fast = isoFast(text);
  if (fast) return fast;
  const s = text.replace(INVISIBLE, '').trim();
  if (s === '') return fail('cell.empty');
  if (s.length > MAX_CELL_LENGTH) return fail('date.too-long', { length: s.length });
  if (s !== text) {
    const trimmed = isoFast(s);
    if (trimmed) return trimmed;
  }

  const iso = ISO_DATETIME.exec(s);
  if (iso) return isoDateTime(iso, s);

  if (SERIAL.test(s)) {
    const compact = COMPACT.exec(s);
    if (compact) return ymd(Number(compact[1]), Number(compact[2]), Number(compact[3]), s);
    if (options?.excelSerial) return excelSerial(Number(s), s);
    return fail('date.bare-number', { raw: s });
  }

  // Try as written first; strip a trailing time only when that fails (the strip is the costly part).
  let dm = DAY_MONTH.exec(s);
  let withoutTime = s;
  if (!dm) {
    withoutTime = s.replace(TRAILING_TIME, '');
    const yearFirst = YEAR_FIRST.exec(withoutTime);
    if (yearFirst) return ymd(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]), s);
    if (withoutTime !== s) {
      const isoDate = isoFast(withoutTime);
      if (isoDate) return isoDate;
      dm = DAY_MONTH.exec(withoutTime);
    }
  }
  if (dm) {
    const a = Number(dm[1]);
    const b = Number(dm[3]);
    const y = twoDigitYear(dm[4]!);
    if (order) return order === 'dmy' ? ymd(y, b, a, s) : ymd(y, a, b, s);
    if (a > 12) return ymd(y, b, a, s);
    if (b > 12) return ymd(y, a, b, s);
    const result = DEFAULT_DATE_ORDER === 'dmy' ? ymd(y, b, a, s) : ymd(y, a, b, s);
    return 'iso' in result && a !== b ? { iso: result.iso, ambiguous: true } : result;
  }

  const named = NAMED_DAY_FIRST.exec(withoutTime);
  if (named) {
    const month = MONTHS.get(named[2]!.toLowerCase());
    if (month !== undefined) return ymd(twoDigitYear(named[3]!), month, Number(named[1]), s);
  }
  const namedUs = NAMED_MONTH_FIRST.exec(withoutTime);
  if (namedUs) {
    const month = MONTHS.get(namedUs[1]!.toLowerCase());
    if (month !== undefined) return ymd(twoDigitYear(namedUs[3]!), month, Number(namedUs[2]), s);
  }
  if (HAS_LETTER.test(withoutTime)) return namedMonth(withoutTime, s);
  return fail('date.not-a-date', { raw: s });
}

function isoDateTime(m: RegExpExecArray, text: string): ParsedDate {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = ymd(y, mo, d, text);
  if ('error' in date || m[4] === undefined) return date;
  const hh = Number(m[4]);
  const mm = Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (hh > 23 || mm > 59 || ss > 60) return fail('date.bad-time', { raw: text });
  const zone = m[7];
  if (zone === undefined) return date;
  let offsetMinutes = 0;
  if (zone[0] === '+' || zone[0] === '-') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return fail('date.bad-zone', { raw: text });
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Date.UTC(y, mo - 1, d, hh, mm, Math.min(ss, 59)) - offsetMinutes * 60_000;
  return { iso: new Date(ms).toISOString().slice(0, 10) };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function excelSerial(n: number, text: string): ParsedDate {
  const day = Math.floor(n);
  if (day < 1 || day > 2958465) return fail('date.serial-range', { raw: text });
  // Excel counts a 29 February 1900 that never was: serials before it are one day off.
  if (day === 60) return fail('date.serial-60');
  const ms = day < 60 ? EXCEL_EPOCH_MS + (day + 1) * DAY_MS : EXCEL_EPOCH_MS + day * DAY_MS;
  return { iso: new Date(ms).toISOString().slice(0, 10) };
}

function namedMonth(s: string, original: string): ParsedDate {
  const words = s.replace(WEEKDAY, '').replace(ORDINAL, '$1').toLowerCase().split(WORD_SEPARATORS).filter(Boolean);
  if (words.length !== 3) return fail('date.not-a-date', { raw: original });
  const [w0, w1, w2] = words as [string, string, string];
  const num = (w: string) => (/^\d{1,4}$/.test(w) ? w : null);
  let day: string | null;
  let month: number | undefined;
  let year: string | null;
  if (MONTHS.has(w1)) {
    // 8 Jan 2026, 08-Jan-26, 2026 Jan 8
    month = MONTHS.get(w1);
    if (w0.length === 4) [year, day] = [num(w0), num(w2)];
    else [day, year] = [num(w0), num(w2)];
  } else if (MONTHS.has(w0)) {
    // Jan 8, 2026 / January 8 2026
    month = MONTHS.get(w0);
    [day, year] = [num(w1), num(w2)];
  } else {
    return fail('date.no-month', { raw: original });
  }
  if (!day || !year || day.length > 2 || (year.length !== 2 && year.length !== 4) || month === undefined) {
    return fail('date.not-a-date', { raw: original });
  }
  return ymd(twoDigitYear(year), month, Number(day), original);
}

export interface DateOrderInference {
  /** 'dmy' or 'mdy' when the column decides it; null when it does not (or contradicts itself). */
  order: DateOrder | null;
  /** True when some values read both ways and nothing decided, or when the column contradicts itself. */
  ambiguous: boolean;
  evidence: string;
  evidenceText: Text;
}

/**
 * The day/month order of a whole column: a value whose first part is over 12 ("31/01/2026")
 * says day-first, one whose second part is over 12 ("01/31/2026") month-first. When every
 * value reads both ways the answer is null and ambiguous: the caller warns and uses the
 * declared order, else `DEFAULT_DATE_ORDER`. ISO, year-first and month-name values say nothing.
 */
export function inferDateOrder(values: string[]): DateOrderInference {
  let dmy = 0;
  let mdy = 0;
  let both = 0;
  let dmyExample: string | undefined;
  let mdyExample: string | undefined;
  let bothExample: string | undefined;
  for (const raw of values) {
    if (!raw || raw.length > MAX_CELL_LENGTH) continue;
    let m = DAY_MONTH.exec(raw);
    if (!m) {
      const t = raw.trim().replace(TRAILING_TIME, '');
      if (t !== raw) m = DAY_MONTH.exec(t);
      if (!m) continue;
    }
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) {
      dmy++;
      dmyExample ??= raw;
    } else if (b > 12 && a <= 12) {
      mdy++;
      mdyExample ??= raw;
    } else if (a <= 12 && b <= 12 && a !== b) {
      both++;
      bothExample ??= raw;
    }
  }
  if (dmy > 0 && mdy > 0) {
    return {
      order: null,
      ambiguous: true,
      ...evidence('evidence.dates-mixed', { dmy: dmyExample, mdy: mdyExample }),
    };
  }
  if (dmy > 0) return { order: 'dmy', ambiguous: false, ...evidence('evidence.day-first', { n: dmy, example: dmyExample }) };
  if (mdy > 0) return { order: 'mdy', ambiguous: false, ...evidence('evidence.day-second', { n: mdy, example: mdyExample }) };
  if (both > 0) {
    return {
      order: null,
      ambiguous: true,
      ...evidence('evidence.dates-either', { n: both, example: bothExample }),
    };
  }
  return { order: null, ambiguous: false, ...evidence('evidence.no-dates') };
}
