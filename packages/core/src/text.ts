/**
 * Text core writes for people (diagnostics, load questions and decisions, the default review draft) is
 * a `Text`: a stable `code` and typed `params` (numbers, file and column names, values from the data —
 * data stays data, never markup). Core renders it in English from ONE English catalogue per area
 * (load/messages.en.ts, review/messages.en.ts) for the CLI and for the `message` fields kept beside
 * it; the elements render the same codes from their en/de/fr catalogues (whose English is core's).
 *
 * A message has the shape the elements' catalogues use: a string with `{name}` placeholders, or a
 * function of the params and a formatter (plurals through `Intl.PluralRules`, numbers through `Intl`).
 */

/** A parameter: a number, data text, or another text (a reason inside a message), rendered in the same language. */
export type TextParam = string | number | null | undefined | Text | readonly Text[];
export type TextParams = Record<string, TextParam>;

/** What to say, as a code and its parameters. */
export interface Text {
  code: string;
  params: TextParams;
}

/** The formatting a message may use (a subset of the elements' `Formatter`, which satisfies it). */
export interface TextFormatter {
  readonly locale: string;
  number(value: number | null | undefined, maximumFractionDigits?: number): string;
  integer(value: number | null | undefined): string;
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  plural(n: number): Intl.LDMLPluralRule;
  /** An ISO day (YYYY-MM-DD) written out ("3 April 2026", "3. April 2026"). */
  date(iso: string | null | undefined, style?: 'long'): string;
}

/** Params after nested texts are rendered: what a catalogue message receives. */
export type FlatTextParams = Record<string, string | number | null | undefined>;
export type TextMessage = string | ((params: FlatTextParams, fmt: TextFormatter) => string);
export type TextCatalogue = Record<string, TextMessage>;

export const text = (code: string, params: TextParams = {}): Text => ({ code, params });

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).code === 'string' && typeof (value as Text).params === 'object';
}

const formatters = new Map<string, TextFormatter>();

/** An `Intl` formatter for `locale` (core's own, for the English rendering; the elements bring theirs). */
export function textFormatter(locale = 'en'): TextFormatter {
  let f = formatters.get(locale);
  if (f) return f;
  const numbers = new Map<number, Intl.NumberFormat>();
  const nf = (digits: number) => {
    let n = numbers.get(digits);
    if (!n) numbers.set(digits, (n = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return n;
  };
  // Each Intl object made on first use: constructing one costs tens of milliseconds in a page (ICU data), and a
  // clean load renders texts without numbers, lists or dates.
  const once = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const plurals = once(() => new Intl.PluralRules(locale));
  const lists = {
    conjunction: once(() => new Intl.ListFormat(locale, { type: 'conjunction' })),
    disjunction: once(() => new Intl.ListFormat(locale, { type: 'disjunction' })),
  };
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  // British order in English: "3 April 2026" reads the same on both sides of the Atlantic.
  const dates = once(() => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
  f = {
    locale,
    date: (iso) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
      return m ? dates().format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : '—';
    },
    number: (v, digits = 1) => (finite(v) ? nf(digits).format(v) : '—'),
    integer: (v) => (finite(v) ? nf(0).format(v) : '—'),
    list: (items, type = 'conjunction') => lists[type]().format(items),
    plural: (n) => plurals().select(n),
  };
  formatters.set(locale, f);
  return f;
}

/**
 * Render `t` with `lookup` (code → message, undefined when unknown); nested texts first, in the same
 * language. An unknown code renders as the code itself with its params, so nothing is silently blank.
 */
export function renderText(t: Text, lookup: (code: string) => TextMessage | undefined, fmt: TextFormatter): string {
  const flat: FlatTextParams = {};
  for (const [k, v] of Object.entries(t.params)) {
    // A list of texts reads as one list in the language ("a, b and c").
    flat[k] = Array.isArray(v) ? fmt.list(v.map((x: Text) => renderText(x, lookup, fmt))) : isText(v) ? renderText(v, lookup, fmt) : (v as string | number | null | undefined);
  }
  const message = lookup(t.code);
  if (message === undefined) return `${t.code}${Object.keys(flat).length ? ` ${JSON.stringify(flat)}` : ''}`;
  if (typeof message === 'function') return message(flat, fmt);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = flat[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Count and noun, the noun by the formatter's plural rule ("1 row", "3 rows"; "1 Zeile", "3 Zeilen"). */
export const countEn = (fmt: TextFormatter, n: unknown, one: string, other: string): string =>
  `${fmt.integer(Number(n))} ${fmt.plural(Number(n)) === 'one' ? one : other}`;

/** Whether `n` takes the formatter's singular ("1 value reads", "2 values read"). */
export const isOne = (fmt: TextFormatter, n: unknown): boolean => fmt.plural(Number(n)) === 'one';
