export * from './descriptive.js';
export * from './gamma.js';
export * from './chi-square.js';
export * from './goodness-of-fit.js';
export * from './transitions.js';
export * from './adverse-impact.js';
export * from './suppression.js';
