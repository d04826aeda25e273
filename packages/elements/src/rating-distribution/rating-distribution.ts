import { html, nothing, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  calibrationReportQuery,
  POOLED_RATER_ID,
  type CalibrationOptions,
  type CalibrationReport,
  type OrgFilter,
  type RaterReport,
  type RatingStage,
} from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import type { PlumbClause } from '../data/coordinator.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { ratingDistributionStyles } from './rating-distribution.styles.js';
import { chartLayout, projectorRaterBudget, shownRaters, truncate } from './chart-layout.js';
import { flagLine } from './flag-line.js';
import { moveShares, stackedDrawing, type StackedRow, type StackedSegment } from './stacked-layout.js';
import { scaleColours, textOn } from './palette.js';
import { plainHeadline, summarySentence } from './summary.js';
import { ratingMessages } from './rating-distribution.messages.js';
import { RovingFocusController, listKeys } from '../shared/roving-focus.js';

export type RatingDistributionView = 'stacked' | 'multiples';

/** The toolbar's menus (unset: the view's default). */
interface Menus {
  stage: RatingStage | undefined;
  dimension: string | undefined;
  department: string | undefined;
  level: string | undefined;
}

const isPool = (r: RaterReport) => r.rater_id === POOLED_RATER_ID;


/**
 * @summary Cross-rater rating distributions for calibration: a diverging 100 % stacked bar per
 * rater sorted by shrunk rater effect, the organisation and guideline overlaid, a rater-effect
 * chart with intervals, small multiples, a before/after view of calibration moves, and (opt-in)
 * four-fifths adverse-impact figures over groups of at least min-group people.
 *
 * @event plumb-select - A rater row or one of its bars was chosen: `detail: {kind: 'rater', id, label, filter: {rater_id}}`
 * (the id is a pseudonym code when anonymized; the pool is not selectable).
 * @event plumb-rendered - A new query result has been drawn.
 *
 * @csspart toolbar - Filters and view toggles.
 * @csspart summary - The summary sentence.
 * @csspart chart - The chart's SVG.
 * @csspart legend - The colour key.
 * @csspart impact - The adverse-impact table (only with `impact-attribute`).
 * @csspart table - The data table alternative.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-font-size - Base type size (26px in projector mode).
 * @cssproperty --plumb-mark-stroke - Stroke width of intervals and guideline marks.
 * @cssproperty --plumb-color-guideline - Colour of the guideline overlay.
 * @cssproperty --plumb-color-lenient - Fill of a lenient rater's effect mark.
 * @cssproperty --plumb-color-severe - Fill of a severe rater's effect mark.
 */
export class PlumbRatingDistribution extends PlumbView<CalibrationOptions, CalibrationReport> {
  static override styles = [themeStyles, ratingDistributionStyles];
  protected static override messages = { family: 'rating', catalogue: ratingMessages };
  protected readonly query = calibrationReportQuery;
  protected get what(): string {
    return this.msg('what');
  }

  /** Rating stage shown (defaults to the manager stage: the spread before calibration). */
  @property() stage?: RatingStage;
  @property() dimension?: string;
  @property() department?: string;
  @property() level?: string;
  @property({ reflect: true }) view: RatingDistributionView = 'stacked';
  /** Show calibration moves (before → after) per rater. */
  @property({ type: Boolean, attribute: 'before-after', reflect: true }) beforeAfter = false;
  /** Most raters drawn (the table lists all); default 40, 8 in projector mode. */
  @property({ type: Number, attribute: 'max-raters' }) maxRaters?: number;
  /** Hide the filter toolbar (an embedder drives the properties). */
  @property({ type: Boolean, attribute: 'no-toolbar' }) noToolbar = false;
  /**
   * Opt in to four-fifths adverse-impact figures for this `person_attributes` attribute (e.g.
   * "gender"). Protected attributes are never shown otherwise; groups under min-group are left out.
   */
  @property({ attribute: 'impact-attribute' }) impactAttribute?: string;

  /** The rows (or cells) are one tab stop; arrows move among them. */
  private readonly rowFocus = new RovingFocusController<number>(this, { initial: 0, selector: (i) => `[data-index="${i}"]` });
  @state() private tableOpen = false;

  /** The last report drawn (for embedders and tests). */
  get report(): CalibrationReport | undefined {
    return this.result;
  }

  /** The options for `filter`, with the toolbar's menus as `menus` says (by default as they are). */
  protected options(filter: OrgFilter, menus: Menus = this.menus()): CalibrationOptions {
    // A removed attribute is null: "not set" (undefined) for the query, never "filter on null".
    return {
      cycle: this.cycle ?? undefined,
      stage: menus.stage ?? undefined,
      dimension: menus.dimension ?? undefined,
      department: menus.department ?? filter.department,
      level: menus.level ?? filter.level,
      team_id: filter.team_id,
      manager_id: filter.manager_id,
      rater_id: filter.rater_id,
      person_id: filter.person_id,
      // Only the rows drawn cross from the database (at 1,000,000 people there are ~100,000 raters).
      maxRaters: this.rowBudget(),
      changesByRater: this.beforeAfter,
      // Moves are drawn only in before/after mode and under the adverse-impact table.
      changes: this.beforeAfter || !!this.impactAttribute,
      impactAttribute: this.impactAttribute ?? undefined,
    };
  }

  private menus(): Menus {
    return { stage: this.stage, dimension: this.dimension, department: this.department, level: this.level };
  }

  /**
   * A menu opened or pointed at: the report for each of its other choices is prefetched (`prefetch`), so the one the
   * user picks draws from the cache. `choices` are the menu's values, '' for "all".
   */
  private activate(key: keyof Menus, choices: readonly string[], shown: string): void {
    const menus = this.menus();
    this.prefetch(
      choices.filter((value) => value !== shown).map((value) => this.options(this.linkedFilter.filter, { ...menus, [key]: value === '' ? undefined : value })),
    );
  }

  protected override emptyMessage(report: CalibrationReport): string | null {
    const withheld = this.withheldMessage(report.privacy);
    if (withheld !== null) return withheld;
    if (report.org.n === 0) return this.msg('empty.no-ratings');
    return null;
  }

  protected override exportTitle(report: CalibrationReport): string {
    return this.msg('export.title', { dimension: report.filter.dimension ?? '', stage: this.msg(`stage.${report.filter.stage}`) });
  }

  protected override exportContext(report: CalibrationReport): string[] {
    return [plainHeadline(report, this.msg.bind(this), this.fmt, this.scopeLabel(report)), this.msg('export.context', { cycle: report.filter.cycle ?? '', n: this.fmt.integer(report.org.n) })];
  }

  /** What the figures cover: the department or the selected teams/managers, else the organisation. */
  private scopeLabel(report: CalibrationReport): string {
    const labels = this.linkedFilter.clauses.map((c) => c.label ?? c.id);
    if (report.filter.department) labels.unshift(report.filter.department);
    return labels.length ? this.fmt.list(labels) : this.msg('organisation');
  }

  /** A rater's label as shown (the pool's in this locale; two raters of one name told apart by id). */
  private raterLabel(r: RaterReport): string {
    if (r.rater_id === POOLED_RATER_ID) return this.msg('pooled', { n: r.raters });
    return this.result && this.sharedLabels(this.result).has(r.label) ? `${r.label} (${r.rater_id})` : r.label;
  }

  private sharedLabelMemo: { report: CalibrationReport; labels: Set<string> } | null = null;

  /** Labels two or more raters share ("Dara Fernández" twice). */
  private sharedLabels(report: CalibrationReport): Set<string> {
    if (this.sharedLabelMemo?.report === report) return this.sharedLabelMemo.labels;
    const seen = new Set<string>();
    const shared = new Set<string>();
    for (const r of report.raters) (seen.has(r.label) ? shared : seen).add(r.label);
    this.sharedLabelMemo = { report, labels: shared };
    return shared;
  }

  private selectRater(r: RaterReport): void {
    const clause = this.raterClause(r);
    if (clause) void this.select(clause);
  }

  /** What a click on a rater's row selects for the other views (the pooled row: nothing). */
  private raterClause(r: RaterReport): Omit<PlumbClause, 'source'> | null {
    return r.rater_id === POOLED_RATER_ID ? null : { kind: 'rater', id: r.rater_id, label: r.label, filter: { rater_id: r.rater_id } };
  }

  /** How many rater rows the chart draws: `max-raters`, else 40, in projector mode what the screen holds (8 at most). */
  private rowBudget(): number {
    if (this.maxRaters !== undefined && this.maxRaters !== null) return this.maxRaters;
    if (!this.isProjector) return 40;
    if (this.view === 'multiples') return 8;
    return projectorRaterBudget(globalThis.innerHeight || 1080, chartLayout(this.chartWidth, { projector: true, beforeAfter: this.beforeAfter }));
  }

  private get chartWidth(): number {
    return this.width > 0 ? this.width : 800;
  }

  protected renderResult(report: CalibrationReport): TemplateResult {
    const t = this.msg.bind(this);
    const body = this.view === 'multiples' ? this.multiples(report) : this.stacked(report);
    // Plain language first (counts a room acts on), the statistics behind it on demand.
    return html`<p class="summary" part="summary" aria-live="polite">${plainHeadline(report, t, this.fmt, this.scopeLabel(report))}</p>
      <details class="statistics" part="statistics">
        <summary>${this.msg('stats.toggle')}</summary>
        <p>${summarySentence(report, t, this.fmt)}</p>
      </details>
      ${body} ${this.legend(report)} ${this.impact(report)}
      ${report.raters.length > 0 ? this.table(report) : nothing}`;
  }

  protected override renderToolbar(): TemplateResult | typeof nothing {
    if (this.noToolbar) return nothing;
    const report = this.result;
    const inCycle = (report?.available ?? []).filter((a) => a.cycle_id === report?.filter.cycle);
    const dims = [...new Set(inCycle.map((a) => a.dimension))].filter((d): d is string => d !== null);
    const stages = [...new Set(inCycle.map((a) => a.stage))].filter((s): s is RatingStage => s !== null);
    const option = (value: string, current: string | undefined | null, label = value) =>
      html`<option value=${value} ?selected=${value === (current ?? '')}>${label}</option>`;
    const change = (key: 'department' | 'level' | 'stage' | 'dimension') => (e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      (this as unknown as Record<string, string | undefined>)[key] = v === '' ? undefined : v;
    };
    // Opening or pointing at a menu prefetches its other choices (`activate`).
    const activate = (key: keyof Menus, choices: readonly string[], shown: string | null | undefined) => () => this.activate(key, choices, shown ?? '');
    const departments = activate('department', ['', ...(report?.options.departments ?? [])], this.department);
    const levels = activate('level', ['', ...(report?.options.levels ?? [])], this.level);
    const stagesMenu = activate('stage', stages, this.stage ?? report?.filter.stage);
    const dimsMenu = activate('dimension', dims, this.dimension ?? report?.filter.dimension);
    return html`<div class="toolbar" part="toolbar">
      <label>${this.msg('toolbar.department')}
        <select @change=${change('department')} @focus=${departments} @pointerenter=${departments}>
          ${option('', this.department, this.msg('toolbar.all'))}${(report?.options.departments ?? []).map((d) => option(d, this.department))}
        </select></label>
      <label>${this.msg('toolbar.level')}
        <select @change=${change('level')} @focus=${levels} @pointerenter=${levels}>
          ${option('', this.level, this.msg('toolbar.all'))}${(report?.options.levels ?? []).map((d) => option(d, this.level))}
        </select></label>
      <label>${this.msg('toolbar.stage')}
        <select @change=${change('stage')} @focus=${stagesMenu} @pointerenter=${stagesMenu}>
          ${stages.map((s) => option(s, this.stage ?? report?.filter.stage, this.msg(`stage.${s}`)))}
        </select></label>
      <label>${this.msg('toolbar.dimension')}
        <select @change=${change('dimension')} @focus=${dimsMenu} @pointerenter=${dimsMenu}>
          ${dims.map((d) => option(d, this.dimension ?? report?.filter.dimension ?? undefined, this.dimensionLabel(d)))}
        </select></label>
      <div class="toggles" role="group" aria-label=${this.msg('toolbar.view')}>
        <button type="button" aria-pressed=${this.view === 'stacked'} @click=${() => (this.view = 'stacked')}>${this.msg('toolbar.stacked')}</button>
        <button type="button" aria-pressed=${this.view === 'multiples'} @click=${() => (this.view = 'multiples')}>${this.msg('toolbar.multiples')}</button>
      </div>
      <button type="button" aria-pressed=${this.beforeAfter} @click=${() => (this.beforeAfter = !this.beforeAfter)}>${this.msg('toolbar.before-after')}</button>
      <button type="button" aria-pressed=${this.isAnonymized} @click=${() => (this.anonymize = !this.anonymize)}>${this.msg('toolbar.hide-names')}</button>
    </div>`;
  }

  private flagText(flag: string): string {
    return this.msg(`flag.${flag}`);
  }

  private labelOf(report: CalibrationReport, value: number): string {
    const s = report.scale.find((x) => x.value === value);
    return s?.label ? `${value} ${s.label}` : String(value);
  }

  private legend(report: CalibrationReport): TemplateResult {
    // The effect's key only where the effect is drawn (the stacked bars' column; the small multiples draw none).
    const colours = scaleColours(report.scale.length, this.isProjector);
    // Swatches are SVG with presentation attributes: no inline style (strict CSP).
    return html`<div class="legend" part="legend">
      ${report.scale.map((s, i) => html`<span><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill=${colours[i]!}></rect></svg>${this.labelOf(report, s.value)}</span>`)}
      ${report.scale.some((s) => (s.guideline_share ?? 0) > 0)
        ? html`<span><svg class="guideline-key" width="1em" height="1.2em" viewBox="0 0 10 12" aria-hidden="true">${
            // Drawn as the chart draws them: boundaries across a stacked bar, levels over the multiples' bars.
            this.view === 'multiples'
              ? svg`<line class="guideline" x1="0" x2="10" y1="6" y2="6"></line>`
              : svg`<line class="guideline" x1="5" x2="5" y1="0" y2="12"></line>`
          }</svg> ${this.msg('legend.guideline')}</span>`
        : nothing}
      ${this.view === 'multiples' ? nothing : html`<span>${this.msg('legend.effect')}</span>`}
    </div>`;
  }

  private onRowKey(e: KeyboardEvent, count: number, activate: () => void): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
      return;
    }
    this.rowFocus.keydown(e, listKeys(count), Number((e.currentTarget as SVGElement).dataset.index ?? this.rowFocus.active));
  }

  private stacked(report: CalibrationReport): TemplateResult {
    const projector = this.isProjector;
    const frame = chartLayout(this.chartWidth, { projector, beforeAfter: this.beforeAfter });
    // A projected room sees the whole chart: as many rows as the screen holds (8 at most).
    const raters = shownRaters(report.raters, this.rowBudget(), isPool);
    const moves = moveShares(report.scale, report.changes?.by_rater ?? []);
    const shareLabel = this.beforeAfter && report.changes
      ? this.msg('chart.before-after', { before: this.msg(`stage.${report.changes.before_stage}`), after: this.msg(`stage.${report.changes.after_stage}`) })
      : this.msg('chart.share-axis');
    const D = stackedDrawing({ scale: report.scale, org: report.org, raters, moves }, frame, { projector, beforeAfter: this.beforeAfter, labels: { share: shareLabel, effect: this.msg('chart.effect') } });
    const H = D.header;
    const L = D.frame;
    const colours = scaleColours(report.scale.length, projector);
    const selectedId = this.ownClause?.kind === 'rater' ? this.ownClause.id : null;
    const byRater = new Map((report.changes?.by_rater ?? []).map((c) => [c.rater_id, c]));
    const fs = L.fontSize;
    const bar = (segments: StackedSegment[], rater: RaterReport | null) =>
      segments.map(
        (seg) => svg`<g>
          <rect class="segment" x=${seg.x} y=${seg.y} width=${seg.width} height=${seg.height} fill=${colours[seg.index]} opacity=${seg.faded ? 0.55 : 1}
            @click=${(e: Event) => {
              e.stopPropagation();
              if (rater) this.selectRater(rater);
            }}>
            <title>${this.labelOf(report, report.scale[seg.index]!.value)}: ${this.fmt.percent(seg.share)}</title>
          </rect>
          ${seg.labelled ? svg`<text x=${seg.x + seg.width / 2} y=${seg.y + seg.height / 2} dy="0.35em" text-anchor="middle" font-size=${fs * 0.8} fill=${textOn(colours[seg.index]!)} pointer-events="none">${this.fmt.percent(seg.share)}</text>` : nothing}
        </g>`,
      );
    const rowTemplate = (row: StackedRow, i: number) => {
      if (row.kind === 'org') {
        return svg`<g class="org">
          <text x=${L.label.x} y=${row.labelY} dy="0.35em" font-size=${fs} font-weight="700">${this.msg('organisation')}</text>
          ${bar(row.segments, null)}
          <text x=${L.count.x + L.count.width} y=${row.cy} dy="0.35em" text-anchor="end" font-size=${fs} font-weight="700">${this.fmt.integer(report.org.n)}</text>
        </g>`;
      }
      const index = i - 1;
      const r = raters[index]!;
      const selected = selectedId === r.rater_id;
      const moved = byRater.get(r.rater_id);
      const flags = [
        ...r.flags.map((f) => this.flagText(f)),
        ...(moved && this.beforeAfter ? [`↑${moved.up} ↓${moved.down}`] : []),
      ].join(' · ');
      const m = row.mark;
      const mark = !m ? nothing : m.d ? svg`<path class="point ${m.shape}" d=${m.d}></path>` : svg`<circle class="point" cx=${m.x} cy=${m.y} r=${m.size}></circle>`;
      const label = this.raterLabel(r);
      const aria = this.msg('row.aria', {
        label,
        n: this.fmt.integer(r.n),
        mean: this.fmt.number(r.mean, 2),
        effect: r.shrunk_effect === null ? this.msg('row.not-estimated') : this.fmt.number(r.shrunk_effect, 2),
        flags: flags ? `, ${flags}` : '',
      });
      return svg`<g class="row ${selected ? 'selected' : ''}" role="button" tabindex=${this.rowFocus.tabIndex(index)}
          data-index=${index} data-rater=${r.rater_id} aria-label=${aria} aria-pressed=${selected}
          @click=${() => {
            this.rowFocus.follow(index);
            this.selectRater(r);
          }}
          @focus=${() => {
            this.rowFocus.follow(index);
            this.anticipate(this.raterClause(r));
          }}
          @blur=${() => this.anticipate(null)}
          @pointerenter=${() => this.anticipate(this.raterClause(r))}
          @pointerleave=${() => this.anticipate(null)}
          @keydown=${(e: KeyboardEvent) => this.onRowKey(e, D.rows.length - 1, () => this.selectRater(r))}>
        <rect class="row-bg" x="0" y=${row.y + 1} width=${L.width} height=${L.rowHeight - 2} fill="transparent" rx="3"></rect>
        <text x=${L.label.x + 4} y=${row.labelY} dy="0.35em" font-size=${fs}>${truncate(label, L.label.width, fs)}</text>
        ${row.flagY !== null ? flagLine(flags, { x: L.label.x + 4, y: row.flagY, width: L.label.width - 4, fs: fs * 0.78, dy: '0.35em' }) : nothing}
        ${bar(row.segments, r)}
        ${row.interval ? svg`<line class="interval" x1=${row.interval.x1} x2=${row.interval.x2} y1=${row.cy} y2=${row.cy}></line>` : nothing}
        ${mark}
        <text x=${L.count.x + L.count.width} y=${row.cy} dy="0.35em" text-anchor="end" font-size=${fs}>${this.fmt.integer(r.n)}</text>
      </g>`;
    };
    return html`<svg part="chart" width=${L.width} height=${D.height} role="group" aria-label=${this.msg('chart.label')}>
      <text x=${H.share.x} y=${H.share.y} text-anchor=${H.share.anchor} font-size=${H.fontSize} class="muted">${shareLabel}</text>
      <text x=${H.effect.x} y=${H.effect.y} text-anchor=${H.effect.anchor} font-size=${H.fontSize} class="muted">${this.msg('chart.effect')}</text>
      <text x=${H.count.x} y=${H.count.y} text-anchor=${H.count.anchor} font-size=${fs * 0.85} class="muted">${this.msg('chart.n')}</text>
      ${D.effectTicks.map((t) => svg`<line class="grid" x1=${t.x} x2=${t.x} y1=${D.top} y2=${D.bottom}></line>
        <text x=${t.x} y=${D.bottom + fs} text-anchor="middle" font-size=${fs * 0.75} class="muted">${t.value > 0 ? '+' : ''}${this.fmt.number(t.value, 2)}</text>`)}
      <line class="zero" x1=${D.effectZero} x2=${D.effectZero} y1=${D.top} y2=${D.bottom}></line>
      <line class="zero" x1=${D.shareZero} x2=${D.shareZero} y1=${D.top} y2=${D.bottom} opacity="0.35"></line>
      ${D.rows.map(rowTemplate)}
      ${D.guidelines.map((g) => svg`<line class="guideline" x1=${g.x} x2=${g.x} y1=${g.y1} y2=${g.y2} pointer-events="none"></line>`)}
    </svg>
    ${report.shown_raters > raters.length
      ? html`<p class="more">${this.msg('chart.more', { shown: this.fmt.integer(raters.length), all: this.fmt.integer(report.shown_raters) })}</p>`
      : nothing}`;
  }

  private multiples(report: CalibrationReport): TemplateResult {
    // Always there by now: an update waits for it (scheduleUpdate).
    if (!this.multiplesCode) return html``;
    return this.multiplesCode.renderMultiples({
      msg: (key, params) => this.msg(key, params),
      fmt: this.fmt,
      report,
      raters: shownRaters(report.raters, this.rowBudget(), isPool),
      width: this.chartWidth,
      projector: this.isProjector,
      raterLabel: (r) => this.raterLabel(r),
      flagText: (flag) => this.flagText(flag),
      labelOf: (value) => this.labelOf(report, value),
      tabIndex: (index) => this.rowFocus.tabIndex(index),
      selectRater: (r) => this.selectRater(r),
      anticipateRater: (r) => this.anticipate(r && this.raterClause(r)),
      onRowKey: (e, count, activate) => this.onRowKey(e, count, activate),
    });
  }

  /** The multiples' code, loaded when the view is first `multiples`: the render waits for it (never stacked first). */
  private multiplesCode: typeof import('./multiples.js') | null = null;
  private multiplesLoading: Promise<void> | null = null;

  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.view !== 'multiples' || this.multiplesCode) return super.scheduleUpdate();
    this.multiplesLoading ??= import('./multiples.js').then((code) => {
      this.multiplesCode = code;
    });
    return this.multiplesLoading.then(() => super.scheduleUpdate());
  }

  /** The rater table's columns; `forExport` splits the interval into two numbers (CSV). */
  private columns(report: CalibrationReport, forExport: boolean): DataTableColumn<RaterReport>[] {
    const f = (d: number) => (v: unknown) => this.fmt.number(typeof v === 'number' ? v : null, d);
    const interval: DataTableColumn<RaterReport>[] = forExport
      ? [
          { key: 'ci_low', label: this.msg('col.ci-low'), numeric: true, format: f(2), digits: 2 },
          { key: 'ci_high', label: this.msg('col.ci-high'), numeric: true, format: f(2), digits: 2 },
        ]
      : [
          {
            key: 'ci',
            label: this.msg('col.ci'),
            format: (_v, r) =>
              r.ci_low === null || r.ci_high === null
                ? this.fmt.number(null)
                : this.msg('interval', { low: this.fmt.number(r.ci_low, 2), high: this.fmt.number(r.ci_high, 2) }),
          },
        ];
    return [
      { key: 'label', label: this.msg('col.rater'), format: (_v, r) => this.raterLabel(r) },
      { key: 'n', label: this.msg('col.n'), numeric: true, format: (v) => this.fmt.integer(v as number) },
      { key: 'mean', label: this.msg('col.mean'), numeric: true, format: f(2), digits: 2 },
      { key: 'sd', label: this.msg('col.sd'), numeric: true, format: f(2), digits: 2 },
      { key: 'effect', label: this.msg('col.effect'), numeric: true, format: f(2), digits: 2 },
      { key: 'shrunk_effect', label: this.msg('col.shrunk'), numeric: true, format: f(2), digits: 2 },
      ...interval,
      { key: 'flags', label: this.msg('col.flags'), format: (_v, r) => r.flags.map((x) => this.flagText(x)).join(', ') || this.fmt.number(null) },
      ...report.scale.map((s) => ({
        key: `v${s.value}`,
        label: s.label ? `${s.value} ${s.label}` : String(s.value),
        numeric: true,
        format: (_v: unknown, r: RaterReport) => this.fmt.integer(r.counts[String(s.value)] ?? 0),
      })),
    ];
  }

  protected override rowsForExport(report: CalibrationReport): ViewRows {
    const rows = report.raters.map((r) => ({
      ...r,
      label: this.raterLabel(r),
      flags: r.flags.map((x) => this.flagText(x)).join(', '),
      ...Object.fromEntries(report.scale.map((s) => [`v${s.value}`, r.counts[String(s.value)] ?? 0])),
    }));
    const plain = this.columns(report, true).map(({ key, label, numeric }) => ({ key, label, numeric }));
    return { caption: this.msg('table.caption'), columns: plain, rows };
  }

  /**
   * The table alternative, drawn once it is opened: at 10,000 people it lists over a thousand
   * raters, which the chart's first paint should not wait for (CSV export reads the data, not it).
   */
  private table(report: CalibrationReport): TemplateResult {
    return html`<details part="table" ?open=${this.tableOpen} @toggle=${(e: Event) => (this.tableOpen = (e.currentTarget as HTMLDetailsElement).open)}>
      <summary>${this.msg('table.summary')}</summary>
      ${this.tableOpen
        ? html`<plumb-data-table caption=${this.msg('table.caption')} .columns=${this.columns(report, false)} .rows=${report.raters}></plumb-data-table>`
        : nothing}
    </details>`;
  }

  /** Four-fifths figures, only when the embedder opted in with `impact-attribute` (groups ≥ min-group). */
  private impact(report: CalibrationReport): TemplateResult | typeof nothing {
    const impact = report.changes?.adverse_impact;
    if (!impact) return nothing;
    const k = this.fmt.integer(report.privacy.min_group);
    const title = this.msg('impact.title', { attribute: impact.attribute, stage: this.msg(`stage.${report.changes!.after_stage}`) });
    if (impact.withheld) return html`<section part="impact" class="impact"><h3>${title}</h3><p>${this.msg('impact.withheld')}</p></section>`;
    const up = new Map(impact.moved_up.map((g) => [g.group, g]));
    const rows = impact.top_rating.map((g) => ({ ...g, up_rate: up.get(g.group)?.rate ?? null }));
    type Row = (typeof rows)[number];
    const columns: DataTableColumn<Row>[] = [
      { key: 'group', label: this.msg('impact.group') },
      { key: 'n', label: this.msg('impact.n'), numeric: true, format: (v) => this.fmt.integer(v as number) },
      { key: 'rate', label: this.msg('impact.top-rate'), numeric: true, format: (v) => this.fmt.percent(v as number), digits: 2 },
      { key: 'ratio', label: this.msg('impact.top-ratio'), numeric: true, format: (v) => this.fmt.number(v as number | null, 2), digits: 2 },
      { key: 'up_rate', label: this.msg('impact.up-rate'), numeric: true, format: (v) => this.fmt.percent(v as number | null), digits: 2 },
      { key: 'adverse', label: this.msg('impact.adverse'), format: (_v, r) => (r.adverse ? this.msg('impact.yes') : this.msg('impact.no')) },
    ];
    return html`<section part="impact" class="impact"><h3>${title}</h3>
      <plumb-data-table caption=${this.msg('impact.caption', { k })} .columns=${columns} .rows=${rows}></plumb-data-table>
      ${impact.suppressed_groups > 0 ? html`<p>${this.msg('impact.suppressed', { n: this.fmt.integer(impact.suppressed_groups), k })}</p>` : nothing}
    </section>`;
  }
}
