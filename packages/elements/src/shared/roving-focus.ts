import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Roving focus (WAI-ARIA "roving tabindex"): a widget is one tab stop, arrows move among its items.
 * Each widget shape is a small pure strategy — which position a key leads to — and one controller
 * keeps the active position, gives each item its tabindex and moves the real focus once the host has
 * drawn the new position. The cascade's tree adds expand/collapse to the list's moves itself.
 */

/** The position a key leads to from `at`, or null when the key is not a move in this shape. */
export type RovingKeys<P> = (key: string, at: P, modifiers: { ctrl: boolean }) => P | null;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * A list of `count` items (a chart's rows, a timeline's points): arrows step by one (both axes, or only
 * left/right for a horizontal strip), Home and End jump to the ends; never past either end.
 */
export function listKeys(count: number, axes: 'both' | 'horizontal' | 'vertical' = 'both'): RovingKeys<number> {
  const steps: Record<string, number> = {
    ...(axes !== 'vertical' ? { ArrowRight: 1, ArrowLeft: -1 } : {}),
    ...(axes !== 'horizontal' ? { ArrowDown: 1, ArrowUp: -1 } : {}),
  };
  return (key, at) => {
    if (count <= 0) return null;
    if (key in steps) return clamp(at + steps[key]!, 0, count - 1);
    if (key === 'Home') return 0;
    if (key === 'End') return count - 1;
    return null;
  };
}

export interface GridPosition {
  row: number;
  column: number;
}

/**
 * A grid of `rows` × `columns` cells: arrows step within it, Home and End go to the row's first and last
 * cell (with Ctrl: the grid's first and last row). `headerRow` adds row −1 (column headers) above the
 * first row, reached by ArrowUp; `page` (rows) enables PageUp and PageDown, which stay in the body.
 */
export function gridKeys(size: { rows: number; columns: number; headerRow?: boolean; page?: number }): RovingKeys<GridPosition> {
  const top = size.headerRow ? -1 : 0;
  const last = size.rows - 1;
  const at = (row: number, column: number): GridPosition => ({ row: clamp(row, top, last), column: clamp(column, 0, size.columns - 1) });
  return (key, { row, column }, { ctrl }) => {
    switch (key) {
      case 'ArrowDown': return at(row + 1, column);
      case 'ArrowUp': return at(row - 1, column);
      case 'ArrowLeft': return at(row, column - 1);
      case 'ArrowRight': return at(row, column + 1);
      case 'Home': return at(ctrl ? 0 : row, 0);
      case 'End': return at(ctrl ? last : row, size.columns - 1);
      case 'PageDown': return size.page ? at(row + size.page, column) : null;
      case 'PageUp': return size.page ? at(Math.max(0, row - size.page), column) : null;
      default: return null;
    }
  };
}

export interface RowItemPosition {
  row: number;
  item: number;
}

/**
 * Rows of items along a shared x axis (a small-multiples timeline): Left/Right, Home/End along the row;
 * Up/Down to the next row that has items, onto the item nearest in x.
 */
export function rowItemKeys(rows: readonly { items: readonly { x: number }[] }[]): RovingKeys<RowItemPosition> {
  const nearest = (items: readonly { x: number }[], x: number) =>
    items.reduce((best, it, i) => (Math.abs(it.x - x) < Math.abs(items[best]!.x - x) ? i : best), 0);
  return (key, { row, item }) => {
    const current = rows[row];
    if (!current) return null;
    const end = current.items.length - 1;
    switch (key) {
      case 'ArrowRight': return { row, item: Math.min(end, item + 1) };
      case 'ArrowLeft': return { row, item: Math.max(0, item - 1) };
      case 'Home': return { row, item: 0 };
      case 'End': return { row, item: end };
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = key === 'ArrowDown' ? 1 : -1;
        let r = row + step;
        while (rows[r] && rows[r]!.items.length === 0) r += step;
        if (!rows[r]) return null;
        return { row: r, item: nearest(rows[r]!.items, current.items[item]?.x ?? 0) };
      }
      default: return null;
    }
  };
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/**
 * The active position of one roving-focus widget. The host renders `tabIndex(p)` on each item and
 * calls `follow(p)` when an item gains focus or is clicked, and `keydown(e, keys)` from its key handler.
 */
export class RovingFocusController<P> implements ReactiveController {
  active: P;

  constructor(
    private readonly host: Host,
    private readonly options: {
      initial: P;
      /** The CSS selector of the item at `p` in the host's render root. */
      selector: (p: P) => string;
      same?: (a: P, b: P) => boolean;
      /** Called after a key moved the active position (before focus follows), e.g. to scroll or announce. */
      moved?: (p: P) => void;
    },
  ) {
    this.active = options.initial;
    host.addController(this);
  }

  hostConnected(): void {}

  private same(a: P, b: P): boolean {
    return this.options.same ? this.options.same(a, b) : a === b;
  }

  /** 0 for the one tab stop, −1 for every other item. */
  tabIndex(p: P): 0 | -1 {
    return this.same(p, this.active) ? 0 : -1;
  }

  /** The item at `p` gained focus or was clicked: it becomes the tab stop. */
  follow(p: P): void {
    if (this.same(p, this.active)) return;
    this.active = p;
    this.host.requestUpdate();
  }

  /**
   * Moves for a key of `keys` from `from` (by default the active position). Returns true, having
   * prevented the key's default, when the key is a move; focus follows once the host has drawn.
   */
  keydown(e: KeyboardEvent, keys: RovingKeys<P>, from: P = this.active): boolean {
    const next = keys(e.key, from, { ctrl: e.ctrlKey || e.metaKey });
    if (next === null) return false;
    e.preventDefault();
    this.active = next;
    this.options.moved?.(next);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.focus());
    return true;
  }

  /** Puts the real focus on the active item (after a render that changed it). */
  focus(): void {
    this.host.renderRoot.querySelector<HTMLElement | SVGElement>(this.options.selector(this.active))?.focus();
  }
}
