import type { NamedQueryOptions } from './options.js';
import { defineLazyQuery } from './registry.js';

// The banner's named query; its code (filter-description.ts, the hierarchies) is imported with its first run: a page
// draws before anything is selected, and one on `plumb serve` never downloads it.
/** The banner's query: what each filter field of the options means. */
export const filterDescriptionQuery = defineLazyQuery(
  'filter-description',
  () => import('./filter-description.js'),
  (m, connector, options: NamedQueryOptions) => m.describeFilter(connector, options),
  // Prepared on `plumb serve` only (a page builds its views' queries): the team tree and manager chain that
  // every filter walks — each view's team selection, each manager's scope — not on the first selection.
  (m, connector) => m.buildHierarchies(connector),
);
