/**
 * Plumb's themes: sets of the `--plumb-*` custom properties every element
 * reads. Custom properties inherit into shadow roots, so a theme set on any
 * ancestor (the page, a `<plumb-data>`, a wrapper div) themes every element
 * below it.
 */
export type ThemeName = 'light' | 'dark' | 'projector';

export type ThemeTokens = Readonly<Record<`--plumb-${string}`, string>>;

export const themes: Readonly<Record<ThemeName, ThemeTokens>> = {
  light: {
    '--plumb-color-text': '#1f2328',
    '--plumb-color-muted': '#59636e',
    '--plumb-color-background': '#ffffff',
    '--plumb-color-surface': '#f6f8fa',
    '--plumb-color-border': '#d1d9e0',
    '--plumb-color-accent': '#0969da',
    '--plumb-color-good': '#1a7f37',
    '--plumb-color-warning': '#9a6700',
    '--plumb-color-danger': '#cf222e',
    '--plumb-color-focus': '#0969da',
    '--plumb-font-size': '14px',
    '--plumb-line-width': '1.5px',
  },
  dark: {
    '--plumb-color-text': '#e6edf3',
    '--plumb-color-muted': '#9198a1',
    '--plumb-color-background': '#0d1117',
    '--plumb-color-surface': '#151b23',
    '--plumb-color-border': '#3d444d',
    '--plumb-color-accent': '#4493f8',
    '--plumb-color-good': '#3fb950',
    '--plumb-color-warning': '#d29922',
    '--plumb-color-danger': '#f85149',
    '--plumb-color-focus': '#4493f8',
    '--plumb-font-size': '14px',
    '--plumb-line-width': '1.5px',
  },
  // For a room: black on white (projectors wash out dark themes), big type, thick marks.
  projector: {
    '--plumb-color-text': '#000000',
    '--plumb-color-muted': '#2f353c',
    '--plumb-color-background': '#ffffff',
    '--plumb-color-surface': '#eef1f4',
    '--plumb-color-border': '#4b535c',
    '--plumb-color-accent': '#0040b0',
    '--plumb-color-good': '#0b5d1e',
    '--plumb-color-warning': '#6b4400',
    '--plumb-color-danger': '#a0111f',
    '--plumb-color-focus': '#0040b0',
    '--plumb-font-size': '22px',
    '--plumb-line-width': '3px',
  },
};

/** The tokens of a theme as CSS declarations inside `selector { … }`. */
export function themeCSS(name: ThemeName, selector = `[data-plumb-theme='${name}']`): string {
  const body = Object.entries(themes[name])
    .map(([prop, value]) => `  ${prop}: ${value};`)
    .join('\n');
  return `${selector} {\n${body}\n}\n`;
}

/** Every theme as a style sheet: `data-plumb-theme="light|dark|projector|auto"` on any ancestor. */
export function allThemesCSS(): string {
  return [
    themeCSS('light'),
    themeCSS('dark'),
    themeCSS('projector'),
    themeCSS('light', `[data-plumb-theme='auto']`),
    `@media (prefers-color-scheme: dark) {\n${themeCSS('dark', `[data-plumb-theme='auto']`)}}\n`,
  ].join('\n');
}

/** Set (or with `null`, remove) a theme's tokens inline on an element. */
export function applyTheme(element: HTMLElement, name: ThemeName | null): void {
  for (const tokens of Object.values(themes)) {
    for (const prop of Object.keys(tokens)) element.style.removeProperty(prop);
  }
  if (!name) return;
  for (const [prop, value] of Object.entries(themes[name])) element.style.setProperty(prop, value);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
