import type { Message } from '../i18n/catalogue.js';
import type { Formatter } from '../i18n/format.js';

/** Plural helpers the plumb-data catalogues share (every language). */
export const count = (fmt: Formatter, n: unknown, one: string, other: string) =>
  `${fmt.integer(Number(n))} ${fmt.plural(Number(n)) === 'one' ? one : other}`;

/** A title per stable diagnostic code (the detail stays core's message, with the values it names). */
export const codes = (titles: Record<string, string>): Record<string, Message> =>
  Object.fromEntries(Object.entries(titles).map(([code, title]) => [`code.${code}`, title]));
