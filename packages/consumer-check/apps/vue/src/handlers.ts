// The Vue app's event handlers, type-checked with tsc: they only compile when
// Plumb's events carry these detail types (GlobalEventHandlersEventMap, declared by @plumb/elements).
import '@plumb/elements';

declare global {
  interface Window {
    __events: { name: string; detail: unknown }[];
  }
}
window.__events = [];

export function onLoad(event: GlobalEventHandlersEventMap['plumb-load']): void {
  const people: number | undefined = event.detail.report.tables.people;
  window.__events.push({ name: 'load', detail: { people, version: event.detail.version } });
}

export function onSelectionChange(event: GlobalEventHandlersEventMap['plumb-selection-change']): void {
  const team: string | null | undefined = event.detail.clauses.at(-1)?.filter.team_id;
  window.__events.push({ name: 'selection-change', detail: { team } });
}

// The same types reach addEventListener directly.
export function listen(element: HTMLElement): void {
  element.addEventListener('plumb-error', (event) => {
    const message: string = event.detail.message;
    window.__events.push({ name: 'error', detail: { message } });
  });
}
