import { PlumbRatingDistribution } from './rating-distribution.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-rating-distribution', PlumbRatingDistribution);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-rating-distribution': PlumbRatingDistribution;
  }
}
