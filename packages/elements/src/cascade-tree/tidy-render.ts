import { nothing, svg, html, type TemplateResult } from 'lit';
import { linkPath, type TidyLayout, type TidySize } from './cascade-layout.js';
import { cardChars } from './tidy-size.js';
import type { TidyZoomController } from './tidy-zoom-controller.js';
import type { LazyForest } from './lazy-forest.js';
import type { VisibleRow } from './visible-rows.js';
import { ariaLabel, nodeTitle, partialGroupText, ownerText, percentText, shortStatusLabel, type CascadeWords } from './cascade-text.js';
import { STATUS_GLYPHS, clipText } from './status-marks.js';

/** What the tidy tree's drawing reads of the element. */
export interface TidyRenderInput {
  words: CascadeWords;
  forest: LazyForest;
  rows: readonly VisibleRow[];
  layout: TidyLayout;
  size: TidySize;
  zoom: TidyZoomController;
  /** The tree's accessible name. */
  label: string;
  selectedKey: string | null;
  /** The roving-tabindex row. */
  focusRow: number;
  /** Forest indexes of the selected node and its ancestors. */
  pathSet: ReadonlySet<number>;
  /** A search match or a focus node (marked). */
  highlighted(key: string): boolean;
  onClick(e: MouseEvent): void;
  onKeyDown(e: KeyboardEvent): void;
  /** The pointer over a card, and leaving the tree (a card rested on anticipates its selection). */
  onPointerOver(e: PointerEvent): void;
  onPointerLeave(): void;
  fit(): void;
}

/** The tidy tree (SVG cards and links, zoom buttons): part of the tree layout's chunk, drawn only in that layout. */
export function renderTidy(input: TidyRenderInput): TemplateResult {
  const { layout, size, rows, zoom, words: w } = input;
  const chars = cardChars(size);
  return html`<div class="viewport tidy-viewport">
    <div class="tidy-canvas"><svg
      class="tidy"
      part="tree chart"
      role="tree"
      aria-label=${input.label}
      aria-describedby="summary"
      @click=${input.onClick}
      @keydown=${input.onKeyDown}
      @pointerover=${input.onPointerOver}
      @pointerleave=${input.onPointerLeave}
    >
      <defs>
        <pattern id="plumb-no-data" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--_bg)"></rect>
          <line x1="0" y1="0" x2="0" y2="6" stroke="var(--_border)" stroke-width="3"></line>
        </pattern>
      </defs>
      <g class="zoom-layer" transform=${zoom.transform.toString()}>
        ${layout.links.map((l) => svg`<path class=${`link${input.pathSet.has(l.target.index) ? ' on-path' : ''}`} d=${linkPath(l, size)}></path>`)}
        ${layout.nodes.map((p) => renderCard(input, rows[p.row]!, p.row, p.x, p.y, chars))}
      </g>
    </svg></div>
    <div class="zoom-controls">
      <button type="button" aria-label=${w.msg('zoom.in')} @click=${() => zoom.zoomBy(1.25)}>+</button>
      <button type="button" aria-label=${w.msg('zoom.out')} @click=${() => zoom.zoomBy(0.8)}>−</button>
      <button type="button" @click=${() => input.fit()}>${w.msg('zoom.fit')}</button>
    </div>
  </div>`;
}

function renderCard(input: TidyRenderInput, row: VisibleRow, ri: number, x: number, y: number, chars: ReturnType<typeof cardChars>) {
  const { words: w, size } = input;
  const n = input.forest.nodes[row.index]!;
  const { nodeWidth: width, nodeHeight: h } = size;
  const selected = input.selectedKey === n.key;
  const barW = 110;
  const owner = ownerText(n);
  const kindMark = n.kind === 'key_result' ? '◇ ' : n.kind === 'group' ? '▤ ' : '';
  const partial = n.kind === 'group' ? partialGroupText(w, n, row.expanded, input.rows.filter((r) => r.parentRow === ri).length) : null;
  const sub = n.kind === 'group'
    ? partial ?? w.msg('group.count', { n: n.child_count })
    : `${owner ? `${clipText(owner, chars.owner)} · ` : ''}${percentText(w, n.progress, n.suppressed)}`;
  return svg`<g
    class=${`card kind-${n.kind} status-${n.status}${input.pathSet.has(row.index) ? ' on-path' : ''}${input.highlighted(n.key) ? ' match' : ''}`}
    part="card"
    role="treeitem"
    data-row=${ri}
    data-key=${n.key}
    transform="translate(${x},${y})"
    tabindex=${ri === input.focusRow ? 0 : -1}
    aria-level=${row.level}
    aria-posinset=${row.posInSet}
    aria-setsize=${row.setSize}
    aria-expanded=${row.expandable ? String(row.expanded) : nothing}
    aria-selected=${selected ? 'true' : 'false'}
    aria-label=${ariaLabel(w, n, partial)}
  >
    <title>${clipText(nodeTitle(w, n), 1000)}${partial ? ` (${partial}. ${w.msg('group.partial-hint')})` : ''}</title>
    <rect class="box" width=${width} height=${h} rx="6"></rect>
    <text x="10" y="18">${kindMark}${clipText(nodeTitle(w, n), chars.title)}</text>
    <text class="sub" x="10" y="33">${sub}</text>
    ${n.kind === 'group'
      ? nothing
      : svg`<rect class=${`barbg${n.progress == null ? ' no-data' : ''}`} x="10" y="41" width=${barW} height="7" rx="3.5"></rect>
        <rect class=${`barfill status-${n.status}`} x="10" y="41" width=${(n.progress ?? 0) * barW} height="7" rx="3.5"></rect>
        <text class=${`sub status-${n.status}`} x=${barW + 18} y="48">${STATUS_GLYPHS[n.status]} ${shortStatusLabel(w, n.status)}</text>`}
    ${row.expandable
      ? svg`<g class="toggle" transform="translate(${width},${h / 2})" aria-hidden="true">
          <circle r="9"></circle><text text-anchor="middle" dy="4">${row.expanded ? '−' : '+'}</text></g>`
      : nothing}
  </g>`;
}
