export * from './pseudonym-index.js';
