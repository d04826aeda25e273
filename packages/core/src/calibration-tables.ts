// Its own module: the views' named queries import it without the schema's table definitions.
import type { CanonicalTable } from './schema.js';

/**
 * Every table the calibration views read (ratings, who is rated and where, the scale, the cycles, a session's log),
 * and nothing of the OKRs: what they derive survives a change of the other tables (`invalidateDerived`), and a load
 * asked for them early loads them first (`LoadOptions.onTablesReady`).
 */
export const CALIBRATION_TABLES: readonly CanonicalTable[] = [
  'people',
  'teams',
  'cycles',
  'ratings',
  'rating_scale',
  'person_attributes',
  'calibration_sessions',
  'calibration_events',
];
