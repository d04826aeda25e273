import { PlumbDataTable } from './data-table.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-data-table', PlumbDataTable);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-data-table': PlumbDataTable;
  }
}
