import type { NamedQuery } from './registry.js';
import { personEvidenceQuery } from '../review/named.js';
import { recognitionDeliveryQuery } from '../review/delivery.js';
import { calibrationLogQuery, calibrationReportQuery, calibrationTableQuery, nineBoxQuery } from '../calibration/named.js';
import { cascadeChildrenQuery, cascadeQuery, cascadeRecognitionsQuery, cascadeSearchQuery } from '../cascade/named.js';
import { burndownQuery } from '../burndown/named.js';
import { filterDescriptionQuery } from './filter-description-query.js';

/**
 * Every named query, by name: for the CLI, the HTTP server and tests that run each query on each
 * connector. One import and one entry per query module (the file merges by union).
 */
export const NAMED_QUERIES: Record<string, NamedQuery<never, unknown>> = {
  [personEvidenceQuery.name]: personEvidenceQuery as NamedQuery<never, unknown>,
  [recognitionDeliveryQuery.name]: recognitionDeliveryQuery as NamedQuery<never, unknown>,
  [calibrationReportQuery.name]: calibrationReportQuery as NamedQuery<never, unknown>,
  [nineBoxQuery.name]: nineBoxQuery as NamedQuery<never, unknown>,
  [cascadeQuery.name]: cascadeQuery,
  [cascadeChildrenQuery.name]: cascadeChildrenQuery,
  [cascadeSearchQuery.name]: cascadeSearchQuery,
  [cascadeRecognitionsQuery.name]: cascadeRecognitionsQuery,
  burndown: burndownQuery as NamedQuery<never, unknown>,
  [calibrationLogQuery.name]: calibrationLogQuery as NamedQuery<never, unknown>,
  [calibrationTableQuery.name]: calibrationTableQuery as NamedQuery<never, unknown>,
  [filterDescriptionQuery.name]: filterDescriptionQuery as NamedQuery<never, unknown>,
};

/** The named query `name`, or an error naming the known ones. */
export function namedQuery(name: string): NamedQuery<never, unknown> {
  const query = NAMED_QUERIES[name];
  if (!query) throw new Error(`Unknown named query "${name}" (known: ${Object.keys(NAMED_QUERIES).sort().join(', ') || 'none'})`);
  return query;
}
