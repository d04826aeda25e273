import { scaleLinear } from 'd3-scale';

/**
 * Diverging colours for scale values (orange below the midpoint, grey at it,
 * purple above: PuOr, readable with the common colour-vision deficiencies).
 * Colour is never the only cue: bars are also ordered and labelled.
 */
export function scaleColours(count: number, highContrast: boolean): string[] {
  const [low, mid, high] = highContrast ? ['#a63603', '#bdbdbd', '#3f007d'] : ['#e08214', '#d8d8d8', '#6a51a3'];
  const colour = scaleLinear<string>().domain([-1, 0, 1]).range([low, mid, high]);
  const midIndex = (count - 1) / 2;
  return Array.from({ length: count }, (_, i) => colour(midIndex === 0 ? 0 : (i - midIndex) / midIndex));
}

/** Black or white text, whichever reads better on `hex`. */
export function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) {
    const rgb = /rgb\((\d+),\s*(\d+),\s*(\d+)/.exec(hex);
    if (!rgb) return '#000';
    const [r, g, b] = rgb.slice(1).map(Number) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#000' : '#fff';
  }
  const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#000' : '#fff';
}
