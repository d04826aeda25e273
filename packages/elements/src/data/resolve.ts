import { ContextRoot } from '@lit/context';
import type { ContextEvent as ContextRequestEvent } from '@lit/context';
import { plumbDataContext } from './context.js';

/**
 * A `<plumb-data>` that can answer a context request routed to it by id.
 * (An interface, so this module does not import the element class.)
 */
export interface PlumbDataProviderHost extends Element {
  answerContextRequest(event: ContextRequestEvent<typeof plumbDataContext>): void;
}

function isProviderHost(el: Element | null): el is PlumbDataProviderHost {
  return !!el && typeof (el as Partial<PlumbDataProviderHost>).answerContextRequest === 'function';
}

/**
 * The `<plumb-data>` an element names in its `data` attribute, looked up in
 * the element's own tree (document or shadow root) and then the document.
 */
export function findPlumbData(element: Element, id: string): PlumbDataProviderHost | null {
  const root = element.getRootNode();
  const local = root instanceof Document || root instanceof ShadowRoot ? root.getElementById(id) : null;
  if (isProviderHost(local)) return local;
  const global = element.ownerDocument.getElementById(id);
  return isProviderHost(global) ? global : null;
}

const installed = new WeakSet<Document>();

/**
 * Lets any element that consumes `plumbDataContext` (lit's `@consume`) point
 * at a `<plumb-data>` by id with a `source` attribute (`<plumb-cascade-tree
 * source="org">`), from anywhere in the page, and lets consumers that connect
 * before their `<plumb-data>` get it when it arrives. Idempotent; every Plumb
 * element may call it from `connectedCallback`. Consumers should subscribe
 * (`@consume({ context: plumbDataContext, subscribe: true })`).
 */
export function installPlumbDataResolver(doc: Document = document): void {
  if (installed.has(doc)) return;
  installed.add(doc);
  // Capture phase on the document runs before any provider on the way, so a
  // `source` attribute wins over nesting.
  doc.documentElement.addEventListener(
    'context-request',
    (event) => {
      if (event.context !== plumbDataContext) return;
      const consumer = (event.contextTarget ?? event.composedPath()[0]) as Element | undefined;
      // The attribute, or the property: React 19 and Vue 3 set `source` as a property: React 19 and Vue 3 set `source` as a property, before the element connects
      // (so before it reflects to the attribute).
      const property = (consumer as { source?: unknown } | undefined)?.source;
      const id = consumer?.getAttribute?.('source') || (typeof property === 'string' ? property : '');
      if (!consumer || !id) return;
      const provider = findPlumbData(consumer, id);
      if (!provider || provider === consumer) return; // not there yet: the root below keeps the request
      event.stopImmediatePropagation();
      provider.answerContextRequest(event as ContextRequestEvent<typeof plumbDataContext>);
    },
    { capture: true },
  );
  // Keeps subscribing requests nobody answered and replays them when a provider connects.
  new ContextRoot().attach(doc.documentElement);
}
