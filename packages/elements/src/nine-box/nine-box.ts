import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { nineBoxReport, type Connector, type NineBoxCell, type NineBoxReport, type RatingStage } from '@plumb/core';
import { plumbDataContext, type PlumbDataSource } from '../data/context.js';
import { QueryController } from '../data/query-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { nineBoxStyles } from './nine-box.styles.js';
import { DEFAULT_BOX_LABELS, deltaText, nineBoxGrid } from './nine-box-layout.js';
import { selectionOrgFilter } from '../data/selection.js';

/** Detail of the `plumb-select` event. */
export interface NineBoxSelectDetail {
  kind: 'box';
  /** `${performance}-${potential}`, e.g. "high-high". */
  id: string;
  performance: string;
  potential: string;
}

const BAND_TEXT = { low: 'Low', mid: 'Medium', high: 'High' } as const;

/**
 * @summary Performance × potential grid (nine-box): people per box with shares, names or
 * pseudonyms, and the change from another stage; small boxes are suppressed so the total cannot
 * reveal them.
 *
 * @event plumb-select - A box was chosen; `detail: {kind: 'box', id, performance, potential}`.
 *
 * @event plumb-rendered - A new query result has been drawn (for embedders timing or screenshotting).
 *
 * @csspart grid - The 3×3 grid (role="grid").
 * @csspart box - Each box.
 * @csspart summary - The summary sentence.
 * @csspart table - The data table alternative.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-color-box-high - Tint of the high-performance, high-potential corner.
 * @cssproperty --plumb-color-box-low - Tint of the low corner.
 * @cssproperty --plumb-font-size - Base type size (26px in projector mode).
 */
export class PlumbNineBox extends LitElement {
  static override styles = [themeStyles, nineBoxStyles];

  @property({ attribute: false }) connector?: Connector;
  @property() cycle?: string;
  /** Stage shown (defaults to the latest the data has: manager, then calibrated, final). */
  @property() stage?: RatingStage;
  /** A stage to compare with: boxes show the change from it. */
  @property({ attribute: 'compare-stage' }) compareStage?: RatingStage;
  @property({ attribute: 'performance-dimension' }) performanceDimension = 'overall';
  @property({ attribute: 'potential-dimension' }) potentialDimension = 'potential';
  @property() department?: string;
  @property() level?: string;
  @property({ type: Number, attribute: 'min-group' }) minGroup = 5;
  @property({ type: Boolean, reflect: true }) anonymize = false;
  @property({ type: Boolean, reflect: true }) projector = false;
  /** Names listed per box (0 hides names). */
  @property({ type: Number, attribute: 'names-per-box' }) namesPerBox = 3;
  /** Box names by id ("high-high" …); attribute as JSON. */
  @property({ type: Object }) labels: Record<string, string> = {};
  @property({ type: Boolean, attribute: 'ignore-selection' }) ignoreSelection = false;
  @property({ attribute: 'pseudonym-salt' }) pseudonymSalt = '';

  @consume({ context: plumbDataContext, subscribe: true })
  @state()
  private data?: PlumbDataSource;

  @state() private focusId = 'high-high';
  @state() private selectedId: string | null = null;

  private readonly query = new QueryController<NineBoxReport>(this, (connector) => nineBoxReport(connector, this.options()));

  get report(): NineBoxReport | undefined {
    return this.query.value;
  }

  private options() {
    const sel = this.data?.selection;
    const fromSelection =
      this.ignoreSelection || !sel || sel.source === this ? {} : selectionOrgFilter(sel);
    return {
      ...(this.cycle ? { cycle: this.cycle } : {}),
      ...(this.stage ? { stage: this.stage } : {}),
      ...(this.department ? { department: this.department } : {}),
      ...(this.level ? { level: this.level } : {}),
      ...fromSelection,
      compareStage: this.compareStage ?? null,
      performanceDimension: this.performanceDimension,
      potentialDimension: this.potentialDimension,
      minGroup: this.minGroup,
      anonymize: this.anonymize,
      pseudonymSalt: this.pseudonymSalt,
      namesPerBox: this.namesPerBox,
    };
  }

  private drawn: unknown;

  protected override updated(): void {
    if (this.query.status === 'ready' && this.query.value !== this.drawn) {
      this.drawn = this.query.value;
      this.dispatchEvent(new CustomEvent('plumb-rendered', { bubbles: true, composed: true }));
    }
  }

  protected override willUpdate(): void {
    const connector = this.connector ?? this.data?.connector ?? undefined;
    this.query.update(connector, JSON.stringify({ ...this.options(), v: this.data?.version ?? 0, own: !!this.connector }));
  }

  private label(id: string): string {
    return this.labels[id] ?? DEFAULT_BOX_LABELS[id] ?? id;
  }

  private select(cell: NineBoxCell): void {
    this.selectedId = cell.id;
    this.dispatchEvent(
      new CustomEvent<NineBoxSelectDetail>('plumb-select', {
        detail: { kind: 'box', id: cell.id, performance: cell.performance, potential: cell.potential },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onKey(e: KeyboardEvent, row: number, column: number, cell: NineBoxCell): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.select(cell);
      return;
    }
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const r = Math.max(0, Math.min(2, row + m[0]));
    const c = Math.max(0, Math.min(2, column + m[1]));
    const target = this.renderRoot.querySelector<HTMLElement>(`[data-row="${r}"][data-column="${c}"]`);
    if (target) {
      this.focusId = target.dataset.id!;
      target.focus();
    }
  }

  private summary(report: NineBoxReport): string {
    if (report.privacy.suppressed) return report.privacy.message ?? 'Nothing to show.';
    const shown = report.cells.filter((c) => !c.suppressed && c.n !== null);
    const biggest = [...shown].sort((a, b) => b.n! - a.n!)[0];
    const parts = [
      `${report.n} people placed by ${report.filter.performance} (${report.filter.stage} stage) and ${report.filter.potential}.`,
    ];
    if (biggest) parts.push(`Largest box: ${this.label(biggest.id)} with ${biggest.n} (${Math.round((biggest.share ?? 0) * 100)} %).`);
    const star = report.cells.find((c) => c.id === 'high-high');
    if (star && !star.suppressed) parts.push(`${this.label('high-high')}: ${star.n}.`);
    if (report.privacy.suppressed_boxes > 0) {
      parts.push(`${report.privacy.suppressed_boxes} boxes are hidden because they, or what subtraction would reveal of them, hold fewer than ${report.privacy.min_group} people.`);
    }
    if (report.privacy.excluded_people > 0) parts.push(`${report.privacy.excluded_people} people in groups smaller than ${report.privacy.min_group} are left out.`);
    return parts.join(' ');
  }

  override render(): TemplateResult {
    const connector = this.connector ?? this.data?.connector;
    if (!connector) return stateView('empty', 'No data source: set .connector or place this inside <plumb-data>.');
    if (this.query.status === 'error') return stateView('error', `Could not compute the nine-box grid: ${this.query.error?.message ?? 'unknown error'}`);
    const report = this.query.value;
    if (!report) return stateView('loading', 'Loading ratings…');
    if (report.privacy.suppressed) return stateView('empty', report.privacy.message ?? 'Nothing to show.');
    if (report.n === 0) return stateView('empty', `No one has both a ${report.filter.performance} and a ${report.filter.potential} rating here.`);
    const grid = nineBoxGrid(report.cells);
    const compare = this.compareStage && report.compare_n !== null;
    return html`<p class="summary" part="summary" aria-live="polite">${this.summary(report)}</p>
      <div class="frame">
        <div class="y-title">Potential →</div>
        <div class="plot">
          <div class="y-axis" aria-hidden="true"><span>High</span><span>Medium</span><span>Low</span></div>
          <div class="grid" part="grid" role="grid" aria-label="Nine-box grid: potential by performance">
            ${grid.map(
              (row, r) => html`<div role="row">
                ${row.map(({ cell, column }) => {
                  const tone = cell.id === 'high-high' ? 'high' : cell.id === 'low-low' ? 'low' : '';
                  const description = cell.suppressed
                    ? `${this.label(cell.id)}: hidden to protect a group smaller than ${report.privacy.min_group}`
                    : `${this.label(cell.id)}: ${cell.n} people, ${Math.round((cell.share ?? 0) * 100)} %`;
                  return html`<div class="box" part="box" role="gridcell" data-id=${cell.id} data-row=${r} data-column=${column}
                    data-tone=${tone} tabindex=${cell.id === this.focusId ? 0 : -1} aria-selected=${this.selectedId === cell.id}
                    aria-label=${`${description}. Performance ${BAND_TEXT[cell.performance]}, potential ${BAND_TEXT[cell.potential]}.`}
                    @click=${() => {
                      this.focusId = cell.id;
                      this.select(cell);
                    }}
                    @keydown=${(e: KeyboardEvent) => this.onKey(e, r, column, cell)}>
                    <div class="name">${this.label(cell.id)}</div>
                    ${cell.suppressed
                      ? html`<div class="suppressed">hidden: small group</div>`
                      : html`<div><span class="count">${cell.n}</span> <span class="share">${Math.round((cell.share ?? 0) * 100)} %</span></div>
                          <div class="bar" style="width:${Math.round((cell.share ?? 0) * 100)}%"></div>
                          ${compare ? html`<div class="delta">was ${cell.compare_n ?? '—'} · ${deltaText(cell.n, cell.compare_n)}</div>` : nothing}
                          ${this.names(cell)}`}
                  </div>`;
                })}
              </div>`,
            )}
          </div>
        </div>
        <div class="x-title">
          <div class="axis" aria-hidden="true"><span>Low</span><span>Medium</span><span>High</span></div>
          Performance (${report.filter.performance}, ${report.filter.stage}) →
        </div>
      </div>
      ${this.table(report)}`;
  }

  private names(cell: NineBoxCell): TemplateResult | typeof nothing {
    // Two names per box on a projector, so the grid fits a 720-pixel screen.
    const names = this.projector ? cell.names.slice(0, 2) : cell.names;
    if (names.length === 0) return nothing;
    const more = (cell.n ?? 0) - names.length;
    return html`<ul class="people">${names.map((n) => html`<li>${n}</li>`)}${more > 0 ? html`<li>+ ${more} more</li>` : nothing}</ul>`;
  }

  private table(report: NineBoxReport): TemplateResult {
    const columns: DataTableColumn<NineBoxCell>[] = [
      { key: 'id', label: 'Box', format: (_v, c) => this.label(c.id) },
      { key: 'performance', label: 'Performance', format: (_v, c) => BAND_TEXT[c.performance] },
      { key: 'potential', label: 'Potential', format: (_v, c) => BAND_TEXT[c.potential] },
      { key: 'n', label: 'People', numeric: true, format: (_v, c) => (c.suppressed ? 'hidden' : String(c.n)) },
      { key: 'share', label: 'Share', numeric: true, format: (_v, c) => (c.share === null ? '—' : `${Math.round(c.share * 100)} %`) },
      ...(this.compareStage ? [{ key: 'compare_n', label: `At ${this.compareStage}`, numeric: true } as DataTableColumn<NineBoxCell>] : []),
    ];
    return html`<details part="table"><summary>Table: people per box</summary>
      <plumb-data-table caption="People per nine-box cell" .columns=${columns} .rows=${report.cells}></plumb-data-table>
    </details>`;
  }
}
