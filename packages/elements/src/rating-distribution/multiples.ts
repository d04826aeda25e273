/**
 * The small-multiples view of the distribution (one column chart per rater), loaded the first time a distribution
 * is drawn as multiples: the stacked bars, the default, need none of it.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { CalibrationReport, RaterReport } from '@plumb/core/queries';
import type { Formatter } from '../i18n/format.js';
import type { MessageParams } from '../i18n/catalogue.js';
import { truncate } from './chart-layout.js';
import { flagLine } from './flag-line.js';
import { multiplesDrawing } from './multiples-layout.js';
import { scaleColours } from './palette.js';

/** What the multiples read of `<plumb-rating-distribution>`. */
export interface MultiplesInput {
  msg(key: string, params?: MessageParams): string;
  readonly fmt: Formatter;
  report: CalibrationReport;
  /** The raters drawn (the table lists all). */
  raters: readonly RaterReport[];
  width: number;
  projector: boolean;
  raterLabel(r: RaterReport): string;
  flagText(flag: string): string;
  /** A scale value in words. */
  labelOf(value: number): string;
  /** The roving tab index of row `index`. */
  tabIndex(index: number): number;
  selectRater(r: RaterReport): void;
  /** The pointer or the focus rests on a rater's cell (null: it left): its selection is anticipated. */
  anticipateRater(r: RaterReport | null): void;
  onRowKey(e: KeyboardEvent, count: number, activate: () => void): void;
}

export function renderMultiples(input: MultiplesInput): TemplateResult {
  const { msg, fmt, report, projector } = input;
  const colours = scaleColours(report.scale.length, projector);
  const rows = [{ label: msg('organisation'), shares: report.org.shares, n: report.org.n, rater: null as RaterReport | null, flags: [] as string[] },
    ...input.raters.map((r) => ({ label: input.raterLabel(r), shares: r.shares, n: r.n, rater: r as RaterReport | null, flags: r.flags as string[] }))];
  const D = multiplesDrawing({ scale: report.scale, rows }, input.width, projector);
  const fs = D.fontSize;
  const cell = (c: (typeof rows)[number], i: number) => {
    const g = D.cells[i]!;
    const index = i - 1;
    const rater = c.rater;
    const focusable = rater !== null;
    const shares = report.scale.map((s, k) => `${s.value}: ${fmt.percent(c.shares[k]!)}`).join(', ');
    const flags = c.flags.map((f) => input.flagText(f)).join(' · ');
    return svg`<g class="row cell" role=${focusable ? 'button' : 'img'} tabindex=${focusable ? input.tabIndex(index) : nothing}
        data-index=${focusable ? index : nothing} data-rater=${rater?.rater_id ?? nothing}
        aria-label=${msg('cell.aria', { label: c.label, n: fmt.integer(c.n), shares, flags: flags ? `, ${flags}` : '' })}
        @click=${() => rater && input.selectRater(rater)}
        @pointerenter=${() => rater && input.anticipateRater(rater)}
        @focus=${() => rater && input.anticipateRater(rater)}
        @pointerleave=${() => input.anticipateRater(null)}
        @blur=${() => input.anticipateRater(null)}
        @keydown=${(e: KeyboardEvent) => rater && input.onRowKey(e, rows.length - 1, () => input.selectRater(rater))}>
      <rect class="row-bg" x=${g.x} y=${g.y} width=${g.width} height=${g.height} fill="transparent" stroke="var(--_border)" rx="4"></rect>
      <text x=${g.x + 6} y=${g.titleY} font-size=${fs} font-weight=${rater ? 400 : 700}>${truncate(c.label, g.width - 60, fs)}</text>
      <text x=${g.x + g.width - 6} y=${g.titleY} text-anchor="end" font-size=${fs}>${msg('chart.n')} ${fmt.integer(c.n)}</text>
      ${c.flags.length ? flagLine(flags, { x: g.x + 6, y: g.flagY, width: g.width - 12, fs: fs * 0.8 }) : nothing}
      ${g.bars.map((b) => svg`<rect class="segment" x=${b.x} y=${b.y} width=${b.width} height=${b.height} fill=${colours[b.index]}>
          <title>${input.labelOf(report.scale[b.index]!.value)}: ${fmt.percent(b.share)}</title></rect>`)}
      ${g.guidelines.map((l) => svg`<line class="guideline" x1=${l.x1} x2=${l.x2} y1=${l.y} y2=${l.y}></line>`)}
      ${g.axis.map((a) => svg`<text x=${a.x} y=${a.y} text-anchor="middle" font-size=${fs * 0.85} class="muted">${report.scale[a.index]!.value}</text>`)}
    </g>`;
  };
  return html`<svg part="chart" width=${input.width} height=${D.height} role="group" aria-label=${msg('chart.label-multiples')}>
    ${rows.map(cell)}
  </svg>`;
}
