import { defineLazyQuery } from '../queries/registry.js';
import type { BurndownQueryOptions } from './named-query.js';

// The burn-down's named query; its code (named-query.ts, the series' SQL) is imported on first use.
/** `runBurndownQuery` as a named query; its build is the tables a view with no attributes counts from (`prepareBurndown`). */
export const burndownQuery = defineLazyQuery(
  'burndown',
  () => import('./named-query.js'),
  (m, connector, options: BurndownQueryOptions) => m.runBurndownQuery(connector, options),
  (m, connector) => m.prepareBurndown(connector),
  ['key_results', 'objectives', 'check_ins', 'people', 'teams'],
);
