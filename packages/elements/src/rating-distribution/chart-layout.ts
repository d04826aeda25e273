/**
 * Column and row geometry of the rating-distribution chart: label column,
 * diverging bar column, effect column, n column, as a pure function of the
 * container width and the mode (projector rows are larger).
 */
export interface ChartLayout {
  width: number;
  rowHeight: number;
  barHeight: number;
  headerHeight: number;
  label: { x: number; width: number };
  bar: { x: number; width: number };
  effect: { x: number; width: number };
  count: { x: number; width: number };
  fontSize: number;
}

export function chartLayout(width: number, options: { projector: boolean; beforeAfter: boolean }): ChartLayout {
  const w = Math.max(320, Math.floor(width));
  const fontSize = options.projector ? 26 : 13;
  const rowHeight = options.projector ? (options.beforeAfter ? 84 : 60) : options.beforeAfter ? 44 : 30;
  const barHeight = options.projector ? 40 : 20;
  const gap = options.projector ? 24 : 12;
  // Projected text is twice the size: a narrow projected chart (beside another view) needs a wider share for its names.
  const labelWidth = Math.round(Math.min(options.projector ? 420 : 220, Math.max(110, w * (options.projector ? 0.3 : 0.22))));
  const countWidth = options.projector ? 90 : 44;
  const rest = w - labelWidth - countWidth - gap * 3;
  const barWidth = Math.round(rest * 0.6);
  const effectWidth = rest - barWidth;
  return {
    width: w,
    rowHeight,
    barHeight,
    headerHeight: options.projector ? 48 : 30,
    fontSize,
    label: { x: 0, width: labelWidth },
    bar: { x: labelWidth + gap, width: barWidth },
    effect: { x: labelWidth + gap * 2 + barWidth, width: effectWidth },
    count: { x: w - countWidth, width: countWidth },
  };
}

/**
 * The raters drawn when there are more than `max`: the most lenient and most severe halves of the
 * budget (the table lists all). Rows for which `always` holds (the pool) are kept at the end and
 * count toward the budget, so they never push out a severe rater unannounced.
 */
export function shownRaters<R>(raters: readonly R[], max: number, always: (r: R) => boolean = () => false): R[] {
  if (raters.length <= max) return [...raters];
  const kept = raters.filter(always);
  const ranked = raters.filter((r) => !always(r));
  const budget = Math.max(0, max - kept.length);
  const head = Math.ceil(budget / 2);
  return [...ranked.slice(0, head), ...ranked.slice(ranked.length - (budget - head)), ...kept];
}

/** Width of `text` in pixels at font size `fs`, estimated (no DOM measuring in the layout). */
export function textWidth(text: string, fs: number): number {
  return text.length * fs * 0.56;
}

/** Cut a label to roughly fit `width` pixels at font size `fs` (an estimate: no DOM measuring in the layout). */
export function truncate(text: string, width: number, fs: number, perChar = 0.56): string {
  const max = Math.max(4, Math.floor(width / (fs * perChar)));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Bold text (a row's flags: "▼ streng · ● Halo") in `width`: at `fs`, else at the size that fits down to `minFs`, then
 * cut (the row's aria-label and the table keep it whole). Bold glyphs are wider than `textWidth`'s estimate: 0.68 em
 * measured for DejaVu Sans Bold, Debian's default sans; in a projected chart beside another view a flag line at full
 * size ran into the bars.
 */
export function fitBoldLine(text: string, width: number, fs: number, minFs: number): { text: string; fontSize: number; cut: boolean } {
  const perChar = 0.68;
  const fontSize = Math.max(Math.min(minFs, fs), Math.min(fs, width / Math.max(1, text.length * perChar)));
  if (text.length * perChar * fontSize <= width * (1 + 1e-9)) return { text, fontSize, cut: false };
  return { text: truncate(text, width, fontSize, perChar), fontSize, cut: true };
}

/** Where a header label is drawn: its anchor point and SVG `text-anchor`. */
export interface LabelPlace {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface HeaderLayout {
  height: number;
  share: LabelPlace;
  effect: LabelPlace;
  count: LabelPlace;
  fontSize: number;
}

/**
 * The header over the bars and the effects: each label centred over its column when the two fit side by side; else
 * on a line of its own, still centred over its column as far as the chart's width allows (a narrow chart in projector
 * mode: "◄ niedriger   Anteil der Bewertungen   höher ►" is wider than its column). The rows start below it.
 */
export function headerLayout(L: ChartLayout, labels: { share: string; effect: string }): HeaderLayout {
  const fs = L.fontSize * 0.75;
  const gap = fs;
  const share = { centre: L.bar.x + L.bar.width / 2, width: textWidth(labels.share, fs) };
  const effect = { centre: L.effect.x + L.effect.width / 2, width: textWidth(labels.effect, fs) };
  const right = L.count.x;
  const y = L.headerHeight * 0.45;
  const sideBySide =
    share.centre - share.width / 2 >= 0 && share.centre + share.width / 2 + gap <= effect.centre - effect.width / 2 && effect.centre + effect.width / 2 <= right;
  const count = (line: number): LabelPlace => ({ x: L.count.x + L.count.width, y: line, anchor: 'end' });
  if (sideBySide) {
    return { height: L.headerHeight, fontSize: fs, share: { x: share.centre, y, anchor: 'middle' }, effect: { x: effect.centre, y, anchor: 'middle' }, count: count(y) };
  }
  // Centred over the column, moved in to stay within the chart (left-aligned at 0 when wider than the chart).
  const place = (label: { centre: number; width: number }, line: number): LabelPlace =>
    label.width >= right ? { x: 0, y: line, anchor: 'start' } : { x: Math.min(Math.max(label.centre, label.width / 2), right - label.width / 2), y: line, anchor: 'middle' };
  const lineHeight = fs * 1.3;
  return { height: L.headerHeight + lineHeight, fontSize: fs, share: place(share, y), effect: place(effect, y + lineHeight), count: count(y + lineHeight) };
}

/**
 * How many raters a projected chart can show without scrolling: the viewport's height less what
 * sits around the rows (toolbar, headline, header, axis, legend, the table's summary line), in
 * rows of `layout.rowHeight`, one row for the organisation; between 2 and 8.
 */
export function projectorRaterBudget(viewportHeight: number, layout: Pick<ChartLayout, 'rowHeight' | 'headerHeight'>): number {
  const around = 60 + 2 * 36 + layout.headerHeight + 40 + 2 * 28 + 36 + 48 + 40;
  const rows = Math.floor((viewportHeight - around) / layout.rowHeight);
  return Math.max(2, Math.min(8, rows - 1));
}
