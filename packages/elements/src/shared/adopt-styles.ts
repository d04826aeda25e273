import { adoptStyles, type CSSResult } from 'lit';

/**
 * Add the styles of a part that arrives on demand (a chunk's own CSS) to an element's shadow root, after its
 * static styles: adopted style sheets, allowed under a strict CSP like lit's own. Adding the same styles twice
 * does nothing.
 */
export function adoptMoreStyles(root: ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && 'adoptedStyleSheets' in root) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!adopted.get(root)?.has(styles)) {
    // Without constructable style sheets lit appends <style> elements (its own fallback, nonce included).
    adoptStyles(root, [styles]);
    adopted.set(root, (adopted.get(root) ?? new Set()).add(styles));
  }
}

const adopted = new WeakMap<ShadowRoot, Set<CSSResult>>();
