import { PlumbReasonDialog } from './reason-dialog.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-reason-dialog', PlumbReasonDialog);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-reason-dialog': PlumbReasonDialog;
  }
}
