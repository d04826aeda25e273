import { PlumbPersonReview } from './person-review.js';

if (!customElements.get('plumb-person-review')) customElements.define('plumb-person-review', PlumbPersonReview);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-person-review': PlumbPersonReview;
  }
}
