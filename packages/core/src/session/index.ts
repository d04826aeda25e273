export * from './log.js';
export * from './reason-policy.js';
export * from './relation.js';
export * from './store.js';
export * from './session-queries.js';
export * from './table-query.js';
export * from './export.js';
export * from './change-impact.js';
