export * from './aliases.js';
export * from './infer-table.js';
export * from './numbers.js';
export * from './dates.js';
export * from './confidence.js';
