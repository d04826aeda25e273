// The Vue app's event handlers, type-checked with tsc: they only compile when
// Plumb's events carry these detail types (PlumbEventMap / HTMLElementEventMap).
import type { PlumbEventMap } from '@plumb/elements';

declare global {
  interface Window {
    __events: { name: string; detail: unknown }[];
  }
}
window.__events = [];

export function onLoad(event: PlumbEventMap['plumb-load']): void {
  const people: number | undefined = event.detail.report.tables.people;
  window.__events.push({ name: 'load', detail: { people, version: event.detail.version } });
}

export function onSelectionChange(event: PlumbEventMap['plumb-selection-change']): void {
  const team: string | null | undefined = event.detail.selection?.team_id;
  window.__events.push({ name: 'selection-change', detail: { team } });
}

// The same types reach addEventListener through HTMLElementEventMap.
export function listen(element: HTMLElement): void {
  element.addEventListener('plumb-error', (event) => {
    const message: string = event.detail.message;
    window.__events.push({ name: 'error', detail: { message } });
  });
}
