import type { PlumbDataSource, PlumbSelection } from './context.js';

/**
 * The selection an element should filter by: `null` when nothing is
 * selected, when the element made the selection itself (it highlights rather
 * than filters), or when it opted out of linking with the `unlinked` (or
 * `ignore-selection`) attribute.
 */
export function linkedSelection(host: Element, source: PlumbDataSource | undefined): PlumbSelection | null {
  const selection = source?.selection ?? null;
  if (!selection) return null;
  if (host.hasAttribute('unlinked') || host.hasAttribute('ignore-selection')) return null;
  if (selection.source === host) return null;
  return selection;
}

/** A stable text key of a selection, for `QueryController.update(connector, key)`. */
export function selectionKey(selection: PlumbSelection | null): string {
  return selection ? `${selection.kind}:${selection.id}:${selection.team_id ?? ''}` : '';
}
