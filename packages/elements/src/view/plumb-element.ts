import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../i18n/localize.js';
import type { FamilyCatalogue } from '../i18n/catalogue.js';
import type { Text } from '@plumb/core/queries';

type EventName = keyof GlobalEventHandlersEventMap;

/** Dimensions every review export knows (catalogue keys in `common`); competencies keep the data's name. */
const BUILT_IN_DIMENSIONS: ReadonlySet<string> = new Set(['overall', 'potential']);
type DetailOf<K extends EventName> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * The base of every Plumb element (after Shoelace's ShoelaceElement): a typed `emit()`, and the
 * localisation controller (`msg`, `fmt`) for the element's message family.
 */
export abstract class PlumbElement extends LitElement {
  /** Language of the element's text and formats (BCP 47); default: the nearest `lang` attribute. */
  @property({ reflect: true }) locale?: string;

  /** The element's message family and built-in catalogue (override in each element). */
  protected static messages: { family: string; catalogue?: FamilyCatalogue } = { family: 'common' };

  protected readonly i18n = new LocalizeController(
    this,
    (this.constructor as typeof PlumbElement).messages.family,
    (this.constructor as typeof PlumbElement).messages.catalogue,
  );

  /** The first render in German or French (and a render after a language switch) waits for those messages to load. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const messages = this.i18n.pending();
    return messages ? messages.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** A message of this element's catalogue in its locale. */
  protected msg(key: string, params?: Record<string, string | number | null | undefined>): string {
    return this.i18n.msg(key, params);
  }

  /** A rating dimension as a person reads it: the catalogue's words for the built-in ones, a competency's own name. */
  protected dimensionLabel(dimension: string | null | undefined): string {
    if (!dimension) return '';
    return BUILT_IN_DIMENSIONS.has(dimension) ? this.msg(`dimension.${dimension}`) : dimension;
  }

  /** A core `Text` in this element's locale from `family`'s catalogue (else `fallback`, core's English). */
  protected textOf(family: string, catalogue: FamilyCatalogue, t: Text | null | undefined, fallback = ''): string {
    return this.i18n.text(family, catalogue, t, fallback);
  }

  /** Intl formatting for this element's locale. */
  protected get fmt() {
    return this.i18n.fmt;
  }

  /** Dispatch a Plumb event: bubbles, composed, and typed by `GlobalEventHandlersEventMap`. */
  emit<K extends EventName>(name: K, detail: DetailOf<K>, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }
}
