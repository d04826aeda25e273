import { colourScale } from '../shared/linear-scale.js';

/**
 * Diverging colours for scale values (orange below the midpoint, grey at it,
 * purple above: PuOr, readable with the common colour-vision deficiencies).
 * Colour is never the only cue: bars are also ordered and labelled.
 */
export function scaleColours(count: number, highContrast: boolean): string[] {
  const [low, mid, high] = highContrast ? ['#a63603', '#bdbdbd', '#3f007d'] : ['#e08214', '#d8d8d8', '#6a51a3'];
  const colour = colourScale([-1, 0, 1], [low!, mid!, high!]);
  const midIndex = (count - 1) / 2;
  return Array.from({ length: count }, (_, i) => colour(midIndex === 0 ? 0 : (i - midIndex) / midIndex));
}

function channel(c: number): number {
  const x = c / 255;
  return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
}

/** Black or white text, whichever has the higher WCAG contrast on `colour` (hex or rgb()). */
export function textOn(colour: string): string {
  const hex = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  const rgb = /rgb\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  const parts = hex ? hex.slice(1).map((x) => parseInt(x, 16)) : rgb ? rgb.slice(1).map(Number) : null;
  if (!parts) return '#000';
  const [r, g, b] = parts as [number, number, number];
  const l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  return (1.05) / (l + 0.05) > (l + 0.05) / 0.05 ? '#fff' : '#000';
}
