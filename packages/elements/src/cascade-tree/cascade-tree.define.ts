import { PlumbCascadeTree } from './cascade-tree.js';

if (!customElements.get('plumb-cascade-tree')) customElements.define('plumb-cascade-tree', PlumbCascadeTree);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-cascade-tree': PlumbCascadeTree;
  }
}
