import type { OrgFilter } from '@plumb/core/queries';

/**
 * Every Plumb event and its detail, in one place (after Shoelace): `emit()` on the base classes is
 * typed against `GlobalEventHandlersEventMap`, so `el.addEventListener('plumb-select', e => e.detail.kind)`
 * is typed in any framework. Elements with events of their own add them to the map with a
 * `declare global` block beside their class.
 */

/** What a selection can name. */
export type ClauseKind = 'team' | 'manager' | 'department' | 'level' | 'rater' | 'person' | 'objective' | 'key_result' | 'box';

/** Detail of `plumb-select`, the same for every view. */
export interface PlumbSelectDetail {
  kind: ClauseKind;
  /** What was chosen (a pseudonym code when the view is anonymized). `null` detail: the selection was cleared. */
  id: string;
  /** What the view shows for it (a pseudonym label when anonymized). */
  label?: string;
  /** What it means for the other views: the filter of this selection's clause. */
  filter: OrgFilter;
}

/** Detail of `plumb-rendered`: a new result has been drawn. */
export interface PlumbRenderedDetail {
  /** The named query drawn. */
  query: string;
  /** Milliseconds from the inputs changing to this draw. */
  ms: number;
  /** Whether the result came from the coordinator's cache. */
  cached: boolean;
}

/** A clause of the linked selection as events and embedders see it (no element reference). */
export interface PlumbClauseInfo extends PlumbSelectDetail {
  /** The tag name of the view that made it. */
  source: string;
}

/** Detail of `plumb-selection-change` on `<plumb-data>`. */
export interface PlumbSelectionChangeDetail {
  /** Every clause of the linked selection (one per view that selected something). */
  clauses: PlumbClauseInfo[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-select': CustomEvent<PlumbSelectDetail | null>;
    'plumb-rendered': CustomEvent<PlumbRenderedDetail>;
    'plumb-selection-change': CustomEvent<PlumbSelectionChangeDetail>;
  }
}
