export * from './filters.js';
export * from './queries.js';
export * from './privacy.js';
export * from './pseudonyms.js';
export * from './report.js';
export * from './nine-box.js';
export * from './named.js';
export * from './aggregates.js';
