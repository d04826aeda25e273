import { defineQuery } from '../queries/registry.js';
import type { PersonEvidence, PersonEvidenceOptions } from './types.js';

// The review's named query. Its code (evidence.ts and its SQL) is imported with the first run or build: a page whose
// connector answers named queries itself (`plumb serve`) never downloads it.
const code = () => import('./evidence.js');

/**
 * The named query `person-evidence`: `personEvidence`, or null when no person is chosen yet (a view
 * waiting for a linked selection `person_id` shows "select a person" rather than an error).
 */
export const personEvidenceQuery = defineQuery<PersonEvidenceOptions, PersonEvidence | null>(
  'person-evidence',
  async (connector, options) => (options.person ? (await code()).personEvidence(connector, options) : null),
  async (connector) => (await code()).prepareReview(connector),
  code,
);
