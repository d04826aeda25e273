// Helpers the browser tests share (elements and demo): waiting for a page to reach a state, reading
// everything a view shows, and moving the pointer out of the way.
import { userEvent } from 'vitest/browser';

/** Polls `check` every 20 ms until it holds; fails naming `what` after `ms` (bounded: never a sleep). */
export async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** All text and every attribute value of an element's shadow tree, nested shadow roots included. */
export function shadowContent(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Element | ShadowRoot) => {
    if (node instanceof Element) for (const a of node.attributes) parts.push(`${a.name}=${a.value}`);
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.children) walk(child);
    if (node instanceof Element && node.children.length === 0) parts.push(node.textContent ?? '');
  };
  walk(root);
  return parts.join('\n');
}

/**
 * Move the pointer onto a spot of its own, over no view: an earlier test may have left it resting on a row or a menu,
 * which prefetches (a view's `anticipate`, a menu's `prefetch`).
 */
export async function parkPointer(): Promise<void> {
  const spot = document.createElement('div');
  document.body.append(spot);
  spot.setAttribute('style', 'position: fixed; right: 0; bottom: 0; width: 4px; height: 4px; z-index: 10');
  await userEvent.hover(spot);
  spot.remove();
}
