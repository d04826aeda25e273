import { PlumbPersonReview } from './person-review.js';
import { defineElement } from '../shared/define.js';

defineElement('plumb-person-review', PlumbPersonReview);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-person-review': PlumbPersonReview;
  }
}
