import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { calibrationTableQuery, type CalibrationTableOptions, type CalibrationTableResult, type OrgFilter } from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import { themeStyles } from '../shared/theme.styles.js';
import { cssStyle } from '../shared/css-style.js';
import { scrollToRow, virtualWindow } from '../shared/virtual-window.js';
import { gridKeys } from '../shared/roving-focus.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import { calibrationTableStyles } from './calibration-table.styles.js';
import { calibrationTableMessages } from './calibration-table.messages.js';
import { filterRows, isChanged, rowFlags, sortRows, tableCounts, teamLabel, type SortKey, type TableRow, type TableShow, type TableSort } from './table-model.js';
import { levelsMoved, scaleValues, stepRating, typedRating } from '../session/moves.js';
import { reasonPolicyOf, sessionOf, } from '../session/controller.js';
import type { PlumbSessionController } from '../data/session.js';
import { proposeChange } from '../session/propose.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import { reasonDialogIn } from '../reason-dialog/lazy.js';

const COLUMNS: readonly SortKey[] = ['name', 'team_id', 'manager_name', 'manager_rating', 'calibrated_rating', 'change', 'last_reason', 'discussed', 'previous_rating'];
const NUMERIC = new Set<SortKey>(['manager_rating', 'calibrated_rating', 'previous_rating']);
const RATING_COLUMN = COLUMNS.indexOf('calibrated_rating');

/**
 * @summary The calibration table: one row per person in scope with the manager's rating, the
 * calibrated rating (the original struck through beside it when changed, and said in words), the
 * last reason, whether the room discussed them, and last cycle's rating. Sortable, filterable,
 * virtualised (only the rows in view are in the DOM), and edited from the keyboard through the
 * `<plumb-data>`'s session: + / − or a digit change the calibrated rating, D marks discussed, R gives a
 * reason; a move the room's reason policy (`<plumb-data reason-policy>`) names asks for one.
 *
 * @event plumb-select - A person was chosen (Enter on a name): `{kind: 'person', id, label, filter: {person_id}}`.
 * @event plumb-rendered - A new query result has been drawn.
 *
 * @csspart toolbar - Filter, show and export controls.
 * @csspart summary - The counts line (people, changed, discussed, flags).
 * @csspart grid - The table (role="grid").
 * @csspart scroller - The scrolling body.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-table-height - Height of the scrolling body (default 24em; 12em in projector mode).
 * @cssproperty --plumb-font-size - Base type size (22px in projector mode).
 */
export class PlumbCalibrationTable extends PlumbView<CalibrationTableOptions, CalibrationTableResult> {
  /** A table: its rows export as CSV; there is no drawing to export as SVG or PNG. */
  static override readonly exportFormats = ['csv'] as const;
  static override styles = [themeStyles, calibrationTableStyles];
  protected static override messages = { family: 'calibration-table', catalogue: calibrationTableMessages };
  protected readonly query = calibrationTableQuery;
  protected get what(): string {
    return this.msg('what');
  }

  /** The rating dimension shown and changed. */
  @property() dimension = 'overall';
  @property() department?: string;
  @property() level?: string;
  /** Levels from the manager's rating at which a session's change is flagged (0: never). */
  @property({ type: Number, attribute: 'flag-levels' }) flagLevels = 2;

  @state() private sort: TableSort = { key: 'name', descending: false };
  @state() private filterText = '';
  @state() private show: TableShow = 'all';
  /** The active cell: row in the drawn order (−1 is the header row) and column. */
  @state() private active = { row: 0, column: 0 };
  /** The body's scroll position (not reactive: only a move of the drawn window re-renders). */
  private bodyScroll = 0;
  @state() private viewport = 480;
  @state() private announcement = '';
  private rowHeight = 30;
  private order: number[] = [];
  private orderKey: unknown[] = [];
  private focusAfterRender = false;

  protected options(filter: OrgFilter): CalibrationTableOptions {
    return {
      cycle: this.cycle ?? undefined,
      dimension: this.dimension,
      department: this.department ?? filter.department,
      level: this.level ?? filter.level,
      team_id: filter.team_id,
      rater_id: filter.rater_id,
    };
  }

  /** The rows as the query gave them (unsorted, unfiltered). */
  get rows(): readonly TableRow[] {
    return this.result?.rows ?? [];
  }

  /** The rating scale's values (from the data's scale, else every rating seen). */
  get scale(): number[] {
    const r = this.result;
    if (!r) return [];
    return scaleValues(r.scale.length ? r.scale.map((s) => s.value) : r.rows.flatMap((x) => [x.manager_rating, x.calibrated_rating]));
  }

  /** Row indices in the order drawn (filter and sort applied). */
  get drawnOrder(): readonly number[] {
    this.computeOrder();
    return this.order;
  }

  private computeOrder(): void {
    const key = [this.result, this.sort, this.filterText, this.show, this.flagLevels, this.locale];
    if (key.every((k, i) => k === this.orderKey[i])) return;
    const rows = this.rows;
    const kept = filterRows(rows, { text: this.filterText, show: this.show }, this.scale, this.flagLevels);
    this.order = sortRows(rows, kept, this.sort, this.fmt.locale);
    this.orderKey = key;
  }

  protected override emptyMessage(result: CalibrationTableResult): string | null {
    return result.rows.length === 0 ? this.msg('empty.none', { dimension: this.dimensionLabel(this.dimension) }) : null;
  }

  private session(): PlumbSessionController | null {
    return sessionOf(this);
  }

  private rating(v: number | null): string {
    return v === null ? this.msg('none') : this.fmt.number(v, 2);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Projector type whether set here, on <plumb-data>, or by a presenting <plumb-room> (styles key on it).
    this.toggleAttribute('data-projector', this.isProjector);
    this.computeOrder();
    // Keep the active cell on a drawn row once there are rows (before a result there is nothing to clamp to).
    if (this.result && this.active.row >= this.order.length) this.active = { ...this.active, row: Math.max(-1, this.order.length - 1) };
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    if (!scroller) return;
    const rowEl = this.renderRoot.querySelector<HTMLElement>('.body .row');
    // Rows are a fixed number of ems high: measure one once drawn (the projector's type is bigger).
    if (rowEl && rowEl.offsetHeight > 0 && Math.abs(rowEl.offsetHeight - this.rowHeight) > 0.5) this.rowHeight = rowEl.getBoundingClientRect().height;
    if (scroller.clientHeight > 0 && scroller.clientHeight !== this.viewport) this.viewport = scroller.clientHeight;
    if (Math.abs(scroller.scrollTop - this.bodyScroll) > 1) scroller.scrollTop = this.bodyScroll;
    if (this.focusAfterRender) {
      this.focusAfterRender = false;
      this.activeCell()?.focus({ preventScroll: true });
    }
  }

  private activeCell(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-r="${this.active.row}"][data-c="${this.active.column}"]`);
  }

  private onScroll(e: Event): void {
    const top = (e.currentTarget as HTMLElement).scrollTop;
    const before = virtualWindow(this.order.length, this.rowHeight, this.bodyScroll, this.viewport);
    const after = virtualWindow(this.order.length, this.rowHeight, top, this.viewport);
    this.bodyScroll = top;
    // Re-render only when the window of drawn rows moves (scrolling inside it costs nothing).
    if (before.start !== after.start || before.end !== after.end) this.requestUpdate();
  }

  private moveTo(row: number, column: number): void {
    const rows = this.order.length;
    const r = Math.max(-1, Math.min(rows - 1, row));
    const c = Math.max(0, Math.min(COLUMNS.length - 1, column));
    this.active = { row: r, column: c };
    if (r >= 0) this.bodyScroll = scrollToRow(r, this.rowHeight, this.bodyScroll, this.viewport);
    this.focusAfterRender = true;
  }

  private onKey(e: KeyboardEvent): void {
    if ((e.target as Element).closest('input, select')) return;
    const { row, column } = this.active;
    const page = Math.max(1, Math.floor(this.viewport / this.rowHeight) - 1);
    const mod = e.ctrlKey || e.metaKey;
    // The grid's moves are the shared grid strategy (column headers as row −1); moveTo scrolls and focuses.
    const next = gridKeys({ rows: this.order.length, columns: COLUMNS.length, headerRow: true, page })(e.key, { row, column }, { ctrl: mod });
    if (next) {
      e.preventDefault();
      this.moveTo(next.row, next.column);
      return;
    }
    if (row === -1) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.sortBy(COLUMNS[column]!);
      }
      return;
    }
    const index = this.order[row];
    if (index === undefined) return;
    const target = this.rows[index]!;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && !e.shiftKey) return void (e.preventDefault(), this.undo());
    if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) return void (e.preventDefault(), this.redo());
    if (mod || e.altKey) return;
    const current = target.calibrated_rating ?? target.manager_rating;
    if (e.key === '+' || e.key === '=') return void (e.preventDefault(), this.change(target, stepRating(current, 1, this.scale)));
    if (e.key === '-' || e.key === '_') return void (e.preventDefault(), this.change(target, stepRating(current, -1, this.scale)));
    const typed = typedRating(e.key, this.scale);
    if (typed !== null) return void (e.preventDefault(), this.change(target, typed));
    if (key === 'd') return void (e.preventDefault(), this.markDiscussed(target));
    if (key === 'r') return void (e.preventDefault(), this.change(target, current, true));
    if (e.key === 'Enter' && column === 0) {
      e.preventDefault();
      void this.select({ kind: 'person', id: target.id, label: target.name, filter: { person_id: target.id } });
    }
  }

  private dialog(): Promise<PlumbReasonDialog | null> {
    return reasonDialogIn(this.renderRoot);
  }

  private async change(row: TableRow, to: number | null, askReason = false): Promise<void> {
    if (to === null) return;
    const from = row.calibrated_rating ?? row.manager_rating;
    const outcome = await proposeChange(
      this.session(),
      () => this.dialog(),
      {
        employee_id: row.id,
        label: row.name,
        dimension: this.dimension,
        dimensionLabel: this.dimensionLabel(this.dimension),
        from,
        to,
        scale: this.scale,
        policy: reasonPolicyOf(this),
        askAlways: askReason,
        ...(row.last_reason ? { initialReason: row.last_reason } : {}),
      },
      (v) => this.rating(v),
    );
    if (outcome.status === 'saved') {
      this.announcement = this.msg('announce.changed', { person: row.name, dimension: this.dimensionLabel(this.dimension), from: this.rating(from), to: this.rating(to) });
    } else if (outcome.status === 'read-only') this.announcement = this.msg('announce.read-only');
    else if (outcome.status === 'failed') this.announcement = this.msg('announce.failed', { message: outcome.error.message });
    this.focusAfterRender = true;
    this.requestUpdate();
  }

  private async markDiscussed(row: TableRow): Promise<void> {
    const session = this.session();
    if (!session) return void (this.announcement = this.msg('announce.read-only'));
    try {
      await session.markDiscussed({ employee_id: row.id, dimension: this.dimension });
      this.announcement = this.msg('announce.discussed', { person: row.name });
    } catch (error) {
      this.announcement = this.msg('announce.failed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async undo(): Promise<void> {
    const session = this.session();
    if (!session) return void (this.announcement = this.msg('announce.read-only'));
    await session.undo();
    this.announcement = this.msg('announce.undone');
  }

  private async redo(): Promise<void> {
    const session = this.session();
    if (!session) return void (this.announcement = this.msg('announce.read-only'));
    await session.redo();
    this.announcement = this.msg('announce.redone');
  }

  private sortBy(key: SortKey): void {
    this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : NUMERIC.has(key) };
    this.bodyScroll = 0;
    this.requestUpdate();
  }

  private onFocusIn(e: FocusEvent): void {
    const cell = (e.target as Element).closest<HTMLElement>('[data-r]');
    if (!cell) return;
    const row = Number(cell.dataset.r);
    const column = Number(cell.dataset.c);
    if (row !== this.active.row || column !== this.active.column) this.active = { row, column };
  }

  protected override renderToolbar(): TemplateResult {
    const editable = !!this.session();
    return html`<div class="toolbar" part="toolbar">
      <label>${this.msg('filter.label')}
        <input type="search" .value=${this.filterText} @input=${(e: Event) => {
          this.filterText = (e.target as HTMLInputElement).value;
          this.bodyScroll = 0;
          this.active = { row: 0, column: this.active.column };
        }} />
      </label>
      <label>${this.msg('show.label')}
        <select @change=${(e: Event) => {
          this.show = (e.target as HTMLSelectElement).value as TableShow;
          this.bodyScroll = 0;
        }}>
          ${(['all', 'changed', 'not-discussed', 'flagged'] as const).map((s) => html`<option value=${s} ?selected=${this.show === s}>${this.msg(`show.${s}`)}</option>`)}
        </select>
      </label>
      ${editable
        ? html`<button type="button" part="export-csv" @click=${() => this.exportChanges('csv')}>${this.msg('export.csv')}</button>
            <button type="button" part="export-json" @click=${() => this.exportChanges('json')}>${this.msg('export.json')}</button>`
        : nothing}
    </div>`;
  }

  /** Download the session's change set (real ids: an anonymized room is asked first). */
  async exportChanges(format: 'csv' | 'json', options: { download?: boolean } = {}): Promise<Blob | null> {
    const { exportSessionChanges } = await import('../session/export.js');
    const blob = await exportSessionChanges(this.session(), this.coordinator?.connector, format, this.isAnonymized, await this.dialog(), options);
    this.focusAfterRender = true;
    this.requestUpdate();
    return blob;
  }

  private header(): TemplateResult {
    return html`<div role="rowgroup" class="head">
      <div role="row" class="row" aria-rowindex="1">
        ${COLUMNS.map((key, c) => {
          const sorted = this.sort.key === key;
          return html`<div role="columnheader" class="cell ${NUMERIC.has(key) ? 'num' : ''}" data-r="-1" data-c=${c}
            tabindex=${this.active.row === -1 && this.active.column === c ? 0 : -1}
            aria-sort=${sorted ? (this.sort.descending ? 'descending' : 'ascending') : 'none'}
            @click=${() => this.sortBy(key)}>
            ${this.msg(`col.${key}`)}${sorted ? html` <span aria-hidden="true">${this.sort.descending ? '▼' : '▲'}</span>` : nothing}
          </div>`;
        })}
      </div>
    </div>`;
  }

  private ratingCell(row: TableRow): TemplateResult {
    if (!isChanged(row)) return html`${this.rating(row.calibrated_rating ?? row.manager_rating)}`;
    return html`<s aria-hidden="true">${this.rating(row.manager_rating)}</s> <span aria-hidden="true">→</span>
      <span class="to" aria-hidden="true">${this.rating(row.calibrated_rating)}</span>`;
  }

  private ratingLabel(row: TableRow): string {
    const to = this.rating(row.calibrated_rating ?? row.manager_rating);
    return isChanged(row) ? this.msg('rating.changed', { to, from: this.rating(row.manager_rating) }) : this.msg('rating.same', { to });
  }

  private flags(row: TableRow): TemplateResult | typeof nothing {
    const flags = rowFlags(row, this.scale, this.flagLevels);
    if (flags.length === 0) return nothing;
    const levels = this.fmt.integer(levelsMoved(row.manager_rating, row.calibrated_rating, this.scale));
    return html`${flags.map((f) => html`<span class="flag" data-flag=${f}>${this.msg(`flag.${f}`, { levels })}</span>`)}`;
  }

  private cell(row: TableRow, r: number, c: number): TemplateResult {
    const key = COLUMNS[c]!;
    const tab = this.active.row === r && this.active.column === c ? 0 : -1;
    const num = NUMERIC.has(key) ? 'num' : '';
    switch (key) {
      case 'calibrated_rating':
        return html`<div role="gridcell" class="cell num" data-r=${r} data-c=${c} tabindex=${tab} aria-label=${this.ratingLabel(row)}>${this.ratingCell(row)}</div>`;
      case 'change':
        return html`<div role="gridcell" class="cell" data-r=${r} data-c=${c} tabindex=${tab}>${this.flags(row)}</div>`;
      case 'discussed':
        return html`<div role="gridcell" class="cell ${row.discussed ? '' : 'muted'}" data-r=${r} data-c=${c} tabindex=${tab}>${this.msg(row.discussed ? 'discussed.yes' : 'discussed.no')}</div>`;
      case 'name':
        return html`<div role="rowheader" class="cell" data-r=${r} data-c=${c} tabindex=${tab}><bdi>${row.name}</bdi></div>`;
      case 'manager_rating':
      case 'previous_rating':
        return html`<div role="gridcell" class="cell ${num}" data-r=${r} data-c=${c} tabindex=${tab}>${this.rating(row[key])}</div>`;
      case 'team_id':
        return html`<div role="gridcell" class="cell" data-r=${r} data-c=${c} tabindex=${tab}><bdi>${teamLabel(row) ?? ''}</bdi></div>`;
      default:
        return html`<div role="gridcell" class="cell" data-r=${r} data-c=${c} tabindex=${tab}><bdi>${row[key] ?? ''}</bdi></div>`;
    }
  }

  protected renderResult(result: CalibrationTableResult): TemplateResult {
    const rows = this.rows;
    const order = this.order;
    const counts = tableCounts(rows, this.scale, this.flagLevels);
    const fmt = this.fmt;
    const { start, end } = virtualWindow(order.length, this.rowHeight, this.bodyScroll, this.viewport);
    const drawn: TemplateResult[] = [];
    for (let r = start; r < end; r++) {
      const row = rows[order[r]!]!;
      drawn.push(html`<div role="row" class="row" aria-rowindex=${r + 2} ?data-changed=${isChanged(row)}>${COLUMNS.map((_k, c) => this.cell(row, r, c))}</div>`);
    }
    return html`<p class="summary" part="summary">
        ${this.msg('summary', { n: fmt.integer(counts.n), changed: fmt.integer(counts.changed), discussed: fmt.integer(counts.discussed) })}
        ${counts.changed > 0 ? html`· ${this.msg('summary.flags', { big: fmt.integer(counts.bigMoves), noReason: fmt.integer(counts.withoutReason) })}` : nothing}
        ${order.length !== rows.length ? this.msg('summary.shown', { shown: fmt.integer(order.length), n: fmt.integer(rows.length) }) : nothing}
      </p>
      <p class="keys" id="keys">${this.msg('keys')}</p>
      <div class="grid" part="grid" role="grid" aria-label=${this.msg('grid.label', { n: fmt.integer(order.length), dimension: this.dimensionLabel(result.dimension ?? this.dimension) })}
        aria-rowcount=${order.length + 1} aria-colcount=${COLUMNS.length} aria-describedby="keys"
        @keydown=${(e: KeyboardEvent) => this.onKey(e)} @focusin=${(e: FocusEvent) => this.onFocusIn(e)}>
        ${this.header()}
        ${order.length === 0
          ? html`<p class="state" part="state">${this.msg('empty.filtered')}</p>`
          : html`<div class="scroller" part="scroller" @scroll=${(e: Event) => this.onScroll(e)}>
              <div role="rowgroup" class="body" ${cssStyle({ height: `${order.length * this.rowHeight}px` })}>
                <div ${cssStyle({ transform: `translateY(${start * this.rowHeight}px)` })}>${drawn}</div>
              </div>
            </div>`}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <plumb-reason-dialog .locale=${this.locale}></plumb-reason-dialog>`;
  }

  protected override rowsForExport(result: CalibrationTableResult): ViewRows {
    const columns: DataTableColumn<TableRow>[] = COLUMNS.filter((k) => k !== 'change').map((key) => ({ key, label: this.msg(`col.${key}`), numeric: NUMERIC.has(key) }));
    const rows = this.drawnOrder.map((i) => {
      const row = result.rows[i]!;
      return { ...row, team_id: teamLabel(row), discussed: this.msg(row.discussed ? 'discussed.yes' : 'discussed.no') };
    });
    return { caption: this.msg('grid.label', { n: this.fmt.integer(rows.length), dimension: this.dimensionLabel(this.dimension) }), columns, rows };
  }
}
