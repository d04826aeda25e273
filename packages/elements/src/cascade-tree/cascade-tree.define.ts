import { PlumbCascadeTree } from './cascade-tree.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-cascade-tree', PlumbCascadeTree);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-cascade-tree': PlumbCascadeTree;
  }
}
