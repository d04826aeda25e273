import { PlumbCascadeTree } from './cascade-tree.js';

customElements.define('plumb-cascade-tree', PlumbCascadeTree);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-cascade-tree': PlumbCascadeTree;
  }
}
