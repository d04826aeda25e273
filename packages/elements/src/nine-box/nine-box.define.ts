import { PlumbNineBox } from './nine-box.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-nine-box', PlumbNineBox);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-nine-box': PlumbNineBox;
  }
}
