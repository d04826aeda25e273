import type { ReasonPolicy } from '@plumb/core/queries';
import { findPlumbData } from '../data/resolve.js';
import type { PlumbSessionController } from '../data/session.js';

/** The `<plumb-data>` element a view draws from: its `source="id"`, else the nearest ancestor. */
export function plumbDataOf(element: Element & { source?: string }): Element | null {
  if (element.source) return findPlumbData(element, element.source);
  return element.closest('plumb-data');
}

interface SessionHostElement extends Element {
  session?: PlumbSessionController;
  reasonPolicy?: ReasonPolicy;
}

/** The open session of the view's `<plumb-data>`, or null (none, or closed: the views are then read-only). */
export function sessionOf(element: Element & { source?: string }): PlumbSessionController | null {
  const session = sessionControllerOf(element);
  return session?.session && !session.session.closed_at ? session : null;
}

/** The session controller of the view's `<plumb-data>` whatever its state (the log shows a closed session). */
export function sessionControllerOf(element: Element & { source?: string }): PlumbSessionController | null {
  return (plumbDataOf(element) as SessionHostElement | null)?.session ?? null;
}

/** When a move needs a reason in this room (`<plumb-data reason-required>`; default: two levels or more). */
export function reasonPolicyOf(element: Element & { source?: string }): ReasonPolicy {
  return (plumbDataOf(element) as SessionHostElement | null)?.reasonPolicy ?? 'two-levels';
}
