import { html, type TemplateResult } from 'lit';

/** The loading / empty / error messages every element shows, as text (never HTML from data). */
export function stateView(state: 'loading' | 'empty' | 'error', message: string): TemplateResult {
  return html`<div class="state" part="state" data-state=${state} role=${state === 'error' ? 'alert' : 'status'}>
    ${message}
  </div>`;
}
