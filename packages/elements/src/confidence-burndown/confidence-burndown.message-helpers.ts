import type { MessageParams } from '../i18n/catalogue.js';
import type { Formatter } from '../i18n/format.js';

/** Plural helpers the confidence-burndown catalogues share (every language). */
export const n = (p: MessageParams, key = 'n'): number => Number(p[key] ?? 0);
export const one = (fmt: Formatter, count: number): boolean => fmt.plural(count) === 'one';
