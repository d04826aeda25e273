import { describe, expect, it } from 'vitest';
import { allThemesCSS, contrastRatio, themeCSS, themes } from '../src/shared/themes.js';

describe('themes', () => {
  it('every theme sets the same tokens', () => {
    const keys = Object.keys(themes.light).sort();
    expect(Object.keys(themes.dark).sort()).toEqual(keys);
    expect(Object.keys(themes.projector).sort()).toEqual(keys);
  });

  it('text and status colours are readable on the background (WCAG AA; projector AAA)', () => {
    for (const [name, t] of Object.entries(themes)) {
      const bg = t['--plumb-color-background']!;
      const need = name === 'projector' ? 7 : 4.5;
      for (const token of ['text', 'muted', 'accent', 'good', 'warning', 'danger'] as const) {
        const ratio = contrastRatio(t[`--plumb-color-${token}`]!, bg);
        expect(ratio, `${name} ${token}`).toBeGreaterThanOrEqual(token === 'text' ? Math.max(need, 7) : need);
      }
      expect(contrastRatio(t['--plumb-color-text']!, t['--plumb-color-surface']!), `${name} text on surface`).toBeGreaterThanOrEqual(need);
    }
  });

  it('projector type is larger than the desk themes', () => {
    expect(parseFloat(themes.projector['--plumb-font-size']!)).toBeGreaterThanOrEqual(20);
  });

  it('writes a style sheet keyed by data-plumb-theme, with auto following the OS', () => {
    expect(themeCSS('dark')).toContain(`[data-plumb-theme='dark'] {\n  --plumb-color-text: #e6edf3;`);
    const sheet = allThemesCSS();
    expect(sheet).toContain('@media (prefers-color-scheme: dark)');
    expect(sheet.match(/\[data-plumb-theme='auto'\]/g)).toHaveLength(2);
  });
});
