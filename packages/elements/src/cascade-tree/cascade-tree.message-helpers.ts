import type { Messages } from '../i18n/catalogue.js';

/** Plural helpers the cascade-tree catalogues share (every language). */
export const plural = (one: string, other: string): Messages[string] => (p, fmt) =>
  (fmt.plural(Number(p.n)) === 'one' ? one : other).replace('{n}', fmt.integer(Number(p.n)));
