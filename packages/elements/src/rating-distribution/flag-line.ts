import { nothing, svg, type SVGTemplateResult } from 'lit';
import { fitBoldLine } from './chart-layout.js';

/**
 * A rater's flags ("▼ streng · ● Halo") as one bold line of `width` from (x, y): at `fs`, smaller down to a readable
 * size, then cut with the whole line as its tooltip (the row's aria-label and the table say it whole).
 */
export function flagLine(text: string, place: { x: number; y: number; width: number; fs: number; dy?: string }): SVGTemplateResult {
  const fit = fitBoldLine(text, place.width, place.fs, Math.max(9, place.fs * 0.72));
  return svg`<text class="flag" x=${place.x} y=${place.y} dy=${place.dy ?? nothing} font-size=${fit.fontSize}>${fit.text}${fit.cut ? svg`<title>${text}</title>` : nothing}</text>`;
}
