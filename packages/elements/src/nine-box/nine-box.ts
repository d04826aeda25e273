import { html, nothing, render, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { nineBoxQuery, reasonRequired, type Band, type NineBoxCell, type NineBoxOptions, type NineBoxPerson, type NineBoxReport, type OrgFilter, type RatingStage } from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import type { PlumbClause } from '../data/coordinator.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { nineBoxStyles } from './nine-box.styles.js';
import { deltaOf, largestBox, namesShown, nineBoxDrawing, nineBoxGrid } from './nine-box-layout.js';
import { nineBoxMessages } from './nine-box.messages.js';
import { RovingFocusController, gridKeys } from '../shared/roving-focus.js';
import { reasonPolicyOf, sessionOf } from '../session/controller.js';
import { levelsMoved, ratingForBand, scaleValues } from '../session/moves.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import { reasonDialogIn } from '../reason-dialog/lazy.js';


const SVG_NS = 'http://www.w3.org/2000/svg';

/** What a click on a person in a box selects for the other views. */
function personClause(person: { id: string; label: string }): Omit<PlumbClause, 'source'> {
  return { kind: 'person', id: person.id, label: person.label, filter: { person_id: person.id } };
}

/**
 * @summary Performance × potential grid (nine-box): people per box with shares, names or
 * pseudonyms, and the change from another stage, under the same privacy plan as the rating
 * distribution (one plan per `<plumb-data>`: no box is hidden on its own, so no two figures on a
 * page subtract to a group under min-group; names are listed only in boxes of at least min-group).
 *
 * @event plumb-select - A person was chosen: `{kind: 'person', id, label, filter: {person_id}}` (the
 * person review opens on it); or a box: `{kind: 'box', id, label, filter: {}}` — a box narrows no
 * other view (its people are defined by their ratings, which no filter of another view may cut).
 * @event plumb-rendered - A new query result has been drawn.
 *
 * @csspart grid - The 3×3 grid (role="grid").
 * @csspart box - Each box.
 * @csspart person - A person's name or pseudonym in a box (a button).
 * @csspart summary - The summary sentence.
 * @csspart table - The data table alternative.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-color-box-high - Tint of the high-performance, high-potential corner.
 * @cssproperty --plumb-color-box-low - Tint of the low corner.
 * @cssproperty --plumb-font-size - Base type size (26px in projector mode).
 */
export class PlumbNineBox extends PlumbView<NineBoxOptions, NineBoxReport> {
  static override styles = [themeStyles, nineBoxStyles];
  protected static override messages = { family: 'nine-box', catalogue: nineBoxMessages };
  protected readonly query = nineBoxQuery;
  protected get what(): string {
    return this.msg('what');
  }

  /** Stage shown (defaults to the latest the data has: manager, then calibrated, final). */
  @property() stage?: RatingStage;
  /** A stage to compare with: boxes show the change from it. */
  @property({ attribute: 'compare-stage' }) compareStage?: RatingStage;
  @property({ attribute: 'performance-dimension' }) performanceDimension = 'overall';
  @property({ attribute: 'potential-dimension' }) potentialDimension = 'potential';
  @property() department?: string;
  @property() level?: string;
  /** Names listed per box (0 hides names). */
  @property({ type: Number, attribute: 'names-per-box' }) namesPerBox = 3;
  /** Box names by id ("high-high" …), replacing the catalogue's; attribute as JSON. */
  @property({ type: Object }) labels: Record<string, string> = {};

  /**
   * Move people between boxes through the `<plumb-data>`'s open session: drag a name to a box, or
   * focus a name, Space/Enter picks it up, arrows choose the box, Enter drops, Escape cancels.
   * A drop changes the performance and/or potential rating to the nearest value of the new box.
   */
  @property({ type: Boolean, reflect: true }) editable = false;

  /** The grid is one tab stop (a box id); arrows move between boxes. */
  private readonly boxFocus = new RovingFocusController<string>(this, { initial: 'high-high', selector: (id) => `.box[data-id="${id}"]` });
  /** The person being moved from the keyboard (or dragged), and the box it would land in. */
  @state() private carrying: { person: NineBoxPerson; from: string; target: string } | null = null;
  @state() private announcement = '';

  get report(): NineBoxReport | undefined {
    return this.result;
  }

  protected options(filter: OrgFilter): NineBoxOptions {
    // Moving people changes the calibrated stage: an editable grid with an open session shows it,
    // against the manager's (the before/after of every box).
    const session = this.editable && !!sessionOf(this);
    return {
      cycle: this.cycle ?? undefined,
      stage: this.stage ?? (session ? 'calibrated' : undefined),
      department: this.department ?? filter.department,
      level: this.level ?? filter.level,
      team_id: filter.team_id,
      manager_id: filter.manager_id,
      rater_id: filter.rater_id,
      compareStage: this.compareStage ?? (session ? 'manager' : null),
      performanceDimension: this.performanceDimension,
      potentialDimension: this.potentialDimension,
      namesPerBox: this.namesPerBox,
    };
  }

  protected override emptyMessage(report: NineBoxReport): string | null {
    const withheld = this.withheldMessage(report.privacy);
    if (withheld !== null) return withheld;
    if (report.n === 0) return this.msg('empty.no-pairs', { performance: this.dimensionLabel(report.filter.performance), potential: this.dimensionLabel(report.filter.potential) });
    return null;
  }

  private label(id: string): string {
    return this.labels[id] ?? this.msg(`box.${id}`);
  }

  private get selectedBox(): string | null {
    const own = this.ownClause;
    return own?.kind === 'box' ? own.id : null;
  }

  private selectBox(cell: NineBoxCell): void {
    this.boxFocus.follow(cell.id);
    void this.select({ kind: 'box', id: cell.id, label: this.label(cell.id), filter: {} });
  }

  private selectPerson(person: { id: string; label: string }): void {
    void this.select(personClause(person));
  }

  private onKey(e: KeyboardEvent, row: number, column: number, cell: NineBoxCell): void {
    if (e.target !== e.currentTarget) return; // a person's button handles its own keys
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.selectBox(cell);
      return;
    }
    const grid = gridKeys({ rows: 3, columns: 3 });
    this.boxFocus.keydown(e, (key, _id, modifiers) => {
      const next = grid(key, { row, column }, modifiers);
      return next && (this.renderRoot.querySelector<HTMLElement>(`[data-row="${next.row}"][data-column="${next.column}"]`)?.dataset.id ?? null);
    });
  }

  private stageText(stage: string): string {
    return this.msg(`stage.${stage}`);
  }

  private summary(report: NineBoxReport): string {
    const fmt = this.fmt;
    const k = fmt.integer(report.privacy.min_group);
    const parts = [
      this.msg('summary.placed', {
        n: fmt.integer(report.n),
        performance: this.dimensionLabel(report.filter.performance),
        stage: this.stageText(report.filter.stage),
        potential: this.dimensionLabel(report.filter.potential),
      }),
    ];
    const biggest = largestBox(report.cells);
    parts.push(
      biggest
        ? this.msg('summary.largest', { box: this.label(biggest.id), n: fmt.integer(biggest.n), share: fmt.percent(biggest.share) })
        : this.msg('summary.all-empty'),
    );
    const star = report.cells.find((c) => c.id === 'high-high');
    if (star && biggest && star !== biggest) parts.push(this.msg('summary.star', { box: this.label('high-high'), n: fmt.integer(star.n) }));
    if (this.namesPerBox > 0 && report.cells.some((c) => (c.n ?? 0) > 0 && (c.n ?? 0) < report.privacy.min_group)) {
      parts.push(this.msg('summary.no-names', { k }));
    }
    if (report.privacy.excluded_people > 0) parts.push(this.msg('summary.excluded', { n: fmt.integer(report.privacy.excluded_people), k }));
    if (report.privacy.cut_people > 0) parts.push(this.msg('summary.cut', { n: fmt.integer(report.privacy.cut_people), k }));
    return parts.join(' ');
  }

  protected renderResult(report: NineBoxReport): TemplateResult {
    const grid = nineBoxGrid(report.cells);
    const compare = report.compare_n !== null;
    const selected = this.selectedBox;
    const band = (b: string) => this.msg(`band.${b}`);
    // While someone is carried, the line above the grid says where they would land (the summary waits).
    return html`${this.carrying
        ? html`<p class="summary moving" part="moving">${this.msg('move.status', { name: this.carrying.person.label, box: this.boxLabel(this.carrying.target) })}</p>`
        : html`<p class="summary" part="summary" aria-live="polite">${this.summary(report)}</p>`}
      <div class="frame">
        <div class="y-title">${this.msg('axis.potential')}</div>
        <div class="plot">
          <div class="y-axis" aria-hidden="true"><span>${band('high')}</span><span>${band('mid')}</span><span>${band('low')}</span></div>
          <div class="grid" part="grid" role="grid" aria-label=${this.msg('grid.label')}>
            ${grid.map(
              (row, r) => html`<div role="row">
                ${row.map(({ cell, column }) => {
                  const tone = cell.id === 'high-high' ? 'high' : cell.id === 'low-low' ? 'low' : '';
                  const aria = this.msg('box.aria', {
                    box: this.label(cell.id),
                    n: this.fmt.integer(cell.n),
                    share: this.fmt.percent(cell.share),
                    performance: band(cell.performance),
                    potential: band(cell.potential),
                  });
                  const delta = compare ? deltaOf(cell.n, cell.compare_n) : null;
                  return html`<div class="box" part="box" role="gridcell" data-id=${cell.id} data-row=${r} data-column=${column}
                    data-tone=${tone} tabindex=${this.boxFocus.tabIndex(cell.id)} aria-selected=${selected === cell.id}
                    ?data-target=${this.carrying?.target === cell.id} aria-label=${aria}
                    @dragover=${(e: DragEvent) => this.onDragOver(e, cell)}
                    @drop=${(e: DragEvent) => this.onDrop(e, cell)}
                    @click=${(e: Event) => {
                      if ((e.target as Element).closest('button')) return;
                      this.selectBox(cell);
                    }}
                    @keydown=${(e: KeyboardEvent) => this.onKey(e, r, column, cell)}>
                    <div class="name">${this.label(cell.id)}</div>
                    <div><span class="count">${this.fmt.integer(cell.n)}</span> <span class="share">${this.fmt.percent(cell.share)}</span></div>
                    <svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
                      <rect width=${Math.round((cell.share ?? 0) * 100)} height="4"></rect>
                    </svg>
                    ${compare
                      ? html`<div class="delta">${this.msg('delta.was', {
                          n: this.fmt.integer(cell.compare_n),
                          delta: delta ? this.msg(delta.key, { n: this.fmt.integer(delta.n) }) : '',
                        })}</div>`
                      : nothing}
                    ${this.names(cell)}
                  </div>`;
                })}
              </div>`,
            )}
          </div>
        </div>
        <div class="x-title">
          <div class="axis" aria-hidden="true"><span>${band('low')}</span><span>${band('mid')}</span><span>${band('high')}</span></div>
          ${this.msg('axis.performance', { performance: this.dimensionLabel(report.filter.performance), stage: this.stageText(report.filter.stage) })}
        </div>
      </div>
      <p class="visually-hidden" role="status" aria-live="assertive">${this.announcement}</p>
      ${this.editable ? html`<plumb-reason-dialog .locale=${this.locale}></plumb-reason-dialog>` : nothing}
      ${this.table(report)}`;
  }

  private names(cell: NineBoxCell): TemplateResult | typeof nothing {
    const people = namesShown(cell.people ?? [], this.isProjector, globalThis.innerHeight || 1080);
    if (people.length === 0) return nothing;
    const more = (cell.n ?? 0) - people.length;
    const editing = this.canEdit;
    return html`<ul class="people">${people.map(
      // The grid is one tab stop (arrows move between boxes); once a box is chosen (Enter or a
      // click), its names are the next tab stops, so the page's tab order stays short.
      (p) => html`<li><button type="button" part="person" class="person" tabindex=${cell.id === this.selectedBox ? 0 : -1}
          data-person=${p.id} draggable=${editing ? 'true' : 'false'} aria-pressed=${editing ? String(this.carrying?.person.id === p.id) : nothing}
          aria-label=${this.msg(editing ? 'person.aria-move' : 'person.aria', { name: p.label })}
          @keydown=${(e: KeyboardEvent) => this.onPersonKey(e, p, cell)}
          @dragstart=${(e: DragEvent) => this.onDragStart(e, p, cell)}
          @dragend=${() => this.onDragEnd()}
          @pointerenter=${() => this.anticipate(personClause(p))}
          @focus=${() => this.anticipate(personClause(p))}
          @pointerleave=${() => this.anticipate(null)}
          @blur=${() => this.anticipate(null)}
          @click=${() => this.selectPerson(p)}><bdi>${p.label}</bdi></button></li>`,
    )}${more > 0 ? html`<li>${this.msg('more', { n: this.fmt.integer(more) })}</li>` : nothing}</ul>`;
  }

  /** Editing needs `editable`, an open session and a drawn grid. */
  private get canEdit(): boolean {
    return this.editable && !!sessionOf(this) && !!this.result && !this.result.privacy.suppressed;
  }

  private boxLabel(id: string): string {
    const [performance, potential] = id.split('-') as [Band, Band];
    return this.msg('move.box', { box: this.label(id), performance: this.msg(`band.${performance}`), potential: this.msg(`band.${potential}`) });
  }

  private onPersonKey(e: KeyboardEvent, person: NineBoxPerson, cell: NineBoxCell): void {
    if (!this.canEdit) return;
    const carrying = this.carrying;
    if (!carrying) {
      if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        this.carrying = { person, from: cell.id, target: cell.id };
        this.announcement = this.msg('move.picked', { name: person.label, box: this.boxLabel(cell.id) });
      }
      return;
    }
    const steps: Record<string, [number, number]> = { ArrowUp: [0, 1], ArrowDown: [0, -1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const order: Band[] = ['low', 'mid', 'high'];
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.carrying = null;
      this.announcement = this.msg('move.cancelled', { name: person.label });
      return;
    }
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      void this.drop(carrying.target);
      return;
    }
    const step = steps[e.key];
    if (!step) return;
    e.preventDefault();
    const [p, q] = carrying.target.split('-') as [Band, Band];
    const np = order[Math.max(0, Math.min(2, order.indexOf(p) + step[0]))]!;
    const nq = order[Math.max(0, Math.min(2, order.indexOf(q) + step[1]))]!;
    const target = `${np}-${nq}`;
    this.carrying = { ...carrying, target };
    this.announcement = this.msg('move.over', { box: this.boxLabel(target) });
  }

  private onDragStart(e: DragEvent, person: NineBoxPerson, cell: NineBoxCell): void {
    if (!this.canEdit) return e.preventDefault();
    e.dataTransfer?.setData('text/plain', person.label);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
    this.carrying = { person, from: cell.id, target: cell.id };
  }

  private onDragEnd(): void {
    // A drop already settled it; a drag let go elsewhere cancels.
    if (this.carrying && !this.dropping) this.carrying = null;
  }

  private onDragOver(e: DragEvent, cell: NineBoxCell): void {
    if (!this.carrying) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    if (this.carrying.target !== cell.id) this.carrying = { ...this.carrying, target: cell.id };
  }

  private onDrop(e: DragEvent, cell: NineBoxCell): void {
    if (!this.carrying) return;
    e.preventDefault();
    void this.drop(cell.id);
  }

  private dropping = false;

  private dialog(): Promise<PlumbReasonDialog | null> {
    return reasonDialogIn(this.renderRoot);
  }

  /** Drop the carried person into `target`: the nearest ratings of that box, a reason when the move needs one. */
  private async drop(target: string): Promise<void> {
    const carrying = this.carrying;
    const report = this.result;
    const session = sessionOf(this);
    if (!carrying || !report || !session) return;
    this.dropping = true;
    const { person } = carrying;
    const [perfBand, potBand] = target.split('-') as [Band, Band];
    const perfScale = scaleValues([person.performance], report.ranges.performance);
    const potScale = scaleValues([person.potential], report.ranges.potential);
    const changes = [
      { dimension: report.filter.performance, from: person.performance, to: ratingForBand(person.performance, perfBand, perfScale), scale: perfScale },
      { dimension: report.filter.potential, from: person.potential, to: ratingForBand(person.potential, potBand, potScale), scale: potScale },
    ].filter((c): c is typeof c & { to: number } => c.to !== null && c.to !== c.from);
    const refocus = () => this.renderRoot.querySelector<HTMLElement>(`[data-person="${CSS.escape(person.id)}"]`)?.focus();
    try {
      if (changes.length === 0) {
        this.announcement = this.msg('move.same', { name: person.label });
        return;
      }
      const policy = reasonPolicyOf(this);
      const required = changes.some((c) => reasonRequired(policy, c.from, c.to));
      let reason: string | undefined;
      if (required) {
        const answer = await (await this.dialog())?.ask({
          person: person.label,
          dimension: changes.map((c) => this.dimensionLabel(c.dimension)).join(' · '),
          from: changes.map((c) => this.fmt.number(c.from, 2)).join(' · '),
          to: changes.map((c) => this.fmt.number(c.to, 2)).join(' · '),
          levels: Math.max(...changes.map((c) => levelsMoved(c.from, c.to, c.scale))),
          required,
        });
        if (answer === null || answer === undefined) {
          this.announcement = this.msg('move.cancelled', { name: person.label });
          return;
        }
        reason = answer || undefined;
      }
      for (const c of changes) {
        await session.changeRating({ employee_id: person.id, dimension: c.dimension, to_rating: c.to, from_rating: c.from, ...(reason ? { reason } : {}) });
      }
      this.announcement = this.msg('move.dropped', { name: person.label, box: this.boxLabel(target) });
    } catch (error) {
      this.announcement = this.msg('move.failed', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.carrying = null;
      this.dropping = false;
      await this.settled();
      refocus();
    }
  }

  private columns(report: NineBoxReport): DataTableColumn<NineBoxCell>[] {
    return [
      { key: 'id', label: this.msg('col.box'), format: (_v, c) => this.label(c.id) },
      { key: 'performance', label: this.msg('col.performance'), format: (_v, c) => this.msg(`band.${c.performance}`) },
      { key: 'potential', label: this.msg('col.potential'), format: (_v, c) => this.msg(`band.${c.potential}`) },
      { key: 'n', label: this.msg('col.n'), numeric: true, format: (v) => this.fmt.integer(v as number | null) },
      { key: 'share', label: this.msg('col.share'), numeric: true, format: (v) => this.fmt.percent(v as number | null), digits: 2 },
      ...(report.compare_n !== null
        ? [{ key: 'compare_n', label: this.msg('col.compare', { stage: this.stageText(this.compareStage ?? 'manager') }), numeric: true, format: (v: unknown) => this.fmt.integer(v as number | null) } as DataTableColumn<NineBoxCell>]
        : []),
    ];
  }

  private table(report: NineBoxReport): TemplateResult {
    return html`<details part="table"><summary>${this.msg('table.summary')}</summary>
      <plumb-data-table caption=${this.msg('table.caption')} .columns=${this.columns(report)} .rows=${report.cells}></plumb-data-table>
    </details>`;
  }

  protected override rowsForExport(report: NineBoxReport): ViewRows {
    const rows = report.cells.map((c) => ({
      ...c,
      id: this.label(c.id),
      performance: this.msg(`band.${c.performance}`),
      potential: this.msg(`band.${c.potential}`),
    }));
    const columns = this.columns(report).map(({ key, label, numeric }) => ({ key, label, numeric }));
    return { caption: this.msg('table.caption'), columns, rows };
  }

  /**
   * The grid as an SVG drawing for SVG/PNG export (the on-screen grid is HTML): made from the
   * result with the pure layout, presentation attributes only.
   */
  override chartNode(): SVGSVGElement | null {
    const report = this.result;
    if (!report || report.privacy.suppressed) return null;
    const d = nineBoxDrawing(report.cells, this.width > 0 ? this.width : 900, this.isProjector);
    const byId = new Map(report.cells.map((c) => [c.id, c]));
    const fs = d.fontSize;
    const title = this.msg('export.title', { performance: report.filter.performance, potential: report.filter.potential, stage: this.stageText(report.filter.stage) });
    const host = document.createElement('div');
    render(
      html`<svg xmlns=${SVG_NS} width=${d.width} height=${d.height} viewBox=${`0 0 ${d.width} ${d.height}`} role="img" aria-label=${title}
          font-family="system-ui, sans-serif">
        <rect width=${d.width} height=${d.height} fill="#fff"></rect>
        <text x=${d.left} y=${fs * 1.3} font-size=${fs} font-weight="700" fill="#111">${title}</text>
        ${d.boxes.map((b) => {
          const cell = byId.get(b.id)!;
          const fill = b.tone === 'high' ? '#ece8f4' : b.tone === 'low' ? '#fbeee0' : '#fff';
          return svg`<g>
            <rect x=${b.x} y=${b.y} width=${b.width} height=${b.height} rx="4" fill=${fill} stroke="#333" stroke-width="1.5"></rect>
            <text x=${b.x + fs * 0.6} y=${b.y + fs * 1.4} font-size=${fs} font-weight="700" fill="#111">${this.label(b.id)}</text>
            <text x=${b.x + fs * 0.6} y=${b.y + fs * 3.4} font-size=${fs * 1.8} font-weight="700" fill="#111">${this.fmt.integer(cell.n)}</text>
            <text x=${b.x + b.width - fs * 0.6} y=${b.y + fs * 3.4} font-size=${fs} text-anchor="end" fill="#444">${this.fmt.percent(cell.share)}</text>
            <rect x=${b.x + fs * 0.6} y=${b.y + fs * 4.3} width=${b.bar} height=${fs * 0.4} fill="#111"></rect>
          </g>`;
        })}
        <text x=${d.left + (d.width - d.left) / 2} y=${d.height - fs * 0.6} font-size=${fs} text-anchor="middle" fill="#111">${this.msg('axis.performance', {
          performance: this.dimensionLabel(report.filter.performance),
          stage: this.stageText(report.filter.stage),
        })}</text>
        <text transform=${`translate(${fs * 1.2} ${d.title + (d.height - d.title - d.bottom) / 2}) rotate(-90)`} font-size=${fs} text-anchor="middle" fill="#111">${this.msg('axis.potential')}</text>
      </svg>`,
      host,
    );
    return host.querySelector('svg');
  }
}
