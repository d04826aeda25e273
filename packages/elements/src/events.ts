// Plumb's DOM events by name, with their detail types, so that
// `element.addEventListener('plumb-load', (e) => e.detail.report)` is typed,
// and so the React wrappers (@plumb/react, generated from the custom-elements
// manifest) type their `on…` props. An element whose JSDoc states a more exact
// type (`@event {CustomEvent<X>} plumb-select`) gets that one in its wrapper.
import type { BurndownAlert } from '@plumb/core';
import type { PlumbSelection } from './data/context.js';
import type { CascadeSelectDetail } from './cascade-tree/cascade-tree.js';
import type { NineBoxSelectDetail } from './nine-box/nine-box.js';
import type { PlumbErrorDetail, PlumbLoadDetail, PlumbSelectionChangeDetail } from './plumb-data/plumb-data.js';
import type { RatingSelectDetail } from './rating-distribution/rating-distribution.js';

export interface PlumbEventMap {
  /** `<plumb-data>`: a load finished. */
  'plumb-load': CustomEvent<PlumbLoadDetail>;
  /** `<plumb-data>` (and views): a load or query failed. */
  'plumb-error': CustomEvent<PlumbErrorDetail>;
  /** `<plumb-data>`: the linked selection changed. */
  'plumb-selection-change': CustomEvent<PlumbSelectionChangeDetail>;
  /** A view: something was chosen (its detail is the view's own selection). */
  'plumb-select': CustomEvent<CascadeSelectDetail | RatingSelectDetail | NineBoxSelectDetail | PlumbSelection>;
  /** `<plumb-confidence-burndown>`: one at-risk alert of a new result. */
  'plumb-alert': CustomEvent<BurndownAlert>;
  /** A view: a new result has been drawn. */
  'plumb-rendered': CustomEvent<unknown>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PlumbEventMap {}
}
