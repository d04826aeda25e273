/**
 * The one vocabulary of every named query's options (DESIGN.md: `{cycle, asOf, team_id, department,
 * level, stage, dimension, …} → <Name>Result`). A view's options are its own attributes plus the
 * linked-selection filter `<plumb-data>` hands it; the same names are used by the CLI flags and the
 * HTTP protocol. Ids in an `OrgFilter` may be pseudonyms when `anonymize` is on: core resolves them
 * (see `privacy/pseudonym-index.ts`), so a view showing pseudonyms never needs a real id.
 */

/** What a linked selection can filter by: one value per field; clauses are intersected by field. */
export interface OrgFilter {
  /** The team and every team under it (`teams.parent_team_id`), in every query. */
  team_id?: string;
  /** The manager's direct and indirect reports (`people.manager_id`; not the manager), in every query. */
  manager_id?: string;
  department?: string;
  level?: string;
  /** A rater (manager) in calibration views. */
  rater_id?: string;
  /** One person: the person review, an owner in the cascade or burn-down. */
  person_id?: string;
  objective_id?: string;
  key_result_id?: string;
}

export const ORG_FILTER_FIELDS = [
  'team_id',
  'manager_id',
  'department',
  'level',
  'rater_id',
  'person_id',
  'objective_id',
  'key_result_id',
] as const satisfies readonly (keyof OrgFilter)[];

/** Privacy options every named query honours the same way. */
export interface PrivacyOptions {
  /** Replace every person's name and id in the result with a stable pseudonym. */
  anonymize?: boolean;
  /** Salt of the pseudonyms (`<plumb-data>` picks a random one per page unless set). */
  salt?: string;
  /** Aggregates over fewer people than this are suppressed (default 5). */
  minGroup?: number;
}

/** Options every named query accepts. */
export interface NamedQueryOptions extends OrgFilter, PrivacyOptions {
  cycle?: string | null;
  /** Replay the data as of this ISO date. */
  asOf?: string | null;
}

export const DEFAULT_MIN_GROUP = 5;
