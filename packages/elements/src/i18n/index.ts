export * from './catalogue.js';
export * from './format.js';
export * from './localize.js';
export { commonMessages } from './common.messages.js';
export { withheldMessages } from './withheld.messages.js';
