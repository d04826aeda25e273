/**
 * The tidy tree's code (d3-hierarchy's layout, card sizes, zoom and pan, its drawing), loaded the first time a
 * cascade is drawn as a tree: the outline, the default, needs none of it.
 */
export { DEFAULT_TIDY_SIZE, tidyLayout } from './cascade-layout.js';
export { tidySizeFor } from './tidy-size.js';
export { TidyZoomController } from './tidy-zoom-controller.js';
export { renderTidy } from './tidy-render.js';
export { tidyStyles } from './tidy.styles.js';
