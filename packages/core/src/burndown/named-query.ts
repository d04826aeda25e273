import type { Connector } from '../connector.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import { DEFAULT_MIN_GROUP, type NamedQueryOptions } from '../queries/options.js';
import { burndown, type BurndownOptions } from './query.js';
import type { BurndownResult } from './types.js';

/** The burn-down's build, with the code of its named query (`burndownQuery`'s prepare). */
export { prepareBurndown } from './query.js';

/** The burn-down's own options beside the shared vocabulary (`cycle`, `asOf`, the filter, privacy). */
export interface BurndownQueryOptions
  extends NamedQueryOptions,
    Pick<BurndownOptions, 'by' | 'threshold' | 'ruleWeek' | 'rules' | 'seriesLimit' | 'alertLimit' | 'measures' | 'cacheKey'> {
  /** Several key results at once (with `key_result_id`, both apply). */
  key_result_ids?: readonly string[];
  /**
   * Changes whenever `rules` is a new array: rules are functions, which a cache keyed by the
   * options' JSON cannot tell apart. Not used by the query itself.
   */
  rulesVersion?: number;
}

/** An id no row has (a filter value that must match nothing, passed as a parameter like any other). */
const NO_MATCH = '\u0000no-match';

/** Prefix of an owner's pseudonymous label ("Owner K7QM"). */
export const OWNER_LABEL_PREFIX = 'Owner';

/**
 * `burndown` as a named query. Filter fields: `team_id` = that team AND its sub-teams (a department
 * head selecting "Engineering" means everything under it; `plumb burndown --by team --id` keeps the
 * exact team), `manager_id` = key results owned by the manager's direct and indirect reports,
 * `department`, `objective_id`, `key_result_id`, `person_id` = key results owned by that person. `level` and `rater_id` describe people in a review, not key results: the burn-down ignores them.
 *
 * With `anonymize`: owners become the data set's pseudonyms (`pseudonymIndex`, the same code in every
 * view): `owner_id` is the code, `owner_name` the label "Owner CODE", in series and alerts alike; a
 * `person_id` given as a code is resolved here; every group (team, department, objective, the whole
 * selection) whose key results have fewer distinct owners than `minGroup` is suppressed.
 */
export async function runBurndownQuery(connector: Connector, options: BurndownQueryOptions): Promise<BurndownResult> {
  const query: BurndownOptions = {};
  for (const key of ['by', 'threshold', 'ruleWeek', 'rules', 'seriesLimit', 'alertLimit', 'measures', 'cacheKey'] as const) {
    if (options[key] !== undefined) (query as Record<string, unknown>)[key] = options[key];
  }
  if (options.cycle != null) query.cycle = options.cycle;
  if (options.asOf != null) query.asOf = options.asOf;
  if (options.team_id != null) {
    query.team_id = options.team_id;
    query.includeSubTeams = true;
  }
  if (options.department != null) query.department = options.department;
  if (options.objective_id != null) query.objective_id = options.objective_id;
  // Both given: their intersection (a linked key result outside the view's own list matches nothing).
  const listed = options.key_result_ids?.length ? options.key_result_ids : null;
  const one = options.key_result_id ?? null;
  if (listed && one !== null) query.key_result_ids = listed.includes(one) ? [one] : [NO_MATCH];
  else if (listed) query.key_result_ids = listed;
  else if (one !== null) query.key_result_ids = [one];
  const index = options.anonymize ? await pseudonymIndex(connector, options.salt ?? '') : null;
  if (options.manager_id != null) query.manager_id = index?.resolve(options.manager_id) ?? options.manager_id;
  if (options.person_id != null) {
    // A code from an anonymized selection names a person only through the index; an unknown code matches nobody.
    query.person_id = index ? (index.resolve(options.person_id) ?? NO_MATCH) : options.person_id;
  }
  if (!index) return burndown(connector, query);
  query.minGroupOwners = options.minGroup ?? DEFAULT_MIN_GROUP;
  const result = await burndown(connector, query);
  const owner = <T extends { owner_id: string | null; owner_name: string | null }>(row: T): T => ({
    ...row,
    owner_id: row.owner_id == null ? null : index.code(row.owner_id),
    owner_name: row.owner_id == null ? null : index.label(row.owner_id, OWNER_LABEL_PREFIX),
  });
  return { ...result, series: result.series?.map(owner) ?? null, alerts: result.alerts.map(owner) };
}
