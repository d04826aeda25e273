import { defineLazyQuery } from '../queries/registry.js';
import type { PersonEvidenceOptions } from './types.js';

// The review's named query; its code (evidence.ts and its SQL) is imported on first use.
/**
 * The named query `person-evidence`: `personEvidence`, or null when no person is chosen yet (a view
 * waiting for a linked selection `person_id` shows "select a person" rather than an error).
 */
export const personEvidenceQuery = defineLazyQuery(
  'person-evidence',
  () => import('./evidence.js'),
  async (m, connector, options: PersonEvidenceOptions) => (options.person ? m.personEvidence(connector, options) : null),
  (m, connector) => m.prepareReview(connector),
);
