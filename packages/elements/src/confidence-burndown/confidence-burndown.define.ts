import { PlumbConfidenceBurndown } from './confidence-burndown.js';

customElements.define('plumb-confidence-burndown', PlumbConfidenceBurndown);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-confidence-burndown': PlumbConfidenceBurndown;
  }
}
