import { PlumbLoadReport } from './load-report.js';

if (!customElements.get('plumb-load-report')) customElements.define('plumb-load-report', PlumbLoadReport);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-load-report': PlumbLoadReport;
  }
}
