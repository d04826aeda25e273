import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { calibrationLogQuery, type CalibrationLogEntry, type CalibrationLogOptions, type CalibrationLogResult, type ChangeImpact, type OrgFilter } from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import { themeStyles } from '../shared/theme.styles.js';
import { sessionLogMessages } from './session-log.messages.js';
import { sessionControllerOf, sessionOf } from '../session/controller.js';
import type { PlumbSessionController } from '../data/session.js';
import { levelsMoved } from '../session/moves.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import { reasonDialogIn } from '../reason-dialog/lazy.js';

/**
 * @summary The activity list of the calibration session: every change, newest first — who, when,
 * from → to, the reason — with changes a later undo cancelled struck through and said so in words;
 * undo and redo buttons; export of the change set. Pseudonyms under `anonymize` (core's log query
 * replaces every name and id). Not linked: the log is the whole session's.
 *
 * @event plumb-rendered - A new query result has been drawn.
 *
 * @csspart toolbar - Undo, redo and export buttons with the save state.
 * @csspart summary - Counts of changes in effect, undone, discussed.
 * @csspart list - The list of changes.
 * @csspart entry - One change.
 * @csspart impact - The four-fifths figures of the changes per group (with `impact-attribute`).
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-log-height - Height of the scrolling list (default 20em).
 */
export class PlumbSessionLog extends PlumbView<CalibrationLogOptions, CalibrationLogResult> {
  /** A table: its rows export as CSV; there is no drawing to export as SVG or PNG. */
  static override readonly exportFormats = ['csv'] as const;
  static override styles = [
    themeStyles,
    css`
      :host([projector]),
      :host([data-projector]) {
        --_fg: var(--plumb-color-text, #000);
        --_muted: var(--plumb-color-muted, #222);
        --_font-size: var(--plumb-font-size, 22px);
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: center;
        margin-bottom: 0.4em;
      }
      button {
        font: inherit;
        color: var(--_fg);
        background: var(--_bg);
        border: 1px solid var(--_fg);
        border-radius: var(--_radius);
        padding: 0.2em 0.6em;
        cursor: pointer;
      }
      button:disabled {
        opacity: 0.5;
        cursor: default;
      }
      .save-state {
        color: var(--_muted);
        font-size: 0.9em;
      }
      .save-state[data-state='closed'] {
        color: var(--_fg);
        font-weight: 700;
      }
      .save-state[data-state='conflict'],
      .save-state[data-state='error'] {
        color: var(--_bad);
        font-weight: 700;
      }
      .summary {
        margin: 0 0 0.4em;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: var(--plumb-log-height, 20em);
        overflow-y: auto;
        border-top: 1px solid var(--_border);
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0 0.6em;
        padding: 0.35em 0.2em;
        border-bottom: 1px solid var(--_border);
      }
      .what {
        font-weight: 600;
      }
      li[data-undone] .what {
        text-decoration: line-through;
        font-weight: 400;
        color: var(--_muted);
      }
      .meta,
      .reason {
        font-size: 0.85em;
        color: var(--_muted);
        grid-column: 1;
      }
      .reason {
        color: var(--_fg);
      }
      .flag {
        font-size: 0.85em;
        margin-inline-start: 0.4em;
      }
      .flag[data-flag='big-move'] {
        color: var(--_warn);
        font-weight: 700;
      }
      .flag[data-flag='no-reason'] {
        color: var(--_bad);
      }
      .impact-title {
        font-weight: 600;
        margin: 0.8em 0 0.3em;
      }
      .impact-scroll {
        overflow-x: auto;
      }
      .impact table {
        border-collapse: collapse;
        width: 100%;
      }
      .impact th,
      .impact td {
        text-align: start;
        padding: 0.15em 0.4em;
        border-bottom: 1px solid var(--_border);
      }
      .impact .num {
        text-align: end;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .impact .note {
        font-size: 0.85em;
        color: var(--_muted);
      }
      .flag[data-flag='impact'] {
        color: var(--_warn);
        font-weight: 700;
      }
      li button {
        grid-column: 2;
        grid-row: 1 / span 3;
        align-self: center;
        font-size: 0.85em;
      }
    `,
  ];
  protected static override messages = { family: 'session-log', catalogue: sessionLogMessages };
  protected readonly query = calibrationLogQuery;
  protected get what(): string {
    return this.msg('what');
  }

  /** The session shown (default: the latest of the cycle). */
  @property({ attribute: 'session-id' }) sessionId?: string;
  /**
   * Opt-in: a `person_attributes` attribute (e.g. a protected group an embedder supplies for this check):
   * the log then shows, per group of at least min-group people, how often its people were moved up and
   * down against the best group (the four-fifths rule of thumb) — a guardrail, not a quota.
   */
  @property({ attribute: 'impact-attribute' }) impactAttribute?: string;
  /** Levels at which a change is flagged as a big move (0: never). */
  @property({ type: Number, attribute: 'flag-levels' }) flagLevels = 2;

  @state() private announcement = '';

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.toggleAttribute('data-projector', this.isProjector);
  }

  protected options(_filter: OrgFilter): CalibrationLogOptions {
    // The whole session's log: a selection elsewhere narrows the other views, not the record.
    return { session_id: this.sessionId ?? null, cycle: this.cycle ?? null, ...(this.impactAttribute ? { impactAttribute: this.impactAttribute } : {}) };
  }

  private session(): PlumbSessionController | null {
    return sessionOf(this);
  }

  private dialog(): Promise<PlumbReasonDialog | null> {
    return reasonDialogIn(this.renderRoot);
  }

  private rating(v: number | null): string {
    return v === null ? '—' : this.fmt.number(v, 2);
  }

  private entryText(e: CalibrationLogEntry): string {
    const person = e.employee ?? this.msg('someone');
    switch (e.kind) {
      case 'rating':
        return this.msg('entry.rating', { person, dimension: this.dimensionLabel(e.dimension), from: this.rating(e.from_rating), to: this.rating(e.to_rating) });
      case 'discussed':
        return this.msg('entry.discussed', { person });
      case 'note':
        return e.employee ? this.msg('entry.note-person', { person, text: e.reason ?? '' }) : this.msg('entry.note', { text: e.reason ?? '' });
      default:
        return this.msg('entry.undo', { seq: this.fmt.integer(e.undoes_seq) });
    }
  }

  private async act(action: (s: PlumbSessionController) => Promise<unknown>): Promise<void> {
    const session = this.session();
    if (!session) return;
    try {
      await action(session);
    } catch (error) {
      this.announcement = error instanceof Error ? error.message : String(error);
    }
  }

  /** Download the session's change set (real ids: an anonymized room is asked first). */
  exportChanges(format: 'csv' | 'json', options: { download?: boolean } = {}): Promise<Blob | null> {
    return Promise.all([this.dialog(), import('../session/export.js')]).then(([dialog, { exportSessionChanges }]) => exportSessionChanges(sessionControllerOf(this), this.coordinator?.connector, format, this.isAnonymized, dialog, options));
  }

  /** Download every rating with the calibrated stage in force, in the canonical layout (`ratings.csv`, real ids: asked first when anonymized). */
  exportCalibratedRatings(options: { download?: boolean } = {}): Promise<Blob | null> {
    return Promise.all([this.dialog(), import('../session/export.js')]).then(([dialog, { exportCalibratedRatings }]) => exportCalibratedRatings(sessionControllerOf(this), this.coordinator?.connector, this.isAnonymized, dialog, options));
  }

  /** Close the session after asking (no one can change a rating in it afterwards). */
  private async closeSession(): Promise<void> {
    const ok = await (await this.dialog())?.confirm({ title: this.msg('close.title'), message: this.msg('close.message'), confirm: this.msg('close') });
    if (ok) await this.act((s) => s.close());
  }

  protected override renderToolbar(): TemplateResult {
    const session = this.session();
    const canUndo = !!session?.canUndo;
    const canRedo = !!session?.canRedo;
    const controller = sessionControllerOf(this);
    const closedAt = controller?.session?.closed_at ?? null;
    const saveState = closedAt ? 'closed' : (session?.state ?? 'idle');
    return html`<div class="toolbar" part="toolbar">
      <button type="button" part="undo" ?disabled=${!session || !canUndo} @click=${() => this.act((s) => s.undo())}>↶ ${this.msg('undo')}</button>
      <button type="button" part="redo" ?disabled=${!session || !canRedo} @click=${() => this.act((s) => s.redo())}>↷ ${this.msg('redo')}</button>
      ${controller?.session
        ? html`<button type="button" part="export-csv" @click=${() => this.exportChanges('csv')}>${this.msg('export.csv')}</button>
            <button type="button" part="export-json" @click=${() => this.exportChanges('json')}>${this.msg('export.json')}</button>
            <button type="button" part="export-ratings" @click=${() => this.exportCalibratedRatings()}>${this.msg('export.ratings')}</button>`
        : nothing}
      ${session ? html`<button type="button" part="close-session" @click=${() => this.closeSession()}>${this.msg('close')}</button>` : nothing}
      <span class="save-state" part="save-state" data-state=${saveState} role="status">${this.msg(`state.${saveState}`, closedAt ? { time: this.fmt.time(closedAt) } : {})}</span>
    </div>`;
  }

  protected renderResult(result: CalibrationLogResult): TemplateResult {
    const entries = result.entries;
    const effective = entries.filter((e) => !e.undone && e.kind === 'rating').length;
    const undone = entries.filter((e) => e.undone && e.kind !== 'undo').length;
    const discussed = entries.filter((e) => !e.undone && e.kind === 'discussed').length;
    const editable = !!this.session();
    return html`<p class="summary" part="summary">${this.msg('summary', { changes: this.fmt.integer(effective), undone: this.fmt.integer(undone), discussed: this.fmt.integer(discussed) })}</p>
      ${entries.length === 0
        ? html`<p class="state" part="state">${result.session_id ? this.msg('empty') : this.msg('no-session')}</p>`
        : html`<ol part="list" aria-label=${this.msg('list.label')} tabindex="0">
            ${entries.map((e) => {
              const text = this.entryText(e);
              const levels = e.kind === 'rating' ? levelsMoved(e.from_rating, e.to_rating) : 0;
              const big = e.kind === 'rating' && this.flagLevels > 0 && levels >= this.flagLevels;
              const noReason = e.kind === 'rating' && !e.reason?.trim();
              return html`<li part="entry" ?data-undone=${e.undone}>
                <span class="what"><bdi>${text}</bdi>${e.undone ? html` <span>(${this.msg('entry.undone')})</span>` : nothing}${big
                  ? html`<span class="flag" data-flag="big-move">${this.msg('flag.big-move', { levels: this.fmt.integer(levels) })}</span>`
                  : nothing}${noReason && !e.undone ? html`<span class="flag" data-flag="no-reason">${this.msg('flag.no-reason')}</span>` : nothing}</span>
                ${e.kind === 'rating' && e.reason ? html`<span class="reason"><bdi>${this.msg('entry.reason', { reason: e.reason })}</bdi></span>` : nothing}
                <span class="meta">#${this.fmt.integer(e.seq)} · ${e.by ? this.msg('entry.meta', { time: this.fmt.time(e.at), by: e.by }) : this.fmt.time(e.at)}</span>
                ${editable && !e.undone && (e.kind === 'rating' || e.kind === 'discussed')
                  ? html`<button type="button" part="undo-entry" aria-label=${this.msg('undo.entry-aria', { seq: this.fmt.integer(e.seq), text })}
                      @click=${() => this.act((s) => s.undo(e.seq))}>${this.msg('undo.entry')}</button>`
                  : nothing}
              </li>`;
            })}
          </ol>`}
      ${result.change_impact ? this.renderImpact(result.change_impact) : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <plumb-reason-dialog .locale=${this.locale}></plumb-reason-dialog>`;
  }

  /** The four-fifths figures of the changes: a table with the flags said in words. */
  private renderImpact(impact: ChangeImpact): TemplateResult {
    const fmt = this.fmt;
    const ratio = (v: number | null, flagged: boolean) =>
      html`${v === null ? '—' : fmt.number(v, 2)}${flagged ? html` <span class="flag" data-flag="impact">${this.msg('impact.flag')}</span>` : nothing}`;
    return html`<section class="impact" part="impact" aria-labelledby="impact-title">
      <p class="impact-title" id="impact-title">${this.msg('impact.title', { attribute: impact.attribute })}</p>
      <div class="impact-scroll" tabindex="0" role="region" aria-labelledby="impact-title"><table aria-labelledby="impact-title">
        <thead><tr>
          <th scope="col">${this.msg('impact.group')}</th><th scope="col" class="num">${this.msg('impact.n')}</th>
          <th scope="col" class="num">${this.msg('impact.up')}</th><th scope="col" class="num">${this.msg('impact.up-ratio')}</th>
          <th scope="col" class="num">${this.msg('impact.down')}</th><th scope="col" class="num">${this.msg('impact.down-ratio')}</th>
        </tr></thead>
        <tbody>${impact.groups.map(
          (g) => html`<tr>
            <th scope="row"><bdi>${g.group}</bdi></th><td class="num">${fmt.integer(g.n)}</td>
            <td class="num">${fmt.integer(g.up)} (${fmt.percent(g.up_rate)})</td><td class="num">${ratio(g.up_ratio, g.up_flag)}</td>
            <td class="num">${fmt.integer(g.down)} (${fmt.percent(g.down_rate)})</td><td class="num">${ratio(g.down_ratio, g.down_flag)}</td>
          </tr>`,
        )}</tbody>
      </table></div>
      <p class="note">${impact.groups.length ? this.msg('impact.note') : this.msg('impact.none', { k: fmt.integer(impact.minGroup) })}${impact.suppressed_groups
        ? ` ${this.msg('impact.suppressed', { n: fmt.integer(impact.suppressed_groups), k: fmt.integer(impact.minGroup) })}`
        : ''}</p>
    </section>`;
  }

  protected override rowsForExport(result: CalibrationLogResult): ViewRows {
    return {
      caption: this.msg('title'),
      columns: ['seq', 'kind', 'employee', 'dimension', 'from_rating', 'to_rating', 'reason', 'by', 'at', 'undone'].map((key) => ({ key, label: key })),
      rows: result.entries.map((e) => ({ ...e })),
    };
  }
}
