import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { scaleLinear } from 'd3-scale';
import { calibrationReport, type CalibrationReport, type Connector, type RaterReport, type RatingStage } from '@plumb/core';
import { plumbDataContext, type PlumbDataSource } from '../data/context.js';
import { QueryController } from '../data/query-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { ratingDistributionStyles } from './rating-distribution.styles.js';
import { divergingBoundaries, divergingExtent, divergingSegments } from './diverging-layout.js';
import { effectExtent } from './effect-layout.js';
import { chartLayout, multiplesLayout, type ChartLayout } from './chart-layout.js';
import { scaleColours, textOn } from './palette.js';
import { projectorHeadline, summarySentence } from './summary.js';
import { selectionOrgFilter } from '../data/selection.js';

export type RatingDistributionView = 'stacked' | 'multiples';

/** Detail of the `plumb-select` event. */
export interface RatingSelectDetail {
  kind: 'rater' | 'bar';
  /** Rater id (a pseudonym when anonymized; "(pooled)" for the pool). */
  id: string;
  /** Scale value of the bar, for kind "bar". */
  value?: number;
}

const FLAG_TEXT: Record<string, string> = {
  lenient: '▲ lenient',
  severe: '▼ severe',
  central: '◆ central',
  halo: '● halo',
  too_few: 'too few to judge',
  pooled: 'pooled',
};

/**
 * @summary Cross-rater rating distributions for calibration: a diverging 100 % stacked bar per
 * rater sorted by shrunk rater effect, the organisation and guideline overlaid, a rater-effect
 * chart with intervals, small multiples, and a before/after view of calibration moves.
 *
 * @event plumb-select - A rater row or a bar segment was chosen; `detail: {kind: 'rater'|'bar', id, value?}`.
 *
 * @event plumb-rendered - A new query result has been drawn (for embedders timing or screenshotting).
 *
 * @csspart toolbar - Filters and view toggles.
 * @csspart summary - The summary sentence.
 * @csspart chart - The chart's SVG.
 * @csspart legend - The colour key.
 * @csspart table - The data table alternative.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-font-size - Base type size (26px in projector mode).
 * @cssproperty --plumb-mark-stroke - Stroke width of intervals and guideline marks.
 * @cssproperty --plumb-color-guideline - Colour of the guideline overlay.
 * @cssproperty --plumb-color-lenient - Fill of a lenient rater's effect mark.
 * @cssproperty --plumb-color-severe - Fill of a severe rater's effect mark.
 */
export class PlumbRatingDistribution extends LitElement {
  static override styles = [themeStyles, ratingDistributionStyles];

  /** The database, when not inside `<plumb-data>`. */
  @property({ attribute: false }) connector?: Connector;
  @property() cycle?: string;
  /** Rating stage shown (defaults to the manager stage: the spread before calibration). */
  @property() stage?: RatingStage;
  @property() dimension?: string;
  @property() department?: string;
  @property() level?: string;
  @property({ type: Number, attribute: 'min-group' }) minGroup = 5;
  /** Show raters and people as stable pseudonyms. */
  @property({ type: Boolean, reflect: true }) anonymize = false;
  /** Large type, high contrast, thick marks for a projected room. */
  @property({ type: Boolean, reflect: true }) projector = false;
  @property({ reflect: true }) view: RatingDistributionView = 'stacked';
  /** Show calibration moves (before → after) per rater. */
  @property({ type: Boolean, attribute: 'before-after', reflect: true }) beforeAfter = false;
  /** Do not apply the shared `<plumb-data>` selection as a filter. */
  @property({ type: Boolean, attribute: 'ignore-selection' }) ignoreSelection = false;
  /** Most raters drawn (the table lists all); default 40, 10 in projector mode. */
  @property({ type: Number, attribute: 'max-raters' }) maxRaters?: number;
  /** Hide the filter toolbar (an embedder drives the properties). */
  @property({ type: Boolean, attribute: 'no-toolbar' }) noToolbar = false;
  @property({ attribute: 'pseudonym-salt' }) pseudonymSalt = '';

  @consume({ context: plumbDataContext, subscribe: true })
  @state()
  private data?: PlumbDataSource;

  @state() private width = 800;
  @state() private focusIndex = 0;
  @state() private selectedId: string | null = null;

  private readonly query = new QueryController<CalibrationReport>(this, (connector) =>
    calibrationReport(connector, { ...this.reportOptions(), cache: this.cacheFor(connector) }),
  );
  // Filter-independent queries (menus, scale, privacy cells) are memoised per connector and data version.
  private cache = { connector: undefined as Connector | undefined, version: -1, map: new Map<string, Promise<unknown>>() };

  private cacheFor(connector: Connector): Map<string, Promise<unknown>> {
    const version = this.data?.version ?? 0;
    if (this.cache.connector !== connector || this.cache.version !== version) {
      this.cache = { connector, version, map: new Map() };
    }
    return this.cache.map;
  }
  private resizeObserver?: ResizeObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && Math.abs(w - this.width) > 1) this.width = w;
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  /** The last report drawn (for embedders and tests). */
  get report(): CalibrationReport | undefined {
    return this.query.value;
  }

  private selectionFilter(): { department?: string; team_id?: string } {
    const sel = this.data?.selection;
    if (this.ignoreSelection || !sel || sel.source === this) return {};
    return selectionOrgFilter(sel);
  }

  private reportOptions() {
    const fromSelection = this.selectionFilter();
    return {
      ...(this.cycle ? { cycle: this.cycle } : {}),
      ...(this.stage ? { stage: this.stage } : {}),
      ...(this.dimension ? { dimension: this.dimension } : {}),
      ...(this.department ? { department: this.department } : {}),
      ...(this.level ? { level: this.level } : {}),
      ...fromSelection,
      minGroup: this.minGroup,
      anonymize: this.anonymize,
      pseudonymSalt: this.pseudonymSalt,
      changesByRater: this.beforeAfter,
    };
  }

  private drawn: unknown;

  protected override updated(): void {
    if (this.query.status === 'ready' && this.query.value !== this.drawn) {
      this.drawn = this.query.value;
      this.dispatchEvent(new CustomEvent('plumb-rendered', { bubbles: true, composed: true }));
    }
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const connector = this.connector ?? this.data?.connector ?? undefined;
    const key = JSON.stringify({ ...this.reportOptions(), v: this.data?.version ?? 0, own: !!this.connector });
    this.query.update(connector, key);
  }

  private select(detail: RatingSelectDetail): void {
    this.selectedId = detail.id;
    this.dispatchEvent(new CustomEvent<RatingSelectDetail>('plumb-select', { detail, bubbles: true, composed: true }));
    if (detail.kind === 'rater' && !detail.id.startsWith('(')) this.data?.select({ kind: 'rater', id: detail.id, source: this });
  }

  private shownRaters(report: CalibrationReport): RaterReport[] {
    const max = this.maxRaters ?? (this.projector ? 8 : 40);
    const raters = report.raters;
    if (raters.length <= max) return raters;
    // Keep the extremes: the most lenient and most severe halves of the budget.
    const head = Math.ceil(max / 2);
    return [...raters.slice(0, head), ...raters.slice(raters.length - (max - head))];
  }

  override render(): TemplateResult {
    const report = this.query.value;
    const status = this.query.status;
    const connector = this.connector ?? this.data?.connector;
    if (!connector) return stateView('empty', 'No data source: set .connector or place this inside <plumb-data>.');
    if (status === 'error') return html`${this.toolbar(report)}${stateView('error', `Could not compute the rating distribution: ${this.query.error?.message ?? 'unknown error'}`)}`;
    if (!report) return stateView('loading', 'Loading ratings…');
    const body =
      report.privacy.suppressed
        ? stateView('empty', report.privacy.message ?? 'Nothing to show.')
        : report.org.n === 0
          ? stateView('empty', 'No ratings match these filters.')
          : this.view === 'multiples'
            ? this.multiples(report)
            : this.stacked(report);
    return html`${this.toolbar(report)}
      ${this.projector
        ? html`<p class="summary" part="summary" aria-hidden="true">${projectorHeadline(report)}</p>
            <p class="visually-hidden" aria-live="polite">${summarySentence(report)}</p>`
        : html`<p class="summary" part="summary" aria-live="polite">${summarySentence(report)}</p>`}
      ${body} ${report.org.n > 0 && !report.privacy.suppressed ? this.legend(report) : nothing}
      ${report.raters.length > 0 ? this.table(report) : nothing}`;
  }

  private toolbar(report: CalibrationReport | undefined): TemplateResult | typeof nothing {
    if (this.noToolbar) return nothing;
    const dims = [...new Set((report?.available ?? []).filter((a) => a.cycle_id === report?.filter.cycle).map((a) => a.dimension))].filter(
      (d): d is string => d !== null,
    );
    const stages = [...new Set((report?.available ?? []).filter((a) => a.cycle_id === report?.filter.cycle).map((a) => a.stage))].filter(
      (s): s is RatingStage => s !== null,
    );
    const option = (value: string, current: string | undefined | null, label = value) =>
      html`<option value=${value} ?selected=${value === (current ?? '')}>${label}</option>`;
    const change = (key: 'department' | 'level' | 'stage' | 'dimension') => (e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      (this as unknown as Record<string, string | undefined>)[key] = v === '' ? undefined : v;
    };
    return html`<div class="toolbar" part="toolbar">
      <label>Department
        <select @change=${change('department')}>
          ${option('', this.department, 'All')}${(report?.options.departments ?? []).map((d) => option(d, this.department))}
        </select></label>
      <label>Level
        <select @change=${change('level')}>
          ${option('', this.level, 'All')}${(report?.options.levels ?? []).map((d) => option(d, this.level))}
        </select></label>
      <label>Stage
        <select @change=${change('stage')}>
          ${stages.map((s) => option(s, this.stage ?? report?.filter.stage))}
        </select></label>
      <label>Dimension
        <select @change=${change('dimension')}>
          ${dims.map((d) => option(d, this.dimension ?? report?.filter.dimension ?? undefined))}
        </select></label>
      <div class="toggles" role="group" aria-label="View">
        <button type="button" aria-pressed=${this.view === 'stacked'} @click=${() => (this.view = 'stacked')}>Stacked</button>
        <button type="button" aria-pressed=${this.view === 'multiples'} @click=${() => (this.view = 'multiples')}>Small multiples</button>
      </div>
      <button type="button" aria-pressed=${this.beforeAfter} @click=${() => (this.beforeAfter = !this.beforeAfter)}>Before / after</button>
      <button type="button" aria-pressed=${this.anonymize} @click=${() => (this.anonymize = !this.anonymize)}>Hide names</button>
    </div>`;
  }

  private labelOf(report: CalibrationReport, value: number): string {
    const s = report.scale.find((x) => x.value === value);
    return s?.label ? `${value} ${s.label}` : String(value);
  }

  private legend(report: CalibrationReport): TemplateResult {
    const colours = scaleColours(report.scale.length, this.projector);
    return html`<div class="legend" part="legend">
      ${report.scale.map((s, i) => html`<span><span class="swatch" style="background:${colours[i]}"></span>${this.labelOf(report, s.value)}</span>`)}
      ${report.scale.some((s) => (s.guideline_share ?? 0) > 0)
        ? html`<span><svg width="1em" height="1.2em" viewBox="0 0 10 12" aria-hidden="true" style="vertical-align:-0.2em"><line class="guideline" x1="5" x2="5" y1="0" y2="12"></line></svg> Guideline boundaries (a reference, not a quota)</span>`
        : nothing}
      <span>Effect: shrunk mean difference from the organisation, with 95 % interval</span>
    </div>`;
  }

  private onRowKey(e: KeyboardEvent, count: number, activate: () => void): void {
    const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, ArrowRight: 1, ArrowLeft: -1 };
    const current = Number((e.currentTarget as SVGElement).dataset.index ?? this.focusIndex);
    let next = current;
    if (e.key in keys) next = Math.max(0, Math.min(count - 1, current + keys[e.key]!));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
      return;
    } else return;
    e.preventDefault();
    this.focusIndex = next;
    void this.updateComplete.then(() => {
      (this.renderRoot.querySelector(`[data-index="${next}"]`) as SVGElement | null)?.focus();
    });
  }

  private stacked(report: CalibrationReport): TemplateResult {
    const raters = this.shownRaters(report);
    const L = chartLayout(this.width, { projector: this.projector, beforeAfter: this.beforeAfter });
    const colours = scaleColours(report.scale.length, this.projector);
    const guideline = report.scale.map((s) => s.guideline_share ?? 0);
    const hasGuideline = guideline.some((g) => g > 0);
    const byRater = new Map((report.changes?.by_rater ?? []).map((c) => [c.rater_id, c]));
    const sharesFrom = (counts: Record<string, number>) => {
      const n = report.scale.reduce((s, v) => s + (counts[String(v.value)] ?? 0), 0);
      return report.scale.map((v) => (n ? (counts[String(v.value)] ?? 0) / n : 0));
    };
    const extent = divergingExtent([report.org.shares, ...raters.map((r) => r.shares), ...(hasGuideline ? [guideline] : [])]);
    const x = scaleLinear().domain([-extent, extent]).range([L.bar.x, L.bar.x + L.bar.width]);
    const ex = effectExtent(raters);
    const xe = scaleLinear().domain([-ex, ex]).range([L.effect.x + 8, L.effect.x + L.effect.width - 8]);
    const rows = [{ kind: 'org' as const }, ...raters.map((r) => ({ kind: 'rater' as const, rater: r }))];
    const height = L.headerHeight + rows.length * L.rowHeight + (this.projector ? 40 : 24);
    const top = L.headerHeight;
    const bottom = top + rows.length * L.rowHeight;
    const fs = L.fontSize;
    const bar = (shares: number[], y: number, h: number, rater: string | null, faded = false) =>
      divergingSegments(shares).map((seg) => {
        const w = Math.max(0, x(seg.end) - x(seg.start));
        const value = report.scale[seg.index]!.value;
        const pct = Math.round(seg.share * 100);
        return svg`<g>
          <rect class="segment" x=${x(seg.start)} y=${y} width=${w} height=${h} fill=${colours[seg.index]} opacity=${faded ? 0.55 : 1}
            @click=${(e: Event) => {
              e.stopPropagation();
              if (rater) this.select({ kind: 'bar', id: rater, value });
            }}>
            <title>${this.labelOf(report, value)}: ${pct} %</title>
          </rect>
          ${!faded && w > fs * 2.2 && h >= fs * 0.9 ? svg`<text x=${x(seg.start) + w / 2} y=${y + h / 2} dy="0.35em" text-anchor="middle" font-size=${fs * 0.8} style="fill:${textOn(colours[seg.index]!)}" pointer-events="none">${pct}%</text>` : nothing}
        </g>`;
      });
    const rowTemplate = (row: (typeof rows)[number], i: number) => {
      const y = top + i * L.rowHeight;
      const barY = y + (L.rowHeight - L.barHeight) / 2;
      if (row.kind === 'org') {
        return svg`<g class="org">
          <text x=${L.label.x} y=${y + L.rowHeight / 2} dy="0.35em" font-size=${fs} font-weight="700">Organisation</text>
          ${bar(report.org.shares, barY, L.barHeight, null)}
          <text x=${L.count.x + L.count.width} y=${y + L.rowHeight / 2} dy="0.35em" text-anchor="end" font-size=${fs} font-weight="700">${report.org.n}</text>
        </g>`;
      }
      const r = row.rater;
      const index = i - 1;
      const selected = this.selectedId === r.rater_id;
      const moves = byRater.get(r.rater_id);
      const flags = [
        ...r.flags.map((f) => FLAG_TEXT[f] ?? f),
        ...(moves && this.beforeAfter ? [`↑${moves.up} ↓${moves.down}`] : []),
      ].join(' · ');
      const shape = r.flags.includes('lenient') ? 'lenient' : r.flags.includes('severe') ? 'severe' : '';
      const cx = r.shrunk_effect === null ? null : xe(r.shrunk_effect);
      const cy = y + L.rowHeight / 2;
      const size = this.projector ? 11 : 6;
      const mark =
        cx === null
          ? nothing
          : shape === 'lenient'
            ? svg`<path class="point lenient" d="M${cx},${cy - size * 1.3} L${cx + size * 1.2},${cy + size} L${cx - size * 1.2},${cy + size} Z"></path>`
            : shape === 'severe'
              ? svg`<path class="point severe" d="M${cx},${cy + size * 1.3} L${cx + size * 1.2},${cy - size} L${cx - size * 1.2},${cy - size} Z"></path>`
              : svg`<circle class="point" cx=${cx} cy=${cy} r=${size}></circle>`;
      const aria = `${r.label}: ${r.n} ratings, mean ${r.mean?.toFixed(2) ?? '—'}, shrunk effect ${r.shrunk_effect === null ? 'not estimated' : r.shrunk_effect.toFixed(2)}${flags ? ', ' + flags : ''}`;
      return svg`<g class="row ${selected ? 'selected' : ''}" role="button" tabindex=${index === this.focusIndex ? 0 : -1}
          data-index=${index} data-rater=${r.rater_id} aria-label=${aria} aria-pressed=${selected}
          @click=${() => {
            this.focusIndex = index;
            this.select({ kind: 'rater', id: r.rater_id });
          }}
          @focus=${() => (this.focusIndex = index)}
          @keydown=${(e: KeyboardEvent) => this.onRowKey(e, rows.length - 1, () => this.select({ kind: 'rater', id: r.rater_id }))}>
        <rect class="row-bg" x="0" y=${y + 1} width=${L.width} height=${L.rowHeight - 2} fill="transparent" rx="3"></rect>
        <text x=${L.label.x + 4} y=${flags ? y + L.rowHeight * 0.36 : cy} dy="0.35em" font-size=${fs}>${truncate(r.label, L.label.width, fs)}</text>
        ${flags ? svg`<text class="flag" x=${L.label.x + 4} y=${y + L.rowHeight * 0.74} dy="0.35em" font-size=${fs * 0.78}>${flags}</text>` : nothing}
        ${moves && this.beforeAfter
          ? svg`${bar(sharesFrom(moves.before), y + 4, L.rowHeight / 2 - 6, r.rater_id, true)}
                ${bar(sharesFrom(moves.after), y + L.rowHeight / 2 + 2, L.rowHeight / 2 - 6, r.rater_id)}`
          : bar(r.shares, barY, L.barHeight, r.rater_id)}
        ${r.ci_low !== null && r.ci_high !== null ? svg`<line class="interval" x1=${xe(r.ci_low)} x2=${xe(r.ci_high)} y1=${cy} y2=${cy}></line>` : nothing}
        ${mark}
        <text x=${L.count.x + L.count.width} y=${cy} dy="0.35em" text-anchor="end" font-size=${fs}>${r.n}</text>
      </g>`;
    };
    const boundaries = hasGuideline ? divergingBoundaries(guideline) : [];
    const ticks = xe.ticks(this.projector ? 3 : 5);
    return html`<svg part="chart" width=${L.width} height=${height} role="group"
        aria-label="Rating distribution per rater, sorted by shrunk rater effect">
      <text x=${L.bar.x + L.bar.width / 2} y=${L.headerHeight * 0.45} text-anchor="middle" font-size=${fs * 0.75} class="muted">
        ${this.beforeAfter && report.changes ? `faded: ${report.changes.before_stage} · solid: ${report.changes.after_stage}` : '◄ lower   share of ratings   higher ►'}</text>
      <text x=${L.effect.x + L.effect.width / 2} y=${L.headerHeight * 0.45} text-anchor="middle" font-size=${fs * 0.75} class="muted">
        Rater effect</text>
      <text x=${L.count.x + L.count.width} y=${L.headerHeight * 0.45} text-anchor="end" font-size=${fs * 0.85} class="muted">n</text>
      ${ticks.map((t) => svg`<line class="grid" x1=${xe(t)} x2=${xe(t)} y1=${top} y2=${bottom}></line>
        <text x=${xe(t)} y=${bottom + fs} text-anchor="middle" font-size=${fs * 0.75} class="muted">${t > 0 ? '+' : ''}${t}</text>`)}
      <line class="zero" x1=${xe(0)} x2=${xe(0)} y1=${top} y2=${bottom}></line>
      <line class="zero" x1=${x(0)} x2=${x(0)} y1=${top} y2=${bottom} opacity="0.35"></line>
      ${rows.map(rowTemplate)}
      ${boundaries.map((b) => svg`<line class="guideline" x1=${x(b)} x2=${x(b)} y1=${top} y2=${bottom} pointer-events="none"></line>`)}
    </svg>
    ${report.raters.length > raters.length
      ? html`<p class="more">Showing the ${raters.length} most extreme of ${report.raters.length} raters; the table lists all.</p>`
      : nothing}`;
  }

  private multiples(report: CalibrationReport): TemplateResult {
    const raters = this.shownRaters(report);
    const M = multiplesLayout(this.width, raters.length + 1, this.projector);
    const colours = scaleColours(report.scale.length, this.projector);
    const guideline = report.scale.map((s) => s.guideline_share ?? 0);
    const hasGuideline = guideline.some((g) => g > 0);
    const fs = this.projector ? 22 : 12;
    const maxShare = Math.max(0.25, ...raters.map((r) => Math.max(...r.shares)), ...report.org.shares, ...guideline);
    const cells = [{ label: 'Organisation', shares: report.org.shares, n: report.org.n, id: null as string | null, flags: [] as string[] },
      ...raters.map((r) => ({ label: r.label, shares: r.shares, n: r.n, id: r.rater_id as string | null, flags: r.flags as string[] }))];
    const rowsCount = Math.ceil(cells.length / M.columns);
    const height = rowsCount * (M.cellHeight + M.gap);
    const cell = (c: (typeof cells)[number], i: number) => {
      const col = i % M.columns;
      const row = Math.floor(i / M.columns);
      const x0 = col * (M.cellWidth + M.gap);
      const y0 = row * (M.cellHeight + M.gap);
      const titleH = fs * 2.6;
      const axisH = fs * 1.4;
      const plotH = M.cellHeight - titleH - axisH;
      const band = M.cellWidth / report.scale.length;
      const y = scaleLinear().domain([0, maxShare]).range([y0 + titleH + plotH, y0 + titleH]);
      const index = i - 1;
      const focusable = c.id !== null;
      return svg`<g class="row cell" role=${focusable ? 'button' : 'img'} tabindex=${focusable ? (index === this.focusIndex ? 0 : -1) : nothing}
          data-index=${focusable ? index : nothing} data-rater=${c.id ?? nothing}
          aria-label=${`${c.label}: ${c.n} ratings; ${report.scale.map((s, k) => `${s.value}: ${Math.round(c.shares[k]! * 100)} %`).join(', ')}`}
          @click=${() => c.id && this.select({ kind: 'rater', id: c.id })}
          @keydown=${(e: KeyboardEvent) => focusable && this.onRowKey(e, cells.length - 1, () => this.select({ kind: 'rater', id: c.id! }))}>
        <rect class="row-bg" x=${x0} y=${y0} width=${M.cellWidth} height=${M.cellHeight} fill="transparent" stroke="var(--_border)" rx="4"></rect>
        <text x=${x0 + 6} y=${y0 + fs * 1.1} font-size=${fs} font-weight=${c.id ? 400 : 700}>${truncate(c.label, M.cellWidth - 60, fs)}</text>
        <text x=${x0 + M.cellWidth - 6} y=${y0 + fs * 1.1} text-anchor="end" font-size=${fs}>n ${c.n}</text>
        <text class="flag" x=${x0 + 6} y=${y0 + fs * 2.2} font-size=${fs * 0.8}>${c.flags.map((f) => FLAG_TEXT[f] ?? f).join(' · ')}</text>
        ${c.shares.map((s, k) => svg`<rect class="segment" x=${x0 + k * band + band * 0.15} y=${y(s)} width=${band * 0.7} height=${Math.max(0, y(0) - y(s))} fill=${colours[k]}>
            <title>${this.labelOf(report, report.scale[k]!.value)}: ${Math.round(s * 100)} %</title></rect>`)}
        ${hasGuideline ? guideline.map((g, k) => svg`<line class="guideline" x1=${x0 + k * band + band * 0.08} x2=${x0 + (k + 1) * band - band * 0.08} y1=${y(g)} y2=${y(g)}></line>`) : nothing}
        ${report.scale.map((s, k) => svg`<text x=${x0 + (k + 0.5) * band} y=${y0 + M.cellHeight - fs * 0.35} text-anchor="middle" font-size=${fs * 0.85} class="muted">${s.value}</text>`)}
      </g>`;
    };
    return html`<svg part="chart" width=${this.width} height=${height} role="group" aria-label="Rating distribution per rater, small multiples sorted by shrunk rater effect">
      ${cells.map(cell)}
    </svg>`;
  }

  private table(report: CalibrationReport): TemplateResult {
    const f = (d: number) => (v: unknown) => (typeof v === 'number' ? v.toFixed(d) : '—');
    const columns: DataTableColumn<RaterReport>[] = [
      { key: 'label', label: 'Rater' },
      { key: 'n', label: 'n', numeric: true },
      { key: 'mean', label: 'Mean', numeric: true, format: f(2) },
      { key: 'sd', label: 'SD', numeric: true, format: f(2) },
      { key: 'effect', label: 'Effect', numeric: true, format: f(2) },
      { key: 'shrunk_effect', label: 'Shrunk effect', numeric: true, format: f(2) },
      { key: 'ci_low', label: '95 % interval', format: (_v, r) => (r.ci_low === null ? '—' : `${r.ci_low.toFixed(2)} to ${r.ci_high!.toFixed(2)}`) },
      { key: 'flags', label: 'Flags', format: (_v, r) => r.flags.map((x) => FLAG_TEXT[x] ?? x).join(', ') || '—' },
      ...report.scale.map((s) => ({
        key: `v${s.value}`,
        label: s.label ? `${s.value} ${s.label}` : String(s.value),
        numeric: true,
        format: (_v: unknown, r: RaterReport) => String(r.counts[String(s.value)] ?? 0),
      })),
    ];
    return html`<details part="table">
      <summary>Table: ratings per rater</summary>
      <plumb-data-table caption="Ratings per rater, sorted by shrunk effect" .columns=${columns} .rows=${report.raters}></plumb-data-table>
    </details>`;
  }
}

/** Cut a label to roughly fit `width` pixels at font size `fs` (an estimate: no DOM measuring in the layout). */
function truncate(text: string, width: number, fs: number): string {
  const max = Math.max(4, Math.floor(width / (fs * 0.56)));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
