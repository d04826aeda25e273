// `@plumb/core/queries`: what a view needs to draw. The named queries, their options and result types,
// statistics, the privacy plan and pseudonyms, the calibration session's log and exports, the review's
// evidence and draft, the canonical schema's names and the SQL quoting helper. No loader, normaliser or
// connector implementation: a view imports this entry (and nothing else of core), so a page that only
// draws never ships the loader (checked by packages/elements/test/layers.test.ts).
export * from '../sql.js';
export * from '../csv.js';
export * from '../connector.js';
export * from '../arrow-rows.js';
export * from '../schema.js';
export * from '../calibration-tables.js';
export * from '../diagnostics.js';
export * from '../text.js';
export * from '../okr/progress.js';
export * from '../stats/index.js';
export * from '../calibration/index.js';
export * from '../burndown/index.js';
export * from '../cascade/index.js';
export * from '../queries/index.js';
export * from '../privacy/index.js';
export * from '../review/index.js';
export * from '../session/index.js';
