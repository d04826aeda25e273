/**
 * Every number, percentage and date an element shows goes through one `Formatter` for the
 * element's locale (Intl, cached per locale and options), never a fixed locale or a percent sign
 * written by hand: where the space goes before "%" is the locale's business.
 */
export interface Formatter {
  readonly locale: string;
  /** A number with at most `maximumFractionDigits` decimals (default 1). */
  number(value: number | null | undefined, maximumFractionDigits?: number): string;
  /** A whole number with grouping ("1,234" / "1.234"). */
  integer(value: number | null | undefined): string;
  /** A share 0..1 as a percentage ("45%", "45 %"). */
  percent(share: number | null | undefined, maximumFractionDigits?: number): string;
  /** An ISO date (YYYY-MM-DD or a timestamp) as a date: `style` short ("01/12/2026") or medium ("1 Dec 2026"). */
  date(iso: string | null | undefined, style?: 'short' | 'medium' | 'long'): string;
  /** The time of an instant in the viewer's own zone ("14:05"): when a change was made in the room. */
  time(iso: string | null | undefined): string;
  /** "1 Dec" — day and month, for axes. */
  dayMonth(iso: string | null | undefined): string;
  /** A list ("a, b and c"). */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  /** The plural category of `n` ("one", "other", …) for messages. */
  plural(n: number): Intl.LDMLPluralRule;
}

/** What a missing value shows as. */
export const NO_VALUE = '—';

const cache = new Map<string, Formatter>();

function parseIsoDate(iso: string): Date | null {
  // A bare day is a calendar day, not midnight UTC shifted into the viewer's zone.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatter(locale: string): Formatter {
  const existing = cache.get(locale);
  if (existing) return existing;
  const numbers = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, options: Intl.NumberFormatOptions) => {
    let f = numbers.get(key);
    if (!f) numbers.set(key, (f = new Intl.NumberFormat(locale, options)));
    return f;
  };
  const dates = new Map<string, Intl.DateTimeFormat>();
  const df = (key: string, options: Intl.DateTimeFormatOptions) => {
    let f = dates.get(key);
    if (!f) dates.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options })));
    return f;
  };
  const plurals = new Intl.PluralRules(locale);
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const f: Formatter = {
    locale,
    number: (v, digits = 1) => (finite(v) ? nf(`n${digits}`, { maximumFractionDigits: digits }).format(v) : NO_VALUE),
    integer: (v) => (finite(v) ? nf('i', { maximumFractionDigits: 0 }).format(v) : NO_VALUE),
    percent: (v, digits = 0) =>
      finite(v) ? nf(`p${digits}`, { style: 'percent', maximumFractionDigits: digits }).format(v) : NO_VALUE,
    date(iso, style = 'medium') {
      if (!iso) return NO_VALUE;
      const d = parseIsoDate(iso);
      return d ? df(`d${style}`, { dateStyle: style }).format(d) : iso;
    },
    time(iso) {
      if (!iso) return NO_VALUE;
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      let f = dates.get('time');
      if (!f) dates.set('time', (f = new Intl.DateTimeFormat(locale, { timeStyle: 'short' })));
      return f.format(d);
    },
    dayMonth(iso) {
      if (!iso) return NO_VALUE;
      const d = parseIsoDate(iso);
      return d ? df('dm', { day: 'numeric', month: 'short' }).format(d) : iso;
    },
    list: (items, type = 'conjunction') => new Intl.ListFormat(locale, { style: 'long', type }).format(items),
    plural: (n) => plurals.select(n),
  };
  cache.set(locale, f);
  return f;
}
