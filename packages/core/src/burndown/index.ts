export * from './types.js';
export * from './weeks.js';
export * from './rules.js';
export * from './rule-labels.js';
export * from './measures.js';
export { keyResultProgressSql } from './progress-sql.js';
export { burndown, burndownCycles, type BurndownOptions, type BurndownCycleRow } from './query.js';
export { runBurndownQuery, OWNER_LABEL_PREFIX, type BurndownQueryOptions } from './named-query.js';
export { burndownQuery } from './named.js';
