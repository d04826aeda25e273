import { PlumbDataTable } from './data-table.js';

customElements.define('plumb-data-table', PlumbDataTable);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-data-table': PlumbDataTable;
  }
}
