import { PlumbRatingDistribution } from './rating-distribution.js';

if (!customElements.get('plumb-rating-distribution')) customElements.define('plumb-rating-distribution', PlumbRatingDistribution);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-rating-distribution': PlumbRatingDistribution;
  }
}
