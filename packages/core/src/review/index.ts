export * from './types.js';
export { personEvidence, prepareReview, SPRINT_DAYS, MILESTONE_WINDOW_DAYS, MOVED_THRESHOLD } from './evidence.js';
export { personEvidenceQuery } from './named.js';
export * from './delivery.js';
export * from './check.js';
export * from './draft.js';
export * from './export.js';
export { draftMessagesEn } from './messages.en.js';
