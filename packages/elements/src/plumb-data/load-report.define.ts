import { PlumbLoadReport } from './load-report.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-load-report', PlumbLoadReport);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-load-report': PlumbLoadReport;
  }
}
