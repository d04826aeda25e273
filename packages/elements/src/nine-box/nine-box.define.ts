import { PlumbNineBox } from './nine-box.js';

if (!customElements.get('plumb-nine-box')) customElements.define('plumb-nine-box', PlumbNineBox);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-nine-box': PlumbNineBox;
  }
}
