// Helpers the browser tests share (elements and demo): waiting for a page to reach a state, and reading
// everything a view shows.

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
