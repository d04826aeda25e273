import type { NamedQueryOptions } from './options.js';
import { defineQuery } from './registry.js';
import type { FilterDescription } from './filter-description.js';

// The banner's named query. Its code (filter-description.ts, the hierarchies) is imported with its first run: a page
// draws before anything is selected, and one on `plumb serve` never downloads it.
const code = () => import('./filter-description.js');

/** The banner's query: what each filter field of the options means. */
export const filterDescriptionQuery = defineQuery<NamedQueryOptions, FilterDescription>(
  'filter-description',
  async (connector, options) => (await code()).describeFilter(connector, options),
  // Prepared on `plumb serve` only (a page builds its views' queries): the team tree and manager chain that
  // every filter walks — each view's team selection, each manager's scope — not on the first selection.
  async (connector) => (await code()).buildHierarchies(connector),
  code,
);
