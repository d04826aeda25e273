import { PlumbConfidenceBurndown } from './confidence-burndown.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-confidence-burndown', PlumbConfidenceBurndown);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-confidence-burndown': PlumbConfidenceBurndown;
  }
}
