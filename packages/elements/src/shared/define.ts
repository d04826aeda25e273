import { PLUMB_ELEMENTS_VERSION } from '../version.js';

/** Marks a Plumb element class with the version that defined it, so a second copy can compare. */
const VERSION_KEY = Symbol.for('plumb.elements.version');
let warnedMismatch = false;

/**
 * Registers a Plumb element, safely for pages and servers alike:
 * - on a server (no `customElements`, e.g. an SSR build importing the module) it does nothing;
 * - when the tag is already defined (two bundles that both include Plumb, a
 *   module loaded twice) it keeps the first definition instead of throwing, and
 *   warns once if that definition came from another version of @plumb/elements.
 * Every `*.define.ts` module registers through this function.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tag);
  if (!existing) {
    (element as unknown as Record<symbol, string>)[VERSION_KEY] = PLUMB_ELEMENTS_VERSION;
    registry.define(tag, element);
    return;
  }
  const version = (existing as unknown as Record<symbol, string | undefined>)[VERSION_KEY];
  if (version !== PLUMB_ELEMENTS_VERSION && !warnedMismatch) {
    warnedMismatch = true;
    console.warn(
      `@plumb/elements ${PLUMB_ELEMENTS_VERSION}: <${tag}> is already defined by ` +
        `${version ? `@plumb/elements ${version}` : 'another script'}; that definition is kept. ` +
        'Two versions of Plumb are on this page: load one.',
    );
  }
}
