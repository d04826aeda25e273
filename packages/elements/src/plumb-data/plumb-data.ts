import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider, type ContextEvent as ContextRequestEvent } from '@lit/context';
import type { Table } from 'apache-arrow';
import {
  PlumbError,
  filterDescriptionQuery,
  type CanonicalTable,
  type CanonicalRows,
  type Connector,
  type Diagnostic,
  type FilterPart,
  type OrgFilter,
} from '@plumb/core/queries';
import { CALIBRATION_TABLES, createSchema, tableRowCounts, insertArrowTable, insertRows } from '@plumb/core/tables';
import type { Text } from '@plumb/core/queries';
import type { AnswerPatch, ConfidenceScale, LoadOptions, LoadProgress, LoadReport, MappingFile, SourceInput } from '@plumb/core/load';
import type { DuckDBAssets, WasmConnector } from '@plumb/core/wasm';
import { plumbDataContext, type PlumbDataSource, type ViewStatus } from '../data/context.js';
import { PlumbCoordinator, type PlumbClause } from '../data/coordinator.js';
import type { PlumbClauseInfo, PlumbSelectionChangeDetail } from '../events.js';
import { installPlumbDataResolver, type PlumbDataProviderHost } from '../data/resolve.js';
import { defaultLoader, emptyReport, type SourceLoader } from '../data/loader.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import type { CorrectableLoadOptions, PlumbLoadOptionsDetail } from './load-report.js';
import { plumbDataStyles } from './plumb-data.styles.js';
import { plumbDataMessages } from './plumb-data.messages.js';
import type { FamilyCatalogue } from '../i18n/catalogue.js';
import { PlumbElement } from '../view/plumb-element.js';
import { PlumbSessionController, type PlumbSessionHost, type PlumbSessionSnapshot, type ReasonPolicy } from '../data/session.js';

/** Rows for canonical tables given directly (plain objects or Arrow tables), skipping files. */
export type PlumbTables = { [T in CanonicalTable]?: readonly Partial<CanonicalRows[T]>[] | Table };

/** Something `.files` accepts: a dropped `File`, a `Blob` (named `data`), or a full `SourceInput`. */
export type PlumbFileInput = File | Blob | SourceInput;

/** The same four states as a view's (`ViewStatus`). */
export type PlumbDataStatus = ViewStatus;

export interface PlumbLoadDetail {
  report: LoadReport;
  /** The `version` the elements inside now see. */
  version: number;
}

export interface PlumbErrorDetail {
  /** What went wrong, in one sentence. */
  message: string;
  diagnostics: Diagnostic[];
  error?: unknown;
}

/** `plumb-progress`: where a load is (bytes read, rows checked, files done). */
export type PlumbProgressDetail = LoadProgress;

export type { PlumbSelectionChangeDetail };

/** A selection made from outside the views (`<plumb-data>.select()`): a clause without its source. */
export type PlumbSelectInput = Omit<PlumbClause, 'source'> & { source?: Element };

function toSourceInput(input: PlumbFileInput, index: number): SourceInput {
  if (typeof File !== 'undefined' && input instanceof File) return { name: input.name, data: input };
  if (input instanceof Blob) return { name: `data-${index + 1}`, data: input };
  return input;
}

/**
 * @summary Loads exported OKR and review files into one in-browser DuckDB and
 * shares it, and one linked selection, with every Plumb element inside it (or
 * pointing at it by id with `source="…"`).
 *
 * @slot - The Plumb elements (and anything else) that use this data.
 *
 * @event plumb-load - A load finished: `detail: { report: LoadReport, version }` (tables with row counts, diagnostics).
 * @event plumb-error - A load failed or reported errors, or the database stopped: `detail: { message, diagnostics, error }`.
 * @event plumb-progress - A load is under way: `detail: { phase, file, filesDone, filesTotal, bytesDone, bytesTotal, rowsDone }`.
 * @event plumb-selection-change - The linked selection changed: `detail: { selection }`.
 * @event plumb-session-change - A calibration session event was written (or came from another tab): `detail: { event, saved, remote }`.
 * @event plumb-session-closed - The calibration session was closed (here, in another tab or on another laptop): `detail: { session }`.
 *
 * @csspart diagnostics - The load panel: status line and diagnostics.
 * @csspart status - The one-line load status.
 * @csspart diagnostics-table - The table of errors and warnings (file, row, column, message).
 * @csspart load-report - The mapping report and correction form (`<plumb-load-report>`; its parts as `load-report-*`).
 *
 * @cssproperty --plumb-color-danger - Error text.
 * @cssproperty --plumb-color-warning - Warning text.
 * @cssproperty --plumb-color-surface - Panel background.
 */
export class PlumbData extends PlumbElement implements PlumbDataProviderHost, PlumbSessionHost {
  static override styles = [themeStyles, plumbDataStyles];
  protected static override messages = { family: 'data', catalogue: plumbDataMessages };

  /** Space-separated file URLs; `file.csv:table` forces the canonical table. */
  @property() src = '';
  /** Folder URL of the self-hosted engine files (`duckdb-eh.wasm`, `duckdb-browser-eh.worker.js`, …, `parquet_wasm_bg.wasm`). Default: `./duckdb/` beside the module. */
  @property({ attribute: 'asset-base' }) assetBase = '';
  /** Declared confidence scale of the files (else inferred, with a warning). */
  @property({ attribute: 'confidence-scale' }) confidenceScale: ConfidenceScale | '' = '';
  /** Declared order of ambiguous dates like 03/04/2026. */
  @property({ attribute: 'date-order' }) dateOrder: 'dmy' | 'mdy' | '' = '';
  /** Milliseconds a data URL may take to arrive in full before it is reported as an error (default 120,000). */
  @property({ type: Number, attribute: 'fetch-timeout' }) fetchTimeout = 0;
  // ---- Reading real exports (the load options every front end shares; packages/core/src/load/mapping.ts)
  /** Declared OKR cycle start (YYYY-MM-DD) for files without a cycles table (else from labels or check-in dates). */
  @property({ attribute: 'cycle-start' }) cycleStart = '';
  /** Declared OKR cycle end (YYYY-MM-DD). */
  @property({ attribute: 'cycle-end' }) cycleEnd = '';
  /** First month of the fiscal year (1–12 or a name), for cycle labels like "FY27 Q1". */
  @property({ attribute: 'fiscal-year-start' }) fiscalYearStart = '';
  /** Size (3, 4 or 5) of the scale that ratings written as words are on, when no rating scale file gives their labels. */
  @property({ attribute: 'rating-points' }) ratingPoints = '';
  /** Text encoding of the files: utf-8, windows-1252 or latin-1 (default: UTF-8, Windows-1252 detected). */
  @property() encoding = '';
  /**
   * Input column → canonical column, over inference (`mapping="Key Result=key_result_id; file.csv:Score=value"`,
   * or an object), or a saved mapping file (load/questions.ts): its URL (`mapping="answers.json"`, fetched like
   * `src`), its JSON text, or the object — answers, settings and column mappings, under the attributes set here.
   */
  @property({ converter: { fromAttribute: (v: string | null) => v ?? '' } })
  mapping: Record<string, string> | MappingFile | string = '';
  /** Answers to the load's questions (question id → value); set by answering in the panel, or by the embedder. */
  @property({ attribute: false }) answers: Record<string, string> = {};  /** Show every person as a stable pseudonym in every view inside (and pointing here). */
  @property({ type: Boolean, reflect: true }) anonymize = false;
  /** Smallest group any view shows; views may raise it, never lower it. */
  @property({ type: Number, attribute: 'min-group' }) minGroup = 5;
  /** Projector mode for every view inside. */
  @property({ type: Boolean, reflect: true }) projector = false;
  /** Salt of the pseudonyms (default: random per page load, so codes cannot be traced from a list of ids). Set it for reproducible exports. */
  @property({ attribute: 'pseudonym-salt' }) pseudonymSalt = '';
  /** When a calibration change needs a reason: `always`, `two-levels` (moves of two levels or more; default) or `never`. */
  @property({ attribute: 'reason-required' }) reasonRequired: ReasonPolicy = 'two-levels';
  /** Hide the load panel (status and diagnostics); events still fire. */
  @property({ type: Boolean, attribute: 'hide-diagnostics', reflect: true }) hideDiagnostics = false;

  /** Files to load (e.g. from a file input or a drop), in addition to `src`. */
  @property({ attribute: false }) files: readonly PlumbFileInput[] | null = null;
  /** Rows already in hand, per canonical table: plain objects or Arrow tables. Added after the files. */
  @property({ attribute: false }) tables: PlumbTables | null = null;
  /** Use this database instead of an embedded DuckDB-WASM (never closed by this element). */
  @property({ attribute: false }) connector: Connector | null = null;
  /**
   * URL of a `plumb serve` to use instead of an embedded DuckDB (named queries run there, filtered to
   * what the signed-in person may see). Give its credentials with the `token` or `fetch` property.
   */
  @property() server = '';
  /**
   * Bearer token for `server` (a property only, never an attribute: a token in the DOM would be readable
   * by any script and saved with the page). A function is asked before each request (refresh it there).
   */
  @property({ attribute: false }) token: string | (() => string | Promise<string>) | null = null;
  /** The fetch `server` requests go through (a sign-in library's wrapper adding credentials). Default: the page's. */
  @property({ attribute: false }) fetch: typeof globalThis.fetch | null = null;
  /** Explicit DuckDB asset URLs (a bundler's `?url` imports); wins over `asset-base`. */
  @property({ attribute: false }) assets: DuckDBAssets | null = null;
  /**
   * Runs on the fresh database before files load: put generated or fetched
   * rows in (e.g. core's `loadSample`). A change reloads.
   */
  @property({ attribute: false }) prepare: ((connector: Connector, signal: AbortSignal) => Promise<unknown>) | null = null;
  /** The function that loads files (core's `loadSources`). */
  @property({ attribute: false }) loader: SourceLoader = defaultLoader;

  /** `idle` (nothing to load), `loading`, `ready`, `error`. */
  @state() status: PlumbDataStatus = 'idle';
  /** The report of the last completed load. */
  @state() report: LoadReport | null = null;
  @state() private errorMessage = '';
  /** The error as a core text (memory, mapping file), rendered in the page's language. */
  private errorText: Text | null = null;
  @state() private errorDiagnostics: Diagnostic[] = [];
  @state() private loadingNames: string[] = [];
  @state() private progress: LoadProgress | null = null;
  /** Hide the line saying what the linked selection filters every view to. */
  @property({ type: Boolean, attribute: 'hide-filter-banner', reflect: true }) hideFilterBanner = false;
  /** What the linked selection means, for the banner (a team's sub-teams, a manager's reports). */
  @state() private filterParts: FilterPart[] = [];
  private bannerRun = 0;

  private readonly provider = new ContextProvider(this, { context: plumbDataContext });
  /** Owns the connection, the query cache, the linked selection and the privacy settings every view shares. */
  readonly coordinator = new PlumbCoordinator();
  private readonly unlistenCoordinator = this.coordinator.onChange(() => this.selectionChanged());
  private current: Connector | null = null;
  private ownsCurrent = false;
  private currentVersion = 0;
  private run = 0;
  private abort: AbortController | null = null;
  /** The database a load in progress is filling (this element's own), closed at once if the load is superseded. */
  private pending: Connector | null = null;
  private needsLoad = true;
  private childObserver: MutationObserver | null = null;

  private readonly sessionController = new PlumbSessionController(this);
  private pendingSnapshot: PlumbSessionSnapshot | null = null;
  /** While a load goes on: the tables it has made final (their views draw), else null (`LoadOptions.onTablesReady`). */
  private readyTables: ReadonlySet<string> | null = null;

  /**
   * The calibration session on this data: `open({cycle})`, `changeRating(…)`, `markDiscussed(…)`,
   * `note(…)`, `undo()`, `redo()`, `events`, `state`. Set it to a snapshot (`{session, events}`, from
   * `session.snapshot()` or the embedder's own store) to restore that session once the data is loaded.
   */
  get session(): PlumbSessionController {
    return this.sessionController;
  }
  set session(snapshot: PlumbSessionSnapshot | PlumbSessionController | null) {
    if (!snapshot || snapshot instanceof PlumbSessionController) return;
    this.pendingSnapshot = snapshot;
    if (this.status === 'ready') this.restorePending();
  }

  private restorePending(): void {
    const snapshot = this.pendingSnapshot;
    this.pendingSnapshot = null;
    if (snapshot) void this.sessionController.restore(snapshot).catch((error: unknown) => this.fail(error instanceof Error ? error.message : String(error), [], error));
  }

  /** @internal The database the session writes to (once loaded). */
  get sessionConnector(): Connector | null {
    return this.status === 'ready' ? this.current : null;
  }

  /** @internal The calibrated stage moved: re-run the calibration queries only. */
  sessionChanged(): Promise<void> {
    return this.coordinator.sessionChanged();
  }

  /** @internal The views show pseudonyms (a server session then names people by pseudonym). */
  get sessionAnonymized(): boolean {
    return this.anonymize;
  }

  /** @internal Pseudonyms for the session's log when the views are anonymized. */
  async sessionPseudonyms() {
    return this.anonymize ? this.coordinator.pseudonyms() : null;
  }

  get reasonPolicy(): ReasonPolicy {
    return this.reasonRequired === 'always' || this.reasonRequired === 'never' ? this.reasonRequired : 'two-levels';
  }

  /** Increments on every completed load. */
  get version(): number {
    return this.currentVersion;
  }

  /** What the elements inside see (undefined until a load completes). */
  get source(): PlumbDataSource | undefined {
    return this.provider.value;
  }

  /** The clauses of the linked selection. */
  get clauses(): PlumbClauseInfo[] {
    return this.coordinator.clauseInfo();
  }

  /**
   * Select for every linked view, as the page (a clause `{kind, id, label?, filter}`), or clear
   * everything with `null`. Settles when every affected view has drawn.
   */
  select(selection: PlumbSelectInput | null): Promise<void> {
    if (selection === null) return this.coordinator.clear();
    const { source = this, ...clause } = selection;
    return this.coordinator.select(source, clause);
  }

  /** Remove every clause (same as `select(null)`). */
  clearSelection(): Promise<void> {
    return this.coordinator.clear();
  }

  /** The coordinator has told every affected view already; the page hears it as one event. */
  private selectionChanged(): void {
    void this.describeSelection();
    this.dispatchEvent(
      new CustomEvent<PlumbSelectionChangeDetail>('plumb-selection-change', {
        // No element in an event detail (details are data: JSON-safe, nothing to reach into).
        detail: { clauses: this.coordinator.clauseInfo() },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Load again from the current inputs. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Answer a context request routed here by a `source="id"` attribute (see `installPlumbDataResolver`). */
  answerContextRequest(event: ContextRequestEvent<typeof plumbDataContext>): void {
    const consumer = (event.contextTarget ?? event.composedPath()[0]) as Element;
    this.provider.addCallback(event.callback, consumer, event.subscribe);
  }

  override connectedCallback(): void {
    installPlumbDataResolver(this.ownerDocument);
    super.connectedCallback();
    this.needsLoad = true;
    this.requestUpdate();
    this.childObserver = new MutationObserver((records) => {
      if (records.some((r) => this.isSourceMutation(r))) {
        this.needsLoad = true;
        this.requestUpdate();
      }
    });
    this.childObserver.observe(this, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'table'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.childObserver?.disconnect();
    this.childObserver = null;
    this.run++;
    this.abort?.abort();
    this.abort = null;
    this.closePending();
    this.replaceConnector(null, false);
    this.status = 'idle';
    this.coordinator.setData(null, this.currentVersion);
    this.provider.setValue(undefined);
  }

  private isSourceMutation(record: MutationRecord): boolean {
    const isSource = (n: Node) => n instanceof Element && n.localName === 'plumb-source';
    if (record.type === 'attributes') return isSource(record.target);
    return [...record.addedNodes, ...record.removedNodes].some(isSource);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const settings = ['anonymize', 'minGroup', 'projector', 'pseudonymSalt'] as const;
    if (settings.some((key) => changed.has(key))) this.applySettings();
    const inputs = ['src', 'files', 'tables', 'connector', 'server', 'token', 'fetch', 'assets', 'assetBase', 'confidenceScale', 'dateOrder', 'loader', 'prepare', 'cycleStart', 'cycleEnd', 'fiscalYearStart', 'ratingPoints', 'encoding', 'mapping', 'answers', 'fetchTimeout'];
    if (inputs.some((key) => changed.has(key as keyof PlumbData))) this.needsLoad = true;
    if (this.needsLoad && this.isConnected) {
      this.needsLoad = false;
      void this.load();
    }
  }

  /** An HttpConnector for `server` with the `token` / `fetch` given (its code loads only then), or null. */
  private async serverConnector(): Promise<Connector | null> {
    if (!this.server) return null;
    const { HttpConnector } = await import('./server-connector.js');
    return new HttpConnector({
      url: new URL(this.server, this.ownerDocument.baseURI),
      ...(this.token ? { token: this.token } : {}),
      ...(this.fetch ? { fetch: this.fetch } : {}),
    });
  }

  /** The URL sources as written: the `src` attribute, then child `<plumb-source>` elements (`url` or `url:table`). */
  private markupSources(): string[] {
    const tokens = (this.src ?? '').split(/\s+/).filter(Boolean);
    for (const child of this.querySelectorAll(':scope > plumb-source')) {
      const src = child.getAttribute('src');
      const table = child.getAttribute('table');
      if (src) tokens.push(table ? `${src}:${table}` : src);
    }
    return tokens;
  }

  /** `asset-base` as a folder URL (a trailing slash added, so relative files land inside it). */
  private assetBaseURL(): URL {
    const base = this.assetBase.endsWith('/') ? this.assetBase : `${this.assetBase}/`;
    return new URL(base, this.ownerDocument.baseURI);
  }

  private newConnector(Engine: typeof WasmConnector): Connector {
    if (this.assets) return new Engine({ assets: this.assets });
    if (this.assetBase) return new Engine({ assetBase: this.assetBaseURL() });
    return new Engine();
  }

  private closePending(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending && pending !== this.current) void pending.close();
  }

  /** Swap in a new database (closing the old one if this element made it). */
  private replaceConnector(next: Connector | null, owned: boolean): void {
    const previous = this.current;
    const ownedPrevious = this.ownsCurrent;
    this.current = next;
    this.ownsCurrent = owned;
    if (previous && previous !== next && ownedPrevious) void previous.close();
  }

  private applySettings(): void {
    const c = this.coordinator;
    c.anonymize = this.anonymize;
    c.minGroup = Number.isFinite(this.minGroup) && this.minGroup > 0 ? this.minGroup : 5;
    c.projector = this.projector;
    if (this.pseudonymSalt) c.salt = this.pseudonymSalt;
    c.settingsChanged();
    void this.describeSelection();
  }

  /** Ask core what the selection's filter means (names, sub-teams, reports) for the banner. */
  private async describeSelection(): Promise<void> {
    const run = ++this.bannerRun;
    const clauses = this.coordinator.clauses;
    if (clauses.length === 0 || !this.coordinator.connector) {
      this.filterParts = [];
      return;
    }
    const filter: OrgFilter = {};
    for (const clause of clauses) Object.assign(filter, clause.filter);
    try {
      const { result } = await this.coordinator.query(filterDescriptionQuery, { ...filter, anonymize: this.coordinator.anonymize, salt: this.coordinator.salt });
      if (run === this.bannerRun) this.filterParts = result.parts;
    } catch {
      if (run === this.bannerRun) this.filterParts = [];
    }
  }

  /** One phrase per filter field ("Engineering and its 6 sub-teams", "reports of … (direct and indirect)"). */
  private bannerPhrase(part: FilterPart): string {
    const name = part.label;
    const phrase =
      part.field === 'team_id'
        ? part.sub_teams
          ? this.msg('banner.team-subtree', { name, n: part.sub_teams })
          : this.msg('banner.team', { name })
        : part.field === 'manager_id'
          ? this.msg('banner.manager', { name })
          : part.field === 'rater_id'
            ? this.msg('banner.rater', { name })
            : part.field === 'person_id'
              ? this.msg('banner.person', { name })
              : this.msg(`banner.${part.field}`, { name });
    return part.unknown ? this.msg('banner.unknown', { what: phrase }) : phrase;
  }

  private renderBanner() {
    if (this.hideFilterBanner || this.filterParts.length === 0) return nothing;
    return html`<p part="filter-banner" class="filter-banner" role="status">
      <span>${this.msg('banner.filtered', { what: this.fmt.list(this.filterParts.map((p) => this.bannerPhrase(p))) })}</span>
      <button type="button" part="filter-banner-clear" @click=${() => void this.clearSelection()}>${this.msg('selection.clear')}</button>
    </p>`;
  }

  /**
   * Hand the views what they need: the coordinator always (so they show loading and error states),
   * the database once it is loaded. Called when the load's state or the settings change — never for
   * a selection, which the coordinator hands to the affected views itself.
   */
  private publish(unchanged: ReadonlySet<string> | null = null): void {
    const connector = this.status === 'ready' || this.readyTables ? this.current : null;
    this.coordinator.setData(connector, this.currentVersion, this.status === 'ready' ? this.report?.tables : {}, this.status === 'ready' ? null : this.readyTables, unchanged);
    if (this.status === 'idle') {
      this.provider.setValue(undefined);
      return;
    }
    this.provider.setValue({
      coordinator: this.coordinator,
      connector,
      status: this.status === 'ready' ? 'ready' : this.status === 'error' ? 'error' : 'loading',
      ...(this.status === 'error' ? { error: this.errorMessage } : {}),
      version: this.currentVersion,
    });
  }

  private async load(): Promise<void> {
    const run = ++this.run;
    this.abort?.abort();
    this.closePending(); // the load it fed is superseded: end its worker now
    const abort = (this.abort = new AbortController());
    const markup = this.markupSources();
    const files = (this.files ?? []).map(toSourceInput);
    const tables = this.tables;
    const external = this.connector ?? (await this.serverConnector());
    if (run !== this.run) return; // a newer load began while the server's connector loaded
    const prepare = this.prepare;

    if (markup.length === 0 && files.length === 0 && !tables && !external && !prepare) {
      this.replaceConnector(null, false);
      this.status = 'idle';
      this.report = null;
      this.publish();
      return;
    }

    this.status = 'loading';
    this.readyTables = null;
    this.loadingNames = files.map((s) => s.name);
    this.errorMessage = '';
    this.errorDiagnostics = [];
    this.publish(); // no element renders from data that is being replaced: views show "loading"
    const superseded = () => run !== this.run;
    let connector: Connector | null = external;
    try {
      // The in-page engine (DuckDB-WASM's code) and the files' reading (the loader, its normaliser, the reading of
      // `src`) come as lazily imported chunks, fetched side by side: a page that hands a connector or a server never
      // downloads either, one that hands `.tables` never the reading.
      const [engine, reading] = await Promise.all([
        external ? null : import('./in-page-connector.js'),
        markup.length || files.length ? import('./reading.js') : null,
      ]);
      if (engine) this.pending = connector = this.newConnector(engine.WasmConnector);
      if (!connector) throw new Error('no connector'); // unreachable: external, else the engine's
      if (!connector.runNamedQuery) this.coordinator.preloadQueries();
      if (superseded()) throw new SupersededLoad();
      if (reading) {
        this.loadTexts = { family: reading.LOAD_TEXT_FAMILY, catalogue: reading.loadTextMessages };
        // The loader's words (an error, a diagnostic) in the page's language: renders wait for them from now on.
        this.i18n.use(reading.LOAD_TEXT_FAMILY, reading.loadTextMessages);
      }
      const parsed = reading?.parseSrc(markup.join(' ')) ?? { entries: [], diagnostics: [] };
      if (parsed.diagnostics.length) {
        throw Object.assign(new Error(parsed.diagnostics.map((d) => d.message).join(' ')), {
          diagnostics: parsed.diagnostics,
        });
      }
      const sources = [
        ...parsed.entries.map(
          (e): SourceInput => ({
            name: e.name,
            data: new URL(e.url, this.ownerDocument.baseURI),
            ...(e.table ? { table: e.table as SourceInput['table'] } : {}),
          }),
        ),
        ...files,
      ];
      this.loadingNames = sources.map((s) => s.name);
      await createSchema(connector);
      if (prepare) await prepare(connector, abort.signal);
      if (superseded()) throw new SupersededLoad();
      const options: LoadOptions = {
        signal: abort.signal,
        onProgress: (progress) => {
          if (superseded()) return;
          this.progress = progress;
          this.dispatchEvent(new CustomEvent<PlumbProgressDetail>('plumb-progress', { detail: progress, bubbles: true, composed: true }));
        },
      };
      // Views that read only the calibration tables draw as soon as those are loaded, while the OKR files load (core
      // loads them first when every file's table is declared or told from its head); not while a saved session waits
      // to be restored, which those views must show from their first drawing.
      let earlyRows: Record<string, number> | null = null;
      if (this.coordinator.hasViewReadingOnly(CALIBRATION_TABLES)) {
        const engineConnector = connector;
        options.onTablesReady = async (ready) => {
          if (superseded() || this.pendingSnapshot) return;
          // Their rows now: at the end, the answers of views that read only tables whose rows did not move stay.
          earlyRows = ready.length ? await tableRowCounts(engineConnector) : null;
          if (superseded()) return;
          this.replaceConnector(engineConnector, !external);
          this.readyTables = new Set(ready);
          this.currentVersion++;
          this.publish();
        };
      }
      if (this.fetchTimeout > 0) options.fetchTimeout = this.fetchTimeout;
      if (this.confidenceScale) options.confidenceScale = this.confidenceScale;
      if (this.dateOrder) options.dateOrder = this.dateOrder;
      if (reading) {
        // A saved mapping file first, then what the attributes and the panel's answers say over it.
        const saved = await reading.mappingFilePatch(this.mapping, abort.signal);
        if (superseded()) throw new SupersededLoad();
        Object.assign(options, reading.withAnswer(reading.withAnswer({ ...options }, saved), reading.readingOptions(this)));
      }
      if (this.confidenceScale) options.confidenceScale = this.confidenceScale;
      if (this.dateOrder) options.dateOrder = this.dateOrder;
      if (Object.keys(this.answers).length) options.answers = { ...options.answers, ...this.answers };
      this.loadedWith = correctable(options);
      // Self-hosted assets live together: parquet-wasm's .wasm beside DuckDB's.
      if (this.assetBase) options.parquetWasm = new URL('parquet_wasm_bg.wasm', this.assetBaseURL());
      const report = sources.length ? await this.loader(connector, sources, options) : emptyReport();
      if (report.files.length) await import('./load-report.define.js');
      if (tables) await this.insertTables(connector, tables, report, superseded);
      if (superseded()) throw new SupersededLoad();
      // What the database holds now (an embedder's connector may have had rows already).
      report.tables = await tableRowCounts(connector);
      if (superseded()) throw new SupersededLoad();
      const ready = this.readyTables;
      const unchanged = ready && earlyRows ? new Set([...ready].filter((t) => earlyRows![t] === report.tables[t])) : null;
      this.pending = null;
      this.replaceConnector(connector, !external);
      this.readyTables = null;
      this.watchForFailure(connector, run);
      this.currentVersion++;
      this.sessionController.reset();
      this.report = report;
      this.status = 'ready';
      this.publish(unchanged);
      this.restorePending();
      this.dispatchEvent(
        new CustomEvent<PlumbLoadDetail>('plumb-load', {
          detail: { report, version: this.currentVersion },
          bubbles: true,
          composed: true,
        }),
      );
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) this.fail(this.msg('status.errors-in-files', { n: errors.length }), report.diagnostics);
    } catch (error) {
      if (connector && this.pending === connector) this.pending = null;
      if (!external && connector && connector !== this.current) void connector.close();
      if (superseded() || error instanceof SupersededLoad) return;
      const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
      const message = error instanceof Error ? error.message : String(error);
      this.replaceConnector(null, false);
      this.report = null;
      this.status = 'error';
      this.errorMessage = message;
      this.errorText = (error as { text?: Text }).text ?? null;
      this.errorDiagnostics = diagnostics;
      this.publish();
      this.fail(message, diagnostics, error);
    } finally {
      if (!superseded()) {
        this.loadingNames = [];
        this.progress = null;
      }
    }
  }

  /** A database whose worker dies after the load (a crash, out of memory) puts this element in its error state; `reload()` starts a new one. */
  private watchForFailure(connector: Connector, run: number): void {
    // An in-page engine (an embedder's own WasmConnector too): its worker can die.
    if (!('whenFailed' in connector) || typeof connector.whenFailed !== 'function') return;
    void (connector as WasmConnector).whenFailed().then((error) => {
      if (run !== this.run || this.current !== connector) return;
      this.replaceConnector(null, false);
      this.report = null;
      this.status = 'error';
      this.errorMessage = `${error.message}.`.replace(/\.\.$/, '.');
      this.errorText = null;
      this.errorDiagnostics = [];
      this.publish();
      this.fail(this.errorMessage, [], error);
    });
  }

  private async insertTables(
    connector: Connector,
    tables: PlumbTables,
    report: LoadReport,
    superseded: () => boolean,
  ): Promise<void> {
    for (const [name, data] of Object.entries(tables) as [CanonicalTable, PlumbTables[CanonicalTable]][]) {
      if (!data || superseded()) continue;
      const isArrow = !Array.isArray(data);
      const count = isArrow ? (data as Table).numRows : (data as readonly unknown[]).length;
      if (isArrow) await insertArrowTable(connector, name, data as Table);
      else await insertRows(connector, name, data as readonly Partial<CanonicalRows[typeof name]>[]);
      report.input_rows += count;
      report.loaded_rows += count;
    }
  }

  private fail(message: string, diagnostics: Diagnostic[], error?: unknown): void {
    this.dispatchEvent(
      new CustomEvent<PlumbErrorDetail>('plumb-error', {
        detail: { message, diagnostics, error },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private statusText(): string {
    switch (this.status) {
      case 'loading': {
        const p = this.progress;
        const progress = p && p.bytesDone > 0 ? this.msg('status.progress', { read: p.bytesDone / 1e6, total: p.bytesTotal === null ? null : p.bytesTotal / 1e6, rows: p.rowsDone }) : '';
        return (this.loadingNames.length
          ? this.msg('status.loading-files', { files: this.fmt.list(this.loadingNames) })
          : this.msg('status.loading')) + progress;
      }
      case 'error':
        return this.msg('status.error', { message: this.errorText && this.loadTexts ? this.textOf(this.loadTexts.family, this.loadTexts.catalogue, this.errorText, this.errorMessage) : this.errorMessage });
      case 'ready': {
        const report = this.report;
        if (!report) return '';
        const tables = Object.entries(report.tables).filter(([, n]) => n > 0);
        const parts = tables.map(([name, n]) => `${this.fmt.integer(n)} ${this.msg(`${this.fmt.plural(n) === 'one' ? 'table-one' : 'table'}.${name}`)}`);
        const from = report.files.length ? this.msg('status.from', { n: report.files.length }) : '';
        // Rows of a file held by an open question are counted as rejected in the report, but they only wait.
        const held = new Set(report.diagnostics.filter((d) => d.code === 'question' && d.file).map((d) => d.file));
        const waitingRows = report.files.filter((f) => held.has(f.file)).reduce((a, f) => a + f.rejected_rows, 0);
        const rejected = report.rejected_rows > waitingRows ? this.msg('status.rejected', { n: report.rejected_rows - waitingRows }) : '';
        const waiting = waitingRows ? this.msg('status.waiting', { n: waitingRows }) : '';
        const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
        const listed = errors ? this.msg('status.listed', { n: errors }) : '';
        return tables.length
          ? this.msg('status.loaded', { tables: parts.join(', '), from, rejected, waiting, listed })
          : this.msg('status.nothing', { from, waiting, listed });
      }
      default:
        return '';
    }
  }

  /** The options the current report was loaded with (a mapping file's included): what the panel corrects and saves. */
  private loadedWith: CorrectableLoadOptions = {};

  /** The loader's diagnostic texts (English with the loader's chunk, German and French on demand). */
  private loadTexts: { family: string; catalogue: FamilyCatalogue } | null = null;

  /**
   * The panel's "Reload with these settings" or an answered question: the options replace these
   * attributes' values (a mapping file given as `mapping` is folded in: the panel holds all of it now).
   */
  private readonly onLoadOptions = (event: CustomEvent<PlumbLoadOptionsDetail>) => {
    event.stopPropagation();
    const o = event.detail.options;
    this.confidenceScale = o.confidenceScale ?? '';
    this.dateOrder = o.dateOrder ?? '';
    this.encoding = o.encoding ?? '';
    this.cycleStart = o.cycleStart ?? '';
    this.cycleEnd = o.cycleEnd ?? '';
    if (o.fiscalYearStart !== undefined) this.fiscalYearStart = String(o.fiscalYearStart);
    this.mapping = o.mapping ? { ...o.mapping } : '';
    this.answers = { ...o.answers };
  };

  /** The diagnostics table's columns, in the element's language (the code's title, then core's detail). */
  private diagnosticColumns(): DataTableColumn<Diagnostic>[] {
    return [
      { key: 'severity', label: this.msg('col.severity'), format: (v) => this.msg(v === 'error' ? 'severity.error' : 'severity.warning') },
      { key: 'file', label: this.msg('col.file') },
      { key: 'row', label: this.msg('col.row'), numeric: true, format: (v) => (typeof v === 'number' ? this.fmt.integer(v) : this.msg('value.none')) },
      { key: 'column', label: this.msg('col.column') },
      { key: 'code', label: this.msg('col.problem'), format: (v) => this.codeTitle(String(v)) },
      {
        key: 'message',
        label: this.msg('col.message'),
        // A diagnostic with a text code comes from the loader, whose chunk brought its translations.
        format: (v, row) => (this.loadTexts ? this.textOf(this.loadTexts.family, this.loadTexts.catalogue, row.text, String(v ?? '')) : String(v ?? '')),
      },
    ];
  }

  /** A diagnostic code's title; an unknown code (an embedder's loader) shows as itself. */
  private codeTitle(code: string): string {
    const title = this.msg(`code.${code}`);
    return title === `code.${code}` ? code : title;
  }

  override render() {
    if (this.hideDiagnostics || this.status === 'idle') return html`${this.renderBanner()}<slot></slot>`;
    const diagnostics = this.status === 'error' ? [] : (this.report?.diagnostics ?? []);
    const errorDiagnostics = this.status === 'error' ? this.errorDiagnostics : [];
    // Errors first (the order within each severity is the loader's: file, row).
    const all = [...errorDiagnostics, ...diagnostics].sort(
      (a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error'),
    );
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.length - errors;
    return html`<section part="diagnostics" class="panel" data-status=${this.status} aria-label=${this.msg('panel.label')}>
        <p part="status" class="status" role=${this.status === 'error' ? 'alert' : 'status'}>${this.statusText()}</p>
        ${all.length
          ? html`<details ?open=${errors > 0}>
              <summary>
                ${[errors ? this.msg('errors', { n: errors }) : '', warnings ? this.msg('warnings', { n: warnings }) : '']
                  .filter(Boolean)
                  .join(', ')}
              </summary>
              <plumb-data-table
                part="diagnostics-table"
                caption=${this.msg('diagnostics.caption')}
                max-rows="200"
                .columns=${this.diagnosticColumns()}
                .rows=${all as unknown as Record<string, unknown>[]}
              ></plumb-data-table>
            </details>`
          : nothing}
        ${this.report?.files.length
          ? html`<plumb-load-report
              part="load-report"
              exportparts="details: load-report-details, form: load-report-form, file: load-report-file, columns: load-report-columns"
              .report=${this.report}
              .options=${this.loadedWith}
              @plumb-load-options=${this.onLoadOptions}
            ></plumb-load-report>`
          : nothing}
      </section>
      ${this.renderBanner()}
      <slot></slot>`;
  }

}

/** The options of a load that a person can correct and save (the panel's part of `LoadOptions`). */
function correctable(o: LoadOptions): CorrectableLoadOptions {
  const keys = ['confidenceScale', 'dateOrder', 'encoding', 'cycleStart', 'cycleEnd', 'fiscalYearStart', 'mapping', 'answers'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as CorrectableLoadOptions;
}

/** Thrown inside a load that a newer one replaced; never reported. */
class SupersededLoad extends Error {}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-load': CustomEvent<PlumbLoadDetail>;
    'plumb-error': CustomEvent<PlumbErrorDetail>;
  }
}
