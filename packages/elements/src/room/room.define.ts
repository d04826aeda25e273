import { PlumbRoom } from './room.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-room', PlumbRoom);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-room': PlumbRoom;
  }
}
