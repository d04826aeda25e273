import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { DEFAULT_MIN_GROUP, stableKey, type Connector, type NamedQuery, type OrgFilter, type PrivacyOptions, type WithheldReason } from '@plumb/core/queries';
import { plumbDataContext, type PlumbDataSource, type ViewStatus } from '../data/context.js';
import { PlumbCoordinator, type CoordinatedView, type LinkedFilter, type PlumbClause } from '../data/coordinator.js';
import { installPlumbDataResolver } from '../data/resolve.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import { exportCSV, exportPNG, exportSVG } from '../shared/export-on-demand.js';
import type { ExportFrame, ExportOptions } from '../shared/export.js';
import { stateView } from '../shared/states.js';
import type { PlumbSelectDetail } from '../events.js';
import { PlumbElement } from './plumb-element.js';

export type { ViewStatus };

/** The rows a view exports as CSV (what it shows, with its columns). */
export interface ViewRows {
  caption?: string;
  columns: DataTableColumn<any>[];
  rows: readonly Record<string, unknown>[];
}

const NO_FILTER: LinkedFilter = { filter: {}, empty: false, clauses: [] };
/** How long the pointer or the focus rests on something selectable before its selection is prefetched (`anticipate`). */
const ANTICIPATE_MS = 150;

/**
 * The one contract every Plumb view implements (after Mosaic's MosaicClient and Perspective's
 * plugin interface). A view declares:
 *
 * - `query`: the core named query it draws (`defineQuery(name, run)`); the view never writes SQL;
 * - `options(filter)`: the query's options from its attributes and the linked filter (the
 *   intersection of every other view's clause); the base adds `anonymize`, `salt` and `minGroup`;
 * - `renderResult(result)`: its template (layout in pure functions beside it);
 * - optionally `renderToolbar()`, `emptyMessage(result)`, `rowsForExport(result)`, `chartNode()`.
 *
 * The base owns the rest: the data source (`<plumb-data>` around it, `source="id"`, or `.connector`),
 * the query through the coordinator's cache keyed by query name + options + data version,
 * loading/empty/error states, size (`width`, `height`), typed `emit()`, `plumb-rendered` after every
 * drawn result, `anonymize`/`min-group`/`projector` shared with `<plumb-data>`, `unlinked`, the
 * selection (`select(clause)`), and CSV/SVG/PNG export from data.
 *
 * @event plumb-select - The view selected something (or cleared with `null`): `detail: PlumbSelectDetail`.
 * @event plumb-rendered - A new result has been drawn: `detail: {query, ms, cached}`.
 */
export abstract class PlumbView<Options extends object, Result> extends PlumbElement implements CoordinatedView {
  /** The database to query, when not inside (or pointing at) a `<plumb-data>`. */
  @property({ attribute: false }) connector?: Connector;
  /** The id of the `<plumb-data>` to use when this view is not inside one. */
  @property({ reflect: true }) source?: string;
  /** The cycle shown (default: the data's current one). */
  @property() cycle?: string;
  /** Ignore the linked selection (this view neither filters by it nor is filtered). */
  @property({ type: Boolean, reflect: true }) unlinked = false;
  /** Show every person as a stable pseudonym (also set by `<plumb-data anonymize>`). */
  @property({ type: Boolean, reflect: true }) anonymize = false;
  /** Smallest group shown (a view may raise `<plumb-data>`'s minimum, never lower it). */
  @property({ type: Number, attribute: 'min-group' }) minGroup?: number;
  /** Large type and thick marks for a projected room (also set by `<plumb-data projector>`). */
  @property({ type: Boolean, reflect: true }) projector = false;

  /** Salt of the pseudonyms for this view only (default: `<plumb-data>`'s, random per page). */
  @property({ attribute: 'pseudonym-salt' }) pseudonymSalt?: string;

  @consume({ context: plumbDataContext, subscribe: true })
  @state()
  protected dataSource?: PlumbDataSource;

  /** The content box of the element (a ResizeObserver keeps them current). */
  @state() protected width = 0;
  @state() protected height = 0;

  /** The named query this view draws. */
  protected abstract readonly query: NamedQuery<Options & PrivacyOptions, Result>;
  /** The query's options from the view's attributes and the linked filter. Pure and cheap. */
  protected abstract options(filter: OrgFilter): Options;
  /** The view's template for a result. */
  protected abstract renderResult(result: Result): TemplateResult;
  /** What the view can be exported as: a chart as CSV, SVG and PNG; a table (no drawing) as CSV only. */
  static readonly exportFormats: readonly ('csv' | 'svg' | 'png')[] = ['csv', 'svg', 'png'];
  /** A phrase for errors: "the cascade tree". */
  protected abstract readonly what: string;

  /** Shown above every state once there is a database (filters, toggles). */
  protected renderToolbar(): TemplateResult | typeof nothing {
    return nothing;
  }
  /** A message when `result` has nothing to draw, else null. */
  protected emptyMessage(_result: Result): string | null {
    return null;
  }
  /** The rows the view shows, for CSV export (default: none). */
  /**
   * The one wording of a withheld result (core's privacy plan said `suppressed`: a group under min-group,
   * a single person, a cut): why nothing is shown, or null when the result is shown.
   */
  protected withheldMessage(privacy: { suppressed: boolean; reason?: WithheldReason | null; min_group: number }): string | null {
    if (!privacy.suppressed) return null;
    return this.msg(`withheld.${privacy.reason ?? 'too-few'}`, { k: this.fmt.integer(privacy.min_group) });
  }

  protected rowsForExport(_result: Result): ViewRows | null {
    return null;
  }

  /** `idle` (no database), `loading`, `ready`, `error`. */
  @state() status: ViewStatus = 'idle';
  /** The last result drawn (stays while a newer one loads). */
  @state() result: Result | undefined;
  @state() error: Error | undefined;

  private ownCoordinator: PlumbCoordinator | null = null;
  private registeredWith: PlumbCoordinator | null = null;
  private linked: LinkedFilter = NO_FILTER;
  private lastKey: string | undefined;
  private run = 0;
  private pending: Promise<void> | null = null;
  private changedAt = 0;
  private resultCached = false;
  private drawn: unknown;
  private resizeObserver: ResizeObserver | null = null;
  /** What the pointer or the focus rests on, and the timer prefetching its selection (`anticipate`). */
  private anticipated: { key: string; timer: ReturnType<typeof setTimeout> } | null = null;

  /** The coordinator this view queries through (its `<plumb-data>`'s, or a private one for `.connector`). */
  get coordinator(): PlumbCoordinator | null {
    if (this.connector) {
      this.ownCoordinator ??= new PlumbCoordinator();
      this.ownCoordinator.setData(this.connector, 0);
      return this.ownCoordinator;
    }
    return this.dataSource?.coordinator ?? null;
  }

  get isUnlinked(): boolean {
    return this.unlinked;
  }

  get namedQuery(): NamedQuery<never, unknown> {
    return this.query as NamedQuery<never, unknown>;
  }

  get isAnonymized(): boolean {
    return this.anonymize || !!this.coordinator?.anonymize;
  }

  /** Projector mode: the view's own attribute or its `<plumb-data>`'s. */
  get isProjector(): boolean {
    return this.projector || !!this.coordinator?.projector;
  }

  /** The minimum group this view enforces. */
  get effectiveMinGroup(): number {
    return Math.max(this.coordinator?.minGroup ?? DEFAULT_MIN_GROUP, this.minGroup ?? 0);
  }

  /** The linked filter this view applies now. */
  get linkedFilter(): LinkedFilter {
    return this.linked;
  }

  /** This view's own clause in the selection (to highlight what it selected). */
  get ownClause(): PlumbClause | null {
    return this.coordinator?.clauses.find((c) => c.source === this) ?? null;
  }

  override connectedCallback(): void {
    installPlumbDataResolver(this.ownerDocument);
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (!box) return;
      if (Math.abs(box.width - this.width) > 1) this.width = box.width;
      if (Math.abs(box.height - this.height) > 1) this.height = box.height;
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.registeredWith?.unregister(this);
    this.registeredWith = null;
    this.anticipate(null);
    this.run++; // a query still running is not drawn
    this.pending = null;
    this.lastKey = undefined;
  }

  /** Run the query again even if its inputs did not change (after an error, say). */
  refresh(): void {
    this.lastKey = undefined;
    this.requestUpdate();
  }

  /** Resolves once the view has drawn for its current inputs (or shown their error). */
  async settled(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      const pending = this.pending;
      if (!pending) return;
      await pending;
    }
  }

  /** @internal The coordinator's inputs (selection, settings, data) may have changed. */
  coordinatorChanged(): Promise<void> {
    this.requestUpdate();
    return this.settled();
  }

  /**
   * Select something for the other views (`null` clears this view's clause). Emits `plumb-select`
   * and settles when every affected view has drawn.
   */
  protected select(clause: Omit<PlumbClause, 'source'> | null): Promise<void> {
    this.anticipate(null);
    const detail: PlumbSelectDetail | null = clause
      ? { kind: clause.kind, id: clause.id, ...(clause.label !== undefined ? { label: clause.label } : {}), filter: { ...clause.filter } }
      : null;
    this.emit('plumb-select', detail);
    const done = this.coordinator?.select(this, clause) ?? Promise.resolve();
    this.requestUpdate();
    return done;
  }

  /**
   * The full options sent to the core query under the linked filter `filter` (the view's plus privacy). @internal Public
   * for the coordinator, which asks what a selection would make the view ask (`PlumbCoordinator.prefetchSelection`).
   */
  queryOptions(filter: OrgFilter): Options & PrivacyOptions {
    return { ...this.options(filter), ...this.privacyOptions() };
  }

  private privacyOptions(): PrivacyOptions {
    return { anonymize: this.isAnonymized, salt: this.pseudonymSalt ?? this.coordinator?.salt ?? '', minGroup: this.effectiveMinGroup };
  }

  /**
   * The pointer or the focus rests on what `select(clause)` would select on a click (null: on nothing that selects).
   * After `ANTICIPATE_MS` there the other views' answers under it are prefetched (`PlumbCoordinator.prefetchSelection`),
   * so the click repaints them from the cache; a pointer passing over prefetches nothing.
   */
  protected anticipate(clause: Omit<PlumbClause, 'source'> | null): void {
    const key = clause ? stableKey(clause) : null;
    if (this.anticipated?.key === key) return;
    if (this.anticipated) clearTimeout(this.anticipated.timer);
    this.anticipated = null;
    if (clause && key) this.anticipated = { key, timer: setTimeout(() => void this.coordinator?.prefetchSelection(this, clause), ANTICIPATE_MS) };
  }

  /**
   * The user opened or pointed at a menu of this view: its answers for each choice (`choices`, the options `options`
   * would give after it), with this view's privacy, prefetched into the coordinator's cache while nothing else runs.
   */
  protected prefetch(choices: readonly Options[]): void {
    const coordinator = this.coordinator;
    if (!coordinator || this.linked.empty) return;
    const privacy = this.privacyOptions();
    void coordinator.prefetch(this.query, choices.map((options) => ({ ...options, ...privacy })));
  }

  /**
   * A further named query in this view's context (a node's children, a search, a detail): the view's own
   * options for the current linked filter and privacy, plus `extra`, through the coordinator and its
   * cache. Null when there is no database yet. A view asks through here, never the coordinator itself.
   */
  protected async queryMore<E extends object, R>(query: NamedQuery<Options & PrivacyOptions & E, R>, extra: E): Promise<R | null> {
    const coordinator = this.coordinator;
    if (!coordinator?.connector) return null;
    const { result } = await coordinator.query(query, { ...this.queryOptions(this.linked.filter), ...extra });
    return result;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Styles key projector type on this attribute: projector may come from <plumb-data> (or a presenting room).
    this.toggleAttribute('data-projector', this.isProjector);
    const coordinator = this.coordinator;
    if (coordinator !== this.registeredWith) {
      this.registeredWith?.unregister(this);
      coordinator?.register(this);
      this.registeredWith = coordinator;
    }
    // No database yet, or one whose load goes on and has not made final every table this view reads.
    if (!coordinator?.connector || !coordinator.isReady(this.namedQuery)) {
      this.linked = NO_FILTER;
      this.status = this.dataSource?.status === 'error' ? 'error' : this.waitingForData() ? 'loading' : 'idle';
      if (this.dataSource?.status === 'error') this.error = new Error(this.dataSource.error ?? 'The data could not be loaded.');
      this.lastKey = undefined;
      return;
    }
    this.linked = coordinator.filterFor(this);
    if (this.linked.empty) {
      this.lastKey = undefined;
      this.status = 'ready';
      return;
    }
    const options = this.queryOptions(this.linked.filter);
    const key = `${this.query.name}\u0000${coordinator.version}\u0000${coordinator.revision(this.query.name)}\u0000${stableKey(options)}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.execute(coordinator, options);
  }

  /** Inside a `<plumb-data>` (or pointing at one) whose data has not arrived yet. */
  private waitingForData(): boolean {
    return !!this.dataSource || !!this.source || !!this.closest('plumb-data');
  }

  private execute(coordinator: PlumbCoordinator, options: Options & PrivacyOptions): void {
    const run = ++this.run;
    this.changedAt = performance.now();
    this.status = 'loading';
    this.pending = coordinator.query(this.query, options).then(
      ({ result, cached }) => {
        if (run !== this.run) return;
        this.result = result;
        this.resultCached = cached;
        this.error = undefined;
        this.status = 'ready';
        this.pending = null;
      },
      (error: unknown) => {
        if (run !== this.run) return;
        this.error = error instanceof Error ? error : new Error(String(error));
        this.status = 'error';
        this.pending = null;
      },
    );
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.status === 'ready' && this.result !== undefined && this.result !== this.drawn) {
      this.drawn = this.result;
      this.emit('plumb-rendered', { query: this.query.name, ms: performance.now() - this.changedAt, cached: this.resultCached });
    }
  }

  /** States first (no source, loading, error, nothing selected, empty), then the view's template. */
  override render(): TemplateResult {
    const coordinator = this.coordinator;
    if (this.status === 'idle' || !coordinator?.connector || !coordinator.isReady(this.namedQuery)) {
      if (this.status === 'error') return stateView('error', this.msg('state.error', { what: this.what, message: this.error?.message ?? '' }));
      return this.status === 'loading' ? stateView('loading', this.msg('state.loading')) : stateView('empty', this.msg('state.no-source'));
    }
    const toolbar = this.renderToolbar();
    if (this.linked.empty) return html`${toolbar}${stateView('empty', this.msg('state.no-match'))}`;
    if (this.status === 'error') {
      return html`${toolbar}${stateView('error', this.msg('state.error', { what: this.what, message: this.error?.message ?? '' }))}`;
    }
    const result = this.result;
    if (result === undefined) return html`${toolbar}${stateView('loading', this.msg('state.loading'))}`;
    const empty = this.emptyMessage(result);
    if (empty !== null) return html`${toolbar}${stateView('empty', empty)}`;
    return html`${toolbar}${this.renderResult(result)}`;
  }

  /** The rows this view shows (for `exportCSV` and embedders), or null before a result. */
  exportRows(): ViewRows | null {
    return this.result === undefined ? null : this.rowsForExport(this.result);
  }

  /** The chart's drawing for SVG/PNG export: by default the `svg` with `part="chart"` (never a legend swatch). */
  chartNode(): SVGSVGElement | null {
    const root = this.renderRoot as ShadowRoot | HTMLElement;
    return root.querySelector<SVGSVGElement>('svg[part~="chart"]');
  }

  /**
   * What an exported SVG/PNG carries besides the chart: title, what the figures cover, legend and a
   * "Plumb" source line with the date. Views refine `exportTitle()` and `exportContext()`; the legend
   * is read from the view's own legend (`[part~=legend]` or `.legend`: each item's text and swatch colour).
   */
  exportFrame(): ExportFrame | null {
    if (this.result === undefined) return null;
    const filters = this.linkedFilter.clauses.map((c) => c.label ?? c.id);
    const context = [...this.exportContext(this.result), ...(filters.length ? [this.msg('export.filtered', { filters: this.fmt.list(filters) })] : [])];
    return { title: this.exportTitle(this.result), context, legend: this.exportLegend(), source: this.msg('export.source', { date: this.fmt.date(new Date().toISOString().slice(0, 10)) }) };
  }

  /** The exported legend: by default read from the view's own legend (each item's text and swatch colour as drawn). */
  protected exportLegend(): ExportFrame['legend'] {
    const root = this.renderRoot as ShadowRoot | HTMLElement;
    const legendBox = root.querySelector('[part~="legend"], .legend');
    const legend = [...(legendBox?.children ?? [])].map((item) => {
      const mark = item.querySelector('rect, path, line, circle');
      const style = mark ? getComputedStyle(mark) : null;
      const paint = (v: string | undefined) => (v && v !== 'none' && v !== 'rgba(0, 0, 0, 0)' ? v : undefined);
      // A line is drawn by its stroke (its computed fill is the default black: the threshold's key came out black).
      const filled = paint(mark?.getAttribute('fill') ?? undefined) ?? paint(style?.fill);
      const colour = mark?.localName === 'line' ? (paint(style?.stroke) ?? filled) : (filled ?? paint(style?.stroke));
      return { label: (item.textContent ?? '').replace(/\s+/g, ' ').trim(), colour };
    }).filter((i) => i.label);
    return legend;
  }

  /** The exported chart's title (default: the element's label, else what it draws). */
  protected exportTitle(_result: Result): string {
    return this.getAttribute('aria-label') || this.what;
  }

  /** Lines saying what the exported figures cover (stage, cycle, dimension…); the linked filters are added. */
  protected exportContext(_result: Result): string[] {
    return [];
  }

  /** The rows this view shows as a CSV file (the export code loads on first use). */
  exportCSV(options?: ExportOptions): Promise<Blob> {
    return exportCSV(this, { rawLabel: (label) => this.msg('export.raw-column', { label }), ...options });
  }
  /** The chart as an SVG file (the export code loads on first use). */
  exportSVG(options?: ExportOptions): Promise<Blob> {
    return exportSVG(this, options);
  }
  /** The chart as a PNG image (the export code loads on first use). */
  exportPNG(options?: ExportOptions & { scale?: number }): Promise<Blob> {
    return exportPNG(this, options);
  }
}
