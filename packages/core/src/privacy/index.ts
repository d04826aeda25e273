export * from './pseudonym-index.js';
export * from './okr-plan.js';
