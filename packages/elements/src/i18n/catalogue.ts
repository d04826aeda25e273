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

/** A locale's messages loaded on demand, e.g. `() => import('./nine-box.messages.de.js')` (a chunk beside the bundle). */
export type LazyMessages = () => Promise<{ default: Messages }>;

/**
 * A family's built-in messages for every locale it ships: `{ en: {...}, de: () => import(...), fr: ... }`.
 * English is given as it is (the fallback of every other); other languages may load on demand.
 */
export type FamilyCatalogue = Record<string, Messages | LazyMessages>;

const builtIns = new WeakSet<FamilyCatalogue>();
/** Built-in messages not loaded yet: family → locale → loaders. */
const onDemand = new Map<string, Map<string, Set<LazyMessages>>>();
const loading = new Map<LazyMessages, Promise<void>>();

/** Built-in messages go under what is registered already (an embedder's words win). */
function addBuiltIn(family: string, locale: string, messages: Messages): void {
  let byLocale = catalogues.get(family);
  if (!byLocale) catalogues.set(family, (byLocale = new Map()));
  byLocale.set(locale, { ...messages, ...(byLocale.get(locale) ?? {}) });
}

/**
 * Register a family's built-in catalogue once (elements call this when they connect, so importing a
 * catalogue has no side effect and bundlers keep only what is used). Embedder catalogues registered
 * earlier with `registerCatalogue` win over the built-in messages. A locale given as a loader is
 * fetched the first time an element in that language asks (`loadCatalogues`).
 */
export function ensureCatalogue(family: string, catalogue: FamilyCatalogue): void {
  if (builtIns.has(catalogue)) return;
  builtIns.add(catalogue);
  for (const [locale, messages] of Object.entries(catalogue)) {
    const key = locale.toLowerCase();
    if (typeof messages !== 'function') addBuiltIn(family, key, messages);
    else {
      let byLocale = onDemand.get(family);
      if (!byLocale) onDemand.set(family, (byLocale = new Map()));
      byLocale.set(key, (byLocale.get(key) ?? new Set()).add(messages));
    }
  }
  for (const listener of listeners) listener();
}

function load(family: string, locale: string, loader: LazyMessages): Promise<void> {
  let done = loading.get(loader);
  if (!done) {
    done = loader().then(
      (module) => {
        onDemand.get(family)?.get(locale)?.delete(loader);
        addBuiltIn(family, locale, module.default);
        for (const listener of listeners) listener();
      },
      (error: unknown) => {
        // The chunk did not arrive (a file missing beside the bundle): English shows, and the page says why in the console.
        onDemand.get(family)?.get(locale)?.delete(loader);
        console.warn(`Plumb: the ${locale} messages of "${family}" could not be loaded; English is shown.`, error);
      },
    );
    loading.set(loader, done);
  }
  return done;
}

/**
 * Load the built-in messages `families` still lack for `locale` (and the locales it falls back to).
 * `null` when there is nothing to wait for, so a page in a loaded language renders without a pause.
 */
export function loadCatalogues(locale: string, families: Iterable<string>): Promise<void> | null {
  const waits: Promise<void>[] = [];
  const chain = localeChain(locale);
  for (const family of families) {
    const byLocale = onDemand.get(family);
    if (byLocale) for (const l of chain) for (const loader of byLocale.get(l) ?? []) waits.push(load(family, l, loader));
  }
  return waits.length ? Promise.all(waits).then(() => undefined) : null;
}

/** One locale of a built-in catalogue, loaded if it loads on demand (tests compare languages with it). */
export async function messagesOf(catalogue: FamilyCatalogue, locale: string): Promise<Messages | undefined> {
  const messages = catalogue[locale];
  return typeof messages === 'function' ? (await messages()).default : messages;
}

/** Load every registered family's built-in messages for `locale` (a page that wants no wait when it switches language). */
export function loadLocale(locale: string): Promise<void> {
  return loadCatalogues(locale, [...onDemand.keys()]) ?? Promise.resolve();
}

/** Locales that have any catalogue, loaded or on demand (lower case). */
export function registeredLocales(): string[] {
  const all = new Set<string>();
  for (const byLocale of catalogues.values()) for (const locale of byLocale.keys()) all.add(locale);
  for (const byLocale of onDemand.values()) for (const locale of byLocale.keys()) all.add(locale);
  return [...all].sort();
}

/** Every key and text of a family in `locale` as loaded so far (for tests that look for untranslated English). */
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
