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

/**
 * The organisational filter a selection implies for views of people
 * (ratings, nine-box): a department, or a team — a team selected directly or
 * the team an objective or key result belongs to (a click in the cascade).
 */
export function selectionOrgFilter(selection: PlumbSelection | null): { department?: string; team_id?: string } {
  if (!selection) return {};
  if (selection.kind === 'department') return { department: selection.id };
  if (selection.kind === 'team') return { team_id: selection.id };
  return selection.team_id ? { team_id: selection.team_id } : {};
}
