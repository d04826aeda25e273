import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

export type CssStyleValues = Readonly<Record<string, string | number | null | undefined>>;

const kebab = (name: string) => (name.startsWith('--') || name.includes('-') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));

/**
 * Inline styles that a strict Content-Security-Policy allows: every value goes through CSSOM
 * (`style.setProperty`), on the first render too. lit's `styleMap` writes a `style` attribute on its
 * first render, which `style-src 'self'` without 'unsafe-inline' blocks (`style-src-attr`).
 * An element directive, so templates hold no style attribute at all: `<div ${cssStyle({ top: '12px' })}>`.
 */
class CssStyleDirective extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssStyle() goes on an element: <div ${cssStyle({...})}>');
  }

  render(_styles: CssStyleValues): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssStyleValues]): typeof noChange {
    const style = (part.element as HTMLElement | SVGElement).style;
    const next = new Set<string>();
    for (const [name, value] of Object.entries(styles)) {
      if (value === null || value === undefined) continue;
      const property = kebab(name);
      next.add(property);
      style.setProperty(property, String(value));
    }
    for (const property of this.previous) if (!next.has(property)) style.removeProperty(property);
    this.previous = next;
    return noChange;
  }
}

export const cssStyle = directive(CssStyleDirective);
