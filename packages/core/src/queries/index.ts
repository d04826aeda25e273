export * from './options.js';
export * from './registry.js';
export * from './derived.js';
export * from './named.js';
export * from './hierarchy.js';
export * from './filter-description.js';
export * from './filter-description-query.js';
export * from './pre-aggregates.js';
