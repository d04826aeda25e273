import type { MessageParams } from '../i18n/catalogue.js';
import type { Formatter } from '../i18n/format.js';

/** Helpers the default draft's German and French sentences share. */
export const has = (p: MessageParams, k: string) => p[k] !== null && p[k] !== undefined && p[k] !== '';
export const one = (fmt: Formatter, n: unknown) => fmt.plural(Number(n)) === 'one';
export const pct = (fmt: Formatter, v: unknown, none: string) => (v === null || v === undefined ? none : fmt.percent(Number(v)));
export const points = (fmt: Formatter, v: unknown, unit: string) => `${Number(v) >= 0 ? '+' : '−'}${fmt.integer(Math.abs(Math.round(Number(v) * 100)))} ${unit}`;
export const num = (fmt: Formatter, v: unknown, u: unknown) =>
  v === null || v === undefined ? '—' : u === '%' ? fmt.percent(Number(v) / 100, 2) : `${fmt.number(Number(v), 2)}${u && u !== 'count' && u !== 'score' ? ` ${u}` : ''}`;
export const day = (fmt: Formatter, iso: unknown) => fmt.date(String(iso), 'medium');
