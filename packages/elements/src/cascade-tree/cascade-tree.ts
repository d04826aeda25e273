import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { PanZoom, ViewTransform } from '../shared/pan-zoom.js';
import {
  STATUS_LABELS,
  explainCascadeNode,
  formatPercent,
  queryCascade,
  type CascadeNode,
  type CascadeStatus,
  type CascadeTree,
  type Connector,
  type RollupMode,
  type StatusThresholds,
} from '@plumb/core';
import { plumbDataContext, type PlumbDataSource } from '../data/context.js';
import { QueryController } from '../data/query-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { cascadeTreeStyles } from './cascade-tree.styles.js';
import { visibleRows, shownChildren, type VisibleRow } from './visible-rows.js';
import { autoDepth, expandToDepth, ancestorsOf, revealNodes } from './expansion.js';
import { searchCascade, typeAheadMatch } from './search.js';
import { virtualWindow, scrollToRow } from './virtual-window.js';
import { DEFAULT_TIDY_SIZE, linkPath, tidyLayout, type TidyLayout } from './cascade-layout.js';
import { STATUS_GLYPHS, clipText, statusText } from './status-marks.js';

export type CascadeLayoutName = 'outline' | 'tidy';

/** Detail of the `plumb-select` event. */
export interface CascadeSelectDetail {
  id: string;
  kind: CascadeNode['kind'];
  team_id: string | null;
  /** Unique node key (`objective:ID`, `key_result:ID`, `group:unaligned`). */
  key: string;
}

const ROW_HEIGHT = 36;
/** Past this many expanded nodes the tidy layout asks to collapse (the outline virtualises, SVG does not). */
export const TIDY_NODE_LIMIT = 1500;
const TITLE_DOM_MAX = 240;

const connectorIds = new WeakMap<Connector, number>();
let nextConnectorId = 1;
function connectorId(c: Connector): number {
  let id = connectorIds.get(c);
  if (!id) connectorIds.set(c, (id = nextConnectorId++));
  return id;
}

/**
 * @summary The OKR cascade: company objectives down to team and individual
 * objectives, key results as leaves, rolled up honestly ("no data" is never
 * 0 %). An outline (a virtualised ARIA tree) and a horizontal tidy tree.
 *
 * @event plumb-select - A node was selected (click, Enter or Space). Detail: `{id, kind, team_id, key}`. Bubbles, composed.
 *
 * @csspart toolbar - The controls above the tree.
 * @csspart summary - The summary sentence.
 * @csspart tree - The element with role="tree" (outline viewport or tidy SVG).
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
 */
export class PlumbCascadeTree extends LitElement {
  static override styles = [themeStyles, cascadeTreeStyles];

  /** Database to query (else the one of the enclosing `<plumb-data>`). */
  @property({ attribute: false }) connector: Connector | undefined;
  /** A cascade already built (`queryCascade` / `buildCascade`): shown as is, nothing is queried. */
  @property({ attribute: false }) data: CascadeTree | undefined;
  /** Cycle id; default: the latest cycle with objectives. */
  @property() cycle: string | undefined;
  /** Roll-up mode for every objective: krs | children | both (default: each objective's own, else both). */
  @property() rollup: RollupMode | undefined;
  @property({ reflect: true }) layout: CascadeLayoutName = 'outline';
  /** Levels open at first (1 = company objectives only); default: as deep as stays around 200 rows. */
  @property({ type: Number }) depth: number | undefined;
  /** Replay the cascade as of this date (YYYY-MM-DD). */
  @property({ attribute: 'as-of' }) asOf: string | undefined;
  @property({ type: Boolean, attribute: 'hide-key-results' }) hideKeyResults = false;
  /** Hide owner names (projection). */
  @property({ type: Boolean, attribute: 'hide-names' }) hideNames = false;
  @property({ attribute: false }) thresholds: Partial<StatusThresholds> | undefined;
  /** Accessible name of the tree. */
  @property() label = 'OKR cascade';

  private _source: PlumbDataSource | undefined;
  @consume({ context: plumbDataContext, subscribe: true })
  set source(value: PlumbDataSource | undefined) {
    // Set on every provider update (even the same object with a new version): always re-check.
    this._source = value;
    this.requestUpdate();
  }
  get source(): PlumbDataSource | undefined {
    return this._source;
  }

  @state() private _expanded: ReadonlySet<number> = new Set();
  @state() private _focusRow = 0;
  @state() private _selectedKey: string | null = null;
  @state() private _query = '';
  @state() private _matches: number[] = [];
  @state() private _matchAt = -1;
  @state() private _scrollTop = 0;
  @state() private _viewportHeight = 400;
  @state() private _tableOpen = false;

  private readonly _query$ = new QueryController<CascadeTree>(this, async (connector) => {
    const source = this._source;
    if (source && connector === source.connector) await source.loaded;
    return queryCascade(connector, {
      cycle: this.cycle ?? null,
      rollup: this.rollup ?? null,
      asOf: this.asOf ?? null,
      thresholds: this.thresholds ?? {},
    });
  });

  private _tree: CascadeTree | undefined;
  private _queryKey: string | undefined;
  private _rows: VisibleRow[] = [];
  private _rowsKey: unknown[] = [];
  private _layout: TidyLayout | null = null;
  private _pathSet: ReadonlySet<number> = new Set();
  private _matchSet: ReadonlySet<number> = new Set();
  private _focusPending = false;
  private _typeAhead = { text: '', at: 0 };
  private _resize: ResizeObserver | undefined;
  private _observed: Element | null = null;
  private _zoom: PanZoom | undefined;
  private _zoomSvg: SVGSVGElement | null = null;
  private _transform: ViewTransform = ViewTransform.identity;
  private _fitPending = true;

  /** The cascade on show (from `.data` or the last query). */
  get tree(): CascadeTree | undefined {
    return this._tree;
  }

  /** The rows shown, in keyboard order. */
  get visibleRows(): readonly VisibleRow[] {
    return this._rows;
  }

  // ---- public methods (also what the benchmark drives) ----

  /** Open a node (by key, e.g. `objective:O1`). */
  expand(key: string): void {
    const i = this._tree?.index.get(key);
    if (i === undefined || this._expanded.has(i)) return;
    const next = new Set(this._expanded);
    next.add(i);
    this._expanded = next;
  }

  collapse(key: string): void {
    const i = this._tree?.index.get(key);
    if (i === undefined || !this._expanded.has(i)) return;
    const next = new Set(this._expanded);
    next.delete(i);
    this._expanded = next;
  }

  /** Show everything down to `depth` levels (Infinity = all). */
  expandToDepth(depth: number): void {
    if (!this._tree) return;
    this._expanded = expandToDepth(this._tree, depth, !this.hideKeyResults);
    this._focusRow = 0;
  }

  /** Open the node's ancestors, make it the active row and move keyboard focus to it. */
  reveal(key: string, options: { focus?: boolean } = {}): void {
    const tree = this._tree;
    const i = tree?.index.get(key);
    if (!tree || i === undefined) return;
    this._expanded = revealNodes(tree, this._expanded, [i]);
    this._rowsFor(tree);
    const row = this._rows.findIndex((r) => r.index === i);
    if (row < 0) return;
    // Make it the active row, then (once the new rows are rendered) centre it, context above and below.
    this._focusRow = row;
    this._focusPending = options.focus ?? true;
    void this.updateComplete.then(() => {
      const viewport = this.layout === 'outline' || !this._layout ? this.renderRoot.querySelector<HTMLElement>('.viewport') : null;
      if (viewport) {
        viewport.scrollTop = Math.max(0, row * ROW_HEIGHT - (viewport.clientHeight - ROW_HEIGHT) / 2);
        this._scrollTop = viewport.scrollTop;
      } else this._panTo(row);
    });
  }

  /** Select a node as a click would (fires `plumb-select`). */
  selectNode(key: string): void {
    const i = this._tree?.index.get(key);
    if (i !== undefined) this._select(i);
  }

  // ---- lifecycle ----

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._observed = null;
    this._zoomSvg = null;
    this._zoom?.destroy();
    this._zoom = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.data) {
      const connector = this.connector ?? this._source?.connector;
      const key = JSON.stringify([
        connector ? connectorId(connector) : 0, this.cycle ?? null, this.rollup ?? null, this.asOf ?? null,
        this.thresholds ?? null, this._source?.version ?? 0,
      ]);
      // The key includes the connector's identity, which QueryController's own key does not.
      if (connector && key !== this._queryKey) {
        this._queryKey = key;
        this._query$.update(connector, key);
      }
    }
    // The last answer stays on show while a newer query runs (no flash), and under a refresh error.
    const tree = this.data ?? this._query$.value;
    if (tree !== this._tree) {
      this._tree = tree;
      if (tree) this._openTree(tree);
    } else if (tree && (changed.has('depth') || changed.has('hideKeyResults'))) {
      this._expanded = expandToDepth(tree, this._openingDepth(tree), !this.hideKeyResults);
      this._focusRow = 0;
    }
    if (tree) {
      this._rowsFor(tree);
      if (this._focusRow >= this._rows.length) this._focusRow = Math.max(0, this._rows.length - 1);
      const sel = this._selectedKey != null ? tree.index.get(this._selectedKey) : undefined;
      this._pathSet = sel === undefined ? new Set() : new Set([sel, ...ancestorsOf(tree, sel)]);
      this._matchSet = new Set(this._matches);
      this._layout = this.layout === 'tidy' && this._rows.length <= TIDY_NODE_LIMIT ? this._tidyFor() : null;
    }
  }

  private _openingDepth(tree: CascadeTree): number {
    return this.depth != null && this.depth >= 1 ? this.depth : autoDepth(tree, !this.hideKeyResults);
  }

  private _openTree(tree: CascadeTree): void {
    this._expanded = expandToDepth(tree, this._openingDepth(tree), !this.hideKeyResults);
    this._focusRow = 0;
    this._fitPending = true;
    if (this._query) this._runSearch(this._query, false);
    if (this._selectedKey != null && tree.index.has(this._selectedKey)) {
      this._expanded = revealNodes(tree, this._expanded, [tree.index.get(this._selectedKey)!]);
    }
  }

  private _rowsFor(tree: CascadeTree): void {
    const key = [tree, this._expanded, this.hideKeyResults];
    if (key.every((k, i) => k === this._rowsKey[i])) return;
    this._rowsKey = key;
    this._rows = visibleRows(tree, this._expanded, !this.hideKeyResults);
    this._layoutKey = [];
  }

  private _layoutKey: unknown[] = [];
  private _tidyFor(): TidyLayout {
    if (this._layoutKey[0] === this._rows && this._layout) return this._layout;
    this._layoutKey = [this._rows];
    return tidyLayout(this._rows, DEFAULT_TIDY_SIZE);
  }

  protected override updated(): void {
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
    const svgEl = this.renderRoot.querySelector<SVGSVGElement>('svg.tidy');
    if (svgEl && svgEl !== this._zoomSvg) this._bindZoom(svgEl);
    if (!svgEl) this._zoomSvg = null;
    if (svgEl && this._fitPending && this._layout) {
      this._fitPending = false;
      this._fit(true);
    }
    if (this._focusPending) {
      this._focusPending = false;
      const el = this.renderRoot.querySelector<HTMLElement | SVGGElement>(`[data-row="${this._focusRow}"]`);
      el?.focus({ preventScroll: true });
    }
  }

  // ---- zoom and pan (tidy layout) ----

  private _bindZoom(svgEl: SVGSVGElement): void {
    this._zoomSvg = svgEl;
    this._zoom?.destroy();
    this._zoom = new PanZoom(svgEl, {
      scaleExtent: [0.1, 2.5],
      onChange: (transform) => {
        this._transform = transform;
        svgEl.querySelector('g.zoom-layer')?.setAttribute('transform', transform.toString());
      },
    });
    this._zoom.set(this._transform);
  }

  /**
   * Fit the whole tree in view. On opening (`readable`), never shrink text
   * below 80 %: a large tree opens readable at the active row instead, and
   * the Fit button shows all of it.
   */
  private _fit(readable = false): void {
    const svgEl = this._zoomSvg;
    const layout = this._layout;
    if (!svgEl || !layout || !this._zoom) return;
    const w = svgEl.clientWidth || 800;
    const h = svgEl.clientHeight || 400;
    const margin = 16;
    const k = Math.min(1, (w - 2 * margin) / Math.max(1, layout.width), (h - 2 * margin) / Math.max(1, layout.height));
    if (readable && k < 0.8) {
      const node = layout.nodes[this._focusRow] ?? layout.nodes[0]!;
      const scale = 0.9;
      const ty = Math.min(margin, h / 2 - (node.y + DEFAULT_TIDY_SIZE.nodeHeight / 2) * scale);
      const tx = Math.min(margin, w / 3 - node.x * scale);
      this._zoom.set(ViewTransform.identity.translate(tx, ty).scale(scale));
      return;
    }
    const scale = Math.max(0.1, k);
    const ty = layout.height * scale < h ? (h - layout.height * scale) / 2 : margin;
    this._zoom.set(ViewTransform.identity.translate(margin, ty).scale(scale));
  }

  private _zoomBy(factor: number): void {
    this._zoom?.scaleBy(factor);
  }

  /** Pan the tidy view so a row's card is on screen. */
  private _panTo(row: number): void {
    const svgEl = this._zoomSvg;
    const node = this._layout?.nodes[row];
    if (!svgEl || !node || !this._zoom) return;
    const t = this._transform;
    const w = svgEl.clientWidth;
    const h = svgEl.clientHeight;
    const x0 = t.applyX(node.x);
    const y0 = t.applyY(node.y);
    const x1 = t.applyX(node.x + DEFAULT_TIDY_SIZE.nodeWidth);
    const y1 = t.applyY(node.y + DEFAULT_TIDY_SIZE.nodeHeight);
    if (x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h) return;
    this._zoom.translateTo(node.x + DEFAULT_TIDY_SIZE.nodeWidth / 2, node.y + DEFAULT_TIDY_SIZE.nodeHeight / 2);
  }

  // ---- interaction ----

  private _moveFocus(row: number, focus = true): void {
    if (!this._rows.length) return;
    const r = Math.max(0, Math.min(this._rows.length - 1, row));
    this._focusRow = r;
    this._focusPending = focus;
    if (this.layout === 'outline' || !this._layout) {
      const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport');
      if (viewport) {
        const top = scrollToRow(r, ROW_HEIGHT, viewport.scrollTop, viewport.clientHeight || this._viewportHeight);
        if (top !== viewport.scrollTop) viewport.scrollTop = top;
        this._scrollTop = top;
      }
    } else {
      void this.updateComplete.then(() => this._panTo(r));
    }
  }

  private _toggleRow(row: number): void {
    const r = this._rows[row];
    if (!r || !r.expandable) return;
    const next = new Set(this._expanded);
    if (r.expanded) next.delete(r.index);
    else next.add(r.index);
    this._expanded = next;
    this._focusRow = row;
  }

  private _select(index: number): void {
    const tree = this._tree;
    if (!tree) return;
    const n = tree.nodes[index]!;
    this._selectedKey = n.key;
    const detail: CascadeSelectDetail = { id: n.id, kind: n.kind, team_id: n.team_id, key: n.key };
    this.dispatchEvent(new CustomEvent<CascadeSelectDetail>('plumb-select', { detail, bubbles: true, composed: true }));
    if (this._source && n.kind !== 'group') {
      this._source.select({ kind: n.kind, id: n.id, team_id: n.team_id, source: this });
    }
  }

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
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this._moveFocus(at + 1);
        break;
      case 'ArrowUp':
        this._moveFocus(at - 1);
        break;
      case 'Home':
        this._moveFocus(0);
        break;
      case 'End':
        this._moveFocus(rows.length - 1);
        break;
      case 'ArrowRight':
        if (r.expandable && !r.expanded) this._toggleRow(at);
        else if (r.expanded) this._moveFocus(at + 1);
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
        const next = new Set(this._expanded);
        for (const row of rows) if (row.parentRow === r.parentRow && row.expandable) next.add(row.index);
        this._expanded = next;
        this._focusPending = true;
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
    const tree = this._tree;
    if (!tree) return false;
    const now = performance.now();
    this._typeAhead = now - this._typeAhead.at < 600 ? { text: this._typeAhead.text + ch, at: now } : { text: ch, at: now };
    const titles = this._rows.map((r) => tree.nodes[r.index]!.title);
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

  private _runSearch(query: string, reveal = true): void {
    const tree = this._tree;
    this._query = query;
    if (!tree || !query.trim()) {
      this._matches = [];
      this._matchAt = -1;
      return;
    }
    const showKr = !this.hideKeyResults;
    this._matches = searchCascade(tree, query).filter((i) => showKr || tree.nodes[i]!.kind !== 'key_result');
    this._matchAt = this._matches.length ? 0 : -1;
    if (reveal && this._matches.length) this._goToMatch(0, false);
  }

  private _goToMatch(at: number, focus: boolean): void {
    const tree = this._tree;
    if (!tree || !this._matches.length) return;
    const m = ((at % this._matches.length) + this._matches.length) % this._matches.length;
    this._matchAt = m;
    this.reveal(tree.nodes[this._matches[m]!]!.key, { focus });
  }

  private _onSearchInput = (e: Event): void => {
    this._runSearch((e.target as HTMLInputElement).value);
  };

  private _onSearchKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!this._matches.length) return;
      // Enter moves keyboard focus to the current match; Shift+Enter to the previous one.
      this._goToMatch(e.shiftKey ? this._matchAt - 1 : this._matchAt, true);
    } else if (e.key === 'ArrowDown' && this._matches.length) {
      e.preventDefault();
      this._goToMatch(this._matchAt, true);
    }
  };

  // ---- rendering ----

  override render(): TemplateResult {
    const tree = this._tree;
    if (!tree) {
      if (this._query$.status === 'error') {
        return stateView('error', `The cascade could not be built: ${this._query$.error?.message ?? 'unknown error'}`);
      }
      if (this._query$.status === 'loading' || (this._source && !this.connector && this._query$.status === 'idle')) {
        return stateView('loading', 'Loading the OKR cascade…');
      }
      return stateView('empty', 'No data: set .connector or .data, or place the element inside <plumb-data>.');
    }
    if (tree.objectives === 0) {
      const cycle = tree.cycle.cycle_id;
      return html`${this._renderToolbar(tree)}${stateView('empty', cycle ? `No objectives in cycle "${cycle}".` : 'No objectives to show.')}`;
    }
    const error = this._query$.status === 'error' && !this.data ? this._query$.error : undefined;
    return html`${this._renderToolbar(tree)}
      <p class="summary" part="summary" id="summary">${this._summary(tree)}</p>
      ${error ? stateView('error', `The cascade could not be refreshed: ${error.message}`) : nothing}
      ${this._renderDiagnostics(tree)}
      ${this.layout === 'tidy' ? this._renderTidy(tree) : this._renderOutline(tree)} ${this._renderDetails(tree)}
      ${this._renderTable(tree)}`;
  }

  private _renderToolbar(tree: CascadeTree): TemplateResult {
    const depthValue = this.depth == null ? 'auto' : this.depth === Infinity ? 'all' : String(this.depth);
    const matchText = this._query.trim()
      ? this._matches.length
        ? `${this._matchAt + 1} of ${this._matches.length}${this._matches.length >= 1000 ? '+' : ''} matches`
        : 'No matches'
      : '';
    return html`<div class="toolbar" part="toolbar">
      <span class="segmented" role="group" aria-label="Layout">
        <button type="button" aria-pressed=${this.layout === 'outline'} @click=${() => (this.layout = 'outline')}>Outline</button>
        <button type="button" aria-pressed=${this.layout === 'tidy'} @click=${() => {
          this._fitPending = true;
          this.layout = 'tidy';
        }}>Tree</button>
      </span>
      <label
        >Expand to
        <select
          aria-label="Expand to depth"
          @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            // willUpdate re-opens the tree at the new depth.
            this.depth = v === 'auto' ? undefined : v === 'all' ? Infinity : Number(v);
          }}
        >
          <option value="auto" ?selected=${depthValue === 'auto'}>Auto (${autoDepth(tree, !this.hideKeyResults)})</option>
          ${[1, 2, 3, 4, 5, 6].map((d) => html`<option value=${String(d)} ?selected=${depthValue === String(d)}>Level ${d}</option>`)}
          <option value="all" ?selected=${depthValue === 'all'}>All</option>
        </select></label
      >
      <label
        ><input
          type="checkbox"
          .checked=${!this.hideKeyResults}
          @change=${(e: Event) => (this.hideKeyResults = !(e.target as HTMLInputElement).checked)}
        />Key results</label
      >
      <input
        type="search"
        placeholder="Search title, owner, team"
        aria-label="Search objectives and key results"
        .value=${this._query}
        @input=${this._onSearchInput}
        @keydown=${this._onSearchKey}
      />
      ${this._matches.length > 1
        ? html`<button type="button" aria-label="Previous match" @click=${() => this._goToMatch(this._matchAt - 1, false)}>↑</button
            ><button type="button" aria-label="Next match" @click=${() => this._goToMatch(this._matchAt + 1, false)}>↓</button>`
        : nothing}
      <span class="matches" role="status">${matchText}</span>
    </div>`;
  }

  private _summaryCache: { tree: CascadeTree; text: string } | undefined;

  private _summary(tree: CascadeTree): string {
    if (this._summaryCache?.tree !== tree) this._summaryCache = { tree, text: this._treeSummary(tree) };
    return `${this._summaryCache.text} Showing ${this._rows.length.toLocaleString('en')} rows.`;
  }

  /** The summary sentence: what the cascade holds and how it stands (the text alternative's first line). */
  private _treeSummary(tree: CascadeTree): string {
    const counts: Record<CascadeStatus, number> = { done: 0, 'on-track': 0, 'at-risk': 0, 'off-track': 0, 'no-data': 0 };
    let company = 0;
    for (let i = 0; i < tree.nodes.length; i++) {
      const n = tree.nodes[i]!;
      if (n.kind !== 'objective') continue;
      counts[n.status]++;
      if (n.level === 'company' && n.parent === -1) company++;
    }
    const cycle = tree.cycle.name ?? tree.cycle.cycle_id ?? 'All objectives';
    const when = tree.as_of ? ` as of ${tree.as_of}` : tree.reference_date ? ` (data to ${tree.reference_date})` : '';
    const parts = (Object.keys(counts) as CascadeStatus[]).filter((s) => counts[s] > 0).map((s) => `${counts[s].toLocaleString('en')} ${STATUS_LABELS[s].toLowerCase()}`);
    const unaligned = tree.unaligned.length
      ? ` ${tree.unaligned.length.toLocaleString('en')} objectives are not aligned to any company objective.`
      : ' Every objective is aligned to a company objective.';
    return `${cycle}${when}: ${company} company objectives, ${tree.objectives.toLocaleString('en')} objectives and ${tree.key_results.toLocaleString('en')} key results. Objectives: ${parts.join(', ')}.${unaligned}`;
  }

  private _renderDiagnostics(tree: CascadeTree): TemplateResult | typeof nothing {
    const errors = tree.diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) return nothing;
    return html`<p class="diagnostics" role="alert" part="diagnostics">
      ${errors.length === 1 ? errors[0]!.message : `${errors.length} problems in the data, first: ${errors[0]!.message}`}
    </p>`;
  }

  private _rowClasses(row: VisibleRow, n: CascadeNode): string {
    return `row kind-${n.kind}${this._pathSet.has(row.index) ? ' on-path' : ''}${this._matchSet.has(row.index) ? ' match' : ''}`;
  }

  private _owner(n: CascadeNode): string {
    if (this.hideNames || n.kind === 'group') return '';
    return n.owner_name ?? n.team_name ?? '';
  }

  private _linksText(n: CascadeNode): string {
    const l = n.links;
    if (!l || (!l.milestones && !l.sprints)) return '';
    const bits: string[] = [];
    if (l.milestones) bits.push(`${l.milestones_done}/${l.milestones} milestones${l.milestones_late ? `, ${l.milestones_late} late` : ''}`);
    if (l.sprints) bits.push(`${l.sprints_done}/${l.sprints} sprints`);
    return bits.join(' · ');
  }

  private _ariaLabel(n: CascadeNode): string {
    const kind = n.kind === 'key_result' ? 'Key result' : n.kind === 'group' ? 'Group' : 'Objective';
    if (n.kind === 'group') return `${n.title}: ${n.children.length} objectives`;
    const owner = this._owner(n);
    const links = this._linksText(n);
    return `${kind}: ${clipText(n.title, TITLE_DOM_MAX)}${owner ? `, ${owner}` : ''}, ${formatPercent(n.progress)}, ${STATUS_LABELS[n.status]}${n.confidence != null ? `, confidence ${formatPercent(n.confidence)}` : ''}${links ? `, ${links}` : ''}`;
  }

  private _renderOutline(tree: CascadeTree): TemplateResult {
    const rows = this._rows;
    const { start, end } = virtualWindow(rows.length, ROW_HEIGHT, this._scrollTop, this._viewportHeight);
    const shown: number[] = [];
    for (let i = start; i < end; i++) shown.push(i);
    // The roving-tabindex row stays rendered even when scrolled away, so Tab always finds the tree.
    if (rows.length && (this._focusRow < start || this._focusRow >= end)) shown.push(this._focusRow);
    return html`<div
      class="viewport"
      part="tree"
      role="tree"
      aria-label=${this.label}
      aria-describedby="summary"
      @scroll=${this._onScroll}
      @click=${this._onClick}
      @keydown=${this._onKeyDown}
    >
      <div class="spacer" style="height:${rows.length * ROW_HEIGHT}px" role="presentation">
        ${repeat(shown, (ri) => ri, (ri) => this._renderRow(tree, ri))}
      </div>
    </div>`;
  }

  private _renderRow(tree: CascadeTree, ri: number): TemplateResult {
    const row = this._rows[ri]!;
    const n = tree.nodes[row.index]!;
    const selected = this._selectedKey === n.key;
    const pct = n.progress == null ? 0 : Math.round(n.progress * 100);
    const links = this._linksText(n);
    return html`<div
      class=${this._rowClasses(row, n)}
      part="row"
      role="treeitem"
      data-row=${ri}
      data-key=${n.key}
      style="top:${ri * ROW_HEIGHT}px"
      tabindex=${ri === this._focusRow ? 0 : -1}
      aria-level=${row.level}
      aria-posinset=${row.posInSet}
      aria-setsize=${row.setSize}
      aria-expanded=${row.expandable ? String(row.expanded) : nothing}
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${this._ariaLabel(n)}
      title=${n.title}
    >
      <span class="name" style="padding-inline-start:calc(${row.level - 1} * var(--_indent))">
        <span class="twisty" aria-hidden="true">${row.expandable ? (row.expanded ? '▾' : '▸') : ''}</span>
        <span class="kind" aria-hidden="true">${n.kind === 'key_result' ? '◇' : n.kind === 'group' ? '▤' : '◆'}</span>
        <span class="title">${clipText(n.title, TITLE_DOM_MAX)}</span>
        ${row.expandable && !row.expanded ? html`<span class="count">(${n.descendants.toLocaleString('en')})</span>` : nothing}
        ${links ? html`<span class="count">${links}</span>` : nothing}
      </span>
      <span class="owner">${this._owner(n)}</span>
      ${n.kind === 'group'
        ? html`<span></span><span></span><span class="muted">${n.children.length.toLocaleString('en')} objectives</span>`
        : html`<span class=${`bar${n.progress == null ? ' no-data' : ''}`} part="progress"
              ><span class=${`fill status-${n.status}`} style="width:${pct}%"></span></span
            ><span class=${`pct${n.progress == null ? ' no-data' : ''}`}>${n.progress == null ? 'no data' : `${pct} %`}</span
            ><span class=${`status status-${n.status}`}
              >${STATUS_GLYPHS[n.status]} <span class="label">${STATUS_LABELS[n.status]}</span></span
            >`}
    </div>`;
  }

  private _renderTidy(tree: CascadeTree): TemplateResult {
    const layout = this._layout;
    if (!layout) {
      return html`<div class="viewport">
        ${stateView(
          'empty',
          `${this._rows.length.toLocaleString('en')} nodes are open; the tree layout draws up to ${TIDY_NODE_LIMIT.toLocaleString('en')}. Collapse some, choose a smaller depth, or use the outline.`,
        )}
      </div>`;
    }
    const size = DEFAULT_TIDY_SIZE;
    const rows = this._rows;
    return html`<div class="viewport" style="overflow:hidden">
      <svg
        class="tidy"
        part="tree"
        role="tree"
        aria-label=${this.label}
        aria-describedby="summary"
        @click=${this._onClick}
        @keydown=${this._onKeyDown}
      >
        <defs>
          <pattern id="plumb-no-data" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="var(--_bg)"></rect>
            <line x1="0" y1="0" x2="0" y2="6" stroke="var(--_border)" stroke-width="3"></line>
          </pattern>
        </defs>
        <g class="zoom-layer" transform=${this._transform.toString()}>
          ${layout.links.map(
            (l) => svg`<path class=${`link${this._pathSet.has(l.target.index) ? ' on-path' : ''}`} d=${linkPath(l, size)}></path>`,
          )}
          ${layout.nodes.map((p) => this._renderCard(tree, rows[p.row]!, p.row, p.x, p.y))}
        </g>
      </svg>
      <div class="zoom-controls">
        <button type="button" aria-label="Zoom in" @click=${() => this._zoomBy(1.25)}>+</button>
        <button type="button" aria-label="Zoom out" @click=${() => this._zoomBy(0.8)}>−</button>
        <button type="button" @click=${() => this._fit()}>Fit</button>
      </div>
    </div>`;
  }

  private _renderCard(tree: CascadeTree, row: VisibleRow, ri: number, x: number, y: number) {
    const n = tree.nodes[row.index]!;
    const { nodeWidth: w, nodeHeight: h } = DEFAULT_TIDY_SIZE;
    const selected = this._selectedKey === n.key;
    const barW = 110;
    const owner = this._owner(n);
    const kindMark = n.kind === 'key_result' ? '◇ ' : n.kind === 'group' ? '▤ ' : '';
    const sub = n.kind === 'group' ? `${n.children.length.toLocaleString('en')} objectives` : `${owner ? `${clipText(owner, 18)} · ` : ''}${formatPercent(n.progress)}`;
    return svg`<g
      class=${`card kind-${n.kind} status-${n.status}${this._pathSet.has(row.index) ? ' on-path' : ''}${this._matchSet.has(row.index) ? ' match' : ''}`}
      part="card"
      role="treeitem"
      data-row=${ri}
      data-key=${n.key}
      transform="translate(${x},${y})"
      tabindex=${ri === this._focusRow ? 0 : -1}
      aria-level=${row.level}
      aria-posinset=${row.posInSet}
      aria-setsize=${row.setSize}
      aria-expanded=${row.expandable ? String(row.expanded) : nothing}
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${this._ariaLabel(n)}
    >
      <title>${n.title}</title>
      <rect class="box" width=${w} height=${h} rx="6"></rect>
      <text x="10" y="18">${kindMark}${clipText(n.title, 30)}</text>
      <text class="sub" x="10" y="33">${sub}</text>
      ${n.kind === 'group'
        ? nothing
        : svg`<rect class=${`barbg${n.progress == null ? ' no-data' : ''}`} x="10" y="41" width=${barW} height="7" rx="3.5"></rect>
          <rect class=${`barfill status-${n.status}`} x="10" y="41" width=${(n.progress ?? 0) * barW} height="7" rx="3.5"></rect>
          <text class=${`sub status-${n.status}`} x=${barW + 18} y="48">${statusText(n.status)}</text>`}
      ${row.expandable
        ? svg`<g class="toggle" transform="translate(${w},${h / 2})" aria-hidden="true">
            <circle r="9"></circle><text text-anchor="middle" dy="4">${row.expanded ? '−' : '+'}</text></g>`
        : nothing}
    </g>`;
  }

  private _renderDetails(tree: CascadeTree): TemplateResult | typeof nothing {
    if (this._selectedKey == null) return nothing;
    const ex = explainCascadeNode(tree, this._selectedKey);
    if (!ex) return nothing;
    const shown = ex.parts.slice(0, 12);
    return html`<section class="details" part="details" aria-label="Why this number">
      <h3>${clipText(ex.title, 300)} — ${formatPercent(ex.progress)}, ${STATUS_LABELS[ex.status]}</h3>
      <p>${ex.method}</p>
      <p>${ex.status_reason}</p>
      ${shown.length
        ? html`<ul>
            ${shown.map(
              (p) =>
                html`<li>
                  ${clipText(p.title, 120)}${p.via ? ` (via ${clipText(p.via, 60)})` : ''}: ${formatPercent(p.progress)}, weight
                  ${p.weight}${p.counted ? `, adds ${formatPercent(p.contribution)}` : ` — not counted (${p.reason ?? ''})`}
                </li>`,
            )}
          </ul>`
        : nothing}
      ${ex.parts.length > shown.length ? html`<p>${ex.parts.length - shown.length} more not listed.</p>` : nothing}
    </section>`;
  }

  private static readonly TABLE_COLUMNS: DataTableColumn<Record<string, unknown>>[] = [
    { key: 'path', label: 'Objective / key result' },
    { key: 'kind', label: 'Kind' },
    { key: 'owner', label: 'Owner' },
    { key: 'progress', label: 'Progress', numeric: true },
    { key: 'stated', label: 'Stated', numeric: true },
    { key: 'status', label: 'Status' },
    { key: 'confidence', label: 'Confidence', numeric: true },
  ];

  private _renderTable(tree: CascadeTree): TemplateResult {
    const rows = this._tableOpen
      ? this._rows.slice(0, 500).map((r) => {
          const n = tree.nodes[r.index]!;
          return {
            path: `${'· '.repeat(r.level - 1)}${clipText(n.title, TITLE_DOM_MAX)}`,
            kind: n.kind === 'key_result' ? 'Key result' : n.kind === 'group' ? 'Group' : 'Objective',
            owner: this._owner(n),
            progress: formatPercent(n.progress),
            stated: n.stated_progress == null ? '—' : formatPercent(n.stated_progress),
            status: n.kind === 'group' ? '' : STATUS_LABELS[n.status],
            confidence: n.confidence == null ? '—' : formatPercent(n.confidence),
          };
        })
      : [];
    return html`<details
      class="table-alt"
      @toggle=${(e: Event) => (this._tableOpen = (e.target as HTMLDetailsElement).open)}
    >
      <summary>Table of the ${this._rows.length.toLocaleString('en')} rows shown</summary>
      ${this._tableOpen
        ? html`<plumb-data-table
            caption=${`OKR cascade, ${tree.cycle.name ?? tree.cycle.cycle_id ?? ''}`}
            .columns=${PlumbCascadeTree.TABLE_COLUMNS}
            .rows=${rows}
          ></plumb-data-table>`
        : nothing}
    </details>`;
  }
}

// Exposed for tests and embedders that lay out on their own.
export { shownChildren };
