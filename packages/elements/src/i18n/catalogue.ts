/**
 * Message catalogues: one per element family (`common`, `cascade`, `burndown`, …) and locale.
 * A message is a string with `{name}` placeholders, or a function of its parameters and the
 * locale's formatter (for plurals and formatted numbers). English is the fallback of every family,
 * so an embedder's partial catalogue never shows a key.
 */
import type { Formatter } from './format.js';

export type MessageParams = Record<string, string | number | null | undefined>;
export type Message = string | ((params: MessageParams, fmt: Formatter) => string);
export type Messages = Record<string, Message>;

const catalogues = new Map<string, Map<string, Messages>>(); // family → locale → messages
const listeners = new Set<() => void>();

/**
 * Add (or extend) the messages of `family` for `locale` ("de", "pt-BR"). Embedders call this to ship
 * another language or to reword Plumb's; every mounted element re-renders.
 */
export function registerCatalogue(family: string, locale: string, messages: Messages): void {
  let byLocale = catalogues.get(family);
  if (!byLocale) catalogues.set(family, (byLocale = new Map()));
  const key = locale.toLowerCase();
  byLocale.set(key, { ...(byLocale.get(key) ?? {}), ...messages });
  for (const listener of listeners) listener();
}

/** A family's built-in messages for every locale it ships: `{ en: {...}, de: {...}, fr: {...} }`. */
export type FamilyCatalogue = Record<string, Messages>;

const builtIns = new WeakSet<FamilyCatalogue>();

/**
 * Register a family's built-in catalogue once (elements call this when they connect, so importing a
 * catalogue has no side effect and bundlers keep only what is used). Embedder catalogues registered
 * earlier with `registerCatalogue` win over the built-in messages.
 */
export function ensureCatalogue(family: string, catalogue: FamilyCatalogue): void {
  if (builtIns.has(catalogue)) return;
  builtIns.add(catalogue);
  for (const [locale, messages] of Object.entries(catalogue)) {
    let byLocale = catalogues.get(family);
    if (!byLocale) catalogues.set(family, (byLocale = new Map()));
    const key = locale.toLowerCase();
    byLocale.set(key, { ...messages, ...(byLocale.get(key) ?? {}) });
  }
  for (const listener of listeners) listener();
}

/** Locales that have any catalogue (lower case). */
export function registeredLocales(): string[] {
  const all = new Set<string>();
  for (const byLocale of catalogues.values()) for (const locale of byLocale.keys()) all.add(locale);
  return [...all].sort();
}

/** Every key and English text of a family (for tests that look for untranslated English). */
export function catalogueOf(family: string, locale = 'en'): Messages {
  return { ...(catalogues.get(family)?.get(locale.toLowerCase()) ?? {}) };
}

/** Called whenever a catalogue changes. Returns an unsubscribe function. */
export function onCatalogueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** "de-CH" → ["de-ch", "de", "en"]. */
export function localeChain(locale: string): string[] {
  const parts = locale.toLowerCase().split(/[-_]/);
  const chain: string[] = [];
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('-'));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

let knownLocales: Set<string> | null = null;
listeners.add(() => {
  knownLocales = null;
});

/** The best locale we have messages for (in any family), for `Intl` too when the page asks for one we lack. */
export function supportedLocale(locale: string): string {
  knownLocales ??= new Set(registeredLocales());
  const known = knownLocales;
  return localeChain(locale).find((l) => known.has(l)) ?? 'en';
}

function interpolate(text: string, params: MessageParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/**
 * The text of `key` in `family` for `locale`, falling back along the locale chain, then to the
 * `common` family, then to the key itself (so a missing message is visible, never blank).
 */
export function translate(family: string, key: string, locale: string, params: MessageParams, fmt: Formatter): string {
  for (const fam of family === 'common' ? ['common'] : [family, 'common']) {
    const byLocale = catalogues.get(fam);
    if (!byLocale) continue;
    for (const l of localeChain(locale)) {
      const message = byLocale.get(l)?.[key];
      if (message === undefined) continue;
      return typeof message === 'function' ? message(params, fmt) : interpolate(message, params);
    }
  }
  return key;
}

/** The message of `key` in `family` for `locale` (locale chain, then English), or undefined. */
export function lookupMessage(family: string, key: string, locale: string): Message | undefined {
  const byLocale = catalogues.get(family);
  if (!byLocale) return undefined;
  for (const l of localeChain(locale)) {
    const message = byLocale.get(l)?.[key];
    if (message !== undefined) return message;
  }
  return undefined;
}

/** Every family that has a catalogue (for tests that check a whole page against every catalogue). */
export function registeredFamilies(): string[] {
  return [...catalogues.keys()].sort();
}
