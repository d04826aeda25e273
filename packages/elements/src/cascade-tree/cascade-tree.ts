import { html, nothing, render as litRender, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { cssStyle } from '../shared/css-style.js';
import { adoptMoreStyles } from '../shared/adopt-styles.js';
import {
  CASCADE_STATUSES,
  cascadeChildrenQuery,
  cascadeQuery,
  cascadeRecognitionsQuery,
  cascadeSearchQuery,
  type CascadeRecognitionsResult,
  type CascadeStatus,
  type CascadeTree,
  type CascadeViewOptions,
  type CascadeViewResult,
  type OrgFilter,
  type RollupMode,
  type StatusThresholds,
} from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import type { PlumbClause } from '../data/coordinator.js';
import type { ExportFrame } from '../shared/export.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import { cascadeTreeStyles } from './cascade-tree.styles.js';
import { cascadeMessages } from './cascade-tree.messages.js';
import { visibleRows, shownChildren, type VisibleRow } from './visible-rows.js';
import { autoDepth, expandToDepth, ancestorsOf, revealNodes } from './expansion.js';
import { searchCascade, typeAheadMatch } from './search.js';
import { virtualWindow, scrollToRow } from '../shared/virtual-window.js';
import type { TidyLayout, TidySize } from './cascade-layout.js';
import { DEFAULT_OUTLINE_SVG_SIZE, outlineSvgLayout } from './outline-svg.js';
import { STATUS_GLYPHS, clipText } from './status-marks.js';
import {
  addToForest, forestFromTree, forestFromView, metaFromTree, notLoaded, type CascadeMeta, type ForestNode, type LazyForest,
} from './lazy-forest.js';
import {
  TITLE_DOM_MAX, ariaLabel, linksText, partialGroupText, shortStatusLabel, nodeTitle, ownerText, percentText, statusLabel, summaryText, type CascadeWords,
} from './cascade-text.js';
import { cascadeTableColumns, cascadeTableRows } from './cascade-table.js';
import type { TidyZoomController } from './tidy-zoom-controller.js';
import { CascadeSearchController, type SearchMatch } from './cascade-search-controller.js';
import { PendingWork } from './pending-work.js';
import { listKeys } from '../shared/roving-focus.js';

export type CascadeLayoutName = 'outline' | 'tidy';

const ROW_HEIGHT = 36;
const PROJECTOR_ROW_HEIGHT = 48;

/** The smallest scale of the tidy tree: its cards' smallest text is 11 px, and a room reads nothing smaller. */
const MIN_READABLE_SCALE = 1;
/** Projected, the cards' text reads from the back of a room: 11 px × 1.3 ≈ 14 px at least. */
const PROJECTOR_READABLE_SCALE = 1.3;
/** The largest scale "Fit" grows a small tree to (cards stay a card, not a poster). */
const MAX_FIT_SCALE = 1.6;
/** Past this many expanded nodes the tidy layout asks to collapse (the outline virtualises, SVG does not). */
export const TIDY_NODE_LIMIT = 1500;
/** The message family of the details panel (in its chunk). */
const DETAILS_FAMILY = 'cascade-details';
const FILTER_FIELDS = ['team_id', 'manager_id', 'department', 'level', 'rater_id', 'person_id', 'objective_id', 'key_result_id'] as const;

/**
 * @summary The OKR cascade: company objectives down to team and individual objectives, key results
 * as leaves, rolled up honestly ("no data" is never 0 %). An outline (a virtualised ARIA tree) and a
 * horizontal tidy tree. Only what is open is fetched: the first render gets the top levels, opening
 * a node fetches its children, search runs on the server and fetches the path to a match.
 *
 * @event plumb-select - An objective or key result was selected (click, Enter or Space): `{kind, id, label, filter}` with the filter of its team.
 * @event plumb-rendered - A new answer has been drawn.
 *
 * @csspart toolbar - The controls above the tree.
 * @csspart summary - The summary sentence.
 * @csspart tree - The element with role="tree" (outline viewport or tidy SVG).
 * @csspart chart - The tidy tree's SVG (what SVG/PNG export draws in the tidy layout).
 * @csspart row - An outline row.
 * @csspart card - A tidy-tree node.
 * @csspart progress - A progress bar.
 * @csspart details - The explanation of the selected node.
 * @csspart state - Loading, empty and error messages.
 *
 * @cssproperty --plumb-color-good - On track / done.
 * @cssproperty --plumb-color-warning - At risk; search matches.
 * @cssproperty --plumb-color-danger - Off track; errors.
 * @cssproperty --plumb-color-accent - Selection, path to the root, neutral progress.
 * @cssproperty --plumb-cascade-indent - Outline indentation per level (default 1.25rem).
 * @cssproperty --plumb-cascade-min-height - The outline never gets shorter than this (default 14rem).
 */
export class PlumbCascadeTree extends PlumbView<CascadeViewOptions, CascadeViewResult> {
  static override styles = [themeStyles, cascadeTreeStyles];
  protected static override messages = { family: 'cascade', catalogue: cascadeMessages };
  protected readonly query = cascadeQuery;
  protected get what(): string {
    return this.msg('what');
  }

  /** A cascade already built (`queryCascade` / `buildCascade`): shown as is, nothing is queried. */
  @property({ attribute: false }) data: CascadeTree | undefined;
  /** Roll-up mode for every objective: krs | children | both (default: each objective's own, else both). */
  @property() rollup: RollupMode | undefined;
  @property({ reflect: true }) layout: CascadeLayoutName = 'outline';
  /** Levels open at first (1 = company objectives only); default: as deep as stays around 200 rows. */
  @property({ type: Number }) depth: number | undefined;
  /** Replay the cascade as of this date (YYYY-MM-DD). */
  @property({ attribute: 'as-of' }) asOf: string | undefined;
  @property({ type: Boolean, attribute: 'hide-key-results' }) hideKeyResults = false;
  @property({ attribute: false }) thresholds: Partial<StatusThresholds> | undefined;
  /** Accessible name of the tree (default: "OKR cascade" in the element's language). */
  @property() label: string | undefined;

  @state() private _expanded: ReadonlySet<number> = new Set();
  @state() private _forestVersion = 0;
  @state() private _focusRow = 0;
  @state() private _selectedKey: string | null = null;
  @state() private _scrollTop = 0;
  @state() private _viewportHeight = 400;
  @state() private _tableOpen = false;
  @state() private _recognitions: { key: string; result: CascadeRecognitionsResult } | null = null;

  private _forest: LazyForest | undefined;
  /** The nodes the current answer opened itself (its `open` list): not the reader's, so not kept for the next answer. */
  private _answerOpen: ReadonlySet<string> = new Set();
  private _meta: CascadeMeta | undefined;
  private _forestSource: unknown;
  private _rows: VisibleRow[] = [];
  private _rowsKey: unknown[] = [];
  private _layout: TidyLayout | null = null;
  private _layoutKey: unknown[] = [];
  /** The details panel (with core's explanation), loaded when a node is first selected (see scheduleUpdate). */
  private _details: typeof import('./details.js') | null = null;
  private _detailsLoading: Promise<void> | null = null;
  /** `<plumb-data-table>`, defined when the reader first opens the table (it starts closed). */
  private _tableLoading: Promise<void> | null = null;
  /** The tidy tree's code, loaded when the layout is first `tidy` (see scheduleUpdate). */
  private _tidy: typeof import('./tidy.js') | null = null;
  private _tidyLoading: Promise<void> | null = null;
  /** Card and gap sizes of the tidy tree, spread over the element's width (set when the tree is laid out). */
  private _tidySize: TidySize | null = null;
  private _pathSet: ReadonlySet<number> = new Set();
  private _matchSet: ReadonlySet<string> = new Set();
  private _focusSet: ReadonlySet<string> = new Set();
  private _focusPending = false;
  private _typeAhead = { text: '', at: 0 };
  private _resize: ResizeObserver | undefined;
  private _observed: Element | null = null;
  /** Work started by interaction (fetching children, search, recognitions): `settled()` waits for it. */
  private readonly _work = new PendingWork(this);
  /** Zoom and pan of the tidy tree (made with its code). */
  private _zoom: TidyZoomController | null = null;
  private readonly _search = new CascadeSearchController(this, {
    find: (text) => this._find(text),
    reveal: (match, focus) => this._revealPath(match, focus),
  });
  /** The catalogue and formats for the pure sentence builders. */
  private readonly _words: CascadeWords = (() => {
    const element = this;
    return { msg: (key, params) => element.msg(key, params), get fmt() { return element.fmt; } };
  })();

  /** The same for the details panel: its own family's words first. */
  private readonly _detailsWords: CascadeWords = (() => {
    const element = this;
    return { msg: (key, params) => element.i18n.msgOf(DETAILS_FAMILY, key, params), get fmt() { return element.fmt; } };
  })();

  /** The part of the cascade held (from `.data` or the queries so far). */
  get tree(): LazyForest | undefined {
    return this._forest;
  }

  /** The rows shown, in keyboard order. */
  get visibleRows(): readonly VisibleRow[] {
    return this._rows;
  }

  private get rowHeight(): number {
    return this.isProjector ? PROJECTOR_ROW_HEIGHT : ROW_HEIGHT;
  }

  override async settled(): Promise<void> {
    await super.settled();
    await this._work.settled();
    await super.settled();
  }

  private _track<T>(promise: Promise<T>): Promise<T> {
    return this._work.track(promise);
  }

  // ---- the query ----

  protected options(filter: OrgFilter): CascadeViewOptions {
    const linked: OrgFilter = {};
    for (const f of FILTER_FIELDS) if (filter[f] != null) linked[f] = filter[f];
    return {
      ...linked,
      cycle: this.cycle ?? null,
      asOf: this.asOf ?? null,
      rollup: this.rollup ?? null,
      thresholds: this.thresholds ?? {},
      depth: this.depth === Infinity ? 'all' : this.depth ?? null,
      showKeyResults: !this.hideKeyResults,
    };
  }

  /** Fetch the children of `keys` (not yet held) into the forest. */
  private async _fetchChildren(keys: readonly string[]): Promise<void> {
    const forest = this._forest;
    const missing = forest ? notLoaded(forest, keys) : [];
    if (!forest || !missing.length || this.data) return;
    const result = await this.queryMore(cascadeChildrenQuery, { parents: missing });
    if (!result || this._forest !== forest) return; // a newer answer replaced the forest meanwhile
    if (addToForest(forest, result.nodes)) this._forestVersion++;
  }

  // ---- public methods (also what the benchmark drives) ----

  /** Open a node (by key, e.g. `objective:O1`), fetching its children first; resolves once drawn. */
  async expand(key: string): Promise<void> {
    const forest = this._forest;
    if (!forest?.index.has(key)) return;
    await this._track(this._fetchChildren([key]));
    const i = this._forest?.index.get(key);
    if (i === undefined || this._expanded.has(i)) return;
    this._expanded = new Set(this._expanded).add(i);
    if (this._answerOpen.has(key)) this._answerOpen = new Set([...this._answerOpen].filter((k) => k !== key)); // now the reader's
    await this.updateComplete;
  }

  collapse(key: string): void {
    const i = this._forest?.index.get(key);
    if (i === undefined || !this._expanded.has(i)) return;
    const next = new Set(this._expanded);
    next.delete(i);
    this._expanded = next;
  }

  /** Show everything down to `depth` levels (Infinity = all). */
  expandToDepth(depth: number): void {
    this.depth = depth;
    this._focusRow = 0;
  }

  /** Open the node's ancestors, make it the active row and move keyboard focus to it. */
  reveal(key: string, options: { focus?: boolean } = {}): void {
    const forest = this._forest;
    const i = forest?.index.get(key);
    if (!forest || i === undefined) return;
    this._expanded = revealNodes(forest, this._expanded, [i]);
    this._rowsFor(forest);
    const row = this._rows.findIndex((r) => r.index === i);
    if (row < 0) return;
    this._focusRow = row;
    this._focusPending = options.focus ?? true;
    void this.updateComplete.then(() => {
      const viewport = this.layout === 'outline' || !this._layout ? this.renderRoot.querySelector<HTMLElement>('.viewport') : null;
      if (viewport) {
        viewport.scrollTop = Math.max(0, row * this.rowHeight - (viewport.clientHeight - this.rowHeight) / 2);
        this._scrollTop = viewport.scrollTop;
      } else this._panTo(row);
    });
  }

  /** Fetch the path to a node the forest does not hold yet, then reveal it. */
  private async _revealPath(match: SearchMatch, focus: boolean): Promise<void> {
    await this._track(this._fetchChildren(match.ancestors));
    this.reveal(match.key, { focus });
  }

  /** Select a node as a click would (fires `plumb-select`), fetching the path to it first when it is not held. */
  async selectNode(key: string): Promise<void> {
    if (!this._forest?.index.has(key) && !this.data) {
      const result = await this._track(this.queryMore(cascadeSearchQuery, { text: '', keys: [key] }));
      const match = result?.matches[0];
      if (match) await this._revealPath(match, false);
    }
    const i = this._forest?.index.get(key);
    if (i !== undefined) this._select(i);
  }

  // ---- lifecycle ----

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._observed = null;
  }

  /** `.data` needs no database: drawn directly. */
  override render(): TemplateResult {
    // One flex column of our own: a page that sets the host's `display` (the demo's `display: block`) must not
    // take the column away, or the tree's viewport stops growing into the box.
    const body = this.data && this._forest && this._meta ? html`${this.renderToolbar()}${this._renderBody(this._forest, this._meta)}` : super.render();
    return html`<div class="frame">${body}</div>`;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.data) super.willUpdate(changed);
    else this.toggleAttribute('data-projector', this.isProjector);
    const source: CascadeTree | CascadeViewResult | undefined = this.data ?? this.result;
    if (source !== this._forestSource) {
      this._forestSource = source;
      this._openForest(source);
    } else if (this.data && this._forest && (changed.has('depth') || changed.has('hideKeyResults'))) {
      this._expanded = expandToDepth(this._forest, this._openingDepth(this._forest), !this.hideKeyResults);
      this._focusRow = 0;
    }
    const forest = this._forest;
    if (forest) {
      this._rowsFor(forest);
      if (this._focusRow >= this._rows.length) this._focusRow = Math.max(0, this._rows.length - 1);
      const sel = this._selectedKey != null ? forest.index.get(this._selectedKey) : undefined;
      this._pathSet = sel === undefined ? new Set() : new Set([sel, ...ancestorsOf(forest, sel)]);
      this._matchSet = new Set(this._search.matches.map((m) => m.key));
      this._focusSet = new Set(this._meta?.focus ?? []);
      this._zoom?.setMinScale(this.isProjector ? PROJECTOR_READABLE_SCALE : MIN_READABLE_SCALE);
      this._layout = this.layout === 'tidy' && this._tidy && this._rows.length <= TIDY_NODE_LIMIT ? this._tidyFor(this._tidy) : null;
    }
  }

  private _openingDepth(forest: LazyForest): number {
    return this.depth != null && this.depth >= 1 ? this.depth : autoDepth(forest, !this.hideKeyResults);
  }

  private _openForest(source: CascadeTree | CascadeViewResult | undefined): void {
    const before = this._forest;
    // What the reader opened (the answer's own open nodes are the answer's: a team's focus path must not
    // pile up over selections, each adding fetches whose parents never repeat, so never a cache hit).
    const answerOpen = this._answerOpen;
    const keptOpen = before ? [...this._expanded].map((i) => before.nodes[i]?.key).filter((k): k is string => !!k && !answerOpen.has(k)) : [];
    this._answerOpen = new Set();
    if (!source) {
      this._forest = undefined;
      this._meta = undefined;
      return;
    }
    this._zoom?.requestFit();
    if ('nodes' in source && 'roots' in source) {
      const forest = forestFromTree(source);
      this._forest = forest;
      this._meta = metaFromTree(source);
      this._expanded = expandToDepth(forest, this._openingDepth(forest), !this.hideKeyResults);
    } else {
      const forest = forestFromView(source.nodes);
      this._forest = forest;
      this._meta = source;
      this._answerOpen = new Set(source.open);
      const open = new Set<number>();
      for (const key of source.open) {
        const i = forest.index.get(key);
        if (i !== undefined) open.add(i);
      }
      this._expanded = open;
      // What the reader had open stays open across a new answer (a roll-up switch, a linked filter).
      const reopen = keptOpen.filter((k) => !source.open.includes(k));
      if (reopen.length && before) void this._track(this._reopen(forest, reopen));
    }
    this._focusRow = 0;
    if (this._search.text) void this._search.search(this._search.text, false);
    if (this._selectedKey != null && this._forest.index.has(this._selectedKey)) {
      this._expanded = revealNodes(this._forest, this._expanded, [this._forest.index.get(this._selectedKey)!]);
    }
  }

  private async _reopen(forest: LazyForest, keys: string[]): Promise<void> {
    // Parents first: a node comes with its parent's children.
    for (let round = 0; round < 64 && keys.length; round++) {
      const held = keys.filter((k) => forest.index.has(k));
      if (!held.length) return;
      await this._fetchChildren(held);
      if (this._forest !== forest) return;
      const open = new Set(this._expanded);
      for (const k of held) open.add(forest.index.get(k)!);
      this._expanded = open;
      keys = keys.filter((k) => !held.includes(k));
    }
  }

  private _rowsFor(forest: LazyForest): void {
    const key = [forest, this._forestVersion, this._expanded, this.hideKeyResults];
    if (key.every((k, i) => k === this._rowsKey[i])) return;
    this._rowsKey = key;
    this._rows = visibleRows(forest, this._expanded, !this.hideKeyResults);
    this._layoutKey = [];
  }

  private _tidyFor(tidy: typeof import('./tidy.js')): TidyLayout {
    const zoom = (this._zoom ??= new tidy.TidyZoomController(this, { minScale: MIN_READABLE_SCALE, maxScale: MAX_FIT_SCALE, zoomMax: 2.5, margin: 16 }));
    zoom.setMinScale(this.isProjector ? PROJECTOR_READABLE_SCALE : MIN_READABLE_SCALE);
    const levels = this._rows.reduce((m, r) => Math.max(m, r.level), 1);
    // Cards are sized for the box as seen at the readable scale (projected, the tree is drawn 1.3× larger).
    const size = tidy.tidySizeFor((this.width || 800) / zoom.minScale, levels);
    const before = this._tidySize ?? tidy.DEFAULT_TIDY_SIZE;
    const same = size.nodeWidth === before.nodeWidth && size.gapX === before.gapX;
    if (this._layoutKey[0] === this._rows && same && this._layout) return this._layout;
    if (!same) zoom.requestFit();
    this._layoutKey = [this._rows];
    this._tidySize = size;
    return tidy.tidyLayout(this._rows, size);
  }

  /**
   * A cascade drawn as a tree renders once the tree's code is in (a chunk beside the bundle), never first as an
   * outline; the same for the details of a selected node (they render whole, with their explanation) and for the
   * table once opened.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const waits: Promise<void>[] = [];
    if (this.layout === 'tidy' && !this._tidy) {
      waits.push((this._tidyLoading ??= import('./tidy.js').then((tidy) => {
        adoptMoreStyles(this.renderRoot as ShadowRoot, tidy.tidyStyles);
        this._tidy = tidy;
      })));
    }
    if (this._tableOpen && !customElements.get('plumb-data-table')) {
      waits.push((this._tableLoading ??= import('../data-table/data-table.define.js').then(() => undefined)));
    }
    if (this._selectedKey != null && !this._details) {
      waits.push((this._detailsLoading ??= import('./details.js').then((details) => {
        adoptMoreStyles(this.renderRoot as ShadowRoot, details.detailsStyles);
        // Its words are a family of their own: the render waits for them in the page's language too.
        this.i18n.use(DETAILS_FAMILY, details.cascadeDetailsMessages);
        this._details = details;
      })));
    }
    return waits.length ? Promise.all(waits).then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport');
    if (viewport !== this._observed) {
      this._resize ??= new ResizeObserver((entries) => {
        const h = entries[entries.length - 1]!.contentRect.height;
        if (Math.abs(h - this._viewportHeight) > 1) this._viewportHeight = h;
      });
      if (this._observed) this._resize.unobserve(this._observed);
      if (viewport) this._resize.observe(viewport);
      this._observed = viewport;
    }
    if (this._zoom && this._tidySize) this._zoom.sync(this.renderRoot.querySelector<SVGSVGElement>('svg.tidy'), this._layout, this._tidySize, this._focusRow);
    if (this._focusPending) {
      this._focusPending = false;
      const el = this.renderRoot.querySelector<HTMLElement | SVGGElement>(`[data-row="${this._focusRow}"]`);
      el?.focus({ preventScroll: true });
    }
  }

  // ---- zoom and pan (tidy layout) ----

  /** Fit the tree in view; a tree too big for its box at the readable scale opens at its first row and pans. */
  private _fit(): void {
    if (this._layout && this._zoom && this._tidySize) this._zoom.fit(this._layout, this._tidySize, 0);
  }

  /** Pan the tidy view so a row's card is on screen. */
  private _panTo(row: number): void {
    const node = this._layout?.nodes[row];
    if (node && this._zoom && this._tidySize) this._zoom.panTo(node, this._tidySize);
  }

  // ---- interaction ----

  private _moveFocus(row: number, focus = true): void {
    if (!this._rows.length) return;
    const r = Math.max(0, Math.min(this._rows.length - 1, row));
    this._focusRow = r;
    this._focusPending = focus;
    if (focus) this._anticipate(this._rows[r]!.index);
    if (this.layout === 'outline' || !this._layout) {
      const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport');
      if (viewport) {
        const top = scrollToRow(r, this.rowHeight, viewport.scrollTop, viewport.clientHeight || this._viewportHeight);
        if (top !== viewport.scrollTop) viewport.scrollTop = top;
        this._scrollTop = top;
      }
    } else {
      void this.updateComplete.then(() => this._panTo(r));
    }
  }

  private _toggleRow(row: number): void {
    const r = this._rows[row];
    const forest = this._forest;
    if (!r || !r.expandable || !forest) return;
    this._focusRow = row;
    if (r.expanded) {
      const next = new Set(this._expanded);
      next.delete(r.index);
      this._expanded = next;
    } else {
      this._focusPending = true;
      void this.expand(forest.nodes[r.index]!.key);
    }
  }

  private _select(index: number): void {
    const forest = this._forest;
    if (!forest) return;
    const n = forest.nodes[index]!;
    this._selectedKey = n.key;
    this._recognitions = null;
    if (!this.data) {
      // The explanation needs the node's children; recognitions are listed for objectives and key results.
      void this._track(this._fetchChildren([n.key]));
      if (n.kind !== 'group') {
        void this._track(
          this.queryMore(cascadeRecognitionsQuery, { key: n.key }).then((result) => {
            if (result && this._selectedKey === n.key) this._recognitions = { key: n.key, result };
          }),
        );
      }
    }
    const clause = this._clauseOf(index);
    if (clause) void this.select(clause);
  }

  /** What selecting node `index` selects for the other views (a group: nothing). */
  private _clauseOf(index: number): Omit<PlumbClause, 'source'> | null {
    const n = this._forest?.nodes[index];
    if (!n || n.kind === 'group') return null;
    const filter: OrgFilter = n.team_id ? { team_id: n.team_id } : n.kind === 'objective' ? { objective_id: n.id } : { key_result_id: n.id };
    return { kind: n.kind, id: n.id, label: n.title, filter };
  }

  /** The pointer or the focus rests on node `index` (null: on none): its selection is anticipated (`anticipate`). */
  private _anticipate(index: number | null): void {
    const selected = index !== null && this._forest?.nodes[index]?.key === this._selectedKey;
    this.anticipate(index === null || selected ? null : this._clauseOf(index));
  }

  private _onPointerOver = (e: PointerEvent): void => {
    const row = (e.target as Element).closest('[data-row]')?.getAttribute('data-row');
    this._anticipate(row == null ? null : (this._rows[Number(row)]?.index ?? null));
  };

  private _onPointerLeave = (): void => this._anticipate(null);

  private _onClick = (e: MouseEvent): void => {
    const target = e.target as Element;
    const rowEl = target.closest('[data-row]');
    if (!rowEl) return;
    const row = Number(rowEl.getAttribute('data-row'));
    if (target.closest('.twisty, .toggle')) {
      this._toggleRow(row);
      this._moveFocus(row);
      return;
    }
    this._moveFocus(row);
    this._select(this._rows[row]!.index);
  };

  private _onKeyDown = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const rows = this._rows;
    const at = this._focusRow;
    const r = rows[at];
    if (!r) return;
    // Up/Down/Home/End are the shared list moves over the visible rows; Left/Right open, close and walk the tree.
    const step = listKeys(rows.length, 'vertical')(e.key, at, { ctrl: false });
    if (step !== null) {
      this._moveFocus(step);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    let handled = true;
    switch (e.key) {
      case 'ArrowRight':
        if (r.expandable && !r.expanded) this._toggleRow(at);
        else if (r.expanded) {
          // A group opened with only a selection's part of it: the rest comes first.
          if (!this._forest!.nodes[r.index]!.loaded) void this._track(this._fetchChildren([this._forest!.nodes[r.index]!.key]));
          this._moveFocus(at + 1);
        }
        this._focusPending = true;
        break;
      case 'ArrowLeft':
        if (r.expanded) this._toggleRow(at);
        else if (r.parentRow >= 0) this._moveFocus(r.parentRow);
        this._focusPending = true;
        break;
      case 'Enter':
      case ' ':
        this._select(r.index);
        this._focusPending = true;
        break;
      case '*': {
        // Expand every sibling of the focused row (WAI-ARIA tree pattern).
        const forest = this._forest!;
        const keys = rows.filter((row) => row.parentRow === r.parentRow && row.expandable).map((row) => forest.nodes[row.index]!.key);
        void this._track(this._fetchChildren(keys)).then(() => {
          const next = new Set(this._expanded);
          for (const k of keys) next.add(forest.index.get(k)!);
          this._expanded = next;
          this._focusPending = true;
        });
        break;
      }
      default:
        handled = e.key.length === 1 && e.key !== ' ' && this._typeAheadKey(e.key);
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  private _typeAheadKey(ch: string): boolean {
    const forest = this._forest;
    if (!forest || !this._rows.length) return false;
    const now = performance.now();
    this._typeAhead = now - this._typeAhead.at < 600 ? { text: this._typeAhead.text + ch, at: now } : { text: ch, at: now };
    const titles = this._rows.map((r) => nodeTitle(this._words, forest.nodes[r.index]!));
    // A repeated first letter moves on; a longer prefix may stay on the current row.
    const from = this._typeAhead.text.length > 1 ? this._focusRow - 1 : this._focusRow;
    const hit = typeAheadMatch(titles, (from + titles.length) % titles.length, this._typeAhead.text);
    if (hit >= 0) this._moveFocus(hit);
    return true;
  }

  private _onScroll = (e: Event): void => {
    this._scrollTop = (e.target as HTMLElement).scrollTop;
  };

  // ---- search ----

  /** Matches for the search text: among the held nodes for `.data`, else on the server (titles, owners, ids, teams). */
  private async _find(text: string): Promise<{ matches: SearchMatch[]; total: number } | null> {
    const forest = this._forest;
    if (!forest) return { matches: [], total: 0 };
    if (this.data) {
      const showKr = !this.hideKeyResults;
      const hits = searchCascade(forest, text).filter((i) => showKr || forest.nodes[i]!.kind !== 'key_result');
      const matches = hits.map((i) => ({ key: forest.nodes[i]!.key, ancestors: ancestorsOf(forest, i).reverse().map((a) => forest.nodes[a]!.key) }));
      return { matches, total: matches.length };
    }
    return this._track(this.queryMore(cascadeSearchQuery, { text, limit: 1000 }));
  }

  private _onSearchInput = (e: Event): void => {
    void this._track(this._search.search((e.target as HTMLInputElement).value));
  };

  private _onSearchKey = (e: KeyboardEvent): void => {
    const search = this._search;
    if (e.key === 'Enter') {
      e.preventDefault();
      // Enter moves keyboard focus to the current match; Shift+Enter to the previous one.
      void this._track(search.ready().then(() => search.goTo(e.shiftKey ? search.at - 1 : search.at, true)));
    } else if (e.key === 'ArrowDown' && search.matches.length) {
      e.preventDefault();
      void search.goTo(search.at, true);
    }
  };

  // ---- rendering ----

  protected override emptyMessage(result: CascadeViewResult): string | null {
    if (result.objectives > 0) return null;
    return result.cycle.cycle_id ? this.msg('empty.cycle', { cycle: result.cycle.cycle_id }) : this.msg('empty.none');
  }

  protected override renderToolbar(): TemplateResult | typeof nothing {
    const forest = this._forest;
    if (!forest) return nothing;
    const depthValue = this.depth == null ? 'auto' : this.depth === Infinity ? 'all' : String(this.depth);
    const auto = this.data ? autoDepth(forest, !this.hideKeyResults) : (this.result?.auto_depth ?? 1);
    const total = this._search.total;
    const matchText = this._search.text.trim()
      ? this._search.matches.length
        ? this.msg('search.count', { at: this.fmt.integer(this._search.at + 1), n: `${this.fmt.integer(total)}${total > this._search.matches.length ? '+' : ''}` })
        : this._work.busy ? '' : this.msg('search.none')
      : '';
    return html`<div class="toolbar" part="toolbar">
      <span class="segmented" role="group" aria-label=${this.msg('layout.group')}>
        <button type="button" aria-pressed=${this.layout === 'outline'} @click=${() => (this.layout = 'outline')}>${this.msg('layout.outline')}</button>
        <button type="button" aria-pressed=${this.layout === 'tidy'} @click=${() => {
          this._zoom?.requestFit();
          this.layout = 'tidy';
        }}>${this.msg('layout.tidy')}</button>
      </span>
      <label
        >${this.msg('depth.label')}
        <select
          aria-label=${this.msg('depth.aria')}
          @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            this.depth = v === 'auto' ? undefined : v === 'all' ? Infinity : Number(v);
          }}
        >
          <option value="auto" ?selected=${depthValue === 'auto'}>${this.msg('depth.auto', { n: this.fmt.integer(auto) })}</option>
          ${[1, 2, 3, 4, 5, 6].map((d) => html`<option value=${String(d)} ?selected=${depthValue === String(d)}>${this.msg('depth.level', { n: this.fmt.integer(d) })}</option>`)}
          <option value="all" ?selected=${depthValue === 'all'}>${this.msg('depth.all')}</option>
        </select></label
      >
      <label
        ><input
          type="checkbox"
          .checked=${!this.hideKeyResults}
          @change=${(e: Event) => (this.hideKeyResults = !(e.target as HTMLInputElement).checked)}
        />${this.msg('toggle.key-results')}</label
      >
      <input
        type="search"
        placeholder=${this.msg('search.placeholder')}
        aria-label=${this.msg('search.aria')}
        .value=${this._search.text}
        @input=${this._onSearchInput}
        @keydown=${this._onSearchKey}
      />
      ${this._search.matches.length > 1
        ? html`<button type="button" aria-label=${this.msg('search.previous')} @click=${() => void this._track(this._search.goTo(this._search.at - 1, false))}>↑</button
            ><button type="button" aria-label=${this.msg('search.next')} @click=${() => void this._track(this._search.goTo(this._search.at + 1, false))}>↓</button>`
        : nothing}
      <span class="matches" role="status">${matchText}</span>
    </div>`;
  }

  protected renderResult(): TemplateResult {
    const forest = this._forest;
    const meta = this._meta;
    if (!forest || !meta) return stateView('loading', this.msg('state.loading'));
    return this._renderBody(forest, meta);
  }

  private _renderBody(forest: LazyForest, meta: CascadeMeta): TemplateResult {
    if (meta.objectives === 0) {
      return stateView('empty', meta.cycle.cycle_id ? this.msg('empty.cycle', { cycle: meta.cycle.cycle_id }) : this.msg('empty.none'));
    }
    return html`<p class="summary" part="summary" id="summary">${summaryText(this._words, meta, this._rows.length)}</p>
      ${this._renderDiagnostics(meta)}
      ${this.layout === 'tidy' ? this._renderTidy(forest) : this._renderOutline(forest)} ${this._renderDetails(forest, meta)}
      ${this._renderTable(forest, meta)}
      <div class="export-stage" aria-hidden="true"></div>`;
  }

  private _renderDiagnostics(meta: CascadeMeta): TemplateResult | typeof nothing {
    const errors = meta.diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) return nothing;
    return html`<p class="diagnostics" role="alert" part="diagnostics">
      <bdi>${errors.length === 1 ? errors[0]!.message : this.msg('diagnostics.many', { n: this.fmt.integer(errors.length), message: errors[0]!.message })}</bdi>
    </p>`;
  }

  private _rowClasses(row: VisibleRow, n: ForestNode): string {
    return `row kind-${n.kind}${this._pathSet.has(row.index) ? ' on-path' : ''}${this._matchSet.has(n.key) || this._focusSet.has(n.key) ? ' match' : ''}`;
  }

  private _renderOutline(forest: LazyForest): TemplateResult {
    const rows = this._rows;
    const h = this.rowHeight;
    const { start, end } = virtualWindow(rows.length, h, this._scrollTop, this._viewportHeight);
    const shown: number[] = [];
    for (let i = start; i < end; i++) shown.push(i);
    // The roving-tabindex row stays rendered even when scrolled away, so Tab always finds the tree.
    if (rows.length && (this._focusRow < start || this._focusRow >= end)) shown.push(this._focusRow);
    return html`<div
      class="viewport"
      part="tree"
      role="tree"
      aria-label=${this.label ?? this.msg('label')}
      aria-describedby="summary"
      @scroll=${this._onScroll}
      @click=${this._onClick}
      @keydown=${this._onKeyDown}
      @pointerover=${this._onPointerOver}
      @pointerleave=${this._onPointerLeave}
    >
      <div class="spacer" ${cssStyle({ height: `${rows.length * h}px` })} role="presentation">
        ${repeat(shown, (ri) => ri, (ri) => this._renderRow(forest, ri))}
      </div>
    </div>`;
  }

  private _renderRow(forest: LazyForest, ri: number): TemplateResult {
    const row = this._rows[ri]!;
    const n = forest.nodes[row.index]!;
    const selected = this._selectedKey === n.key;
    const share = n.progress == null ? 0 : Math.max(0, Math.min(1, n.progress));
    const links = linksText(this._words, n);
    const noData = n.progress == null;
    const partial = n.kind === 'group' ? partialGroupText(this._words, n, row.expanded, this._rows.filter((r) => r.parentRow === ri).length) : null;
    return html`<div
      class=${this._rowClasses(row, n)}
      part="row"
      role="treeitem"
      data-row=${ri}
      data-key=${n.key}
      ${cssStyle({ top: `${ri * this.rowHeight}px` })}
      tabindex=${ri === this._focusRow ? 0 : -1}
      aria-level=${row.level}
      aria-posinset=${row.posInSet}
      aria-setsize=${row.setSize}
      aria-expanded=${row.expandable ? String(row.expanded) : nothing}
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${ariaLabel(this._words, n, partial)}
      title=${clipText(nodeTitle(this._words, n), 1000)}
    >
      <span class="name" ${cssStyle({ '--_level': String(row.level) })}>
        <span class="twisty" aria-hidden="true">${row.expandable ? (row.expanded ? '▾' : '▸') : ''}</span>
        <span class="kind" aria-hidden="true">${n.kind === 'key_result' ? '◇' : n.kind === 'group' ? '▤' : '◆'}</span>
        <span class="title"><bdi>${clipText(nodeTitle(this._words, n), TITLE_DOM_MAX)}</bdi></span>
        ${row.expandable && !row.expanded ? html`<span class="count">(${this.fmt.integer(n.descendants)})</span>` : nothing}
        ${links ? html`<span class="count">${links}</span>` : nothing}
        ${n.recognitions.count ? html`<span class="count" title=${this.msg('recognitions.count', { n: n.recognitions.count })}>★ ${this.fmt.integer(n.recognitions.count)}</span>` : nothing}
      </span>
      <span class="owner"><bdi>${clipText(ownerText(n), 120)}</bdi></span>
      ${n.kind === 'group'
        ? html`<span></span><span></span>${partial
            ? html`<span class="muted" title=${this.msg('group.partial-hint')}>${partial}</span>`
            : html`<span class="muted">${this.msg('group.count', { n: n.child_count })}</span>`}`
        : html`<span class=${`bar${noData ? ' no-data' : ''}`} part="progress"
              ><span class=${`fill status-${n.status}`} ${cssStyle({ width: `${Math.round(share * 1000) / 10}%` })}></span></span
            ><span class=${`pct${noData ? ' no-data' : ''}`}>${n.suppressed || n.progress == null
              ? // The narrow figure column shows a dash (the words, "ausgeblendet", "pas de données", ran into the
                // status); the status beside it says "withheld" or "no data" in words, a screen reader hears it here too.
                html`<span aria-hidden="true" title=${percentText(this._words, n.progress, n.suppressed)}>—</span><span class="visually-hidden">${percentText(this._words, n.progress, n.suppressed)}</span>`
              : percentText(this._words, n.progress, false)}</span
            ><span class=${`status status-${n.status}`} title=${statusLabel(this._words, n.status)}>${STATUS_GLYPHS[n.status]} <span class="label">${shortStatusLabel(this._words, n.status)}</span></span>`}
    </div>`;
  }

  private _renderTidy(forest: LazyForest): TemplateResult {
    const layout = this._layout;
    const tidy = this._tidy;
    const zoom = this._zoom;
    if (!layout || !tidy || !zoom || !this._tidySize) {
      return html`<div class="viewport">
        ${stateView('empty', this.msg('tidy.too-many', { n: this.fmt.integer(this._rows.length), max: this.fmt.integer(TIDY_NODE_LIMIT) }))}
      </div>`;
    }
    return tidy.renderTidy({
      words: this._words,
      forest,
      rows: this._rows,
      layout,
      size: this._tidySize,
      zoom,
      label: this.label ?? this.msg('label'),
      selectedKey: this._selectedKey,
      focusRow: this._focusRow,
      pathSet: this._pathSet,
      highlighted: (key) => this._matchSet.has(key) || this._focusSet.has(key),
      onClick: this._onClick,
      onKeyDown: this._onKeyDown,
      onPointerOver: this._onPointerOver,
      onPointerLeave: this._onPointerLeave,
      fit: () => this._fit(),
    });
  }

  private _renderDetails(forest: LazyForest, meta: CascadeMeta): TemplateResult | typeof nothing {
    const i = this._selectedKey == null ? undefined : forest.index.get(this._selectedKey);
    if (i === undefined || !this._details) return nothing;
    const node = forest.nodes[i]!;
    const recognitions = this._recognitions?.key === node.key ? this._recognitions.result : null;
    return this._details.renderDetails({ words: this._detailsWords, forest, meta, node, recognitions, minGroup: this.effectiveMinGroup });
  }

  private _caption(meta: CascadeMeta): string {
    return this.msg('table.caption', { cycle: meta.cycle.name ?? meta.cycle.cycle_id ?? '' });
  }

  override exportRows(): ViewRows | null {
    if (!this._forest || !this._meta) return null;
    return { caption: this._caption(this._meta), columns: cascadeTableColumns(this._words), rows: cascadeTableRows(this._words, this._forest, this._rows) };
  }

  protected override rowsForExport(): ViewRows | null {
    return this.exportRows();
  }

  protected override exportTitle(result: CascadeViewResult): string {
    return this.msg('export.title', { cycle: result.cycle.name ?? result.cycle.cycle_id ?? this.msg('summary.all-cycles') });
  }

  protected override exportContext(result: CascadeViewResult): string[] {
    return [summaryText(this._words, result, this._rows.length)];
  }

  /** The statuses in the screen's colours (the cascade shows them on each row, not in a legend box). */
  protected override exportLegend(): ExportFrame['legend'] {
    const style = getComputedStyle(this);
    const colour = (name: string) => style.getPropertyValue(name).trim() || undefined;
    const tone: Partial<Record<CascadeStatus, string>> = { done: '--_good', 'on-track': '--_good', 'at-risk': '--_warn', 'off-track': '--_bad' };
    const counts = this.result?.status_counts;
    return CASCADE_STATUSES.filter((s) => !counts || counts[s] > 0).map((s) => ({
      label: `${STATUS_GLYPHS[s]} ${statusLabel(this._words, s)}`,
      colour: tone[s] ? colour(tone[s]) : undefined,
    }));
  }

  /**
   * The drawing to export: the tidy tree's SVG, or in the outline an SVG rendition of the visible
   * rows (titles indented by level, progress bars, percentages and statuses in words).
   */
  override chartNode(): SVGSVGElement | null {
    if (this.layout === 'tidy') return this.renderRoot.querySelector<SVGSVGElement>('svg.tidy');
    const forest = this._forest;
    const stage = this.renderRoot.querySelector<HTMLElement>('.export-stage');
    if (!forest || !stage) return null;
    const rows = this._rows.map((r) => forest.nodes[r.index]!);
    const layout = outlineSvgLayout(
      this._rows.map((r, i) => ({ level: r.level, bar: rows[i]!.kind !== 'group', progress: rows[i]!.progress })),
      DEFAULT_OUTLINE_SVG_SIZE,
    );
    const title = this.msg('export.outline-title');
    litRender(
      svg`<svg xmlns="http://www.w3.org/2000/svg" class="outline-export" part="chart" width=${layout.width} height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label=${title}>
        <title>${title}</title>
        ${layout.rows.map((p, i) => {
          const n = rows[i]!;
          return svg`<g class=${`status-${n.status}`}>
            <text x=${p.x} y=${p.y} font-size="13" fill="currentColor">${n.kind === 'key_result' ? '◇ ' : n.kind === 'group' ? '▤ ' : '◆ '}${clipText(nodeTitle(this._words, n), 70)}</text>
            ${p.barWidth
              ? svg`<rect x=${p.barX} y=${p.y - 9} width=${p.barWidth} height="9" rx="3" fill="#e5e7eb"></rect>
                  <rect x=${p.barX} y=${p.y - 9} width=${p.barFill} height="9" rx="3" class=${`barfill status-${n.status}`}></rect>
                  <text x=${p.valueX} y=${p.y} font-size="12" fill="currentColor">${n.suppressed ? '' : `${percentText(this._words, n.progress)} · `}${STATUS_GLYPHS[n.status]} ${shortStatusLabel(this._words, n.status)}</text>`
              : nothing}
          </g>`;
        })}
      </svg>`,
      stage,
    );
    return stage.querySelector('svg');
  }

  private _renderTable(forest: LazyForest, meta: CascadeMeta): TemplateResult {
    return html`<details class="table-alt" @toggle=${(e: Event) => (this._tableOpen = (e.target as HTMLDetailsElement).open)}>
      <summary>${this.msg('table.summary', { n: this._rows.length })}</summary>
      ${this._tableOpen
        ? html`<plumb-data-table caption=${this._caption(meta)} .columns=${cascadeTableColumns(this._words)} .rows=${cascadeTableRows(this._words, forest, this._rows, 500)}></plumb-data-table>`
        : nothing}
    </details>`;
  }
}

// Exposed for tests and embedders that lay out on their own.
export { shownChildren };
