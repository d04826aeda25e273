import { PlumbSessionLog } from './session-log.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-session-log', PlumbSessionLog);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-session-log': PlumbSessionLog;
  }
}
