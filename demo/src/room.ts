import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { loadSample, queryRows, type Connector } from '@plumb/core';
import type { DuckDBAssets } from '@plumb/core/wasm';
import '@plumb/elements';
import {
  exportCSV,
  exportPNG,
  exportSVG,
  LocalizeController,
  type PlumbData,
  type PlumbLoadDetail,
  type PlumbErrorDetail,
  type PlumbSelectionChangeDetail,
  type PlumbRoom,
  type PlumbRoomChangeDetail,
} from '@plumb/elements';
import './session-area.js';
import { ROOM_LANGUAGES, roomMessages } from './room.messages.js';

export const SAMPLE_PEOPLE = 600;
export const SAMPLE_SEED = 7;


interface ViewSpec {
  id: 'cascade' | 'burndown' | 'ratings' | 'ninebox';
  tag: string;
}

// The calibration views first: at 1280×720 the first screen of the room is the rating chart.
const VIEWS: ViewSpec[] = [
  { id: 'ratings', tag: 'plumb-rating-distribution' },
  { id: 'ninebox', tag: 'plumb-nine-box' },
  { id: 'burndown', tag: 'plumb-confidence-burndown' },
  { id: 'cascade', tag: 'plumb-cascade-tree' },
];

/**
 * The calibration room: one `<plumb-data>` (the sample organisation, or the
 * files a facilitator drops), its diagnostics first, then four linked views,
 * with projector, anonymize and export controls.
 */
export class CalibrationRoom extends LitElement {
  /** DuckDB asset URLs (set by main.ts from the bundler; tests pass their own). */
  static assets: DuckDBAssets | null = null;

  @state() private mode: 'sample' | 'files' = 'sample';
  @state() private files: File[] = [];
  @state() private projector = false;
  @state() private anonymize = false;
  @state() private theme: 'light' | 'dark' = 'light';
  @state() private teams: { team_id: string; name: string | null }[] = [];
  @state() private teamId = '';
  @state() private message = '';
  @state() private dragging = false;
  /** The room's strings and formats follow the page's `lang` (the language switch sets it). */
  private readonly i18n = new LocalizeController(this, 'demo', roomMessages);

  /** Light DOM: the page's stylesheet styles the room, and tests reach in directly. */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  get data(): PlumbData | null {
    return this.querySelector('plumb-data');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    this.applyTheme();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
  }

  private readonly prepareSample = async (connector: Connector): Promise<void> => {
    await loadSample(connector, { people: SAMPLE_PEOPLE, seed: SAMPLE_SEED });
  };

  private onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging = true;
  };

  private onDragLeave = (event: DragEvent): void => {
    if (event.relatedTarget === null) this.dragging = false;
  };

  private onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) this.openFiles(files);
  };

  /** Load the facilitator's own exports instead of the sample. */
  openFiles(files: File[]): void {
    this.mode = 'files';
    this.files = files;
    this.teams = [];
    this.teamId = '';
    this.message =
      files.length === 1 ? this.i18n.msg('status.loading-file', { name: files[0]!.name }) : this.i18n.msg('status.loading-files', { n: files.length });
  }

  useSample(): void {
    this.mode = 'sample';
    this.files = [];
  }

  private onFileInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length) this.openFiles(files);
    input.value = '';
  }

  private async onLoad(event: CustomEvent<PlumbLoadDetail>): Promise<void> {
    const { report } = event.detail;
    const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
    const files = this.files.map((f) => f.name).join(', ');
    this.message =
      this.mode === 'sample'
        ? this.i18n.msg('status.sample-ready', { n: report.tables.people ?? 0 })
        : errors
          ? this.i18n.msg('status.files-loaded-errors', { files, n: errors })
          : this.i18n.msg('status.files-loaded', { files });
    const source = this.data?.source;
    if (!source?.connector) return;
    try {
      this.teams = await queryRows<{ team_id: string; name: string | null }>(
        source.connector,
        'SELECT team_id, name FROM teams ORDER BY name NULLS LAST, team_id',
      );
    } catch {
      this.teams = [];
    }
  }

  private onError(event: CustomEvent<PlumbErrorDetail>): void {
    this.message = event.detail.message;
  }

  private onSelectionChange(event: CustomEvent<PlumbSelectionChangeDetail>): void {
    // The newest team in the selection is the room's focus.
    const team = event.detail.clauses.findLast((c) => c.filter.team_id)?.filter.team_id;
    this.teamId = team ?? '';
  }

  private focusTeam(teamId: string): void {
    this.teamId = teamId;
    // The label is what every view says the figures cover ("Engineering: 3 more 4s than the guideline").
    const label = this.teams.find((t) => t.team_id === teamId)?.name ?? teamId;
    this.data?.select(teamId ? { kind: 'team', id: teamId, label, filter: { team_id: teamId } } : null);
  }

  get room(): PlumbRoom | null {
    return this.querySelector('plumb-room');
  }

  /** Projector = the room presents: one view at a time, projector type, names hidden until shown. */
  private setProjector(on: boolean): void {
    this.projector = on;
    this.applyTheme();
  }

  private onRoomChange(event: CustomEvent<PlumbRoomChangeDetail>): void {
    if (event.detail.presenting !== this.projector) this.setProjector(event.detail.presenting);
  }

  private setTheme(theme: 'light' | 'dark'): void {
    this.theme = theme;
    this.applyTheme();
  }

  private setLanguage(lang: string): void {
    document.documentElement.lang = lang;
    this.requestUpdate();
  }

  private viewTitle(view: ViewSpec): string {
    return this.i18n.msg(`view.${view.id}.title`);
  }

  private applyTheme(): void {
    document.documentElement.dataset.plumbTheme = this.projector ? 'projector' : this.theme;
  }

  private async exportView(view: ViewSpec, format: 'svg' | 'png' | 'csv'): Promise<void> {
    const element = this.querySelector(`[data-view=${view.id}]`);
    if (!element) return;
    try {
      const name = `${this.viewTitle(view)} ${this.i18n.msg(this.mode === 'sample' ? 'export.file-sample' : 'export.file-export')}`;
      if (format === 'svg') await exportSVG(element, { name });
      else if (format === 'png') await exportPNG(element, { name });
      else await exportCSV(element, { name });
      this.message = this.i18n.msg('export.saved', { view: this.viewTitle(view), format: format.toUpperCase() });
    } catch (error) {
      this.message = `${this.viewTitle(view)}: ${(error as Error).message}`;
    }
  }

  private renderView(view: ViewSpec): TemplateResult {
    const real = customElements.get(view.tag) !== undefined;
    // Every view takes the same switches.
    const element = real
      ? view.id === 'cascade'
        ? html`<plumb-cascade-tree data-view="cascade" ?anonymize=${this.anonymize}></plumb-cascade-tree>`
        : view.id === 'burndown'
          ? html`<plumb-confidence-burndown data-view="burndown" ?anonymize=${this.anonymize}></plumb-confidence-burndown>`
          : view.id === 'ratings'
            ? html`<plumb-rating-distribution data-view="ratings" ?anonymize=${this.anonymize}></plumb-rating-distribution>`
            : html`<plumb-nine-box data-view="ninebox" editable ?anonymize=${this.anonymize}></plumb-nine-box>`
      : nothing; // shown once the element is registered
    return html`<article class="view view-${view.id}" aria-labelledby="title-${view.id}" data-title=${this.viewTitle(view)}>
      <header>
        <div>
          <h2 id="title-${view.id}">${this.viewTitle(view)}</h2>
          <p class="blurb">${this.i18n.msg(`view.${view.id}.blurb`)}</p>
        </div>
        <div class="exports" role="group" aria-label=${this.i18n.msg('export.group', { view: this.viewTitle(view) })}>
          ${(['svg', 'png', 'csv'] as const).map(
            (format) =>
              html`<button type="button" @click=${() => this.exportView(view, format)} aria-label=${this.i18n.msg('export.as', { view: this.viewTitle(view), format: format.toUpperCase() })}>
                ${format.toUpperCase()}
              </button>`,
          )}
        </div>
      </header>
      ${element}
    </article>`;
  }

  override render() {
    const msg = (key: string, params?: Record<string, string | number>) => this.i18n.msg(key, params);
    const teamName = this.teams.find((t) => t.team_id === this.teamId)?.name ?? this.teamId;
    return html`
      <header class="room-bar">
        <div class="room-title">
          <h1>Plumb <span>${msg('title.sub')}</span></h1>
          <p>
            ${this.mode === 'sample'
              ? msg('intro.sample', { n: SAMPLE_PEOPLE })
              : msg('intro.files', { files: this.files.map((f) => f.name).join(', ') })}
            ${msg('intro.private')}
          </p>
        </div>
        <div class="room-controls" role="group" aria-label=${msg('controls.label')}>
          <label class="switch">
            <input type="checkbox" role="switch" .checked=${this.projector} @change=${(e: Event) => this.setProjector((e.target as HTMLInputElement).checked)} />
            ${msg('controls.projector')}
          </label>
          <label class="switch">
            <input type="checkbox" role="switch" .checked=${this.anonymize} @change=${(e: Event) => (this.anonymize = (e.target as HTMLInputElement).checked)} />
            ${msg('controls.anonymize')}
          </label>
          <label>
            ${msg('controls.theme')}
            <select .value=${this.theme} ?disabled=${this.projector} @change=${(e: Event) => this.setTheme((e.target as HTMLSelectElement).value as 'light' | 'dark')}>
              <option value="light">${msg('theme.light')}</option>
              <option value="dark">${msg('theme.dark')}</option>
            </select>
          </label>
          <label>
            ${msg('controls.language')}
            <select .value=${this.i18n.locale} @change=${(e: Event) => this.setLanguage((e.target as HTMLSelectElement).value)}>
              ${ROOM_LANGUAGES.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === this.i18n.locale}>${l.name}</option>`)}
            </select>
          </label>
        </div>
      </header>

      <section class="drop ${this.dragging ? 'dragging' : ''}" aria-label=${msg('drop.label')}>
        <p>
          <strong>${msg('drop.lead')}</strong> ${msg('drop.text')}
          <label class="file-button">${msg('drop.choose')}<input type="file" multiple accept=".csv,.tsv,.txt,.json,.ndjson,.parquet,.arrow,.feather,.xlsx,.ods" @change=${this.onFileInput} /></label>.
          ${msg('drop.after')}
        </p>
        ${this.mode === 'files'
          ? html`<button type="button" @click=${() => this.useSample()}>${msg('drop.back')}</button>`
          : nothing}
      </section>

      <plumb-data
        id="org"
        .assets=${CalibrationRoom.assets}
        .prepare=${this.mode === 'sample' ? this.prepareSample : null}
        .files=${this.mode === 'files' ? this.files : null}
        @plumb-load=${this.onLoad}
        @plumb-error=${this.onError}
        @plumb-selection-change=${this.onSelectionChange}
      >
        <div class="focus" role="group" aria-label=${msg('focus.label')}>
          <label>
            ${msg('focus.team')}
            <select .value=${this.teamId} @change=${(e: Event) => this.focusTeam((e.target as HTMLSelectElement).value)} ?disabled=${this.teams.length === 0}>
              <option value="">${msg('focus.all')}</option>
              ${this.teams.map((t) => html`<option value=${t.team_id} ?selected=${t.team_id === this.teamId}>${t.name ?? t.team_id}</option>`)}
            </select>
          </label>
          ${this.teamId
            ? html`<span class="focus-note">${msg('focus.only', { team: teamName })}</span>
                <button type="button" @click=${() => this.focusTeam('')}>${msg('focus.show-all')}</button>`
            : html`<span class="focus-note">${msg('focus.hint')}</span>`}
        </div>
        <plumb-room class="views" ?presenting=${this.projector} @plumb-room-change=${this.onRoomChange}>
          ${VIEWS.map((v) => this.renderView(v))}
          <demo-session-area ?anonymize=${this.anonymize}></demo-session-area>
          <plumb-person-review slot="panel" ?anonymize=${this.anonymize}></plumb-person-review>
        </plumb-room>
      </plumb-data>
      <p class="room-status" role="status" aria-live="polite">${this.message}</p>
    `;
  }
}
