import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { renderText, type Text, type TextMessage } from '@plumb/core/queries';
import { ensureCatalogue, loadCatalogues, lookupMessage, onCatalogueChange, supportedLocale, translate, type FamilyCatalogue, type MessageParams } from './catalogue.js';
import { commonMessages } from './common.messages.js';
import { withheldMessages } from './withheld.messages.js';
import { formatter, type Formatter } from './format.js';

type Host = ReactiveControllerHost & HTMLElement & { locale?: string };

const hosts = new Set<Host>();
const observed = new WeakSet<Document>();
let unsubscribe: (() => void) | null = null;

function refreshAll(): void {
  for (const host of hosts) host.requestUpdate();
}

/** One observer per document: a `lang` change anywhere re-renders every Plumb element (cheap: they re-read). */
function observe(doc: Document): void {
  if (observed.has(doc)) return;
  observed.add(doc);
  new MutationObserver(refreshAll).observe(doc.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** Connected elements the controller keeps (for leak tests: it must fall back when elements leave). */
export function localizedElementCount(): number {
  return hosts.size;
}

/** The nearest `lang` attribute of `el`, crossing shadow roots upwards. */
export function nearestLang(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    if (node.parentElement) node = node.parentElement;
    else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return '';
}

/**
 * The localisation controller every Plumb element uses (after Shoelace's): the element's locale is
 * its `locale` property, else the nearest `lang` attribute (through shadow roots), else the browser's;
 * `msg(key, params)` looks the key up in the element's family catalogue with English as fallback;
 * `fmt` formats numbers and dates for that locale. Changing `lang` or registering a catalogue at run
 * time re-renders every element.
 */
export class LocalizeController implements ReactiveController {
  constructor(
    private readonly host: Host,
    /** The catalogue family of the element ("cascade", "burndown", …); "common" messages are shared. */
    readonly family: string,
    /** The family's built-in messages (registered on first connect). */
    private readonly catalogue?: FamilyCatalogue,
  ) {
    host.addController(this);
  }

  /** Families whose messages this element shows: its own, `common`, and those of `use()`. */
  private readonly families = new Set<string>(['common']);
  private readonly used = new Map<string, FamilyCatalogue>();

  /** Messages of another family this element shows (a draft's sentences): waited for like its own. */
  use(family: string, catalogue: FamilyCatalogue): void {
    this.used.set(family, catalogue);
    this.families.add(family);
    if (this.host.isConnected) ensureCatalogue(family, catalogue);
  }

  hostConnected(): void {
    ensureCatalogue('common', commonMessages);
    ensureCatalogue('common', withheldMessages);
    if (this.catalogue) ensureCatalogue(this.family, this.catalogue);
    this.families.add(this.family);
    for (const [family, catalogue] of this.used) ensureCatalogue(family, catalogue);
    hosts.add(this.host);
    observe(this.host.ownerDocument);
    unsubscribe ??= onCatalogueChange(refreshAll);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The locale is looked up once per render (a `lang` walk per message was measurable in big lists). */
  private cached: { requested: string; locale: string; fmt: Formatter } | null = null;

  hostUpdate(): void {
    this.cached = null;
  }

  private requestedNow(): string {
    return this.host.locale || nearestLang(this.host) || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
  }

  /**
   * What the next render waits for: the element's messages in its language when they load on demand
   * (German, French), else `null`. The element renders once they are in, so a German page never shows
   * English first, and a language switch keeps the old words until the new ones arrive.
   */
  pending(): Promise<void> | null {
    return loadCatalogues(this.requestedNow(), this.families);
  }

  private resolve(): { requested: string; locale: string; fmt: Formatter } {
    if (this.cached) return this.cached;
    const requested = this.requestedNow();
    const locale = supportedLocale(requested);
    let fmt: Formatter;
    try {
      // Intl knows more locales than we have messages for: format for what was asked ("de-CH").
      fmt = formatter(Intl.NumberFormat.supportedLocalesOf([requested]).length ? requested : locale);
    } catch {
      fmt = formatter(locale);
    }
    this.cached = { requested, locale, fmt };
    return this.cached;
  }

  /** The locale asked for (BCP 47, as written). */
  get requested(): string {
    return this.resolve().requested;
  }

  /** The locale messages and formats are in: the requested one, or the nearest we have messages for. */
  get locale(): string {
    return this.resolve().locale;
  }

  /** Text direction of the element's context ("rtl" when the nearest `dir` says so). */
  get dir(): 'ltr' | 'rtl' {
    const el = this.host.closest('[dir]');
    return el?.getAttribute('dir') === 'rtl' ? 'rtl' : 'ltr';
  }

  get fmt(): Formatter {
    return this.resolve().fmt;
  }

  msg(key: string, params: MessageParams = {}): string {
    return translate(this.family, key, this.locale, params, this.fmt);
  }

  /** A message of a family this element `use()`s (a panel's words that come with its chunk); its own family's otherwise. */
  msgOf(family: string, key: string, params: MessageParams = {}): string {
    return lookupMessage(family, key, this.locale) === undefined ? this.msg(key, params) : translate(family, key, this.locale, params, this.fmt);
  }

  /**
   * A core `Text` (code + params: a diagnostic, a load question, a draft sentence) in this element's
   * locale, from `family`'s catalogue; nested texts in the same language. Unknown code: `fallback`
   * (core's English), so an embedder's own loader still reads.
   */
  text(family: string, catalogue: FamilyCatalogue, t: Text | null | undefined, fallback = ''): string {
    if (!t) return fallback;
    ensureCatalogue(family, catalogue);
    if (!this.families.has(family)) {
      // A family first met while rendering: load its words for this language and render again when they arrive.
      this.families.add(family);
      void loadCatalogues(this.locale, [family]);
    }
    if (lookupMessage(family, t.code, this.locale) === undefined) return fallback || t.code;
    return renderText(t, (code) => lookupMessage(family, code, this.locale) as TextMessage | undefined, this.fmt);
  }
}
