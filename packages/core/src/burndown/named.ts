import { defineQuery } from '../queries/registry.js';
import type { BurndownQueryOptions } from './named-query.js';
import type { BurndownResult } from './types.js';

// The burn-down's named query. Its code (named-query.ts, the series' SQL) is imported with the first run or build: a
// page whose connector answers named queries itself (`plumb serve`) never downloads it.
const code = () => import('./named-query.js');

/** `runBurndownQuery` as a named query; its build is the tables a view with no attributes counts from (`prepareBurndown`). */
export const burndownQuery = defineQuery<BurndownQueryOptions, BurndownResult>(
  'burndown',
  async (connector, options) => (await code()).runBurndownQuery(connector, options),
  async (connector) => (await code()).prepareBurndown(connector),
  code,
);
